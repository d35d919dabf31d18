//! `stratc diff OLD NEW`: build two versions of a strategy and print what changed in the
//! plan, as Markdown for a pull request. Each side is a path, or `REV:path` to read the
//! strategy (and the files it imports) as git has it at revision `REV`.
//!
//! A revision is handed to git after `--end-of-options`, and one that starts with `-` is
//! refused, so that no side can pass git an option (`--output=FILE` writes a file).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use stratc::build::{BuildOptions, Built};
use stratc::check::FileLoader;
use stratc::diff::{self, Side};
use stratc::optimise::Solves;

use super::Outcome;
use super::build::build_file;
use super::disk::{Disk, read_limited};
use super::report::Printer;

/// `git show REV:./path`: a file as git has it at a revision. Git reads only what the
/// repository holds, so `--root` does not apply here.
pub struct GitRevision<'a>(pub &'a str);

impl FileLoader for GitRevision<'_> {
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        let mut git = Command::new("git")
            .args(["show", "--end-of-options"])
            .arg(format!("{}:./{path}", self.0))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (Some(stdout), Some(mut stderr)) = (git.stdout.take(), git.stderr.take()) else {
            return Err(std::io::Error::other("git gave no output"));
        };
        // Its errors are read beside its output, so that neither pipe fills and blocks it.
        let (bytes, message) = std::thread::scope(|scope| {
            let errors = scope.spawn(move || {
                let mut message = String::new();
                let _ = stderr.read_to_string(&mut message);
                message
            });
            let bytes = read_limited(stdout);
            if bytes.is_err() {
                let _ = git.kill();
            }
            (bytes, errors.join().unwrap_or_default())
        });
        let status = git.wait()?;
        let bytes = bytes?;
        if status.success() {
            Ok(bytes)
        } else {
            let message = message.trim().to_string();
            Err(std::io::Error::new(std::io::ErrorKind::NotFound, message))
        }
    }
}

/// Where a side as written reads its files from: `None` for a file on disk, or else the
/// revision of `REV:path` in git; and its path there. A revision that starts with `-` is
/// an error, since git would read it as an option.
fn origin(spec: &str) -> Result<(Option<GitRevision<'_>>, &str), String> {
    match spec.split_once(':') {
        Some((revision, path)) if !Path::new(spec).exists() && !revision.is_empty() => {
            if revision.starts_with('-') {
                return Err(format!(
                    "`{spec}` is neither a file nor `REV:path`: a revision does not start with `-`\n  help: name a commit, a branch or a tag, as in `HEAD:{path}`"
                ));
            }
            Ok((Some(GitRevision(revision)), path))
        }
        _ => Ok((None, spec)),
    }
}

/// Builds both sides with `options` (the same `--set` and `--scenario` for both; files
/// on disk read through `disk`), prints their problems, and prints the diff of their
/// plans.
pub fn run(
    old: &str,
    new: &str,
    options: &BuildOptions,
    disk: &Disk,
    printer: &mut Printer,
) -> Outcome {
    let before = build_side(old, options, disk, printer);
    let after = build_side(new, options, disk, printer);
    let (before, after) = match (before, after) {
        (Ok(before), Ok(after)) => (before, after),
        (Err(Outcome::BadCommandLine), _) | (_, Err(Outcome::BadCommandLine)) => {
            return Outcome::BadCommandLine;
        }
        _ => {
            printer.summary(&format!("diffed {old} and {new}"));
            return Outcome::Errors;
        }
    };
    let (Some((old_model, old_plan)), Some((new_model, new_plan))) =
        (before.found(), after.found())
    else {
        let _ = writeln!(
            std::io::stderr(),
            "error: only plans can be diffed, and no plan meets one of the two strategies"
        );
        return Outcome::Errors;
    };
    let text = diff::markdown(
        Side {
            name: old,
            model: old_model,
            optimised: old_plan,
        },
        Side {
            name: new,
            model: new_model,
            optimised: new_plan,
        },
    );
    let _ = write!(std::io::stdout(), "{text}");
    Outcome::Fine
}

/// The build of one side, or how it failed (its problems printed): a side that is
/// neither a file nor a revision's, errors in the strategy, or a `--set` or `--scenario`
/// that does not fit it.
fn build_side(
    spec: &str,
    options: &BuildOptions,
    disk: &Disk,
    printer: &mut Printer,
) -> Result<Built, Outcome> {
    let (revision, path) = origin(spec).map_err(|message| {
        let _ = writeln!(std::io::stderr(), "error: {message}");
        Outcome::BadCommandLine
    })?;
    let loader: &dyn FileLoader = match &revision {
        Some(revision) => revision,
        None => disk,
    };
    let earlier = Solves::default();
    let Some(built) = build_file(path, Path::new(spec), loader, options, earlier, printer) else {
        return Err(Outcome::Errors);
    };
    if built.bad_command_line {
        Err(Outcome::BadCommandLine)
    } else if built.is_ok() {
        Ok(built)
    } else {
        Err(Outcome::Errors)
    }
}
