//! `stratc check FILE...`: parse and check files, reporting every problem.

use std::path::{Path, PathBuf};

use stratc::analysis;
use stratc::check::FileLoader;
use stratc::diagnostic::{Code, Diagnostic};
use stratc::source::{FileId, SourceMap};

use super::report::{Printer, plural};

/// Checks every file, prints what it finds, and says whether there was no error.
pub fn run(files: &[PathBuf], printer: &mut Printer) -> bool {
    let mut sources = SourceMap::new();
    for path in files {
        let diagnostics = match load(&mut sources, path) {
            Ok(file) => {
                analysis::analyse(file, &mut sources, &Disk)
                    .checked
                    .diagnostics
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
    let bytes = std::fs::read(path).map_err(|error| unreadable(path, &error))?;
    sources.add_bytes(&path.display().to_string(), bytes)
}

/// The error of a file that cannot be read.
pub fn unreadable(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::UnreadableFile,
        format!("cannot read `{}`: {error}", path.display()),
    )
    .with_help("check the path and that the file is readable")
}

/// The files on disk, for `use "./file.strat"`.
pub struct Disk;

impl FileLoader for Disk {
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }
}
