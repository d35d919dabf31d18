//! What the optimiser pursues and respects: the objective, constraints, the pareto line;
//! and the list of scenarios.

use super::{Elaborator, doc_of, source_text};
use crate::check::expr::Typed;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    ChannelId, Constraint, ConstraintKind, Dim, Loc, Objective, ObjectiveKind, Pareto, Quantity,
    Robust, RobustMeasure, Scenario, Sense, Term,
};
use crate::source::FileId;
use crate::syntax::ast::{self, ConstraintBody, ExprKind, ItemKind};

/// The budget and horizon, which constraints may name.
pub(super) type Constants = (f64, f64);

impl Elaborator<'_> {
    pub(super) fn objective(&mut self, constants: Constants) -> Option<Objective> {
        let Some(at) = self.program.names.objective else {
            let root = self.program.loaded.files.first()?.id;
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::NoObjective,
                    "the strategy has no objective: the plan maximizes revenue",
                )
                .with_label(
                    root,
                    crate::source::Span::new(0, 0),
                    "no `objective` in the strategy",
                )
                .with_help("say what to pursue, as in `objective maximize revenue`"),
            );
            return Some(Objective {
                kind: ObjectiveKind::Single,
                terms: vec![Term {
                    sense: Sense::Maximize,
                    quantity: Quantity {
                        expr: crate::model::LinExpr::var(crate::model::Var::Revenue),
                        dim: Dim::MONEY_RATE,
                        text: "revenue".into(),
                    },
                    weight: 1.0,
                    within: 0.0,
                    loc: Loc {
                        file: root,
                        span: crate::source::Span::new(0, 0),
                    },
                }],
                robust: None,
            });
        };
        let (item, file) = self.item(at);
        let ItemKind::Objective(objective) = &item.kind else {
            return None;
        };
        if objective.terms.is_empty() {
            self.error(
                Code::MissingAttribute,
                "the objective has no terms".into(),
                file,
                item.span,
                "empty",
                "add a term such as `maximize revenue weight 0.5`".into(),
            );
            return None;
        }
        let mut terms = Vec::new();
        for term in &objective.terms {
            terms.extend(self.term(term, objective.kind, file, constants));
        }
        let mut robust = Some(None);
        for term in &objective.terms {
            if let Some(written) = &term.robust {
                robust = self.robust(written, objective.kind, file);
            }
        }
        (terms.len() == objective.terms.len()).then_some(Objective {
            kind: objective.kind,
            terms,
            robust: robust?,
        })
    }

    /// The robust reading of a single objective (`at p10 over 100 samples`); `None` when
    /// it is wrong, after reporting why.
    fn robust(
        &mut self,
        written: &ast::Robust,
        kind: ObjectiveKind,
        file: FileId,
    ) -> Option<Option<Robust>> {
        if kind != ObjectiveKind::Single {
            self.error(
                Code::RobustOutsideSingle,
                "a robust objective has one term".into(),
                file,
                written.span,
                "read over samples here",
                "write `objective maximize revenue at p10` alone, or drop this clause".into(),
            );
            return None;
        }
        let measure = match &written.measure {
            ast::RobustMeasure::Percentile(percent) if percent.value > 100 => {
                self.error(
                    Code::RobustOutOfRange,
                    format!("`p{}` is not a percentile", percent.value),
                    file,
                    percent.span,
                    "above p100",
                    "a percentile runs from `p0` to `p100`, as in `at p10`".into(),
                );
                return None;
            }
            ast::RobustMeasure::Percentile(percent) => {
                RobustMeasure::Percentile(f64::from(percent.value) / 100.0)
            }
            ast::RobustMeasure::Expected => RobustMeasure::Expected,
            ast::RobustMeasure::Worst => RobustMeasure::Worst,
        };
        let samples = match &written.samples {
            Some(count) if count.value == 0 || count.value as usize > Robust::MAX_SAMPLES => {
                self.error(
                    Code::RobustOutOfRange,
                    format!("`over {} samples` is out of range", count.value),
                    file,
                    count.span,
                    "out of range",
                    format!(
                        "a robust objective holds 1 to {} samples, as in `over 100 samples`",
                        Robust::MAX_SAMPLES
                    ),
                );
                return None;
            }
            Some(count) => count.value as usize,
            None => Robust::DEFAULT_SAMPLES,
        };
        self.without_ranges(file, written.span, "a robust objective");
        Some(Some(Robust { measure, samples }))
    }

    /// Warns that a clause read over samples of the ranges reads one sample many times in
    /// a strategy without ranges.
    fn without_ranges(&mut self, file: FileId, span: crate::source::Span, what: &str) {
        if self.uncertain.is_empty() {
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::RobustWithoutRanges,
                    format!("{what} in a strategy without ranges"),
                )
                .with_label(file, span, "every sample is the most likely one")
                .with_help(
                    "write the numbers you are unsure of as ranges, as in `300..500 customers`",
                ),
            );
        }
    }

    fn term(
        &mut self,
        term: &ast::Term,
        kind: ObjectiveKind,
        file: FileId,
        constants: Constants,
    ) -> Option<Term> {
        let quantity = self.quantity(&term.expr, file, constants);
        let weight = match &term.weight {
            Some(expr) if kind != ObjectiveKind::Weighted => {
                self.misplaced_option(expr, file, "weight", "weighted");
                None
            }
            Some(expr) => self.amount(file, expr, Dim::PLAIN, "weight"),
            None => Some(1.0),
        };
        let within = match &term.within {
            Some(expr) if kind != ObjectiveKind::Lexicographic => {
                self.misplaced_option(expr, file, "within", "lexicographic");
                None
            }
            Some(expr) => self.amount(file, expr, Dim::PLAIN, "within"),
            None => Some(0.0),
        };
        Some(Term {
            sense: term.sense,
            quantity: quantity?,
            weight: weight?,
            within: within?,
            loc: Loc {
                file,
                span: term.span,
            },
        })
    }

    fn misplaced_option(&mut self, expr: &ast::Expr, file: FileId, option: &str, kind: &str) {
        let code = if option == "weight" {
            Code::WeightOutsideWeighted
        } else {
            Code::WithinOutsideLexicographic
        };
        self.error(
            code,
            format!("`{option}` belongs to {kind} objectives"),
            file,
            expr.span,
            &format!("`{option}` here"),
            format!("remove `{option}`, or make this `objective {kind} {{ … }}`"),
        );
    }

    /// A linear quantity, typed against everything the strategy defines.
    fn quantity(
        &mut self,
        expr: &ast::Expr,
        file: FileId,
        constants: Constants,
    ) -> Option<Quantity> {
        let typed = self.typed(expr, file, constants)?;
        Some(Quantity {
            expr: typed.expr,
            dim: typed.dim,
            text: source_text(self.sources, file, expr.span),
        })
    }

    /// An expression of a constraint or objective, typed; its constant and coefficients
    /// must be numbers the solver holds faithfully (E0410).
    fn typed(&mut self, expr: &ast::Expr, file: FileId, constants: Constants) -> Option<Typed> {
        let mut diagnostics = Vec::new();
        let world = self.world(constants.0, constants.1);
        let typed = self.scope(file, Some(&world)).eval(expr, &mut diagnostics);
        self.diagnostics.extend(diagnostics);
        let typed = typed?;
        let mut fine = self.representable(
            typed.expr.constant,
            typed.dim,
            file,
            expr.span,
            "a constant of this expression",
        );
        if fine && typed.dim == Dim::CUSTOMERS {
            fine = self.countable(typed.expr.constant, file, expr.span, "a constant");
        }
        for &(var, coefficient) in &typed.expr.terms {
            fine = fine
                && self.representable(
                    coefficient,
                    typed.dim.per(var.dim()),
                    file,
                    expr.span,
                    "a factor of this expression",
                );
        }
        fine.then_some(typed)
    }

    pub(super) fn constraints(&mut self, constants: Constants) -> Vec<Constraint> {
        let mut constraints = Vec::new();
        for index in 0..self.program.names.constraints.len() {
            let at = self.program.names.constraints[index];
            let (item, file) = self.item(at);
            let ItemKind::Constraint(constraint) = &item.kind else {
                continue;
            };
            let (ConstraintBody::Compare { lhs, rhs, .. } | ConstraintBody::Implies { lhs, rhs }) =
                &constraint.body;
            let text = source_text(self.sources, file, lhs.span.to(rhs.span));
            let kind = match &constraint.body {
                ConstraintBody::Compare { lhs, op, rhs } => {
                    self.comparison(lhs, *op, rhs, file, constants)
                }
                ConstraintBody::Implies { lhs, rhs } => {
                    let from = self.active_channel(lhs, file, constants);
                    let to = self.active_channel(rhs, file, constants);
                    from.zip(to)
                        .map(|(from, to)| ConstraintKind::Implies { from, to })
                }
            };
            let Some(kind) = kind else { continue };
            if let Some(span) = constraint.every_sample {
                self.without_ranges(file, span, "`in every sample`");
            }
            constraints.push(Constraint {
                name: constraint.name.as_ref().map(|name| name.name.clone()),
                kind,
                text,
                every_sample: constraint.every_sample.is_some(),
                loc: Loc {
                    file,
                    span: item.span,
                },
            });
        }
        constraints
    }

    fn comparison(
        &mut self,
        lhs: &ast::Expr,
        op: ast::CompareOp,
        rhs: &ast::Expr,
        file: FileId,
        constants: Constants,
    ) -> Option<ConstraintKind> {
        let left = self.typed(lhs, file, constants);
        let right = self.typed(rhs, file, constants);
        let (left, right) = (left?, right?);
        if left.dim != right.dim {
            let mut diagnostics = Vec::new();
            let world = self.world(constants.0, constants.1);
            let scope = self.scope(file, Some(&world));
            let fix = scope
                .respelled(rhs, left.dim)
                .map(|fix| (rhs.span, fix))
                .or_else(|| scope.respelled(lhs, right.dim).map(|fix| (lhs.span, fix)));
            let (left_words, right_words) = (scope.words(left.dim), scope.words(right.dim));
            let mut diagnostic = Diagnostic::error(
                Code::MixedDimensions,
                format!("cannot compare {left_words} with {right_words}"),
            )
            .with_label(file, rhs.span, format!("this is {right_words}"))
            .with_label(file, lhs.span, format!("this is {left_words}"));
            diagnostic = match fix {
                Some((span, fix)) => diagnostic
                    .with_help(format!("write `{fix}`"))
                    .with_fix(file, span, fix),
                None => diagnostic.with_help("both sides of a comparison must be of one dimension"),
            };
            diagnostics.push(diagnostic);
            self.diagnostics.extend(diagnostics);
            return None;
        }
        Some(ConstraintKind::Compare {
            lhs: left.expr,
            op,
            rhs: right.expr,
            dim: left.dim,
        })
    }

    /// The channel of an `active(c)` side of `=>`.
    fn active_channel(
        &mut self,
        side: &ast::Expr,
        file: FileId,
        constants: Constants,
    ) -> Option<ChannelId> {
        let is_active_call =
            matches!(&side.kind, ExprKind::Call { name, .. } if name.name == "active");
        if !is_active_call {
            self.error(
                Code::ImpliesNeedsActive,
                "`=>` links two `active(…)` terms".into(),
                file,
                side.span,
                "not `active(…)`",
                "write `active(a) => active(b)`: if channel a is opened, so is b".into(),
            );
            return None;
        }
        let typed = self.typed(side, file, constants)?;
        match typed.expr.terms.as_slice() {
            [(crate::model::Var::Active(channel), _)] => Some(*channel),
            _ => None,
        }
    }

    pub(super) fn pareto(&mut self, constants: Constants) -> Option<Pareto> {
        let at = self.program.names.pareto?;
        let (item, file) = self.item(at);
        let ItemKind::Pareto(pareto) = &item.kind else {
            return None;
        };
        let first = self.quantity(&pareto.first, file, constants);
        let second = self.quantity(&pareto.second, file, constants);
        if !self.frontier_points_in_range(&pareto.points, file) {
            return None;
        }
        Some(Pareto {
            first: first?,
            second: second?,
            points: pareto.points.value,
            loc: Loc {
                file,
                span: item.span,
            },
        })
    }

    /// Whether a frontier's `points` count is between 2 and [`Pareto::MAX_POINTS`]
    /// (contract §3); reports it when not. Each point is a full solve, so a count in the
    /// millions would never finish (and once asked for gigabytes).
    fn frontier_points_in_range(&mut self, points: &ast::Integer, file: FileId) -> bool {
        let (message, label, help) = match points.value {
            0 | 1 => (
                "a frontier needs at least 2 points".to_string(),
                "too few",
                "ask for 2 or more points, as in `points 7`".to_string(),
            ),
            2..=Pareto::MAX_POINTS => return true,
            _ => (
                format!("a frontier has at most {} points", Pareto::MAX_POINTS),
                "too many",
                format!(
                    "ask for {} points or fewer, as in `points 7`: each point is a full solve",
                    Pareto::MAX_POINTS
                ),
            ),
        };
        self.error(Code::OutOfRange, message, file, points.span, label, help);
        false
    }

    pub(super) fn scenarios(&self) -> Vec<Scenario> {
        self.program
            .names
            .scenarios
            .entries
            .iter()
            .map(|(name, at, loc)| Scenario {
                name: name.clone(),
                doc: doc_of(self.program.loaded.item(*at)),
                loc: *loc,
            })
            .collect()
    }
}
