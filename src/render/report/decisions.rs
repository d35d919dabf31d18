//! What the plan decides: the channels it opens, each market's pricing, where the budget goes.

use serde::Serialize;

use crate::format;
use crate::locale::Locale;
use crate::model::{Model, PricingOption};
use crate::optimise::{Metrics, Omitted, Optimised, explain};

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
/// Customers are whole numbers in the tables; the JSON plan keeps the exact figure.
struct Amounts<'a> {
    model: &'a Model,
    metrics: &'a Metrics,
    locale: &'a Locale,
}

impl Amounts<'_> {
    fn money(&self, value: f64) -> String {
        let value = format::without_noise(value, self.model.budget.value);
        self.locale.format.compact(value)
    }

    fn customers(&self, value: f64) -> String {
        let value = format::without_noise(value, self.metrics.customers);
        self.locale.format.count(value)
    }

    fn revenue(&self, value: f64) -> String {
        let value = format::without_noise(value, self.metrics.revenue);
        self.locale.format.compact(value)
    }
}

/// Each opened channel, in declaration order.
pub fn channels(model: &Model, optimised: &Optimised, locale: &Locale) -> Vec<ChannelReport> {
    let metrics = &optimised.solution.metrics;
    let total_revenue = metrics.revenue;
    let amounts = Amounts {
        model,
        metrics,
        locale,
    };
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
            go_live: locale.fill("month", &[("month", &format::months(plan.go_live))]),
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
                .join(locale.text("list_separator")),
        })
        .collect()
}

/// Each channel the plan leaves closed, with what forcing it open would do.
pub fn closed(model: &Model, optimised: &Optimised, locale: &Locale) -> Vec<ClosedReport> {
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
                .filter(|closed| !closed.left_out())
                .map(|closed| {
                    let why = explain::closed(model, closed, &optimised.terms, locale);
                    format!("{why}{}", locale.text("full_stop"))
                }),
        })
        .collect()
}

/// How many closed channels are not explained, and why; `None` when all are.
pub fn closed_note(optimised: &Optimised, locale: &Locale) -> Option<String> {
    let count = optimised
        .closed_channels
        .iter()
        .filter(|closed| closed.left_out())
        .count();
    if count == 0 {
        return None;
    }
    let key = if count == 1 {
        "closed_not_explained_one"
    } else {
        "closed_not_explained_many"
    };
    let why = explain::omitted(Omitted::NotClosestToOpening, locale);
    Some(locale.fill(
        key,
        &[("count", &format::number(count as f64)), ("why", &why)],
    ))
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
pub fn markets(model: &Model, optimised: &Optimised, locale: &Locale) -> Vec<MarketReport> {
    let metrics = &optimised.solution.metrics;
    let amounts = Amounts {
        model,
        metrics,
        locale,
    };
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
                price: option
                    .map_or_else(|| "—".to_string(), |option| price(model, option, locale)),
                customers: amounts.customers(plan.customers),
                share: format::percent(plan.share),
                revenue: amounts.revenue(plan.revenue),
            }
        })
        .collect()
}

/// What one customer pays a month under `option`, and for a price per a count unit the
/// unit price and usage it is worked out from: `480 USD/month (0.012 USD per 1k tokens ×
/// 40M tokens/month)`.
fn price(model: &Model, option: &PricingOption, locale: &Locale) -> String {
    let currency = &model.currency;
    let monthly = locale.quantity(option.monthly_price, &format!("{currency}/month"));
    let Some(unit_price) = &option.unit_price else {
        return monthly;
    };
    let unit = model.units.get(unit_price.unit);
    let per = if unit_price.per == 1.0 {
        unit.singular.clone()
    } else {
        let word = unit.word_for(unit_price.per);
        format!("{} {word}", locale.format.compact(unit_price.per))
    };
    let usage = unit_price.usage_per_month;
    let usage_unit = format!("{}/month", unit.word_for(usage));
    locale.fill(
        "price_per_unit",
        &[
            ("monthly", &monthly),
            ("price", &locale.quantity(unit_price.amount, currency)),
            ("per", &per),
            ("usage", &locale.quantity(usage, &usage_unit)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::{Amounts, Locale, price};
    use crate::check::model_of;
    use crate::format;
    use crate::optimise::Metrics;

    #[test]
    fn a_price_per_a_count_unit_shows_beside_its_monthly_price() {
        let model = model_of(
            "strategy \"T\" { currency USD; horizon 12 months; budget 700k USD }\n\
             unit tokens\nunit call\n\
             pricing m {\n\
               option api { price 0.012 USD per 1k tokens; usage 40M tokens/month }\n\
               option agent { price 0.02 USD/call; usage 2k calls/day }\n\
               option one { price 5 USD per 1 call; usage 1 call/month }\n\
               option team { price 400 USD/month }\n\
             }\n\
             market m { size 1k customers }\n\
             objective maximize revenue\n",
        );
        let prices: Vec<String> = model.markets[0]
            .options
            .iter()
            .map(|option| price(&model, option, Locale::english()))
            .collect();
        assert_eq!(
            prices,
            [
                "480 USD/month (0.012 USD per 1k tokens × 40M tokens/month)",
                "1.22k USD/month (0.02 USD per call × 60.8k calls/month)",
                "5 USD/month (5 USD per call × 1 call/month)",
                "400 USD/month",
            ]
        );
        let chinese = Locale::named("zh-CN").unwrap();
        assert_eq!(
            price(&model, &model.markets[0].options[0], chinese),
            "480 USD/月（0.012 USD/1,000 tokens × 4000万 tokens/月）"
        );
    }

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
            locale: crate::locale::Locale::english(),
        };
        assert_eq!(format::compact(-1.78e-10), "-0.000000000178");
        assert_eq!(amounts.money(-1.78e-10), "0");
        assert_eq!(amounts.customers(2.8e-14), "0");
        assert_eq!(amounts.revenue(1.07e-10), "0");
        assert_eq!(amounts.customers(0.4), "0");
        assert_eq!(amounts.customers(603.6), "604", "customers are whole");
    }
}
