//! The trade-off frontier of `pareto a, b points n` by the ε-constraint method: maximise a
//! subject to b ≥ ε, for n values of ε evenly spaced from b at a's optimum to b's ideal.
//! Each point is a full solve.

use crate::model::{Model, Pareto, Sense};

use super::Failure;
use super::formulation::Formulation;
use super::milp;
use super::objectives::{LEXICOGRAPHIC_SLACK, Measure, SolveError, Solver};

/// One point of the frontier: the values of a and b, as reported.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrontierPoint {
    pub first: f64,
    pub second: f64,
}

/// The frontier's points, from a's optimum to b's ideal.
pub fn frontier(
    formulation: &Formulation,
    model: &Model,
    pareto: &Pareto,
    solver: &mut Solver,
) -> Result<Vec<FrontierPoint>, Failure> {
    let first = Measure::of(formulation, model, &pareto.first);
    let second = Measure::of(formulation, model, &pareto.second);
    let base = &formulation.milp;
    let at_first = solve(formulation, solver, base, &first.goal(Sense::Maximize))?;
    let from = second.value(&at_first);
    let to = second.value(&solve(
        formulation,
        solver,
        base,
        &second.goal(Sense::Maximize),
    )?);
    let count = pareto.points as usize;
    let mut points = Vec::with_capacity(count);
    for step in 0..count {
        let epsilon = from + (to - from) * step as f64 / (count - 1) as f64;
        let mut bounded = base.clone();
        // The same numerical slack as a lexicographic bound: ε = b's ideal must stay feasible.
        let bound = epsilon - LEXICOGRAPHIC_SLACK * epsilon.abs();
        bounded.add_row(
            format!("pareto_{}", step + 1),
            second.expr.clone(),
            milp::Sense::AtLeast,
            bound / second.scale,
            second.scale,
            None,
        );
        let values = solve(formulation, solver, &bounded, &first.goal(Sense::Maximize))?;
        points.push(FrontierPoint {
            first: first.value(&values),
            second: second.value(&values),
        });
    }
    Ok(points)
}

fn solve(
    formulation: &Formulation,
    solver: &mut Solver,
    milp: &milp::Milp,
    goal: &milp::Goal,
) -> Result<Vec<f64>, Failure> {
    solver
        .solve_settled(formulation, milp, goal)
        .map_err(|error| match error {
            SolveError::Infeasible => {
                Failure::Solver("a point of the pareto frontier came out infeasible".into())
            }
            SolveError::Failed(message) => Failure::Solver(message),
        })
}
