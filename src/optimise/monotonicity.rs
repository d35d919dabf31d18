//! Which curves the strategy could want less of: the sign analysis that decides where the
//! formulation needs binaries to keep a curve exact.
//!
//! Concavity alone fills a curve's segments in order only where more of the curve's output
//! never hurts: then, at any spend, the optimiser wants all the curve gives. Where a goal or
//! a constraint rewards less (a satisfaction `load`, a cap on one channel's revenue,
//! `minimize customers`), it could fill a flatter segment first, or win customers and not
//! serve them. A curve's output counts as possibly unwanted when some variable that grows
//! with it (a channel's customers served; the segments of the service or iteration curve)
//! has, in an objective term, a pareto quantity or a user constraint, a coefficient of the
//! sign that prefers it smaller: negative in a maximised goal or an `>=` row, positive in a
//! minimised goal or a `<=` row, anything but zero in an `==` row. Lexicographic bounds
//! and frontier bounds repeat their goals' signs; the budget rows hold no such variable.

use crate::model::{Model, Sense};

use super::formulation::{CurveSpend, Formulation, RequirementKind};
use super::milp::{self, Affine};

/// The curves whose output the strategy could want less of.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FewerCouldPay {
    /// By channel: whether fewer of its customers could pay.
    pub channels: Vec<bool>,
    pub service: bool,
    pub iteration: bool,
}

/// Whether more of a quantity is better, worse, or must stay as it is.
#[derive(Clone, Copy, PartialEq)]
enum Pull {
    Up,
    Down,
    Fixed,
}

/// The analysis of `formulation`'s goals and user constraints.
pub fn fewer_could_pay(formulation: &Formulation, model: &Model) -> FewerCouldPay {
    let mut unwanted = vec![false; formulation.milp.vars.len()];
    let mut mark = |expr: &Affine, pull: Pull| {
        for &(var, coefficient) in &expr.terms {
            let against = match pull {
                Pull::Up => coefficient < 0.0,
                Pull::Down => coefficient > 0.0,
                Pull::Fixed => coefficient != 0.0,
            };
            unwanted[var.0] |= against;
        }
    };
    for term in &model.objective.terms {
        let quantity = &term.quantity;
        let pull = match term.sense {
            Sense::Maximize => Pull::Up,
            Sense::Minimize => Pull::Down,
        };
        mark(
            &formulation.quantity(model, &quantity.expr, quantity.dim),
            pull,
        );
    }
    for quantity in model
        .pareto
        .iter()
        .flat_map(|pareto| [&pareto.first, &pareto.second])
    {
        mark(
            &formulation.quantity(model, &quantity.expr, quantity.dim),
            Pull::Up,
        );
    }
    for row in &formulation.milp.rows {
        let user = row.requirement.is_some_and(|index| {
            matches!(
                formulation.requirements[index].kind,
                RequirementKind::Constraint(_)
            )
        });
        if user {
            let pull = match row.sense {
                milp::Sense::AtLeast => Pull::Up,
                milp::Sense::AtMost => Pull::Down,
                milp::Sense::Equal => Pull::Fixed,
            };
            mark(&row.expr, pull);
        }
    }
    let mut channels = vec![false; model.channels.len()];
    for serve in &formulation.serve {
        channels[serve.channel.0] |= unwanted[serve.var.0];
    }
    let curve = |curve: &Option<CurveSpend>| {
        curve
            .as_ref()
            .is_some_and(|curve| curve.segments.vars.iter().any(|var| unwanted[var.0]))
    };
    FewerCouldPay {
        channels,
        service: curve(&formulation.service),
        iteration: curve(&formulation.iteration),
    }
}
