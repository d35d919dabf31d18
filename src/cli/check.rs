//! `stratc check FILE...`: parse and check files, reporting every problem.

use std::path::{Path, PathBuf};

use stratc::analysis;
use stratc::diagnostic::Diagnostic;
use stratc::source::{FileId, SourceMap};

use super::disk::Disk;
use super::report::{Printer, plural};

/// Checks every file, reading through `disk`, prints what it finds, and says whether
/// there was no error.
pub fn run(files: &[PathBuf], disk: &Disk, printer: &mut Printer) -> bool {
    let mut sources = SourceMap::new();
    for path in files {
        let diagnostics = match load(&mut sources, path, disk) {
            Ok((file, _)) => {
                analysis::analyse(file, &mut sources, disk)
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

/// Reads a file through `disk` into the source map: its id, and its path with symbolic
/// links resolved.
pub fn load(
    sources: &mut SourceMap,
    path: &Path,
    disk: &Disk,
) -> Result<(FileId, PathBuf), Diagnostic> {
    let (resolved, bytes) = disk
        .read_resolved(path)
        .map_err(|error| unreadable(path, &error))?;
    let id = sources.add_bytes(&path.display().to_string(), bytes)?;
    Ok((id, resolved))
}

/// The error of a file named on the command line that cannot be read.
pub fn unreadable(path: &Path, error: &std::io::Error) -> Diagnostic {
    stratc::check::load::unreadable(&path.display().to_string(), error, None)
}
