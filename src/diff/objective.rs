//! The objective's row of a diff: both values, and their change only when the two are on
//! one scale. A weighted objective divides each term by that run's own ideal, so when the
//! ideals moved its change says nothing (revenue can fall 45% while it rises); a single or
//! lexicographic objective is a quantity in its own units, and its change is real.

use std::fmt::Write;

use crate::format;
use crate::locale::Locale;
use crate::model::{Model, ObjectiveKind};
use crate::render::report::{objective_measure, objective_value};

use super::{Side, change, difference, moved, same};

/// How the two sides' objective values compare.
enum Comparison {
    /// The same objective on the same scale.
    Same,
    /// The same weighted objective, divided by ideals that moved: each moved term's
    /// `` `expr` before → after ``.
    IdealsMoved(Vec<String>),
    /// The objective itself changed (its kind, terms or weights).
    ObjectiveChanged,
}

/// The objective's table row, and a note under the table when its change is not shown.
pub(super) fn objective_row(old: Side, new: Side) -> (String, Option<String>) {
    let (a, b) = (old.optimised.objective, new.optimised.objective);
    let show = |value: f64| objective_value(new.model, value, Locale::english());
    let weighted = new.model.objective.kind == ObjectiveKind::Weighted;
    let comparison = compare(old, new);
    let label = match (&comparison, weighted) {
        (Comparison::ObjectiveChanged, _) => "objective".to_string(),
        (_, true) => "objective (weighted, relative to each side's own ideals)".to_string(),
        (_, false) => format!(
            "objective ({})",
            objective_measure(new.model, Locale::english())
        ),
    };
    let (delta, note) = match comparison {
        Comparison::Same if weighted => (difference(a, b, &show), None),
        Comparison::Same => (change(a, b, &show), None),
        Comparison::IdealsMoved(moves) => (
            "not comparable".to_string(),
            Some(format!(
                "The objective is weighted: each side divides each term by its own ideal, the \
                 best that term reaches alone, and the ideals moved ({}). The two values are \
                 on different scales, so no change is given: the figures above are what \
                 changed.",
                moves.join("; ")
            )),
        ),
        Comparison::ObjectiveChanged => (
            "not comparable".to_string(),
            Some(
                "The objective itself changed, so its two values measure different things \
                 and no change is given."
                    .to_string(),
            ),
        ),
    };
    let mut row = String::new();
    let _ = writeln!(
        row,
        "| {label} | {} | {} | {delta} |",
        objective_value(old.model, a, Locale::english()),
        show(b)
    );
    (row, note)
}

/// Whether the sides' objectives are the same, and on the same scale.
fn compare(old: Side, new: Side) -> Comparison {
    let (before, after) = (&old.model.objective, &new.model.objective);
    let weighted = after.kind == ObjectiveKind::Weighted;
    let same_terms = before.kind == after.kind
        && before.terms.len() == after.terms.len()
        && before.terms.iter().zip(&after.terms).all(|(a, b)| {
            a.sense == b.sense
                && a.quantity.text == b.quantity.text
                && (!weighted || a.weight == b.weight)
        });
    if !same_terms {
        return Comparison::ObjectiveChanged;
    }
    let moves = if weighted {
        moved_ideals(old, new)
    } else {
        Vec::new()
    };
    if moves.is_empty() {
        Comparison::Same
    } else {
        Comparison::IdealsMoved(moves)
    }
}

/// Each term whose ideal differs between the sides: `` `revenue` 5.02M USD/year →
/// 4.2M USD/year ``.
fn moved_ideals(old: Side, new: Side) -> Vec<String> {
    new.model
        .objective
        .terms
        .iter()
        .zip(old.optimised.terms.iter().zip(&new.optimised.terms))
        .filter(|(_, (before, after))| !same(before.ideal, after.ideal))
        .map(|(term, (before, after))| {
            let show = |value: f64| in_units(new.model, value, term.quantity.dim);
            format!(
                "`{}` {}",
                term.quantity.text,
                moved(before.ideal, after.ideal, show)
            )
        })
        .collect()
}

/// A value with its dimension's unit: `5.02M USD/year`, `0.0496`.
fn in_units(model: &Model, value: f64, dim: crate::model::Dim) -> String {
    let unit = model.unit_text(dim);
    if unit.is_empty() {
        format::compact(value)
    } else {
        format!("{} {unit}", format::compact(value))
    }
}
