//! What a build is doing, told as it happens to an observer the caller gives: the size of
//! the plan's program before its first solve, then each solve (or rebuild, or scenario) as
//! it starts, with how many are left. The library only reports; the cli decides whether to
//! draw a progress line or warn (only the cli knows the terminal).

use std::sync::atomic::{AtomicUsize, Ordering};

use super::milp::Milp;

/// One step of a build: a solve, or a sequence of solves that builds a plan again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The optimum of an objective term alone (weighted), or at its turn (lexicographic):
    /// the term as written.
    Ideal(String),
    /// The weighted objective, at the ideals found.
    Weighted,
    /// The plan's own solve (a single objective, or the last lexicographic term).
    Plan,
    /// The search for a minimal set of conflicting requirements, when no plan exists.
    Conflict,
    /// The plan built again with a limit moved: the limit's name (`budget`).
    Marginal(String),
    /// The plan built again with a closed channel forced open: its id.
    Closed(String),
    /// The two ends of the trade-off frontier.
    FrontierEnds,
    /// A point of the trade-off frontier, from 1.
    FrontierPoint(usize),
    /// A scenario's plan: its name.
    Scenario(String),
    /// The plan evaluated on this many samples of the strategy's ranges.
    Samples(usize),
    /// The most likely plan, to compare a robust plan with.
    MostLikely,
    /// The plan rebuilt with one range at an end, for the tornado: the range as written.
    Tornado(String),
}

/// The size of a program, as far as it tells how long a solver may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// The binary and integer decisions: what branch and bound branches on.
    pub integers: usize,
    pub variables: usize,
    pub rows: usize,
}

/// The most integer decisions microlp is likely to solve in seconds. Measured with the
/// generator (`docs/performance.md`, "The default solver's range"): 200 channels in 20
/// markets (230 integer decisions) build whole, extras included, in about 4 s of CPU;
/// 1,000 channels in 50 markets (1,075) take 8 s of CPU for the plan alone, and each
/// extra is a plan again.
pub const MICROLP_INTEGERS: usize = 500;

impl Size {
    /// The size of `milp`.
    pub fn of(milp: &Milp) -> Size {
        Size {
            integers: milp.vars.iter().filter(|var| var.integer).count(),
            variables: milp.vars.len(),
            rows: milp.rows.len(),
        }
    }

    /// Whether microlp, the default solver, is unlikely to finish it quickly.
    pub fn too_big_for_microlp(&self) -> bool {
        self.integers > MICROLP_INTEGERS
    }
}

/// What a build tells its observer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The plan's program is built and about to be solved.
    Program(Size),
    /// A step starts; `left` steps known so far are still to start after it.
    Started { step: Step, left: usize },
}

/// A function told of each [`Event`] of a build, from any of its threads.
pub type Observer<'a> = &'a (dyn Fn(Event) + Sync);

/// A build's progress: the steps planned and started so far, told to an observer. The
/// build plans steps as it learns of them (the objective's solves, then the extras once
/// the plan is known), so the count left can grow.
pub struct Progress<'a> {
    observer: Option<Observer<'a>>,
    planned: AtomicUsize,
    started: AtomicUsize,
}

/// The progress of a build nobody watches.
static UNWATCHED: Progress<'static> = Progress {
    observer: None,
    planned: AtomicUsize::new(0),
    started: AtomicUsize::new(0),
};

impl<'a> Progress<'a> {
    /// The progress of a build watched by `observer`.
    pub fn new(observer: Observer<'a>) -> Progress<'a> {
        Progress {
            observer: Some(observer),
            planned: AtomicUsize::new(0),
            started: AtomicUsize::new(0),
        }
    }

    /// The progress of a build nobody watches (a scenario's own solves, tests).
    pub fn unwatched() -> &'static Progress<'static> {
        &UNWATCHED
    }

    /// Counts `steps` more to come.
    pub fn plan(&self, steps: usize) {
        if self.observer.is_some() {
            self.planned.fetch_add(steps, Ordering::Relaxed);
        }
    }

    /// Tells the observer that `step` starts.
    pub fn start(&self, step: Step) {
        if let Some(observer) = self.observer {
            let started = self.started.fetch_add(1, Ordering::Relaxed) + 1;
            let left = self.planned.load(Ordering::Relaxed).saturating_sub(started);
            observer(Event::Started { step, left });
        }
    }

    /// Counts a planned step that will not run (the deadline passed before it).
    pub fn skip(&self) {
        if self.observer.is_some() {
            self.started.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Tells the observer the size of the plan's program.
    pub fn program(&self, milp: &Milp) {
        if let Some(observer) = self.observer {
            observer(Event::Program(Size::of(milp)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn each_start_says_how_many_planned_steps_are_left() {
        let events = Mutex::new(Vec::new());
        let observer = |event: Event| events.lock().unwrap().push(event);
        let progress = Progress::new(&observer);
        progress.plan(3);
        progress.start(Step::Ideal("revenue".into()));
        progress.start(Step::Weighted);
        progress.plan(2);
        progress.skip();
        progress.start(Step::Scenario("pessimistic".into()));
        let lefts: Vec<usize> = events
            .into_inner()
            .unwrap()
            .into_iter()
            .map(|event| match event {
                Event::Started { left, .. } => left,
                Event::Program(_) => unreachable!("no program was announced"),
            })
            .collect();
        assert_eq!(lefts, [2, 1, 1]);
    }
}
