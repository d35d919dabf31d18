//! What could go wrong with a plan: typed risks, found by one function from the model and
//! the plan, and rendered by every output (the Markdown and HTML plans list their
//! sentences; the JSON plan gives each one's kind, subject and sentence).
//!
//! A new kind of risk is a variant of [`RiskKind`] with its key and its sentence, and a
//! check in [`risks`] that finds it.

use crate::format;
use crate::model::{ChannelId, Model};
use crate::optimise::{ChannelPlan, Metrics, Optimised};

/// A risk in a plan: what it is about, and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Risk {
    pub subject: Subject,
    pub kind: RiskKind,
}

/// What a risk is about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Subject {
    Channel(ChannelId),
    /// The plan as a whole.
    Plan,
}

/// The kinds of risk, each with the figures its sentence gives.
#[derive(Clone, Debug, PartialEq)]
pub enum RiskKind {
    /// One channel brings more than half of the revenue: this fraction of it.
    Concentration { fraction: f64 },
    /// An opened channel goes live so late that it works less than half the horizon.
    LateChannel { go_live: f64, ramp: f64 },
    /// The schedule finishes after the horizon.
    LongSchedule { finish: f64 },
}

impl RiskKind {
    /// The stable key tools read the kind by.
    pub fn key(&self) -> &'static str {
        match self {
            RiskKind::Concentration { .. } => "concentration",
            RiskKind::LateChannel { .. } => "late_channel",
            RiskKind::LongSchedule { .. } => "long_schedule",
        }
    }
}

impl Risk {
    /// The id of the channel it is about; `None` for the plan as a whole.
    pub fn subject<'m>(&self, model: &'m Model) -> Option<&'m str> {
        match self.subject {
            Subject::Channel(channel) => Some(&model.channels[channel.0].id),
            Subject::Plan => None,
        }
    }

    /// The risk in a sentence, ids in code spans.
    pub fn sentence(&self, model: &Model) -> String {
        let id = self.subject(model).unwrap_or_default();
        match &self.kind {
            RiskKind::Concentration { fraction } => format!(
                "Revenue rests on one channel: `{id}` brings {} of it.",
                format::percent(*fraction)
            ),
            RiskKind::LateChannel { go_live, ramp } => format!(
                "`{id}` goes live in month {}, so it works only {} of the horizon.",
                format::number(*go_live),
                format::percent(*ramp)
            ),
            RiskKind::LongSchedule { finish } => format!(
                "The schedule finishes in month {}, after the horizon of {} months.",
                format::number(*finish),
                format::number(model.horizon.value)
            ),
        }
    }
}

/// One channel's revenue share above this is a concentration risk.
const CONCENTRATION: f64 = 0.5;

/// A ramp below this is a late-channel risk.
const LOW_RAMP: f64 = 0.5;

/// The risks of a plan: each opened channel's, in declaration order, then the schedule's.
pub fn risks(model: &Model, optimised: &Optimised) -> Vec<Risk> {
    let solution = &optimised.solution;
    let mut risks = Vec::new();
    for (index, plan) in solution.channels.iter().enumerate() {
        if !plan.active {
            continue;
        }
        let id = ChannelId(index);
        let kinds = [
            concentration(plan, &solution.metrics),
            late(plan),
        ];
        risks.extend(kinds.into_iter().flatten().map(|kind| Risk {
            subject: Subject::Channel(id),
            kind,
        }));
    }
    let finish = optimised.schedule.finish;
    if finish > model.horizon.value {
        risks.push(Risk {
            subject: Subject::Plan,
            kind: RiskKind::LongSchedule { finish },
        });
    }
    risks
}

fn concentration(plan: &ChannelPlan, metrics: &Metrics) -> Option<RiskKind> {
    let fraction = plan.revenue / metrics.revenue;
    (metrics.revenue > 0.0 && fraction > CONCENTRATION)
        .then_some(RiskKind::Concentration { fraction })
}

fn late(plan: &ChannelPlan) -> Option<RiskKind> {
    (plan.ramp < LOW_RAMP).then_some(RiskKind::LateChannel {
        go_live: plan.go_live,
        ramp: plan.ramp,
    })
}
