//! The plan beside its scenarios' outcomes, and the Pareto frontier.

use serde::Serialize;

use crate::build::{ScenarioFailure, ScenarioOutcome};
use crate::format;
use crate::model::Model;
use crate::optimise::{Failure, Optimised};

use super::{Rows, conflict_sentence, one_line, status};

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
    /// When no plan meets the scenario: its own minimal conflict, as a sentence.
    pub conflict: Option<String>,
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

/// The plan's row, then each scenario's; empty when the strategy has no scenarios.
pub(super) fn scenarios(
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
        conflict: None,
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
                conflict: None,
            },
            Err(failure) => ScenarioReport {
                name: outcome.name.clone(),
                description,
                status: match failure {
                    ScenarioFailure::Optimise(Failure::Infeasible(_)) => "infeasible",
                    ScenarioFailure::Optimise(Failure::Solver(_)) => "solver failed",
                    ScenarioFailure::DoesNotCheck => "does not check",
                }
                .to_string(),
                objective: dash(),
                revenue: dash(),
                share: dash(),
                satisfaction: dash(),
                spend: dash(),
                conflict: match failure {
                    // A scenario changes only param values, so its requirements have the
                    // names they have in the model built.
                    ScenarioFailure::Optimise(Failure::Infeasible(conflict)) => {
                        Some(conflict_sentence(model, conflict))
                    }
                    _ => None,
                },
            },
        });
    }
    reports
}
