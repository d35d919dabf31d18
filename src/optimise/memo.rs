//! Reusing solves across builds: a `stratc watch` session builds the same strategy again
//! after each save, and most saves leave most of its programs as they were.
//!
//! A solve is known by everything the solver reads: the solver and the options the
//! program sets for it, each variable's bounds and integrality, the rows kept and the
//! goal. Names, scale factors and requirements' places are not read, so a title, a doc
//! comment, a comment, a `locale` or a layout change leaves every solve as it was, and a
//! changed number changes exactly the programs it enters. Among several optima the
//! options can decide which one the solver returns, so they are part of a solve: with
//! them, a build that reuses solves gives what a build from nothing would, byte for byte.
//!
//! Only proven outcomes are kept (an optimum, infeasibility, unboundedness): a solve
//! stopped by its time limit or failed is solved again, and a proven optimum holds
//! whatever time limit it was found under.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::milp::{self, Milp, Outcome, Request, SolverKind, SolverOptions};

/// A solve's identity: two 64-bit SipHashes, under two random keys, of what the solver
/// reads. Keyed hashes of 128 bits make two different programs meeting by chance
/// vanishingly unlikely without holding every program of a build in memory.
type Fingerprint = (u64, u64);

/// The proven outcomes of one build's solves, for the next build to reuse, and how many
/// of its solves that build ran and reused.
#[derive(Debug, Default)]
pub struct Solves {
    outcomes: HashMap<Fingerprint, Outcome>,
    /// The keys of the fingerprints; a memo reusing these outcomes keeps them.
    keys: [RandomState; 2],
    /// How many solves the build ran.
    pub solved: usize,
    /// How many solves the build took from the build before.
    pub reused: usize,
}

impl Solves {
    /// How many solves the build asked for.
    pub fn total(&self) -> usize {
        self.solved + self.reused
    }
}

/// The solves of one build: an earlier build's proven outcomes answer the same solves
/// without the solver, and this build's outcomes are kept for the next. Shared by the
/// threads of the extras.
#[derive(Debug, Default)]
pub struct Memo {
    earlier: Solves,
    now: Mutex<HashMap<Fingerprint, Outcome>>,
    solved: AtomicUsize,
    reused: AtomicUsize,
}

impl Memo {
    /// A memo that answers from `earlier`, a previous build's solves.
    pub fn reusing(earlier: Solves) -> Memo {
        Memo {
            earlier,
            ..Memo::default()
        }
    }

    /// Solves `milp` for `request`, or gives the outcome an earlier build proved for the
    /// same solve.
    pub fn solve(&self, milp: &Milp, request: &Request, options: SolverOptions) -> Outcome {
        let fingerprint = self.fingerprint(milp, request, options.kind);
        let earlier = self.earlier.outcomes.get(&fingerprint).cloned();
        let outcome = match earlier {
            Some(outcome) => {
                self.reused.fetch_add(1, Ordering::Relaxed);
                outcome
            }
            None => {
                self.solved.fetch_add(1, Ordering::Relaxed);
                milp::solve(milp, request, options)
            }
        };
        let proven = matches!(
            outcome,
            Outcome::Optimal(_) | Outcome::Infeasible | Outcome::Unbounded
        );
        if proven {
            self.now
                .lock()
                .expect("no thread panics holding the memo")
                .insert(fingerprint, outcome.clone());
        }
        outcome
    }

    /// This build's solves, for the next build. A build that asked for no solve (its
    /// strategy has errors) hands on the outcomes it was given, so that the save that
    /// fixes the strategy still reuses them.
    pub fn into_solves(self) -> Solves {
        let solved = self.solved.into_inner();
        let reused = self.reused.into_inner();
        let outcomes = if solved + reused == 0 {
            self.earlier.outcomes
        } else {
            self.now
                .into_inner()
                .expect("no thread panics holding the memo")
        };
        Solves {
            outcomes,
            keys: self.earlier.keys,
            solved,
            reused,
        }
    }

    fn fingerprint(&self, milp: &Milp, request: &Request, kind: SolverKind) -> Fingerprint {
        let [first, second] = &self.earlier.keys;
        let hash = |keys: &RandomState| {
            let mut hasher = keys.build_hasher();
            write_solve(&mut hasher, milp, request, kind);
            hasher.finish()
        };
        (hash(first), hash(second))
    }
}

/// Writes what the solver reads of a solve (see `milp::solve`) into `hasher`, each number
/// by its bits.
fn write_solve(hasher: &mut impl Hasher, milp: &Milp, request: &Request, kind: SolverKind) {
    let affine = |hasher: &mut dyn Hasher, affine: &milp::Affine| {
        hasher.write_usize(affine.terms.len());
        for &(var, coefficient) in &affine.terms {
            hasher.write_usize(var.0);
            hasher.write_u64(coefficient.to_bits());
        }
        hasher.write_u64(affine.constant.to_bits());
    };
    hasher.write_u8(kind as u8);
    // It sets the solver's options, which may pick another of equal optima.
    milp.big_m.hash(hasher);
    hasher.write_usize(milp.vars.len());
    for var in &milp.vars {
        hasher.write_u64(var.lower.to_bits());
        hasher.write_u64(var.upper.to_bits());
        var.integer.hash(hasher);
    }
    for row in milp.rows.iter().filter(|row| (request.keep)(row)) {
        affine(hasher, &row.expr);
        hasher.write_u8(row.sense as u8);
        hasher.write_u64(row.rhs.to_bits());
    }
    // Rows end where the goal starts: a row's expression begins with its length, and a
    // marker no length takes keeps the two apart.
    hasher.write_usize(usize::MAX);
    hasher.write_u8(request.goal.direction as u8);
    affine(hasher, &request.goal.expr);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::model_of;
    use crate::optimise::milp::{Affine, Direction, Goal, Sense};
    use crate::optimise::{Extras, Run, optimise};
    use crate::schedule::Schedule;

    /// max `a` subject to `a <= limit`, a row named `name`.
    fn program(name: &str, limit: f64) -> Milp {
        let mut milp = Milp::default();
        let a = milp.add_var("a".into(), 0.0, 10.0, false, 1.0);
        milp.add_row(
            name.into(),
            Affine::term(a, 1.0),
            Sense::AtMost,
            limit,
            1.0,
            None,
        );
        milp
    }

    fn maximize_a() -> Goal {
        Goal {
            direction: Direction::Maximize,
            expr: Affine::term(milp::VarId(0), 1.0),
            scale: 1.0,
        }
    }

    /// Solves `milp` for `goal` once through a memo reusing `earlier`.
    fn solve_once(earlier: Solves, milp: &Milp, goal: &Goal) -> (Outcome, Solves) {
        let memo = Memo::reusing(earlier);
        let request = Request {
            goal,
            keep: &|_| true,
        };
        let outcome = memo.solve(milp, &request, SolverOptions::default());
        (outcome, memo.into_solves())
    }

    #[test]
    fn the_same_solve_is_reused_and_names_do_not_count() {
        let goal = maximize_a();
        let (first, solves) = solve_once(Solves::default(), &program("cap", 4.0), &goal);
        assert_eq!((solves.solved, solves.reused), (1, 0));
        let (again, solves) = solve_once(solves, &program("renamed", 4.0), &goal);
        assert_eq!((solves.solved, solves.reused), (0, 1));
        assert_eq!(again, first);
    }

    #[test]
    fn a_number_a_goal_or_the_solver_options_make_another_solve() {
        let goal = maximize_a();
        let (_, solves) = solve_once(Solves::default(), &program("cap", 4.0), &goal);
        let (moved, solves) = solve_once(solves, &program("cap", 5.0), &goal);
        assert_eq!((solves.solved, solves.reused), (1, 0));
        assert_eq!(moved, Outcome::Optimal(vec![5.0]));
        let minimize = Goal {
            direction: Direction::Minimize,
            ..goal
        };
        let (_, solves) = solve_once(solves, &program("cap", 5.0), &minimize);
        assert_eq!((solves.solved, solves.reused), (1, 0));
        let big_m = Milp {
            big_m: true,
            ..program("cap", 5.0)
        };
        let (_, solves) = solve_once(solves, &big_m, &minimize);
        assert_eq!((solves.solved, solves.reused), (1, 0));
    }

    #[test]
    fn a_build_without_solves_hands_on_what_it_was_given() {
        let goal = maximize_a();
        let (_, solves) = solve_once(Solves::default(), &program("cap", 4.0), &goal);
        let passed_on = Memo::reusing(solves).into_solves();
        assert_eq!(passed_on.total(), 0);
        let (_, solves) = solve_once(passed_on, &program("cap", 4.0), &goal);
        assert_eq!((solves.solved, solves.reused), (0, 1));
    }

    #[test]
    fn unproven_outcomes_are_solved_again() {
        // microlp takes integer bounds within i32 only: a failure, not kept.
        let mut milp = Milp::default();
        milp.add_var("a".into(), 0.0, 1e12, true, 1.0);
        let goal = maximize_a();
        let (failed, solves) = solve_once(Solves::default(), &milp, &goal);
        assert!(matches!(failed, Outcome::Failed(_)));
        let (_, solves) = solve_once(solves, &milp, &goal);
        assert_eq!((solves.solved, solves.reused), (1, 0));
    }

    const WEIGHTED: &str = include_str!("../../examples/medassist.strat");
    const LEXICOGRAPHIC: &str = include_str!("../../examples/tutoring.strat");

    /// Optimises `text` (the plan alone) reusing `earlier`'s solves: how many it ran and
    /// reused, and the solves for the next.
    fn optimise_text(text: &str, earlier: Solves) -> ((usize, usize), Solves) {
        let model = model_of(text);
        let schedule = Schedule::of(&model).unwrap();
        let memo = Memo::reusing(earlier);
        optimise(&model, &schedule, Run::default(), Extras::NONE, &memo).unwrap();
        let solves = memo.into_solves();
        ((solves.solved, solves.reused), solves)
    }

    /// How many solves optimising `text` with `from` replaced by `to` runs and reuses, after
    /// optimising `text`.
    fn after_edit(text: &str, from: &str, to: &str) -> (usize, usize) {
        assert!(text.contains(from), "{from}");
        let (_, earlier) = optimise_text(text, Solves::default());
        optimise_text(&text.replace(from, to), earlier).0
    }

    #[test]
    fn a_weight_changes_only_the_weighted_solve() {
        // Three ideals and the weighted solve: the ideals do not read the weights.
        let weights = after_edit(
            WEIGHTED,
            "satisfaction weight 0.2",
            "satisfaction weight 0.3",
        );
        assert_eq!(weights, (1, 3));
    }

    #[test]
    fn a_constraint_or_a_curve_changes_every_ideal() {
        assert_eq!(after_edit(WEIGHTED, "tech >= 70", "tech >= 71"), (4, 0));
        let curve = after_edit(WEIGHTED, "150k USD => 140", "150k USD => 150");
        assert_eq!(curve, (4, 0));
    }

    #[test]
    fn a_lexicographic_tolerance_changes_the_solves_after_its_term() {
        // Revenue's ideal, share's with revenue held, then satisfaction with both held.
        let last = after_edit(LEXICOGRAPHIC, "share within 3%", "share within 4%");
        assert_eq!(last, (1, 2));
        let first = after_edit(LEXICOGRAPHIC, "revenue within 5%", "revenue within 6%");
        assert_eq!(first, (2, 1));
    }
}
