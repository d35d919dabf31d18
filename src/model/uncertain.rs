//! Uncertain inputs: the numbers a strategy writes as ranges (`300..500 customers`).
//!
//! The [`Model`](super::Model) holds each at its most likely value, so that everything
//! downstream reads one number; [`Uncertain`] says where each range was written, what it
//! sets and how it is distributed. A model at other values of the ranges (a sample, a
//! tornado's low or high end) is elaborated again from the source with [`Draws`]:
//! `check::Program::model_at`. Values are as written, before units are normalised: the
//! `300` and `500` of `300..500 customers`, the 0.2 and 0.3 of `20%..30%`, the 2 and 4 of
//! `2..4 months`.

use std::collections::BTreeMap;

use super::{ChannelId, Loc, MarketId, StageKind};
use crate::format;
use crate::locale::Locale;

/// One number written as a range.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    /// Where the range was written: its identity, the key of [`Draws`].
    pub loc: Loc,
    /// What the range sets.
    pub target: Target,
    pub distribution: Distribution,
    /// The unit written after the range, spaces collapsed: `customers`, `USD/month`; empty
    /// for a plain number or a percent.
    pub unit: String,
    /// The range as written, spaces collapsed: `300..400..500 customers`.
    pub text: String,
}

impl Uncertain {
    /// What a person calls it, in `locale`: "the value at point 2 of `aws`'s response",
    /// "param `reach`".
    pub fn label(&self, model: &super::Model, locale: &Locale) -> String {
        self.target.label(model, locale)
    }
}

/// The attribute a range sets. A range inside a larger expression (`300..500 customers *
/// size_factor`) sets the attribute that expression is; a param's range is one input
/// however many places use the param.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// The value of point `point` (from 0) of a response curve.
    ResponseValue {
        curve: CurveOf,
        point: usize,
    },
    /// The spend of point `point` (from 0) of a response curve.
    ResponseSpend {
        curve: CurveOf,
        point: usize,
    },
    MarketSize(MarketId),
    /// The price of option `option` of a market (a `price` shorthand is option 0).
    Price {
        market: MarketId,
        option: usize,
    },
    Usage {
        market: MarketId,
        option: usize,
    },
    Conversion {
        market: MarketId,
        option: usize,
    },
    Lead(ChannelId),
    RevenueShare(ChannelId),
    Param(String),
}

/// Which response curve a point belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CurveOf {
    /// A channel's shared curve.
    Channel(ChannelId),
    /// A market's own curve in a channel.
    ChannelMarket(ChannelId, MarketId),
    /// The satisfaction curve (`service`) or the tech curve (`iteration`).
    Stage(StageKind),
}

impl CurveOf {
    /// The curve in words: "`aws`'s response", "`aliyun`'s response in `finance`".
    pub fn label(self, model: &super::Model, locale: &Locale) -> String {
        match self {
            CurveOf::Channel(channel) => locale.fill(
                "range_curve_channel",
                &[("channel", &model.channels[channel.0].id)],
            ),
            CurveOf::ChannelMarket(channel, market) => locale.fill(
                "range_curve_market",
                &[
                    ("channel", &model.channels[channel.0].id),
                    ("market", &model.markets[market.0].id),
                ],
            ),
            CurveOf::Stage(StageKind::Service) => locale.text("range_curve_satisfaction").into(),
            CurveOf::Stage(_) => locale.text("range_curve_tech").into(),
        }
    }
}

impl Target {
    /// The attribute in words, in `locale`.
    pub fn label(&self, model: &super::Model, locale: &Locale) -> String {
        let option = |market: &MarketId, option: &usize| {
            let market = &model.markets[market.0];
            match market.options.get(*option) {
                Some(found) if market.options.len() > 1 => locale.fill(
                    "range_option",
                    &[("market", &market.id), ("option", &found.id)],
                ),
                _ => format!("`{}`", market.id),
            }
        };
        let point = |key: &'static str, curve: &CurveOf, point: &usize| {
            locale.fill(
                key,
                &[
                    ("point", &format::number((point + 1) as f64)),
                    ("curve", &curve.label(model, locale)),
                ],
            )
        };
        let channel = |key: &'static str, id: &ChannelId| {
            locale.fill(key, &[("channel", &model.channels[id.0].id)])
        };
        match self {
            Target::ResponseValue { curve, point: at } => point("range_point_value", curve, at),
            Target::ResponseSpend { curve, point: at } => point("range_point_spend", curve, at),
            Target::MarketSize(market) => {
                locale.fill("range_size", &[("market", &model.markets[market.0].id)])
            }
            Target::Price { market, option: at } => {
                locale.fill("range_price", &[("option", &option(market, at))])
            }
            Target::Usage { market, option: at } => {
                locale.fill("range_usage", &[("option", &option(market, at))])
            }
            Target::Conversion { market, option: at } => {
                locale.fill("range_conversion", &[("option", &option(market, at))])
            }
            Target::Lead(id) => channel("range_lead", id),
            Target::RevenueShare(id) => channel("range_revenue_share", id),
            Target::Param(name) => locale.fill("range_param", &[("name", name)]),
        }
    }
}

/// How a range's values are spread.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Distribution {
    /// `low..high`: every value between the ends equally likely.
    Uniform { low: f64, high: f64 },
    /// `low..mode..high`: likeliest at the mode, falling linearly to each end.
    Triangular { low: f64, mode: f64, high: f64 },
}

impl Distribution {
    /// The low end.
    pub fn low(self) -> f64 {
        match self {
            Distribution::Uniform { low, .. } | Distribution::Triangular { low, .. } => low,
        }
    }

    /// The high end.
    pub fn high(self) -> f64 {
        match self {
            Distribution::Uniform { high, .. } | Distribution::Triangular { high, .. } => high,
        }
    }

    /// The value the plan uses: the mode, or the middle of a uniform range.
    pub fn most_likely(self) -> f64 {
        match self {
            Distribution::Uniform { low, high } => (low + high) / 2.0,
            Distribution::Triangular { mode, .. } => mode,
        }
    }

    /// The value at probability `p` in [0, 1] (the inverse of the distribution function):
    /// a uniform number in [0, 1] becomes a sample.
    pub fn quantile(self, p: f64) -> f64 {
        let p = p.clamp(0.0, 1.0);
        match self {
            Distribution::Uniform { low, high } => low + (high - low) * p,
            Distribution::Triangular { low, mode, high } => {
                let width = high - low;
                if width <= 0.0 {
                    return mode;
                }
                let left = (mode - low) / width;
                if p <= left {
                    low + (p * width * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - p) * width * (high - mode)).sqrt()
                }
            }
        }
    }
}

/// Values chosen for some of a strategy's ranges, by where each was written; a range
/// without one takes its most likely value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draws {
    values: BTreeMap<Loc, f64>,
}

impl Draws {
    /// No values chosen: every range at its most likely value.
    pub fn none() -> Draws {
        Draws::default()
    }

    /// Sets the range written at `loc` to `value` (as written, before units).
    pub fn set(&mut self, loc: Loc, value: f64) {
        self.values.insert(loc, value);
    }

    /// The value chosen for the range at `loc`, if any.
    pub fn get(&self, loc: Loc) -> Option<f64> {
        self.values.get(&loc).copied()
    }

    /// Whether no value is chosen.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Distribution;

    #[test]
    fn quantiles_invert_the_distribution_functions() {
        let uniform = Distribution::Uniform {
            low: 300.0,
            high: 500.0,
        };
        assert_eq!(uniform.quantile(0.0), 300.0);
        assert_eq!(uniform.quantile(0.25), 350.0);
        assert_eq!(uniform.most_likely(), 400.0);
        let triangle = Distribution::Triangular {
            low: 0.0,
            mode: 1.0,
            high: 2.0,
        };
        // The left half holds half the probability: F(1) = 0.5.
        assert!((triangle.quantile(0.5) - 1.0).abs() < 1e-12);
        // F(x) = x²/2 on the left: F(0.5) = 0.125.
        assert!((triangle.quantile(0.125) - 0.5).abs() < 1e-12);
        assert!((triangle.quantile(1.0 - 0.125) - 1.5).abs() < 1e-12);
        assert_eq!(triangle.quantile(0.0), 0.0);
        assert_eq!(triangle.quantile(1.0), 2.0);
    }
}
