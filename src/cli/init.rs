//! `stratc init [FILE]`: write a starter strategy to edit, one that checks and builds.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use super::write::write_new;

/// Writes the starter strategy to `file`, never over an existing file.
pub fn run(file: &Path, title: &str) -> Outcome {
    let Some(text) = stratc::generate::starter(title) else {
        let _ = writeln!(
            std::io::stderr(),
            "error: a title is one line of text; `--title` holds a line break or another control character"
        );
        return Outcome::BadCommandLine;
    };
    match write_new(file, text.as_bytes()) {
        Ok(()) => {
            let _ = writeln!(
                std::io::stderr(),
                "wrote {0}: edit it, then run `stratc build {0}`",
                file.display()
            );
            Outcome::Fine
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                std::io::stderr(),
                "error: `{}` already exists, and stratc init does not overwrite a file\n  help: give another path, as in `stratc init launch.strat`",
                file.display()
            );
            Outcome::BadCommandLine
        }
        Err(error) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write `{}`: {error}",
                file.display()
            );
            Outcome::Errors
        }
    }
}
