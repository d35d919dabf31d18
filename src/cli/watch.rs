//! `stratc watch FILE`: rebuild the plan on every save, for planning sessions.
//!
//! The loop builds once, then waits for a change to any file the build read (the strategy,
//! the files it `use`s, even ones that were missing) and builds again. It watches the
//! folders that hold those files rather than the files themselves, because editors often
//! save by writing a new file and renaming it over the old one, which ends a watch on the
//! file. Changes are batched over a short quiet window, so one save is one rebuild. A build
//! that fails leaves the plan folder as it was; each build ends with one status line, which
//! says what the folder holds. The templates are compiled once, and again when a file of
//! `--templates DIR` changes.
//!
//! `--serve PORT` also serves the HTML plan on `http://127.0.0.1:PORT/`, and the page
//! reloads itself after each rebuild (see [`serve`]).

mod serve;

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use stratc::format;
use stratc::optimise::Solves;
use stratc::render::templates;

use super::build::{BuildArgs, Finished, build_and_write};
use super::disk::{absolute, stamp};
use super::report::{Printer, plural};
use super::{Format, Outcome};

/// The options of `stratc watch`: those of `stratc build`, and a port to serve the plan on.
#[derive(Args, Debug, Clone)]
pub struct WatchArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Serve the HTML plan on http://127.0.0.1:PORT/ and reload it after each rebuild
    /// (0 picks a free port).
    #[arg(long, value_name = "PORT")]
    pub serve: Option<u16>,
}

/// How long the files must be quiet before a rebuild: one save is often several writes.
const QUIET: Duration = Duration::from_millis(100);

/// What the plan folder holds, as far as this watch knows: the files a build wrote.
#[derive(Clone, Copy)]
enum OnDisk {
    /// Nothing this watch wrote.
    Nothing,
    /// The plan of that build.
    Plan { round: usize },
    /// That build's report that no plan meets the strategy.
    NoPlan { round: usize },
}

impl OnDisk {
    /// What the folder holds after `finished`, the build of `round`.
    fn after(self, round: usize, finished: &Finished) -> OnDisk {
        match (finished.written.is_empty(), finished.plan()) {
            (true, _) => self,
            (false, Some(_)) => OnDisk::Plan { round },
            (false, None) => OnDisk::NoPlan { round },
        }
    }

    /// The folder `out` and what it holds, in words.
    fn describe(self, out: &Path) -> String {
        let out = out.display();
        match self {
            OnDisk::Nothing => format!("nothing is written to `{out}` yet"),
            OnDisk::Plan { round } => {
                format!("the plan in `{out}` is the last good one, from build {round}")
            }
            OnDisk::NoPlan { round } => {
                format!("`{out}` holds build {round}'s report that no plan meets the strategy")
            }
        }
    }
}

/// Builds, then rebuilds after every change, until interrupted.
pub fn run(args: &WatchArgs, format: Format) -> Outcome {
    let prepared = args
        .build
        .root
        .disk()
        .and_then(|disk| Ok((args.build.prepare(&disk)?, disk)));
    let ((options, mut renderer), disk) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            return Outcome::BadCommandLine;
        }
    };
    let server = match args.serve.map(serve::Server::start).transpose() {
        Ok(server) => server,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: cannot serve the plan: {error}");
            return Outcome::BadCommandLine;
        }
    };
    let (sender, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(QUIET, None, sender) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "error: cannot watch files: {error}");
            return Outcome::Errors;
        }
    };
    // The templates of `--templates DIR` are inputs too: a change recompiles them.
    let templates: BTreeSet<PathBuf> = args
        .build
        .templates
        .iter()
        .flat_map(|folder| {
            [templates::MARKDOWN_FILE, templates::HTML_FILE]
                .map(|file| absolute(&folder.join(file)))
        })
        .collect();
    let mut watched: BTreeSet<PathBuf> = BTreeSet::new();
    // A broken template, said after the screen is cleared for the next build.
    let mut template_problem: Option<String> = None;
    let mut round = 0;
    let mut on_disk = OnDisk::Nothing;
    // The last build's solves: a save that leaves a program as it was reuses its outcome.
    let mut earlier = Solves::default();
    loop {
        round += 1;
        if format == Format::Human && std::io::stderr().is_terminal() {
            // Each build replaces the last on screen, as in typst's watch mode.
            let _ = write!(std::io::stderr(), "\x1b[2J\x1b[H");
        }
        if let Some(problem) = template_problem.take() {
            let _ = writeln!(
                std::io::stderr(),
                "error: {problem}\n  the plans keep the templates as they were"
            );
        }
        let started = Instant::now();
        let reading = disk.fresh();
        let mut printer = Printer::new(format);
        let finished = build_and_write(
            &args.build,
            &options,
            &renderer,
            &reading,
            std::mem::take(&mut earlier),
            &mut printer,
        );
        if let Some(message) = &finished.unwritten {
            printer.error(message);
        }
        // Each build is a run of its own: `sarif` writes one log per build.
        printer.finish();
        if let Some(server) = &server {
            server.publish(&finished);
        }
        let read = reading.asked();
        let inputs: BTreeSet<PathBuf> = read.keys().chain(&templates).cloned().collect();
        watch_folders(&mut debouncer, &mut watched, &inputs);
        on_disk = on_disk.after(round, &finished);
        status(
            round,
            started,
            &finished,
            &printer,
            &args.build.out,
            on_disk,
        );
        if let Some(built) = finished.built {
            earlier = built.solves;
        }
        // A save during the build, before the watch was in place, raised no event.
        let saved_meanwhile = read.iter().any(|(path, before)| stamp(path) != *before);
        if saved_meanwhile {
            continue;
        }
        let Some(touched) = wait_for_change(&events, &inputs) else {
            let _ = writeln!(std::io::stderr(), "error: the file watcher stopped");
            return Outcome::Errors;
        };
        if !touched.is_disjoint(&templates) {
            match args.build.prepare(&disk) {
                Ok((_, recompiled)) => renderer = recompiled,
                Err(message) => template_problem = Some(message),
            }
        }
    }
}

/// Watches the folder of each input, and only those.
fn watch_folders(
    debouncer: &mut Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: &mut BTreeSet<PathBuf>,
    inputs: &BTreeSet<PathBuf>,
) {
    let folders: BTreeSet<PathBuf> = inputs
        .iter()
        .filter_map(|input| input.parent().map(Path::to_path_buf))
        .filter(|folder| folder.is_dir())
        .collect();
    for gone in watched.difference(&folders) {
        let _ = debouncer.unwatch(gone);
    }
    for folder in folders.difference(watched) {
        if let Err(error) = debouncer.watch(folder, RecursiveMode::NonRecursive) {
            let _ = writeln!(
                std::io::stderr(),
                "warning: cannot watch `{}`: {error}",
                folder.display()
            );
        }
    }
    *watched = folders;
}

/// Waits until a batch of events touches some of `inputs`, and returns those; `None`
/// when the watcher stopped.
fn wait_for_change(
    events: &mpsc::Receiver<DebounceEventResult>,
    inputs: &BTreeSet<PathBuf>,
) -> Option<BTreeSet<PathBuf>> {
    loop {
        match events.recv().ok()? {
            Ok(batch) => {
                // Reading a file is an event too (the build's own reads among them).
                let touched: BTreeSet<PathBuf> = batch
                    .iter()
                    .filter(|event| !event.kind.is_access())
                    .flat_map(|event| &event.paths)
                    .filter(|path| inputs.contains(*path))
                    .cloned()
                    .collect();
                if !touched.is_empty() {
                    return Some(touched);
                }
            }
            Err(errors) => {
                for error in errors {
                    let _ = writeln!(std::io::stderr(), "warning: while watching: {error}");
                }
            }
        }
    }
}

/// The one line that ends each build: when, how long, what came of it, how much of the
/// build before it reused, and, when it wrote nothing, what the plan folder `out` holds
/// (`on_disk`).
fn status(
    round: usize,
    started: Instant,
    finished: &Finished,
    printer: &Printer,
    out: &Path,
    on_disk: OnDisk,
) {
    if !printer.is_human() {
        return;
    }
    let elapsed = started.elapsed().as_millis();
    let outcome = match (finished.outcome, finished.plan()) {
        (Outcome::Fine, Some((_, optimised, _))) => format!(
            "objective {}, wrote {}",
            format::number(optimised.objective),
            plural(finished.written.len(), "file")
        ),
        (Outcome::Fine, None) => "done".to_string(),
        (_, _) if !finished.written.is_empty() => {
            format!(
                "no plan meets the strategy, wrote {}",
                plural(finished.written.len(), "file")
            )
        }
        _ => format!("{}; {}", printer.counts(), on_disk.describe(out)),
    };
    let reused = finished
        .built
        .as_ref()
        .and_then(|built| reuse(&built.solves))
        .map(|reuse| format!("; {reuse}"))
        .unwrap_or_default();
    let _ = writeln!(
        std::io::stderr(),
        "[build {round}] {elapsed} ms: {outcome}{reused}; watching for changes"
    );
}

/// What a build reused of the build before, in words; `None` when it reused nothing.
fn reuse(solves: &Solves) -> Option<String> {
    match (solves.solved, solves.reused) {
        (_, 0) => None,
        (0, _) => Some("re-rendered without solving: no number the solver reads changed".into()),
        (_, reused) => Some(format!("{reused} of {} solves reused", solves.total())),
    }
}
