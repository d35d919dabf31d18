//! The rule of names (contract §1): a name is a Unicode identifier in the sense of
//! UAX #31, a character of XID_Start or `_`, then characters of XID_Continue. `hospitals`,
//! `_draft`, `医疗` and `阿里云市场` are names; `2x` and `a-b` are not. The grammar's `ident`
//! rule is the same rule, through the same tables (pest's), for the code that reads words
//! outside the parser.

/// Whether a name may start with `c`.
pub fn is_start(c: char) -> bool {
    c == '_' || pest::unicode::XID_START(c)
}

/// Whether a name may hold `c` after its first character.
pub fn is_continue(c: char) -> bool {
    pest::unicode::XID_CONTINUE(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    /// Whether the grammar reads `text` as the name of a param.
    fn grammar_reads_as_name(text: &str) -> bool {
        let parsed = crate::syntax::parse(FileId(0), &format!("param {text} = 1\n"));
        parsed.diagnostics.is_empty()
    }

    fn is_name(text: &str) -> bool {
        let mut chars = text.chars();
        chars.next().is_some_and(is_start) && chars.all(is_continue)
    }

    #[test]
    fn names_are_unicode_identifiers() {
        for name in [
            "hospitals",
            "_draft",
            "x1",
            "医疗",
            "阿里云市场",
            "技术达标",
            "é",
            "Ωmega",
            "ко",
        ] {
            assert!(is_name(name), "{name}");
            assert!(grammar_reads_as_name(name), "{name}");
        }
        // Digits, punctuation and symbols do not start a name; full-width punctuation and
        // the ideographic space are not letters.
        for text in ["2x", "a-b", "医疗：", "１万", "医　疗", "€", "a.b"] {
            assert!(!is_name(text), "{text}");
            assert!(!grammar_reads_as_name(text), "{text}");
        }
    }

    #[test]
    fn the_grammar_and_this_rule_agree_on_every_character_class() {
        // One character of each kind a name might start with or hold.
        let samples = [
            'a', 'Z', '_', '0', '9', '医', '〇', 'ー', 'ß', 'ǅ', 'ʰ', '\u{301}', '\u{200D}', '·',
            '・', '-', '.', '：', '　', '１', 'Ａ', '😀',
        ];
        for c in samples {
            assert_eq!(
                grammar_reads_as_name(&format!("{c}")),
                is_start(c),
                "{c:?} as the first character"
            );
            assert_eq!(
                grammar_reads_as_name(&format!("x{c}")),
                is_continue(c),
                "{c:?} after the first character"
            );
        }
    }
}
