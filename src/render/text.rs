//! Text for people: a doc comment joined into one paragraph, and a label cut to the
//! columns a chart has for it. Both know that Chinese and Japanese are written without
//! spaces and that their characters take two columns.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A doc comment's lines as one paragraph, runs of white space collapsed. A line break
/// becomes a space, except between two Chinese or Japanese characters and after their
/// punctuation, where the text runs on without one: `技术社区、` and `行业协会` join as
/// `技术社区、行业协会`, `the first` and `line` as `the first line`.
pub fn paragraph(doc: &str) -> String {
    let mut joined = String::with_capacity(doc.len());
    for line in doc.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(first) = words.first().and_then(|word| word.chars().next()) else {
            continue;
        };
        if let Some(last) = joined.chars().next_back() {
            let runs_on = is_cjk_punctuation(last) || (is_cjk(last) && is_cjk(first));
            if !runs_on {
                joined.push(' ');
            }
        }
        joined.push_str(&words.join(" "));
    }
    joined
}

/// Whether `c` is a Han character, kana, bopomofo or CJK punctuation: writing that puts
/// no spaces between words. Hangul is not among them: Korean puts spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'     // CJK and Kangxi radicals
        | '\u{3000}'..='\u{30FF}'   // CJK punctuation, hiragana, katakana
        | '\u{3100}'..='\u{312F}'   // bopomofo
        | '\u{31A0}'..='\u{31FF}'   // bopomofo extended, strokes, katakana extensions
        | '\u{3400}'..='\u{4DBF}'   // extension A
        | '\u{4E00}'..='\u{9FFF}'   // unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'   // compatibility forms
        | '\u{FF00}'..='\u{FFEF}'   // full-width forms
        | '\u{20000}'..='\u{3FFFF}' // extensions B and later
    ) || is_cjk_punctuation(c)
}

/// Whether `c` is full-width punctuation (`、`, `。`, `，`, `：`, `」`, `）`…), after
/// which a Chinese or Japanese text goes on without a space, whatever follows.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}'     // 、。〃
        | '\u{3008}'..='\u{3011}'   // 〈〉《》「」『』【】
        | '\u{3014}'..='\u{301F}'   // 〔〕〖〗〘〙〚〛〜〝〞〟
        | '\u{FE10}'..='\u{FE19}'   // vertical forms
        | '\u{FF01}'..='\u{FF0F}'   // ！＂＃＄％＆＇（）＊＋，－．／
        | '\u{FF1A}'..='\u{FF20}'   // ：；＜＝＞？＠
        | '\u{FF3B}'..='\u{FF40}'   // ［＼］＾＿｀
        | '\u{FF5B}'..='\u{FF65}'   // ｛｜｝～｟｠｡｢｣､･
    )
}

/// How many columns `text` takes in a monospaced font: two for a Chinese, Japanese or
/// Korean character, one for a Latin letter, none for a combining mark.
pub fn columns(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `limit` columns, ending with `…` where it was cut; `None` when it
/// fits as it is.
pub fn truncated(text: &str, limit: usize) -> Option<String> {
    if columns(text) <= limit {
        return None;
    }
    // The ellipsis takes one column.
    let room = limit.saturating_sub(1);
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let width = c.width().unwrap_or(0);
        if used + width > room {
            break;
        }
        used += width;
        cut.push(c);
    }
    let mut cut = cut.trim_end().to_string();
    cut.push('…');
    Some(cut)
}

#[cfg(test)]
mod tests {
    use super::{columns, paragraph, truncated};

    #[test]
    fn lines_of_chinese_join_without_a_space() {
        assert_eq!(
            paragraph("面向技术社区、\n行业协会的渠道"),
            "面向技术社区、行业协会的渠道"
        );
        assert_eq!(paragraph("三级医院\n信息科"), "三级医院信息科");
        // After full-width punctuation the text runs on even into Latin letters.
        assert_eq!(paragraph("经过验证。\nAWS 上架"), "经过验证。AWS 上架");
    }

    #[test]
    fn lines_of_latin_text_and_mixed_lines_join_with_a_space() {
        assert_eq!(
            paragraph("Hospitals of the\n  second   tier"),
            "Hospitals of the second tier"
        );
        assert_eq!(paragraph("通过\nAWS Marketplace"), "通过 AWS Marketplace");
        assert_eq!(paragraph("on AWS\n上架"), "on AWS 上架");
        // Korean puts spaces between words.
        assert_eq!(paragraph("병원\n시장"), "병원 시장");
        assert_eq!(paragraph("first\n\n\nsecond\n"), "first second");
        assert_eq!(paragraph(""), "");
    }

    #[test]
    fn labels_are_cut_by_display_columns() {
        assert_eq!(columns("abc"), 3);
        assert_eq!(columns("医疗"), 4);
        assert_eq!(truncated("short", 10), None);
        assert_eq!(truncated("医疗市场", 8), None);
        // Nine columns of room: four characters of two columns, then the ellipsis.
        assert_eq!(
            truncated("三级医院信息科主任", 9).as_deref(),
            Some("三级医院…")
        );
        assert_eq!(
            truncated("三级医院信息科主任", 10).as_deref(),
            Some("三级医院…")
        );
        assert_eq!(
            truncated("Tier-2 hospitals of the north", 12).as_deref(),
            Some("Tier-2 hosp…")
        );
        // No space is left before the ellipsis.
        assert_eq!(truncated("Tier-2 hospitals", 8).as_deref(), Some("Tier-2…"));
        for limit in 1..20 {
            let cut = truncated("三级a医院b信息科主任", limit).unwrap_or_default();
            assert!(columns(&cut) <= limit, "{cut} in {limit}");
        }
    }
}
