//! Explaining infeasibility: a deletion filter over the user-visible requirements (named
//! constraints, the budget, stage budgets, spend minimums, lexicographic bounds) finds a
//! minimal set that cannot hold together.
//!
//! Starting from all requirements, each is dropped in turn; if the rest is still
//! infeasible it stays dropped, otherwise it is needed and put back. What remains is
//! infeasible, and dropping any one of it makes it feasible.

use crate::model::Model;

use super::Failure;
use super::formulation::Formulation;
use super::milp::{Affine, Direction, Goal, Milp};
use super::objectives::{SolveError, Solver};

/// The indices of a minimal set of requirements that cannot hold together in `milp`
/// (`formulation`'s program with any rows added), made exact for every requirement: a
/// requirement dropped only loosens it, so the program stays exact without it.
pub fn minimal_conflict(
    formulation: &Formulation,
    model: &Model,
    milp: &Milp,
    solver: &mut Solver,
) -> Result<Vec<usize>, Failure> {
    let feasibility = Goal {
        direction: Direction::Maximize,
        expr: Affine::default(),
        scale: 1.0,
    };
    let (milp, _) = formulation.exact_program(model, milp, &feasibility);
    let mut requirements: Vec<usize> = milp.rows.iter().filter_map(|row| row.requirement).collect();
    requirements.sort_unstable();
    requirements.dedup();
    let mut kept: Vec<usize> = requirements.clone();
    for requirement in requirements {
        let without: Vec<usize> = kept
            .iter()
            .copied()
            .filter(|&other| other != requirement)
            .collect();
        let keep =
            |row: &super::milp::Row| row.requirement.is_none_or(|index| without.contains(&index));
        match solver.solve_keeping(&milp, &feasibility, &keep) {
            Err(SolveError::Infeasible) => kept = without,
            Ok(_) => {}
            Err(SolveError::OutOfTime) => {
                return Err(Failure::Solver(super::milp::NO_PLAN_IN_TIME.into()));
            }
            Err(SolveError::Failed(message)) => return Err(Failure::Solver(message)),
        }
    }
    Ok(kept)
}
