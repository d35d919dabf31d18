//! The plan under uncertainty in words: the percentiles of its headline numbers over the
//! samples, how often each requirement still holds, and the ranges sampled.

use serde::Serialize;

use super::Rows;
use crate::format;
use crate::locale::Locale;
use crate::model::Model;
use crate::uncertainty::{Spread, Uncertainty};

/// The plan under uncertainty, formatted.
#[derive(Serialize)]
pub struct UncertaintyReport {
    /// What was sampled, in a sentence.
    pub intro: String,
    pub figures: Vec<SpreadRow>,
    /// How often each requirement holds: the budget, then each constraint.
    pub requirements: Vec<OddsRow>,
    /// The ranges sampled.
    pub inputs: Rows<InputRow>,
}

/// A number's P10, P50 and P90.
#[derive(Serialize)]
pub struct SpreadRow {
    pub name: &'static str,
    pub p10: String,
    pub p50: String,
    pub p90: String,
}

/// A requirement and the share of samples in which the plan meets it.
#[derive(Serialize)]
pub struct OddsRow {
    pub name: String,
    pub probability: String,
}

/// A range as written and what it sets.
#[derive(Serialize)]
pub struct InputRow {
    pub label: String,
    pub range: String,
}

/// The report of `uncertainty`, the samples of `model`'s plan.
pub fn uncertainty(
    model: &Model,
    uncertainty: &Uncertainty,
    locale: &'static Locale,
) -> UncertaintyReport {
    let currency = &model.currency;
    let row = |name: &'static str, spread: &Spread, show: &dyn Fn(f64) -> String| SpreadRow {
        name: locale.text(name),
        p10: show(spread.p10),
        p50: show(spread.p50),
        p90: show(spread.p90),
    };
    let revenue = |value: f64| locale.quantity(value, &format!("{currency}/year"));
    let count = |value: f64| locale.format.count(value);
    let plain = |value: f64| format::number(value);
    let mut figures = vec![
        row("revenue", &uncertainty.revenue, &revenue),
        row("market_share", &uncertainty.share, &format::percent),
        row("customers", &uncertainty.customers, &count),
    ];
    if let Some(spread) = &uncertainty.satisfaction {
        figures.push(row("satisfaction", spread, &plain));
    }
    if let Some(spread) = &uncertainty.tech {
        figures.push(row("tech", spread, &plain));
    }
    let mut requirements = vec![OddsRow {
        name: locale.text("budget").to_string(),
        probability: format::percent(uncertainty.budget),
    }];
    requirements.extend(
        model
            .constraints
            .iter()
            .enumerate()
            .map(|(index, constraint)| OddsRow {
                name: format!("`{}`", constraint.label(index)),
                probability: format::percent(uncertainty.constraints[index]),
            }),
    );
    let sampled = uncertainty.sampling.samples - uncertainty.failed;
    let mut intro = locale.fill(
        "uncertainty_intro",
        &[
            ("samples", &format::number(sampled as f64)),
            ("ranges", &format::number(model.uncertain.len() as f64)),
            ("seed", &format::whole(uncertainty.sampling.seed)),
        ],
    );
    if uncertainty.failed > 0 {
        intro.push(' ');
        intro.push_str(&locale.fill(
            "uncertainty_failed",
            &[("count", &format::number(uncertainty.failed as f64))],
        ));
    }
    UncertaintyReport {
        intro,
        figures,
        requirements,
        inputs: Rows::of(model.uncertain.iter().map(|input| InputRow {
            label: input.label(model, locale),
            range: input.text.clone(),
        })),
    }
}
