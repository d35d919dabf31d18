//! Optimisation (contract §5): the formulation of a model as a mixed-integer linear
//! program, its objective's sequence of solves, and the extras that build the plan again
//! with one thing changed (marginal values, closed channels, the trade-off frontier); when
//! no plan exists, a minimal set of conflicting requirements.

mod closed;
mod deadline;
pub mod explain;
mod extras;
mod formulation;
mod infeasibility;
mod marginal;
mod memo;
pub mod milp;
mod monotonicity;
mod objectives;
mod pareto;
pub mod progress;
mod rebuild;
mod solution;
pub mod tornado;

pub use closed::ClosedChannel;
pub use deadline::Deadline;
pub use formulation::{Requirement, RequirementKind, Sample};
pub use marginal::{Limit, Marginal};
pub use memo::{Memo, Solves};
pub use milp::{Goal, Milp, SolverKind, SolverOptions};
pub use objectives::TermOutcome;
pub use pareto::{Frontier, FrontierPoint};
pub use progress::Progress;
pub use rebuild::{Change, Headline, Omitted, Rebuild};
pub use solution::{ChannelPlan, ConstraintPlan, MarketPlan, Metrics, Solution};
pub use tornado::Tornado;

use crate::model::{ChannelId, Model};
use crate::schedule::Schedule;

use extras::Job;
use formulation::Formulation;
use objectives::{SolveError, Solver};
use progress::Step;
use rebuild::Variant;

/// Why there is no plan.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// These requirements cannot hold together (a minimal set).
    Infeasible(Vec<Requirement>),
    /// The solver failed or crashed: its message.
    Solver(String),
}

/// Everything optimisation finds for one model.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimised {
    pub solution: Solution,
    /// The objective's value as the contract defines it.
    pub objective: f64,
    pub terms: Vec<TermOutcome>,
    /// Whether a solve of the plan stopped at the time limit before proving optimality.
    pub stopped_early: bool,
    /// The schedule holding only the opened channels, as the plan shows it.
    pub schedule: Schedule,
    pub marginal_values: Vec<Marginal>,
    /// Each channel the plan leaves closed, and what forcing it open would do.
    pub closed_channels: Vec<ClosedChannel>,
    pub frontier: Frontier,
    /// The final program and goal, for `--emit lp`.
    pub milp: Milp,
    pub goal: Goal,
}

impl Optimised {
    /// The plan's objective and headline numbers.
    pub fn headline(&self) -> Headline {
        Headline {
            objective: self.objective,
            terms: self.terms.iter().map(|term| term.value).collect(),
            metrics: self.solution.metrics.clone(),
            stopped_early: self.stopped_early,
        }
    }
}

/// What to compute besides the plan itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extras {
    pub marginal_values: bool,
    pub closed_channels: bool,
    pub frontier: bool,
}

impl Extras {
    /// Every extra: what `stratc build` computes for the plan.
    pub const ALL: Extras = Extras {
        marginal_values: true,
        closed_channels: true,
        frontier: true,
    };
    /// None: the plan alone, as for a scenario.
    pub const NONE: Extras = Extras {
        marginal_values: false,
        closed_channels: false,
        frontier: false,
    };
}

/// How a build runs its solves: the solver, the one deadline they all share, and who is
/// told of each as it starts.
#[derive(Clone, Copy)]
pub struct Run<'a> {
    pub solver: SolverKind,
    pub deadline: Deadline,
    pub progress: &'a Progress<'a>,
    /// Whether the extras run one after another instead of on every core: the same
    /// plans, slower; a test builds both ways.
    pub sequential: bool,
}

impl Default for Run<'static> {
    /// microlp, without a deadline, unwatched.
    fn default() -> Run<'static> {
        Run {
            solver: SolverKind::Microlp,
            deadline: Deadline::NONE,
            progress: Progress::unwatched(),
            sequential: false,
        }
    }
}

/// Optimises `model`, whose full schedule (every channel opened) is `schedule`, its
/// solves going through `memo`.
pub fn optimise(
    model: &Model,
    schedule: &Schedule,
    run: Run,
    extras: Extras,
    memo: &Memo,
) -> Result<Optimised, Failure> {
    optimise_over(model, schedule, &[], run, extras, memo)
}

/// Optimises `model` over `samples` of its ranges: its robust objective and its `in every
/// sample` constraints read in each (`formulation::samples`), the plan's numbers at the
/// most likely values. Without samples, [`optimise`].
pub fn optimise_over(
    model: &Model,
    schedule: &Schedule,
    samples: &[Sample],
    run: Run,
    extras: Extras,
    memo: &Memo,
) -> Result<Optimised, Failure> {
    let formulation = Formulation::robust(model, schedule, samples);
    let mut solver = Solver::new(&run, memo);
    run.progress.program(&formulation.milp);
    run.progress.plan(objectives::solves(model));
    let announce = |step: Step| run.progress.start(step);
    let optimum = objectives::optimise(&formulation, model, &mut solver, &announce)?;
    let opened = |channel: ChannelId| optimum.values[formulation.open[channel.0].0] >= 0.5;
    let shown = Schedule::with_channels(model, &opened)
        .expect("leaving channels out of a schedule without a cycle makes none");
    let solution = Solution::read(&formulation, model, &optimum, schedule);
    let mut optimised = Optimised {
        solution,
        objective: optimum.value,
        terms: optimum.terms,
        stopped_early: solver.stopped_early,
        schedule: shown,
        marginal_values: Vec::new(),
        closed_channels: Vec::new(),
        frontier: Frontier::default(),
        milp: optimum.milp,
        goal: optimum.goal,
    };
    add_extras(&mut optimised, &formulation, model, extras, &run, memo);
    Ok(optimised)
}

/// The outcome of one extra's job.
enum Done {
    Marginal(Rebuild),
    Closed(ChannelId, Rebuild),
    /// The point's number (from 1) and what its solve gave.
    Point(usize, Result<FrontierPoint, SolveError>),
}

/// Computes the extras asked for, all their solves on every core, each with a solver of
/// its own and within the time left. What fails is reported on its item, and what the
/// deadline stops is not computed; the plan stays.
fn add_extras(
    optimised: &mut Optimised,
    formulation: &Formulation,
    model: &Model,
    extras: Extras,
    run: &Run,
    memo: &Memo,
) {
    let progress = run.progress;
    let fresh = Solver::new(run, memo);
    let limits = if extras.marginal_values {
        marginal::limits(formulation, model, &optimised.solution)
    } else {
        Vec::new()
    };
    let closed = if extras.closed_channels {
        closed::closed(model, &optimised.solution)
    } else {
        Vec::new()
    };
    let explained = closed::to_explain(model, &optimised.solution, &closed);
    let pareto = model.pareto.as_ref().filter(|_| extras.frontier);
    progress.plan(limits.len() + explained.len());
    // A step that starts after the deadline is not computed, without a word to the
    // observer.
    let begin = |step: Step| {
        if run.deadline.passed() {
            progress.skip();
        } else {
            progress.start(step);
        }
    };
    let epsilons = match pareto {
        Some(pareto) => {
            progress.plan(1);
            begin(Step::FrontierEnds);
            let epsilons = pareto::epsilons(formulation, model, pareto, &mut fresh.clone());
            progress.plan(epsilons.as_ref().map_or(0, Vec::len));
            epsilons
        }
        None => Ok(Vec::new()),
    };
    let rebuild = |step: Step, variant: Variant| -> Rebuild {
        begin(step);
        rebuild::rebuild(formulation, model, variant, fresh.clone())
    };
    let mut jobs: Vec<Job<Done>> = Vec::new();
    for limit in &limits {
        let (name, variant) = (limit.name.clone(), limit.variant);
        jobs.push(Box::new(move || {
            Done::Marginal(rebuild(Step::Marginal(name), variant))
        }));
    }
    for &channel in &explained {
        let id = model.channels[channel.0].id.clone();
        jobs.push(Box::new(move || {
            Done::Closed(
                channel,
                rebuild(Step::Closed(id), Variant::ForceOpen(channel)),
            )
        }));
    }
    if let (Some(pareto), Ok(epsilons)) = (pareto, &epsilons) {
        for (index, &epsilon) in epsilons.iter().enumerate() {
            let solver = fresh.clone();
            jobs.push(Box::new(move || {
                begin(Step::FrontierPoint(index + 1));
                let point = pareto::point(formulation, model, pareto, epsilon, solver);
                Done::Point(index + 1, point)
            }));
        }
    }
    let plan = optimised.headline();
    let mut limits = limits.into_iter();
    let mut forced = Vec::new();
    match (pareto, epsilons) {
        (Some(pareto), Err(pareto::EndsMissing::OutOfTime)) => {
            optimised.frontier.out_of_time = pareto.points as usize;
        }
        (_, Err(pareto::EndsMissing::Failed(missing))) => optimised.frontier.missing.push(missing),
        _ => {}
    }
    for done in extras::run_all(jobs, !run.sequential) {
        match done {
            Done::Marginal(moved) => {
                let limit = limits.next().expect("a limit per marginal job");
                optimised
                    .marginal_values
                    .push(Marginal::of(limit, moved, &plan));
            }
            Done::Closed(channel, rebuilt) => forced.push((channel, rebuilt)),
            Done::Point(_, Ok(point)) => optimised.frontier.points.push(point),
            Done::Point(_, Err(SolveError::OutOfTime)) => optimised.frontier.out_of_time += 1,
            Done::Point(point, Err(SolveError::Infeasible)) => optimised
                .frontier
                .missing
                .push(format!("point {point} of the frontier came out infeasible")),
            Done::Point(point, Err(SolveError::Failed(message))) => optimised
                .frontier
                .missing
                .push(format!("point {point} of the frontier failed: {message}")),
        }
    }
    optimised.closed_channels = closed
        .into_iter()
        .map(|channel| {
            let rebuilt = forced
                .iter()
                .position(|(explained, _)| *explained == channel)
                .map(|at| forced.swap_remove(at).1)
                .unwrap_or(Rebuild::NotComputed(Omitted::NotClosestToOpening));
            ClosedChannel::of(channel, rebuilt, &plan)
        })
        .collect();
}

#[cfg(test)]
mod tests;
