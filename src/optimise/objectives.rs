//! The three kinds of objective (contract §5): single; weighted with the ideal-point
//! normalisation; lexicographic with `within` tolerances. Each solve of the sequence goes
//! through [`Solver`], which gives it the time left before the build's deadline and
//! remembers whether any stopped before proving optimality.

use crate::model::{Model, ObjectiveKind, Quantity, Sense, Term};

use super::deadline::Deadline;
use super::formulation::{Formulation, Requirement, RequirementKind};
use super::memo::Memo;
use super::milp::{self, Affine, Direction, Goal, Milp, Outcome, SolverKind, SolverOptions};
use super::progress::Step;
use super::{Failure, Run, solution};

/// The numerical slack of a lexicographic bound, relative to the term's optimum.
pub const LEXICOGRAPHIC_SLACK: f64 = 1e-7;

/// A quantity of the strategy in the program: its expression in scaled units, and the
/// factor to the units the plan reports (rates per year).
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub expr: Affine,
    pub scale: f64,
}

impl Measure {
    /// The measure of a quantity of `model`.
    pub fn of(formulation: &Formulation, model: &Model, quantity: &Quantity) -> Measure {
        Measure {
            expr: formulation.quantity(model, &quantity.expr, quantity.dim),
            scale: formulation.unit_scale(quantity.dim) * quantity.dim.display_factor(),
        }
    }

    /// The measure of each term of `model`'s objective; a robust objective's is its value
    /// over the samples (`formulation::samples`).
    pub fn of_objective(formulation: &Formulation, model: &Model) -> Vec<Measure> {
        let terms = model.objective.terms.iter();
        match &formulation.robust {
            Some(robust) => terms
                .map(|term| Measure {
                    expr: robust.clone(),
                    scale: formulation.unit_scale(term.quantity.dim)
                        * term.quantity.dim.display_factor(),
                })
                .collect(),
            None => terms
                .map(|term| Measure::of(formulation, model, &term.quantity))
                .collect(),
        }
    }

    /// Its value, as reported, at a solution.
    pub fn value(&self, values: &[f64]) -> f64 {
        solution::reported(self.expr.value(values), self.scale)
    }

    /// The goal of optimising it.
    pub fn goal(&self, sense: Sense) -> Goal {
        let direction = match sense {
            Sense::Maximize => Direction::Maximize,
            Sense::Minimize => Direction::Minimize,
        };
        Goal {
            direction,
            expr: self.expr.clone(),
            scale: self.scale,
        }
    }
}

/// Solves programs one after another, each within the time left before the deadline,
/// noting whether any stopped early. Its solves go through the build's [`Memo`], which
/// answers those an earlier build proved.
#[derive(Clone)]
pub struct Solver<'a> {
    pub kind: SolverKind,
    pub deadline: Deadline,
    pub stopped_early: bool,
    memo: &'a Memo,
}

impl<'a> Solver<'a> {
    /// A solver for `run`'s solves, with no solve behind it.
    pub fn new(run: &Run, memo: &'a Memo) -> Solver<'a> {
        Solver {
            kind: run.solver,
            deadline: run.deadline,
            stopped_early: false,
            memo,
        }
    }

    /// Solves a program of `formulation` (its own, or one with rows added or moved) made
    /// exact for `goal`, and settles the values (see `formulation::exact`).
    pub fn solve_exact(
        &mut self,
        formulation: &Formulation,
        model: &Model,
        milp: &Milp,
        goal: &Goal,
    ) -> Result<Solved, SolveError> {
        let (program, exactness) = formulation.exact_program(model, milp, goal);
        let mut values = self.solve(&program, goal)?;
        formulation.settle(&mut values, &exactness);
        Ok(Solved { values, program })
    }

    /// Solves `milp` for `goal` with every row, giving the values or why there are none.
    pub fn solve(&mut self, milp: &Milp, goal: &Goal) -> Result<Vec<f64>, SolveError> {
        self.solve_keeping(milp, goal, &|_| true)
    }

    /// Like [`Solver::solve`], keeping only the rows `keep` accepts.
    pub fn solve_keeping(
        &mut self,
        milp: &Milp,
        goal: &Goal,
        keep: &dyn Fn(&milp::Row) -> bool,
    ) -> Result<Vec<f64>, SolveError> {
        let request = milp::Request { goal, keep };
        let options = SolverOptions {
            kind: self.kind,
            time_limit: self.deadline.seconds_left(),
        };
        match self.memo.solve(milp, &request, options) {
            Outcome::Optimal(values) => Ok(values),
            Outcome::Stopped(values) => {
                self.stopped_early = true;
                Ok(values)
            }
            Outcome::Infeasible => Err(SolveError::Infeasible),
            Outcome::Failed(message) if message == milp::NO_PLAN_IN_TIME => {
                Err(SolveError::OutOfTime)
            }
            Outcome::Unbounded => Err(SolveError::Failed(
                "the solver reports the problem unbounded".into(),
            )),
            Outcome::Failed(message) => Err(SolveError::Failed(message)),
        }
    }
}

/// A solve of a program made exact.
pub struct Solved {
    /// The values, settled; the formulation's variables first.
    pub values: Vec<f64>,
    /// The program solved.
    pub program: Milp,
}

/// Why a solve gave no values.
#[derive(Clone, Debug, PartialEq)]
pub enum SolveError {
    Infeasible,
    /// The deadline came before the solver found any solution.
    OutOfTime,
    Failed(String),
}

/// A term's optimum alone (or at its turn) and its value at the plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TermOutcome {
    pub ideal: f64,
    pub value: f64,
}

/// The result of the objective's sequence of solves.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimum {
    /// The final program (with any lexicographic bounds, made exact for its goal) and its
    /// goal.
    pub milp: Milp,
    pub goal: Goal,
    pub values: Vec<f64>,
    /// The objective's value as the contract defines it.
    pub value: f64,
    pub terms: Vec<TermOutcome>,
}

/// How many solves [`optimise`] makes for `model`'s objective when a plan exists.
pub fn solves(model: &Model) -> usize {
    let terms = model.objective.terms.len();
    match model.objective.kind {
        ObjectiveKind::Single | ObjectiveKind::Lexicographic => terms,
        ObjectiveKind::Weighted => terms + 1,
    }
}

/// Optimises the model's objective over the formulation, telling `announce` of each solve
/// as it starts.
pub fn optimise(
    formulation: &Formulation,
    model: &Model,
    solver: &mut Solver,
    announce: &dyn Fn(Step),
) -> Result<Optimum, Failure> {
    let measures = Measure::of_objective(formulation, model);
    let terms = &model.objective.terms;
    let mut milp = formulation.milp.clone();
    let mut requirements = formulation.requirements.clone();
    let mut ideals = Vec::new();
    let goal = match model.objective.kind {
        ObjectiveKind::Single => measures[0].goal(terms[0].sense),
        ObjectiveKind::Weighted => {
            for (term, measure) in terms.iter().zip(&measures) {
                let goal = measure.goal(term.sense);
                announce(Step::Ideal(term.quantity.text.clone()));
                let solved = solve_or_explain(
                    formulation,
                    model,
                    &requirements,
                    &milp,
                    &goal,
                    solver,
                    announce,
                )?;
                ideals.push(measure.value(&solved.values));
            }
            announce(Step::Weighted);
            weighted_goal(terms, &measures, &ideals)
        }
        ObjectiveKind::Lexicographic => {
            let (last, earlier) = terms.split_last().expect("an objective has a term");
            for (index, (term, measure)) in earlier.iter().zip(&measures).enumerate() {
                let goal = measure.goal(term.sense);
                announce(Step::Ideal(term.quantity.text.clone()));
                let solved = solve_or_explain(
                    formulation,
                    model,
                    &requirements,
                    &milp,
                    &goal,
                    solver,
                    announce,
                )?;
                let ideal = measure.value(&solved.values);
                ideals.push(ideal);
                requirements.push(Requirement {
                    kind: RequirementKind::Lexicographic(index),
                    loc: term.loc,
                });
                add_lexicographic_bound(
                    &mut milp,
                    requirements.len() - 1,
                    index,
                    term,
                    measure,
                    ideal,
                );
            }
            announce(Step::Plan);
            measures[terms.len() - 1].goal(last.sense)
        }
    };
    if model.objective.kind == ObjectiveKind::Single {
        announce(Step::Plan);
    }
    let Solved { values, program } = solve_or_explain(
        formulation,
        model,
        &requirements,
        &milp,
        &goal,
        solver,
        announce,
    )?;
    let value = solution::reported(goal.expr.value(&values), goal.scale);
    if model.objective.kind != ObjectiveKind::Weighted {
        ideals.push(measures[terms.len() - 1].value(&values));
    }
    let terms = measures
        .iter()
        .zip(ideals)
        .map(|(measure, ideal)| TermOutcome {
            ideal,
            value: measure.value(&values),
        })
        .collect();
    Ok(Optimum {
        milp: program,
        goal,
        values,
        value,
        terms,
    })
}

/// maximise Σ_i w_i · (±f_i) / |f_i*|, with |f_i*| = 0 counting as 1.
fn weighted_goal(terms: &[Term], measures: &[Measure], ideals: &[f64]) -> Goal {
    let mut expr = Affine::default();
    for ((term, measure), ideal) in terms.iter().zip(measures).zip(ideals) {
        expr.add_scaled(&measure.expr, weighted_factor(term, *ideal) * measure.scale);
    }
    Goal {
        direction: Direction::Maximize,
        expr: expr.merged(),
        scale: 1.0,
    }
}

/// w_i·(±1)/|f_i*|: what one unit of a weighted term adds to the objective, with |f_i*| = 0
/// counting as 1.
fn weighted_factor(term: &Term, ideal: f64) -> f64 {
    let sign = if term.sense == Sense::Maximize {
        1.0
    } else {
        -1.0
    };
    let norm = if ideal == 0.0 { 1.0 } else { ideal.abs() };
    term.weight * sign / norm
}

/// The weighted objective of a plan whose terms take `values`, against the ideals of
/// `outcomes` (another plan's): how two plans compare at the same ideals.
pub fn weighted_value(terms: &[Term], outcomes: &[TermOutcome], values: &[f64]) -> f64 {
    terms
        .iter()
        .zip(outcomes)
        .zip(values)
        .map(|((term, outcome), value)| weighted_factor(term, outcome.ideal) * value)
        .sum()
}

/// f_i ≥ f_i* − tol_i·|f_i*| (maximise) or f_i ≤ f_i* + tol_i·|f_i*| (minimise), with the
/// numerical slack added to the tolerance.
fn add_lexicographic_bound(
    milp: &mut Milp,
    requirement: usize,
    index: usize,
    term: &Term,
    measure: &Measure,
    ideal: f64,
) {
    let allowance = (term.within + LEXICOGRAPHIC_SLACK) * ideal.abs();
    let (sense, bound) = match term.sense {
        Sense::Maximize => (milp::Sense::AtLeast, ideal - allowance),
        Sense::Minimize => (milp::Sense::AtMost, ideal + allowance),
    };
    let name = format!("lexicographic_{}", index + 1);
    milp.add_row(
        name,
        measure.expr.clone(),
        sense,
        bound / measure.scale,
        measure.scale,
        Some(requirement),
    );
}

/// Solves, and on infeasibility finds the minimal conflicting requirements.
fn solve_or_explain(
    formulation: &Formulation,
    model: &Model,
    requirements: &[Requirement],
    milp: &Milp,
    goal: &Goal,
    solver: &mut Solver,
    announce: &dyn Fn(Step),
) -> Result<Solved, Failure> {
    match solver.solve_exact(formulation, model, milp, goal) {
        Ok(solved) => Ok(solved),
        Err(SolveError::OutOfTime) => Err(Failure::Solver(milp::NO_PLAN_IN_TIME.into())),
        Err(SolveError::Failed(message)) => Err(Failure::Solver(message)),
        Err(SolveError::Infeasible) => {
            announce(Step::Conflict);
            let conflict =
                super::infeasibility::minimal_conflict(formulation, model, milp, solver)?;
            let conflict = conflict
                .into_iter()
                .filter_map(|index| requirements.get(index).cloned())
                .collect();
            Err(Failure::Infeasible(conflict))
        }
    }
}
