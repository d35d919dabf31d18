//! Decoding literals: numbers with magnitude suffixes and percents, strings with escapes,
//! and calendar dates. Each decoder returns the value or what is wrong, with the byte
//! range (relative to the literal) that is wrong.

/// A decoded number: its value with the suffix applied, and whether it was a percent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    pub value: f64,
    pub percent: bool,
}

/// The magnitude suffixes a number may carry, with their factors (contract §1).
pub const MAGNITUDES: &[(char, f64)] =
    &[('k', 1e3), ('M', 1e6), ('B', 1e9), ('万', 1e4), ('亿', 1e8)];

/// Decodes `1_200_000`, `2.5`, `40k`, `1.2M`, `3B`, `800万`, `2.5亿` or `15%`. The grammar
/// has already checked the shape, so the only failure left is a value too large to
/// represent.
pub fn number(text: &str) -> Result<Number, String> {
    let last = text.chars().next_back().unwrap_or('0');
    let before_last = &text[..text.len() - last.len_utf8()];
    let (digits, scale, percent) = match MAGNITUDES.iter().find(|(suffix, _)| *suffix == last) {
        Some(&(_, factor)) => (before_last, factor, false),
        None if last == '%' => (before_last, 0.01, true),
        None => (text, 1.0, false),
    };
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    let value = digits
        .parse::<f64>()
        .map_err(|error| format!("`{text}` is not a number: {error}"))?
        * scale;
    if value.is_finite() {
        Ok(Number { value, percent })
    } else {
        Err(format!("`{text}` is too large to represent"))
    }
}

/// An escape in a string that stratc does not know, at a byte range of the string's
/// inner text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadEscape {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Decodes the text between a string's quotes: `\\`, `\"`, `\n`, `\t` and `\u{…}`.
pub fn string(inner: &str) -> Result<String, BadEscape> {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let bad = |end: usize, message: String| BadEscape {
            start: at,
            end,
            message,
        };
        match chars.next() {
            Some((_, '\\')) => out.push('\\'),
            Some((_, '"')) => out.push('"'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'u')) => {
                let rest = &inner[at + 2..];
                let close = rest.find('}').filter(|_| rest.starts_with('{'));
                let Some(close) = close else {
                    return Err(bad(at + 2, "`\\u` must be followed by `{hex}`".into()));
                };
                let hex = &rest[1..close];
                let end = at + 2 + close + 1;
                let decoded = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                let Some(decoded) = decoded else {
                    return Err(bad(
                        end,
                        format!("`\\u{{{hex}}}` is not a Unicode character"),
                    ));
                };
                out.push(decoded);
                // Skip the `{hex}` that `rest` looked at.
                for _ in 0..hex.chars().count() + 2 {
                    chars.next();
                }
            }
            Some((next_at, other)) => {
                let end = next_at + other.len_utf8();
                return Err(bad(end, format!("unknown escape `\\{other}`")));
            }
            None => return Err(bad(at + 1, "a string cannot end with a lone `\\`".into())),
        }
    }
    Ok(out)
}

/// The first character of a string (given as the text between its quotes, with valid
/// escapes) that a plan or a terminal would not show as written (see
/// [`is_hidden`](crate::source::is_hidden)), written raw or as an escape: its byte range in
/// `inner`, and the character.
pub fn hidden_in_string(inner: &str) -> Option<(usize, usize, char)> {
    let mut chars = inner.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let (end, decoded) = if c == '\\' {
            match chars.next() {
                Some((next, 'n')) => (next + 1, '\n'),
                Some((next, 't')) => (next + 1, '\t'),
                Some((_, 'u')) => {
                    let close = inner[at..]
                        .find('}')
                        .map_or(inner.len(), |close| at + close);
                    let decoded = inner
                        .get(at + 3..close)
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                        .and_then(char::from_u32)
                        .unwrap_or('u');
                    while chars.next_if(|&(offset, _)| offset <= close).is_some() {}
                    (close + 1, decoded)
                }
                Some((next, other)) => (next + other.len_utf8(), other),
                None => (at + 1, c),
            }
        } else {
            (at + c.len_utf8(), c)
        };
        if crate::source::is_hidden(decoded) {
            return Some((at, end, decoded));
        }
    }
    None
}

/// What a hidden character is, for a message: `a line break (\n)`, `the control character
/// U+001B`.
pub fn describe_hidden(c: char) -> String {
    let code = u32::from(c);
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => format!("a line break (U+{code:04X})"),
        '\t' => "a tab (U+0009)".to_string(),
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            format!("the bidirectional control U+{code:04X}")
        }
        '\u{FEFF}' => "an invisible byte order mark (U+FEFF)".to_string(),
        _ => format!("the control character U+{code:04X}"),
    }
}

/// Decodes `YYYY-MM-DD` (the grammar has checked the digits) and checks that the day
/// exists in the calendar.
pub fn date(text: &str) -> Result<(u16, u8, u8), String> {
    let field = |range: std::ops::Range<usize>| text[range].parse::<u16>().unwrap_or(0);
    let (year, month, day) = (field(0..4), field(5..7), field(8..10));
    if !(1..=12).contains(&month) {
        return Err(format!(
            "`{text}` has month {month}; months run from 01 to 12"
        ));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(format!(
            "`{text}` has day {day}; that month has {days} days"
        ));
    }
    Ok((year, month as u8, day as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_underscores_suffixes_and_percents() {
        assert_eq!(number("1_200_000").unwrap().value, 1_200_000.0);
        assert_eq!(number("2.5").unwrap().value, 2.5);
        assert_eq!(number("40k").unwrap().value, 40_000.0);
        assert_eq!(number("1.2M").unwrap().value, 1_200_000.0);
        assert_eq!(number("3B").unwrap().value, 3e9);
        assert_eq!(number("800万").unwrap().value, 8_000_000.0);
        assert_eq!(number("2.5亿").unwrap().value, 250_000_000.0);
        assert_eq!(number("1.2万").unwrap().value, 12_000.0);
        let percent = number("15%").unwrap();
        assert!((percent.value - 0.15).abs() < 1e-12 && percent.percent);
        assert!(number(&"9".repeat(400)).is_err());
    }

    #[test]
    fn strings_decode_known_escapes_and_reject_others() {
        assert_eq!(string(r#"a\"b\\c\nd\te"#).unwrap(), "a\"b\\c\nd\te");
        assert_eq!(string(r"caf\u{e9}!").unwrap(), "café!");
        let bad = string(r"ab\qc").unwrap_err();
        assert_eq!((bad.start, bad.end), (2, 4));
        assert!(string(r"\u{110000}").is_err());
        assert!(string(r"\u12").is_err());
    }

    #[test]
    fn strings_tell_where_a_hidden_character_is() {
        assert_eq!(hidden_in_string("plain café"), None);
        assert_eq!(hidden_in_string(r"a\nb"), Some((1, 3, '\n')));
        assert_eq!(
            hidden_in_string(r"a\\n"),
            None,
            "an escaped backslash and an n"
        );
        assert_eq!(hidden_in_string(r"ab\u{1b}c"), Some((2, 8, '\u{1b}')));
        assert_eq!(hidden_in_string(r"\u{e9}\t"), Some((6, 8, '\t')));
        assert_eq!(hidden_in_string("x\u{7}"), Some((1, 2, '\u{7}')));
        assert_eq!(hidden_in_string("\u{202e}"), Some((0, 3, '\u{202e}')));
        assert_eq!(describe_hidden('\u{1b}'), "the control character U+001B");
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(date("2027-01-04").unwrap(), (2027, 1, 4));
        assert_eq!(date("2028-02-29").unwrap(), (2028, 2, 29));
        assert!(date("2027-02-29").is_err());
        assert!(date("2027-13-01").is_err());
        assert!(date("2027-04-31").is_err());
    }
}
