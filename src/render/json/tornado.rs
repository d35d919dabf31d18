//! The JSON plan's `tornado` section: the plan built again with each range at its low and
//! at its high end, the inputs that move the objective most first. Absent for a strategy
//! without ranges.

use serde::Serialize;

use crate::model::{Distribution, Model};
use crate::optimise::tornado::{Swing, Tornado};

use super::extras::{Rebuilt, rebuilt};
use super::figures::Scales;

/// What matters most.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub(super) struct JsonTornado<'a> {
    /// The objective at the most likely values (of the most likely plan, for a robust
    /// objective), where every bar starts.
    objective: f64,
    /// At most 10 inputs, the widest swing first; inputs whose ends the time limit
    /// stopped come last.
    inputs: Vec<JsonSwing<'a>>,
    /// How many more inputs were ranked and are not listed.
    left_out: usize,
}

/// One range at its two ends.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct JsonSwing<'a> {
    /// The range as written: `300..400..500 customers`.
    range: &'a str,
    /// What it sets, in words: "the size of `clinics`".
    sets: String,
    low: JsonEnd<'a>,
    high: JsonEnd<'a>,
    /// The highest minus the lowest of the two ends' objectives and the centre's.
    swing: f64,
}

/// The plan built again with the range at one end.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct JsonEnd<'a> {
    /// The end, as written (before units: the 300 of `300..500 customers`).
    value: f64,
    /// The objective there, on the plan's scale (a weighted objective against the plan's
    /// ideals); null without a plan.
    objective: Option<f64>,
    plan: Rebuilt<'a>,
}

/// The section of `tornado`, of `model`'s plan.
pub(super) fn tornado<'a>(
    model: &'a Model,
    tornado: &'a Tornado,
    scales: &'a Scales,
) -> JsonTornado<'a> {
    let swing = |swing: &'a Swing| {
        let input = &model.uncertain[swing.input];
        JsonSwing {
            range: &input.text,
            sets: input.label(model, crate::locale::Locale::english()),
            low: JsonEnd {
                value: Distribution::low(input.distribution),
                objective: swing.at_low,
                plan: rebuilt(model, &swing.low, scales),
            },
            high: JsonEnd {
                value: Distribution::high(input.distribution),
                objective: swing.at_high,
                plan: rebuilt(model, &swing.high, scales),
            },
            swing: swing.width(tornado.centre),
        }
    };
    JsonTornado {
        objective: tornado.centre,
        inputs: tornado.swings.iter().map(swing).collect(),
        left_out: tornado.left_out,
    }
}
