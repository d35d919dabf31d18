//! The formatter behind `stratc fmt`: one layout for every strategy, so that diffs in pull
//! requests show changes of meaning, not of spacing.
//!
//! It changes white space only, and never the line breaks that separate statements:
//! - each line is indented two spaces per enclosing `{`, a line that starts with `}`
//!   one level less;
//!   and a line that continues a statement (the one before ends with `,`, `(` or an
//!   operator) one level more than the statement;
//! - within a line, runs of spaces and tabs become one space, no space comes before `,`
//!   or `;`, one space comes after them and on each side of `=`, `=>`, `>=`, `<=` and
//!   `==`; a trailing comment keeps its column relative to the line's indentation (at
//!   least one space after the code), so comments aligned by hand stay aligned. Columns
//!   are counted in display width, as a terminal or editor shows them: a CJK character
//!   is two columns wide (`unicode-width`), a tab one;
//! - trailing white space goes, blank lines come one at a time, never right inside
//!   braces or at the start of the file, and a blank line follows each top-level item
//!   written over several lines; the file ends with one newline.
//!
//! Strings, comments and doc comments are kept as written (block comments line for line).
//! [`same_meaning`] checks that a formatted text parses to the same syntax tree.

use crate::source::FileId;
use crate::syntax;

/// A piece of a line.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Piece<'a> {
    Code(&'a str),
    /// A string literal with its quotes.
    Str(&'a str),
    /// A `//` comment (or doc comment) to the end of the line.
    LineComment(&'a str),
    /// A `/* … */` comment, or the part of one on this line.
    BlockComment(&'a str),
}

impl<'a> Piece<'a> {
    /// The piece's text as written.
    fn text(self) -> &'a str {
        match self {
            Piece::Code(text)
            | Piece::Str(text)
            | Piece::LineComment(text)
            | Piece::BlockComment(text) => text,
        }
    }
}

/// How many columns `text` takes in a terminal or editor: two for a wide (CJK) character,
/// none for a combining mark, one for a tab (the formatter's own unit of indentation is
/// the space).
fn display_width(text: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    text.chars()
        .map(|c| if c == '\t' { 1 } else { c.width().unwrap_or(0) })
        .sum()
}

/// `text` in the one layout. A byte order mark at the start stays there.
pub fn format(text: &str) -> String {
    if let Some(rest) = text.strip_prefix(syntax::BOM) {
        return format!("{}{}", syntax::BOM, format(rest));
    }
    let mut lines: Vec<String> = Vec::new();
    let mut depth: usize = 0;
    let mut in_block_comment = false;
    let mut closed_item = false;
    let mut continues = false;
    for raw in text.lines() {
        let raw = raw.trim_end();
        if in_block_comment {
            // Inside a block comment the text is the author's, indentation included.
            let (pieces, still_open) = pieces(raw, true);
            in_block_comment = still_open;
            depth = depth_after(depth, &pieces);
            lines.push(raw.to_string());
            continue;
        }
        let line = raw.trim_start();
        if line.is_empty() {
            lines.push(String::new());
            continue;
        }
        if closed_item && depth == 0 {
            lines.push(String::new());
        }
        let (pieces, still_open) = pieces(line, false);
        in_block_comment = still_open;
        let closing = leading_closers(&pieces);
        let level = depth.saturating_sub(closing) + usize::from(continues);
        let tidied = tidy(&pieces);
        lines.push(format!("{}{tidied}", "  ".repeat(level)));
        let opened_before = depth > 0;
        depth = depth_after(depth, &pieces);
        let code = code_of(&pieces);
        closed_item = opened_before && depth == 0 && code.ends_with('}');
        if !code.is_empty() {
            continues = code.ends_with([',', '(', '+', '-', '*', '/', '=', '>', '<']);
        }
    }
    join(&lines)
}

/// The lines with blank lines one at a time, none at the start or end of the file or
/// right inside braces, and a final newline.
fn join(lines: &[String]) -> String {
    // The next line with text after each line, found in one pass from the end: searching
    // ahead from every blank line took minutes on a million of them.
    let mut next_text: Vec<Option<&str>> = vec![None; lines.len()];
    let mut ahead = None;
    for (index, line) in lines.iter().enumerate().rev() {
        next_text[index] = ahead;
        if !line.is_empty() {
            ahead = Some(line.as_str());
        }
    }
    let mut out = String::new();
    let mut previous: Option<&str> = None;
    for (index, line) in lines.iter().enumerate() {
        if line.is_empty() {
            let next = next_text[index];
            let after_open = previous.is_none_or(|previous| previous.ends_with('{'));
            let before_close = next.is_none_or(|next| next.trim_start().starts_with('}'));
            if after_open || before_close || previous == Some("") {
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// The pieces of `line`, and whether a block comment is still open at its end.
/// `in_block_comment` says whether the line starts inside one.
fn pieces(line: &str, in_block_comment: bool) -> (Vec<Piece<'_>>, bool) {
    let mut pieces = Vec::new();
    let mut rest = line;
    let mut open = in_block_comment;
    while !rest.is_empty() {
        if open {
            match rest.find("*/") {
                Some(at) => {
                    pieces.push(Piece::BlockComment(&rest[..at + 2]));
                    rest = &rest[at + 2..];
                    open = false;
                }
                None => {
                    pieces.push(Piece::BlockComment(rest));
                    rest = "";
                }
            }
            continue;
        }
        let Some(at) = next_special(rest) else {
            pieces.push(Piece::Code(rest));
            break;
        };
        if at > 0 {
            pieces.push(Piece::Code(&rest[..at]));
            rest = &rest[at..];
        }
        if rest.starts_with("//") {
            pieces.push(Piece::LineComment(rest));
            rest = "";
        } else if rest.starts_with("/*") {
            open = true;
            match rest[2..].find("*/") {
                Some(end) => {
                    pieces.push(Piece::BlockComment(&rest[..end + 4]));
                    rest = &rest[end + 4..];
                    open = false;
                }
                None => {
                    pieces.push(Piece::BlockComment(rest));
                    rest = "";
                }
            }
        } else {
            let end = string_end(rest);
            pieces.push(Piece::Str(&rest[..end]));
            rest = &rest[end..];
        }
    }
    (pieces, open)
}

/// Where the first `//`, `/*` or `"` of `text` starts. One scan: searching the rest of
/// the line for each of the three after every piece made a long line of strings quadratic.
fn next_special(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find(['/', '"']) {
        let at = from + found;
        if bytes[at] == b'"' || matches!(bytes.get(at + 1), Some(b'/' | b'*')) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The length of the string literal at the start of `text` (to the end of the line if it
/// is not closed).
fn string_end(text: &str) -> usize {
    let mut escaped = false;
    for (at, c) in text.char_indices().skip(1) {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return at + 1,
            _ => escaped = false,
        }
    }
    text.len()
}

/// The code of a line without its comments, trimmed.
fn code_of(pieces: &[Piece]) -> String {
    let code: String = pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Code(code) | Piece::Str(code) => Some(*code),
            Piece::LineComment(_) | Piece::BlockComment(_) => None,
        })
        .collect();
    code.trim().to_string()
}

/// How many `}` open the line, before anything else.
fn leading_closers(pieces: &[Piece]) -> usize {
    match pieces.first() {
        Some(Piece::Code(code)) => code
            .chars()
            .take_while(|c| *c == '}' || c.is_whitespace())
            .filter(|c| *c == '}')
            .count(),
        _ => 0,
    }
}

/// The brace depth after a line of `pieces`.
fn depth_after(depth: usize, pieces: &[Piece]) -> usize {
    let mut depth = depth as isize;
    for piece in pieces {
        if let Piece::Code(code) = piece {
            for c in code.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
            }
        }
    }
    depth.max(0) as usize
}

/// A line's pieces with the spacing rules applied to its code.
fn tidy(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for (index, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Code(code) => {
                let last = index + 1 == pieces.len();
                out.push_str(&tidy_code(code, out.is_empty(), last));
            }
            Piece::LineComment(comment) => {
                if !out.is_empty() {
                    let written_column: usize = pieces[..index]
                        .iter()
                        .map(|piece| display_width(piece.text()))
                        .sum();
                    out.truncate(out.trim_end().len());
                    let code_width = display_width(&out);
                    let gap = written_column.saturating_sub(code_width).max(1);
                    out.push_str(&" ".repeat(gap));
                }
                out.push_str(comment);
            }
            Piece::Str(text) | Piece::BlockComment(text) => out.push_str(text),
        }
    }
    out.trim_end().to_string()
}

/// A run of code with one space for each run of blanks, none before `,` or `;` and one
/// after them, and one on each side of `=`, `=>`, `>=`, `<=` and `==`. `first` and `last`
/// say whether it starts or ends the line.
fn tidy_code(code: &str, first: bool, last: bool) -> String {
    let mut out = String::with_capacity(code.len() + 8);
    let mut blank = false;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' || c == '\t' {
            blank = true;
            continue;
        }
        let operator = match (c, chars.peek()) {
            ('=' | '>' | '<', Some('=')) | ('=', Some('>')) => {
                let second = chars.next().unwrap_or_default();
                Some(format!("{c}{second}"))
            }
            ('=', _) => Some("=".to_string()),
            _ => None,
        };
        if let Some(operator) = operator {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&operator);
            blank = true;
            continue;
        }
        if blank && !(c == ',' || c == ';') && !(first && out.is_empty()) {
            out.push(' ');
        }
        blank = false;
        out.push(c);
        if c == ',' || c == ';' {
            blank = true;
        }
    }
    if blank && !last {
        out.push(' ');
    }
    out
}

/// Whether `before` and `after` parse to the same syntax tree, spans aside; `false` when
/// either has a syntax error.
pub fn same_meaning(before: &str, after: &str) -> bool {
    let tree = |text: &str| {
        let parsed = syntax::parse(FileId(0), text);
        parsed
            .diagnostics
            .is_empty()
            .then(|| without_spans(&format!("{:?}", parsed.file)))
    };
    match (tree(before), tree(after)) {
        (Some(before), Some(after)) => before == after,
        _ => false,
    }
}

/// A syntax tree's debug text with every span (`span: 6..7`) left out.
fn without_spans(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(at) = rest.find("span: ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "span: ".len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{format, same_meaning};

    #[test]
    fn indents_by_braces_and_tidies_spacing() {
        let messy = "market  clinics {\n      size 12k customers ;price 300 USD/month\n\n\n  }\nchannel a {\nreaches clinics,   other\n   response {\n20k USD => 150 customers   // a guess\n}\n}\n\n\n";
        assert_eq!(
            format(messy),
            "market clinics {\n  size 12k customers; price 300 USD/month\n}\n\nchannel a {\n  reaches clinics, other\n  response {\n    20k USD => 150 customers   // a guess\n  }\n}\n"
        );
    }

    #[test]
    fn trailing_comments_keep_their_column_by_display_width() {
        // Aligned by hand in an editor, where each CJK character takes two columns.
        let aligned = "channel 阿里云市场 {\n  setup  30万 CNY    // 上架费\n  lead 2 months      // 审核\n  revenue_share 15%  // 平台抽成\n}\n";
        let formatted = format(aligned);
        assert_eq!(
            formatted,
            "channel 阿里云市场 {\n  setup 30万 CNY     // 上架费\n  lead 2 months      // 审核\n  revenue_share 15%  // 平台抽成\n}\n"
        );
        let columns: Vec<usize> = formatted
            .lines()
            .filter_map(|line| line.find("//").map(|at| super::display_width(&line[..at])))
            .collect();
        assert_eq!(columns, [21, 21, 21]);
        assert_eq!(format(&formatted), formatted);
        // A comment whose column the code now passes gets one space.
        assert_eq!(
            format("param 规模规模 = 1 // x\n"),
            "param 规模规模 = 1 // x\n"
        );
        assert_eq!(format("param  医疗=1 // x\n"), "param 医疗 = 1 // x\n");
        assert_eq!(super::display_width("医疗 a\t"), 7);
        assert_eq!(super::display_width("e\u{301}"), 1);
    }

    #[test]
    fn a_continued_statement_is_indented_one_level_more() {
        assert_eq!(
            format("channel a {\n  reaches x 70%,\n          y 30%\n  lead 1 month\n}\n"),
            "channel a {\n  reaches x 70%,\n    y 30%\n  lead 1 month\n}\n"
        );
    }

    #[test]
    fn strings_and_comments_are_kept_as_written() {
        let text = "task a \"two  spaces ,here\" {   duration 1 week }\n/* keep\n      this   */\n//   and  this\n";
        assert_eq!(
            format(text),
            "task a \"two  spaces ,here\" { duration 1 week }\n/* keep\n      this   */\n//   and  this\n"
        );
    }

    #[test]
    fn the_examples_keep_their_meaning_and_format_once() {
        for text in [
            include_str!("../examples/medassist.strat"),
            include_str!("../examples/tutoring.strat"),
            include_str!("../examples/fraud-detection.strat"),
            include_str!("../examples/security-copilot.strat"),
            include_str!("../tests/check/ok/every_construct.strat"),
            include_str!("../tests/check/ok/chinese_ai_startup.strat"),
            include_str!("../tests/check/ok/pay_per_use.strat"),
            include_str!("../tests/check/ok/ranges.strat"),
            include_str!("../examples/uncertain-curves.strat"),
        ] {
            let formatted = format(text);
            assert!(same_meaning(text, &formatted), "{formatted}");
            assert_eq!(
                format(&formatted),
                formatted,
                "formatting twice changes nothing"
            );
        }
    }

    #[test]
    fn ranges_are_kept_as_written() {
        let text = "market m {  size 1万..3万   customers ; price 100..120..150 USD/month }\nparam p  =  20%..30%\n";
        let formatted = format(text);
        assert_eq!(
            formatted,
            "market m { size 1万..3万 customers; price 100..120..150 USD/month }\nparam p = 20%..30%\n"
        );
        assert!(same_meaning(text, &formatted));
    }

    #[test]
    fn count_units_and_prices_per_unit_are_laid_out() {
        let text = "unit   tokens\npricing m {\noption api { price 0.012  USD per  1k tokens ;usage 40M tokens/month }\n}\n";
        let formatted = format(text);
        assert_eq!(
            formatted,
            "unit tokens\npricing m {\n  option api { price 0.012 USD per 1k tokens; usage 40M tokens/month }\n}\n"
        );
        assert!(same_meaning(text, &formatted));
    }

    #[test]
    fn blank_lines_come_one_at_a_time_however_many() {
        let text = format!(
            "param a = 1\n{}param b = 2\n{}",
            "\n".repeat(10_000),
            "\n".repeat(5)
        );
        assert_eq!(format(&text), "param a = 1\n\nparam b = 2\n");
        assert_eq!(
            format("market m {\n\n\n  size 1 customers\n\n\n}\n"),
            "market m {\n  size 1 customers\n}\n"
        );
    }

    #[test]
    fn a_slash_alone_is_code_and_the_first_comment_or_string_is_found() {
        assert_eq!(super::next_special("a / b / c"), None);
        assert_eq!(super::next_special("a / b // c"), Some(6));
        assert_eq!(super::next_special("a / b /* c"), Some(6));
        assert_eq!(super::next_special("x \"s\" // c"), Some(2));
        assert_eq!(super::next_special("x/"), None);
    }

    #[test]
    fn a_byte_order_mark_stays_at_the_start() {
        let text = "\u{FEFF}/// The plan.\nstrategy  \"T\" {}\n";
        let formatted = format(text);
        assert_eq!(formatted, "\u{FEFF}/// The plan.\nstrategy \"T\" {}\n");
        assert!(same_meaning(text, &formatted));
    }

    #[test]
    fn a_changed_tree_is_not_the_same_meaning() {
        assert!(!same_meaning("param a = 1\n", "param a = 2\n"));
        assert!(same_meaning("param a = 1\n", "param   a=1\n\n"));
        assert_eq!(
            format("param a=1\nconstraint c: tech>=70\n"),
            "param a = 1\nconstraint c: tech >= 70\n"
        );
        assert_eq!(
            format("scenario s { a=1;b =2 }\n"),
            "scenario s { a = 1; b = 2 }\n"
        );
        assert!(
            !same_meaning("param a = \n", "param a = \n"),
            "a syntax error"
        );
    }
}
