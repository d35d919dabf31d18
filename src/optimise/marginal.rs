//! Marginal values: for the budget and each binding constraint with a constant side,
//! re-solve the final problem with that side moved by 1% and report the change of the
//! final objective per unit of the side.

use crate::model::{ConstraintKind, Dim, LinExpr, Loc, Model};

use super::Failure;
use super::formulation::{Formulation, RequirementKind};
use super::objectives::{Optimum, SolveError, Solver};

/// How much a requirement's constant side is worth to the objective.
#[derive(Clone, Debug, PartialEq)]
pub struct Marginal {
    /// `budget`, or the constraint's name as written (`constraint_3` when unnamed).
    pub name: String,
    pub loc: Loc,
    /// The dimension of the side that moved.
    pub dim: Dim,
    /// How far the side moved (1% of it), as reported.
    pub step: f64,
    /// The change of the objective for that move; `None` when the moved side made the
    /// strategy infeasible.
    pub change: Option<f64>,
}

impl Marginal {
    /// The change of the objective per unit of the side.
    pub fn per_unit(&self) -> Option<f64> {
        self.change.map(|change| change / self.step)
    }
}

/// A row is binding when its slack is this small, relative to its right-hand side.
const BINDING: f64 = 1e-6;

/// The marginal values of the budget and of each binding user constraint with a constant
/// side, in the order they are written.
pub fn marginal_values(
    formulation: &Formulation,
    model: &Model,
    optimum: &Optimum,
    solver: &mut Solver,
) -> Result<Vec<Marginal>, Failure> {
    let mut marginals = Vec::new();
    let budget = model.budget.value;
    if let Some(row) = row_of(formulation, optimum, &RequirementKind::Budget) {
        let moved = 0.01 * budget;
        let change = resolve(optimum, solver, row, moved / formulation.money_scale)?;
        marginals.push(Marginal {
            name: "budget".into(),
            loc: model.budget.loc,
            dim: Dim::MONEY,
            step: moved,
            change,
        });
    }
    for (index, constraint) in model.constraints.iter().enumerate() {
        let ConstraintKind::Compare { lhs, rhs, dim, .. } = &constraint.kind else {
            continue;
        };
        let Some((constant, sign)) = constant_side(lhs, rhs) else {
            continue;
        };
        let Some(row) = row_of(formulation, optimum, &RequirementKind::Constraint(index)) else {
            continue;
        };
        if constant == 0.0 || !binding(optimum, row) {
            continue;
        }
        let moved = 0.01 * constant;
        let change = resolve(
            optimum,
            solver,
            row,
            sign * moved / formulation.unit_scale(*dim),
        )?;
        let name = constraint.label(index);
        let step = moved * dim.display_factor();
        marginals.push(Marginal {
            name,
            loc: constraint.loc,
            dim: *dim,
            step,
            change,
        });
    }
    Ok(marginals)
}

/// The constant of the side that has no decision in it, and how moving it up moves the
/// row's right-hand side (the row is lhs − rhs, so the rhs side moves it up, the lhs down).
fn constant_side(lhs: &LinExpr, rhs: &LinExpr) -> Option<(f64, f64)> {
    match (lhs.is_constant(), rhs.is_constant()) {
        (false, true) => Some((rhs.constant, 1.0)),
        (true, false) => Some((lhs.constant, -1.0)),
        _ => None,
    }
}

fn row_of(formulation: &Formulation, optimum: &Optimum, kind: &RequirementKind) -> Option<usize> {
    let requirement = formulation
        .requirements
        .iter()
        .position(|r| &r.kind == kind)?;
    optimum
        .milp
        .rows
        .iter()
        .position(|row| row.requirement == Some(requirement))
}

fn binding(optimum: &Optimum, row: usize) -> bool {
    let row = &optimum.milp.rows[row];
    let activity = row.expr.value(&optimum.values);
    (activity - row.rhs).abs() <= BINDING * row.rhs.abs().max(1.0)
}

/// The change of the final objective when row `row`'s right-hand side moves by `delta`.
fn resolve(
    optimum: &Optimum,
    solver: &mut Solver,
    row: usize,
    delta: f64,
) -> Result<Option<f64>, Failure> {
    let mut moved = optimum.milp.clone();
    moved.rows[row].rhs += delta;
    match solver.solve(&moved, &optimum.goal) {
        Ok(values) => Ok(Some(
            (optimum.goal.expr.value(&values) - optimum.goal.expr.value(&optimum.values))
                * optimum.goal.scale,
        )),
        Err(SolveError::Infeasible) => Ok(None),
        Err(SolveError::Failed(message)) => Err(Failure::Solver(message)),
    }
}
