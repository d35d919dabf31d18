//! The objective's terms and the headline figures of a plan.

use serde::Serialize;

use crate::format;
use crate::model::{Model, ObjectiveKind, Sense};
use crate::optimise::Optimised;

use super::quantity;

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
pub(super) fn objective(model: &Model, optimised: &Optimised) -> ObjectiveReport {
    let kind = model.objective.kind;
    ObjectiveReport {
        kind: match kind {
            ObjectiveKind::Single => "single",
            ObjectiveKind::Weighted => "weighted",
            ObjectiveKind::Lexicographic => "lexicographic",
        },
        value: format::number(optimised.objective),
        measure: objective_measure(model),
        relative: kind == ObjectiveKind::Weighted,
        terms: model
            .objective
            .terms
            .iter()
            .zip(&optimised.terms)
            .map(|(term, outcome)| {
                let unit = model.unit_text(term.quantity.dim);
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

/// What an objective's value measures: "relative to each run's own ideals" for a weighted
/// objective, whose terms are each divided by the best the term reaches alone in that
/// run; the quantity optimised (the last one of a lexicographic objective) otherwise.
pub fn objective_measure(model: &Model) -> String {
    let objective = &model.objective;
    let last = objective
        .terms
        .last()
        .map_or("", |term| term.quantity.text.as_str());
    match objective.kind {
        ObjectiveKind::Weighted => "relative to each run's own ideals".to_string(),
        ObjectiveKind::Single => format!("`{last}`"),
        ObjectiveKind::Lexicographic => format!("`{last}`, the last term"),
    }
}

/// An objective's value in its own units: a plain number for a weighted objective (a
/// weighted sum of ratios to the ideals), the optimised quantity with its unit otherwise
/// (`3.97M USD/year`).
pub fn objective_value(model: &Model, value: f64) -> String {
    match (model.objective.kind, model.objective.terms.last()) {
        (ObjectiveKind::Weighted, _) | (_, None) => format::number(value),
        (_, Some(term)) => quantity(value, &model.unit_text(term.quantity.dim)),
    }
}

/// The summary figures, in the order the plan shows them.
pub(super) fn headline(model: &Model, optimised: &Optimised) -> Vec<Figure> {
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
