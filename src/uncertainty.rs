//! The plan under uncertainty: the chosen plan, its decisions held fixed, on samples of
//! the strategy's ranges.
//!
//! A stage after `optimise`: it reads the plan and the model. Each sample draws every range
//! of [`Model::uncertain`] (inverse-CDF sampling from a [`random::SplitMix64`] stream of
//! its own, so the numbers depend on the seed and the sample's index only), elaborates the
//! model again at those values (`check::Program::model_at`, the model the checker would
//! build had the strategy written them), schedules it for its ramps, and works out what
//! the plan's decisions bring there ([`evaluate::Outcome`]). Samples run on every core.
//! Percentiles are the linear interpolation between order statistics at p·(n − 1) (type 7
//! of Hyndman and Fan, numpy's default).

mod evaluate;
pub mod random;
pub mod robust;

use crate::check::{Override, Program};
use crate::model::{ChannelId, Draws, MarketId, Model};
use crate::optimise::{Sample, Solution};
use crate::schedule::Schedule;
use crate::source::SourceMap;

pub use evaluate::Outcome;

/// How many samples, from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sampling {
    /// 0 turns sampling off.
    pub samples: usize,
    pub seed: u64,
}

impl Sampling {
    /// The samples `stratc build` takes unless told otherwise.
    pub const DEFAULT_SAMPLES: usize = 1000;
    /// The seed `stratc build` uses unless told otherwise.
    pub const DEFAULT_SEED: u64 = 2027;
}

impl Default for Sampling {
    fn default() -> Sampling {
        Sampling {
            samples: Sampling::DEFAULT_SAMPLES,
            seed: Sampling::DEFAULT_SEED,
        }
    }
}

/// The plan on samples of the ranges.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertainty {
    pub sampling: Sampling,
    /// Samples whose values did not make a model that checks (none, for a checked strategy
    /// whose ranges keep within what each attribute allows); they are left out.
    pub failed: usize,
    /// Annual recurring revenue, money per year.
    pub revenue: Spread,
    /// A fraction.
    pub share: Spread,
    pub customers: Spread,
    pub satisfaction: Option<Spread>,
    pub tech: Option<Spread>,
    /// The revenue of each sample, per year, smallest first: the histogram's data.
    pub revenues: Vec<f64>,
    /// For each of the model's constraints, the fraction of samples in which it holds.
    pub constraints: Vec<f64>,
    /// The fraction of samples in which the plan's spend stays within the budget.
    pub budget: f64,
    /// The P10–P90 band of each response curve of a channel the plan opens.
    pub fans: Vec<Fan>,
}

/// Percentiles of a number over the samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub mean: f64,
}

impl Spread {
    /// The spread of `values`, sorted smallest first (not empty).
    fn of_sorted(values: &[f64]) -> Spread {
        Spread {
            p10: percentile(values, 0.1),
            p50: percentile(values, 0.5),
            p90: percentile(values, 0.9),
            mean: values.iter().sum::<f64>() / values.len() as f64,
        }
    }

    fn of(mut values: Vec<f64>) -> Spread {
        values.sort_by(f64::total_cmp);
        Spread::of_sorted(&values)
    }
}

/// The value at probability `p` of sorted `values`: linear between the order statistics
/// around p·(n − 1).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let position = p * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    let along = position - below as f64;
    sorted[below] + (sorted[above] - sorted[below]) * along
}

/// A response curve's P10–P90 band: at each spend point of the curve's most likely
/// shape, the 10th and 90th percentiles of the sampled curves' values there.
#[derive(Clone, Debug, PartialEq)]
pub struct Fan {
    pub channel: ChannelId,
    /// The market whose own curve it is; `None` for the shared curve.
    pub market: Option<MarketId>,
    /// (spend, P10 value, P90 value), the origin first.
    pub points: Vec<(f64, f64, f64)>,
}

/// What one sample gives: the outcome and the curves' values at the fans' spends.
struct Sampled {
    outcome: Outcome,
    constraints: Vec<bool>,
    within_budget: bool,
    /// By fan, then spend point.
    curves: Vec<Vec<f64>>,
}

/// The plan `solution` of `model` on `sampling.samples` samples of its ranges; `None`
/// when the model has no range or sampling is off. `program`, `sources` and `overrides`
/// are what `model` was elaborated from.
pub fn sample(
    program: &Program,
    sources: &SourceMap,
    overrides: &[Override],
    model: &Model,
    solution: &Solution,
    sampling: Sampling,
) -> Option<Uncertainty> {
    if model.uncertain.is_empty() || sampling.samples == 0 {
        return None;
    }
    let shapes = fan_shapes(model, solution);
    let one = |index: usize| -> Option<Sampled> {
        let draws = draws(model, sampling.seed, index);
        let Sample {
            model: drawn,
            schedule,
        } = sample_at(program, sources, overrides, &draws)?;
        let outcome = Outcome::of(&drawn, &schedule, solution);
        let curves = shapes
            .iter()
            .map(|(fan, spends)| {
                let curve = curve_of(&drawn, fan.channel, fan.market);
                spends.iter().map(|&spend| curve.value_at(spend)).collect()
            })
            .collect();
        Some(Sampled {
            constraints: outcome.constraints_hold(&drawn),
            within_budget: outcome.spend <= drawn.budget.value * (1.0 + 1e-9),
            curves,
            outcome,
        })
    };
    let results = in_parallel(sampling.samples, &one);
    let sampled: Vec<Sampled> = results.into_iter().flatten().collect();
    if sampled.is_empty() {
        return None;
    }
    let count = sampled.len() as f64;
    let fraction = |holds: &dyn Fn(&Sampled) -> bool| {
        sampled.iter().filter(|sample| holds(sample)).count() as f64 / count
    };
    let mut revenues: Vec<f64> = sampled
        .iter()
        .map(|sample| sample.outcome.revenue() * 12.0)
        .collect();
    revenues.sort_by(f64::total_cmp);
    let optional = |pick: &dyn Fn(&Outcome) -> Option<f64>| {
        let values: Option<Vec<f64>> = sampled.iter().map(|s| pick(&s.outcome)).collect();
        values.map(Spread::of)
    };
    let fans = shapes
        .into_iter()
        .enumerate()
        .map(|(index, (fan, spends))| {
            let points = spends
                .iter()
                .enumerate()
                .map(|(point, &spend)| {
                    let mut values: Vec<f64> =
                        sampled.iter().map(|s| s.curves[index][point]).collect();
                    values.sort_by(f64::total_cmp);
                    (spend, percentile(&values, 0.1), percentile(&values, 0.9))
                })
                .collect();
            Fan { points, ..fan }
        })
        .collect();
    Some(Uncertainty {
        sampling,
        failed: sampling.samples - sampled.len(),
        revenue: Spread::of_sorted(&revenues),
        share: Spread::of(sampled.iter().map(|s| s.outcome.share()).collect()),
        customers: Spread::of(sampled.iter().map(|s| s.outcome.customers()).collect()),
        satisfaction: optional(&|outcome| outcome.satisfaction),
        tech: optional(&|outcome| outcome.tech),
        revenues,
        constraints: (0..model.constraints.len())
            .map(|index| fraction(&|sample| sample.constraints[index]))
            .collect(),
        budget: fraction(&|sample| sample.within_budget),
        fans,
    })
}

/// The strategy (`program`, `sources` and `overrides`) elaborated with its ranges at
/// `draws`, and scheduled; `None` when those values do not make a model that checks.
pub fn sample_at(
    program: &Program,
    sources: &SourceMap,
    overrides: &[Override],
    draws: &Draws,
) -> Option<Sample> {
    let model = program.model_at(sources, overrides, draws)?;
    let schedule = Schedule::of(&model).ok()?;
    Some(Sample { model, schedule })
}

/// The values of sample `index`'s draws: one uniform number per range, in the model's
/// order, from the sample's own stream.
pub fn draws(model: &Model, seed: u64, index: usize) -> Draws {
    let mut stream = random::SplitMix64::for_sample(seed, index as u64);
    let mut draws = Draws::none();
    for input in &model.uncertain {
        draws.set(input.loc, input.distribution.quantile(stream.next_unit()));
    }
    draws
}

/// Runs `one` for each index below `count` on every core, the results in index order.
fn in_parallel<T: Send>(count: usize, one: &(dyn Fn(usize) -> T + Sync)) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count)
        .max(1);
    let chunk = count.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|thread| {
                scope.spawn(move || {
                    (thread * chunk..((thread + 1) * chunk).min(count))
                        .map(one)
                        .collect::<Vec<T>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a sample does not panic"))
            .collect()
    })
}

/// Each curve of each channel the plan opens, with the spends its fan is measured at: the
/// origin and the points of its most likely shape.
fn fan_shapes(model: &Model, solution: &Solution) -> Vec<(Fan, Vec<f64>)> {
    let mut shapes = Vec::new();
    for (index, channel) in model.channels.iter().enumerate() {
        if !solution.channels[index].active {
            continue;
        }
        let id = ChannelId(index);
        let shared = (!channel.response.is_empty()).then_some((None, &channel.response));
        let own = channel
            .market_responses
            .iter()
            .map(|own| (Some(own.market), &own.curve));
        for (market, curve) in shared.into_iter().chain(own) {
            let spends = curve.with_origin().map(|point| point.spend).collect();
            let fan = Fan {
                channel: id,
                market,
                points: Vec::new(),
            };
            shapes.push((fan, spends));
        }
    }
    shapes
}

/// The curve of `channel` for `market` (its own), or its shared curve.
fn curve_of(model: &Model, channel: ChannelId, market: Option<MarketId>) -> &crate::model::Curve {
    let channel = &model.channels[channel.0];
    market
        .and_then(|market| {
            channel
                .market_responses
                .iter()
                .find(|own| own.market == market)
        })
        .map_or(&channel.response, |own| &own.curve)
}

#[cfg(test)]
mod tests;
