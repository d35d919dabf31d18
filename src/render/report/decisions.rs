//! What the plan decides: the channels it opens, each market's pricing, where the budget goes.

use serde::Serialize;

use crate::format;
use crate::model::Model;
use crate::optimise::{Metrics, Optimised, Rebuild, explain};

use crate::render::text::paragraph;

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
    /// `Tier-2 hospitals 120, clinics 30`: each market's title, or its id.
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

/// Amounts of money, customers and revenue, each without the solver's rounding beside
/// the plan's budget, customers and revenue (as the JSON plan writes them), so that an
/// opened channel that wins nothing shows 0, not `0.000000000044` or `-0.000000000178`.
struct Amounts<'a> {
    model: &'a Model,
    metrics: &'a Metrics,
}

impl Amounts<'_> {
    fn money(&self, value: f64) -> String {
        format::compact(format::without_noise(value, self.model.budget.value))
    }

    fn customers(&self, value: f64) -> String {
        format::compact(format::without_noise(value, self.metrics.customers))
    }

    fn revenue(&self, value: f64) -> String {
        format::compact(format::without_noise(value, self.metrics.revenue))
    }
}

/// Each opened channel, in declaration order.
pub(super) fn channels(model: &Model, optimised: &Optimised) -> Vec<ChannelReport> {
    let metrics = &optimised.solution.metrics;
    let total_revenue = metrics.revenue;
    let amounts = Amounts { model, metrics };
    model
        .channels
        .iter()
        .zip(&optimised.solution.channels)
        .filter(|(_, plan)| plan.active)
        .map(|(channel, plan)| ChannelReport {
            id: channel.id.clone(),
            title: channel.title.clone(),
            description: channel.doc.as_deref().map(paragraph),
            archetype: channel.archetype.clone(),
            spend: amounts.money(plan.spend + plan.setup),
            setup: amounts.money(plan.setup),
            customers: amounts.customers(plan.customers),
            revenue: amounts.revenue(plan.revenue),
            revenue_share: share_of(plan.revenue, total_revenue),
            go_live: format!("month {}", format::number(plan.go_live)),
            ramp: format::percent(plan.ramp),
            markets: plan
                .markets
                .iter()
                .map(|(market, customers)| {
                    format!(
                        "{} {}",
                        model.markets[market.0].label(),
                        amounts.customers(*customers)
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
                .filter(|closed| !matches!(closed.forced_open, Rebuild::NotComputed(_)))
                .map(|closed| format!("{}.", explain::closed(model, closed, &optimised.terms))),
        })
        .collect()
}

/// How many closed channels are not explained, and why; `None` when all are.
pub(super) fn closed_note(optimised: &Optimised) -> Option<String> {
    let why = optimised
        .closed_channels
        .iter()
        .find_map(|closed| match &closed.forced_open {
            Rebuild::NotComputed(why) => Some(why),
            _ => None,
        })?;
    let count = optimised
        .closed_channels
        .iter()
        .filter(|closed| matches!(closed.forced_open, Rebuild::NotComputed(_)))
        .count();
    let channels = if count == 1 {
        "channel is"
    } else {
        "channels are"
    };
    Some(format!("{count} closed {channels} not explained: {why}."))
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
    let metrics = &optimised.solution.metrics;
    let amounts = Amounts { model, metrics };
    model
        .markets
        .iter()
        .zip(&optimised.solution.markets)
        .map(|(market, plan)| {
            let option = plan.option.map(|index| &market.options[index]);
            MarketReport {
                id: market.id.clone(),
                title: market.title.clone(),
                description: market.doc.as_deref().map(paragraph),
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
                customers: amounts.customers(plan.customers),
                share: format::percent(plan.share),
                revenue: amounts.revenue(plan.revenue),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Amounts;
    use crate::check::model_of;
    use crate::format;
    use crate::optimise::Metrics;

    #[test]
    fn rounding_beside_the_plans_totals_shows_as_zero() {
        let model = model_of(
            "strategy \"T\" { currency USD; horizon 12 months; budget 700k USD }\n\
             objective maximize revenue\n",
        );
        let metrics = Metrics {
            revenue: 4.65e6,
            share: 0.05,
            satisfaction: None,
            tech: None,
            spend: 700e3,
            customers: 604.0,
        };
        let amounts = Amounts {
            model: &model,
            metrics: &metrics,
        };
        assert_eq!(format::compact(-1.78e-10), "-0.000000000178");
        assert_eq!(amounts.money(-1.78e-10), "0");
        assert_eq!(amounts.customers(2.8e-14), "0");
        assert_eq!(amounts.revenue(1.07e-10), "0");
        assert_eq!(amounts.customers(0.5), "0.5");
    }
}
