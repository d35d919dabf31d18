//! The plan beside its scenarios' outcomes, and the Pareto frontier.

use serde::Serialize;

use crate::build::{ScenarioFailure, ScenarioOutcome};
use crate::format;
use crate::locale::Locale;
use crate::model::Model;
use crate::optimise::{Failure, Metrics, Optimised};

use super::objective::objective_value;
use super::{Rows, conflict_sentence, status};
use crate::render::text::paragraph;

/// A scenario's figures next to the plan's: what the run achieves first, then its
/// objective, which for a weighted objective is relative to the run's own ideals.
#[derive(Serialize)]
pub struct ScenarioReport {
    pub name: String,
    pub description: Option<String>,
    pub status: String,
    pub revenue: String,
    pub share: String,
    pub customers: String,
    /// `—` without a satisfaction block, or without a plan.
    pub satisfaction: String,
    /// `—` without a tech block, or without a plan.
    pub tech: String,
    pub spend: String,
    /// In the units of [`super::ObjectiveReport::measure`].
    pub objective: String,
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
    /// How many points the time limit left out, and why; `None` when none was.
    pub not_computed: Option<String>,
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
    locale: &'static Locale,
) -> Vec<ScenarioReport> {
    if outcomes.is_empty() {
        return Vec::new();
    }
    let mut reports = vec![ScenarioReport::with_plan(
        model,
        locale.text("this_plan").to_string(),
        None,
        status(optimised.stopped_early, locale),
        optimised.objective,
        &optimised.solution.metrics,
        locale,
    )];
    for outcome in outcomes {
        let description = model
            .scenarios
            .iter()
            .find(|scenario| scenario.name == outcome.name)
            .and_then(|scenario| scenario.doc.as_deref().map(paragraph));
        let name = outcome.name.clone();
        reports.push(match &outcome.result {
            Ok(plan) => ScenarioReport::with_plan(
                model,
                name,
                description,
                status(plan.stopped_early, locale),
                plan.objective,
                &plan.metrics,
                locale,
            ),
            Err(failure) => ScenarioReport::without_plan(model, name, description, failure, locale),
        });
    }
    reports
}

impl ScenarioReport {
    /// The row of a run that has a plan.
    fn with_plan(
        model: &Model,
        name: String,
        description: Option<String>,
        status: &str,
        objective: f64,
        metrics: &Metrics,
        locale: &Locale,
    ) -> ScenarioReport {
        let currency = &model.currency;
        let score = |value: Option<f64>| value.map_or_else(|| "—".to_string(), format::number);
        ScenarioReport {
            name,
            description,
            status: status.to_string(),
            revenue: locale.quantity(metrics.revenue, &format!("{currency}/year")),
            share: format::percent(metrics.share),
            customers: locale.format.count(metrics.customers),
            satisfaction: score(metrics.satisfaction),
            tech: score(metrics.tech),
            spend: locale.money(metrics.spend, currency),
            objective: objective_value(model, objective, locale),
            conflict: None,
        }
    }

    /// The row of a run that has no plan: why, and dashes.
    fn without_plan(
        model: &Model,
        name: String,
        description: Option<String>,
        failure: &ScenarioFailure,
        locale: &Locale,
    ) -> ScenarioReport {
        let dash = || "—".to_string();
        let (status, conflict) = match failure {
            // A scenario changes only param values, so its requirements have the names
            // they have in the model built.
            ScenarioFailure::Optimise(Failure::Infeasible(conflict)) => (
                locale.text("infeasible").to_string(),
                Some(conflict_sentence(model, conflict, locale)),
            ),
            ScenarioFailure::Optimise(Failure::Solver(_)) => {
                (locale.text("solver_failed").to_string(), None)
            }
            ScenarioFailure::DoesNotCheck => (locale.text("does_not_check").to_string(), None),
            ScenarioFailure::OutOfTime => (
                locale.fill(
                    "not_computed",
                    &[("why", locale.text("time_limit_ran_out"))],
                ),
                None,
            ),
        };
        ScenarioReport {
            name,
            description,
            status,
            revenue: dash(),
            share: dash(),
            customers: dash(),
            satisfaction: dash(),
            tech: dash(),
            spend: dash(),
            objective: dash(),
            conflict,
        }
    }
}
