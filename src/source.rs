//! Source files, byte spans, and the translation from byte offsets to lines and columns.

use std::fmt;

use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::BOM;

/// A half-open range of byte offsets into one source file.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both spans.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The span moved `offset` bytes further into the file.
    pub fn shifted(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }

    /// Its length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether it covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// The index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A 1-based line and column (the column counts characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One source file: the name shown in diagnostics, its text, and where its lines start.
#[derive(Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A source file named `name` (usually the path as the user wrote it) holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// How many lines it has (a final newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line that holds a byte offset (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    /// The text of 0-based line `line`, without its line break (`\n` or `\r\n`).
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Span::new(start, end)
    }

    /// The line and column of a byte offset (clamped to the text). A byte order mark at
    /// the start of the file takes no column, as in editors.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let mut line_start = self.line_starts[line];
        if line == 0 && self.text.starts_with(BOM) && offset >= BOM.len() {
            line_start = BOM.len();
        }
        let column = self
            .text
            .get(line_start..offset)
            .map_or(offset - line_start, |prefix| prefix.chars().count());
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }
}

/// All the source files of one compilation, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty source map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// Adds a file read as bytes. Text that is not UTF-8 is added with its bad bytes
    /// replaced, and comes back as an error pointing at the first of them.
    pub fn add_bytes(&mut self, name: &str, bytes: Vec<u8>) -> Result<FileId, Diagnostic> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(self.add(SourceFile::new(name, text))),
            Err(error) => {
                // The valid prefix keeps its offsets in the lossy text.
                let at = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                let file = self.add(SourceFile::new(name, text));
                Err(
                    Diagnostic::error(Code::NotUtf8, format!("`{name}` is not UTF-8 text"))
                        // The lossy text holds U+FFFD (3 bytes) where the bad byte was.
                        .with_label(
                            file,
                            Span::new(at, at + char::REPLACEMENT_CHARACTER.len_utf8()),
                            "this byte is not valid UTF-8",
                        )
                        .with_help("save the file as UTF-8"),
                )
            }
        }
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
}

/// Whether `c` must not reach a terminal raw: a control character (ESC, BEL, NUL, a line
/// break, …), a character that reorders text (bidirectional overrides and isolates), a
/// line or paragraph separator, or a byte order mark in the middle of text.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Pushes `c`, or its escape when it is hidden: `\n`, `\t`, `\r`, or `\u{1b}`.
pub fn push_visible(c: char, out: &mut String) {
    if !is_hidden(c) {
        out.push(c);
        return;
    }
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        _ => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
    }
}

/// `text` with each hidden character (see [`is_hidden`]) written as its escape, so that
/// what comes from a file cannot move the cursor, ring the bell or reorder a terminal's
/// text.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(c, &mut out);
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let file = SourceFile::new("a.strat", "ab\nçd\n\nx");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(2), LineCol { line: 1, column: 3 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        // `ç` is two bytes but one column.
        assert_eq!(file.line_col(5), LineCol { line: 2, column: 2 });
        assert_eq!(file.line_col(7), LineCol { line: 3, column: 1 });
        assert_eq!(file.line_col(8), LineCol { line: 4, column: 1 });
        assert_eq!(file.line_col(99), LineCol { line: 4, column: 2 });
    }

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let file = SourceFile::new("a.strat", "\u{FEFF}ab\nc");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(4), LineCol { line: 1, column: 2 });
        assert_eq!(file.line_col(6), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn bytes_that_are_not_utf8_point_at_the_first_bad_byte() {
        let mut sources = SourceMap::new();
        let error = sources
            .add_bytes("x.strat", b"param \xff = 1".to_vec())
            .unwrap_err();
        assert_eq!(error.code, Code::NotUtf8);
        // The label covers the U+FFFD that stands for the byte in the text shown.
        assert_eq!(error.labels[0].span, Span::new(6, 9));
        assert_eq!(&sources.get(error.labels[0].file).text[6..9], "\u{fffd}");
        assert!(sources.add_bytes("y.strat", b"param".to_vec()).is_ok());
    }

    #[test]
    fn hidden_characters_are_written_as_escapes() {
        assert_eq!(
            visible("a\nb\tc\u{1b}[2J\u{202e}"),
            "a\\nb\\tc\\u{1b}[2J\\u{202e}"
        );
        assert_eq!(visible("plain, café, 医疗"), "plain, café, 医疗");
        assert!(is_hidden('\u{0}') && is_hidden('\u{2028}') && !is_hidden(' '));
    }

    #[test]
    fn spans_join_and_shift() {
        let joined = Span::new(4, 6).to(Span::new(1, 2));
        assert_eq!(joined, Span::new(1, 6));
        assert_eq!(joined.shifted(10), Span::new(11, 16));
        assert_eq!(joined.len(), 5);
    }
}
