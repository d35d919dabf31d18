//! Splitting a file into top-level items before parsing, and bounding bracket depth.
//!
//! pest stops at the first error. To report every syntax error in one run, the parser
//! reads the file one chunk at a time: a chunk starts at a line that begins, outside any
//! bracket, comment or string, with an item keyword (or with the `///` doc comment above
//! one). A mistake inside one item then cannot hide the items after it.
//!
//! The same scan bounds the nesting of brackets, so that no input can make the recursive
//! descent parser (or anything walking the tree later) overflow the stack.

use crate::source::Span;

/// How deeply `(` and `{` may nest.
pub const MAX_DEPTH: usize = 64;

/// The words that start a top-level item.
const ITEM_KEYWORDS: &[&str] = &[
    "strategy",
    "use",
    "param",
    "unit",
    "market",
    "pricing",
    "channel",
    "stage",
    "objective",
    "constraint",
    "scenario",
    "pareto",
    "archetype",
];

/// A piece of the file that holds (at most, when well formed) one top-level item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub span: Span,
    /// Where the chunk's brackets first nest deeper than [`MAX_DEPTH`], if they do.
    pub too_deep: Option<usize>,
}

/// What a line holds at its start, outside brackets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LineStart {
    Blank,
    Doc,
    ItemKeyword,
    Other,
}

/// Where the scan is inside the text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Code,
    LineComment,
    BlockComment,
    Str { escaped: bool },
}

/// The byte order mark some editors write at the start of a UTF-8 file.
pub const BOM: &str = "\u{FEFF}";

/// Splits `text` into chunks that together cover it exactly. A byte order mark at the
/// start belongs to the first chunk and is not read as the start of its first line.
pub fn split(text: &str) -> Vec<Chunk> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut too_deep = Vec::new();
    let mut mode = Mode::Code;
    let mut depth = 0usize;
    let mut pending_doc: Option<usize> = None;
    // Comments and blank lines before the first item belong to it.
    let mut chunk_has_code = false;
    let mut line_start = true;
    let mut i = if text.starts_with(BOM) { BOM.len() } else { 0 };
    while i < bytes.len() {
        if line_start && mode == Mode::Code && depth == 0 {
            let first = skip_blanks(bytes, i);
            match classify(&text[first..]) {
                LineStart::ItemKeyword => {
                    let start = pending_doc.take().unwrap_or(i);
                    if chunk_has_code {
                        starts.push(start);
                    }
                    chunk_has_code = true;
                }
                LineStart::Doc => {
                    pending_doc.get_or_insert(i);
                }
                LineStart::Other => {
                    pending_doc = None;
                    chunk_has_code = true;
                }
                LineStart::Blank => {}
            }
        }
        line_start = false;
        let byte = bytes[i];
        match mode {
            Mode::Code => match byte {
                b'(' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        too_deep.push(i);
                    }
                }
                b')' | b'}' => depth = depth.saturating_sub(1),
                b'"' => mode = Mode::Str { escaped: false },
                b'/' if bytes.get(i + 1) == Some(&b'/') => mode = Mode::LineComment,
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    mode = Mode::BlockComment;
                    i += 1;
                }
                _ => {}
            },
            Mode::LineComment => {}
            Mode::BlockComment => {
                if byte == b'*' && bytes.get(i + 1) == Some(&b'/') {
                    mode = Mode::Code;
                    i += 1;
                }
            }
            Mode::Str { escaped } => {
                mode = match byte {
                    b'\\' if !escaped => Mode::Str { escaped: true },
                    b'"' if !escaped => Mode::Code,
                    // A string cannot span lines; the parser reports the unclosed quote.
                    b'\n' => Mode::Code,
                    _ => Mode::Str { escaped: false },
                };
            }
        }
        if byte == b'\n' {
            line_start = true;
            if mode == Mode::LineComment {
                mode = Mode::Code;
            }
        }
        i += 1;
    }
    chunks_from(starts, text.len(), &too_deep)
}

fn chunks_from(starts: Vec<usize>, len: usize, too_deep: &[usize]) -> Vec<Chunk> {
    let ends = starts.iter().skip(1).copied().chain(std::iter::once(len));
    starts
        .iter()
        .zip(ends)
        .map(|(&start, end)| Chunk {
            span: Span::new(start, end),
            too_deep: too_deep.iter().copied().find(|&at| at >= start && at < end),
        })
        .collect()
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

fn classify(line: &str) -> LineStart {
    if line.is_empty() || line.starts_with(['\n', '\r']) {
        return LineStart::Blank;
    }
    if line.starts_with("///") && !line.starts_with("////") {
        return LineStart::Doc;
    }
    if line.starts_with("//") || line.starts_with("/*") {
        return LineStart::Blank;
    }
    let word_len = line
        .find(|c: char| !super::ident::is_continue(c))
        .unwrap_or(line.len());
    if ITEM_KEYWORDS.contains(&&line[..word_len]) {
        LineStart::ItemKeyword
    } else {
        LineStart::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        split(text)
            .iter()
            .map(|chunk| &text[chunk.span.start..chunk.span.end])
            .collect()
    }

    #[test]
    fn splits_at_item_keywords_keeping_docs_with_their_item() {
        let text = "// head\nparam a = 1\n\n/// Doc\n/// more\nmarket m {\n  size 1 customers\n}\nchannel c {}\n";
        assert_eq!(
            pieces(text),
            [
                "// head\nparam a = 1\n\n",
                "/// Doc\n/// more\nmarket m {\n  size 1 customers\n}\n",
                "channel c {}\n"
            ]
        );
    }

    #[test]
    fn ignores_keywords_inside_brackets_comments_and_strings() {
        let text = "market m {\nmarket\n}\n/*\nmarket\n*/\nparam x = \"\nmarket\n";
        assert_eq!(
            pieces(text),
            [
                "market m {\nmarket\n}\n/*\nmarket\n*/\n",
                "param x = \"\n",
                "market\n"
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_does_not_start_the_first_line() {
        let text = "\u{FEFF}/// Doc\nstrategy \"T\" {}\nparam a = 1\n";
        assert_eq!(
            pieces(text),
            ["\u{FEFF}/// Doc\nstrategy \"T\" {}\n", "param a = 1\n"]
        );
    }

    #[test]
    fn a_word_that_only_starts_with_a_keyword_starts_nothing() {
        assert_eq!(pieces("param a = 1\nmarkets\n").len(), 1);
    }

    #[test]
    fn reports_the_bracket_that_nests_too_deep() {
        let text = format!("param x = {}1", "(".repeat(MAX_DEPTH + 5));
        let chunks = split(&text);
        assert_eq!(chunks[0].too_deep, Some(10 + MAX_DEPTH));
        assert_eq!(split("param x = ((1))")[0].too_deep, None);
    }
}
