//! The plan as people read it: every number already in words and units, every list in
//! declaration order, shared by the Markdown and HTML templates. Templates only lay it out.

mod decisions;
mod objective;
mod requirements;
mod scenarios;
mod schedule;
#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::build::ScenarioOutcome;
use crate::format;
use crate::model::Model;
use crate::optimise::{Optimised, Requirement, explain};
use crate::schedule::step_name;

use super::risks;
use super::text::paragraph;

pub use decisions::{ChannelReport, ClosedReport, MarketReport, SpendReport};
pub use objective::{Figure, ObjectiveReport, TermReport, objective_measure, objective_value};
pub use requirements::{ConstraintReport, binds};
pub use scenarios::{ParetoPoint, ParetoReport, ScenarioReport};
pub use schedule::{RowKind, ScheduleRow};

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
    pub title: String,
    pub description: Option<String>,
    pub status: &'static str,
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

/// The report of a plan, with its scenarios' outcomes beside it.
pub fn report(
    model: &Model,
    optimised: &Optimised,
    scenario_outcomes: &[ScenarioOutcome],
) -> Report {
    Report {
        plan: Some(plan(model, optimised, scenario_outcomes)),
        ..strategy(model, status(optimised.stopped_early))
    }
}

/// The report of a strategy no plan can meet: `conflict` is a minimal set of its
/// requirements that cannot hold together.
pub fn infeasible(model: &Model, conflict: &[Requirement]) -> Report {
    Report {
        conflict: conflict
            .iter()
            .map(|requirement| requirement.kind.describe(model))
            .collect(),
        conflict_advice: Some(conflict_advice(conflict.len()).to_string()),
        ..strategy(model, "infeasible")
    }
}

/// A minimal conflict in one sentence: "no plan meets constraint `reach`", or "no plan
/// meets the budget and constraint `reach` together".
pub fn conflict_sentence(model: &Model, conflict: &[Requirement]) -> String {
    let described: Vec<String> = conflict
        .iter()
        .map(|requirement| requirement.kind.describe(model))
        .collect();
    match described.as_slice() {
        [alone] => format!("no plan meets {alone}"),
        [init @ .., last] => format!("no plan meets {} and {last} together", init.join(", ")),
        [] => "no plan meets the strategy".to_string(),
    }
}

/// What to do about a minimal conflict of `count` requirements.
fn conflict_advice(count: usize) -> &'static str {
    if count == 1 {
        "This requirement cannot hold on its own: loosen or drop it. `stratc build` points \
         at it in the source."
    } else {
        "These requirements cannot hold together: loosen or drop one of them, and without it \
         the rest can hold. `stratc build` points at each in the source."
    }
}

/// The part of a report that needs no plan.
fn strategy(model: &Model, status: &'static str) -> Report {
    Report {
        title: model.title.clone(),
        description: model.doc.as_deref().map(paragraph),
        status,
        horizon: format!("{} months", format::number(model.horizon.value)),
        start: model.start.map(|start| format::date_after(start, 0.0)),
        currency: model.currency.clone(),
        params: Rows::of(model.params.iter().map(|param| ParamReport {
            name: param.name.clone(),
            value: quantity(
                param.value * param.dim.display_factor(),
                &param.dim.unit_text(&model.currency),
            ),
            description: param.doc.as_deref().map(paragraph),
        })),
        conflict: Vec::new(),
        conflict_advice: None,
        plan: None,
    }
}

fn plan(model: &Model, optimised: &Optimised, scenario_outcomes: &[ScenarioOutcome]) -> PlanReport {
    let money = |value: f64| format!("{} {}", format::compact(value), model.currency);
    let solution = &optimised.solution;
    let channels = Rows::of(decisions::channels(model, optimised));
    let scenarios = scenarios::scenarios(model, optimised, scenario_outcomes);
    let channel_notes = notes(
        channels
            .shown
            .iter()
            .map(|channel| (&channel.id, &channel.description)),
    );
    let scenario_notes = notes(
        scenarios
            .iter()
            .map(|scenario| (&scenario.name, &scenario.description)),
    );
    PlanReport {
        objective: objective::objective(model, optimised),
        headline: objective::headline(model, optimised),
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
        closed: Rows::of(decisions::closed(model, optimised)),
        closed_note: decisions::closed_note(optimised),
        markets: Rows::of(decisions::markets(model, optimised)),
        schedule: Rows::of(schedule::schedule(model, optimised)),
        critical_path: optimised
            .schedule
            .critical_path
            .iter()
            .map(|step| step_name(model, *step))
            .collect::<Vec<_>>()
            .join(" → "),
        constraints: Rows::of(requirements::constraints(model, optimised)),
        marginal_values: Rows::of(
            optimised
                .marginal_values
                .iter()
                .map(|marginal| sentence(&explain::marginal(model, marginal))),
        ),
        scenarios,
        channel_notes,
        scenario_notes,
        pareto: model.pareto.as_ref().map(|pareto| ParetoReport {
            first: pareto.first.text.clone(),
            second: pareto.second.text.clone(),
            points: Rows::of(optimised.frontier.points.iter().map(|point| ParetoPoint {
                first: format::compact(point.first),
                second: format::compact(point.second),
            })),
            count: optimised.frontier.points.len(),
        }),
        risks: Rows::of(
            risks::risks(model, optimised)
                .iter()
                .map(|risk| risk.sentence(model)),
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
fn status(stopped_early: bool) -> &'static str {
    if stopped_early {
        "not proven optimal"
    } else {
        "optimal"
    }
}

/// `` `name`: description `` for each name with a description.
fn notes<'a>(described: impl Iterator<Item = (&'a String, &'a Option<String>)>) -> Vec<String> {
    described
        .filter_map(|(name, description)| {
            description
                .as_ref()
                .map(|description| format!("`{name}`: {description}"))
        })
        .collect()
}

/// A sentence: a capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
    format!("{}{}.", first.unwrap_or_default(), chars.as_str())
}

/// A number with its unit, compact: `4.65M USD/year`, `70`.
fn quantity(value: f64, unit: &str) -> String {
    if unit.is_empty() {
        format::number(value)
    } else {
        format!("{} {unit}", format::compact(value))
    }
}
