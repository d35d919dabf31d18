//! The documents the editor has open, and the loader that reads a strategy's files from
//! them before the disk: an import that is open and edited is checked as the editor shows
//! it, not as it was last saved.
//!
//! A file is named in the source map by its absolute path, so that the files it imports
//! are absolute too and each maps back to a `file:` URI. The standard library's modules,
//! named `std/channels.strat` by the checker, map to the read-only URIs
//! `stratc-stdlib:///channels.strat`.

use std::collections::BTreeMap;
use std::path::Path;

use lsp_types::Url;
use stratc::check::FileLoader;

use crate::cli::disk::Disk;

/// The URI scheme of the standard library's modules.
pub const STDLIB_SCHEME: &str = "stratc-stdlib";

/// What the checker names a library module's file: `std/channels.strat`.
const STDLIB_PREFIX: &str = "std/";

/// An open document: its text and the version the editor gave it.
pub struct Document {
    pub text: String,
    pub version: i32,
}

/// The open documents, by URI (sorted, so every walk over them is in one order).
#[derive(Default)]
pub struct Documents {
    open: BTreeMap<Url, Document>,
}

impl Documents {
    /// Opens `uri` with `text`, or replaces its text (the server asks for full syncs).
    pub fn set(&mut self, uri: Url, text: String, version: i32) {
        self.open.insert(uri, Document { text, version });
    }

    /// Forgets `uri`.
    pub fn close(&mut self, uri: &Url) {
        self.open.remove(uri);
    }

    /// The open document at `uri`.
    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.open.get(uri)
    }

    /// The URIs of the open documents, sorted.
    pub fn uris(&self) -> impl Iterator<Item = &Url> {
        self.open.keys()
    }

    /// The texts of the open documents on disk, by path: what a check or a build reads
    /// in place of the files.
    pub fn texts(&self) -> Texts {
        Texts(
            self.open
                .iter()
                .filter_map(|(uri, document)| Some((source_name(uri)?, document.text.clone())))
                .collect(),
        )
    }
}

/// The open documents' texts by the names the checker gives their files.
#[derive(Clone, Default)]
pub struct Texts(BTreeMap<String, String>);

impl Texts {
    /// The open text of the file named `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

/// The loader of a check or build in the server: the open documents first, then the
/// disk (with the limits of `cli::disk`).
pub struct Overlay<'a> {
    texts: &'a Texts,
    disk: Disk,
}

impl<'a> Overlay<'a> {
    /// A loader that reads `texts` before the disk.
    pub fn new(texts: &'a Texts) -> Overlay<'a> {
        Overlay {
            texts,
            disk: Disk::unrestricted(),
        }
    }
}

impl FileLoader for Overlay<'_> {
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        match self.texts.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.disk.read(path),
        }
    }

    fn identity(&self, path: &str) -> Option<String> {
        // An open document that was never saved has no file to resolve.
        self.disk
            .identity(path)
            .or_else(|| self.texts.get(path).map(|_| path.to_string()))
    }
}

/// The name the checker gives the file of `uri`: its path, for a `file:` URI; `None` for
/// any other scheme, whose documents the server does not check.
pub fn source_name(uri: &Url) -> Option<String> {
    if uri.scheme() != "file" {
        return None;
    }
    let path = uri.to_file_path().ok()?;
    Some(path.to_string_lossy().into_owned())
}

/// The URI of the file the checker names `name`: a library module's read-only URI, or a
/// `file:` URI.
pub fn uri_of(name: &str) -> Option<Url> {
    match name.strip_prefix(STDLIB_PREFIX) {
        Some(module) => Url::parse(&format!("{STDLIB_SCHEME}:///{module}")).ok(),
        None => Url::from_file_path(Path::new(name)).ok(),
    }
}

/// The text of the library module at `uri` (`stratc-stdlib:///channels.strat`).
pub fn stdlib_text(uri: &Url) -> Option<&'static str> {
    if uri.scheme() != STDLIB_SCHEME {
        return None;
    }
    let module = uri.path().trim_start_matches('/').strip_suffix(".strat")?;
    stratc::check::load::library_source(module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_modules_have_read_only_uris_that_give_their_text() {
        let uri = uri_of("std/channels.strat").unwrap();
        assert_eq!(uri.as_str(), "stratc-stdlib:///channels.strat");
        assert!(
            stdlib_text(&uri)
                .unwrap()
                .contains("archetype channel cloud_marketplace")
        );
        assert_eq!(stdlib_text(&uri_of("std/nothing.strat").unwrap()), None);
    }

    #[test]
    fn files_map_to_file_uris_and_back() {
        let uri = uri_of("/tmp/plans/医疗.strat").unwrap();
        assert_eq!(uri.scheme(), "file");
        assert_eq!(source_name(&uri).as_deref(), Some("/tmp/plans/医疗.strat"));
    }
}
