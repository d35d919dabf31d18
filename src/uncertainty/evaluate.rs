//! A plan's numbers on one model: its decisions (channels opened, spends, pricing
//! options, service and iteration spend) held fixed, and what they bring worked out by
//! the contract's formulas (§5), on a model whose guesses may differ from the plan's.
//!
//! The one choice the formulas leave open is which customers a full market serves when
//! the customers won exceed its cap: the optimiser picks them, and here they are served in
//! order of the revenue each brings (price times one minus the channel's revenue share),
//! the choice that a plan maximising revenue makes. An empty market's won customers are
//! all served, as the contract requires.

use crate::model::{
    ChannelId, CompareOp, ConstraintKind, LinExpr, MarketId, Model, StageKind, Var,
};
use crate::optimise::Solution;
use crate::schedule::Schedule;

/// Slack this small, relative to the larger side (and at least 1), still counts as holding,
/// as the plan's own constraints are read (`optimise::solution`).
const HOLDS: f64 = 1e-6;

/// The numbers of a plan on one model, in model units (money per month for revenue).
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Customers served by each channel in each market, by channel then market.
    served: Vec<Vec<f64>>,
    /// Revenue a month of each channel in each market.
    earned: Vec<Vec<f64>>,
    pub spend: f64,
    /// S_c·y_c + x_c of each channel.
    channel_spend: Vec<f64>,
    stage_spend: [f64; 6],
    pub satisfaction: Option<f64>,
    pub tech: Option<f64>,
    active: Vec<bool>,
    sizes: Vec<f64>,
}

impl Outcome {
    /// The plan `solution` (its decisions) on `model`, with ramps from `schedule` (every
    /// channel opened).
    pub fn of(model: &Model, schedule: &Schedule, solution: &Solution) -> Outcome {
        let channels = model.channels.len();
        let markets = model.markets.len();
        // What each channel wins in each market, and what one such customer brings a month.
        let mut won = vec![vec![0.0; markets]; channels];
        let mut worth = vec![vec![0.0; markets]; channels];
        for (index, channel) in model.channels.iter().enumerate() {
            let plan = &solution.channels[index];
            if !plan.active {
                continue;
            }
            let ramp = schedule.channels[index].map_or(0.0, |opening| opening.ramp);
            for audience in channel.audiences() {
                let market = &model.markets[audience.market.0];
                let Some(option) = solution.markets[audience.market.0]
                    .option
                    .and_then(|chosen| market.options.get(chosen))
                else {
                    continue;
                };
                won[index][audience.market.0] +=
                    option.conversion * audience.split * ramp * audience.curve.value_at(plan.spend);
                worth[index][audience.market.0] =
                    option.monthly_price * (1.0 - channel.revenue_share);
            }
        }
        let mut served = won.clone();
        for (market_index, market) in model.markets.iter().enumerate() {
            let total: f64 = won.iter().map(|row| row[market_index]).sum();
            let mut room = market.cap();
            if total <= room {
                continue;
            }
            let mut order: Vec<usize> = (0..channels).collect();
            // A stable sort: channels that bring the same keep their order.
            order.sort_by(|&a, &b| worth[b][market_index].total_cmp(&worth[a][market_index]));
            for channel in order {
                let take = won[channel][market_index].min(room.max(0.0));
                served[channel][market_index] = take;
                room -= take;
            }
        }
        let earned = served
            .iter()
            .zip(&worth)
            .map(|(row, worth)| row.iter().zip(worth).map(|(u, p)| u * p).collect())
            .collect();
        let customers: f64 = served.iter().flatten().sum();
        let mut stage_spend = [0.0; 6];
        for stage in &model.stages {
            stage_spend[stage.kind as usize] = stage.tasks.iter().map(|task| task.cost).sum();
        }
        for (channel, plan) in model.channels.iter().zip(&solution.channels) {
            if plan.active {
                stage_spend[StageKind::Channels as usize] += channel.setup;
                stage_spend[StageKind::Promotion as usize] += plan.spend;
            }
        }
        stage_spend[StageKind::Service as usize] += solution.service_spend;
        stage_spend[StageKind::Iteration as usize] += solution.iteration_spend;
        Outcome {
            served,
            earned,
            spend: stage_spend.iter().sum(),
            channel_spend: model
                .channels
                .iter()
                .zip(&solution.channels)
                .map(|(channel, plan)| {
                    if plan.active {
                        channel.setup + plan.spend
                    } else {
                        0.0
                    }
                })
                .collect(),
            stage_spend,
            satisfaction: model
                .satisfaction
                .as_ref()
                .map(|block| block.curve.value_at(solution.service_spend) - block.load * customers),
            tech: model
                .tech
                .as_ref()
                .map(|block| block.curve.value_at(solution.iteration_spend)),
            active: solution.channels.iter().map(|plan| plan.active).collect(),
            sizes: model.markets.iter().map(|market| market.size).collect(),
        }
    }

    /// Every customer served.
    pub fn customers(&self) -> f64 {
        self.served.iter().flatten().sum()
    }

    /// Revenue a month.
    pub fn revenue(&self) -> f64 {
        self.earned.iter().flatten().sum()
    }

    /// Customers served over the size of every market.
    pub fn share(&self) -> f64 {
        let size: f64 = self.sizes.iter().sum();
        if size > 0.0 {
            self.customers() / size
        } else {
            0.0
        }
    }

    /// A built-in quantity, in model units.
    fn var(&self, var: Var) -> f64 {
        let channel = |id: ChannelId, of: &Vec<Vec<f64>>| of[id.0].iter().sum::<f64>();
        let market = |id: MarketId, of: &Vec<Vec<f64>>| of.iter().map(|row| row[id.0]).sum::<f64>();
        match var {
            Var::Spend => self.spend,
            Var::SpendChannel(id) => self.channel_spend[id.0],
            Var::SpendStage(kind) => self.stage_spend[kind as usize],
            Var::Customers => self.customers(),
            Var::CustomersChannel(id) => channel(id, &self.served),
            Var::CustomersMarket(id) => market(id, &self.served),
            Var::Revenue => self.revenue(),
            Var::RevenueChannel(id) => channel(id, &self.earned),
            Var::RevenueMarket(id) => market(id, &self.earned),
            Var::Share => self.share(),
            Var::ShareMarket(id) => {
                let size = self.sizes[id.0];
                if size > 0.0 {
                    market(id, &self.served) / size
                } else {
                    0.0
                }
            }
            Var::Satisfaction => self.satisfaction.unwrap_or(0.0),
            Var::Tech => self.tech.unwrap_or(0.0),
            Var::Active(id) => f64::from(u8::from(self.active[id.0])),
            Var::ActiveChannels => self.active.iter().filter(|&&open| open).count() as f64,
        }
    }

    /// An expression of the model's quantities, in model units.
    pub fn value(&self, expr: &LinExpr) -> f64 {
        expr.constant
            + expr
                .terms
                .iter()
                .map(|&(var, coefficient)| coefficient * self.var(var))
                .sum::<f64>()
    }

    /// Whether each of `model`'s constraints holds.
    pub fn constraints_hold(&self, model: &Model) -> Vec<bool> {
        model
            .constraints
            .iter()
            .map(|constraint| match &constraint.kind {
                ConstraintKind::Compare { lhs, op, rhs, .. } => {
                    let (lhs, rhs) = (self.value(lhs), self.value(rhs));
                    let tolerance = HOLDS * lhs.abs().max(rhs.abs()).max(1.0);
                    match op {
                        CompareOp::AtMost => lhs <= rhs + tolerance,
                        CompareOp::AtLeast => lhs >= rhs - tolerance,
                        CompareOp::Equal => (lhs - rhs).abs() <= tolerance,
                    }
                }
                ConstraintKind::Implies { from, to } => !self.active[from.0] || self.active[to.0],
            })
            .collect()
    }
}
