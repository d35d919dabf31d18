//! The part of a file that a diagnostic shows: the lines its labels cover (and one line
//! around them when the file is worth quoting), each clipped around its labels, with
//! control characters made visible.
//!
//! miette draws a report from any source text it is given, but reads it from the start
//! for every label and prints whole lines: a diagnostic at column 65,536 made it panic
//! ("Formatting argument out of range"), a thousand diagnostics on one long line printed
//! it a thousand times, and every diagnostic scanned the file from its start. An
//! [`Excerpt`] is what miette gets instead: a small text made of the lines to show, with
//! the labels' spans moved into it and the real line numbers beside it. Its size depends
//! on the labels, not on the file.

use std::collections::{BTreeSet, HashMap};

use miette::{MietteError, MietteSpanContents, SourceSpan, SpanContents};

use crate::source::{SourceFile, Span, push_visible};
use crate::syntax::BOM;

/// A line no longer than this many characters is shown whole.
pub const MAX_LINE_CHARS: usize = 120;

/// The characters shown on each side of a label on a longer line.
const AROUND: usize = 30;

/// A label longer than twice this many characters on a long line shows its first and last
/// this many characters, with `…` between.
const LABEL_END: usize = 30;

/// A label spanning more lines than this is shown up to the end of its last such line.
pub const MAX_LABEL_LINES: usize = 10;

/// Two windows of a line closer than this many characters are shown as one.
const GAP: usize = 8;

/// The mark that stands for text left out of a line.
const ELLIPSIS: &str = "…";

/// The lines of one file that a diagnostic shows, as miette's source code.
#[derive(Debug)]
pub struct Excerpt {
    /// The file's name, with control characters made visible.
    name: String,
    /// The lines shown, each clipped, joined by `\n`.
    text: String,
    /// Each line of `text`: where it starts in `text` and its 0-based line in the file.
    lines: Vec<Line>,
    /// The labels' spans, moved into `text`, in the order given.
    spans: Vec<SourceSpan>,
    /// The real 0-based line and character column of each label's start, by its start in
    /// `text`: what the header of a report names.
    starts: HashMap<usize, (usize, usize)>,
}

#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    number: usize,
}

/// A label's span in the file, clamped to the file and to [`MAX_LABEL_LINES`].
#[derive(Clone, Copy, Debug)]
struct Clamped {
    start: usize,
    end: usize,
    first_line: usize,
    last_line: usize,
}

impl Excerpt {
    /// The excerpt of `file` for labels at `spans`, with `context` lines around them
    /// (0 for a file that may not be a strategy at all).
    pub fn new(file: &SourceFile, spans: &[Span], context: usize) -> Excerpt {
        let clamped: Vec<Clamped> = spans.iter().map(|span| clamp(file, *span)).collect();
        let last_line = file.line_count() - 1;
        let mut shown = BTreeSet::new();
        for label in &clamped {
            let from = label.first_line.saturating_sub(context);
            let to = (label.last_line + context).min(last_line);
            shown.extend(from..=to);
        }
        let mut endpoints: HashMap<usize, usize> = HashMap::new();
        for label in &clamped {
            endpoints.insert(label.start, usize::MAX);
            endpoints.insert(label.end, usize::MAX);
        }
        let mut text = String::new();
        let mut lines = Vec::with_capacity(shown.len());
        for &number in &shown {
            if !lines.is_empty() {
                text.push('\n');
            }
            lines.push(Line {
                start: text.len(),
                number,
            });
            let whole = file.line_span(number);
            let parts = windows(file, whole, number, &clamped);
            for (index, window) in parts.iter().enumerate() {
                if index > 0 || window.start > whole.start {
                    text.push_str(ELLIPSIS);
                }
                copy(file, *window, &mut text, &mut endpoints);
            }
            if parts.last().is_some_and(|window| window.end < whole.end) {
                text.push_str(ELLIPSIS);
            }
        }
        let position = |offset: usize| endpoints.get(&offset).copied().unwrap_or(usize::MAX);
        let mut spans = Vec::with_capacity(clamped.len());
        let mut starts = HashMap::new();
        for label in &clamped {
            let start = position(label.start).min(text.len());
            let end = position(label.end).min(text.len()).max(start);
            spans.push(SourceSpan::new(start.into(), end - start));
            let at = file.line_col(label.start);
            starts.entry(start).or_insert((at.line - 1, at.column - 1));
        }
        Excerpt {
            name: crate::source::visible(&file.name).into_owned(),
            text,
            lines,
            spans,
            starts,
        }
    }

    /// The labels' spans in the excerpt, in the order they were given.
    pub fn spans(&self) -> &[SourceSpan] {
        &self.spans
    }

    /// The index in `lines` of the line that holds `offset` of `text`.
    fn line_at(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|line| line.start <= offset)
            .saturating_sub(1)
    }

    /// Where line `index` of `text` ends, its `\n` included when it has one.
    fn line_end(&self, index: usize) -> usize {
        self.lines
            .get(index + 1)
            .map_or(self.text.len(), |next| next.start)
    }
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if self.lines.is_empty() || span.offset() + span.len() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let mut first = self.line_at(span.offset());
        let mut last = self.line_at(span.offset() + span.len().saturating_sub(1));
        // Context comes only from lines next to each other in the file.
        for _ in 0..context_lines_before {
            match first.checked_sub(1) {
                Some(before) if self.lines[before].number + 1 == self.lines[first].number => {
                    first = before;
                }
                _ => break,
            }
        }
        for _ in 0..context_lines_after {
            match self.lines.get(last + 1) {
                Some(after) if self.lines[last].number + 1 == after.number => last += 1,
                _ => break,
            }
        }
        let start = self.lines[first].start;
        let end = self.line_end(last);
        // Without context miette wants the position of the span itself: the header's.
        let (line, column) = if context_lines_before == 0 {
            self.starts
                .get(&span.offset())
                .copied()
                .unwrap_or((self.lines[first].number, 0))
        } else {
            (self.lines[first].number, 0)
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[start..end],
            SourceSpan::new(start.into(), end - start),
            line,
            column,
            last - first + 1,
        )))
    }
}

/// `span` inside `file`, on character boundaries, cut at the end of its
/// [`MAX_LABEL_LINES`]th line, and with each end within its line's text (not past a
/// `\r` or into a `\n`).
fn clamp(file: &SourceFile, span: Span) -> Clamped {
    let text = &file.text;
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let first_line = file.line_index(start);
    let mut last_line = file.line_index(end);
    let first = file.line_span(first_line);
    start = start.min(first.end);
    if last_line - first_line >= MAX_LABEL_LINES {
        last_line = first_line + MAX_LABEL_LINES - 1;
        end = file.line_span(last_line).end;
    }
    end = end.min(file.line_span(last_line).end);
    if last_line == first_line {
        end = end.max(start);
    }
    Clamped {
        start,
        end,
        first_line,
        last_line,
    }
}

/// The parts of line `number` (its text at `whole`) to show: the whole line when it is
/// short; otherwise the text around each label's ends on it, or its start.
fn windows(file: &SourceFile, whole: Span, number: usize, labels: &[Clamped]) -> Vec<Span> {
    let text = &file.text;
    let line = &text[whole.start..whole.end];
    if line.len() <= MAX_LINE_CHARS || line.chars().nth(MAX_LINE_CHARS).is_none() {
        return vec![whole];
    }
    let back = |at: usize, chars: usize| {
        text[whole.start..at]
            .char_indices()
            .rev()
            .nth(chars.saturating_sub(1))
            .map_or(whole.start, |(offset, _)| whole.start + offset)
    };
    let forward = |at: usize, chars: usize| {
        text[at..whole.end]
            .char_indices()
            .nth(chars)
            .map_or(whole.end, |(offset, _)| at + offset)
    };
    let mut windows = Vec::new();
    for label in labels {
        if number < label.first_line || number > label.last_line {
            continue;
        }
        let starts_here = number == label.first_line;
        let ends_here = number == label.last_line;
        match (starts_here, ends_here) {
            (true, true)
                if text[label.start..label.end]
                    .chars()
                    .nth(2 * LABEL_END)
                    .is_none() =>
            {
                windows.push(Span::new(
                    back(label.start, AROUND),
                    forward(label.end, AROUND),
                ));
            }
            (false, false) => {
                windows.push(Span::new(whole.start, forward(whole.start, MAX_LINE_CHARS)))
            }
            _ => {
                if starts_here {
                    windows.push(Span::new(
                        back(label.start, AROUND),
                        forward(label.start, LABEL_END),
                    ));
                }
                if ends_here {
                    windows.push(Span::new(
                        back(label.end, LABEL_END),
                        forward(label.end, AROUND),
                    ));
                }
            }
        }
    }
    if windows.is_empty() {
        // A line of context: its start.
        return vec![Span::new(whole.start, forward(whole.start, MAX_LINE_CHARS))];
    }
    windows.sort();
    let mut merged: Vec<Span> = Vec::with_capacity(windows.len());
    for window in windows {
        match merged.last_mut() {
            Some(last)
                if window.start <= last.end
                    || text[last.end..window.start].chars().nth(GAP).is_none() =>
            {
                last.end = last.end.max(window.end);
            }
            _ => merged.push(window),
        }
    }
    merged
}

/// Copies `window` of `file` into `out` with its control characters made visible (a byte
/// order mark at the start of the file is left out), recording where each offset of
/// `endpoints` lands.
fn copy(file: &SourceFile, window: Span, out: &mut String, endpoints: &mut HashMap<usize, usize>) {
    let mut note = |offset: usize, at: usize| {
        if let Some(position) = endpoints.get_mut(&offset) {
            if *position == usize::MAX {
                *position = at;
            }
        }
    };
    for (offset, c) in file.text[window.start..window.end].char_indices() {
        let offset = window.start + offset;
        note(offset, out.len());
        if offset == 0 && file.text.starts_with(BOM) {
            continue;
        }
        if c == '\t' {
            out.push(c);
        } else {
            push_visible(c, out);
        }
    }
    note(window.end, out.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::SourceCode;

    fn excerpt(text: &str, spans: &[(usize, usize)], context: usize) -> Excerpt {
        let file = SourceFile::new("a.strat", text);
        let spans: Vec<Span> = spans.iter().map(|&(s, e)| Span::new(s, e)).collect();
        Excerpt::new(&file, &spans, context)
    }

    fn shown(excerpt: &Excerpt, index: usize) -> &str {
        let span = excerpt.spans()[index];
        &excerpt.text[span.offset()..span.offset() + span.len()]
    }

    #[test]
    fn short_lines_are_shown_whole_with_their_neighbours() {
        let text = "one\ntwo x\nthree\nfour\n";
        let excerpt = excerpt(text, &[(8, 9)], 1);
        assert_eq!(excerpt.text, "one\ntwo x\nthree");
        assert_eq!(shown(&excerpt, 0), "x");
        let alone = super::tests::excerpt(text, &[(8, 9)], 0);
        assert_eq!(alone.text, "two x");
    }

    #[test]
    fn a_long_line_is_clipped_around_its_labels() {
        let text = format!("{}bad{}tail\n", " ".repeat(70_000), "y".repeat(500));
        let excerpt = excerpt(&text, &[(70_000, 70_003)], 1);
        assert!(excerpt.text.chars().count() < 80, "{}", excerpt.text);
        let line = excerpt.text.trim_end();
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        assert_eq!(shown(&excerpt, 0), "bad");
        let header = excerpt.read_span(&excerpt.spans()[0], 0, 0).unwrap();
        assert_eq!((header.line(), header.column()), (0, 70_000));
    }

    #[test]
    fn a_long_label_shows_its_two_ends() {
        let text = format!("x /*{}*/ y\n", "c".repeat(64_000));
        let excerpt = excerpt(&text, &[(2, text.len() - 3)], 1);
        let label = shown(&excerpt, 0);
        assert!(
            label.starts_with("/*ccc") && label.ends_with("cc*/"),
            "{label}"
        );
        assert!(label.contains('…') && label.chars().count() < 70, "{label}");
    }

    #[test]
    fn far_apart_labels_on_one_line_each_get_a_window() {
        let text = format!("a{}b{}c", " ".repeat(1_000), " ".repeat(1_000));
        let excerpt = excerpt(&text, &[(0, 1), (1_001, 1_002), (2_002, 2_003)], 0);
        assert_eq!(excerpt.text.matches('…').count(), 2, "{}", excerpt.text);
        assert_eq!(
            (shown(&excerpt, 0), shown(&excerpt, 1), shown(&excerpt, 2)),
            ("a", "b", "c")
        );
    }

    #[test]
    fn a_label_over_many_lines_is_cut_after_ten() {
        let text = "x\n".repeat(1_000);
        let excerpt = excerpt(&text, &[(0, text.len())], 1);
        assert_eq!(excerpt.lines.len(), MAX_LABEL_LINES + 1);
        assert_eq!(excerpt.lines.last().unwrap().number, MAX_LABEL_LINES);
    }

    #[test]
    fn control_characters_are_made_visible() {
        let excerpt = excerpt("title \"\u{1b}[2J\u{7}\u{0}\u{202e}\"\n", &[(6, 17)], 0);
        assert_eq!(excerpt.text, "title \"\\u{1b}[2J\\u{7}\\u{0}\\u{202e}\"");
        assert_eq!(shown(&excerpt, 0), "\"\\u{1b}[2J\\u{7}\\u{0}\\u{202e}\"");
    }

    #[test]
    fn context_skips_lines_that_are_not_neighbours() {
        let text = "a\nb\nc\nd\ne\nf\ng\n";
        let excerpt = excerpt(text, &[(0, 1), (12, 13)], 0);
        assert_eq!(excerpt.text, "a\ng");
        let contents = excerpt.read_span(&excerpt.spans()[1], 1, 1).unwrap();
        assert_eq!(contents.line(), 6);
        assert_eq!(contents.data(), b"g");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever the text and the spans (past the end, inside a character, reversed,
        /// over many lines), a report renders without a panic and stays small.
        #[test]
        fn any_spans_render_small_reports(
            pieces in proptest::collection::vec("[a \\t\\r\\n{}é医\\u{1b}\\u{202e}]{0,300}", 1..6),
            spans in proptest::collection::vec((0usize..4_000, 0usize..4_000), 1..5),
            context in 0usize..2,
        ) {
            use crate::diagnostic::render::{HumanStyle, human};
            use crate::diagnostic::{Code, Diagnostic};
            use crate::source::SourceMap;
            let text = pieces.join(&"x".repeat(500));
            let mut sources = SourceMap::new();
            let file = sources.add(SourceFile::new("p.strat", text.clone()));
            let excerpt = Excerpt::new(
                sources.get(file),
                &spans.iter().map(|&(a, b)| Span::new(a, b)).collect::<Vec<_>>(),
                context,
            );
            for span in excerpt.spans() {
                proptest::prop_assert!(span.offset() + span.len() <= excerpt.text.len());
                proptest::prop_assert!(excerpt.text.is_char_boundary(span.offset()));
                proptest::prop_assert!(excerpt.text.is_char_boundary(span.offset() + span.len()));
            }
            let mut diagnostic = Diagnostic::error(Code::Syntax, "m");
            for &(a, b) in &spans {
                diagnostic = diagnostic.with_label(file, Span::new(a, b), "l");
            }
            let style = HumanStyle { color: false, width: 80 };
            let report = human(&diagnostic, &sources, style);
            let raw = report.contains(['\u{1b}', '\u{202e}']);
            proptest::prop_assert!(!raw, "a control character reached the report");
            proptest::prop_assert!(report.len() < 20_000, "{} bytes", report.len());
        }
    }
}
