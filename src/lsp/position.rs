//! Positions as the language server protocol counts them: a 0-based line and a column in
//! UTF-16 code units. stratc's spans are byte offsets, and a Chinese name is three bytes
//! a character in UTF-8 but one unit in UTF-16, so every position crosses this module.

use lsp_types::{Position, Range};
use stratc::source::Span;

/// Where the lines of a text start, for converting between byte offsets and positions.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// The index of `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { text, line_starts }
    }

    /// The position of byte `offset` (clamped to the text, and moved back to the start of
    /// the character it falls in).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let character = self.text[start..offset].encode_utf16().count();
        Position::new(line as u32, character as u32)
    }

    /// The range of `span`.
    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of `position`: a column past the line's end is its end, a line
    /// past the text's end is the text's end.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.line_starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self.line_end(start);
        let mut units = 0;
        for (at, c) in self.text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + at;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The byte offset where the line holding `offset` ends, before its line break.
    pub fn line_end(&self, offset: usize) -> usize {
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        if self.text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_name_counts_one_utf16_unit_a_character() {
        let text = "market 医疗 { size 1 customers }\nchannel 渠道𝒳 {}";
        let index = LineIndex::new(text);
        let size = text.find("size").unwrap();
        assert_eq!(index.position(size), Position::new(0, 12));
        assert_eq!(index.offset(Position::new(0, 12)), size);
        // 𝒳 is outside the basic plane: two UTF-16 units.
        let brace = text.rfind('{').unwrap();
        assert_eq!(index.position(brace), Position::new(1, 13));
        assert_eq!(index.offset(Position::new(1, 13)), brace);
    }

    #[test]
    fn positions_beyond_the_text_are_clamped() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(Position::new(0, 99)), 2);
        assert_eq!(index.offset(Position::new(7, 0)), text.len());
        assert_eq!(index.position(99), Position::new(1, 2));
        assert_eq!(index.line_end(1), 2);
    }
}
