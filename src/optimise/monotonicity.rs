//! Which curves the strategy could want less of: the sign analysis that decides where the
//! formulation needs binaries to keep a curve exact.
//!
//! Concavity alone fills a curve's segments in order only where more of the curve's output
//! never hurts: then, at any spend, the optimiser wants all the curve gives. Where a goal or
//! a constraint rewards less (a satisfaction `load`, a cap on one channel's revenue,
//! `minimize customers`), it could fill a flatter segment first, or win customers and not
//! serve them. A curve's output counts as possibly unwanted when some variable that grows
//! with it (a channel's customers served; the segments of the service or iteration curve)
//! has, in the solve's goal or in a requirement (a user constraint, a lexicographic or
//! frontier bound, the budget), a coefficient of the sign that prefers it smaller: negative
//! in a maximised goal or an `>=` row, positive in a minimised goal or a `<=` row, anything
//! but zero in an `==` row. The analysis is per solve: on the contract's example, only the
//! solve for satisfaction's ideal (where customers cost satisfaction) needs the binaries;
//! the weighted goal, where revenue and share outweigh that cost, does not.

use super::formulation::{CurveSpend, Formulation};
use super::milp::{self, Affine, Direction, Goal, Milp};

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

/// The analysis of a solve of `milp` (`formulation`'s program with any rows added) for
/// `goal`: the goal, the requirement rows and the rows added to the formulation's own.
pub fn fewer_could_pay(formulation: &Formulation, milp: &Milp, goal: &Goal) -> FewerCouldPay {
    let mut unwanted = vec![false; milp.vars.len()];
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
    let pull = match goal.direction {
        Direction::Maximize => Pull::Up,
        Direction::Minimize => Pull::Down,
    };
    mark(&goal.expr, pull);
    // The formulation's own rows without a requirement are its structure (segments, won
    // and picked customers, market caps), which the exactness argument covers.
    let own = formulation.milp.rows.len();
    for (index, row) in milp.rows.iter().enumerate() {
        if row.requirement.is_some() || index >= own {
            let pull = match row.sense {
                milp::Sense::AtLeast => Pull::Up,
                milp::Sense::AtMost => Pull::Down,
                milp::Sense::Equal => Pull::Fixed,
            };
            mark(&row.expr, pull);
        }
    }
    let mut channels = vec![false; formulation.channel_spend.len()];
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
