//! Building the plan again with one thing changed, exactly as a user who edits the
//! strategy and builds again would get it: the whole objective is solved again (ideals and
//! lexicographic bounds included). Marginal values move a requirement's limit; the
//! explanation of a closed channel forces it open.

use crate::model::{ChannelId, Model};

use super::Failure;
use super::formulation::{Formulation, Requirement};
use super::milp::{self, Affine, Sense};
use super::objectives::{self, Solver};
use super::solution::Metrics;

/// The objective and headline numbers of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    /// The objective's value as the contract defines it (a weighted objective is relative
    /// to that plan's own ideals).
    pub objective: f64,
    /// Each objective term's value at the plan.
    pub terms: Vec<f64>,
    pub metrics: Metrics,
    /// Whether a solve stopped at the time limit before proving optimality.
    pub stopped_early: bool,
}

/// What building again came to.
#[derive(Clone, Debug, PartialEq)]
pub enum Rebuild {
    Planned(Headline),
    /// No plan meets the changed strategy: a minimal set of its requirements that conflict
    /// (the change itself is not among them).
    Infeasible(Vec<Requirement>),
    /// The solver failed: its message.
    Failed(String),
    /// It was not built: why.
    NotComputed(Omitted),
}

/// Why an extra of the plan was not computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Omitted {
    /// Only the closed channels closest to opening are explained (`closed::EXPLAINED`).
    NotClosestToOpening,
    /// The build's time limit ran out before it started, or before its solves finished.
    OutOfTime,
}

impl Rebuild {
    /// The plan's headline, when there is a plan.
    pub fn headline(&self) -> Option<&Headline> {
        match self {
            Rebuild::Planned(headline) => Some(headline),
            Rebuild::Infeasible(_) | Rebuild::Failed(_) | Rebuild::NotComputed(_) => None,
        }
    }
}

/// How the objective and each metric moved from one plan to another, divided by a step.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub objective: f64,
    pub metrics: Metrics,
}

impl Change {
    /// The change from `before` to `after`, per `step`.
    pub fn between(before: &Headline, after: &Headline, step: f64) -> Change {
        Change {
            objective: (after.objective - before.objective) / step,
            metrics: after.metrics.change_from(&before.metrics, step),
        }
    }
}

/// One change to a strategy's program.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Variant {
    /// The limit of requirement `requirement` moved by `by`, in the row's scaled units.
    MoveLimit { requirement: usize, by: f64 },
    /// The channel is opened (and so spends at least its minimum).
    ForceOpen(ChannelId),
}

/// Builds the plan of `formulation` again with `variant` applied. A rebuild that the
/// deadline stops is not computed: a plan not proven optimal would make its difference
/// from the plan noise, not a figure.
pub fn rebuild(
    formulation: &Formulation,
    model: &Model,
    variant: Variant,
    solver: Solver,
) -> Rebuild {
    if solver.deadline.passed() {
        return Rebuild::NotComputed(Omitted::OutOfTime);
    }
    solve_again(&varied(formulation, variant), model, solver)
}

/// Builds the plan of another model of the strategy (a range at an end).
pub fn rebuild_model(
    model: &Model,
    schedule: &crate::schedule::Schedule,
    solver: Solver,
) -> Rebuild {
    if solver.deadline.passed() {
        return Rebuild::NotComputed(Omitted::OutOfTime);
    }
    solve_again(&Formulation::new(model, schedule), model, solver)
}

/// The objective's sequence of solves on `formulation`, as a rebuild.
fn solve_again(formulation: &Formulation, model: &Model, mut solver: Solver) -> Rebuild {
    match objectives::optimise(formulation, model, &mut solver, &|_| {}) {
        Ok(_) if solver.stopped_early => Rebuild::NotComputed(Omitted::OutOfTime),
        Ok(optimum) => Rebuild::Planned(Headline {
            objective: optimum.value,
            terms: optimum.terms.iter().map(|term| term.value).collect(),
            metrics: Metrics::read(formulation, model, &optimum.values),
            stopped_early: solver.stopped_early,
        }),
        Err(Failure::Infeasible(conflict)) => Rebuild::Infeasible(conflict),
        Err(Failure::Solver(message)) if message == milp::NO_PLAN_IN_TIME => {
            Rebuild::NotComputed(Omitted::OutOfTime)
        }
        Err(Failure::Solver(message)) => Rebuild::Failed(message),
    }
}

/// The formulation with `variant` applied. A forced opening is a row with no requirement,
/// so that an infeasibility report names what stops the channel, not the opening itself.
fn varied(formulation: &Formulation, variant: Variant) -> Formulation {
    let mut varied = formulation.clone();
    match variant {
        Variant::MoveLimit { requirement, by } => {
            for row in &mut varied.milp.rows {
                if row.requirement == Some(requirement) {
                    row.rhs += by;
                }
            }
        }
        Variant::ForceOpen(channel) => {
            varied.milp.add_row(
                format!("forced_open_{}", channel.0 + 1),
                Affine::term(varied.open[channel.0], 1.0),
                Sense::AtLeast,
                1.0,
                1.0,
                None,
            );
        }
    }
    varied
}
