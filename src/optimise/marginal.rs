//! Marginal values (contract §5): for the budget and each binding constraint with a
//! constant side, build the plan again with that side moved by 1%, and report per unit of
//! the side how the objective and each metric move.

use crate::model::{ConstraintKind, Dim, LinExpr, Loc, Model};

use super::formulation::{Formulation, RequirementKind};
use super::rebuild::{Change, Headline, Rebuild, Variant};
use super::solution::Solution;

/// A limit whose worth is measured: the budget, or a binding user constraint's constant side.
#[derive(Clone, Debug, PartialEq)]
pub struct Limit {
    /// `budget`, or the constraint's name as written (`constraint_3` when unnamed).
    pub name: String,
    pub loc: Loc,
    /// The dimension of the side.
    pub dim: Dim,
    /// The side's value, as reported (rates per year).
    pub side: f64,
    /// How far it moves: 1% of it, as reported.
    pub step: f64,
    /// The move, as a change of the program.
    pub variant: Variant,
}

/// What a limit is worth.
#[derive(Clone, Debug, PartialEq)]
pub struct Marginal {
    pub limit: Limit,
    /// The plan built again with the side moved.
    pub moved: Rebuild,
    /// The change of the objective and of each metric per unit of the side; `None` when
    /// the moved strategy has no plan.
    pub per_unit: Option<Change>,
}

impl Marginal {
    /// The worth of `limit`, from the plan `plan` and the plan built with it moved.
    pub fn of(limit: Limit, moved: Rebuild, plan: &Headline) -> Marginal {
        let per_unit = moved
            .headline()
            .map(|after| Change::between(plan, after, limit.step));
        Marginal {
            limit,
            moved,
            per_unit,
        }
    }
}

/// The budget and each binding user constraint with a constant side, in the order they
/// are written.
pub fn limits(formulation: &Formulation, model: &Model, solution: &Solution) -> Vec<Limit> {
    let requirement = |kind: &RequirementKind| {
        formulation
            .requirements
            .iter()
            .position(|requirement| &requirement.kind == kind)
    };
    let mut limits = Vec::new();
    let budget = model.budget.value;
    if let Some(index) = requirement(&RequirementKind::Budget).filter(|_| budget != 0.0) {
        limits.push(Limit {
            name: "budget".into(),
            loc: model.budget.loc,
            dim: Dim::MONEY,
            side: budget,
            step: 0.01 * budget,
            variant: Variant::MoveLimit {
                requirement: index,
                by: 0.01 * budget / formulation.money_scale,
            },
        });
    }
    for (index, (constraint, plan)) in model
        .constraints
        .iter()
        .zip(&solution.constraints)
        .enumerate()
    {
        let ConstraintKind::Compare { lhs, rhs, dim, .. } = &constraint.kind else {
            continue;
        };
        let Some((side, sign)) = constant_side(lhs, rhs) else {
            continue;
        };
        let Some(requirement) = requirement(&RequirementKind::Constraint(index)) else {
            continue;
        };
        if side == 0.0 || !plan.binding {
            continue;
        }
        let moved = 0.01 * side;
        limits.push(Limit {
            name: constraint.label(index),
            loc: constraint.loc,
            dim: *dim,
            side: side * dim.display_factor(),
            step: moved * dim.display_factor(),
            variant: Variant::MoveLimit {
                requirement,
                by: sign * moved / formulation.unit_scale(*dim),
            },
        });
    }
    limits
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
