//! The background build: after a save, the strategy is built on a worker thread (the
//! same `build::build` as `stratc build`), so the editor stays responsive while the
//! solver runs. Each request carries a generation; the server keeps only the result of
//! the newest request for a root, so a build made stale by the next save or by an edit
//! that breaks the strategy is dropped. The build itself cannot be stopped midway (the
//! solver offers no way), so the worker instead skips every request that a newer one for
//! the same root replaced while it was busy, and each build has a time limit. Each root's
//! last `Solves` are kept for its next build: a save that changes no number the solver
//! reads re-renders the figures without solving.

use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_types::Url;
use stratc::build::{self, BuildOptions};
use stratc::optimise::{Progress, Solves};
use stratc::source::{SourceFile, SourceMap};

use super::documents::{self, Overlay, Texts};
use super::hints::Plan;

/// The seconds a build in the server may solve for: a plan not proven optimal in that
/// time is shown as such, and the worker is free for the next save.
const TIME_LIMIT: f64 = 60.0;

/// A build to run: the root document's text and every open document's.
pub struct Job {
    pub generation: u64,
    pub root: Url,
    pub texts: Texts,
}

/// A finished build: its plan's figures, or `None` when it found no plan.
pub struct Finished {
    pub generation: u64,
    pub root: Url,
    pub plan: Option<Plan>,
}

/// The worker thread's ends: where jobs go, and where finished builds come back.
pub struct Builder {
    jobs: Sender<Job>,
    pub finished: Receiver<Finished>,
}

impl Builder {
    /// Starts the worker.
    pub fn start() -> Builder {
        let (jobs, waiting) = unbounded::<Job>();
        let (done, finished) = unbounded();
        std::thread::Builder::new()
            .name("stratc-build".into())
            .spawn(move || work(&waiting, &done))
            .expect("the build thread starts");
        Builder { jobs, finished }
    }

    /// Asks for a build.
    pub fn request(&self, job: Job) {
        // The worker ends only when the server drops this sender.
        let _ = self.jobs.send(job);
    }
}

/// The worker's loop: take every waiting job, keep the newest for each root, build each.
fn work(waiting: &Receiver<Job>, done: &Sender<Finished>) {
    let mut solves: HashMap<Url, Solves> = HashMap::new();
    while let Ok(first) = waiting.recv() {
        let mut newest: BTreeMap<Url, Job> = BTreeMap::new();
        for job in std::iter::once(first).chain(waiting.try_iter()) {
            newest.insert(job.root.clone(), job);
        }
        for (root, job) in newest {
            let earlier = solves.remove(&root).unwrap_or_default();
            let (plan, kept) = run(&job, earlier);
            solves.insert(root.clone(), kept);
            let finished = Finished {
                generation: job.generation,
                root,
                plan,
            };
            if done.send(finished).is_err() {
                return;
            }
        }
    }
}

/// Builds `job`'s root, reusing `earlier`: the plan's figures, and the solves to keep.
fn run(job: &Job, earlier: Solves) -> (Option<Plan>, Solves) {
    let Some(name) = documents::source_name(&job.root) else {
        return (None, earlier);
    };
    let Some(text) = job.texts.get(&name) else {
        return (None, earlier);
    };
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new(name.clone(), text));
    let options = BuildOptions {
        time_limit: Some(TIME_LIMIT),
        ..BuildOptions::default()
    };
    let built = catch_unwind(AssertUnwindSafe(|| {
        build::build(
            root,
            &mut sources,
            &Overlay::new(&job.texts),
            &options,
            Progress::unwatched(),
            earlier,
        )
    }));
    match built {
        Ok(built) => (Plan::of(&built), built.solves),
        Err(_) => {
            eprintln!("stratc lsp: the build of `{name}` failed; this is a bug in stratc");
            (None, Solves::default())
        }
    }
}
