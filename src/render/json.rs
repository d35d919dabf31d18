//! The plan as JSON for tools (contract §6), with `format_version` "1". Fields are in the
//! contract's order; money in currency units, revenue per year, shares as fractions,
//! times in months. `docs/plan-json.md` documents every field, and
//! `docs/plan.schema.json` is the JSON Schema generated from these types (a test keeps it
//! up to date). Figures go through [`figures`], which writes the solver's rounding as 0.

mod extras;
mod figures;
mod robust;
mod rounded;
mod tornado;
mod uncertainty;

use serde::Serialize;

use crate::build::{Built, ScenarioFailure, ScenarioOutcome};
use crate::format;
use crate::locale::Locale;
use crate::model::{Model, ObjectiveKind, Sense};
use crate::optimise::{Failure, FrontierPoint, Headline, Metrics, Optimised};
use crate::schedule::Schedule;

use extras::{ClosedChannel, Conflict, MarginalValue};
use figures::{Figure, Scales};

use super::risks;

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
    horizon_months: Figure<'a>,
    /// The budget, in currency units.
    budget: Figure<'a>,
    /// Whether the plan is optimal, stopped by the time limit, or impossible.
    #[cfg_attr(test, schemars(extend("enum" = ["optimal", "not_proven_optimal", "infeasible"])))]
    status: &'static str,
    /// The objective at the plan; null when infeasible.
    objective: Option<Objective<'a>>,
    /// The plan's headline numbers; null when infeasible.
    metrics: Option<JsonMetrics<'a>>,
    channels: Vec<Channel<'a>>,
    markets: Vec<Market<'a>>,
    stages: Vec<Stage<'a>>,
    scenarios: Vec<Scenario<'a>>,
    /// The Pareto frontier: each point keyed by the two quantities as written.
    pareto: Vec<serde_json::Map<String, serde_json::Value>>,
    /// How many points of the frontier the time limit left out (not in `pareto`).
    pareto_not_computed: usize,
    /// The budget's and each binding constraint's worth: the plan built again with the
    /// side moved by 1%.
    marginal_values: Vec<MarginalValue<'a>>,
    /// Each channel the plan leaves closed, and the plan built again with it forced open.
    closed_channels: Vec<ClosedChannel<'a>>,
    /// When infeasible: a minimal set of requirements that cannot hold together.
    conflict: Vec<Conflict>,
    /// What could go wrong with the plan; empty when infeasible.
    risks: Vec<JsonRisk<'a>>,
    /// The plan on samples of the strategy's ranges; absent when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    uncertainty: Option<uncertainty::JsonUncertainty<'a>>,
    /// A robust plan beside the most likely plan; absent unless the objective is robust.
    #[serde(skip_serializing_if = "Option::is_none")]
    robust: Option<robust::JsonRobust<'a>>,
    /// The inputs whose ranges move the objective most; absent when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    tornado: Option<tornado::JsonTornado<'a>>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(rename = "Risk"))]
struct JsonRisk<'a> {
    /// A stable key: `concentration`, `late_channel`, `long_schedule`, `curve_end`,
    /// `no_customers`. Later versions may add kinds.
    kind: &'static str,
    /// The channel or market it is about; null for the plan as a whole.
    subject: Option<&'a str>,
    /// The risk as the Markdown and HTML plans say it, ids in backticks.
    sentence: String,
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
struct JsonMetrics<'a> {
    revenue: Figure<'a>,
    share: Figure<'a>,
    satisfaction: Option<f64>,
    tech: Option<f64>,
    spend: Figure<'a>,
    customers: Figure<'a>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Channel<'a> {
    id: &'a str,
    /// The `title`, if it has one.
    title: Option<&'a str>,
    active: bool,
    spend: Figure<'a>,
    setup: Figure<'a>,
    go_live_month: Figure<'a>,
    ramp: f64,
    customers: Figure<'a>,
    revenue: Figure<'a>,
    markets: Vec<ChannelMarket<'a>>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct ChannelMarket<'a> {
    id: &'a str,
    customers: Figure<'a>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Market<'a> {
    id: &'a str,
    /// The `title`, if it has one.
    title: Option<&'a str>,
    pricing: Option<&'a str>,
    /// What one customer pays a month under the chosen option, in currency units (for a
    /// price per a count unit, the unit price times the usage); null without options.
    monthly_price: Option<f64>,
    /// The chosen option's price per a count unit, as written; null for a price per month
    /// or year.
    unit_price: Option<UnitPrice<'a>>,
    /// The count units one customer uses a month under the chosen option; null without a
    /// unit price.
    usage_per_month: Option<f64>,
    customers: Figure<'a>,
    share: Figure<'a>,
    revenue: Figure<'a>,
}

/// A price per a count unit: `0.012 USD per 1k tokens` is amount 0.012, per 1000, unit
/// `tokens`.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct UnitPrice<'a> {
    /// The price of `per` units, in currency units.
    amount: f64,
    /// How many units `amount` pays for.
    per: f64,
    /// The count unit, as its `unit` item declares it.
    unit: &'a str,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Stage<'a> {
    #[cfg_attr(test, schemars(extend("enum" = ["research", "channels", "model", "promotion", "service", "iteration"])))]
    id: &'static str,
    /// The `title`, if it has one.
    title: Option<&'a str>,
    spend: Figure<'a>,
    start_month: Figure<'a>,
    finish_month: Figure<'a>,
    tasks: Vec<Task<'a>>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Task<'a> {
    id: &'a str,
    /// The title in quotes after its id, if it has one.
    title: Option<&'a str>,
    start_month: Figure<'a>,
    finish_month: Figure<'a>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Scenario<'a> {
    id: &'a str,
    /// `not_computed` when the time limit ran out before its plan was proven optimal.
    #[cfg_attr(test, schemars(extend("enum" = ["optimal", "not_proven_optimal", "infeasible", "solver_failed", "does_not_check", "not_computed"])))]
    status: &'static str,
    objective: Option<f64>,
    metrics: Option<JsonMetrics<'a>>,
    /// When infeasible: the scenario's own minimal set of requirements that cannot hold
    /// together.
    conflict: Vec<Conflict>,
}

fn metrics<'a>(metrics: &Metrics, scales: &'a Scales) -> JsonMetrics<'a> {
    JsonMetrics {
        revenue: scales.revenue.figure(metrics.revenue),
        share: scales.share.figure(metrics.share),
        satisfaction: metrics.satisfaction,
        tech: metrics.tech,
        spend: scales.money.figure(metrics.spend),
        customers: scales.customers.figure(metrics.customers),
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
    let scales = Scales::default();
    let plan = Plan {
        format_version: "1",
        strategy: &model.title,
        currency: &model.currency,
        horizon_months: scales.months.figure(model.horizon.value),
        budget: scales.money.figure(model.budget.value),
        status: status(result),
        objective: optimised.map(|optimised| objective(model, optimised)),
        metrics: optimised.map(|optimised| metrics(&optimised.solution.metrics, &scales)),
        channels: optimised.map_or_else(Vec::new, |optimised| channels(model, optimised, &scales)),
        markets: optimised.map_or_else(Vec::new, |optimised| markets(model, optimised, &scales)),
        stages: optimised.map_or_else(Vec::new, |optimised| {
            stages(model, optimised, &optimised.schedule, &scales)
        }),
        scenarios: built
            .scenarios
            .iter()
            .map(|outcome| scenario(model, outcome, &scales))
            .collect(),
        pareto: optimised.map_or_else(Vec::new, |optimised| pareto(model, optimised)),
        pareto_not_computed: optimised.map_or(0, |optimised| optimised.frontier.out_of_time),
        marginal_values: optimised.map_or_else(Vec::new, |optimised| {
            optimised
                .marginal_values
                .iter()
                .map(|marginal| extras::marginal_value(model, marginal, &scales))
                .collect()
        }),
        closed_channels: optimised.map_or_else(Vec::new, |optimised| {
            optimised
                .closed_channels
                .iter()
                .map(|closed| extras::closed_channel(model, closed, &scales))
                .collect()
        }),
        conflict: match result {
            Err(Failure::Infeasible(requirements)) => extras::conflict(model, requirements),
            _ => Vec::new(),
        },
        risks: optimised.map_or_else(Vec::new, |optimised| {
            risks::risks(model, optimised)
                .iter()
                .map(|risk| JsonRisk {
                    kind: risk.kind.key(),
                    subject: risk.subject(model),
                    sentence: risk.sentence(model, Locale::english()),
                })
                .collect()
        }),
        uncertainty: built
            .uncertainty
            .as_ref()
            .map(|sampled| uncertainty::uncertainty(model, sampled)),
        robust: built
            .robust
            .as_ref()
            .map(|compared| robust::robust(model, compared)),
        tornado: built
            .tornado
            .as_ref()
            .map(|tornado| tornado::tornado(model, tornado, &scales)),
    };
    let mut text = rounded::to_string_pretty(&plan).expect("plans serialise");
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
            .map(|(term, outcome)| {
                // A term's ideal and value are the two figures of its quantity.
                let largest = outcome.ideal.abs().max(outcome.value.abs());
                Term {
                    sense: match term.sense {
                        Sense::Maximize => "maximize",
                        Sense::Minimize => "minimize",
                    },
                    expr: &term.quantity.text,
                    weight: term.weight,
                    within: term.within,
                    ideal: format::without_noise(outcome.ideal, largest),
                    value: format::without_noise(outcome.value, largest),
                }
            })
            .collect(),
    }
}

fn channels<'a>(model: &'a Model, optimised: &Optimised, scales: &'a Scales) -> Vec<Channel<'a>> {
    model
        .channels
        .iter()
        .zip(&optimised.solution.channels)
        .map(|(channel, plan)| Channel {
            id: &channel.id,
            title: channel.title.as_deref(),
            active: plan.active,
            spend: scales.money.figure(plan.spend),
            setup: scales.money.figure(plan.setup),
            go_live_month: scales.months.figure(plan.go_live),
            ramp: plan.ramp,
            customers: scales.customers.figure(plan.customers),
            revenue: scales.revenue.figure(plan.revenue),
            markets: plan
                .markets
                .iter()
                .map(|(market, customers)| ChannelMarket {
                    id: &model.markets[market.0].id,
                    customers: scales.customers.figure(*customers),
                })
                .collect(),
        })
        .collect()
}

fn markets<'a>(model: &'a Model, optimised: &Optimised, scales: &'a Scales) -> Vec<Market<'a>> {
    model
        .markets
        .iter()
        .zip(&optimised.solution.markets)
        .map(|(market, plan)| {
            let option = plan.option.map(|option| &market.options[option]);
            let unit_price = option.and_then(|option| option.unit_price.as_ref());
            Market {
                id: &market.id,
                title: market.title.as_deref(),
                pricing: option.map(|option| option.id.as_str()),
                monthly_price: option.map(|option| option.monthly_price),
                unit_price: unit_price.map(|unit_price| UnitPrice {
                    amount: unit_price.amount,
                    per: unit_price.per,
                    unit: &model.units.get(unit_price.unit).name,
                }),
                usage_per_month: unit_price.map(|unit_price| unit_price.usage_per_month),
                customers: scales.customers.figure(plan.customers),
                share: scales.share.figure(plan.share),
                revenue: scales.revenue.figure(plan.revenue),
            }
        })
        .collect()
}

fn stages<'a>(
    model: &'a Model,
    optimised: &Optimised,
    schedule: &Schedule,
    scales: &'a Scales,
) -> Vec<Stage<'a>> {
    model
        .stages
        .iter()
        .map(|stage| {
            let times = schedule.stages[stage.kind as usize];
            Stage {
                id: stage.kind.name(),
                title: stage.title.as_deref(),
                spend: scales
                    .money
                    .figure(optimised.solution.stage_spend[stage.kind as usize]),
                start_month: scales.months.figure(times.start),
                finish_month: scales.months.figure(times.finish),
                tasks: stage
                    .tasks
                    .iter()
                    .zip(&schedule.tasks[stage.kind as usize])
                    .map(|(task, times)| Task {
                        id: &task.id,
                        title: task.title.as_deref(),
                        start_month: scales.months.figure(times.start),
                        finish_month: scales.months.figure(times.finish),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn scenario<'a>(model: &Model, outcome: &'a ScenarioOutcome, scales: &'a Scales) -> Scenario<'a> {
    let (status, objective, scenario_metrics) = match &outcome.result {
        Ok(plan) => (
            headline_status(plan),
            Some(plan.objective),
            Some(metrics(&plan.metrics, scales)),
        ),
        Err(ScenarioFailure::Optimise(Failure::Infeasible(_))) => ("infeasible", None, None),
        Err(ScenarioFailure::Optimise(Failure::Solver(_))) => ("solver_failed", None, None),
        Err(ScenarioFailure::DoesNotCheck) => ("does_not_check", None, None),
        Err(ScenarioFailure::OutOfTime) => ("not_computed", None, None),
    };
    Scenario {
        id: &outcome.name,
        status,
        objective,
        metrics: scenario_metrics,
        // A scenario changes only param values: its requirements are named as in `model`.
        conflict: match &outcome.result {
            Err(ScenarioFailure::Optimise(Failure::Infeasible(requirements))) => {
                extras::conflict(model, requirements)
            }
            _ => Vec::new(),
        },
    }
}

fn pareto(model: &Model, optimised: &Optimised) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let Some(pareto) = &model.pareto else {
        return Vec::new();
    };
    // Each of the two quantities is a kind of its own.
    let largest = |value: fn(&FrontierPoint) -> f64| {
        optimised
            .frontier
            .points
            .iter()
            .map(|point| value(point).abs())
            .fold(0.0, f64::max)
    };
    let (first, second) = (largest(|point| point.first), largest(|point| point.second));
    optimised
        .frontier
        .points
        .iter()
        .map(|point| {
            let mut entry = serde_json::Map::new();
            let first = format::without_noise(point.first, first);
            let second = format::without_noise(point.second, second);
            entry.insert(pareto.first.text.clone(), serde_json::json!(first));
            entry.insert(pareto.second.text.clone(), serde_json::json!(second));
            entry
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Plan;
    use crate::build::{BuildOptions, build};
    use crate::check::NoFiles;
    use crate::optimise::Solves;
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
        ] {
            let mut sources = SourceMap::new();
            let file = sources.add(SourceFile::new("test.strat", source));
            let built = build(
                file,
                &mut sources,
                &NoFiles,
                &BuildOptions::default(),
                crate::optimise::Progress::unwatched(),
                Solves::default(),
            );
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
