//! The checker's diagnostics as the editor shows them: each under the document of its
//! primary label, with its code, its help on a line of its own, and its other labels as
//! related places.

use std::collections::{BTreeMap, HashMap};

use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, Range, Url};
use stratc::diagnostic::{Diagnostic, Severity};
use stratc::source::{FileId, Span};

use super::position::LineIndex;
use super::workspace::{Snapshot, Workspace};

/// The diagnostics of every file the checks read, by URI. The library's own modules are
/// left out: nothing in them is the user's to fix.
pub fn by_document(workspace: &Workspace) -> BTreeMap<Url, Vec<lsp_types::Diagnostic>> {
    let mut found: BTreeMap<Url, Vec<lsp_types::Diagnostic>> = BTreeMap::new();
    for snapshot in &workspace.snapshots {
        let mut lines = Lines::new(snapshot);
        for diagnostic in snapshot.analysis.diagnostics() {
            let (file, span) = place(snapshot, diagnostic);
            let Some(uri) = snapshot.uri(file).filter(|uri| uri.scheme() == "file") else {
                continue;
            };
            let converted = convert(diagnostic, lines.range(file, span), &mut lines);
            let list = found.entry(uri.clone()).or_default();
            // A file two roots import is reported once.
            if !list.contains(&converted) {
                list.push(converted);
            }
        }
    }
    found
}

/// Where a diagnostic is shown: its primary label, or the start of the root file.
pub fn place(snapshot: &Snapshot, diagnostic: &Diagnostic) -> (FileId, Span) {
    diagnostic.primary().map_or_else(
        || {
            (
                snapshot.file(&snapshot.root).unwrap_or(FileId(0)),
                Span::default(),
            )
        },
        |label| (label.file, label.span),
    )
}

fn convert(diagnostic: &Diagnostic, range: Range, lines: &mut Lines) -> lsp_types::Diagnostic {
    let message = match &diagnostic.help {
        Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: lsp_types::Location::new(
                    lines.snapshot.uri(label.file)?.clone(),
                    lines.range(label.file, label.span),
                ),
                message: label.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.id().to_string())),
        source: Some("stratc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// The line indexes of a snapshot's files, each built once.
pub struct Lines<'a> {
    snapshot: &'a Snapshot,
    indexes: HashMap<FileId, LineIndex<'a>>,
}

impl<'a> Lines<'a> {
    /// No index built yet.
    pub fn new(snapshot: &'a Snapshot) -> Lines<'a> {
        Lines {
            snapshot,
            indexes: HashMap::new(),
        }
    }

    /// The range of `span` in `file`.
    pub fn range(&mut self, file: FileId, span: Span) -> Range {
        let snapshot = self.snapshot;
        self.indexes
            .entry(file)
            .or_insert_with(|| LineIndex::new(snapshot.text(file)))
            .range(span)
    }
}
