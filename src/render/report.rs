//! The plan as people read it: every number already in words and units, every list in
//! declaration order, shared by the Markdown and HTML templates. Templates only lay it out.

mod decisions;
mod objective;
mod requirements;
mod robust;
mod scenarios;
mod schedule;
#[cfg(test)]
mod tests;
mod tornado;
mod uncertainty;

use serde::Serialize;

use crate::build::{Built, ScenarioOutcome};
use std::collections::BTreeMap;

use crate::format;
use crate::locale::Locale;
use crate::model::{LinExpr, Model, Param, Quantity, Var};
use crate::optimise::{Optimised, Requirement, Tornado, explain};
use crate::schedule::{Step, step_name};
use crate::uncertainty::Uncertainty;
use crate::uncertainty::robust::Comparison;

use super::risks;
use super::text::paragraph;

pub use decisions::{
    ChannelReport, ClosedReport, MarketReport, SpendReport, channels, closed, closed_note, markets,
};
pub use objective::{
    Figure, ObjectiveReport, TermReport, objective_measure, objective_value, sense, term_text,
};
pub use requirements::{ConstraintReport, binds, constraints};
pub use robust::{RobustReport, RobustRow};
pub use scenarios::{ParetoPoint, ParetoReport, ScenarioReport};
pub use schedule::{RowKind, ScheduleRow};
pub use tornado::{TornadoReport, TornadoRow};
pub use uncertainty::{InputRow, OddsRow, SpreadRow, UncertaintyReport};

/// A list cut to its first rows, so that a plan of a thousand channels stays readable (and
/// under GitHub's comment size); the JSON plan holds every row.
#[derive(Serialize)]
pub struct Rows<T> {
    pub shown: Vec<T>,
    /// How many rows were left out.
    pub hidden: usize,
}

impl<T> Rows<T> {
    fn of(all: impl IntoIterator<Item = T>) -> Rows<T> {
        let mut shown: Vec<T> = all.into_iter().collect();
        let hidden = shown.len().saturating_sub(MAX_ROWS);
        shown.truncate(MAX_ROWS);
        Rows { shown, hidden }
    }
}

/// The most rows a table shows.
pub const MAX_ROWS: usize = 40;

/// The plan, formatted.
#[derive(Serialize)]
pub struct Report {
    /// The locale's tag, such as `zh-CN`, for `<html lang>`.
    pub lang: &'static str,
    /// The locale's words, for templates: `{{t.channels_opened}}`.
    pub t: &'static BTreeMap<String, String>,
    pub title: String,
    pub description: Option<String>,
    pub status: &'static str,
    /// Whether a solver proved the plan optimal.
    pub optimal: bool,
    pub horizon: String,
    pub start: Option<String>,
    pub currency: String,
    pub params: Rows<ParamReport>,
    /// When no plan meets every requirement: a minimal set of them that conflict, in
    /// words; empty otherwise.
    pub conflict: Vec<String>,
    /// What to do about the conflict, worded for one requirement or several; `None`
    /// with a plan.
    pub conflict_advice: Option<String>,
    /// The plan, when there is one; its fields sit beside the others for templates.
    #[serde(flatten)]
    pub plan: Option<PlanReport>,
}

/// The plan's part of a report.
#[derive(Serialize)]
pub struct PlanReport {
    pub objective: ObjectiveReport,
    pub headline: Vec<Figure>,
    pub spend: SpendReport,
    pub channels: Rows<ChannelReport>,
    /// Channels the plan leaves closed, and why.
    pub closed: Rows<ClosedReport>,
    /// How many closed channels are not explained, and why; null when all are.
    pub closed_note: Option<String>,
    pub markets: Rows<MarketReport>,
    pub schedule: Rows<ScheduleRow>,
    pub critical_path: String,
    pub constraints: Rows<ConstraintReport>,
    pub marginal_values: Rows<String>,
    pub scenarios: Vec<ScenarioReport>,
    /// `` `id`: description `` for each opened channel and scenario with a doc comment,
    /// for plans that list descriptions apart from their tables.
    pub channel_notes: Vec<String>,
    pub scenario_notes: Vec<String>,
    pub pareto: Option<ParetoReport>,
    /// The plan on samples of the strategy's ranges; `None` without ranges.
    pub uncertainty: Option<UncertaintyReport>,
    /// A robust plan beside the most likely plan; `None` without a robust objective.
    pub robust_plan: Option<RobustReport>,
    /// The ranges that move the objective most; `None` without ranges.
    pub tornado: Option<TornadoReport>,
    /// Each risk of `render::risks` in a sentence.
    pub risks: Rows<String>,
}

/// A param and its value in this build.
#[derive(Serialize)]
pub struct ParamReport {
    pub name: String,
    pub value: String,
    pub description: Option<String>,
}

/// The report of `built`'s plan `optimised` of `model`, with everything the build found
/// beside it, in `locale`.
pub fn of_build(
    built: &Built,
    model: &Model,
    optimised: &Optimised,
    locale: &'static Locale,
) -> Report {
    report(
        model,
        optimised,
        &built.scenarios,
        built.uncertainty.as_ref(),
        built.robust.as_ref(),
        built.tornado.as_ref(),
        locale,
    )
}

/// The report of a plan, with its scenarios' outcomes, its samples (when the strategy has
/// ranges), the most likely plan (when its objective is robust) and its tornado beside it.
pub fn report(
    model: &Model,
    optimised: &Optimised,
    scenario_outcomes: &[ScenarioOutcome],
    sampled: Option<&Uncertainty>,
    compared: Option<&Comparison>,
    ranked: Option<&Tornado>,
    locale: &'static Locale,
) -> Report {
    let mut plan = plan(model, optimised, scenario_outcomes, locale);
    plan.uncertainty = sampled.map(|sampled| uncertainty::uncertainty(model, sampled, locale));
    plan.robust_plan = compared.map(|compared| robust::robust(model, compared, locale));
    plan.tornado = ranked.map(|ranked| tornado::tornado(model, ranked, locale));
    Report {
        plan: Some(plan),
        optimal: !optimised.stopped_early,
        ..strategy(model, status(optimised.stopped_early, locale), locale)
    }
}

/// The report of a strategy no plan can meet: `conflict` is a minimal set of its
/// requirements that cannot hold together.
pub fn infeasible(model: &Model, conflict: &[Requirement], locale: &'static Locale) -> Report {
    Report {
        conflict: conflict
            .iter()
            .map(|requirement| requirement.kind.describe(model, locale))
            .collect(),
        conflict_advice: Some(conflict_advice(conflict.len(), locale).to_string()),
        ..strategy(model, locale.text("infeasible"), locale)
    }
}

/// A minimal conflict in one sentence: "no plan meets constraint `reach`", or "no plan
/// meets the budget and constraint `reach` together".
pub fn conflict_sentence(model: &Model, conflict: &[Requirement], locale: &Locale) -> String {
    let described: Vec<String> = conflict
        .iter()
        .map(|requirement| requirement.kind.describe(model, locale))
        .collect();
    match described.as_slice() {
        [alone] => locale.fill("conflict_one", &[("requirement", alone)]),
        [] => locale.text("conflict_none").to_string(),
        all => locale.fill("conflict_together", &[("requirements", &locale.list(all))]),
    }
}

/// What to do about a minimal conflict of `count` requirements.
fn conflict_advice(count: usize, locale: &Locale) -> &str {
    if count == 1 {
        locale.text("conflict_advice_one")
    } else {
        locale.text("conflict_advice_many")
    }
}

/// The part of a report that needs no plan.
fn strategy(model: &Model, status: &'static str, locale: &'static Locale) -> Report {
    Report {
        lang: locale.tag,
        t: &locale.strings,
        title: model.title.clone(),
        description: model.doc.as_deref().map(paragraph),
        status,
        optimal: false,
        horizon: locale.fill(
            "horizon",
            &[("months", &format::number(model.horizon.value))],
        ),
        start: model
            .start
            .map(|start| locale.format.date_after(start, 0.0)),
        currency: model.currency.clone(),
        params: Rows::of(model.params.iter().map(|param| ParamReport {
            name: param.name.clone(),
            value: param_value(model, param, locale),
            description: param.doc.as_deref().map(paragraph),
        })),
        conflict: Vec::new(),
        conflict_advice: None,
        plan: None,
    }
}

/// A param's value as the strategy writes it: `100%` for a percent, `10k USD` for money.
pub fn param_value(model: &Model, param: &Param, locale: &Locale) -> String {
    if param.percent {
        format::percent(param.value)
    } else {
        locale.quantity(
            param.value * param.dim.display_factor(),
            &model.unit_text(param.dim),
        )
    }
}

fn plan(
    model: &Model,
    optimised: &Optimised,
    scenario_outcomes: &[ScenarioOutcome],
    locale: &'static Locale,
) -> PlanReport {
    let money = |value: f64| locale.money(value, &model.currency);
    let solution = &optimised.solution;
    let channels = Rows::of(decisions::channels(model, optimised, locale));
    let scenarios = scenarios::scenarios(model, optimised, scenario_outcomes, locale);
    let channel_notes = notes(
        channels
            .shown
            .iter()
            .map(|channel| (&channel.id, &channel.description)),
        locale,
    );
    let scenario_notes = notes(
        scenarios
            .iter()
            .map(|scenario| (&scenario.name, &scenario.description)),
        locale,
    );
    PlanReport {
        objective: objective::objective(model, optimised, locale),
        headline: objective::headline(model, optimised, locale),
        spend: SpendReport {
            total: money(solution.metrics.spend),
            budget: money(model.budget.value),
            used: format::percent(
                solution.metrics.spend / model.budget.value.max(f64::MIN_POSITIVE),
            ),
            tasks: money(model.fixed_costs()),
            setup: money(solution.channels.iter().map(|plan| plan.setup).sum()),
            promotion: money(solution.channels.iter().map(|plan| plan.spend).sum()),
            service: money(solution.service_spend),
            iteration: money(solution.iteration_spend),
            left: money(unspent(model.budget.value, solution.metrics.spend)),
        },
        channels,
        closed: Rows::of(decisions::closed(model, optimised, locale)),
        closed_note: decisions::closed_note(optimised, locale),
        markets: Rows::of(decisions::markets(model, optimised, locale)),
        schedule: Rows::of(schedule::schedule(model, optimised, locale)),
        critical_path: optimised
            .schedule
            .critical_path
            .iter()
            .map(|step| match step {
                Step::Open(channel) => {
                    locale.fill("opening", &[("channel", &model.channels[channel.0].id)])
                }
                _ => step_name(model, *step),
            })
            .collect::<Vec<_>>()
            .join(" → "),
        constraints: Rows::of(requirements::constraints(model, optimised, locale)),
        marginal_values: Rows::of(
            optimised
                .marginal_values
                .iter()
                .map(|marginal| locale.sentence(&explain::marginal(model, marginal, locale))),
        ),
        scenarios,
        channel_notes,
        scenario_notes,
        pareto: model.pareto.as_ref().map(|pareto| ParetoReport {
            first: pareto.first.text.clone(),
            second: pareto.second.text.clone(),
            points: Rows::of(optimised.frontier.points.iter().map(|point| ParetoPoint {
                first: frontier_figure(&pareto.first, point.first, locale),
                second: frontier_figure(&pareto.second, point.second, locale),
            })),
            count: optimised.frontier.points.len(),
            not_computed: (optimised.frontier.out_of_time > 0).then(|| {
                locale.fill(
                    "frontier_not_computed",
                    &[
                        (
                            "count",
                            &format::number(optimised.frontier.out_of_time as f64),
                        ),
                        ("why", locale.text("time_limit_ran_out")),
                    ],
                )
            }),
        }),
        uncertainty: None,
        robust_plan: None,
        tornado: None,
        risks: Rows::of(
            risks::risks(model, optimised)
                .iter()
                .map(|risk| risk.sentence(model, locale)),
        ),
    }
}

/// The budget left after `spend`, with the solver's rounding (a millionth of the budget)
/// counted as nothing.
pub fn unspent(budget: f64, spend: f64) -> f64 {
    let left = budget - spend;
    if left <= 1e-6 * budget.abs().max(1.0) {
        0.0
    } else {
        left
    }
}

/// A plan's status in words.
fn status(stopped_early: bool, locale: &'static Locale) -> &'static str {
    if stopped_early {
        locale.text("not_proven_optimal")
    } else {
        locale.text("optimal")
    }
}

/// `` `name`: description `` for each name with a description.
fn notes<'a>(
    described: impl Iterator<Item = (&'a String, &'a Option<String>)>,
    locale: &Locale,
) -> Vec<String> {
    described
        .filter_map(|(name, description)| {
            description.as_ref().map(|description| {
                locale.fill("note", &[("name", name), ("description", description)])
            })
        })
        .collect()
}

/// Whether `expr` is a market share, a fraction that people read as a percent: share
/// quantities only (`share`, `share(hospitals)`), nothing constant.
pub fn is_share(expr: &LinExpr) -> bool {
    expr.constant == 0.0
        && !expr.terms.is_empty()
        && expr
            .terms
            .iter()
            .all(|(var, _)| matches!(var, Var::Share | Var::ShareMarket(_)))
}

/// A frontier point's figure: a share as a percent, others compact without their unit,
/// which the column's heading names.
fn frontier_figure(quantity: &Quantity, value: f64, locale: &Locale) -> String {
    if is_share(&quantity.expr) {
        format::percent(value)
    } else {
        locale.format.compact(value)
    }
}

/// The value of `quantity` at a plan in words: a share as a percent (`1.47%`), others
/// with their unit (`4.65M USD/year`, `70`).
pub fn figure_of(quantity: &Quantity, value: f64, model: &Model, locale: &Locale) -> String {
    if is_share(&quantity.expr) {
        format::percent(value)
    } else {
        locale.quantity(value, &model.unit_text(quantity.dim))
    }
}
