//! What matters most: the plan built again with each uncertain input at its low end and
//! at its high end, the others at their most likely values, ranked by how far the
//! objective swings between the two. The rebuilds are extras of the plan: they run on
//! every core (`extras::run_all`), share the build's one deadline, and one the deadline
//! stops is not computed.

use crate::model::{Model, ObjectiveKind};

use super::extras::{self, Job};
use super::objectives::{self, Solver};
use super::progress::Step;
use super::rebuild::{self, Omitted};
use super::{Memo, Rebuild, Run, Sample, TermOutcome};

/// How many inputs the tornado shows, the widest swings first.
pub const SHOWN: usize = 10;

/// One uncertain input's two ends, as models of the strategy: `None` for an end whose
/// values do not make a model that checks.
pub struct Ends {
    /// The input's index in [`Model::uncertain`].
    pub input: usize,
    pub low: Option<Sample>,
    pub high: Option<Sample>,
}

/// The tornado: the plan's objective, and the inputs that move it most.
#[derive(Clone, Debug, PartialEq)]
pub struct Tornado {
    /// The objective at the most likely values, where every bar starts.
    pub centre: f64,
    /// The widest swings, at most [`SHOWN`], widest first; inputs whose ends were not
    /// computed come after those that were.
    pub swings: Vec<Swing>,
    /// How many inputs were ranked but are not shown.
    pub left_out: usize,
}

/// The objective with one input at each of its ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    /// The input's index in [`Model::uncertain`].
    pub input: usize,
    pub low: Rebuild,
    pub high: Rebuild,
    /// The objective at each end, on the plan's scale; `None` where no plan was built.
    pub at_low: Option<f64>,
    pub at_high: Option<f64>,
}

impl Swing {
    /// How far the objective moves over the input's range: the distance between the
    /// highest and the lowest of its ends' objectives and `centre`.
    pub fn width(&self, centre: f64) -> f64 {
        let values = [self.at_low, Some(centre), self.at_high];
        let known = values.iter().flatten();
        let high = known.clone().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        let low = known.fold(f64::INFINITY, |a, &b| a.min(b));
        high - low
    }

    /// Whether the deadline stopped either end.
    fn out_of_time(&self) -> bool {
        [&self.low, &self.high]
            .iter()
            .any(|end| matches!(end, Rebuild::NotComputed(Omitted::OutOfTime)))
    }
}

/// The tornado of `model`'s plan (its objective `centre`, its terms `terms`) over
/// each input's `ends`. A weighted objective at an end is measured against the plan's
/// ideals, so that every bar is on the plan's scale.
pub fn tornado(
    model: &Model,
    centre: f64,
    terms: &[TermOutcome],
    ends: Vec<Ends>,
    run: Run,
    memo: &Memo,
) -> Tornado {
    let progress = run.progress;
    progress.plan(2 * ends.len());
    let mut jobs: Vec<Job<Rebuild>> = Vec::new();
    for end in &ends {
        let text = model.uncertain[end.input].text.clone();
        for sample in [&end.low, &end.high] {
            let text = text.clone();
            jobs.push(Box::new(move || {
                if run.deadline.passed() {
                    progress.skip();
                    return Rebuild::NotComputed(Omitted::OutOfTime);
                }
                progress.start(Step::Tornado(text));
                let Some(sample) = sample else {
                    return Rebuild::Failed("its values do not check".into());
                };
                let solver = Solver::new(&run, memo);
                rebuild::rebuild_model(&sample.model, &sample.schedule, solver)
            }));
        }
    }
    let mut done = extras::run_all(jobs, !run.sequential).into_iter();
    let on_scale = |rebuilt: &Rebuild| {
        rebuilt
            .headline()
            .map(|headline| match model.objective.kind {
                ObjectiveKind::Weighted => {
                    objectives::weighted_value(&model.objective.terms, terms, &headline.terms)
                }
                _ => headline.objective,
            })
    };
    let mut swings: Vec<Swing> = ends
        .iter()
        .map(|end| {
            let low = done.next().expect("a low end per input");
            let high = done.next().expect("a high end per input");
            Swing {
                input: end.input,
                at_low: on_scale(&low),
                at_high: on_scale(&high),
                low,
                high,
            }
        })
        .collect();
    // A stable sort: inputs that swing as far keep the order they were written in.
    swings.sort_by(|a, b| {
        a.out_of_time()
            .cmp(&b.out_of_time())
            .then(b.width(centre).total_cmp(&a.width(centre)))
    });
    let left_out = swings.len().saturating_sub(SHOWN);
    swings.truncate(SHOWN);
    Tornado {
        centre,
        swings,
        left_out,
    }
}
