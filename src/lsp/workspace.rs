//! The open documents checked: each document the editor has open is checked as a root,
//! as `stratc check` would check it, with the open texts in place of the files. A
//! document that another open document imports is not a root of its own (alone, it
//! lacks the `strategy` block and the names of its importer): it is checked, answered
//! for and diagnosed through its importer.

use std::collections::BTreeSet;

use lsp_types::{Location, Url};
use stratc::analysis::{self, Analysis};
use stratc::source::{FileId, SourceFile, SourceMap, Span};

use super::documents::{self, Documents, Overlay, Texts};
use super::index::Index;
use super::position::LineIndex;

/// One root document checked: its files, the analysis, and the names they define.
pub struct Snapshot {
    pub root: Url,
    pub sources: SourceMap,
    pub analysis: Analysis,
    pub index: Index,
    /// Each file of the check with its URI.
    files: Vec<(FileId, Url)>,
}

impl Snapshot {
    /// Checks the open document `uri`, reading `texts` before the disk; `None` for a
    /// document the server does not check (not a `file:` URI).
    pub fn check(uri: &Url, text: &str, texts: &Texts) -> Option<Snapshot> {
        let name = documents::source_name(uri)?;
        let mut sources = SourceMap::new();
        let root = sources.add(SourceFile::new(name, text));
        let analysis = analysis::analyse(root, &mut sources, &Overlay::new(texts));
        let index = Index::of(&analysis.checked.program, &sources);
        let mut files = vec![(root, uri.clone())];
        for file in analysis.checked.program.files().skip(1) {
            if let Some(uri) = documents::uri_of(&sources.get(file.id).name) {
                files.push((file.id, uri));
            }
        }
        Some(Snapshot {
            root: uri.clone(),
            sources,
            analysis,
            index,
            files,
        })
    }

    /// Whether the strategy checks without an error.
    pub fn checks(&self) -> bool {
        self.analysis.is_ok()
    }

    /// The file of the check at `uri`.
    pub fn file(&self, uri: &Url) -> Option<FileId> {
        self.files
            .iter()
            .find(|(_, known)| known == uri)
            .map(|(file, _)| *file)
    }

    /// The URI of `file`.
    pub fn uri(&self, file: FileId) -> Option<&Url> {
        self.files
            .iter()
            .find(|(known, _)| *known == file)
            .map(|(_, uri)| uri)
    }

    /// The text of `file`.
    pub fn text(&self, file: FileId) -> &str {
        &self.sources.get(file).text
    }

    /// The editor's location of `span` in `file`.
    pub fn location(&self, file: FileId, span: Span) -> Option<Location> {
        let uri = self.uri(file)?.clone();
        Some(Location::new(
            uri,
            LineIndex::new(self.text(file)).range(span),
        ))
    }

    /// The URIs of the files this check read besides the root.
    fn imports(&self) -> impl Iterator<Item = &Url> {
        self.files.iter().skip(1).map(|(_, uri)| uri)
    }
}

/// Every root document checked.
#[derive(Default)]
pub struct Workspace {
    pub snapshots: Vec<Snapshot>,
}

impl Workspace {
    /// Checks the open documents.
    pub fn check(documents: &Documents) -> Workspace {
        let texts = documents.texts();
        let all: Vec<Snapshot> = documents
            .uris()
            .filter_map(|uri| Snapshot::check(uri, &documents.get(uri)?.text, &texts))
            .collect();
        let imported: BTreeSet<&Url> = all.iter().flat_map(Snapshot::imports).collect();
        let is_root = |snapshot: &Snapshot| !imported.contains(&snapshot.root);
        // Files that import each other have no root: each is then checked as its own.
        let any_root = all.iter().any(is_root);
        let roots: Vec<bool> = all
            .iter()
            .map(|snapshot| !any_root || is_root(snapshot))
            .collect();
        Workspace {
            snapshots: all
                .into_iter()
                .zip(roots)
                .filter_map(|(snapshot, root)| root.then_some(snapshot))
                .collect(),
        }
    }

    /// The check that answers for the document `uri`: the first root that reads it.
    pub fn for_document(&self, uri: &Url) -> Option<&Snapshot> {
        self.snapshots
            .iter()
            .find(|snapshot| snapshot.file(uri).is_some())
    }
}
