//! A build's tornado: the strategy's models with each range at its low and at its high
//! end, the plan built again on each (`optimise::tornado`).

use super::robust::Written;
use crate::model::{Distribution, Draws, Model};
use crate::optimise::tornado::{self, Ends, Tornado};
use crate::optimise::{Failure, Memo, Optimised, Run, Sample};
use crate::uncertainty::robust::Comparison;
use crate::uncertainty::sample_at;

/// The tornado of `model`'s plan, or `None` when the strategy has no range or no plan.
/// A robust plan's tornado is that of its most likely plan (`compared`): each end is one
/// model, with nothing to sample, so its objective is read at that model's values.
pub fn tornado(
    written: Written,
    model: &Model,
    plan: &Result<Optimised, Failure>,
    compared: Option<&Comparison>,
    run: Run,
    memo: &Memo,
) -> Option<Tornado> {
    let plan = plan.as_ref().ok()?;
    if model.uncertain.is_empty() {
        return None;
    }
    let centre = match (model.objective.robust, compared) {
        (None, _) => plan.objective,
        (Some(_), Some(compared)) => compared.most_likely.most_likely,
        (Some(_), None) => return None,
    };
    let end = |loc, value: f64| -> Option<Sample> {
        let mut draws = Draws::none();
        draws.set(loc, value);
        let mut sample = sample_at(written.program, written.sources, written.overrides, &draws)?;
        sample.model.objective.robust = None;
        Some(sample)
    };
    let ends = model
        .uncertain
        .iter()
        .enumerate()
        .map(|(input, uncertain)| Ends {
            input,
            low: end(uncertain.loc, Distribution::low(uncertain.distribution)),
            high: end(uncertain.loc, Distribution::high(uncertain.distribution)),
        })
        .collect();
    let terms = &plan.terms;
    Some(tornado::tornado(model, centre, terms, ends, run, memo))
}
