//! Typing slips that pest's "expected …" would explain badly, each with its own
//! diagnostic: full-width punctuation, which a Chinese input method types unless it is
//! switched to half-width (`：` for `:`), a word written right after a number that is
//! not a magnitude suffix (`1500w CNY`, `10m USD`, `800万CNY`), and a range written with
//! spaces around its `..` (`300 .. 500`).

use super::ident;
use super::literal::MAGNITUDES;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// Full-width characters, what they are called, and the ASCII character stratc reads in
/// their place.
const FULL_WIDTH: &[(char, &str, char)] = &[
    ('：', "colon", ':'),
    ('；', "semicolon", ';'),
    ('，', "comma", ','),
    ('、', "enumeration comma", ','),
    ('（', "parenthesis", '('),
    ('）', "parenthesis", ')'),
    ('｛', "brace", '{'),
    ('｝', "brace", '}'),
    ('“', "quotation mark", '"'),
    ('”', "quotation mark", '"'),
    ('＂', "quotation mark", '"'),
    ('＝', "equals sign", '='),
    ('＞', "greater-than sign", '>'),
    ('＜', "less-than sign", '<'),
    ('＋', "plus sign", '+'),
    ('－', "minus sign", '-'),
    ('＊', "asterisk", '*'),
    ('／', "slash", '/'),
    ('％', "percent sign", '%'),
    ('．', "full stop", '.'),
    ('。', "full stop", '.'),
    ('　', "space", ' '),
];

/// Suffixes written for a magnitude that stratc spells otherwise, with its spelling.
const SUFFIX_SLIPS: &[(&str, &str)] = &[
    ("K", "k"),
    ("m", "M"),
    ("mn", "M"),
    ("mm", "M"),
    ("b", "B"),
    ("bn", "B"),
    ("w", "万"),
    ("W", "万"),
    ("千", "k"),
    ("百万", "M"),
];

const SUFFIXES_HELP: &str = "the magnitude suffixes are `k` (thousand), `M` (million), `B` \
     (billion), `万` (ten thousand) and `亿` (a hundred million), written right after the \
     number; the unit follows after a space, as in `800万 CNY`";

/// The diagnostic for a slip at byte `at` of `text`, where the parser stopped, if the text
/// there is one.
pub fn diagnostic(file: FileId, text: &str, at: usize) -> Option<Diagnostic> {
    full_width(file, text, at)
        .or_else(|| glued_to_number(file, text, at))
        .or_else(|| spaced_range(file, text, at))
}

/// `300 .. 500` or `300.. 500`: a range with a space beside its `..`, which the grammar
/// reads only without (a range is one token, like a number).
fn spaced_range(file: FileId, text: &str, at: usize) -> Option<Diagnostic> {
    let rest = text.get(at..)?;
    let dots = rest.strip_prefix("..")?;
    let spaced_before = text[..at].ends_with([' ', '\t']);
    let spaced_after = dots.starts_with([' ', '\t']);
    if !(spaced_before || spaced_after) {
        return None;
    }
    Some(
        Diagnostic::error(Code::Syntax, "a range is written without spaces")
            .with_label(file, Span::new(at, at + 2), "spaces beside `..`")
            .with_help(
                "write the ends and `..` together, as in `300..500 customers` or `20%..30%`",
            ),
    )
}

fn full_width(file: FileId, text: &str, at: usize) -> Option<Diagnostic> {
    let found = text[at..].chars().next()?;
    let span = Span::new(at, at + found.len_utf8());
    let (what, ascii) = match FULL_WIDTH.iter().find(|(c, _, _)| *c == found) {
        Some(&(_, what, ascii)) => (what, ascii),
        None if ('０'..='９').contains(&found) => {
            let digit = char::from_u32(u32::from(found) - u32::from('０') + u32::from('0'))?;
            ("digit", digit)
        }
        None => return None,
    };
    let ascii_text = if ascii == ' ' {
        "an ASCII space".to_string()
    } else {
        format!("the ASCII `{ascii}`")
    };
    Some(
        Diagnostic::error(
            Code::FullWidthCharacter,
            format!("full-width {what} `{found}` in code"),
        )
        .with_label(file, span, format!("stratc reads {ascii_text} here"))
        .with_help(format!(
            "type {ascii_text}, or switch the input method to half-width (English) punctuation \
             while writing code; strings and comments may hold any character"
        )),
    )
}

/// A word right after the digits of a number: a magnitude suffix stratc does not know, or
/// a unit with no space before it.
fn glued_to_number(file: FileId, text: &str, at: usize) -> Option<Diagnostic> {
    // The parser stops at the start of a number that a word touches, or after its digits.
    let at = at
        + text[at..]
            .find(|c: char| !(c.is_ascii_digit() || c == '_' || c == '.'))
            .unwrap_or(text.len() - at);
    let before = &text[..at];
    if !before.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let number_start = before
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '.')
        .len();
    // The digits of `x1` end a name, not a number.
    if before[..number_start]
        .chars()
        .next_back()
        .is_some_and(ident::is_continue)
    {
        return None;
    }
    let rest = &text[at..];
    let word_len = rest
        .find(|c: char| !ident::is_continue(c))
        .unwrap_or(rest.len());
    if word_len == 0 {
        return None;
    }
    let number = &before[number_start..];
    let word = &rest[..word_len];
    let span = Span::new(at, at + word_len);
    let mut chars = word.chars();
    let first = chars.next()?;
    if MAGNITUDES.iter().any(|(suffix, _)| *suffix == first) {
        let unit = chars.as_str();
        let suffixed = &word[..first.len_utf8()];
        return Some(
            Diagnostic::error(
                Code::InvalidNumber,
                format!("`{number}{suffixed}` and `{unit}` need a space between them"),
            )
            .with_label(
                file,
                span,
                "the unit starts right after the magnitude suffix",
            )
            .with_help(format!("write `{number}{suffixed} {unit}`")),
        );
    }
    let slip = SUFFIX_SLIPS.iter().find(|(slip, _)| *slip == word);
    let help = match slip {
        Some((_, suffix)) => format!("did you mean `{number}{suffix}`? {SUFFIXES_HELP}"),
        None => SUFFIXES_HELP.to_string(),
    };
    Some(
        Diagnostic::error(
            Code::InvalidNumber,
            format!("`{word}` after `{number}` is not a magnitude suffix"),
        )
        .with_label(file, span, "not a magnitude suffix")
        .with_help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(text: &str) -> Option<(String, String)> {
        let at = text
            .find('|')
            .expect("a `|` marks where the parser stopped");
        let text = text.replacen('|', "", 1);
        diagnostic(FileId(0), &text, at).map(|d| (d.message, d.help.unwrap_or_default()))
    }

    #[test]
    fn a_range_with_spaces_says_to_write_it_together() {
        for text in ["size 300 |.. 500 customers", "size 300|.. 500 customers"] {
            let (message, help) = slip(text).unwrap();
            assert_eq!(message, "a range is written without spaces");
            assert!(help.contains("`300..500 customers`"), "{help}");
        }
        assert!(
            slip("size 300|..").is_none(),
            "a range cut short is another mistake"
        );
    }

    #[test]
    fn full_width_punctuation_names_the_ascii_character() {
        let (message, help) = slip("constraint 技术达标|：tech >= 75").unwrap();
        assert_eq!(message, "full-width colon `：` in code");
        assert!(help.starts_with("type the ASCII `:`"), "{help}");
        let (message, _) = slip("param x = |１0").unwrap();
        assert_eq!(message, "full-width digit `１` in code");
        let (_, help) = slip("param|　x = 1").unwrap();
        assert!(help.starts_with("type an ASCII space"), "{help}");
    }

    #[test]
    fn an_unknown_suffix_names_the_suffixes_there_are() {
        let (message, help) = slip("budget 1500|w CNY").unwrap();
        assert_eq!(message, "`w` after `1500` is not a magnitude suffix");
        assert!(help.starts_with("did you mean `1500万`?"), "{help}");
        assert!(help.contains("`亿`") && help.contains("`k`"), "{help}");
        let (_, help) = slip("size 2.5|x customers").unwrap();
        assert!(help.starts_with("the magnitude suffixes are"), "{help}");
        let (message, _) = slip("budget |1500w CNY").unwrap();
        assert_eq!(message, "`w` after `1500` is not a magnitude suffix");
        let (message, help) = slip("budget 800|万CNY").unwrap();
        assert_eq!(message, "`800万` and `CNY` need a space between them");
        assert_eq!(help, "write `800万 CNY`");
    }

    #[test]
    fn names_and_other_tokens_are_not_slips() {
        assert_eq!(slip("param x1|y = 2"), None);
        assert_eq!(slip("budget 100 |CNY"), None);
        assert_eq!(slip("reaches 医疗 60%|, 金融"), None);
        assert_eq!(slip("param x = 3|"), None);
    }
}
