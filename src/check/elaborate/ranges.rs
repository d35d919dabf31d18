//! Ranges in the checker: which ranges an expression depends on, and the check that a
//! response curve written with ranges stays a curve (spend increasing, values never
//! falling, slopes never rising) at every value its ranges can take (E0415).
//!
//! The conditions on three neighbouring points are linear in each coordinate taken alone,
//! so the worst case of a corner lies at an end of each range around it: the check tries
//! every combination of low and high ends of the ranges the corner's points depend on.

use std::cell::RefCell;
use std::collections::HashMap;

use super::Elaborator;
use crate::check::expr::{Scope, Typed};
use crate::diagnostic::{Code, Diagnostic};
use crate::format;
use crate::model::{CurvePoint, Draws, Loc, Target, Uncertain};
use crate::source::FileId;
use crate::syntax::ast::{self, ExprKind, ItemKind};

/// Ranges a corner may combine at their ends; a corner that depends on more is checked
/// with the first this many (2^12 combinations of a few points each).
const MAX_COMBINED: usize = 12;

/// A curve's relative slack on slopes, as in `check::curves`.
const SLOPE_TOLERANCE: f64 = 1e-9;

impl Elaborator<'_> {
    /// Runs `evaluate` with ranges allowed, and notes each range it meets as an input that
    /// sets `target` (a range met before, in an archetype two channels share, keeps its
    /// first target).
    pub(super) fn guess<T>(&mut self, target: Target, evaluate: impl FnOnce(&mut Self) -> T) -> T {
        self.guessing = true;
        let value = evaluate(self);
        self.guessing = false;
        for met in self.met.take() {
            if !self.uncertain.iter().any(|known| known.loc == met.loc) {
                self.uncertain.push(Uncertain {
                    loc: met.loc,
                    target: target.clone(),
                    distribution: met.distribution,
                    unit: met.unit,
                    text: met.text,
                });
            }
        }
        value
    }

    /// The ranges `expr` (in `file`) depends on: those written in it and those of the
    /// params it uses, each once.
    pub(super) fn inputs_of(&self, file: FileId, expr: &ast::Expr) -> Vec<Loc> {
        let mut inputs = Vec::new();
        self.collect_inputs(file, expr, &mut inputs);
        inputs
    }

    fn collect_inputs(&self, file: FileId, expr: &ast::Expr, inputs: &mut Vec<Loc>) {
        let mut add = |loc: Loc| {
            if !inputs.contains(&loc) {
                inputs.push(loc);
            }
        };
        match &expr.kind {
            ExprKind::Quantity(quantity) => {
                if let Some(range) = &quantity.range {
                    add(Loc {
                        file,
                        span: range.span,
                    });
                }
                // `5 / size_factor` arrives as a unit word that names a param.
                for factor in quantity.unit.iter().flat_map(|unit| &unit.factors) {
                    if let ast::UnitWord::Count(word) = &factor.word {
                        self.param_inputs
                            .get(word)
                            .into_iter()
                            .flatten()
                            .for_each(|&loc| add(loc));
                    }
                }
            }
            ExprKind::Path(path) => {
                if let [name] = path.segments.as_slice() {
                    self.param_inputs
                        .get(&name.name)
                        .into_iter()
                        .flatten()
                        .for_each(|&loc| add(loc));
                }
            }
            ExprKind::Call { args, .. } => args
                .iter()
                .for_each(|arg| self.collect_inputs(file, arg, inputs)),
            ExprKind::Neg(inner) => self.collect_inputs(file, inner, inputs),
            ExprKind::Sum { first, rest } => {
                self.collect_inputs(file, first, inputs);
                rest.iter()
                    .for_each(|(_, term)| self.collect_inputs(file, term, inputs));
            }
            ExprKind::Product { first, rest } => {
                self.collect_inputs(file, first, inputs);
                rest.iter()
                    .for_each(|(_, factor)| self.collect_inputs(file, factor, inputs));
            }
        }
    }

    /// The params at the values `draws` gives the ranges: those that depend on a range
    /// evaluated again in order, the others (and every overridden one) as they are.
    fn params_at(&self, draws: &Draws) -> HashMap<String, Typed> {
        let mut params = self.params.clone();
        let met = RefCell::new(Vec::new());
        for (name, at, _) in &self.program.names.params.entries {
            if self.param_inputs.get(name).is_none_or(Vec::is_empty) {
                continue;
            }
            let (item, file) = self.item(*at);
            let ItemKind::Param(param) = &item.kind else {
                continue;
            };
            let scope = Scope {
                draws,
                guesses: Some(&met),
                params: &params,
                ..self.scope(file, None)
            };
            let value = scope.eval(&param.value, &mut Vec::new());
            if let Some(value) = value {
                params.insert(name.clone(), value);
            }
        }
        params
    }

    /// Checks that the curve written as `response` (with the origin value `origin`) stays
    /// a curve at every combination of the ends of the ranges its points depend on;
    /// reports the first corner that breaks (E0415) and gives whether none did.
    pub(super) fn check_curve_ranges(
        &mut self,
        response: &ast::Response,
        file: FileId,
        origin: f64,
        what: &str,
    ) -> bool {
        let inputs: Vec<(Vec<Loc>, Vec<Loc>)> = response
            .points
            .iter()
            .map(|point| {
                (
                    self.inputs_of(file, &point.spend),
                    self.inputs_of(file, &point.value),
                )
            })
            .collect();
        // Windows of two or three points, the origin as point 0: (i - 1, i, i + 1).
        for last in 1..=response.points.len() {
            let first = last.saturating_sub(2);
            let mut window: Vec<Loc> = Vec::new();
            for (spend, value) in &inputs[first.max(1) - 1..last] {
                for &loc in spend.iter().chain(value) {
                    if !window.contains(&loc) {
                        window.push(loc);
                    }
                }
            }
            if window.is_empty() {
                continue;
            }
            window.truncate(MAX_COMBINED);
            if let Some(problem) = self.worst_corner(response, file, origin, first, last, &window) {
                let diagnostic = self.corner_diagnostic(problem, response, file, what, &window);
                self.diagnostics.push(diagnostic);
                return false;
            }
        }
        true
    }

    /// The first combination of ends of `window` at which points `first..=last` (0 the
    /// origin) break the curve, with what breaks.
    fn worst_corner(
        &self,
        response: &ast::Response,
        file: FileId,
        origin: f64,
        first: usize,
        last: usize,
        window: &[Loc],
    ) -> Option<Corner> {
        for combination in 0..1u32 << window.len() {
            let mut draws = Draws::none();
            let high: Vec<bool> = (0..window.len())
                .map(|bit| combination >> bit & 1 == 1)
                .collect();
            for (loc, &high) in window.iter().zip(&high) {
                let Some(input) = self.uncertain.iter().find(|input| input.loc == *loc) else {
                    continue;
                };
                let end = if high {
                    input.distribution.high()
                } else {
                    input.distribution.low()
                };
                draws.set(*loc, end);
            }
            let params = self.params_at(&draws);
            let met = RefCell::new(Vec::new());
            let scope = Scope {
                draws: &draws,
                guesses: Some(&met),
                params: &params,
                ..self.scope(file, None)
            };
            let number = |expr: &ast::Expr| {
                scope
                    .constant_of_any_dimension(expr, "response", &mut Vec::new())
                    .map(|typed| typed.expr.constant)
            };
            let mut points = Vec::new();
            for index in first..=last {
                if index == 0 {
                    points.push(CurvePoint {
                        spend: 0.0,
                        value: origin,
                    });
                    continue;
                }
                let point = &response.points[index - 1];
                points.push(CurvePoint {
                    spend: number(&point.spend)?,
                    value: number(&point.value)?,
                });
            }
            if let Some(broken) = broken(&points, first) {
                return Some(Corner { broken, high });
            }
        }
        None
    }

    fn corner_diagnostic(
        &self,
        corner: Corner,
        response: &ast::Response,
        file: FileId,
        what: &str,
        window: &[Loc],
    ) -> Diagnostic {
        let (point, how) = match corner.broken {
            Broken::Spend(point) => (point, "does not spend more than the point before"),
            Broken::Falls(point) => (point, "falls below the point before"),
            Broken::SlopeRises(point) => (point, "rises more steeply than the segment before"),
        };
        let ends: Vec<String> = window
            .iter()
            .zip(&corner.high)
            .filter_map(|(loc, &high)| {
                let input = self.uncertain.iter().find(|input| input.loc == *loc)?;
                let end = if high { "high" } else { "low" };
                let value = if high {
                    input.distribution.high()
                } else {
                    input.distribution.low()
                };
                let name = match &input.target {
                    Target::Param(name) => format!("param `{name}` (`{}`)", input.text),
                    _ => format!("`{}`", input.text),
                };
                Some(format!(
                    "{name} at its {end} end ({})",
                    format::number(value)
                ))
            })
            .collect();
        let written = &response.points[point - 1];
        let mut diagnostic = Diagnostic::error(
            Code::RangeCurveNotConcave,
            format!("point {point} of {what} {how} when {}", ends.join(" and ")),
        )
        .with_label(file, written.span, format!("point {point}"));
        for (loc, &high) in window.iter().zip(&corner.high) {
            let end = if high {
                "at its high end"
            } else {
                "at its low end"
            };
            diagnostic = diagnostic.with_label(loc.file, loc.span, end);
        }
        diagnostic.with_help(
            "the curve must hold for every value its ranges can take: narrow these ranges, or \
             move the points so that each adds no more per unit of spend than the one before",
        )
    }
}

/// A combination of ends that breaks a curve, and how.
struct Corner {
    broken: Broken,
    /// For each range of the window, whether it is at its high end.
    high: Vec<bool>,
}

/// How a curve breaks, at the point (numbered from 1) where it does.
enum Broken {
    Spend(usize),
    Falls(usize),
    SlopeRises(usize),
}

/// How `points` (the first of them point `first`, 0 the origin) break a curve, if they do.
fn broken(points: &[CurvePoint], first: usize) -> Option<Broken> {
    let mut previous_slope = f64::INFINITY;
    for (offset, pair) in points.windows(2).enumerate() {
        let number = first + offset + 1;
        let (before, point) = (pair[0], pair[1]);
        if point.spend <= before.spend {
            return Some(Broken::Spend(number));
        }
        if point.value < before.value {
            return Some(Broken::Falls(number));
        }
        let slope = (point.value - before.value) / (point.spend - before.spend);
        if slope > previous_slope * (1.0 + SLOPE_TOLERANCE) {
            return Some(Broken::SlopeRises(number));
        }
        previous_slope = slope;
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::check::{NoFiles, check};
    use crate::model::{Distribution, Draws, MarketId, Target};
    use crate::source::{SourceFile, SourceMap};

    const STRATEGY: &str = "strategy \"R\" { currency USD; horizon 12 months; budget 300k USD }
param reach = 80%..100%..120%
market smb { size 4k..6k customers; price 100..150 USD/month }
channel ads {
  reaches smb
  lead 1..2 weeks
  response { 50k USD => 100 customers * reach; 150k USD => 200 customers * reach }
}
";

    #[test]
    fn the_model_holds_the_most_likely_values_and_lists_each_range_once() {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("r.strat", STRATEGY));
        let checked = check(file, &mut sources, &NoFiles);
        let model = checked.model.expect("checks");
        assert_eq!(model.markets[0].size, 5000.0);
        assert_eq!(model.markets[0].options[0].monthly_price, 125.0);
        assert_eq!(model.channels[0].response.points[1].value, 200.0);
        let targets: Vec<&Target> = model.uncertain.iter().map(|input| &input.target).collect();
        // `reach` is one input, however many points use it.
        assert_eq!(
            targets,
            [
                &Target::Param("reach".into()),
                &Target::MarketSize(MarketId(0)),
                &Target::Price {
                    market: MarketId(0),
                    option: 0
                },
                &Target::Lead(crate::model::ChannelId(0)),
            ]
        );
        assert_eq!(
            model.uncertain[0].distribution,
            Distribution::Triangular {
                low: 0.8,
                mode: 1.0,
                high: 1.2
            }
        );
        assert_eq!(model.uncertain[1].text, "4k..6k customers");
        assert_eq!(model.uncertain[3].unit, "weeks");
    }

    #[test]
    fn a_model_at_chosen_values_flows_a_param_through_its_uses() {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("r.strat", STRATEGY));
        let checked = check(file, &mut sources, &NoFiles);
        let model = checked.model.expect("checks");
        let mut draws = Draws::none();
        draws.set(model.uncertain[0].loc, 0.8);
        draws.set(model.uncertain[1].loc, 4000.0);
        draws.set(model.uncertain[3].loc, 2.0);
        let drawn = checked
            .program
            .model_at(&sources, &[], &draws)
            .expect("a draw within the ends checks");
        assert_eq!(drawn.markets[0].size, 4000.0);
        let values: Vec<f64> = drawn.channels[0]
            .response
            .points
            .iter()
            .map(|p| p.value)
            .collect();
        assert!((values[0] - 80.0).abs() < 1e-9 && (values[1] - 160.0).abs() < 1e-9);
        // Two weeks, in months.
        assert!((drawn.channels[0].lead - 2.0 * 12.0 / 52.0).abs() < 1e-12);
        // The price keeps its most likely value, and the list of inputs is the same.
        assert_eq!(drawn.markets[0].options[0].monthly_price, 125.0);
        assert_eq!(drawn.uncertain, model.uncertain);
    }

    #[test]
    fn a_param_given_another_value_is_no_longer_a_guess() {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("r.strat", STRATEGY));
        let set = sources.add(SourceFile::new("--set", "param reach = 90%"));
        let checked = check(file, &mut sources, &NoFiles);
        let parsed = crate::syntax::parse(set, &sources.get(set).text);
        let crate::syntax::ast::ItemKind::Param(param) = &parsed.file.items[0].kind else {
            panic!("a param")
        };
        let overrides = [crate::check::Override {
            param: &param.name,
            value: &param.value,
            file: set,
            origin: crate::check::OverrideOrigin::CommandLine,
        }];
        let (model, problems) = checked.program.model(&sources, &overrides);
        let model = model.unwrap_or_else(|| panic!("{problems:#?}"));
        assert!(
            model
                .uncertain
                .iter()
                .all(|input| input.target != Target::Param("reach".into()))
        );
        assert_eq!(model.channels[0].response.points[0].value, 90.0);
    }
}
