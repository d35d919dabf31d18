//! The trade-off frontier of `pareto a, b points n` by the ε-constraint method (contract
//! §5): maximise a subject to b ≥ ε, for n values of ε evenly spaced from b at a's
//! lexicographic optimum (maximise a, then b with a held there, so that no point is
//! dominated) to b's ideal. Each point is a full solve, independent of the others.

use crate::model::{Model, Pareto, Sense};

use super::formulation::Formulation;
use super::milp::{self, Milp};
use super::objectives::{LEXICOGRAPHIC_SLACK, Measure, SolveError, Solver};

/// One point of the frontier: the values of a and b, as reported.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrontierPoint {
    pub first: f64,
    pub second: f64,
}

/// The frontier's points found, and why any are missing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frontier {
    /// From a's optimum towards b's ideal.
    pub points: Vec<FrontierPoint>,
    /// A sentence for each point (or end) that could not be computed.
    pub missing: Vec<String>,
    /// How many points were not computed because the build's time limit ran out.
    pub out_of_time: usize,
}

/// Why the frontier's ends are not known.
#[derive(Clone, Debug, PartialEq)]
pub enum EndsMissing {
    /// The build's time limit ran out first.
    OutOfTime,
    /// A sentence saying which end failed, and how.
    Failed(String),
}

/// The values of ε, from b at a's lexicographic optimum to b's ideal; or why the ends
/// could not be found.
pub fn epsilons(
    formulation: &Formulation,
    model: &Model,
    pareto: &Pareto,
    solver: &mut Solver,
) -> Result<Vec<f64>, EndsMissing> {
    let first = Measure::of(formulation, model, &pareto.first);
    let second = Measure::of(formulation, model, &pareto.second);
    let base = &formulation.milp;
    let describe = |end: &str, error: SolveError| match error {
        SolveError::OutOfTime => EndsMissing::OutOfTime,
        SolveError::Infeasible => {
            EndsMissing::Failed(format!("{end} of the frontier came out infeasible"))
        }
        SolveError::Failed(message) => {
            EndsMissing::Failed(format!("{end} of the frontier failed: {message}"))
        }
    };
    if solver.deadline.passed() {
        return Err(EndsMissing::OutOfTime);
    }
    let at_first = solver
        .solve_exact(formulation, model, base, &first.goal(Sense::Maximize))
        .map_err(|error| describe("the start", error))?;
    let mut held = base.clone();
    at_least(
        &mut held,
        "pareto_first",
        &first,
        first.value(&at_first.values),
    );
    let from = solver
        .solve_exact(formulation, model, &held, &second.goal(Sense::Maximize))
        .map_err(|error| describe("the start", error))?;
    let to = solver
        .solve_exact(formulation, model, base, &second.goal(Sense::Maximize))
        .map_err(|error| describe("the end", error))?;
    if solver.stopped_early {
        return Err(EndsMissing::OutOfTime);
    }
    let (from, to) = (second.value(&from.values), second.value(&to.values));
    let count = pareto.points as usize;
    Ok((0..count)
        .map(|step| from + (to - from) * step as f64 / (count - 1).max(1) as f64)
        .collect())
}

/// The point of the frontier at `epsilon`: a at its most with b ≥ ε; out of time when
/// the deadline stops its solve, or passed before it.
pub fn point(
    formulation: &Formulation,
    model: &Model,
    pareto: &Pareto,
    epsilon: f64,
    mut solver: Solver,
) -> Result<FrontierPoint, SolveError> {
    if solver.deadline.passed() {
        return Err(SolveError::OutOfTime);
    }
    let first = Measure::of(formulation, model, &pareto.first);
    let second = Measure::of(formulation, model, &pareto.second);
    let mut bounded = formulation.milp.clone();
    at_least(&mut bounded, "pareto_second", &second, epsilon);
    let values = solver
        .solve_exact(formulation, model, &bounded, &first.goal(Sense::Maximize))?
        .values;
    if solver.stopped_early {
        return Err(SolveError::OutOfTime);
    }
    Ok(FrontierPoint {
        first: first.value(&values),
        second: second.value(&values),
    })
}

/// Adds `measure ≥ bound`, with the numerical slack of a lexicographic bound so that a
/// bound at an optimum stays feasible.
fn at_least(milp: &mut Milp, name: &str, measure: &Measure, bound: f64) {
    let bound = bound - LEXICOGRAPHIC_SLACK * bound.abs();
    milp.add_row(
        name.to_string(),
        measure.expr.clone(),
        milp::Sense::AtLeast,
        bound / measure.scale,
        measure.scale,
        None,
    );
}
