//! What matters most, in words: each range's label, the objective at its low and at its
//! high end, and the swing between them, the widest first.

use serde::Serialize;

use super::objective_value;
use crate::format;
use crate::locale::Locale;
use crate::model::Model;
use crate::optimise::tornado::Tornado;
use crate::optimise::{Omitted, Rebuild};

/// The tornado, formatted.
#[derive(Serialize)]
pub struct TornadoReport {
    /// What the table shows, in a sentence.
    pub intro: String,
    pub rows: Vec<TornadoRow>,
    /// How many more ranges were ranked, in a sentence; `None` when all are shown.
    pub left_out: Option<String>,
}

/// One range at its two ends.
#[derive(Serialize)]
pub struct TornadoRow {
    pub label: String,
    pub range: String,
    pub low: String,
    pub high: String,
    pub swing: String,
}

/// The report of `tornado`, of `model`'s plan.
pub fn tornado(model: &Model, tornado: &Tornado, locale: &'static Locale) -> TornadoReport {
    let value = |value: f64| objective_value(model, value, locale);
    let end = |at: Option<f64>, rebuilt: &Rebuild| match (at, rebuilt) {
        (Some(at), _) => value(at),
        (None, Rebuild::Infeasible(_)) => locale.text("infeasible").to_string(),
        (None, Rebuild::NotComputed(Omitted::OutOfTime)) => locale.fill(
            "not_computed",
            &[("why", locale.text("time_limit_ran_out"))],
        ),
        (None, _) => locale.text("solver_failed").to_string(),
    };
    let rows = tornado
        .swings
        .iter()
        .map(|swing| {
            let input = &model.uncertain[swing.input];
            TornadoRow {
                label: input.label(model, locale),
                range: input.text.clone(),
                low: end(swing.at_low, &swing.low),
                high: end(swing.at_high, &swing.high),
                swing: value(swing.width(tornado.centre)),
            }
        })
        .collect();
    let mut intro = locale.fill("tornado_intro", &[("objective", &value(tornado.centre))]);
    if model.objective.robust.is_some() {
        intro.push(' ');
        intro.push_str(locale.text("tornado_robust"));
    }
    TornadoReport {
        intro,
        rows,
        left_out: (tornado.left_out > 0).then(|| {
            locale.fill(
                "tornado_left_out",
                &[("count", &format::number(tornado.left_out as f64))],
            )
        }),
    }
}
