//! Reading a plan off the optimal values: decisions, metrics and each constraint's slack,
//! in the units the plan reports (currency, customers, revenue per year, fractions).

use crate::model::{
    ChannelId, CompareOp, ConstraintKind, Dim, LinExpr, MarketId, Model, StageKind, Var,
};
use crate::schedule::Schedule;

use super::formulation::Formulation;
use super::objectives::Optimum;

/// The headline numbers of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// Annual recurring revenue.
    pub revenue: f64,
    /// Customers served over the total size of all markets.
    pub share: f64,
    /// `None` without a satisfaction block.
    pub satisfaction: Option<f64>,
    /// `None` without a tech block.
    pub tech: Option<f64>,
    pub spend: f64,
    pub customers: f64,
}

/// What the plan does with one channel.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelPlan {
    pub active: bool,
    /// x_c, the promotion spend.
    pub spend: f64,
    /// S_c·y_c.
    pub setup: f64,
    pub go_live: f64,
    pub ramp: f64,
    pub customers: f64,
    pub revenue: f64,
    /// Customers served in each market it wins customers in: those of `reaches` in
    /// order, then those with a curve of their own.
    pub markets: Vec<(MarketId, f64)>,
}

/// What the plan does in one market.
#[derive(Clone, Debug, PartialEq)]
pub struct MarketPlan {
    /// The chosen pricing option, by index; `None` for a market without options.
    pub option: Option<usize>,
    pub customers: f64,
    pub share: f64,
    pub revenue: f64,
}

/// A user constraint at the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstraintPlan {
    pub lhs: f64,
    pub rhs: f64,
    /// How far the constraint is from binding (0 when it binds).
    pub slack: f64,
    pub binding: bool,
}

/// The decisions and numbers of an optimal plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    pub metrics: Metrics,
    pub channels: Vec<ChannelPlan>,
    pub markets: Vec<MarketPlan>,
    pub service_spend: f64,
    pub iteration_spend: f64,
    /// Each stage's spend, in [`StageKind::ALL`] order.
    pub stage_spend: Vec<f64>,
    pub constraints: Vec<ConstraintPlan>,
}

/// Slack this small, relative to the larger side (and at least 1), counts as binding:
/// the one measure of binding, for the plan's constraints and the marginal values.
const BINDING: f64 = 1e-6;

/// A value of the scaled program this small is the solver's rounding of 0.
const ROUNDING: f64 = 1e-9;

/// A value of the scaled program as reported, `scale` times as large. The program's
/// numbers are near 1, so what is smaller than [`ROUNDING`] is the solver's rounding: a
/// plan that wins nothing earns 0 USD/year, not 2.7e-11.
pub(super) fn reported(scaled: f64, scale: f64) -> f64 {
    if scaled.abs() < ROUNDING {
        0.0
    } else {
        scaled * scale
    }
}

/// Reads values in the plan's units off a solution.
struct Reader<'a> {
    formulation: &'a Formulation,
    model: &'a Model,
    values: &'a [f64],
}

impl Reader<'_> {
    /// A built-in quantity, as reported.
    fn var(&self, var: Var) -> f64 {
        let dim = super::formulation::var_dim(var);
        self.expr(&LinExpr::var(var), dim)
    }

    /// A model expression of dimension `dim`, as reported.
    fn expr(&self, expr: &LinExpr, dim: Dim) -> f64 {
        let affine = self.formulation.quantity(self.model, expr, dim);
        let scale = self.formulation.unit_scale(dim) * dim.display_factor();
        reported(affine.value(self.values), scale)
    }
}

impl Metrics {
    /// The headline numbers at a solve's values.
    pub fn read(formulation: &Formulation, model: &Model, values: &[f64]) -> Metrics {
        let reader = Reader {
            formulation,
            model,
            values,
        };
        Metrics {
            revenue: reader.var(Var::Revenue),
            share: reader.var(Var::Share),
            satisfaction: model
                .satisfaction
                .as_ref()
                .map(|_| reader.var(Var::Satisfaction)),
            tech: model.tech.as_ref().map(|_| reader.var(Var::Tech)),
            spend: reader.var(Var::Spend),
            customers: reader.var(Var::Customers),
        }
    }

    /// Each number's change from `before` to these, divided by `step`.
    pub fn change_from(&self, before: &Metrics, step: f64) -> Metrics {
        let per = |after: f64, before: f64| (after - before) / step;
        let both = |after: Option<f64>, before: Option<f64>| Some(per(after?, before?));
        Metrics {
            revenue: per(self.revenue, before.revenue),
            share: per(self.share, before.share),
            satisfaction: both(self.satisfaction, before.satisfaction),
            tech: both(self.tech, before.tech),
            spend: per(self.spend, before.spend),
            customers: per(self.customers, before.customers),
        }
    }
}

impl Solution {
    /// The plan at `optimum`, with go-lives and ramps from `schedule` (every channel).
    pub fn read(
        formulation: &Formulation,
        model: &Model,
        optimum: &Optimum,
        schedule: &Schedule,
    ) -> Solution {
        let reader = Reader {
            formulation,
            model,
            values: &optimum.values,
        };
        let metrics = Metrics::read(formulation, model, &optimum.values);
        let channels = (0..model.channels.len())
            .map(|index| channel(&reader, schedule, ChannelId(index)))
            .collect();
        let markets = (0..model.markets.len())
            .map(|index| market(&reader, MarketId(index)))
            .collect();
        let curve_spend = |curve: &Option<super::formulation::CurveSpend>| {
            curve.as_ref().map_or(0.0, |curve| {
                optimum.values[curve.segments.spend.0] * formulation.money_scale
            })
        };
        Solution {
            metrics,
            channels,
            markets,
            service_spend: curve_spend(&formulation.service),
            iteration_spend: curve_spend(&formulation.iteration),
            stage_spend: StageKind::ALL
                .iter()
                .map(|&kind| reader.var(Var::SpendStage(kind)))
                .collect(),
            constraints: model
                .constraints
                .iter()
                .map(|constraint| constraint_plan(&reader, &constraint.kind))
                .collect(),
        }
    }
}

fn channel(reader: &Reader, schedule: &Schedule, id: ChannelId) -> ChannelPlan {
    let formulation = reader.formulation;
    let model = reader.model;
    let active = reader.values[formulation.open[id.0].0] >= 0.5;
    let opening = schedule.channels[id.0];
    ChannelPlan {
        active,
        spend: reader.values[formulation.channel_spend[id.0].spend.0] * formulation.money_scale,
        setup: if active {
            model.channels[id.0].setup
        } else {
            0.0
        },
        go_live: opening.map_or(f64::INFINITY, |opening| opening.open.finish),
        ramp: opening.map_or(0.0, |opening| opening.ramp),
        customers: reader.var(Var::CustomersChannel(id)),
        revenue: reader.var(Var::RevenueChannel(id)),
        markets: model.channels[id.0]
            .audiences()
            .map(|audience| {
                let served: f64 = formulation
                    .serve
                    .iter()
                    .filter(|serve| serve.channel == id && serve.market == audience.market)
                    .map(|serve| reader.values[serve.var.0] * formulation.customer_scale)
                    .sum();
                (audience.market, served)
            })
            .collect(),
    }
}

fn market(reader: &Reader, id: MarketId) -> MarketPlan {
    let picks = &reader.formulation.pick[id.0];
    MarketPlan {
        option: picks.iter().position(|pick| reader.values[pick.0] >= 0.5),
        customers: reader.var(Var::CustomersMarket(id)),
        share: reader.var(Var::ShareMarket(id)),
        revenue: reader.var(Var::RevenueMarket(id)),
    }
}

fn constraint_plan(reader: &Reader, kind: &ConstraintKind) -> ConstraintPlan {
    let (lhs, rhs, op) = match kind {
        ConstraintKind::Compare { lhs, op, rhs, dim } => {
            (reader.expr(lhs, *dim), reader.expr(rhs, *dim), *op)
        }
        ConstraintKind::Implies { from, to } => (
            reader.var(Var::Active(*from)),
            reader.var(Var::Active(*to)),
            CompareOp::AtMost,
        ),
    };
    let slack = match op {
        CompareOp::AtMost => rhs - lhs,
        CompareOp::AtLeast => lhs - rhs,
        CompareOp::Equal => -(lhs - rhs).abs(),
    };
    let tolerance = BINDING * lhs.abs().max(rhs.abs()).max(1.0);
    let slack = if slack.abs() <= tolerance { 0.0 } else { slack };
    ConstraintPlan {
        lhs,
        rhs,
        slack,
        binding: slack == 0.0,
    }
}
