//! The registry of diagnostic codes: one stable id, title and explanation per code.
//!
//! Codes never change meaning once published; `stratc explain CODE` prints the
//! explanation. Errors are `E` codes, warnings `W` codes.

macro_rules! codes {
    ($($variant:ident = $id:literal, $title:literal, $explanation:literal;)*) => {
        /// A stable diagnostic code such as `E0001`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant),*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable id, such as `E0001`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id),*
                }
            }

            /// A one-line title.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$variant => $title),*
                }
            }

            /// A paragraph on what the code means and how to fix it.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => $explanation),*
                }
            }
        }
    };
}

codes! {
    Syntax = "E0001", "syntax error",
        "The text does not follow the grammar of the stratc language: a token is missing or \
         one stands where it cannot. The label points at the first token the parser could not \
         use and says what it expected there. Statements end at a newline or a `;`; blocks are \
         written in `{ }`; numbers take their unit after them (`40k USD`, `3 months`). Each \
         top-level item is parsed on its own, so one mistake does not hide errors in the items \
         after it.";
    NestingTooDeep = "E0002", "nesting too deep",
        "Parentheses and braces nest deeper than stratc allows (64 levels). No strategy needs \
         that depth; it usually means a bracket was opened and never closed, or the file is not \
         a strategy at all. Close the brackets or flatten the expression.";
    InvalidNumber = "E0003", "invalid number",
        "A number is too large to represent, or its magnitude suffix does not fit. Numbers are \
         written as `1_200_000`, `2.5`, `40k`, `1.2M`, `3B` or `15%`.";
    InvalidEscape = "E0004", "invalid escape in a string",
        "A backslash in a string starts an escape, and only `\\\\`, `\\\"`, `\\n`, `\\t` and \
         `\\u{...}` (a Unicode scalar value in hex) are known. Write `\\\\` for a backslash.";
    InvalidDate = "E0005", "invalid date",
        "A date is written `YYYY-MM-DD` and must exist in the calendar: `2027-01-04`, not \
         `2027-13-01` or `2027-02-30`.";
    UnreadableFile = "E0006", "cannot read a file",
        "stratc could not read a file it was asked to check or build, or one that a `use` \
         names. Check the path (a `use` path is relative to the file that holds it) and its \
         permissions.";
    NotUtf8 = "E0007", "file is not UTF-8",
        "Strategy files are UTF-8 text. The label points at the first byte that is not valid \
         UTF-8; re-save the file as UTF-8.";
    StrayDocComment = "E0008", "doc comment documents nothing",
        "A `///` doc comment attaches to the item, task or pricing option written below it and \
         is shown in the plan. This one stands where nothing follows that it could document. \
         Move it above an item, or write `//` for a plain comment.";
}

#[cfg(test)]
mod tests {
    use super::Code;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let id = code.id();
            assert!(seen.insert(id), "{id} is used twice");
            assert_eq!(id.len(), 5, "{id}");
            assert!(id.starts_with('E') || id.starts_with('W'), "{id}");
            assert!(id[1..].chars().all(|c| c.is_ascii_digit()), "{id}");
            assert!(!code.explanation().is_empty());
        }
    }
}
