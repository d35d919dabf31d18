//! A robust plan beside the most likely plan, in words: the objective of each on the
//! samples (the robust measure, the median) and at the most likely values, and the
//! channels the robust plan treats differently.

use serde::Serialize;

use super::figure_of;
use crate::locale::Locale;
use crate::model::Model;
use crate::uncertainty::robust::Comparison;

/// The comparison, formatted.
#[derive(Serialize)]
pub struct RobustReport {
    /// What the two plans are and what they are read on, in a sentence.
    pub intro: String,
    pub rows: Vec<RobustRow>,
    /// A sentence per channel the two plans treat differently.
    pub channels: Vec<String>,
}

/// One reading of the objective for both plans, and the robust plan's difference.
#[derive(Serialize)]
pub struct RobustRow {
    pub name: String,
    pub most_likely: String,
    pub robust: String,
    pub change: String,
}

/// The report of `comparison`, a robust plan of `model` beside its most likely plan.
pub fn robust(model: &Model, comparison: &Comparison, locale: &'static Locale) -> RobustReport {
    let term = &model.objective.terms[0];
    let figure = |value: f64| figure_of(&term.quantity, value, model, locale);
    let change = |before: f64, after: f64| {
        let text = figure(after - before);
        if after - before > 0.0 {
            format!("+{text}")
        } else {
            text
        }
    };
    let samples = crate::format::number(comparison.samples as f64);
    let measure = comparison.measure.text();
    let (before, after) = (&comparison.most_likely, &comparison.robust);
    let row = |name: String, before: f64, after: f64| RobustRow {
        name,
        most_likely: figure(before),
        robust: figure(after),
        change: change(before, after),
    };
    let rows = vec![
        row(
            locale.fill(
                "robust_row_measure",
                &[("measure", &measure), ("samples", &samples)],
            ),
            before.measure,
            after.measure,
        ),
        row(
            locale.fill("robust_row_median", &[("samples", &samples)]),
            before.p50,
            after.p50,
        ),
        row(
            locale.text("robust_row_most_likely").to_string(),
            before.most_likely,
            after.most_likely,
        ),
    ];
    let spend = |value: f64| locale.quantity(value, &model.currency);
    let channels = comparison
        .channels
        .iter()
        .map(|change| {
            let id = model.channels[change.channel.0].id.as_str();
            let (key, amount) = match change.active {
                (true, false) => ("robust_channel_closed", change.spend.0),
                (false, true) => ("robust_channel_opened", change.spend.1),
                _ => ("robust_channel_moved", change.spend.0),
            };
            locale.fill(
                key,
                &[
                    ("id", id),
                    ("spend", &spend(amount)),
                    ("to", &spend(change.spend.1)),
                ],
            )
        })
        .collect();
    RobustReport {
        intro: locale.fill(
            "robust_intro",
            &[
                ("term", &term.quantity.text),
                ("measure", &measure),
                ("samples", &samples),
            ],
        ),
        rows,
        channels,
    }
}
