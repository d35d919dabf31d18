//! Optimisation (contract §5): the formulation of a model as a mixed-integer linear
//! program, its objective's sequence of solves, the trade-off frontier, marginal values,
//! and, when no plan exists, a minimal set of conflicting requirements.

pub mod explain;
mod formulation;
mod infeasibility;
mod marginal;
pub mod milp;
mod monotonicity;
mod objectives;
mod pareto;
mod solution;

pub use formulation::{Requirement, RequirementKind};
pub use marginal::Marginal;
pub use milp::{Goal, Milp, SolverKind, SolverOptions};
pub use objectives::TermOutcome;
pub use pareto::FrontierPoint;
pub use solution::{ChannelPlan, ConstraintPlan, MarketPlan, Metrics, Solution};

use crate::model::{ChannelId, Model};
use crate::schedule::Schedule;

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
    /// Whether a solve stopped at the time limit before proving optimality.
    pub stopped_early: bool,
    /// The schedule holding only the opened channels, as the plan shows it.
    pub schedule: Schedule,
    pub marginal_values: Vec<Marginal>,
    pub frontier: Vec<FrontierPoint>,
    /// The final program and goal, for `--emit lp`.
    pub milp: Milp,
    pub goal: Goal,
}

/// What to compute besides the plan itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extras {
    pub marginal_values: bool,
    pub frontier: bool,
}

/// Optimises `model`, whose full schedule (every channel opened) is `schedule`.
pub fn optimise(
    model: &Model,
    schedule: &Schedule,
    options: SolverOptions,
    extras: Extras,
) -> Result<Optimised, Failure> {
    let formulation = formulation::Formulation::new(model, schedule);
    let mut solver = objectives::Solver::new(options);
    let optimum = objectives::optimise(&formulation, model, &mut solver)?;
    let opened = |channel: ChannelId| optimum.values[formulation.open[channel.0].0] >= 0.5;
    let shown = Schedule::with_channels(model, &opened)
        .map_err(|_| Failure::Solver("the schedule of the opened channels has a cycle".into()))?;
    let marginal_values = if extras.marginal_values {
        marginal::marginal_values(&formulation, model, &optimum, &mut solver)?
    } else {
        Vec::new()
    };
    let frontier = match &model.pareto {
        Some(pareto) if extras.frontier => {
            pareto::frontier(&formulation, model, pareto, &mut solver)?
        }
        _ => Vec::new(),
    };
    Ok(Optimised {
        solution: Solution::read(&formulation, model, &optimum, schedule),
        objective: optimum.value,
        terms: optimum.terms,
        stopped_early: solver.stopped_early,
        schedule: shown,
        marginal_values,
        frontier,
        milp: optimum.milp,
        goal: optimum.goal,
    })
}

#[cfg(test)]
mod tests;
