//! `stratc check FILE...`: parse and check files, reporting every problem.

use std::path::{Path, PathBuf};

use stratc::diagnostic::{self, Code, Diagnostic};
use stratc::source::{FileId, SourceMap};
use stratc::syntax;

use super::report::{Printer, plural};

/// Checks every file, prints what it finds, and says whether there was no error.
pub fn run(files: &[PathBuf], printer: &mut Printer) -> bool {
    let mut sources = SourceMap::new();
    for path in files {
        let diagnostics = match load(&mut sources, path) {
            Ok(file) => {
                let mut parsed = syntax::parse(file, &sources.get(file).text);
                diagnostic::sort_by_position(&mut parsed.diagnostics);
                parsed.diagnostics
            }
            Err(problem) => vec![problem],
        };
        printer.print(&diagnostics, &sources);
    }
    printer.summary(&format!("checked {}", plural(files.len(), "file")));
    printer.ok()
}

/// Reads a file into the source map.
pub fn load(sources: &mut SourceMap, path: &Path) -> Result<FileId, Diagnostic> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|error| {
        Diagnostic::error(
            Code::UnreadableFile,
            format!("cannot read `{name}`: {error}"),
        )
        .with_help("check the path and that the file is readable")
    })?;
    sources.add_bytes(&name, bytes)
}
