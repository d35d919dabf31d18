//! Explanations in words: what a marginal value means to a reader ("10k USD more budget
//! adds about 42k USD/year of revenue").

use crate::format;
use crate::model::{ConstraintKind, Dim, Model, ObjectiveKind};

use super::marginal::Marginal;

/// A marginal value as a sentence.
pub fn marginal(model: &Model, marginal: &Marginal) -> String {
    let currency = &model.currency;
    let moved = amount(marginal.step, marginal.dim, currency);
    let what = if marginal.name == "budget" {
        format!("{moved} more budget")
    } else {
        constant_side(model, &marginal.name)
            .map(|side| {
                let from = amount(side, marginal.dim, currency);
                let to = amount(side + marginal.step, marginal.dim, currency);
                format!(
                    "moving the limit of `{}` from {from} to {to}",
                    marginal.name
                )
            })
            .unwrap_or_else(|| format!("moving the limit of `{}` by {moved}", marginal.name))
    };
    match marginal.change {
        None => format!("{what} leaves no plan that meets every requirement"),
        Some(change) if change.abs() <= 1e-9 * objective_scale(model) => {
            format!("{what} changes nothing")
        }
        Some(change) if change > 0.0 => format!(
            "{what} adds about {}",
            objective_amount(model, change, "to")
        ),
        Some(change) => format!(
            "{what} costs about {}",
            objective_amount(model, -change, "of")
        ),
    }
}

/// The constant side of the named constraint, as reported.
fn constant_side(model: &Model, name: &str) -> Option<f64> {
    let constraint = model
        .constraints
        .iter()
        .enumerate()
        .find(|(index, constraint)| constraint.label(*index) == name)?;
    let ConstraintKind::Compare { lhs, rhs, dim, .. } = &constraint.1.kind else {
        return None;
    };
    let side = if rhs.is_constant() { rhs } else { lhs };
    Some(side.constant * dim.display_factor())
}

/// A typical size of the objective, for telling a change from rounding.
fn objective_scale(model: &Model) -> f64 {
    if model.objective.kind == ObjectiveKind::Weighted {
        1.0
    } else {
        model.budget.value.max(1.0)
    }
}

/// A change of the objective in its own terms: `42k USD/year of revenue`, `0.0012 to the
/// weighted objective` (`preposition` joins a weighted change to its objective).
fn objective_amount(model: &Model, change: f64, preposition: &str) -> String {
    let objective = &model.objective;
    match objective.kind {
        ObjectiveKind::Weighted => format!(
            "{} {preposition} the weighted objective",
            format::compact(change)
        ),
        ObjectiveKind::Single | ObjectiveKind::Lexicographic => {
            let term = objective.terms.last().expect("an objective has a term");
            let quantity = &term.quantity;
            format!(
                "{} of `{}`",
                amount(change, quantity.dim, &model.currency),
                quantity.text
            )
        }
    }
}

/// A value with the unit of its dimension: `7k USD`, `120 customers`, `0.7`.
fn amount(value: f64, dim: Dim, currency: &str) -> String {
    let unit = dim.unit_text(currency);
    if unit.is_empty() {
        format::compact(value)
    } else {
        format!("{} {unit}", format::compact(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Loc;
    use crate::source::{FileId, Span};

    fn model(objective: &str) -> Model {
        let text = format!(
            "strategy \"T\" {{ currency USD; horizon 12 months; budget 700k USD }}\n\
             stage iteration {{ tech {{ base 62; response {{ 100k USD => 74 }} }} }}\n\
             constraint tech_bar: tech >= 70\n{objective}"
        );
        crate::check::model_of(&text)
    }

    fn at() -> Loc {
        Loc {
            file: FileId(0),
            span: Span::new(0, 0),
        }
    }

    #[test]
    fn the_budget_in_words() {
        let model = model("objective maximize revenue");
        let budget = Marginal {
            name: "budget".into(),
            loc: at(),
            dim: Dim::MONEY,
            step: 7_000.0,
            change: Some(42_000.0),
        };
        assert_eq!(
            marginal(&model, &budget),
            "7k USD more budget adds about 42k USD/year of `revenue`"
        );
    }

    #[test]
    fn a_constraint_in_words() {
        let model = model("objective weighted { maximize revenue weight 1 }");
        let bound = Marginal {
            name: "tech_bar".into(),
            loc: at(),
            dim: Dim::PLAIN,
            step: 0.7,
            change: Some(-0.0012),
        };
        assert_eq!(
            marginal(&model, &bound),
            "moving the limit of `tech_bar` from 70 to 70.7 costs about 0.0012 of the weighted objective"
        );
        let infeasible = Marginal {
            change: None,
            ..bound
        };
        assert!(
            marginal(&model, &infeasible).ends_with("leaves no plan that meets every requirement")
        );
    }
}
