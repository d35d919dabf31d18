//! The plan against its requirements: each constraint's sides and slack, or whether and
//! how an implication holds.

use serde::Serialize;

use crate::format;
use crate::locale::Locale;
use crate::model::{ChannelId, CompareOp, ConstraintKind, Model};
use crate::optimise::{ConstraintPlan, Optimised};

use super::is_share;

/// A user constraint at the plan.
#[derive(Serialize)]
pub struct ConstraintReport {
    pub name: String,
    pub text: String,
    pub sides: String,
    pub slack: String,
    pub binding: bool,
}

/// Each user constraint at the plan, in declaration order.
pub fn constraints(model: &Model, optimised: &Optimised, locale: &Locale) -> Vec<ConstraintReport> {
    model
        .constraints
        .iter()
        .zip(&optimised.solution.constraints)
        .enumerate()
        .map(|(index, (constraint, plan))| {
            let (sides, slack) = match &constraint.kind {
                ConstraintKind::Compare { op, dim, lhs, rhs } => {
                    let unit = model.unit_text(*dim);
                    // A share compared with a share or a constant reads as percents.
                    let percent = (is_share(lhs) || is_share(rhs))
                        && [lhs, rhs]
                            .iter()
                            .all(|side| side.terms.is_empty() || is_share(side));
                    let quantity = |value: f64| {
                        if percent {
                            format::percent(value)
                        } else {
                            locale.quantity(value, &unit)
                        }
                    };
                    let op = match op {
                        CompareOp::AtLeast => "≥",
                        CompareOp::AtMost => "≤",
                        CompareOp::Equal => "=",
                    };
                    (
                        format!("{} {op} {}", quantity(plan.lhs), quantity(plan.rhs)),
                        quantity(plan.slack),
                    )
                }
                ConstraintKind::Implies { from, to } => (
                    implication(model, *from, *to, plan, locale),
                    "—".to_string(),
                ),
            };
            ConstraintReport {
                name: constraint.label(index),
                text: constraint.text.clone(),
                sides,
                slack,
                binding: binds(&constraint.kind, plan),
            }
        })
        .collect()
}

/// Whether a constraint binds at the plan. An implication binds when its first channel
/// is open, so that the second must be; with the first closed it restricts nothing, though
/// y_a ≤ y_b has no slack when both are closed.
pub fn binds(kind: &ConstraintKind, plan: &ConstraintPlan) -> bool {
    match kind {
        ConstraintKind::Compare { .. } => plan.binding,
        ConstraintKind::Implies { .. } => is_open(plan.lhs),
    }
}

/// Whether a channel's y_c at the plan says it is open.
fn is_open(active: f64) -> bool {
    active >= 0.5
}

/// `active(a) => active(b)` at the plan, and whether and how it holds: "`a` open ⇒ `b`
/// open: holds", "`a` closed ⇒ `b` closed: holds, restricts nothing". A slack of y_b − y_a
/// would say nothing a reader can use.
fn implication(
    model: &Model,
    from: ChannelId,
    to: ChannelId,
    plan: &ConstraintPlan,
    locale: &Locale,
) -> String {
    let state = |active: f64| locale.text(if is_open(active) { "open" } else { "closed" });
    let verdict = locale.text(match (is_open(plan.lhs), is_open(plan.rhs)) {
        (false, _) => "holds_restricts_nothing",
        (true, true) => "holds",
        (true, false) => "does_not_hold",
    });
    locale.fill(
        "implication",
        &[
            ("from", &format!("`{}`", model.channels[from.0].id)),
            ("from_state", state(plan.lhs)),
            ("to", &format!("`{}`", model.channels[to.0].id)),
            ("to_state", state(plan.rhs)),
            ("verdict", verdict),
        ],
    )
}
