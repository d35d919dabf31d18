//! A robust program (sample average approximation): the program of the most likely model,
//! and for each of K samples of the ranges a copy of its outcome rows.
//!
//! The decisions are shared: each channel's opening y_c and promotion spend x_c, each
//! market's pricing choice z_mo, the service and iteration spend. Each sample has its own
//! segments of those spends along its own curves, its own customers won and served, market
//! caps and `in every sample` constraints, built from the sample's model in the most likely
//! model's frame (scales and spend caps), so that a shared variable means one thing. The
//! budget, stage budgets, spend bounds and the other constraints hold at the most likely
//! values, once; the most likely model's rows are where the plan's numbers are read.
//!
//! A robust objective reads its value v_s in every sample s:
//! - `expected`: maximise (or minimise) (1/K)·Σ_s v_s;
//! - `worst`: maximise t with t ≤ v_s for every s (minimising: t ≥ v_s);
//! - `at pNN`, maximising: t ≤ v_s + M_s·m_s, Σ_s m_s ≤ ⌊p·K⌋, m_s ∈ {0, 1} (a sample with
//!   m_s = 1 is one the percentile may miss); minimising, t ≥ v_s − M_s·m_s with
//!   Σ_s m_s ≤ ⌊(1 − p)·K⌋. The big-M of sample s is the widest gap between t and v_s the
//!   variables' bounds allow: M_s = max_s′ upper(v_s′) − lower(v_s) (minimising,
//!   upper(v_s) − min_s′ lower(v_s′)), with t itself bounded by [min_s lower(v_s),
//!   max_s upper(v_s)]; a missed sample's row then never binds.

use crate::model::{Model, RobustMeasure, Sense as Direction};
use crate::optimise::milp::{Affine, Goal, Milp, Sense, VarId};
use crate::schedule::Schedule;

use super::exact::Exactness;
use super::{Formulation, RequirementKind};

/// One sample of a strategy's ranges: the model elaborated at its values, and its schedule
/// with every channel opened (its ramps).
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub model: Model,
    pub schedule: Schedule,
}

/// A sample's copy of the outcome rows in a robust program.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleCopy {
    /// The sample's own program, in its own variables.
    pub formulation: Formulation,
    pub model: Model,
    /// The rows of `formulation` the robust program holds, in the sample's variables.
    kept: Milp,
    /// Where each variable of `formulation` is in the robust program.
    map: Vec<VarId>,
}

/// How one solve keeps a sample exact: the sample's own analysis, and where the variables
/// it added sit in the program.
#[derive(Clone, Debug, PartialEq)]
pub struct SampleExactness {
    exactness: Exactness,
    map: Vec<VarId>,
}

impl Formulation {
    /// The robust program of `model` (whose full schedule is `schedule`) over `samples`;
    /// the program of `model` alone when there are none.
    pub fn robust(model: &Model, schedule: &Schedule, samples: &[Sample]) -> Formulation {
        let mut formulation = Formulation::new(model, schedule);
        for (index, sample) in samples.iter().enumerate() {
            let own =
                Formulation::framed(&sample.model, &sample.schedule, formulation.frame.clone());
            formulation.add_sample(index, model, own, sample.model.clone());
        }
        if let Some(robust) = model.objective.robust.filter(|_| !samples.is_empty()) {
            let maximize = model.objective.terms[0].sense == Direction::Maximize;
            formulation.robust = Some(formulation.robust_objective(robust.measure, maximize));
        }
        formulation
    }

    /// The decisions of `own` (a sample's program) and the variables of this program they
    /// are.
    fn shared_with(&self, own: &Formulation) -> Vec<(VarId, VarId)> {
        let mut shared: Vec<(VarId, VarId)> = own
            .open
            .iter()
            .copied()
            .zip(self.open.iter().copied())
            .collect();
        shared.extend(
            own.channel_spend
                .iter()
                .zip(&self.channel_spend)
                .map(|(theirs, ours)| (theirs.spend, ours.spend)),
        );
        shared.extend(
            own.pick
                .iter()
                .flatten()
                .copied()
                .zip(self.pick.iter().flatten().copied()),
        );
        for (theirs, ours) in [
            (&own.service, &self.service),
            (&own.iteration, &self.iteration),
        ] {
            if let (Some(theirs), Some(ours)) = (theirs, ours) {
                shared.push((theirs.segments.spend, ours.segments.spend));
            }
        }
        shared
    }

    /// Adds sample `index` (from 0), whose program is `own`, to this program: its variables
    /// other than the shared decisions, and its rows that hold an outcome of its own (those
    /// of the decisions alone hold once, at the most likely values) or an `in every sample`
    /// constraint (under the same requirement as the most likely model's, so that the
    /// infeasibility filter and a moved limit treat its copies as one).
    fn add_sample(&mut self, index: usize, model: &Model, own: Formulation, sample: Model) {
        let mut map: Vec<Option<VarId>> = vec![None; own.milp.vars.len()];
        for (theirs, ours) in self.shared_with(&own) {
            map[theirs.0] = Some(ours);
        }
        let shared: Vec<bool> = map.iter().map(Option::is_some).collect();
        let map: Vec<VarId> = own
            .milp
            .vars
            .iter()
            .zip(map)
            .map(|(var, mapped)| {
                mapped.unwrap_or_else(|| {
                    let name = format!("{}_s{}", var.name, index + 1);
                    self.milp
                        .add_var(name, var.lower, var.upper, var.integer, var.scale)
                })
            })
            .collect();
        let mut kept = Milp {
            vars: own.milp.vars.clone(),
            ..Milp::default()
        };
        for row in &own.milp.rows {
            let requirement = match row.requirement.map(|at| &own.requirements[at].kind) {
                None if row.expr.terms.iter().all(|(var, _)| shared[var.0]) => continue,
                None => None,
                Some(RequirementKind::Constraint(constraint))
                    if model.constraints[*constraint].every_sample =>
                {
                    let kind = RequirementKind::Constraint(*constraint);
                    self.requirements
                        .iter()
                        .position(|known| known.kind == kind)
                }
                Some(_) => continue,
            };
            kept.rows.push(row.clone());
            let name = format!("{}_s{}", row.name, index + 1);
            let expr = mapped(&row.expr, &map);
            self.milp
                .add_row(name, expr, row.sense, row.rhs, row.scale, requirement);
        }
        self.samples.push(SampleCopy {
            formulation: own,
            model: sample,
            kept,
            map,
        });
    }

    /// The robust objective's value (`expected`), or t with its rows (`worst`, `at pNN`).
    fn robust_objective(&mut self, measure: RobustMeasure, maximize: bool) -> Affine {
        let values: Vec<Affine> = self.samples.iter().map(SampleCopy::objective).collect();
        let count = values.len() as f64;
        let Some(misses) = measure.allowed_misses(values.len(), maximize) else {
            let mut mean = Affine::default();
            values
                .iter()
                .for_each(|value| mean.add_scaled(value, 1.0 / count));
            return mean.merged();
        };
        let bounds: Vec<(f64, f64)> = values.iter().map(|value| self.milp.bounds(value)).collect();
        let lowest = bounds
            .iter()
            .map(|bound| bound.0)
            .fold(f64::INFINITY, f64::min);
        let highest = bounds
            .iter()
            .map(|bound| bound.1)
            .fold(f64::NEG_INFINITY, f64::max);
        let t = self
            .milp
            .add_var("robust_objective".into(), lowest, highest, false, 1.0);
        let mut missed = Affine::default();
        for (index, (value, (lower, upper))) in values.iter().zip(&bounds).enumerate() {
            let mut row = Affine::term(t, 1.0);
            row.add_scaled(value, -1.0);
            if misses > 0 {
                let miss =
                    self.milp
                        .add_var(format!("robust_miss_s{}", index + 1), 0.0, 1.0, true, 1.0);
                let big_m = if maximize {
                    highest - lower
                } else {
                    upper - lowest
                };
                row.add_term(miss, if maximize { -big_m } else { big_m });
                missed.add_term(miss, 1.0);
            }
            let sense = if maximize {
                Sense::AtMost
            } else {
                Sense::AtLeast
            };
            self.milp
                .add_row(format!("robust_s{}", index + 1), row, sense, 0.0, 1.0, None);
        }
        if misses > 0 {
            self.milp.big_m = true;
            self.milp.add_row(
                "robust_misses".into(),
                missed,
                Sense::AtMost,
                misses as f64,
                1.0,
                None,
            );
        }
        Affine::term(t, 1.0)
    }

    /// Adds to `program` (this program, made exact for its most likely model) what keeps
    /// each sample exact for `goal`: the sample's own ordering binaries and serving rows,
    /// found by the same analysis on its own rows and its share of the goal.
    pub(super) fn exact_samples(&self, program: &mut Milp, goal: &Goal) -> Vec<SampleExactness> {
        self.samples
            .iter()
            .enumerate()
            .map(|(index, copy)| {
                let goal = Goal {
                    direction: goal.direction,
                    expr: if self.robust.is_some() {
                        copy.objective_local()
                    } else {
                        Affine::default()
                    },
                    scale: 1.0,
                };
                let (own, exactness) =
                    copy.formulation
                        .exact_program(&copy.model, &copy.kept, &goal);
                let mut map = copy.map.clone();
                for var in &own.vars[copy.kept.vars.len()..] {
                    let name = format!("{}_s{}", var.name, index + 1);
                    map.push(program.add_var(name, var.lower, var.upper, var.integer, var.scale));
                }
                for row in &own.rows[copy.kept.rows.len()..] {
                    let name = format!("{}_s{}", row.name, index + 1);
                    let expr = mapped(&row.expr, &map);
                    program.add_row(name, expr, row.sense, row.rhs, row.scale, None);
                }
                SampleExactness { exactness, map }
            })
            .collect()
    }

    /// Settles each sample's values as its own program would (see `exact`).
    pub(super) fn settle_samples(&self, values: &mut [f64], samples: &[SampleExactness]) {
        for (copy, exact) in self.samples.iter().zip(samples) {
            let mut own: Vec<f64> = exact.map.iter().map(|var| values[var.0]).collect();
            copy.formulation.settle(&mut own, &exact.exactness);
            for (var, value) in exact.map.iter().zip(own) {
                values[var.0] = value;
            }
        }
    }
}

impl SampleCopy {
    /// The objective's value in this sample, in the sample's own variables.
    fn objective_local(&self) -> Affine {
        let term = &self.model.objective.terms[0];
        self.formulation
            .quantity(&self.model, &term.quantity.expr, term.quantity.dim)
    }

    /// The objective's value in this sample, in the robust program's variables.
    pub fn objective(&self) -> Affine {
        mapped(&self.objective_local(), &self.map)
    }
}

/// `expr` with each variable moved to where `map` puts it.
fn mapped(expr: &Affine, map: &[VarId]) -> Affine {
    Affine {
        terms: expr
            .terms
            .iter()
            .map(|&(var, coefficient)| (map[var.0], coefficient))
            .collect(),
        constant: expr.constant,
    }
    .merged()
}

#[cfg(test)]
mod tests;
