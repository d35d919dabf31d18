//! `stratc review BASE [PATHS...]`: the Markdown comment a pull request gets, saying what
//! the change does to each strategy's plan.
//!
//! It runs in a git work tree, whose files are the head of the change. A strategy is
//! reviewed when it, or a file it imports, differs between the revision `BASE` and the
//! work tree: each is checked and built on both sides, and the comment gives its problems
//! and the diff of its plans (`stratc diff BASE:path path`). The head side's diagnostics
//! are printed as any command prints them, so `--diagnostics github` makes them
//! annotations; the comment goes to stdout, or to `--output FILE`.
//!
//! The work is here, in one command, rather than in the GitHub Action's scripts, so that
//! GitHub, GitLab and a person at a terminal get the same comment, and so that a test can
//! make it from a two-commit repository.

mod comment;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use stratc::build::{self, BuildOptions, Built};
use stratc::check::FileLoader;
use stratc::diagnostic::Diagnostic;
use stratc::diagnostic::render;
use stratc::source::SourceMap;
use stratc::syntax::{self, ast::ItemKind};

use super::Outcome;
use super::diff::GitRevision;
use super::disk::{Disk, absolute};
use super::progress;
use super::report::Printer;
use comment::{Base, Head, Reviewed};

/// The options of `stratc review`.
#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// The revision the change is compared with: the pull request's base commit.
    pub base: String,
    /// Where to look for strategies (git pathspecs, such as `strategies/`); everywhere
    /// when none is given.
    pub paths: Vec<String>,
    /// Write the comment to this file instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub root: super::disk::RootArg,
}

/// Reviews the change from `args.base` to the work tree, prints the head side's
/// diagnostics through `printer` and writes the comment; fails when a reviewed strategy
/// has errors or no plan at the head.
pub fn run(args: &ReviewArgs, printer: &mut Printer) -> Outcome {
    let disk = match args.root.disk() {
        Ok(disk) => disk,
        Err(message) => return bad_command_line(&message),
    };
    let change = match Change::between(&args.base, &args.paths) {
        Ok(change) => change,
        Err(message) => return bad_command_line(&message),
    };
    let mut reviewed = Vec::new();
    for path in change.strategies(&disk) {
        let head = build_head(&path, &disk, printer);
        let base = build_base(&args.base, &path);
        reviewed.push(Reviewed {
            path,
            head: Some(head),
            base,
        });
    }
    for path in &change.removed {
        reviewed.push(Reviewed {
            path: path.clone(),
            head: None,
            base: Base::Missing,
        });
    }
    reviewed.sort_by(|a, b| a.path.cmp(&b.path));
    let text = comment::markdown(&args.base, &reviewed);
    let written = match &args.output {
        Some(file) => std::fs::write(file, &text)
            .map_err(|error| format!("cannot write `{}`: {error}", file.display())),
        None => write!(std::io::stdout(), "{text}").map_err(|error| error.to_string()),
    };
    if let Err(message) = written {
        printer.error(&message);
    }
    printer.summary(&format!("reviewed {}", comment::strategies(reviewed.len())));
    let failed = reviewed
        .iter()
        .any(|review| review.head.as_ref().is_some_and(|head| !head.has_plan()));
    if failed || !printer.ok() {
        Outcome::Errors
    } else {
        Outcome::Fine
    }
}

fn bad_command_line(message: &str) -> Outcome {
    eprintln!("error: {message}");
    Outcome::BadCommandLine
}

/// What changed between the base and the work tree, as git sees it.
struct Change {
    /// The files that differ (added, changed or removed), absolute.
    changed: BTreeSet<PathBuf>,
    /// The `.strat` files in the work tree under the paths asked for, as paths from
    /// the working directory.
    present: Vec<String>,
    /// The strategies under the paths asked for that the change removes.
    removed: Vec<String>,
}

impl Change {
    /// Asks git what changed from `base` to the work tree, under `paths`.
    fn between(base: &str, paths: &[String]) -> Result<Change, String> {
        if base.starts_with('-') {
            return Err(format!(
                "`{base}` is not a revision: a revision does not start with `-`"
            ));
        }
        git(
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{base}^{{commit}}"),
            ],
            None,
        )
        .map_err(|_| format!("`{base}` is not a commit of this repository"))?;
        let top = PathBuf::from(
            String::from_utf8_lossy(&git(&["rev-parse", "--show-toplevel"], None)?).trim_end(),
        );
        let from_top = |name: &str| top.join(name);
        let changed = names(&git(
            &["diff", "--name-only", "-z", "--no-renames", base],
            Some(&[]),
        )?)
        .map(from_top)
        .collect();
        let present = names(&git(
            &[
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            Some(paths),
        )?)
        .filter(|name| name.ends_with(".strat") && Path::new(name).is_file())
        .map(str::to_string)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
        let cwd = absolute(Path::new("."));
        let removed = names(&git(
            &[
                "diff",
                "--name-only",
                "-z",
                "--no-renames",
                "--diff-filter=D",
                base,
            ],
            Some(paths),
        )?)
        .filter(|name| name.ends_with(".strat"))
        .map(|name| {
            let path = normal(&from_top(name));
            let seen = path.strip_prefix(normal(&cwd)).unwrap_or(&path);
            seen.to_string_lossy().into_owned()
        })
        .filter(|path| {
            GitRevision(base)
                .read(path)
                .is_ok_and(|bytes| is_strategy(&String::from_utf8_lossy(&bytes)))
        })
        .collect();
        Ok(Change {
            changed,
            present,
            removed,
        })
    }

    /// The strategies the change touches: each `.strat` file with a `strategy` block (or
    /// a changed one that does not parse, whose errors a reviewer must see) that is
    /// changed itself or imports a changed file. Checking them finds what they import.
    fn strategies(&self, disk: &Disk) -> Vec<String> {
        let touched = |path: &Path| self.changed.contains(&normal(&absolute(path)));
        self.present
            .iter()
            .filter(|path| {
                let reading = disk.fresh();
                let Ok(bytes) = reading.read(path) else {
                    return false;
                };
                let text = String::from_utf8_lossy(&bytes);
                if !is_strategy(&text) {
                    return touched(Path::new(path)) && !parses(&text);
                }
                let mut sources = SourceMap::new();
                if let Ok(file) = sources.add_bytes(path, bytes.clone()) {
                    stratc::analysis::analyse(file, &mut sources, &reading);
                }
                touched(Path::new(path)) || reading.asked().keys().any(|read| touched(read))
            })
            .cloned()
            .collect()
    }
}

/// Whether a file's text has a `strategy` block, and so is a strategy rather than a
/// file that strategies import.
fn is_strategy(text: &str) -> bool {
    let parsed = syntax::parse(stratc::source::FileId(0), text);
    parsed
        .file
        .items
        .iter()
        .any(|item| matches!(item.kind, ItemKind::Strategy(_)))
}

/// Whether a file's text parses without an error.
fn parses(text: &str) -> bool {
    syntax::parse(stratc::source::FileId(0), text)
        .diagnostics
        .iter()
        .all(|diagnostic| !diagnostic.is_error())
}

/// `path` with `.` and `..` folded away, so that git's names and the loader's compare.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The names in git's `-z` output.
fn names(output: &[u8]) -> impl Iterator<Item = &str> {
    output
        .split(|byte| *byte == 0)
        .filter(|name| !name.is_empty())
        .filter_map(|name| std::str::from_utf8(name).ok())
}

/// What `git ARGS` prints, or its error; with `paths`, `git ARGS -- PATHS`, so that
/// no path is read as a revision or an option.
fn git(args: &[&str], paths: Option<&[String]>) -> Result<Vec<u8>, String> {
    let mut command = Command::new("git");
    command.args(args);
    if let Some(paths) = paths {
        command.arg("--").args(paths);
    }
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// Builds the strategy at `path` in the work tree, printing its diagnostics.
fn build_head(path: &str, disk: &Disk, printer: &mut Printer) -> Head {
    let (sources, built) = build_with(path, disk);
    printer.print(&built.diagnostics, &sources);
    Head {
        problems: built
            .diagnostics
            .iter()
            .map(|diagnostic| render::short(diagnostic, &sources))
            .collect(),
        errors: built.diagnostics.iter().filter(|d| d.is_error()).count(),
        warnings: built.diagnostics.iter().filter(|d| !d.is_error()).count(),
        built,
    }
}

/// Builds the strategy at `path` as git has it at `base`; its diagnostics are not
/// printed, since they point at lines the change may have moved.
fn build_base(base: &str, path: &str) -> Base {
    let revision = GitRevision(base);
    if revision.read(path).is_err() {
        return Base::Missing;
    }
    let (_, built) = build_with(path, &revision);
    Base::Built(Box::new(built))
}

/// Reads and builds the strategy at `path` through `loader`, with the default options.
fn build_with(path: &str, loader: &dyn FileLoader) -> (SourceMap, Built) {
    let mut sources = SourceMap::new();
    let options = BuildOptions::default();
    let file = loader
        .read(path)
        .map_err(|error| stratc::check::load::unreadable(path, &error, None))
        .and_then(|bytes| sources.add_bytes(path, bytes));
    let built = match file {
        Ok(file) => progress::shown(options.solver, |progress| {
            build::build(
                file,
                &mut sources,
                loader,
                &options,
                progress,
                Default::default(),
            )
        }),
        Err(problem) => unbuilt(problem),
    };
    (sources, built)
}

/// The build of a file that could not be read: its one problem, and nothing else.
fn unbuilt(problem: Diagnostic) -> Built {
    Built::stopped(vec![problem], false)
}
