//! The plan as JSON for tools (contract §6), with `format_version` "1". Fields are in the
//! contract's order; money in currency units, revenue per year, shares as fractions,
//! times in months. `docs/plan-json.md` documents every field.

use serde::Serialize;

use crate::build::{Built, ScenarioOutcome};
use crate::model::{Model, ObjectiveKind, Sense};
use crate::optimise::{Failure, Metrics, Optimised};
use crate::schedule::Schedule;

#[derive(Serialize)]
struct Plan<'a> {
    format_version: &'static str,
    strategy: &'a str,
    currency: &'a str,
    horizon_months: f64,
    budget: f64,
    status: &'static str,
    objective: Option<Objective<'a>>,
    metrics: Option<JsonMetrics>,
    channels: Vec<Channel<'a>>,
    markets: Vec<Market<'a>>,
    stages: Vec<Stage<'a>>,
    scenarios: Vec<Scenario<'a>>,
    pareto: Vec<serde_json::Map<String, serde_json::Value>>,
    marginal_values: Vec<MarginalValue<'a>>,
    /// When infeasible: a minimal set of requirements that cannot hold together.
    conflict: Vec<Conflict>,
}

#[derive(Serialize)]
struct Conflict {
    requirement: &'static str,
    subject: Option<String>,
}

#[derive(Serialize)]
struct Objective<'a> {
    kind: &'static str,
    value: f64,
    terms: Vec<Term<'a>>,
}

#[derive(Serialize)]
struct Term<'a> {
    sense: &'static str,
    expr: &'a str,
    weight: f64,
    within: f64,
    ideal: f64,
    value: f64,
}

#[derive(Serialize)]
struct JsonMetrics {
    revenue: f64,
    share: f64,
    satisfaction: Option<f64>,
    tech: Option<f64>,
    spend: f64,
    customers: f64,
}

#[derive(Serialize)]
struct Channel<'a> {
    id: &'a str,
    active: bool,
    spend: f64,
    setup: f64,
    go_live_month: f64,
    ramp: f64,
    customers: f64,
    revenue: f64,
    markets: Vec<ChannelMarket<'a>>,
}

#[derive(Serialize)]
struct ChannelMarket<'a> {
    id: &'a str,
    customers: f64,
}

#[derive(Serialize)]
struct Market<'a> {
    id: &'a str,
    pricing: Option<&'a str>,
    customers: f64,
    share: f64,
    revenue: f64,
}

#[derive(Serialize)]
struct Stage<'a> {
    id: &'static str,
    spend: f64,
    start_month: f64,
    finish_month: f64,
    tasks: Vec<Task<'a>>,
}

#[derive(Serialize)]
struct Task<'a> {
    id: &'a str,
    start_month: f64,
    finish_month: f64,
}

#[derive(Serialize)]
struct Scenario<'a> {
    id: &'a str,
    status: &'static str,
    objective: Option<f64>,
    metrics: Option<JsonMetrics>,
}

#[derive(Serialize)]
struct MarginalValue<'a> {
    constraint: &'a str,
    per_unit: Option<f64>,
    step: f64,
    change: Option<f64>,
}

fn metrics(metrics: &Metrics) -> JsonMetrics {
    JsonMetrics {
        revenue: metrics.revenue,
        share: metrics.share,
        satisfaction: metrics.satisfaction,
        tech: metrics.tech,
        spend: metrics.spend,
        customers: metrics.customers,
    }
}

fn status(result: &Result<Optimised, Failure>) -> &'static str {
    match result {
        Ok(optimised) if optimised.stopped_early => "not_proven_optimal",
        Ok(_) => "optimal",
        Err(Failure::Infeasible(_)) => "infeasible",
        Err(Failure::Solver(_)) => "solver_failed",
    }
}

/// The plan of a build as pretty-printed JSON; `None` when the build has no model.
pub fn json(built: &Built) -> Option<String> {
    let model = built.model.as_ref()?;
    let result = built.plan.as_ref()?;
    let optimised = result.as_ref().ok();
    let plan = Plan {
        format_version: "1",
        strategy: &model.title,
        currency: &model.currency,
        horizon_months: model.horizon.value,
        budget: model.budget.value,
        status: status(result),
        objective: optimised.map(|optimised| objective(model, optimised)),
        metrics: optimised.map(|optimised| metrics(&optimised.solution.metrics)),
        channels: optimised.map_or_else(Vec::new, |optimised| channels(model, optimised)),
        markets: optimised.map_or_else(Vec::new, |optimised| markets(model, optimised)),
        stages: optimised.map_or_else(Vec::new, |optimised| {
            stages(model, optimised, &optimised.schedule)
        }),
        scenarios: built.scenarios.iter().map(scenario).collect(),
        pareto: optimised.map_or_else(Vec::new, |optimised| pareto(model, optimised)),
        marginal_values: optimised.map_or_else(Vec::new, |optimised| {
            optimised
                .marginal_values
                .iter()
                .map(|marginal| MarginalValue {
                    constraint: &marginal.name,
                    per_unit: marginal.per_unit(),
                    step: marginal.step,
                    change: marginal.change,
                })
                .collect()
        }),
        conflict: match result {
            Err(Failure::Infeasible(requirements)) => requirements
                .iter()
                .map(|requirement| Conflict {
                    requirement: requirement.kind.key(),
                    subject: requirement.kind.subject(model),
                })
                .collect(),
            _ => Vec::new(),
        },
    };
    let mut text = serde_json::to_string_pretty(&plan).expect("plans serialise");
    text.push('\n');
    Some(text)
}

fn objective<'a>(model: &'a Model, optimised: &Optimised) -> Objective<'a> {
    let objective = &model.objective;
    Objective {
        kind: match objective.kind {
            ObjectiveKind::Single => "single",
            ObjectiveKind::Weighted => "weighted",
            ObjectiveKind::Lexicographic => "lexicographic",
        },
        value: optimised.objective,
        terms: objective
            .terms
            .iter()
            .zip(&optimised.terms)
            .map(|(term, outcome)| Term {
                sense: match term.sense {
                    Sense::Maximize => "maximize",
                    Sense::Minimize => "minimize",
                },
                expr: &term.quantity.text,
                weight: term.weight,
                within: term.within,
                ideal: outcome.ideal,
                value: outcome.value,
            })
            .collect(),
    }
}

fn channels<'a>(model: &'a Model, optimised: &Optimised) -> Vec<Channel<'a>> {
    model
        .channels
        .iter()
        .zip(&optimised.solution.channels)
        .map(|(channel, plan)| Channel {
            id: &channel.id,
            active: plan.active,
            spend: plan.spend,
            setup: plan.setup,
            go_live_month: plan.go_live,
            ramp: plan.ramp,
            customers: plan.customers,
            revenue: plan.revenue,
            markets: plan
                .markets
                .iter()
                .map(|(market, customers)| ChannelMarket {
                    id: &model.markets[market.0].id,
                    customers: *customers,
                })
                .collect(),
        })
        .collect()
}

fn markets<'a>(model: &'a Model, optimised: &Optimised) -> Vec<Market<'a>> {
    model
        .markets
        .iter()
        .zip(&optimised.solution.markets)
        .map(|(market, plan)| Market {
            id: &market.id,
            pricing: plan.option.map(|option| market.options[option].id.as_str()),
            customers: plan.customers,
            share: plan.share,
            revenue: plan.revenue,
        })
        .collect()
}

fn stages<'a>(model: &'a Model, optimised: &Optimised, schedule: &Schedule) -> Vec<Stage<'a>> {
    model
        .stages
        .iter()
        .map(|stage| {
            let times = schedule.stages[stage.kind as usize];
            Stage {
                id: stage.kind.name(),
                spend: optimised.solution.stage_spend[stage.kind as usize],
                start_month: times.start,
                finish_month: times.finish,
                tasks: stage
                    .tasks
                    .iter()
                    .zip(&schedule.tasks[stage.kind as usize])
                    .map(|(task, times)| Task {
                        id: &task.id,
                        start_month: times.start,
                        finish_month: times.finish,
                    })
                    .collect(),
            }
        })
        .collect()
}

fn scenario(outcome: &ScenarioOutcome) -> Scenario<'_> {
    let (status, objective, scenario_metrics) = match &outcome.result {
        Ok(plan) => {
            let status = if plan.stopped_early {
                "not_proven_optimal"
            } else {
                "optimal"
            };
            (status, Some(plan.objective), Some(metrics(&plan.metrics)))
        }
        Err(Failure::Infeasible(_)) => ("infeasible", None, None),
        Err(Failure::Solver(_)) => ("solver_failed", None, None),
    };
    Scenario {
        id: &outcome.name,
        status,
        objective,
        metrics: scenario_metrics,
    }
}

fn pareto(model: &Model, optimised: &Optimised) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let Some(pareto) = &model.pareto else {
        return Vec::new();
    };
    optimised
        .frontier
        .iter()
        .map(|point| {
            let mut entry = serde_json::Map::new();
            entry.insert(pareto.first.text.clone(), serde_json::json!(point.first));
            entry.insert(pareto.second.text.clone(), serde_json::json!(point.second));
            entry
        })
        .collect()
}
