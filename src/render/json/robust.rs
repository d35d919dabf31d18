//! The JSON plan's `robust` section: a robust plan beside the most likely plan, both read
//! on the robust program's samples. Absent unless the objective is robust.

use serde::Serialize;

use crate::model::Model;
use crate::uncertainty::robust::{Comparison, OnSamples};

/// The robust plan against the most likely plan.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub(super) struct JsonRobust<'a> {
    /// The objective's quantity as written: `revenue`.
    objective: &'a str,
    /// `at p10`, `expected` or `worst`.
    measure: String,
    /// The samples the robust program held and both plans are read on.
    samples: usize,
    /// The plan of the same strategy with its objective read at the most likely values.
    most_likely_plan: JsonOnSamples,
    robust_plan: JsonOnSamples,
    /// The channels the two plans open, close or spend on differently.
    channels: Vec<JsonChannelChange<'a>>,
}

/// One plan's objective, in the objective's units (rates per year).
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct JsonOnSamples {
    /// The robust measure of its values on the samples (an order statistic for a
    /// percentile: the value all but ⌊p·K⌋ samples reach when maximising).
    measure: f64,
    /// The median of its values on the samples.
    p50: f64,
    /// Its objective at the most likely values.
    most_likely: f64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct JsonChannelChange<'a> {
    id: &'a str,
    most_likely_plan: JsonChannelPlan,
    robust_plan: JsonChannelPlan,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct JsonChannelPlan {
    active: bool,
    /// The promotion spend, 0 when closed.
    spend: f64,
}

/// The section of `comparison`, of `model`'s robust plan.
pub(super) fn robust<'a>(model: &'a Model, comparison: &Comparison) -> JsonRobust<'a> {
    let on_samples = |plan: &OnSamples| JsonOnSamples {
        measure: plan.measure,
        p50: plan.p50,
        most_likely: plan.most_likely,
    };
    let plan = |active: bool, spend: f64| JsonChannelPlan {
        active,
        spend: if active { spend } else { 0.0 },
    };
    JsonRobust {
        objective: &model.objective.terms[0].quantity.text,
        measure: comparison.measure.text(),
        samples: comparison.samples,
        most_likely_plan: on_samples(&comparison.most_likely),
        robust_plan: on_samples(&comparison.robust),
        channels: comparison
            .channels
            .iter()
            .map(|change| JsonChannelChange {
                id: &model.channels[change.channel.0].id,
                most_likely_plan: plan(change.active.0, change.spend.0),
                robust_plan: plan(change.active.1, change.spend.1),
            })
            .collect(),
    }
}
