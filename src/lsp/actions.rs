//! Code actions and formatting. A diagnostic whose help asks for an exact edit becomes a
//! quick fix: the checker's `fix` ("write `30M CNY/year`"), or a "did you mean `clinics`?"
//! on an unknown name, which replaces the name the diagnostic points at. Formatting is
//! `stratc fmt`'s: the whole document in the one layout, or no edit while it has syntax
//! errors.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, Position, Range, TextEdit, Url, WorkspaceEdit};
use stratc::diagnostic::Diagnostic;
use stratc::formatter;
use stratc::source::{FileId, Span};
use stratc::syntax;

use super::diagnostics::{Lines, place};
use super::position::LineIndex;
use super::workspace::Snapshot;

/// The quick fixes of the diagnostics of `uri` whose place meets `range`.
pub fn quick_fixes(snapshot: &Snapshot, uri: &Url, range: Range) -> Vec<CodeAction> {
    let Some(file) = snapshot.file(uri) else {
        return Vec::new();
    };
    let mut lines = Lines::new(snapshot);
    snapshot
        .analysis
        .diagnostics()
        .iter()
        .filter_map(|diagnostic| {
            let (at, span) = place(snapshot, diagnostic);
            let shown = lines.range(at, span);
            if at != file || shown.end < range.start || range.end < shown.start {
                return None;
            }
            let (fix_file, fix_span, replacement) = edit(snapshot, diagnostic)?;
            let target = snapshot.uri(fix_file)?.clone();
            let edit = TextEdit::new(lines.range(fix_file, fix_span), replacement.clone());
            Some(CodeAction {
                title: format!("write `{replacement}`"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: None,
                edit: Some(WorkspaceEdit::new(HashMap::from([(target, vec![edit])]))),
                is_preferred: Some(true),
                ..Default::default()
            })
        })
        .collect()
}

/// The edit a diagnostic's help asks for, if it names one exactly.
fn edit(snapshot: &Snapshot, diagnostic: &Diagnostic) -> Option<(FileId, Span, String)> {
    if let Some(fix) = &diagnostic.fix {
        return Some((fix.file, fix.span, fix.replacement.clone()));
    }
    let suggested = diagnostic
        .help
        .as_deref()?
        .strip_prefix("did you mean `")?
        .split_once("`?")?
        .0;
    let label = diagnostic.primary()?;
    let written = snapshot
        .text(label.file)
        .get(label.span.start..label.span.end)?;
    // Only a name for a name: the suggestion of a number's suffix (`1500万`) is no edit
    // of the word the label points at.
    (is_word(written) && is_word(suggested) && written != suggested)
        .then(|| (label.file, label.span, suggested.to_string()))
}

/// Whether `text` is one name, or one dotted name (`std.channels`).
fn is_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(syntax::ident::is_start)
        && chars.all(|c| c == '.' || syntax::ident::is_continue(c))
}

/// The edit that puts `text` in the one layout; `None` when it has syntax errors or is in
/// the layout already.
pub fn format(text: &str) -> Option<Vec<TextEdit>> {
    if !syntax::parse(FileId(0), text).diagnostics.is_empty() {
        return None;
    }
    let formatted = formatter::format(text);
    if formatted == text || !formatter::same_meaning(text, &formatted) {
        return None;
    }
    let end = LineIndex::new(text).position(text.len());
    Some(vec![TextEdit::new(
        Range::new(Position::new(0, 0), end),
        formatted,
    )])
}
