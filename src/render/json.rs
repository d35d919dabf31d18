//! The plan as JSON for tools (contract §6), with `format_version` "1". Fields are in the
//! contract's order; money in currency units, revenue per year, shares as fractions,
//! times in months. `docs/plan-json.md` documents every field, and
//! `docs/plan.schema.json` is the JSON Schema generated from these types (a test keeps it
//! up to date).

use serde::Serialize;

use crate::build::{Built, ScenarioFailure, ScenarioOutcome};
use crate::model::{Model, ObjectiveKind, Sense};
use crate::optimise::{Failure, Headline, Marginal, Metrics, Optimised, Rebuild, Requirement};
use crate::schedule::Schedule;

/// The plan of a build, for tools.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(title = "stratc plan", rename = "Plan"))]
struct Plan<'a> {
    /// `"1"`; a change that breaks readers bumps it.
    #[cfg_attr(test, schemars(extend("enum" = ["1"])))]
    format_version: &'static str,
    /// The strategy's title.
    strategy: &'a str,
    /// The ISO 4217 code of its currency.
    currency: &'a str,
    /// The horizon H, in months.
    horizon_months: f64,
    /// The budget, in currency units.
    budget: f64,
    /// Whether the plan is optimal, stopped by the time limit, or impossible.
    #[cfg_attr(test, schemars(extend("enum" = ["optimal", "not_proven_optimal", "infeasible"])))]
    status: &'static str,
    /// The objective at the plan; null when infeasible.
    objective: Option<Objective<'a>>,
    /// The plan's headline numbers; null when infeasible.
    metrics: Option<JsonMetrics>,
    channels: Vec<Channel<'a>>,
    markets: Vec<Market<'a>>,
    stages: Vec<Stage<'a>>,
    scenarios: Vec<Scenario<'a>>,
    /// The Pareto frontier: each point keyed by the two quantities as written.
    pareto: Vec<serde_json::Map<String, serde_json::Value>>,
    /// The budget's and each binding constraint's worth: the plan built again with the
    /// side moved by 1%.
    marginal_values: Vec<MarginalValue<'a>>,
    /// Each channel the plan leaves closed, and the plan built again with it forced open.
    closed_channels: Vec<ClosedChannel<'a>>,
    /// When infeasible: a minimal set of requirements that cannot hold together.
    conflict: Vec<Conflict>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Conflict {
    #[cfg_attr(test, schemars(extend("enum" = ["budget", "stage_budget", "spend_min", "constraint", "lexicographic"])))]
    requirement: &'static str,
    /// The stage, channel, constraint or objective term; null for the budget.
    subject: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Objective<'a> {
    #[cfg_attr(test, schemars(extend("enum" = ["single", "weighted", "lexicographic"])))]
    kind: &'static str,
    value: f64,
    terms: Vec<Term<'a>>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Term<'a> {
    #[cfg_attr(test, schemars(extend("enum" = ["maximize", "minimize"])))]
    sense: &'static str,
    expr: &'a str,
    weight: f64,
    within: f64,
    ideal: f64,
    value: f64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct JsonMetrics {
    revenue: f64,
    share: f64,
    satisfaction: Option<f64>,
    tech: Option<f64>,
    spend: f64,
    customers: f64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct ChannelMarket<'a> {
    id: &'a str,
    customers: f64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Market<'a> {
    id: &'a str,
    pricing: Option<&'a str>,
    customers: f64,
    share: f64,
    revenue: f64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Stage<'a> {
    #[cfg_attr(test, schemars(extend("enum" = ["research", "channels", "model", "promotion", "service", "iteration"])))]
    id: &'static str,
    spend: f64,
    start_month: f64,
    finish_month: f64,
    tasks: Vec<Task<'a>>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Task<'a> {
    id: &'a str,
    start_month: f64,
    finish_month: f64,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Scenario<'a> {
    id: &'a str,
    #[cfg_attr(test, schemars(extend("enum" = ["optimal", "not_proven_optimal", "infeasible", "solver_failed", "does_not_check"])))]
    status: &'static str,
    objective: Option<f64>,
    metrics: Option<JsonMetrics>,
    /// When infeasible: the scenario's own minimal set of requirements that cannot hold
    /// together.
    conflict: Vec<Conflict>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct MarginalValue<'a> {
    /// `budget`, or the constraint's name.
    constraint: &'a str,
    /// How the plan built with the side moved came out.
    #[cfg_attr(test, schemars(extend("enum" = ["optimal", "not_proven_optimal", "infeasible", "solver_failed"])))]
    status: &'static str,
    /// The change of the objective per unit of the side; null without a plan.
    per_unit: Option<f64>,
    /// The change of each metric per unit of the side; null without a plan.
    metrics_per_unit: Option<JsonMetrics>,
    /// How far the side moved: 1% of it.
    step: f64,
    /// The change of the objective for that step; null without a plan.
    change: Option<f64>,
    /// When the moved side leaves no plan: a minimal set of requirements that conflict.
    conflict: Vec<Conflict>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct ClosedChannel<'a> {
    id: &'a str,
    title: Option<&'a str>,
    /// The plan built again with the channel forced open.
    forced_open: Rebuilt,
}

/// A plan built again with one thing changed.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Rebuilt {
    #[cfg_attr(test, schemars(extend("enum" = ["optimal", "not_proven_optimal", "infeasible", "solver_failed"])))]
    status: &'static str,
    /// Its objective (relative to its own ideals when weighted); null without a plan.
    objective: Option<f64>,
    metrics: Option<JsonMetrics>,
    /// When it has no plan: a minimal set of requirements that conflict.
    conflict: Vec<Conflict>,
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

/// A minimal conflict, for tools.
fn conflict(model: &Model, requirements: &[Requirement]) -> Vec<Conflict> {
    requirements
        .iter()
        .map(|requirement| Conflict {
            requirement: requirement.kind.key(),
            subject: requirement.kind.subject(model),
        })
        .collect()
}

fn marginal_value<'a>(model: &Model, marginal: &'a Marginal) -> MarginalValue<'a> {
    let moved = rebuilt(model, &marginal.moved);
    let step = marginal.limit.step;
    MarginalValue {
        constraint: &marginal.limit.name,
        status: moved.status,
        per_unit: marginal.per_unit.as_ref().map(|change| change.objective),
        metrics_per_unit: marginal
            .per_unit
            .as_ref()
            .map(|change| metrics(&change.metrics)),
        step,
        change: marginal
            .per_unit
            .as_ref()
            .map(|change| change.objective * step),
        conflict: moved.conflict,
    }
}

fn rebuilt(model: &Model, rebuild: &Rebuild) -> Rebuilt {
    match rebuild {
        Rebuild::Planned(headline) => Rebuilt {
            status: headline_status(headline),
            objective: Some(headline.objective),
            metrics: Some(metrics(&headline.metrics)),
            conflict: Vec::new(),
        },
        Rebuild::Infeasible(requirements) => Rebuilt {
            status: "infeasible",
            objective: None,
            metrics: None,
            conflict: conflict(model, requirements),
        },
        Rebuild::Failed(_) => Rebuilt {
            status: "solver_failed",
            objective: None,
            metrics: None,
            conflict: Vec::new(),
        },
    }
}

/// `optimal`, or `not_proven_optimal` when a time limit stopped a solve.
fn headline_status(headline: &Headline) -> &'static str {
    if headline.stopped_early {
        "not_proven_optimal"
    } else {
        "optimal"
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
        scenarios: built
            .scenarios
            .iter()
            .map(|outcome| scenario(model, outcome))
            .collect(),
        pareto: optimised.map_or_else(Vec::new, |optimised| pareto(model, optimised)),
        marginal_values: optimised.map_or_else(Vec::new, |optimised| {
            optimised
                .marginal_values
                .iter()
                .map(|marginal| marginal_value(model, marginal))
                .collect()
        }),
        closed_channels: optimised.map_or_else(Vec::new, |optimised| {
            optimised
                .closed_channels
                .iter()
                .map(|closed| {
                    let channel = &model.channels[closed.channel.0];
                    ClosedChannel {
                        id: &channel.id,
                        title: channel.title.as_deref(),
                        forced_open: rebuilt(model, &closed.forced_open),
                    }
                })
                .collect()
        }),
        conflict: match result {
            Err(Failure::Infeasible(requirements)) => conflict(model, requirements),
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

fn scenario<'a>(model: &Model, outcome: &'a ScenarioOutcome) -> Scenario<'a> {
    let (status, objective, scenario_metrics) = match &outcome.result {
        Ok(plan) => (
            headline_status(plan),
            Some(plan.objective),
            Some(metrics(&plan.metrics)),
        ),
        Err(ScenarioFailure::Optimise(Failure::Infeasible(_))) => ("infeasible", None, None),
        Err(ScenarioFailure::Optimise(Failure::Solver(_))) => ("solver_failed", None, None),
        Err(ScenarioFailure::DoesNotCheck) => ("does_not_check", None, None),
    };
    Scenario {
        id: &outcome.name,
        status,
        objective,
        metrics: scenario_metrics,
        // A scenario changes only param values: its requirements are named as in `model`.
        conflict: match &outcome.result {
            Err(ScenarioFailure::Optimise(Failure::Infeasible(requirements))) => {
                conflict(model, requirements)
            }
            _ => Vec::new(),
        },
    }
}

fn pareto(model: &Model, optimised: &Optimised) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let Some(pareto) = &model.pareto else {
        return Vec::new();
    };
    optimised
        .frontier
        .points
        .iter()
        .map(|point| {
            let mut entry = serde_json::Map::new();
            entry.insert(pareto.first.text.clone(), serde_json::json!(point.first));
            entry.insert(pareto.second.text.clone(), serde_json::json!(point.second));
            entry
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Plan;
    use crate::build::{BuildOptions, build};
    use crate::check::NoFiles;
    use crate::source::{SourceFile, SourceMap};

    const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/plan.schema.json");

    /// The schema of the plan's types, as `docs/plan.schema.json` holds it.
    fn schema() -> String {
        let schema = schemars::schema_for!(Plan<'static>);
        serde_json::to_string_pretty(&schema).expect("schemas serialise") + "\n"
    }

    #[test]
    fn the_schema_in_docs_is_generated_from_the_types() {
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(SCHEMA, schema()).unwrap();
        }
        let written = std::fs::read_to_string(SCHEMA).unwrap_or_default();
        assert!(
            written == schema(),
            "docs/plan.schema.json is out of date: run `UPDATE_SCHEMA=1 cargo test --lib schema`"
        );
    }

    #[test]
    fn every_example_plan_meets_the_schema() {
        let schema: serde_json::Value = serde_json::from_str(&schema()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for source in [
            include_str!("../../examples/medassist.strat"),
            include_str!("../../examples/tutoring.strat"),
            include_str!("../../tests/build/errors/E0701_infeasible.strat"),
            include_str!("../../tests/build/infeasible_scenarios.strat"),
        ] {
            let mut sources = SourceMap::new();
            let file = sources.add(SourceFile::new("test.strat", source));
            let built = build(file, &mut sources, &NoFiles, &BuildOptions::default());
            let plan: serde_json::Value =
                serde_json::from_str(&super::json(&built).unwrap()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&plan)
                .map(|error| error.to_string())
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
            let mut broken = plan.clone();
            broken["status"] = "done".into();
            broken.as_object_mut().unwrap().remove("markets");
            assert_eq!(validator.iter_errors(&broken).count(), 2);
        }
    }
}
