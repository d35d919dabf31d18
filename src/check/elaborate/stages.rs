//! The six stages: predecessors, tasks, budget caps, and the satisfaction and tech curves.

use std::collections::HashMap;

use super::Elaborator;
use crate::check::curves;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    Bound, Curve, CurveOf, CurvePoint, Dim, Loc, Predecessor, Satisfaction, Stage, StageKind,
    Target, Task, Tech, Waits,
};
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, CurveAttr, ItemKind, StageAttr, TaskAttr};

impl<'a> Elaborator<'a> {
    pub(super) fn stages(&mut self) {
        let written: Vec<_> = StageKind::ALL
            .iter()
            .map(|&kind| self.program.names.stages[kind as usize].map(|at| self.item(at)))
            .collect();
        // Task names first, so that `after` can name a task of any stage.
        let task_names: Vec<Vec<&str>> = written
            .iter()
            .map(|block| match block {
                Some((
                    ast::Item {
                        kind: ItemKind::Stage(stage),
                        ..
                    },
                    _,
                )) => stage
                    .attrs
                    .iter()
                    .filter_map(|stmt| match &stmt.kind {
                        StageAttr::Task(task) => Some(task.name.name.as_str()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        for (kind, block) in StageKind::ALL.into_iter().zip(written) {
            let stage = match block {
                Some((
                    ast::Item {
                        kind: ItemKind::Stage(stage),
                        ..
                    },
                    file,
                )) => self.stage(kind, stage, file, &task_names),
                _ => Stage {
                    kind,
                    title: None,
                    predecessors: default_predecessors(kind),
                    tasks: Vec::new(),
                    budget_max: None,
                    loc: None,
                },
            };
            self.stages.push(stage);
        }
    }

    fn stage(
        &mut self,
        kind: StageKind,
        stage: &'a ast::Stage,
        file: FileId,
        task_names: &[Vec<&str>],
    ) -> Stage {
        let predecessors = match &stage.after {
            Some(names) => names
                .iter()
                .filter_map(|name| {
                    let target = self.waited_for(name, file)?;
                    let loc = Some(Loc {
                        file,
                        span: name.span,
                    });
                    Some(Predecessor { target, loc })
                })
                .collect(),
            None => default_predecessors(kind),
        };
        let mut seen = HashMap::new();
        let mut tasks: Vec<Task> = Vec::new();
        let mut budget_max = None;
        let mut title = None;
        for stmt in &stage.attrs {
            match &stmt.kind {
                StageAttr::Title(text) if self.once(&mut seen, "title", file, stmt.span) => {
                    title = Some(text.value.clone());
                }
                StageAttr::Task(task) => {
                    if let Some(first) = tasks.iter().find(|t| t.id == task.name.name) {
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::Duplicate,
                                format!("task `{}` is defined twice", task.name.name),
                            )
                            .with_label(file, task.name.span, "defined again here")
                            .with_label(first.loc.file, first.loc.span, "first defined here")
                            .with_help("give each task of a stage its own name"),
                        );
                        continue;
                    }
                    tasks.push(self.task(task, file, task_names));
                }
                StageAttr::BudgetMax(expr)
                    if self.once(&mut seen, "budget max", file, stmt.span) =>
                {
                    budget_max = self
                        .amount(file, expr, Dim::MONEY, "budget max")
                        .map(|value| Bound {
                            value,
                            loc: Loc {
                                file,
                                span: stmt.span,
                            },
                        });
                }
                StageAttr::Satisfaction(curve)
                    if self.once(&mut seen, "satisfaction", file, stmt.span)
                        && self.curve_stage(
                            kind,
                            StageKind::Service,
                            "satisfaction",
                            file,
                            stmt.span,
                        ) =>
                {
                    self.satisfaction = self.satisfaction_curve(curve, file, stmt.span);
                }
                StageAttr::Tech(curve)
                    if self.once(&mut seen, "tech", file, stmt.span)
                        && self.curve_stage(
                            kind,
                            StageKind::Iteration,
                            "tech",
                            file,
                            stmt.span,
                        ) =>
                {
                    self.tech = self.tech_curve(curve, file, stmt.span);
                }
                _ => {}
            }
        }
        Stage {
            kind,
            title,
            predecessors,
            tasks,
            budget_max,
            loc: Some(Loc {
                file,
                span: stage.name.span,
            }),
        }
    }

    /// Whether a curve block stands in its stage; reports it when not.
    fn curve_stage(
        &mut self,
        kind: StageKind,
        home: StageKind,
        what: &str,
        file: FileId,
        span: Span,
    ) -> bool {
        if kind == home {
            return true;
        }
        self.error(
            Code::MisplacedStatement,
            format!("`{what}` belongs to the `{}` stage", home.name()),
            file,
            span,
            &format!("in `{}`", kind.name()),
            format!("move this block into `stage {} {{ … }}`", home.name()),
        );
        false
    }

    fn task(&mut self, task: &'a ast::Task, file: FileId, task_names: &[Vec<&str>]) -> Task {
        let mut seen = HashMap::new();
        let (mut duration, mut cost, mut after) = (0.0, 0.0, Vec::new());
        for stmt in &task.attrs {
            match &stmt.kind {
                TaskAttr::Duration(expr) if self.once(&mut seen, "duration", file, stmt.span) => {
                    duration = self
                        .amount(file, expr, Dim::TIME, "duration")
                        .unwrap_or(0.0);
                }
                TaskAttr::Cost(expr) if self.once(&mut seen, "cost", file, stmt.span) => {
                    cost = self.amount(file, expr, Dim::MONEY, "cost").unwrap_or(0.0);
                }
                TaskAttr::After(paths) => {
                    after.extend(
                        paths
                            .iter()
                            .filter_map(|path| self.dependency(path, file, task_names)),
                    );
                }
                _ => {}
            }
        }
        Task {
            id: task.name.name.clone(),
            title: task.title.as_ref().map(|title| title.value.clone()),
            doc: task.doc.as_ref().map(|doc| doc.text.clone()),
            duration,
            cost,
            after,
            loc: Loc {
                file,
                span: task.name.span,
            },
        }
    }

    fn satisfaction_curve(
        &mut self,
        curve: &ast::Curve,
        file: FileId,
        span: Span,
    ) -> Option<Satisfaction> {
        let parts = self.curve(curve, file, span, "satisfaction")?;
        Some(Satisfaction {
            load: parts.load,
            curve: parts.curve,
            loc: Loc { file, span },
        })
    }

    fn tech_curve(&mut self, curve: &ast::Curve, file: FileId, span: Span) -> Option<Tech> {
        let parts = self.curve(curve, file, span, "tech")?;
        Some(Tech {
            curve: parts.curve,
            loc: Loc { file, span },
        })
    }

    fn curve(
        &mut self,
        curve: &ast::Curve,
        file: FileId,
        span: Span,
        what: &str,
    ) -> Option<CurveParts> {
        let mut seen = HashMap::new();
        let (mut base, mut load, mut response) = (None, 0.0, None);
        let mut complete = true;
        for stmt in &curve.attrs {
            match &stmt.kind {
                CurveAttr::Base(expr) if self.once(&mut seen, "base", file, stmt.span) => {
                    base = self.constant(file, expr, Dim::PLAIN, "base");
                    complete &= base.is_some();
                }
                CurveAttr::Load(_) if what == "tech" => {
                    self.error(
                        Code::MisplacedStatement,
                        "`load` belongs to the satisfaction curve".into(),
                        file,
                        stmt.span,
                        "not in tech",
                        "remove it: tech does not fall with the number of customers".into(),
                    );
                }
                CurveAttr::Load(expr) if self.once(&mut seen, "load", file, stmt.span) => {
                    match self.amount(file, expr, Dim::PER_CUSTOMER, "load") {
                        Some(value) => load = value,
                        None => complete = false,
                    }
                }
                CurveAttr::Response(
                    written @ ast::Response {
                        market: Some(market),
                        ..
                    },
                ) => {
                    // Its points are still read, so that nothing else is reported missing.
                    response = Some(written);
                    self.error(
                        Code::MisplacedStatement,
                        format!(
                            "the {what} curve cannot have a curve of market `{}`",
                            market.name
                        ),
                        file,
                        market.span,
                        "a market's own curve belongs in a channel",
                        format!("write `response {{ … }}`: {what} does not depend on a market"),
                    );
                    complete = false;
                }
                CurveAttr::Response(written)
                    if self.once(&mut seen, "response", file, stmt.span) =>
                {
                    response = Some(written);
                }
                _ => {}
            }
        }
        for (missing, attribute, example) in [
            (
                base.is_none() && !seen.contains_key("base"),
                "base",
                "base 3.4",
            ),
            (
                response.is_none(),
                "response",
                "response { 40k USD => 4.0 }",
            ),
        ] {
            if missing {
                self.error(
                    Code::MissingAttribute,
                    format!("the {what} curve has no `{attribute}`"),
                    file,
                    span,
                    &format!("needs `{attribute}`"),
                    format!("add `{example}`"),
                );
                complete = false;
            }
        }
        let base = base?;
        let stage = if what == "tech" {
            StageKind::Iteration
        } else {
            StageKind::Service
        };
        let curve = self.response(
            response?,
            file,
            (CurveOf::Stage(stage), Dim::PLAIN),
            base,
            &format!("the {what} response"),
        )?;
        complete.then_some(CurveParts { load, curve })
    }

    /// The response curve `curve_of` whose values have dimension `value_dim`, checked
    /// from the origin (0, `origin`); with ranges, at every value they can take.
    pub(super) fn response(
        &mut self,
        response: &ast::Response,
        file: FileId,
        (curve_of, value_dim): (CurveOf, Dim),
        origin: f64,
        what: &str,
    ) -> Option<Curve> {
        if response.points.is_empty() {
            self.error(
                Code::MissingAttribute,
                format!("{what} has no points"),
                file,
                response.span,
                "empty",
                "add points, as in `response { 50k USD => 60 customers }`".into(),
            );
            return None;
        }
        let mut points = Vec::new();
        let mut locs = Vec::new();
        let mut previous = 0.0;
        for (index, point) in response.points.iter().enumerate() {
            let target = Target::ResponseSpend {
                curve: curve_of,
                point: index,
            };
            let spend = self
                .guess(target, |elaborator| {
                    elaborator.amount(file, &point.spend, Dim::MONEY, "response spend")
                })
                .filter(|&spend| {
                    let step = spend - std::mem::replace(&mut previous, spend);
                    self.spend_step(step, file, point.spend.span)
                });
            let target = Target::ResponseValue {
                curve: curve_of,
                point: index,
            };
            let value = self
                .guess(target, |elaborator| {
                    elaborator.constant(file, &point.value, value_dim, "response value")
                })
                .filter(|&value| {
                    value_dim != Dim::CUSTOMERS
                        || self.countable(value, file, point.value.span, "a response value")
                            && self.within_markets(value, file, point.value.span)
                });
            points.push(CurvePoint {
                spend: spend?,
                value: value?,
            });
            locs.push(Loc {
                file,
                span: point.span,
            });
        }
        let curve = Curve::new(origin, points);
        let problems = curves::check(&curve, &locs, what);
        let fine = problems.is_empty();
        self.diagnostics.extend(problems);
        // A draw checks its one curve above; the corners are the strategy's, checked once.
        let holds = fine
            && (!self.draws.is_empty() || self.check_curve_ranges(response, file, origin, what));
        holds.then_some(curve)
    }
}

/// The default chain's predecessor of a stage.
fn default_predecessors(kind: StageKind) -> Vec<Predecessor> {
    kind.default_predecessor()
        .map(|stage| Predecessor {
            target: Waits::Stage(stage),
            loc: None,
        })
        .into_iter()
        .collect()
}

/// The parts common to the satisfaction and tech curves.
struct CurveParts {
    load: f64,
    curve: Curve,
}
