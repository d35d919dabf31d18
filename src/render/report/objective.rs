//! The objective's terms and the headline figures of a plan.

use serde::Serialize;

use crate::format;
use crate::locale::Locale;
use crate::model::{Model, ObjectiveKind, Sense};
use crate::optimise::Optimised;

use super::figure_of;

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
    /// What the value measures, for a heading that names it: "relative to each run's own
    /// ideals" for a weighted objective, its quantity (`` `revenue` ``) otherwise.
    pub measure: String,
    /// Whether the value is relative to the run's own ideals (a weighted objective), so
    /// that runs whose ideals differ cannot compare it.
    pub relative: bool,
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

/// The objective's kind and value, and each term against its ideal.
pub(super) fn objective(
    model: &Model,
    optimised: &Optimised,
    locale: &'static Locale,
) -> ObjectiveReport {
    let kind = model.objective.kind;
    ObjectiveReport {
        kind: locale.text(match kind {
            ObjectiveKind::Single => "single",
            ObjectiveKind::Weighted => "weighted",
            ObjectiveKind::Lexicographic => "lexicographic",
        }),
        value: objective_value(model, optimised.objective, locale),
        measure: objective_measure(model, locale),
        relative: kind == ObjectiveKind::Weighted,
        terms: model
            .objective
            .terms
            .iter()
            .zip(&optimised.terms)
            .map(|(term, outcome)| {
                let figure = |value: f64| figure_of(&term.quantity, value, model, locale);
                TermReport {
                    sense: sense(term.sense, locale),
                    expr: term_text(model, &term.quantity.text),
                    weight: match kind {
                        ObjectiveKind::Weighted => {
                            Some(locale.fill("weight", &[("weight", &format::number(term.weight))]))
                        }
                        ObjectiveKind::Lexicographic if term.within > 0.0 => Some(
                            locale.fill("within", &[("within", &format::percent(term.within))]),
                        ),
                        _ => None,
                    },
                    ideal: figure(outcome.ideal),
                    value: figure(outcome.value),
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

/// What an objective's value measures: "relative to each run's own ideals" for a weighted
/// objective, whose terms are each divided by the best the term reaches alone in that
/// run; the quantity optimised (the last one of a lexicographic objective) otherwise.
pub fn objective_measure(model: &Model, locale: &Locale) -> String {
    let objective = &model.objective;
    let last = objective
        .terms
        .last()
        .map_or("", |term| term.quantity.text.as_str());
    match objective.kind {
        ObjectiveKind::Weighted => locale.text("measure_weighted").to_string(),
        ObjectiveKind::Single => match objective.robust {
            Some(robust) => locale.fill(
                "measure_robust",
                &[
                    ("term", last),
                    ("measure", &robust.measure.text()),
                    ("samples", &format::number(robust.samples as f64)),
                ],
            ),
            None => format!("`{last}`"),
        },
        ObjectiveKind::Lexicographic => locale.fill("measure_last_term", &[("term", last)]),
    }
}

/// An objective term's expression as written, with a robust objective's reading after it:
/// `revenue at p10`.
pub fn term_text(model: &Model, expr: &str) -> String {
    match model.objective.robust {
        Some(robust) => format!("{expr} {}", robust.measure.text()),
        None => expr.to_string(),
    }
}

/// An objective term's sense in words.
pub fn sense(sense: Sense, locale: &'static Locale) -> &'static str {
    locale.text(match sense {
        Sense::Maximize => "maximize",
        Sense::Minimize => "minimize",
    })
}

/// An objective's value in its own units: a plain number for a weighted objective (a
/// weighted sum of ratios to the ideals), the optimised quantity with its unit otherwise
/// (`3.97M USD/year`).
pub fn objective_value(model: &Model, value: f64, locale: &Locale) -> String {
    match (model.objective.kind, model.objective.terms.last()) {
        (ObjectiveKind::Weighted, _) | (_, None) => format::number(value),
        (_, Some(term)) => figure_of(&term.quantity, value, model, locale),
    }
}

/// The summary figures, in the order the plan shows them.
pub(super) fn headline(
    model: &Model,
    optimised: &Optimised,
    locale: &'static Locale,
) -> Vec<Figure> {
    let metrics = &optimised.solution.metrics;
    let currency = &model.currency;
    let figure = |name: &'static str, value: String| Figure {
        name: locale.text(name),
        value,
    };
    let mut figures = vec![
        figure(
            "objective",
            objective_value(model, optimised.objective, locale),
        ),
        figure(
            "revenue",
            locale.quantity(metrics.revenue, &format!("{currency}/year")),
        ),
        figure("market_share", format::percent(metrics.share)),
        figure("customers", locale.format.count(metrics.customers)),
    ];
    if let Some(satisfaction) = metrics.satisfaction {
        figures.push(figure("satisfaction", format::number(satisfaction)));
    }
    if let Some(tech) = metrics.tech {
        figures.push(figure("tech", format::number(tech)));
    }
    figures.push(figure(
        "spend",
        locale.fill(
            "spend_of_budget",
            &[
                ("spend", &locale.format.compact(metrics.spend)),
                ("budget", &locale.money(model.budget.value, currency)),
            ],
        ),
    ));
    figures
}
