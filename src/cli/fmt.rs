//! `stratc fmt [--check] FILE...`: rewrite strategy files in the one layout, or (with
//! `--check`) say which ones are not in it. `-` formats standard input to standard output,
//! for editors.
//!
//! A file is rewritten in place, through its symbolic links: the strategy a link points
//! to is formatted and the link stays a link, and the file keeps its mode, owner and hard
//! links (see [`rewrite`] for why in place rather than by a rename).

use std::io::Write;
use std::path::{Path, PathBuf};

use stratc::diagnostic::Diagnostic;
use stratc::formatter;
use stratc::source::{FileId, SourceMap};
use stratc::syntax;

use super::check::load;
use super::disk::{Disk, read_limited};
use super::report::{Printer, plural};
use super::write::rewrite;

/// What formatting one file came to.
enum Formatted {
    /// In the layout already.
    Unchanged,
    /// Rewritten, or (with `--check`) in need of it.
    Changed,
    /// Not formatted: it has syntax errors, or could not be read or written.
    Failed,
}

/// Formats each file (read through `disk`) and says whether all went well (with
/// `--check`: whether every file is in the layout already).
pub fn run(files: &[PathBuf], check: bool, disk: &Disk, printer: &mut Printer) -> bool {
    let mut changed = 0;
    let mut failed = false;
    for file in files {
        let outcome = if file == Path::new("-") {
            standard_input(printer)
        } else {
            one_file(file, check, disk, printer)
        };
        match outcome {
            Formatted::Unchanged => {}
            Formatted::Changed => changed += 1,
            Formatted::Failed => failed = true,
        }
    }
    if printer.is_human() && files.iter().any(|file| file != Path::new("-")) {
        let done = if check {
            format!(
                "{} of {} would be reformatted",
                changed,
                plural(files.len(), "file")
            )
        } else {
            format!("reformatted {} of {}", changed, plural(files.len(), "file"))
        };
        let _ = writeln!(std::io::stderr(), "{done}");
    }
    let unformatted = check && changed > 0;
    !(failed || unformatted)
}

/// Formats `file` in place, or with `check` only says whether it needs it.
fn one_file(file: &Path, check: bool, disk: &Disk, printer: &mut Printer) -> Formatted {
    let mut sources = SourceMap::new();
    let (id, resolved) = match load(&mut sources, file, disk) {
        Ok(loaded) => loaded,
        Err(problem) => {
            printer.print(&[problem], &sources);
            return Formatted::Failed;
        }
    };
    let text = sources.get(id).text.clone();
    let formatted = match formatted(&text, id) {
        Ok(formatted) => formatted,
        Err(problems) => {
            printer.print(&problems, &sources);
            return Formatted::Failed;
        }
    };
    if formatted == text {
        return Formatted::Unchanged;
    }
    if check {
        let _ = writeln!(std::io::stdout(), "would reformat {}", file.display());
        return Formatted::Changed;
    }
    match rewrite(&resolved, text.as_bytes(), formatted.as_bytes()) {
        Ok(()) => {
            let _ = writeln!(std::io::stderr(), "reformatted {}", file.display());
            Formatted::Changed
        }
        Err(failure) => {
            let left = match failure.damaged {
                None => "it is left as it was".to_string(),
                Some(error) => format!(
                    "nor could its old text be written back ({error}): it may be cut short, so restore it from version control"
                ),
            };
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write `{}`: {}; {left}",
                file.display(),
                failure.error
            );
            Formatted::Failed
        }
    }
}

/// Formats standard input to standard output.
fn standard_input(printer: &mut Printer) -> Formatted {
    let mut sources = SourceMap::new();
    let bytes = match read_limited(std::io::stdin().lock()) {
        Ok(bytes) => bytes,
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot read standard input: {error}"
            );
            return Formatted::Failed;
        }
    };
    let id = match sources.add_bytes("<stdin>", bytes) {
        Ok(id) => id,
        Err(problem) => {
            printer.print(&[problem], &sources);
            return Formatted::Failed;
        }
    };
    let text = sources.get(id).text.clone();
    match formatted(&text, id) {
        Ok(formatted) => {
            let _ = write!(std::io::stdout(), "{formatted}");
            if formatted == text {
                Formatted::Unchanged
            } else {
                Formatted::Changed
            }
        }
        Err(problems) => {
            printer.print(&problems, &sources);
            Formatted::Failed
        }
    }
}

/// `text` formatted, or its syntax errors. Formatting that would change what the text
/// means is a bug in stratc: it is reported here, and the text is left alone.
fn formatted(text: &str, id: FileId) -> Result<String, Vec<Diagnostic>> {
    let parsed = syntax::parse(id, text);
    if !parsed.diagnostics.is_empty() {
        return Err(parsed.diagnostics);
    }
    let formatted = formatter::format(text);
    if !formatter::same_meaning(text, &formatted) {
        let _ = writeln!(
            std::io::stderr(),
            "error: formatting would change what the file means, so it is left as it is; this is a bug in stratc, please report it with the file"
        );
        return Err(Vec::new());
    }
    Ok(formatted)
}
