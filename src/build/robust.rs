//! A build's robust part: the samples a robust objective or an `in every sample`
//! constraint reads, and the most likely plan a robust plan is compared with.

use crate::check::{Override, Program};
use crate::model::{Model, Robust};
use crate::optimise::progress::Step;
use crate::optimise::{self, Extras, Failure, Memo, Optimised, Progress, Run, Sample};
use crate::schedule::Schedule;
use crate::source::SourceMap;
use crate::uncertainty::robust::{self, Comparison};

/// The strategy as written, from which its models at other values of the ranges are
/// elaborated: its files, and the param values of the build.
#[derive(Clone, Copy)]
pub struct Written<'a> {
    pub program: &'a Program,
    pub sources: &'a SourceMap,
    pub overrides: &'a [Override<'a>],
}

/// The samples `model`'s program holds: K for a robust objective, the default K for `in
/// every sample` constraints alone, none when it reads no sample or has no range.
pub fn samples(written: Written, model: &Model, seed: u64) -> Vec<Sample> {
    let count = match model.objective.robust {
        Some(robust) => robust.samples,
        None if has_every_sample(model) => Robust::DEFAULT_SAMPLES,
        None => 0,
    };
    if model.uncertain.is_empty() || count == 0 {
        return Vec::new();
    }
    let Written {
        program,
        sources,
        overrides,
    } = written;
    robust::samples(program, sources, overrides, model, seed, count)
}

fn has_every_sample(model: &Model) -> bool {
    model
        .constraints
        .iter()
        .any(|constraint| constraint.every_sample)
}

/// The robust plan `plan` beside the most likely plan: the same strategy with its
/// objective read at the most likely values (and its `in every sample` constraints still
/// in every sample), both evaluated on `samples`. `None` without a robust plan, or when
/// the most likely plan cannot be built in the time left.
pub fn comparison(
    model: &Model,
    schedule: &Schedule,
    samples: &[Sample],
    plan: &Result<Optimised, Failure>,
    run: Run,
    memo: &Memo,
) -> Option<Comparison> {
    let plan = plan.as_ref().ok()?;
    model.objective.robust?;
    if samples.is_empty() {
        return None;
    }
    let mut most_likely = model.clone();
    most_likely.objective.robust = None;
    let kept = if has_every_sample(model) {
        samples
    } else {
        &[]
    };
    run.progress.plan(1);
    run.progress.start(Step::MostLikely);
    let own = Run {
        progress: Progress::unwatched(),
        ..run
    };
    let most_likely =
        optimise::optimise_over(&most_likely, schedule, kept, own, Extras::NONE, memo).ok()?;
    robust::compare(
        model,
        schedule,
        samples,
        &most_likely.solution,
        &plan.solution,
    )
}
