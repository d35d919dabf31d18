//! What `stratc build` prints about a plan: its figures, objective, terms, marginal values,
//! closed channels and scenarios, in the plan's locale.

use stratc::build::{Built, ScenarioFailure};
use stratc::format;
use stratc::locale::Locale;
use stratc::model::{Model, ObjectiveKind};
use stratc::optimise::{Failure, Headline, Metrics, Optimised};
use stratc::render;
use stratc::render::report::{figure_of, objective_measure, objective_value, sense, term_text};
use stratc::uncertainty::Uncertainty;
use stratc::uncertainty::robust::Comparison;

/// The plan's headline for the terminal in `locale`: what the plan achieves first, then
/// its objective (for a weighted objective, relative to this run's own ideals), each term,
/// the marginal values, and each scenario's figures the same way.
pub fn summary(
    model: &Model,
    optimised: &Optimised,
    built: &Built,
    locale: &'static Locale,
) -> String {
    let status = locale.text(if optimised.stopped_early {
        "not_proven_optimal"
    } else {
        "optimal"
    });
    let measure = objective_measure(model, locale);
    let measure = match model.objective.kind {
        ObjectiveKind::Single => locale.fill("cli_measure_single", &[("measure", &measure)]),
        ObjectiveKind::Weighted => locale.text("cli_measure_weighted").to_string(),
        ObjectiveKind::Lexicographic => {
            locale.fill("cli_measure_lexicographic", &[("measure", &measure)])
        }
    };
    let plan = locale.fill(
        "cli_plan",
        &[
            ("status", status),
            (
                "figures",
                &figures(model, &optimised.solution.metrics, locale),
            ),
            ("budget", &locale.format.compact(model.budget.value)),
            ("currency", &model.currency),
        ],
    );
    let objective = locale.fill(
        "cli_objective",
        &[
            (
                "value",
                &objective_value(model, optimised.objective, locale),
            ),
            ("measure", &measure),
        ],
    );
    let mut text = format!("{plan}\n  {objective}\n");
    for (term, outcome) in model.objective.terms.iter().zip(&optimised.terms) {
        let figure = |value: f64| figure_of(&term.quantity, value, model, locale);
        let line = locale.fill(
            "cli_term",
            &[
                ("sense", sense(term.sense, locale)),
                ("term", &term_text(model, &term.quantity.text)),
                ("ideal", &figure(outcome.ideal)),
                ("value", &figure(outcome.value)),
            ],
        );
        text.push_str(&format!("  {line}\n"));
    }
    for marginal in &optimised.marginal_values {
        text.push_str(&format!(
            "  {}\n",
            stratc::optimise::explain::marginal(model, marginal, locale)
        ));
    }
    for closed in optimised
        .closed_channels
        .iter()
        .filter(|closed| !closed.left_out())
    {
        let why = stratc::optimise::explain::closed(model, closed, &optimised.terms, locale);
        let line = locale.fill(
            "cli_left_closed",
            &[("id", &model.channels[closed.channel.0].id), ("why", &why)],
        );
        text.push_str(&format!("  {line}\n"));
    }
    if let Some(note) = render::report::closed_note(optimised, locale) {
        text.push_str(&format!("  {note}\n"));
    }
    if let Some(compared) = &built.robust {
        text.push_str(&format!("  {}\n", robust_line(model, compared, locale)));
    }
    text.push_str(&scenario_lines(model, built, locale));
    if let Some(sampled) = &built.uncertainty {
        text.push_str(&uncertainty_lines(model, sampled, locale));
    }
    text
}

/// The plan under uncertainty: revenue's P10, P50 and P90, and each requirement that fails
/// in some samples.
fn uncertainty_lines(model: &Model, sampled: &Uncertainty, locale: &Locale) -> String {
    let compact = |value: f64| locale.format.compact(value);
    let revenue = &sampled.revenue;
    let line = locale.fill(
        "cli_uncertainty",
        &[
            ("samples", &format::number(sampled.revenues.len() as f64)),
            ("p10", &compact(revenue.p10)),
            ("p50", &compact(revenue.p50)),
            ("p90", &compact(revenue.p90)),
            ("currency", &model.currency),
        ],
    );
    let mut text = format!("  {line}\n");
    let budget = (locale.text("budget").to_string(), sampled.budget);
    let constraints = model
        .constraints
        .iter()
        .enumerate()
        .map(|(index, constraint)| {
            (
                format!("`{}`", constraint.label(index)),
                sampled.constraints[index],
            )
        });
    for (name, holds) in std::iter::once(budget).chain(constraints) {
        if holds < 1.0 {
            let line = locale.fill(
                "cli_uncertainty_holds",
                &[("name", &name), ("probability", &format::percent(holds))],
            );
            text.push_str(&format!("    {line}\n"));
        }
    }
    text
}

/// The robust plan's measure and median against the most likely plan's.
fn robust_line(model: &Model, compared: &Comparison, locale: &Locale) -> String {
    let term = &model.objective.terms[0];
    let figure = |value: f64| figure_of(&term.quantity, value, model, locale);
    let (most_likely, robust) = (&compared.most_likely, &compared.robust);
    locale.fill(
        "cli_robust",
        &[
            ("measure", &compared.measure.text()),
            ("robust", &figure(robust.measure)),
            ("most_likely", &figure(most_likely.measure)),
            ("robust_median", &figure(robust.p50)),
            ("most_likely_median", &figure(most_likely.p50)),
        ],
    )
}

/// A line for each scenario's outcome, its own conflict when no plan meets it.
pub fn scenario_lines(model: &Model, built: &Built, locale: &Locale) -> String {
    let mut text = String::new();
    for scenario in &built.scenarios {
        let outcome = match &scenario.result {
            Ok(plan) => scenario_figures(model, plan, locale),
            Err(ScenarioFailure::Optimise(Failure::Infeasible(conflict))) => locale.fill(
                "cli_infeasible",
                &[(
                    "conflict",
                    &render::report::conflict_sentence(model, conflict, locale),
                )],
            ),
            Err(ScenarioFailure::Optimise(Failure::Solver(message))) => {
                locale.fill("cli_failed", &[("why", message)])
            }
            Err(ScenarioFailure::DoesNotCheck) => locale.text("does_not_check").to_string(),
            Err(ScenarioFailure::OutOfTime) => locale.fill(
                "not_computed",
                &[("why", locale.text("time_limit_ran_out"))],
            ),
        };
        let line = locale.fill(
            "cli_scenario",
            &[("name", &scenario.name), ("outcome", &outcome)],
        );
        text.push_str(&format!("  {line}\n"));
    }
    text
}

/// A run's figures in one line, in the order every comparison of runs gives them:
/// `revenue 4.65M USD/year, share 4.87%, customers 604, satisfaction 3.9396, tech 70,
/// spend 700k`.
fn figures(model: &Model, metrics: &Metrics, locale: &Locale) -> String {
    let figure = |name: &'static str, value: String| {
        locale.fill(
            "cli_figure",
            &[("name", locale.text(name)), ("value", &value)],
        )
    };
    let mut figures = vec![
        figure(
            "revenue",
            locale.quantity(metrics.revenue, &format!("{}/year", model.currency)),
        ),
        figure("share", format::percent(metrics.share)),
        figure("customers", locale.format.count(metrics.customers)),
    ];
    for (name, score) in [
        ("satisfaction", metrics.satisfaction),
        ("tech", metrics.tech),
    ] {
        if let Some(score) = score {
            figures.push(figure(name, format::number(score)));
        }
    }
    figures.push(figure("spend", locale.format.compact(metrics.spend)));
    figures.join(locale.text("figure_separator"))
}

/// A scenario's figures, then its objective; a weighted one is said to be relative to
/// the scenario's own ideals, since it is not comparable with the plan's.
fn scenario_figures(model: &Model, plan: &Headline, locale: &Locale) -> String {
    let key = if model.objective.kind == ObjectiveKind::Weighted {
        "cli_scenario_relative"
    } else {
        "cli_scenario_figures"
    };
    locale.fill(
        key,
        &[
            ("figures", &figures(model, &plan.metrics, locale)),
            ("currency", &model.currency),
            ("value", &objective_value(model, plan.objective, locale)),
        ],
    )
}
