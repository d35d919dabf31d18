//! The plan as people read it: every number already in words and units, every list in
//! declaration order, shared by the Markdown and HTML templates. Templates only lay it out.

use serde::Serialize;

use crate::build::ScenarioOutcome;
use crate::format;
use crate::model::{ConstraintKind, Model, ObjectiveKind, Sense, StageKind};
use crate::optimise::{Failure, Optimised, Requirement, explain};
use crate::schedule::{Interval, step_name};

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

/// One revenue share above this is a concentration risk.
const CONCENTRATION: f64 = 0.5;

/// A ramp below this is a late-channel risk.
const LOW_RAMP: f64 = 0.5;

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
    /// Channels the plan leaves closed.
    pub closed: Rows<String>,
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
    pub risks: Rows<String>,
}

/// A named headline number: `revenue`, `4.65M USD/year`.
#[derive(Serialize)]
pub struct Figure {
    pub name: &'static str,
    pub value: String,
}

/// The objective and each of its terms.
#[derive(Serialize)]
pub struct ObjectiveReport {
    pub kind: &'static str,
    pub value: String,
    pub terms: Vec<TermReport>,
}

/// One term of the objective, with its ideal and its value at the plan.
#[derive(Serialize)]
pub struct TermReport {
    pub sense: &'static str,
    pub expr: String,
    /// The weight (weighted) or tolerance (lexicographic), when the kind has one.
    pub weight: Option<String>,
    pub ideal: String,
    pub value: String,
    /// The value as a percent of the ideal.
    pub attained: String,
}

/// Where the budget goes.
#[derive(Serialize)]
pub struct SpendReport {
    pub total: String,
    pub budget: String,
    pub used: String,
    pub tasks: String,
    pub setup: String,
    pub promotion: String,
    pub service: String,
    pub iteration: String,
    pub left: String,
}

/// An opened channel.
#[derive(Serialize)]
pub struct ChannelReport {
    pub id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub archetype: Option<String>,
    pub spend: String,
    pub setup: String,
    pub customers: String,
    pub revenue: String,
    pub revenue_share: String,
    pub go_live: String,
    pub ramp: String,
    /// `hospitals 120, clinics 30`.
    pub markets: String,
}

/// A market and its pricing.
#[derive(Serialize)]
pub struct MarketReport {
    pub id: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub pricing: String,
    pub price: String,
    pub customers: String,
    pub share: String,
    pub revenue: String,
}

/// A stage, task or channel opening in the schedule.
#[derive(Serialize)]
pub struct ScheduleRow {
    pub name: String,
    pub title: Option<String>,
    /// `stage`, `task` or `opening`.
    pub kind: &'static str,
    pub stage: &'static str,
    pub start: String,
    pub finish: String,
    pub duration: String,
    /// Dates when the strategy has a `start`.
    pub start_date: Option<String>,
    pub finish_date: Option<String>,
    pub spend: Option<String>,
    /// When, in months, for charts.
    #[serde(skip)]
    pub months: Interval,
}

/// A user constraint at the plan.
#[derive(Serialize)]
pub struct ConstraintReport {
    pub name: String,
    pub text: String,
    pub sides: String,
    pub slack: String,
    pub binding: bool,
}

/// A scenario's headline next to the plan's.
#[derive(Serialize)]
pub struct ScenarioReport {
    pub name: String,
    pub description: Option<String>,
    pub status: String,
    pub objective: String,
    pub revenue: String,
    pub share: String,
    pub satisfaction: String,
    pub spend: String,
}

/// The Pareto frontier's points.
#[derive(Serialize)]
pub struct ParetoReport {
    pub first: String,
    pub second: String,
    pub points: Rows<ParetoPoint>,
    pub count: usize,
}

/// A point of the Pareto frontier.
#[derive(Serialize)]
pub struct ParetoPoint {
    pub first: String,
    pub second: String,
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
        ..strategy(model, "infeasible")
    }
}

/// The part of a report that needs no plan.
fn strategy(model: &Model, status: &'static str) -> Report {
    Report {
        title: model.title.clone(),
        description: model.doc.as_deref().map(one_line),
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
            description: param.doc.as_deref().map(one_line),
        })),
        conflict: Vec::new(),
        plan: None,
    }
}

fn plan(model: &Model, optimised: &Optimised, scenario_outcomes: &[ScenarioOutcome]) -> PlanReport {
    let money = |value: f64| format!("{} {}", format::compact(value), model.currency);
    let solution = &optimised.solution;
    let channels = Rows::of(channels(model, optimised));
    let scenarios = scenarios(model, optimised, scenario_outcomes);
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
        objective: objective(model, optimised),
        headline: headline(model, optimised),
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
        closed: Rows::of(
            model
                .channels
                .iter()
                .zip(&solution.channels)
                .filter(|(_, plan)| !plan.active)
                .map(|(channel, _)| channel.id.clone()),
        ),
        markets: Rows::of(markets(model, optimised)),
        schedule: Rows::of(schedule(model, optimised)),
        critical_path: optimised
            .schedule
            .critical_path
            .iter()
            .map(|step| step_name(model, *step))
            .collect::<Vec<_>>()
            .join(" → "),
        constraints: Rows::of(constraints(model, optimised)),
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
            points: Rows::of(optimised.frontier.iter().map(|point| ParetoPoint {
                first: format::compact(point.first),
                second: format::compact(point.second),
            })),
            count: optimised.frontier.len(),
        }),
        risks: Rows::of(risks(model, optimised)),
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

/// A doc comment as one line: its lines joined by spaces.
fn one_line(doc: &str) -> String {
    doc.split_whitespace().collect::<Vec<_>>().join(" ")
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

fn objective(model: &Model, optimised: &Optimised) -> ObjectiveReport {
    let kind = model.objective.kind;
    ObjectiveReport {
        kind: match kind {
            ObjectiveKind::Single => "single",
            ObjectiveKind::Weighted => "weighted",
            ObjectiveKind::Lexicographic => "lexicographic",
        },
        value: format::number(optimised.objective),
        terms: model
            .objective
            .terms
            .iter()
            .zip(&optimised.terms)
            .map(|(term, outcome)| {
                let unit = term.quantity.dim.unit_text(&model.currency);
                TermReport {
                    sense: match term.sense {
                        Sense::Maximize => "maximize",
                        Sense::Minimize => "minimize",
                    },
                    expr: term.quantity.text.clone(),
                    weight: match kind {
                        ObjectiveKind::Weighted => {
                            Some(format!("weight {}", format::number(term.weight)))
                        }
                        ObjectiveKind::Lexicographic if term.within > 0.0 => {
                            Some(format!("within {}", format::percent(term.within)))
                        }
                        _ => None,
                    },
                    ideal: quantity(outcome.ideal, &unit),
                    value: quantity(outcome.value, &unit),
                    attained: if outcome.ideal.abs() > 0.0 {
                        format::percent(outcome.value / outcome.ideal)
                    } else {
                        "—".to_string()
                    },
                }
            })
            .collect(),
    }
}

fn headline(model: &Model, optimised: &Optimised) -> Vec<Figure> {
    let metrics = &optimised.solution.metrics;
    let currency = &model.currency;
    let mut figures = vec![
        Figure {
            name: "objective",
            value: format::number(optimised.objective),
        },
        Figure {
            name: "revenue",
            value: format!("{} {currency}/year", format::compact(metrics.revenue)),
        },
        Figure {
            name: "market share",
            value: format::percent(metrics.share),
        },
        Figure {
            name: "customers",
            value: format::compact(metrics.customers),
        },
    ];
    if let Some(satisfaction) = metrics.satisfaction {
        figures.push(Figure {
            name: "satisfaction",
            value: format::number(satisfaction),
        });
    }
    if let Some(tech) = metrics.tech {
        figures.push(Figure {
            name: "tech",
            value: format::number(tech),
        });
    }
    figures.push(Figure {
        name: "spend",
        value: format!(
            "{} of {} {currency}",
            format::compact(metrics.spend),
            format::compact(model.budget.value)
        ),
    });
    figures
}

fn channels(model: &Model, optimised: &Optimised) -> Vec<ChannelReport> {
    let total_revenue = optimised.solution.metrics.revenue;
    model
        .channels
        .iter()
        .zip(&optimised.solution.channels)
        .filter(|(_, plan)| plan.active)
        .map(|(channel, plan)| ChannelReport {
            id: channel.id.clone(),
            title: channel.title.clone(),
            description: channel.doc.as_deref().map(one_line),
            archetype: channel.archetype.clone(),
            spend: format::compact(plan.spend + plan.setup),
            setup: format::compact(plan.setup),
            customers: format::compact(plan.customers),
            revenue: format::compact(plan.revenue),
            revenue_share: share_of(plan.revenue, total_revenue),
            go_live: format!("month {}", format::number(plan.go_live)),
            ramp: format::percent(plan.ramp),
            markets: plan
                .markets
                .iter()
                .map(|(market, customers)| {
                    format!(
                        "{} {}",
                        model.markets[market.0].id,
                        format::compact(*customers)
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

/// `part` as a percent of `whole`, or `—` when the whole is zero.
fn share_of(part: f64, whole: f64) -> String {
    if whole.abs() > 0.0 {
        format::percent(part / whole)
    } else {
        "—".to_string()
    }
}

fn markets(model: &Model, optimised: &Optimised) -> Vec<MarketReport> {
    model
        .markets
        .iter()
        .zip(&optimised.solution.markets)
        .map(|(market, plan)| {
            let option = plan.option.map(|index| &market.options[index]);
            MarketReport {
                id: market.id.clone(),
                title: market.title.clone(),
                description: market.doc.as_deref().map(one_line),
                pricing: option.map_or_else(|| "—".to_string(), |option| option.id.clone()),
                price: option.map_or_else(
                    || "—".to_string(),
                    |option| {
                        format!(
                            "{} {}/month",
                            format::compact(option.monthly_price),
                            model.currency
                        )
                    },
                ),
                customers: format::compact(plan.customers),
                share: format::percent(plan.share),
                revenue: format::compact(plan.revenue),
            }
        })
        .collect()
}

fn schedule(model: &Model, optimised: &Optimised) -> Vec<ScheduleRow> {
    let times = &optimised.schedule;
    let row =
        |name: String, title: Option<String>, kind, stage: StageKind, start: f64, finish: f64| {
            ScheduleRow {
                name,
                title,
                kind,
                stage: stage.name(),
                start: format::number(start),
                finish: format::number(finish),
                duration: format::number(finish - start),
                start_date: model.start.map(|date| format::date_after(date, start)),
                finish_date: model.start.map(|date| format::date_after(date, finish)),
                spend: None,
                months: Interval { start, finish },
            }
        };
    let mut rows = Vec::new();
    for stage in &model.stages {
        let interval = times.stages[stage.kind as usize];
        let mut stage_row = row(
            stage.kind.name().to_string(),
            None,
            "stage",
            stage.kind,
            interval.start,
            interval.finish,
        );
        stage_row.spend = Some(format::compact(
            optimised.solution.stage_spend[stage.kind as usize],
        ));
        rows.push(stage_row);
        for (task, interval) in stage.tasks.iter().zip(&times.tasks[stage.kind as usize]) {
            rows.push(row(
                task.id.clone(),
                task.title.clone(),
                "task",
                stage.kind,
                interval.start,
                interval.finish,
            ));
        }
        if stage.kind == StageKind::Channels {
            for (channel, opening) in model.channels.iter().zip(&times.channels) {
                if let Some(opening) = opening {
                    rows.push(row(
                        format!("open {}", channel.id),
                        channel.title.clone(),
                        "opening",
                        stage.kind,
                        opening.open.start,
                        opening.open.finish,
                    ));
                }
            }
        }
    }
    rows
}

fn constraints(model: &Model, optimised: &Optimised) -> Vec<ConstraintReport> {
    model
        .constraints
        .iter()
        .zip(&optimised.solution.constraints)
        .enumerate()
        .map(|(index, (constraint, plan))| {
            let (sides, slack) = match &constraint.kind {
                ConstraintKind::Compare { op, dim, .. } => {
                    let unit = dim.unit_text(&model.currency);
                    let op = match op {
                        crate::model::CompareOp::AtLeast => "≥",
                        crate::model::CompareOp::AtMost => "≤",
                        crate::model::CompareOp::Equal => "=",
                    };
                    (
                        format!(
                            "{} {op} {}",
                            quantity(plan.lhs, &unit),
                            quantity(plan.rhs, &unit)
                        ),
                        quantity(plan.slack, &unit),
                    )
                }
                ConstraintKind::Implies { .. } => {
                    let state = |active: f64| if active >= 0.5 { "open" } else { "closed" };
                    (
                        format!("{} ⇒ {}", state(plan.lhs), state(plan.rhs)),
                        format::number(plan.slack),
                    )
                }
            };
            ConstraintReport {
                name: constraint.label(index),
                text: constraint.text.clone(),
                sides,
                slack,
                binding: plan.binding,
            }
        })
        .collect()
}

fn scenarios(
    model: &Model,
    optimised: &Optimised,
    outcomes: &[ScenarioOutcome],
) -> Vec<ScenarioReport> {
    let money = |value: f64| format!("{} {}", format::compact(value), model.currency);
    let per_year = |value: f64| format!("{} {}/year", format::compact(value), model.currency);
    let metrics = &optimised.solution.metrics;
    let satisfaction = |value: Option<f64>| value.map_or_else(|| "—".to_string(), format::number);
    if outcomes.is_empty() {
        return Vec::new();
    }
    let mut reports = vec![ScenarioReport {
        name: "this plan".to_string(),
        description: None,
        status: status(optimised.stopped_early).to_string(),
        objective: format::number(optimised.objective),
        revenue: per_year(metrics.revenue),
        share: format::percent(metrics.share),
        satisfaction: satisfaction(metrics.satisfaction),
        spend: money(metrics.spend),
    }];
    for outcome in outcomes {
        let description = model
            .scenarios
            .iter()
            .find(|scenario| scenario.name == outcome.name)
            .and_then(|scenario| scenario.doc.as_deref().map(one_line));
        let dash = || "—".to_string();
        reports.push(match &outcome.result {
            Ok(plan) => ScenarioReport {
                name: outcome.name.clone(),
                description,
                status: status(plan.stopped_early).to_string(),
                objective: format::number(plan.objective),
                revenue: per_year(plan.metrics.revenue),
                share: format::percent(plan.metrics.share),
                satisfaction: satisfaction(plan.metrics.satisfaction),
                spend: money(plan.metrics.spend),
            },
            Err(failure) => ScenarioReport {
                name: outcome.name.clone(),
                description,
                status: match failure {
                    Failure::Infeasible(_) => "infeasible",
                    Failure::Solver(_) => "solver failed",
                }
                .to_string(),
                objective: dash(),
                revenue: dash(),
                share: dash(),
                satisfaction: dash(),
                spend: dash(),
            },
        });
    }
    reports
}

/// What could go wrong with the plan: revenue resting on one channel, channels that open
/// late, a schedule that runs past the horizon.
fn risks(model: &Model, optimised: &Optimised) -> Vec<String> {
    let solution = &optimised.solution;
    let revenue = solution.metrics.revenue;
    let mut risks = Vec::new();
    for (channel, plan) in model.channels.iter().zip(&solution.channels) {
        if !plan.active {
            continue;
        }
        if revenue > 0.0 && plan.revenue / revenue > CONCENTRATION {
            risks.push(format!(
                "Revenue rests on one channel: `{}` brings {} of it.",
                channel.id,
                format::percent(plan.revenue / revenue)
            ));
        }
        if plan.ramp < LOW_RAMP {
            risks.push(format!(
                "`{}` goes live in month {}, so it works only {} of the horizon.",
                channel.id,
                format::number(plan.go_live),
                format::percent(plan.ramp)
            ));
        }
    }
    let finish = optimised.schedule.finish;
    if finish > model.horizon.value {
        risks.push(format!(
            "The schedule finishes in month {}, after the horizon of {} months.",
            format::number(finish),
            format::number(model.horizon.value)
        ));
    }
    risks
}

#[cfg(test)]
mod tests {
    use super::report;
    use crate::check::model_of;
    use crate::optimise::{Extras, SolverOptions, optimise};
    use crate::schedule::Schedule;

    #[test]
    fn risks_name_concentration_late_channels_and_a_long_schedule() {
        let model = model_of(
            "strategy \"Risky\" { currency USD; horizon 12 months; budget 100k USD }\n\
             market everyone { size 1k customers; price 10 USD/month }\n\
             channel solo {\n  reaches everyone\n  lead 8 months\n  response { 10k USD => 50 customers }\n}\n\
             stage iteration { task rewrite { duration 14 months; cost 1k USD } }\n\
             objective maximize revenue\n",
        );
        let schedule = Schedule::of(&model).unwrap();
        let extras = Extras {
            marginal_values: false,
            frontier: false,
        };
        let optimised = optimise(&model, &schedule, SolverOptions::default(), extras).unwrap();
        let risks = report(&model, &optimised, &[]).plan.unwrap().risks.shown;
        assert_eq!(
            risks,
            [
                "Revenue rests on one channel: `solo` brings 100% of it.",
                "`solo` goes live in month 8, so it works only 33.33% of the horizon.",
                "The schedule finishes in month 22, after the horizon of 12 months.",
            ]
        );
    }

    #[test]
    fn the_contract_example_reports_its_decisions() {
        let model = model_of(include_str!("../../examples/medassist.strat"));
        let schedule = Schedule::of(&model).unwrap();
        let extras = Extras {
            marginal_values: true,
            frontier: false,
        };
        let optimised = optimise(&model, &schedule, SolverOptions::default(), extras).unwrap();
        let report = report(&model, &optimised, &[]).plan.unwrap();
        assert!(report.risks.shown.is_empty());
        assert_eq!(report.objective.value, "0.9424");
        assert_eq!(report.markets.shown[0].pricing, "usage");
        let binding: Vec<&str> = report
            .constraints
            .shown
            .iter()
            .filter(|constraint| constraint.binding)
            .map(|constraint| constraint.name.as_str())
            .collect();
        assert_eq!(binding, ["tech_bar", "community_first"]);
        assert_eq!(report.spend.left, "0 USD");
        assert!(
            report.scenarios.is_empty(),
            "no scenario outcomes, no table"
        );
    }
}
