//! A robust plan beside the most likely plan: both evaluated on the robust program's
//! samples, with their decisions held fixed ([`Outcome`]), so that a team sees what the
//! robust objective gains in the unlucky samples and what it gives up in the middle.

use crate::check::{Override, Program};
use crate::model::{ChannelId, Model, RobustMeasure, Sense};
use crate::optimise::{Sample, Solution};
use crate::schedule::Schedule;
use crate::source::SourceMap;

use super::{Outcome, draws, percentile, sample_at};

/// The robust plan against the most likely plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub measure: RobustMeasure,
    /// How many samples the robust program held (and both plans are evaluated on).
    pub samples: usize,
    /// The most likely plan: the same strategy with its objective read at the most likely
    /// values.
    pub most_likely: OnSamples,
    pub robust: OnSamples,
    /// The channels the two plans treat differently, in definition order.
    pub channels: Vec<ChannelChange>,
}

/// One plan's objective on the samples, in the plan's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OnSamples {
    /// The robust measure of its values (what the robust objective optimises).
    pub measure: f64,
    /// The median of its values.
    pub p50: f64,
    /// Its objective at the most likely values.
    pub most_likely: f64,
}

/// A channel the robust plan opens, closes or spends on differently.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChannelChange {
    pub channel: ChannelId,
    /// Whether each plan opens it: (most likely, robust).
    pub active: (bool, bool),
    /// Each plan's promotion spend on it.
    pub spend: (f64, f64),
}

/// Spend moved by less than this, relative to the larger spend (and at least 1 currency
/// unit), is the solver's rounding, not a change of plan.
const MOVED: f64 = 1e-6;

/// The first `count` samples of `seed` (those the uncertainty section starts with),
/// elaborated with `overrides` and scheduled; a sample whose values do not make a model
/// that checks is left out.
pub fn samples(
    program: &Program,
    sources: &SourceMap,
    overrides: &[Override],
    model: &Model,
    seed: u64,
    count: usize,
) -> Vec<Sample> {
    (0..count)
        .filter_map(|index| sample_at(program, sources, overrides, &draws(model, seed, index)))
        .collect()
}

/// The plans `most_likely` and `robust` of `model` (whose full schedule is `schedule`),
/// side by side on `samples`; `None` when the objective is not robust or there are no
/// samples.
pub fn compare(
    model: &Model,
    schedule: &Schedule,
    samples: &[Sample],
    most_likely: &Solution,
    robust: &Solution,
) -> Option<Comparison> {
    let measure = model.objective.robust?.measure;
    if samples.is_empty() {
        return None;
    }
    let term = &model.objective.terms[0];
    let maximize = term.sense == Sense::Maximize;
    let factor = term.quantity.dim.display_factor();
    let objective = |model: &Model, schedule: &Schedule, solution: &Solution| {
        let outcome = Outcome::of(model, schedule, solution);
        outcome.value(&model.objective.terms[0].quantity.expr) * factor
    };
    let on_samples = |solution: &Solution| {
        let mut values: Vec<f64> = samples
            .iter()
            .map(|sample| objective(&sample.model, &sample.schedule, solution))
            .collect();
        values.sort_by(f64::total_cmp);
        OnSamples {
            measure: measure.of(&values, maximize),
            p50: percentile(&values, 0.5),
            most_likely: objective(model, schedule, solution),
        }
    };
    let channels = most_likely
        .channels
        .iter()
        .zip(&robust.channels)
        .enumerate()
        .filter(|(_, (before, after))| {
            let spend = if before.active { before.spend } else { 0.0 };
            let moved = if after.active { after.spend } else { 0.0 };
            before.active != after.active
                || (spend - moved).abs() > MOVED * spend.abs().max(moved.abs()).max(1.0)
        })
        .map(|(index, (before, after))| ChannelChange {
            channel: ChannelId(index),
            active: (before.active, after.active),
            spend: (before.spend, after.spend),
        })
        .collect();
    Some(Comparison {
        measure,
        samples: samples.len(),
        most_likely: on_samples(most_likely),
        robust: on_samples(robust),
        channels,
    })
}
