//! A mixed-integer linear program in stratc's own terms, and solving it with good_lp.
//!
//! The formulation builds a [`Milp`]; the same value is solved (microlp or HiGHS), written
//! as CPLEX LP, and cut down by the infeasibility filter. Values are scaled for the
//! solver's numerics: each variable and row knows the factor back to the strategy's units.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel, Variable,
    constraint, variable,
};

/// The index of a variable in [`Milp::vars`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub usize);

/// A linear expression over the program's variables, plus a constant.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Affine {
    pub terms: Vec<(VarId, f64)>,
    pub constant: f64,
}

impl Affine {
    /// A constant.
    pub fn constant(value: f64) -> Affine {
        Affine {
            terms: Vec::new(),
            constant: value,
        }
    }

    /// `coefficient · var`.
    pub fn term(var: VarId, coefficient: f64) -> Affine {
        Affine {
            terms: vec![(var, coefficient)],
            constant: 0.0,
        }
    }

    /// Adds `factor · other` to it.
    pub fn add_scaled(&mut self, other: &Affine, factor: f64) {
        self.constant += factor * other.constant;
        self.terms.extend(
            other
                .terms
                .iter()
                .map(|&(var, coefficient)| (var, factor * coefficient)),
        );
    }

    /// Adds `coefficient · var`.
    pub fn add_term(&mut self, var: VarId, coefficient: f64) {
        self.terms.push((var, coefficient));
    }

    /// The same expression with each variable once, in index order, and no zero terms.
    pub fn merged(mut self) -> Affine {
        self.terms.sort_by_key(|(var, _)| *var);
        let mut merged: Vec<(VarId, f64)> = Vec::with_capacity(self.terms.len());
        for (var, coefficient) in self.terms {
            match merged.last_mut() {
                Some((last, sum)) if *last == var => *sum += coefficient,
                _ => merged.push((var, coefficient)),
            }
        }
        merged.retain(|(_, coefficient)| *coefficient != 0.0);
        Affine {
            terms: merged,
            constant: self.constant,
        }
    }

    /// Its value at a solution.
    pub fn value(&self, values: &[f64]) -> f64 {
        self.constant
            + self
                .terms
                .iter()
                .map(|&(var, coefficient)| coefficient * values[var.0])
                .sum::<f64>()
    }
}

/// A decision variable.
#[derive(Clone, Debug, PartialEq)]
pub struct VarDef {
    /// A readable name made from the strategy's own names: `spend_aws_marketplace`.
    pub name: String,
    pub lower: f64,
    pub upper: f64,
    pub integer: bool,
    /// One unit of the variable is this many units of the strategy (currency, customers).
    pub scale: f64,
}

/// How a row compares its expression with its right-hand side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sense {
    AtMost,
    AtLeast,
    Equal,
}

/// A constraint row: `expr sense rhs`.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub name: String,
    pub expr: Affine,
    pub sense: Sense,
    pub rhs: f64,
    /// One unit of the row is this many units of the strategy.
    pub scale: f64,
    /// The user-visible requirement the row stands for, if any (the infeasibility filter
    /// removes rows by requirement).
    pub requirement: Option<usize>,
}

/// Maximise or minimise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Maximize,
    Minimize,
}

/// What to optimise.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub direction: Direction,
    pub expr: Affine,
    /// One unit of the goal is this many units of the objective as reported.
    pub scale: f64,
}

/// A mixed-integer linear program.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Milp {
    pub vars: Vec<VarDef>,
    pub rows: Vec<Row>,
    /// Whether some rows are switched off by a binary through a big M (a robust
    /// quantile's misses), which a solver's presolve tightens.
    pub big_m: bool,
}

impl Milp {
    /// Adds a variable and returns its id.
    pub fn add_var(
        &mut self,
        name: String,
        lower: f64,
        upper: f64,
        integer: bool,
        scale: f64,
    ) -> VarId {
        self.vars.push(VarDef {
            name,
            lower,
            upper,
            integer,
            scale,
        });
        VarId(self.vars.len() - 1)
    }

    /// The least and the greatest value `expr` can take within its variables' bounds.
    pub fn bounds(&self, expr: &Affine) -> (f64, f64) {
        let mut bounds = (expr.constant, expr.constant);
        for &(var, coefficient) in &expr.terms {
            let var = &self.vars[var.0];
            let (at_lower, at_upper) = (coefficient * var.lower, coefficient * var.upper);
            bounds.0 += at_lower.min(at_upper);
            bounds.1 += at_lower.max(at_upper);
        }
        bounds
    }

    /// Adds a row: `expr sense rhs`, with the expression's constant moved to the right.
    pub fn add_row(
        &mut self,
        name: String,
        expr: Affine,
        sense: Sense,
        rhs: f64,
        scale: f64,
        requirement: Option<usize>,
    ) {
        let expr = expr.merged();
        let rhs = rhs - expr.constant;
        let expr = Affine {
            constant: 0.0,
            ..expr
        };
        self.rows.push(Row {
            name,
            expr,
            sense,
            rhs,
            scale,
            requirement,
        });
    }
}

/// Which solver to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SolverKind {
    /// microlp: pure Rust, always available.
    #[default]
    Microlp,
    /// HiGHS, when stratc is built with the `highs` feature.
    Highs,
}

/// The time limits a solve accepts, in seconds: from a millisecond to a million seconds
/// (eleven and a half days). Solvers turn the limit into a `Duration`, which cannot hold
/// 1e300 seconds.
pub const TIME_LIMITS: std::ops::RangeInclusive<f64> = 0.001..=1_000_000.0;

/// The solver's message when its time limit ends before it has found any plan.
pub const NO_PLAN_IN_TIME: &str = "no plan found within the time limit";

/// How to solve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SolverOptions {
    pub kind: SolverKind,
    /// Seconds the solve may take, within [`TIME_LIMITS`] (a limit outside it is taken
    /// as its nearest end): the time left before the build's deadline.
    pub time_limit: Option<f64>,
}

impl Default for SolverOptions {
    fn default() -> SolverOptions {
        SolverOptions {
            kind: SolverKind::Microlp,
            time_limit: None,
        }
    }
}

/// The outcome of one solve.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Proven optimal: the variable values, scaled.
    Optimal(Vec<f64>),
    /// Feasible, but the time limit stopped the proof of optimality.
    Stopped(Vec<f64>),
    Infeasible,
    Unbounded,
    /// The solver failed: its message.
    Failed(String),
}

thread_local! {
    static IN_SOLVER: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside a solver call (a panic there is reported as a solver
/// failure, so the cli's panic hook stays quiet).
pub fn in_solver() -> bool {
    IN_SOLVER.with(Cell::get)
}

/// What to solve: a goal and the rows to keep.
pub struct Request<'a> {
    pub goal: &'a Goal,
    pub keep: &'a dyn Fn(&Row) -> bool,
}

/// Solves `milp` for a request.
pub fn solve(milp: &Milp, request: &Request, options: SolverOptions) -> Outcome {
    // A program with no variable (a strategy with nothing to decide) needs no solver, and
    // some solvers reject it.
    if milp.vars.is_empty() {
        let holds = |row: &Row| match row.sense {
            Sense::AtMost => 0.0 <= row.rhs,
            Sense::AtLeast => 0.0 >= row.rhs,
            Sense::Equal => row.rhs == 0.0,
        };
        let feasible = milp
            .rows
            .iter()
            .filter(|row| (request.keep)(row))
            .all(holds);
        return if feasible {
            Outcome::Optimal(Vec::new())
        } else {
            Outcome::Infeasible
        };
    }
    IN_SOLVER.with(|flag| flag.set(true));
    let result = catch_unwind(AssertUnwindSafe(|| solve_unguarded(milp, request, options)));
    IN_SOLVER.with(|flag| flag.set(false));
    result.unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|text| text.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an internal error".to_string());
        Outcome::Failed(format!("the solver crashed: {message}"))
    })
}

fn solve_unguarded(milp: &Milp, request: &Request, options: SolverOptions) -> Outcome {
    let mut problem = ProblemVariables::new();
    let vars: Vec<Variable> = milp
        .vars
        .iter()
        .map(|def| {
            let definition = variable().min(def.lower).max(def.upper);
            problem.add(if def.integer {
                definition.integer()
            } else {
                definition
            })
        })
        .collect();
    let expression = |affine: &Affine| {
        let mut expression = Expression::with_capacity(affine.terms.len());
        for &(var, coefficient) in &affine.terms {
            expression.add_mul(coefficient, vars[var.0]);
        }
        expression + affine.constant
    };
    // Solvers judge optimality with absolute tolerances: an objective whose coefficients are
    // near 1 keeps those tolerances small against it. Scaling it changes no optimum.
    let largest = request
        .goal
        .expr
        .terms
        .iter()
        .map(|(_, c)| c.abs())
        .fold(0.0, f64::max);
    let factor = if largest > 0.0 { 1.0 / largest } else { 1.0 };
    let objective = expression(&request.goal.expr) * factor;
    let unsolved = match request.goal.direction {
        Direction::Maximize => problem.maximise(objective),
        Direction::Minimize => problem.minimise(objective),
    };
    let rows: Vec<good_lp::Constraint> = milp
        .rows
        .iter()
        .filter(|row| (request.keep)(row))
        .map(|row| {
            let lhs = expression(&row.expr);
            match row.sense {
                Sense::AtMost => constraint::leq(lhs, row.rhs),
                Sense::AtLeast => constraint::geq(lhs, row.rhs),
                Sense::Equal => constraint::eq(lhs, row.rhs),
            }
        })
        .collect();
    let options = SolverOptions {
        time_limit: options.time_limit.map(|seconds| {
            if seconds.is_nan() {
                *TIME_LIMITS.end()
            } else {
                seconds.clamp(*TIME_LIMITS.start(), *TIME_LIMITS.end())
            }
        }),
        ..options
    };
    match options.kind {
        SolverKind::Microlp => {
            let mut model = unsolved.using(good_lp::microlp);
            if let Some(seconds) = options.time_limit {
                model = good_lp::WithTimeLimit::with_time_limit(model, seconds);
            }
            finish(model.with_all(rows), &vars)
        }
        SolverKind::Highs => solve_with_highs(unsolved, rows, milp.big_m, options),
    }
}

#[cfg(feature = "highs")]
fn solve_with_highs(
    unsolved: good_lp::variable::UnsolvedProblem,
    rows: Vec<good_lp::Constraint>,
    big_m: bool,
    options: SolverOptions,
) -> Outcome {
    use highs::HighsModelStatus as Status;
    // good_lp builds the model; stratc runs it, to read HiGHS's own status and gap.
    let mut model = match unsolved
        .using(good_lp::highs)
        .with_all(rows)
        .try_into_inner()
    {
        Ok(model) => model,
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    model.make_quiet();
    // HiGHS stops at a 1e-4 relative or 1e-6 absolute gap by default; plans must be optimal.
    model.set_option("mip_rel_gap", 0.0);
    model.set_option("mip_abs_gap", 0.0);
    // stratc runs independent solves on every core itself (the extras); HiGHS's own workers
    // would only compete with them, and its branch and bound gains little from a second.
    model.set_option("threads", 1);
    if let Some(seconds) = options.time_limit {
        model.set_option("time_limit", seconds);
    }
    // stratc's programs relax nearly exactly: HiGHS proves most at the root node. What it
    // spends around that proof is setup that does not pay (docs/performance.md): the
    // feasibility jump (a search for a first plan, which the root finds anyway), restarts
    // (after a root that leaves a gap of rounding), symmetry detection, and presolve,
    // except on a program whose rows a binary switches off through a big M (a robust
    // quantile's), which presolve tightens.
    for option in [
        "mip_heuristic_run_feasibility_jump",
        "mip_allow_restart",
        "mip_detect_symmetry",
    ] {
        model.set_option(option, false);
    }
    if !big_m {
        model.set_option("presolve", "off");
    }
    let solved = match model.try_solve() {
        Ok(solved) => solved,
        Err(status) => return Outcome::Failed(format!("HiGHS failed: {status:?}")),
    };
    let feasible = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let values = || solved.get_solution().columns().to_vec();
    match solved.status() {
        // Zero gaps leave only HiGHS's tolerances between its bounds when it calls a MIP
        // optimal.
        Status::Optimal if solved.mip_gap() <= PROVEN_GAP || !solved.mip_gap().is_finite() => {
            Outcome::Optimal(values())
        }
        Status::Optimal | Status::ReachedTimeLimit if feasible => Outcome::Stopped(values()),
        Status::ReachedTimeLimit => Outcome::Failed(NO_PLAN_IN_TIME.into()),
        Status::Infeasible | Status::UnboundedOrInfeasible => Outcome::Infeasible,
        Status::Unbounded => Outcome::Unbounded,
        other => Outcome::Failed(format!("HiGHS stopped with status {other:?}")),
    }
}

/// The relative gap under which HiGHS's optimum counts as proven: its own tolerances. Its
/// bounds are compared within its feasibility tolerance (1e-7 on stratc's programs, whose
/// objectives are near 1): a frontier point of `examples/security-copilot.strat` came
/// back optimal with a gap of 1.6e-7, and a smaller bound called it stopped by a time
/// limit that was never set.
#[cfg(feature = "highs")]
const PROVEN_GAP: f64 = 1e-6;

#[cfg(not(feature = "highs"))]
fn solve_with_highs(
    _: good_lp::variable::UnsolvedProblem,
    _: Vec<good_lp::Constraint>,
    _: bool,
    _: SolverOptions,
) -> Outcome {
    Outcome::Failed(
        "this stratc was built without HiGHS; rebuild it with `--features highs`".into(),
    )
}

fn finish<M: SolverModel>(model: M, vars: &[Variable]) -> Outcome
where
    M::Error: Into<ResolutionError>,
{
    match model.solve().map_err(Into::into) {
        Ok(solution) => {
            let values = vars.iter().map(|&var| solution.value(var)).collect();
            match solution.status() {
                SolutionStatus::Optimal => Outcome::Optimal(values),
                SolutionStatus::TimeLimit | SolutionStatus::GapLimit => Outcome::Stopped(values),
            }
        }
        Err(ResolutionError::Infeasible) => Outcome::Infeasible,
        Err(ResolutionError::Unbounded) => Outcome::Unbounded,
        // microlp's words for a time limit that ends before any feasible plan.
        Err(ResolutionError::Other(message)) if message.starts_with("Time limit") => {
            Outcome::Failed(NO_PLAN_IN_TIME.into())
        }
        Err(error) => Outcome::Failed(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Maximises `expr` over `milp` with every row.
    fn maximize(milp: &Milp, expr: Affine, options: SolverOptions) -> Outcome {
        let goal = Goal {
            direction: Direction::Maximize,
            expr,
            scale: 1.0,
        };
        let request = Request {
            goal: &goal,
            keep: &|_| true,
        };
        solve(milp, &request, options)
    }

    #[test]
    fn solves_a_small_mixed_integer_program() {
        // max 3a + 2b  s.t.  a + b <= 4.5, a <= 2.5 (a integer)
        let mut milp = Milp::default();
        let a = milp.add_var("a".into(), 0.0, 2.5, true, 1.0);
        let b = milp.add_var("b".into(), 0.0, 10.0, false, 1.0);
        let mut sum = Affine::term(a, 1.0);
        sum.add_term(b, 1.0);
        milp.add_row("total".into(), sum, Sense::AtMost, 4.5, 1.0, None);
        let mut objective = Affine::term(a, 3.0);
        objective.add_term(b, 2.0);
        let goal = Goal {
            direction: Direction::Maximize,
            expr: objective,
            scale: 1.0,
        };
        let all = Request {
            goal: &goal,
            keep: &|_| true,
        };
        let Outcome::Optimal(values) = solve(&milp, &all, SolverOptions::default()) else {
            panic!("optimal")
        };
        assert!((values[0] - 2.0).abs() < 1e-9 && (values[1] - 2.5).abs() < 1e-9);
        let none = Request {
            goal: &goal,
            keep: &|_| false,
        };
        let without_rows = solve(&milp, &none, SolverOptions::default());
        assert!(
            matches!(without_rows, Outcome::Optimal(values) if (values[1] - 10.0).abs() < 1e-9)
        );
    }

    #[test]
    fn infeasible_programs_say_so() {
        let mut milp = Milp::default();
        let a = milp.add_var("a".into(), 0.0, 1.0, false, 1.0);
        milp.add_row(
            "too_much".into(),
            Affine::term(a, 1.0),
            Sense::AtLeast,
            2.0,
            1.0,
            Some(0),
        );
        assert_eq!(
            maximize(&milp, Affine::term(a, 1.0), SolverOptions::default()),
            Outcome::Infeasible
        );
    }

    #[test]
    fn a_solver_error_is_an_outcome_not_a_crash() {
        // microlp takes integer bounds within i32 only.
        let mut milp = Milp::default();
        let a = milp.add_var("a".into(), 0.0, 1e12, true, 1.0);
        let outcome = maximize(&milp, Affine::term(a, 1.0), SolverOptions::default());
        assert!(matches!(outcome, Outcome::Failed(message) if message.contains("i32")));
        assert!(!in_solver(), "the solver flag is cleared after the call");
    }

    #[test]
    fn a_time_limit_beyond_a_duration_is_taken_as_the_longest() {
        let mut milp = Milp::default();
        let a = milp.add_var("a".into(), 0.0, 3.0, true, 1.0);
        for seconds in [1e300, f64::INFINITY, f64::NAN, -1.0] {
            let options = SolverOptions {
                time_limit: Some(seconds),
                ..SolverOptions::default()
            };
            let outcome = maximize(&milp, Affine::term(a, 2.0), options);
            assert_eq!(outcome, Outcome::Optimal(vec![3.0]), "{seconds}");
        }
    }

    #[test]
    fn highs_solves_when_built_in_and_says_how_to_get_it_when_not() {
        let options = SolverOptions {
            kind: SolverKind::Highs,
            time_limit: None,
        };
        let mut milp = Milp::default();
        let a = milp.add_var("a".into(), 0.0, 3.0, true, 1.0);
        let outcome = maximize(&milp, Affine::term(a, 2.0), options);
        if cfg!(feature = "highs") {
            assert_eq!(outcome, Outcome::Optimal(vec![3.0]));
        } else {
            assert!(
                matches!(outcome, Outcome::Failed(message) if message.contains("--features highs"))
            );
        }
    }

    #[test]
    fn affine_expressions_merge_terms() {
        let mut expr = Affine::term(VarId(2), 1.0);
        expr.add_term(VarId(0), 2.0);
        expr.add_term(VarId(2), -1.0);
        expr.add_scaled(&Affine::constant(3.0), 2.0);
        let merged = expr.merged();
        assert_eq!(merged.terms, vec![(VarId(0), 2.0)]);
        assert_eq!(merged.constant, 6.0);
        assert_eq!(merged.value(&[5.0, 0.0, 0.0]), 16.0);
    }
}
