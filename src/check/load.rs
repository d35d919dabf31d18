//! Loading a strategy's files: the root, the files its `use "./file.strat"` items name
//! (relative to the importing file), and the library modules `use std.…` names.

use std::collections::HashSet;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Loc;
use crate::source::{FileId, SourceMap};
use crate::syntax::{self, ast};

use super::suggest;

/// Reads the files that `use` items name. The cli reads from disk; tests from memory.
pub trait FileLoader {
    /// The bytes of the file at `path` (a path as the strategy's files spell it, joined to
    /// the importing file's folder).
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>>;
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
    loading.file(root);
    loading.loaded
}

struct Loading<'a> {
    sources: &'a mut SourceMap,
    loader: &'a dyn FileLoader,
    diagnostics: &'a mut Vec<Diagnostic>,
    loaded: Loaded,
    /// The files being loaded, outermost first: a `use` of one of them is a cycle.
    stack: Vec<FileId>,
    seen: HashSet<FileId>,
}

impl Loading<'_> {
    fn file(&mut self, id: FileId) {
        self.seen.insert(id);
        self.stack.push(id);
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
        if let Some(&cycle_start) = self
            .stack
            .iter()
            .find(|&&open| self.sources.get(open).name == name)
        {
            self.loaded.complete = false;
            let cycle = self.describe_cycle(cycle_start, &name);
            self.diagnostics.push(
                Diagnostic::error(
                    Code::ImportCycle,
                    format!("`{name}` imports itself: {cycle}"),
                )
                .with_label(from, path.span, "this import closes the cycle")
                .with_help("move what both files need into a third file that both import"),
            );
            return;
        }
        if let Some(existing) = self.sources.find(&name) {
            if self.seen.contains(&existing) {
                return;
            }
        }
        match self.loader.read(&name) {
            Ok(bytes) => match self.sources.add_bytes(&name, bytes) {
                Ok(id) => self.file(id),
                Err(not_utf8) => {
                    self.loaded.complete = false;
                    self.diagnostics.push(not_utf8);
                }
            },
            Err(error) => {
                self.loaded.complete = false;
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::MissingImport,
                        format!("cannot read `{name}`: {error}"),
                    )
                    .with_label(from, path.span, "imported here")
                    .with_help("a `use` path is relative to the file that holds the `use`"),
                );
            }
        }
    }

    fn describe_cycle(&self, start: FileId, closing: &str) -> String {
        let at = self.stack.iter().position(|&id| id == start).unwrap_or(0);
        self.stack[at..]
            .iter()
            .map(|&id| self.sources.get(id).name.clone())
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
