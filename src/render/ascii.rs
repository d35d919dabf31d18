//! Names in ASCII, for the machine syntaxes whose readers take only ASCII identifiers:
//! CPLEX LP variable and row names, Mermaid node and Gantt task ids. A strategy's names are
//! Unicode identifiers (`阿里云市场`), so each output that needs ASCII writes them through
//! [`name`], and shows the name as written where people read it (a label, a comment).

use std::borrow::Cow;
use std::fmt::Write;

/// `name` with every character other than an ASCII letter, digit or `_` written as `u` and
/// its code point in lower-case hex: `医疗` → `u533bu7597`, `open_华为云` →
/// `open_u534eu4e3au4e91`. An ASCII name is returned as it is. The same name always gives
/// the same id, whatever else the strategy holds, so that a diff of two plans shows only
/// what changed.
pub fn name(name: &str) -> Cow<'_, str> {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() * 2);
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "u{:x}", u32::from(c));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_names_stay_and_others_are_spelt_by_code_point() {
        assert_eq!(name("spend_aws_marketplace"), "spend_aws_marketplace");
        assert!(matches!(name("x"), Cow::Borrowed(_)));
        assert_eq!(name("医疗"), "u533bu7597");
        assert_eq!(name("open_华为云"), "open_u534eu4e3au4e91");
        assert_eq!(name("café"), "cafue9");
        assert_eq!(name("𠀋"), "u2000b");
    }
}
