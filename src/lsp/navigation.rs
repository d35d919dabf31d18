//! Go to definition, find references and rename, across the files of a check and into
//! the standard library (whose symbols can be visited but not renamed).

use std::collections::HashMap;

use lsp_types::{Location, Position, TextEdit, Url, WorkspaceEdit};
use stratc::syntax::ident;

use super::diagnostics::Lines;
use super::documents::STDLIB_SCHEME;
use super::position::LineIndex;
use super::workspace::{Snapshot, Workspace};

/// The check that answers for `uri` and the symbol at `position` there.
pub fn symbol_at<'a>(
    workspace: &'a Workspace,
    uri: &Url,
    position: Position,
) -> Option<(&'a Snapshot, usize)> {
    let snapshot = workspace.for_document(uri)?;
    let file = snapshot.file(uri)?;
    let offset = LineIndex::new(snapshot.text(file)).offset(position);
    Some((snapshot, snapshot.index.at(file, offset)?))
}

/// Where the symbol at `position` is defined.
pub fn definition(workspace: &Workspace, uri: &Url, position: Position) -> Option<Location> {
    let (snapshot, symbol) = symbol_at(workspace, uri, position)?;
    let defined = &snapshot.index.symbols[symbol];
    snapshot.location(defined.file, defined.name_span)
}

/// Every place the symbol at `position` is named, its definition among them when
/// `with_definition`.
pub fn references(
    workspace: &Workspace,
    uri: &Url,
    position: Position,
    with_definition: bool,
) -> Vec<Location> {
    let Some((snapshot, symbol)) = symbol_at(workspace, uri, position) else {
        return Vec::new();
    };
    let mut lines = Lines::new(snapshot);
    snapshot
        .index
        .occurrences(symbol)
        .into_iter()
        .skip(usize::from(!with_definition))
        .filter_map(|(file, span)| {
            Some(Location::new(
                snapshot.uri(file)?.clone(),
                lines.range(file, span),
            ))
        })
        .collect()
}

/// Why a rename cannot be done.
#[derive(Debug, PartialEq, Eq)]
pub enum RenameRefused {
    NoSymbol,
    InLibrary,
    NotAName(String),
}

impl std::fmt::Display for RenameRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameRefused::NoSymbol => write!(f, "there is no item's name here to rename"),
            RenameRefused::InLibrary => write!(
                f,
                "this is defined in the standard library, which is read-only: give the item a name of its own instead"
            ),
            RenameRefused::NotAName(name) => write!(
                f,
                "`{name}` is not a name: a name starts with a letter or `_` and goes on with letters, digits and `_`"
            ),
        }
    }
}

/// The edits that rename the symbol at `position` to `new_name` in every file.
pub fn rename(
    workspace: &Workspace,
    uri: &Url,
    position: Position,
    new_name: &str,
) -> Result<WorkspaceEdit, RenameRefused> {
    let (snapshot, symbol) = symbol_at(workspace, uri, position).ok_or(RenameRefused::NoSymbol)?;
    if !is_name(new_name) {
        return Err(RenameRefused::NotAName(new_name.to_string()));
    }
    let occurrences = snapshot.index.occurrences(symbol);
    let mut lines = Lines::new(snapshot);
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for (file, span) in occurrences {
        let Some(target) = snapshot.uri(file) else {
            continue;
        };
        if target.scheme() == STDLIB_SCHEME {
            return Err(RenameRefused::InLibrary);
        }
        changes
            .entry(target.clone())
            .or_default()
            .push(TextEdit::new(lines.range(file, span), new_name.to_string()));
    }
    Ok(WorkspaceEdit::new(changes))
}

/// Whether `text` is a name as the grammar reads one.
fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first == '_' || ident::is_start(first))
        && chars.all(ident::is_continue)
}
