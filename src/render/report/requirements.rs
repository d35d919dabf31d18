//! The plan against its requirements: each constraint's sides and slack, and the risks.

use serde::Serialize;

use crate::format;
use crate::model::{CompareOp, ConstraintKind, Model};
use crate::optimise::Optimised;

use super::quantity;

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
pub(super) fn constraints(model: &Model, optimised: &Optimised) -> Vec<ConstraintReport> {
    model
        .constraints
        .iter()
        .zip(&optimised.solution.constraints)
        .enumerate()
        .map(|(index, (constraint, plan))| {
            let (sides, slack) = match &constraint.kind {
                ConstraintKind::Compare { op, dim, .. } => {
                    let unit = dim.unit_text(&model.currency);
                    let op = match op {
                        CompareOp::AtLeast => "≥",
                        CompareOp::AtMost => "≤",
                        CompareOp::Equal => "=",
                    };
                    (
                        format!(
                            "{} {op} {}",
                            quantity(plan.lhs, &unit),
                            quantity(plan.rhs, &unit)
                        ),
                        quantity(plan.slack, &unit),
                    )
                }
                ConstraintKind::Implies { .. } => {
                    let state = |active: f64| if active >= 0.5 { "open" } else { "closed" };
                    (
                        format!("{} ⇒ {}", state(plan.lhs), state(plan.rhs)),
                        format::number(plan.slack),
                    )
                }
            };
            ConstraintReport {
                name: constraint.label(index),
                text: constraint.text.clone(),
                sides,
                slack,
                binding: plan.binding,
            }
        })
        .collect()
}

/// One revenue share above this is a concentration risk.
const CONCENTRATION: f64 = 0.5;

/// A ramp below this is a late-channel risk.
const LOW_RAMP: f64 = 0.5;

/// What could go wrong with the plan: revenue resting on one channel, channels that open
/// late, a schedule that runs past the horizon.
pub(super) fn risks(model: &Model, optimised: &Optimised) -> Vec<String> {
    let solution = &optimised.solution;
    let revenue = solution.metrics.revenue;
    let mut risks = Vec::new();
    for (channel, plan) in model.channels.iter().zip(&solution.channels) {
        if !plan.active {
            continue;
        }
        if revenue > 0.0 && plan.revenue / revenue > CONCENTRATION {
            risks.push(format!(
                "Revenue rests on one channel: `{}` brings {} of it.",
                channel.id,
                format::percent(plan.revenue / revenue)
            ));
        }
        if plan.ramp < LOW_RAMP {
            risks.push(format!(
                "`{}` goes live in month {}, so it works only {} of the horizon.",
                channel.id,
                format::number(plan.go_live),
                format::percent(plan.ramp)
            ));
        }
    }
    let finish = optimised.schedule.finish;
    if finish > model.horizon.value {
        risks.push(format!(
            "The schedule finishes in month {}, after the horizon of {} months.",
            format::number(finish),
            format::number(model.horizon.value)
        ));
    }
    risks
}
