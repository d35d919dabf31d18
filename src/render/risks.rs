//! What could go wrong with a plan: typed risks, found by one function from the model and
//! the plan, and rendered by every output (the Markdown and HTML plans list their
//! sentences; the JSON plan gives each one's kind, subject and sentence).
//!
//! A new kind of risk is a variant of [`RiskKind`] with its key and its sentence, and a
//! check in [`risks`] that finds it.

use crate::format;
use crate::locale::Locale;
use crate::model::{
    Channel, ChannelId, CompareOp, ConstraintKind, Curve, LinExpr, MarketId, Model, Var,
};
use crate::optimise::{ChannelPlan, Metrics, Optimised};

use super::report::binds;

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
    Market(MarketId),
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
    /// An opened channel's promotion spend stops at the last point of its response curve:
    /// the curve's end, not the optimiser, set it.
    CurveEnd { spend: f64 },
    /// An opened channel wins no customers; `kept_open_by` names the binding requirements
    /// that need it open (a minimum of active channels, an implication).
    NoCustomers {
        cost: f64,
        kept_open_by: Vec<String>,
    },
    /// A market is full: its channels win more customers than it holds after
    /// competitors, and the rest go unserved.
    Unserved { won: f64, served: f64 },
}

impl RiskKind {
    /// The stable key tools read the kind by.
    pub fn key(&self) -> &'static str {
        match self {
            RiskKind::Concentration { .. } => "concentration",
            RiskKind::LateChannel { .. } => "late_channel",
            RiskKind::LongSchedule { .. } => "long_schedule",
            RiskKind::CurveEnd { .. } => "curve_end",
            RiskKind::NoCustomers { .. } => "no_customers",
            RiskKind::Unserved { .. } => "unserved",
        }
    }
}

impl Risk {
    /// The id of the channel or market it is about; `None` for the plan as a whole.
    pub fn subject<'m>(&self, model: &'m Model) -> Option<&'m str> {
        match self.subject {
            Subject::Channel(channel) => Some(&model.channels[channel.0].id),
            Subject::Market(market) => Some(&model.markets[market.0].id),
            Subject::Plan => None,
        }
    }

    /// The risk in a sentence of `locale`, ids in code spans.
    pub fn sentence(&self, model: &Model, locale: &Locale) -> String {
        let id = self.subject(model).unwrap_or_default();
        let money = |value: f64| locale.money(value, &model.currency);
        let count = |value: f64| locale.format.count(value);
        match &self.kind {
            RiskKind::Concentration { fraction } => locale.fill(
                "risk_concentration",
                &[("id", id), ("share", &format::percent(*fraction))],
            ),
            RiskKind::LateChannel { go_live, ramp } => locale.fill(
                "risk_late_channel",
                &[
                    ("id", id),
                    ("month", &format::months(*go_live)),
                    ("share", &format::percent(*ramp)),
                ],
            ),
            RiskKind::LongSchedule { finish } => locale.fill(
                "risk_long_schedule",
                &[
                    ("month", &format::number(*finish)),
                    ("horizon", &format::number(model.horizon.value)),
                ],
            ),
            RiskKind::CurveEnd { spend } => {
                locale.fill("risk_curve_end", &[("id", id), ("spend", &money(*spend))])
            }
            RiskKind::NoCustomers { cost, kept_open_by } => {
                let cost = if *cost > 0.0 {
                    locale.fill("risk_no_customers_cost", &[("cost", &money(*cost))])
                } else {
                    String::new()
                };
                let why = if kept_open_by.is_empty() {
                    locale.text("risk_no_customers_unkept").to_string()
                } else {
                    let names: Vec<String> = kept_open_by
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect();
                    locale.fill(
                        "risk_no_customers_kept",
                        &[("requirements", &locale.list(&names))],
                    )
                };
                locale.fill(
                    "risk_no_customers",
                    &[("id", id), ("cost", &cost), ("why", &why)],
                )
            }
            RiskKind::Unserved { won, served } => locale.fill(
                "risk_unserved",
                &[
                    ("id", id),
                    ("won", &count(*won)),
                    ("served", &count(*served)),
                    ("unserved", &count(won - served)),
                ],
            ),
        }
    }
}

/// One channel's revenue share above this is a concentration risk. A share within
/// [`ROUNDING`] of it is the solver's rounding of exactly half: `examples/tutoring.strat`'s
/// `institutional_sales` brings half the revenue, and came out just above or just below
/// it depending on where the solve started.
const CONCENTRATION: f64 = 0.5;

/// How far a fraction may be from a threshold and still be the threshold itself.
const ROUNDING: f64 = 1e-9;

/// A ramp below this is a late-channel risk.
const LOW_RAMP: f64 = 0.5;

/// Spend within this fraction of a curve's last point is at the curve's end.
const AT_CURVE_END: f64 = 1e-6;

/// Customers below this fraction of all customers (or of one, when there are fewer) are
/// none: the solver's rounding.
const NO_CUSTOMERS: f64 = 1e-9;

/// Customers won beyond those served, as a fraction of those served, that count as
/// unserved rather than the solver's rounding.
const UNSERVED: f64 = 1e-6;

/// The risks of a plan: each opened channel's, in declaration order, then each full
/// market's, then the schedule's.
pub fn risks(model: &Model, optimised: &Optimised) -> Vec<Risk> {
    let solution = &optimised.solution;
    let mut risks = Vec::new();
    for (index, (channel, plan)) in model.channels.iter().zip(&solution.channels).enumerate() {
        if !plan.active {
            continue;
        }
        let id = ChannelId(index);
        let kinds = [
            concentration(plan, &solution.metrics),
            late(plan),
            curve_end(channel, plan),
            no_customers(model, optimised, id),
        ];
        risks.extend(kinds.into_iter().flatten().map(|kind| Risk {
            subject: Subject::Channel(id),
            kind,
        }));
    }
    for index in 0..model.markets.len() {
        if let Some(kind) = unserved(model, optimised, MarketId(index)) {
            risks.push(Risk {
                subject: Subject::Market(MarketId(index)),
                kind,
            });
        }
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
    (metrics.revenue > 0.0 && fraction > CONCENTRATION + ROUNDING)
        .then_some(RiskKind::Concentration { fraction })
}

/// The customers a full market's channels win beyond those it serves, if any: each
/// channel's spend along its curve for the market, times its ramp, its split and the
/// chosen option's conversion.
fn unserved(model: &Model, optimised: &Optimised, market: MarketId) -> Option<RiskKind> {
    let solution = &optimised.solution;
    let option = &model.markets[market.0].options[solution.markets[market.0].option?];
    let won: f64 = model
        .channels
        .iter()
        .zip(&solution.channels)
        .filter(|(_, plan)| plan.active)
        .flat_map(|(channel, plan)| {
            channel
                .audiences()
                .filter(|audience| audience.market == market)
                .map(|audience| audience.split * plan.ramp * audience.curve.value_at(plan.spend))
        })
        .sum::<f64>()
        * option.conversion;
    let served = solution.markets[market.0].customers;
    (won - served > UNSERVED * served.max(1.0)).then_some(RiskKind::Unserved { won, served })
}

fn late(plan: &ChannelPlan) -> Option<RiskKind> {
    (plan.ramp < LOW_RAMP).then_some(RiskKind::LateChannel {
        go_live: plan.go_live,
        ramp: plan.ramp,
    })
}

/// The spend at which a channel's longest response curve ends: every curve is flat
/// beyond it, so the channel's spend is never more.
fn curve_end_spend(channel: &Channel) -> Option<f64> {
    channel.curves().map(Curve::last_spend).reduce(f64::max)
}

fn curve_end(channel: &Channel, plan: &ChannelPlan) -> Option<RiskKind> {
    let end = curve_end_spend(channel)?;
    ((plan.spend - end).abs() <= AT_CURVE_END * end)
        .then_some(RiskKind::CurveEnd { spend: plan.spend })
}

fn no_customers(model: &Model, optimised: &Optimised, channel: ChannelId) -> Option<RiskKind> {
    let solution = &optimised.solution;
    let plan = &solution.channels[channel.0];
    let none = NO_CUSTOMERS * solution.metrics.customers.max(1.0);
    (plan.customers < none).then(|| RiskKind::NoCustomers {
        cost: plan.setup + plan.spend,
        kept_open_by: kept_open_by(model, optimised, channel),
    })
}

/// The binding constraints that need `channel` open: a bound on `active_channels` or
/// `active(channel)` that closing it would break (`active_channels >= 2`, not `<= 5`),
/// and implications that lead to it from an open channel.
fn kept_open_by(model: &Model, optimised: &Optimised, channel: ChannelId) -> Vec<String> {
    let needs_it = |kind: &ConstraintKind| match kind {
        ConstraintKind::Compare { lhs, op, rhs, .. } => {
            // How much lhs − rhs grows with the channel open.
            let growth = opening(lhs, channel) - opening(rhs, channel);
            match op {
                CompareOp::AtLeast => growth > 0.0,
                CompareOp::AtMost => growth < 0.0,
                CompareOp::Equal => growth != 0.0,
            }
        }
        ConstraintKind::Implies { to, .. } => *to == channel,
    };
    model
        .constraints
        .iter()
        .zip(&optimised.solution.constraints)
        .enumerate()
        .filter(|(_, (constraint, plan))| {
            needs_it(&constraint.kind) && binds(&constraint.kind, plan)
        })
        .map(|(index, (constraint, _))| constraint.label(index))
        .collect()
}

/// How much `expr` grows when `channel` opens: its coefficients of `active_channels` and
/// `active(channel)`.
fn opening(expr: &LinExpr, channel: ChannelId) -> f64 {
    expr.terms
        .iter()
        .filter(|(var, _)| *var == Var::ActiveChannels || *var == Var::Active(channel))
        .map(|(_, coefficient)| coefficient)
        .sum()
}
