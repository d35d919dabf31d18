//! Loading a strategy's files: the root, the files its `use "./file.strat"` items name
//! (relative to the importing file), and the library modules `use std.…` names.

use std::collections::HashSet;
use std::fmt;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Loc;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, ast};

use super::suggest;

/// Reads the files that `use` items name. The cli reads from disk; tests from memory.
pub trait FileLoader {
    /// The bytes of the file at `path` (a path as the strategy's files spell it, joined to
    /// the importing file's folder). A file the loader will not read for a reason of its
    /// own is an `io::Error` holding a [`Refused`].
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>>;

    /// What identifies the file at `path`, so that one file reached by several paths
    /// (`./l/x.strat` and `./r/x.strat` through symbolic links to one folder) is loaded
    /// once, and importing itself by another path is a cycle. On disk, the path with its
    /// symbolic links resolved; `None` (the default) when the path itself is the identity.
    fn identity(&self, _path: &str) -> Option<String> {
        None
    }
}

/// Why a loader refused a file it could have opened: the limits stratc puts on what it
/// reads (`docs/security.md`). Loaders return it inside an `io::Error`
/// (`io::Error::other(refused)`), and [`unreadable`] gives each its own message and help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The file, its symbolic links resolved, lies outside the folder `--root` names.
    OutsideRoot { root: String },
    /// Not a regular file: a folder, a device such as `/dev/zero`, a FIFO, a socket.
    NotRegular { kind: &'static str },
    /// Longer than the limit, in bytes.
    TooLarge { limit: u64 },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::OutsideRoot { root } => write!(f, "it is outside the root `{root}`"),
            Refused::NotRegular { kind } => write!(f, "it is {kind}, not a regular file"),
            Refused::TooLarge { limit } => {
                write!(f, "it is larger than {} MB", limit / (1024 * 1024))
            }
        }
    }
}

impl std::error::Error for Refused {}

/// The diagnostic of a file that cannot be read: the root file (no place to point at,
/// E0006) or a file a `use` names at `import` (E0104); a file outside `--root` is E0009
/// either way. It never shows the file's content: none was read.
pub fn unreadable(
    name: &str,
    error: &std::io::Error,
    import: Option<(FileId, Span)>,
) -> Diagnostic {
    let refused = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<Refused>());
    let code = match (refused, import) {
        (Some(Refused::OutsideRoot { .. }), _) => Code::OutsideRoot,
        (_, Some(_)) => Code::MissingImport,
        (_, None) => Code::UnreadableFile,
    };
    let help = match refused {
        Some(Refused::OutsideRoot { root }) => format!(
            "with `--root {root}`, stratc reads only files inside that folder (symbolic links resolved): keep the strategy's files there"
        ),
        Some(Refused::NotRegular { .. }) => {
            "stratc reads strategies from regular files only: name a `.strat` file".to_string()
        }
        Some(Refused::TooLarge { .. }) => {
            "a strategy is far shorter than this: check that the path names the right file"
                .to_string()
        }
        None if import.is_some() => {
            "a `use` path is relative to the file that holds the `use`".to_string()
        }
        None => "check the path and that the file is readable".to_string(),
    };
    let diagnostic =
        Diagnostic::error(code, format!("cannot read `{name}`: {error}")).with_help(help);
    match import {
        Some((file, span)) => diagnostic.with_label(file, span, "imported here"),
        None => diagnostic,
    }
}

/// A loader for a strategy held in memory, with no file to import: every
/// `use "./file.strat"` is reported missing. Tests, benchmarks and tools use it.
pub struct NoFiles;

impl FileLoader for NoFiles {
    fn read(&self, _path: &str) -> std::io::Result<Vec<u8>> {
        Err(std::io::ErrorKind::NotFound.into())
    }
}

/// How deeply `use` may nest, so that no set of files can recurse without end.
const MAX_IMPORT_DEPTH: usize = 64;

/// The standard library modules, embedded in the binary: `std.channels`, `std.pricing`.
const LIBRARY: &[(&str, &str)] = &[
    ("channels", include_str!("../../stdlib/channels.strat")),
    ("pricing", include_str!("../../stdlib/pricing.strat")),
];

/// A parsed file of the strategy.
#[derive(Debug)]
pub struct LoadedFile {
    pub id: FileId,
    pub ast: ast::File,
}

/// A library archetype that a `use std.…` item imports.
#[derive(Debug)]
pub struct LibraryImport {
    /// The library file that defines it (in [`Loaded::library_files`]).
    pub file: usize,
    /// The archetype item's index in that file.
    pub item: usize,
    /// Where the `use` names it.
    pub loc: Loc,
}

/// Every file of a strategy, parsed, with the library archetypes it imports.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The root first, then each imported file in the order first used.
    pub files: Vec<LoadedFile>,
    pub library_files: Vec<LoadedFile>,
    pub library_imports: Vec<LibraryImport>,
    /// Whether every file was read and parsed without error, so that no item is missing.
    pub complete: bool,
}

/// Parses `root` (already in `sources`) and everything it imports.
pub fn load(
    root: FileId,
    sources: &mut SourceMap,
    loader: &dyn FileLoader,
    diagnostics: &mut Vec<Diagnostic>,
) -> Loaded {
    let mut loading = Loading {
        sources,
        loader,
        diagnostics,
        loaded: Loaded {
            complete: true,
            ..Loaded::default()
        },
        stack: Vec::new(),
        seen: HashSet::new(),
    };
    let identity = loading.identity(&loading.sources.get(root).name);
    loading.file(root, identity);
    loading.loaded
}

struct Loading<'a> {
    sources: &'a mut SourceMap,
    loader: &'a dyn FileLoader,
    diagnostics: &'a mut Vec<Diagnostic>,
    loaded: Loaded,
    /// The files being loaded, outermost first, with their identities: a `use` of one of
    /// them is a cycle.
    stack: Vec<(FileId, String)>,
    /// The identities of the files loaded so far: each file is loaded once, by whatever
    /// path it is reached.
    seen: HashSet<String>,
}

impl Loading<'_> {
    /// What identifies the file named `name` (see [`FileLoader::identity`]).
    fn identity(&self, name: &str) -> String {
        self.loader
            .identity(name)
            .unwrap_or_else(|| name.to_string())
    }

    fn file(&mut self, id: FileId, identity: String) {
        self.seen.insert(identity.clone());
        self.stack.push((id, identity));
        let parsed = syntax::parse(id, &self.sources.get(id).text);
        self.loaded.complete &= parsed.diagnostics.is_empty();
        self.diagnostics.extend(parsed.diagnostics);
        let uses: Vec<ast::Use> = parsed
            .file
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                ast::ItemKind::Use(used) => Some(used.clone()),
                _ => None,
            })
            .collect();
        // Files are listed in the order they are first used, the root first.
        self.loaded.files.push(LoadedFile {
            id,
            ast: parsed.file,
        });
        for used in uses {
            match used {
                ast::Use::File(path) => self.import(id, &path),
                ast::Use::Library { module, names } => self.library(id, &module, &names),
            }
        }
        self.stack.pop();
    }

    fn import(&mut self, from: FileId, path: &ast::Str) {
        let name = join(&self.sources.get(from).name, &path.value);
        if self.stack.len() >= MAX_IMPORT_DEPTH {
            self.loaded.complete = false;
            self.diagnostics.push(
                Diagnostic::error(
                    Code::ImportCycle,
                    format!("imports nest more than {MAX_IMPORT_DEPTH} files deep"),
                )
                .with_label(from, path.span, "one import too many")
                .with_help(
                    "this is almost surely a file importing a copy of itself by another path",
                ),
            );
            return;
        }
        let identity = self.identity(&name);
        if let Some(at) = self.stack.iter().position(|(_, open)| *open == identity) {
            self.loaded.complete = false;
            let cycle = self.describe_cycle(at, &name);
            let opened = &self.sources.get(self.stack[at].0).name;
            let help = if *opened == name {
                "move what both files need into a third file that both import".to_string()
            } else {
                format!(
                    "`{name}` is `{opened}` reached by another path (through a symbolic link): a file cannot import itself"
                )
            };
            self.diagnostics.push(
                Diagnostic::error(
                    Code::ImportCycle,
                    format!("`{name}` imports itself: {cycle}"),
                )
                .with_label(from, path.span, "this import closes the cycle")
                .with_help(help),
            );
            return;
        }
        if self.seen.contains(&identity) {
            return;
        }
        match self.loader.read(&name) {
            Ok(bytes) => match self.sources.add_bytes(&name, bytes) {
                Ok(id) => self.file(id, identity),
                Err(not_utf8) => {
                    self.loaded.complete = false;
                    self.diagnostics.push(not_utf8);
                }
            },
            Err(error) => {
                self.loaded.complete = false;
                self.diagnostics
                    .push(unreadable(&name, &error, Some((from, path.span))));
            }
        }
    }

    /// The cycle from the file open at `at` in the stack to the import of `closing`.
    fn describe_cycle(&self, at: usize, closing: &str) -> String {
        self.stack[at..]
            .iter()
            .map(|&(id, _)| self.sources.get(id).name.clone())
            .chain(std::iter::once(closing.to_string()))
            .collect::<Vec<_>>()
            .join(" → ")
    }

    fn library(&mut self, from: FileId, module: &[ast::Ident], names: &[ast::Ident]) {
        let Some(file) = self.library_module(from, module) else {
            return;
        };
        for name in names {
            let items = &self.loaded.library_files[file].ast.items;
            let found = items
                .iter()
                .position(|item| archetype_name(item) == Some(&name.name));
            let Some(item) = found else {
                let module_name = module
                    .iter()
                    .map(|m| m.name.as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                let known: Vec<&str> = items
                    .iter()
                    .filter_map(archetype_name)
                    .map(String::as_str)
                    .collect();
                let help = suggest::did_you_mean(&name.name, known.iter().copied())
                    .unwrap_or_else(|| format!("`{module_name}` has {}", list(&known)));
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownLibraryName,
                        format!("`{module_name}` has no archetype `{}`", name.name),
                    )
                    .with_label(from, name.span, "not in the library")
                    .with_help(help),
                );
                continue;
            };
            let loc = Loc {
                file: from,
                span: name.span,
            };
            self.loaded
                .library_imports
                .push(LibraryImport { file, item, loc });
        }
    }

    /// The index in `library_files` of the module `std.name`, loading it on first use.
    fn library_module(&mut self, from: FileId, module: &[ast::Ident]) -> Option<usize> {
        let span = module
            .first()
            .zip(module.last())
            .map(|(first, last)| first.span.to(last.span))?;
        let known = LIBRARY.iter().map(|(name, _)| *name);
        let module_name = match module {
            [root, name] if root.name == "std" => name.name.as_str(),
            _ => "",
        };
        let Some((name, text)) = LIBRARY.iter().find(|(name, _)| *name == module_name) else {
            let written = module
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>()
                .join(".");
            let help = suggest::nearest(module_name, known.clone()).map_or_else(
                || {
                    format!(
                        "the library modules are {}",
                        list(&known.map(|n| format!("std.{n}")).collect::<Vec<_>>())
                    )
                },
                |near| format!("did you mean `std.{near}`?"),
            );
            self.diagnostics.push(
                Diagnostic::error(
                    Code::UnknownLibraryName,
                    format!("there is no library module `{written}`"),
                )
                .with_label(from, span, "unknown module")
                .with_help(help),
            );
            return None;
        };
        let file_name = format!("std/{name}.strat");
        if let Some(index) = self
            .loaded
            .library_files
            .iter()
            .position(|file| self.sources.get(file.id).name == file_name)
        {
            return Some(index);
        }
        let id = self
            .sources
            .add(crate::source::SourceFile::new(file_name, *text));
        let parsed = syntax::parse(id, text);
        self.diagnostics.extend(parsed.diagnostics);
        self.loaded.library_files.push(LoadedFile {
            id,
            ast: parsed.file,
        });
        Some(self.loaded.library_files.len() - 1)
    }
}

/// The text of the library module `module` (`channels`, `pricing`), if there is one.
pub fn library_source(module: &str) -> Option<&'static str> {
    LIBRARY
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, text)| *text)
}

/// The library module (`channels`, `pricing`) that defines an archetype of `kind`
/// (`channel` or `pricing`) named `name`, if one does.
pub fn library_module_defining(kind: &str, name: &str) -> Option<&'static str> {
    let head = format!("archetype {kind} {name}");
    LIBRARY.iter().find_map(|(module, text)| {
        text.lines()
            .map(str::trim_start)
            .any(|line| {
                line.strip_prefix(&head)
                    .is_some_and(|rest| rest.starts_with([' ', '{']))
            })
            .then_some(*module)
    })
}

/// The name of an archetype item.
pub fn archetype_name(item: &ast::Item) -> Option<&String> {
    match &item.kind {
        ast::ItemKind::Archetype(ast::Archetype::Channel { name, .. })
        | ast::ItemKind::Archetype(ast::Archetype::Pricing { name, .. }) => Some(&name.name),
        _ => None,
    }
}

/// `` `a`, `b` and `c` ``.
pub fn list<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|name| format!("`{}`", name.as_ref()))
        .collect();
    match quoted.as_slice() {
        [] => "nothing".into(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The path of `relative` seen from the folder of the file `from`, with `.` and `..`
/// folded away, so that one file has one name however it is reached.
pub fn join(from: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = if relative.starts_with('/') {
        vec![""]
    } else {
        let mut folder: Vec<&str> = from.split('/').collect();
        folder.pop();
        folder
    };
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." if parts
                .last()
                .is_some_and(|last| !last.is_empty() && *last != "..") =>
            {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::{LIBRARY, join, library_module_defining};
    use crate::source::FileId;

    #[test]
    fn the_library_parses_and_has_the_names_the_contract_uses() {
        for (module, text) in LIBRARY {
            let parsed = crate::syntax::parse(FileId(0), text);
            assert!(
                parsed.diagnostics.is_empty(),
                "std.{module}: {:?}",
                parsed.diagnostics
            );
        }
        for name in [
            "cloud_marketplace",
            "industry_association",
            "tech_community",
            "ai_platform",
            "partner_reseller",
            "direct_sales",
            "social_media",
            "app_store",
        ] {
            assert_eq!(
                library_module_defining("channel", name),
                Some("channels"),
                "{name}"
            );
        }
        for name in [
            "subscription",
            "usage_based",
            "pay_as_you_go",
            "enterprise_licence",
            "freemium",
        ] {
            assert_eq!(
                library_module_defining("pricing", name),
                Some("pricing"),
                "{name}"
            );
        }
        assert_eq!(library_module_defining("channel", "subscription"), None);
    }

    #[test]
    fn paths_are_relative_to_the_importing_file() {
        assert_eq!(
            join("examples/main.strat", "./shared/m.strat"),
            "examples/shared/m.strat"
        );
        assert_eq!(join("a/b/main.strat", "../m.strat"), "a/m.strat");
        assert_eq!(join("main.strat", "m.strat"), "m.strat");
        assert_eq!(join("main.strat", "../m.strat"), "../m.strat");
        assert_eq!(join("/abs/main.strat", "./x.strat"), "/abs/x.strat");
        assert_eq!(join("a/main.strat", "/etc/x.strat"), "/etc/x.strat");
    }
}
