//! What the plan decides: the channels it opens, each market's pricing, where the budget goes.

use serde::Serialize;

use crate::format;
use crate::model::Model;
use crate::optimise::{Optimised, explain};

use super::one_line;

/// Where the budget goes.
#[derive(Serialize)]
pub struct SpendReport {
    pub total: String,
    pub budget: String,
    pub used: String,
    pub tasks: String,
    pub setup: String,
    pub promotion: String,
    pub service: String,
    pub iteration: String,
    pub left: String,
}

/// An opened channel.
#[derive(Serialize)]
pub struct ChannelReport {
    pub id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub archetype: Option<String>,
    pub spend: String,
    pub setup: String,
    pub customers: String,
    pub revenue: String,
    pub revenue_share: String,
    pub go_live: String,
    pub ramp: String,
    /// `hospitals 120, clinics 30`.
    pub markets: String,
}

/// A channel the plan leaves closed.
#[derive(Serialize)]
pub struct ClosedReport {
    pub id: String,
    pub title: Option<String>,
    /// What opening it would do, as a sentence; `None` when the plan was built without
    /// asking.
    pub why: Option<String>,
}

/// A market and its pricing.
#[derive(Serialize)]
pub struct MarketReport {
    pub id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub pricing: String,
    pub price: String,
    pub customers: String,
    pub share: String,
    pub revenue: String,
}

/// Each opened channel, in declaration order.
pub(super) fn channels(model: &Model, optimised: &Optimised) -> Vec<ChannelReport> {
    let total_revenue = optimised.solution.metrics.revenue;
    model
        .channels
        .iter()
        .zip(&optimised.solution.channels)
        .filter(|(_, plan)| plan.active)
        .map(|(channel, plan)| ChannelReport {
            id: channel.id.clone(),
            title: channel.title.clone(),
            description: channel.doc.as_deref().map(one_line),
            archetype: channel.archetype.clone(),
            spend: format::compact(plan.spend + plan.setup),
            setup: format::compact(plan.setup),
            customers: format::compact(plan.customers),
            revenue: format::compact(plan.revenue),
            revenue_share: share_of(plan.revenue, total_revenue),
            go_live: format!("month {}", format::number(plan.go_live)),
            ramp: format::percent(plan.ramp),
            markets: plan
                .markets
                .iter()
                .map(|(market, customers)| {
                    format!(
                        "{} {}",
                        model.markets[market.0].id,
                        format::compact(*customers)
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

/// Each channel the plan leaves closed, with what forcing it open would do.
pub(super) fn closed(model: &Model, optimised: &Optimised) -> Vec<ClosedReport> {
    model
        .channels
        .iter()
        .enumerate()
        .zip(&optimised.solution.channels)
        .filter(|(_, plan)| !plan.active)
        .map(|((index, channel), _)| ClosedReport {
            id: channel.id.clone(),
            title: channel.title.clone(),
            why: optimised
                .closed_channels
                .iter()
                .find(|closed| closed.channel.0 == index)
                .map(|closed| format!("{}.", explain::closed(model, closed))),
        })
        .collect()
}

/// `part` as a percent of `whole`, or `—` when the whole is zero.
fn share_of(part: f64, whole: f64) -> String {
    if whole.abs() > 0.0 {
        format::percent(part / whole)
    } else {
        "—".to_string()
    }
}

/// Each market with the pricing the plan chose.
pub(super) fn markets(model: &Model, optimised: &Optimised) -> Vec<MarketReport> {
    model
        .markets
        .iter()
        .zip(&optimised.solution.markets)
        .map(|(market, plan)| {
            let option = plan.option.map(|index| &market.options[index]);
            MarketReport {
                id: market.id.clone(),
                title: market.title.clone(),
                description: market.doc.as_deref().map(one_line),
                pricing: option.map_or_else(|| "—".to_string(), |option| option.id.clone()),
                price: option.map_or_else(
                    || "—".to_string(),
                    |option| {
                        format!(
                            "{} {}/month",
                            format::compact(option.monthly_price),
                            model.currency
                        )
                    },
                ),
                customers: format::compact(plan.customers),
                share: format::percent(plan.share),
                revenue: format::compact(plan.revenue),
            }
        })
        .collect()
}
