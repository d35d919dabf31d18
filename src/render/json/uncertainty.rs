//! The JSON plan's `uncertainty` section: the plan, its decisions held fixed, on samples of
//! the strategy's ranges. Absent for a strategy without ranges, so that its plan is what
//! it was before ranges existed.

use serde::Serialize;

use crate::locale::Locale;
use crate::model::{Distribution, Model};
use crate::uncertainty::{Spread, Uncertainty};

/// The plan under uncertainty.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub(super) struct JsonUncertainty<'a> {
    /// The samples asked for.
    samples: usize,
    seed: u64,
    /// Samples left out because their values did not check (0 for a checked strategy).
    failed: usize,
    metrics: SpreadMetrics,
    /// The share of samples in which each requirement holds: `budget`, then each
    /// constraint by its name (`constraint_N` when unnamed).
    requirements: Vec<Odds>,
    /// Each range of the strategy, in the order it was met.
    inputs: Vec<Input<'a>>,
}

/// P10, P50, P90 and the mean of each headline number over the samples.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct SpreadMetrics {
    /// Currency units per year.
    revenue: JsonSpread,
    /// A fraction.
    share: JsonSpread,
    customers: JsonSpread,
    /// Null without a satisfaction block.
    satisfaction: Option<JsonSpread>,
    /// Null without a tech block.
    tech: Option<JsonSpread>,
}

/// Percentiles (linear between order statistics) and the mean.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Spread"))]
struct JsonSpread {
    p10: f64,
    p50: f64,
    p90: f64,
    mean: f64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Odds {
    requirement: String,
    /// A fraction of the samples.
    probability: f64,
}

/// A range as written.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Input<'a> {
    /// What it sets, in English: "the size of `smb`", "param `reach`".
    label: String,
    /// The range and its unit as written: `4k..6k customers`.
    text: &'a str,
    #[cfg_attr(test, schemars(extend("enum" = ["uniform", "triangular"])))]
    distribution: &'static str,
    /// The ends and the most likely value, as written (before units are normalised; a
    /// percent as a fraction). A uniform range's most likely value is its middle.
    low: f64,
    most_likely: f64,
    high: f64,
    /// The unit written after it; empty for a plain number or a percent.
    unit: &'a str,
}

impl From<&Spread> for JsonSpread {
    fn from(spread: &Spread) -> JsonSpread {
        JsonSpread {
            p10: spread.p10,
            p50: spread.p50,
            p90: spread.p90,
            mean: spread.mean,
        }
    }
}

/// The section of `uncertainty`, the samples of `model`'s plan.
pub(super) fn uncertainty<'a>(model: &'a Model, uncertainty: &Uncertainty) -> JsonUncertainty<'a> {
    let mut requirements = vec![Odds {
        requirement: "budget".into(),
        probability: uncertainty.budget,
    }];
    requirements.extend(
        model
            .constraints
            .iter()
            .enumerate()
            .map(|(index, constraint)| Odds {
                requirement: constraint.label(index),
                probability: uncertainty.constraints[index],
            }),
    );
    JsonUncertainty {
        samples: uncertainty.sampling.samples,
        seed: uncertainty.sampling.seed,
        failed: uncertainty.failed,
        metrics: SpreadMetrics {
            revenue: (&uncertainty.revenue).into(),
            share: (&uncertainty.share).into(),
            customers: (&uncertainty.customers).into(),
            satisfaction: uncertainty.satisfaction.as_ref().map(JsonSpread::from),
            tech: uncertainty.tech.as_ref().map(JsonSpread::from),
        },
        requirements,
        inputs: model
            .uncertain
            .iter()
            .map(|input| Input {
                label: input.label(model, Locale::english()),
                text: &input.text,
                distribution: match input.distribution {
                    Distribution::Uniform { .. } => "uniform",
                    Distribution::Triangular { .. } => "triangular",
                },
                low: input.distribution.low(),
                most_likely: input.distribution.most_likely(),
                high: input.distribution.high(),
                unit: &input.unit,
            })
            .collect(),
    }
}
