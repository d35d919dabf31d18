//! Explanations in words, in the metrics' own units: what a marginal value means ("7k USD
//! more budget adds about 46k USD/year of revenue and 0.02 points of share") and why a
//! channel is closed ("opening it costs about 120k USD/year of revenue").

use crate::format;
use crate::locale::Locale;
use crate::model::{Dim, Model, ObjectiveKind};

use super::closed::{ClosedChannel, EXPLAINED};
use super::formulation::Requirement;
use super::marginal::Marginal;
use super::objectives::{TermOutcome, weighted_value};
use super::rebuild::{Change, Omitted, Rebuild};
use super::solution::Metrics;

/// A marginal value as a sentence of `locale`.
pub fn marginal(model: &Model, marginal: &Marginal, locale: &Locale) -> String {
    let limit = &marginal.limit;
    let amount = |value: f64| amount(value, limit.dim, model, locale);
    let what = if limit.name == "budget" {
        locale.fill("more_budget", &[("amount", &amount(limit.step))])
    } else {
        locale.fill(
            "moving_limit",
            &[
                ("limit", &limit.name),
                ("from", &amount(limit.side)),
                ("to", &amount(limit.side + limit.step)),
            ],
        )
    };
    if let Rebuild::NotComputed(omitted) = &marginal.moved {
        return locale.fill(
            "what_not_computed",
            &[("what", &what), ("why", &self::omitted(*omitted, locale))],
        );
    }
    let moved = match &marginal.per_unit {
        Some(per_unit) => effect(
            model,
            &scaled(per_unit, limit.step),
            &marginal.moved,
            locale,
        ),
        None => no_plan(model, &marginal.moved, locale),
    };
    format!("{what} {moved}")
}

/// Why a channel is closed, as a sentence about opening it; `plan` is the plan's terms,
/// whose ideals a weighted objective is compared at.
pub fn closed(
    model: &Model,
    closed: &ClosedChannel,
    plan: &[TermOutcome],
    locale: &Locale,
) -> String {
    let channel = &model.channels[closed.channel.0];
    match closed.forced_open {
        Rebuild::NotComputed(Omitted::NotClosestToOpening) => {
            let why = omitted(Omitted::NotClosestToOpening, locale);
            return locale.fill("not_explained", &[("why", &why)]);
        }
        Rebuild::NotComputed(Omitted::OutOfTime) => {
            let why = omitted(Omitted::OutOfTime, locale);
            return locale.fill("not_computed", &[("why", &why)]);
        }
        _ => {}
    }
    let opening = match channel.spend_min.filter(|min| min.value > 0.0) {
        Some(min) => locale.fill(
            "opening_it_at_minimum",
            &[("minimum", &amount(min.value, Dim::MONEY, model, locale))],
        ),
        None => locale.text("opening_it").to_string(),
    };
    let effect = match (&closed.change, &closed.forced_open) {
        (Some(change), Rebuild::Planned(after)) => {
            let weighted = weighted_cost(model, plan, &after.terms)
                .map(|cost| locale.fill("weighted_lower", &[("cost", &format::number(cost))]))
                .unwrap_or_default();
            format!(
                "{}{weighted}",
                effect(model, change, &closed.forced_open, locale)
            )
        }
        (_, Rebuild::Infeasible(conflict)) if !conflict.is_empty() => locale.fill(
            "conflicts_with",
            &[("requirements", &requirements(model, conflict, locale))],
        ),
        _ => no_plan(model, &closed.forced_open, locale),
    };
    format!("{opening} {effect}")
}

/// What a plan whose terms take `values` loses against `plan` on a weighted objective,
/// both scored at `plan`'s ideals (a rebuild's own objective is relative to its own
/// ideals, and can come out higher though the plan is worse); `None` for other kinds or
/// when it loses nothing.
fn weighted_cost(model: &Model, plan: &[TermOutcome], values: &[f64]) -> Option<f64> {
    if model.objective.kind != ObjectiveKind::Weighted {
        return None;
    }
    let terms = &model.objective.terms;
    let now: Vec<f64> = plan.iter().map(|term| term.value).collect();
    let cost = weighted_value(terms, plan, &now) - weighted_value(terms, plan, values);
    (cost > NOISE).then_some(cost)
}

/// A change this small against the value it changes is the solver's rounding.
const NOISE: f64 = 1e-6;

/// `change` times `step`.
fn scaled(change: &Change, step: f64) -> Change {
    let by = |value: f64| value * step;
    let metrics = &change.metrics;
    Change {
        objective: change.objective * step,
        metrics: Metrics {
            revenue: by(metrics.revenue),
            share: by(metrics.share),
            satisfaction: metrics.satisfaction.map(by),
            tech: metrics.tech.map(by),
            spend: by(metrics.spend),
            customers: by(metrics.customers),
        },
    }
}

/// What a change does, in words: "adds about 46k USD/year of revenue and 0.02 points of
/// share, and costs about 0.001 of satisfaction", or "changes nothing".
fn effect(model: &Model, change: &Change, after: &Rebuild, locale: &Locale) -> String {
    let Some(after) = after.headline() else {
        return String::new();
    };
    let currency = &model.currency;
    let compact = |value: f64| locale.format.compact(value);
    let delta = &change.metrics;
    let now = &after.metrics;
    let mut moves: Vec<(f64, String)> = Vec::new();
    let mut add = |by: f64, value: f64, words: &dyn Fn(f64) -> String| {
        let before = value - by;
        if by.abs() > NOISE * before.abs().max(value.abs()).max(1e-3) {
            moves.push((by, words(by.abs())));
        }
    };
    add(delta.revenue, now.revenue, &|by| {
        let revenue = locale.quantity(by, &format!("{currency}/year"));
        locale.fill("of_revenue", &[("amount", &revenue)])
    });
    add(delta.share, now.share, &|by| {
        locale.fill(
            "points_of_share",
            &[("points", &format::number(by * 100.0))],
        )
    });
    add(delta.customers, now.customers, &|by| {
        locale.fill("n_customers", &[("count", &compact(by))])
    });
    if let (Some(by), Some(value)) = (delta.satisfaction, now.satisfaction) {
        add(by, value, &|by| {
            locale.fill("of_satisfaction", &[("amount", &format::number(by))])
        });
    }
    if let (Some(by), Some(value)) = (delta.tech, now.tech) {
        add(by, value, &|by| {
            locale.fill("of_tech", &[("amount", &compact(by))])
        });
    }
    if let Some(words) = objective_words(model, change.objective, after.objective, locale) {
        moves.push(words);
    }
    let gains: Vec<String> = moves
        .iter()
        .filter(|(by, _)| *by > 0.0)
        .map(|(_, words)| words.clone())
        .collect();
    let losses: Vec<String> = moves
        .iter()
        .filter(|(by, _)| *by < 0.0)
        .map(|(_, words)| words.clone())
        .collect();
    let (gains, losses) = (locale.list(&gains), locale.list(&losses));
    match (gains.is_empty(), losses.is_empty()) {
        (true, true) => locale.text("changes_nothing").to_string(),
        (false, true) => locale.fill("adds_about", &[("gains", &gains)]),
        (true, false) => locale.fill("costs_about", &[("losses", &losses)]),
        (false, false) => locale.fill("adds_and_costs", &[("gains", &gains), ("losses", &losses)]),
    }
}

/// The objective's change in words, when it is not already one of the metrics and not a
/// weighted objective (whose value is relative to each plan's own ideals).
fn objective_words(model: &Model, by: f64, value: f64, locale: &Locale) -> Option<(f64, String)> {
    let objective = &model.objective;
    if objective.kind == ObjectiveKind::Weighted {
        return None;
    }
    let quantity = &objective.terms.last()?.quantity;
    let metric = ["revenue", "share", "customers", "satisfaction", "tech"];
    if metric.contains(&quantity.text.as_str()) {
        return None;
    }
    let before = value - by;
    if by.abs() <= NOISE * before.abs().max(value.abs()).max(1e-3) {
        return None;
    }
    let words = locale.fill(
        "of_quantity",
        &[
            ("amount", &amount(by.abs(), quantity.dim, model, locale)),
            ("quantity", &quantity.text),
        ],
    );
    Some((by, words))
}

/// Why a rebuild has no plan, in words.
fn no_plan(model: &Model, rebuild: &Rebuild, locale: &Locale) -> String {
    match rebuild {
        Rebuild::Planned(_) => String::new(),
        Rebuild::Infeasible(conflict) if conflict.is_empty() => {
            locale.text("leaves_no_plan").to_string()
        }
        Rebuild::Infeasible(conflict) => locale.fill(
            "leaves_no_plan_conflict",
            &[("requirements", &requirements(model, conflict, locale))],
        ),
        Rebuild::Failed(message) => locale.fill("could_not_compute", &[("why", message)]),
        Rebuild::NotComputed(why) => {
            locale.fill("not_computed", &[("why", &omitted(*why, locale))])
        }
    }
}

/// Why an extra was not computed, in words: "the time limit ran out".
pub fn omitted(omitted: Omitted, locale: &Locale) -> String {
    match omitted {
        Omitted::NotClosestToOpening => locale.fill(
            "not_closest_to_opening",
            &[("count", &format::number(EXPLAINED as f64))],
        ),
        Omitted::OutOfTime => locale.text("time_limit_ran_out").to_string(),
    }
}

/// The requirements of a conflict in words: "the budget and constraint `reach`".
fn requirements(model: &Model, conflict: &[Requirement], locale: &Locale) -> String {
    let names: Vec<String> = conflict
        .iter()
        .map(|requirement| requirement.kind.describe(model, locale))
        .collect();
    locale.list(&names)
}

/// A value with the unit of its dimension: `7k USD`, `120 customers`, `0.7`.
fn amount(value: f64, dim: Dim, model: &Model, locale: &Locale) -> String {
    let unit = model.unit_text(dim);
    if unit.is_empty() {
        locale.format.compact(value)
    } else {
        format!("{} {}", locale.format.compact(value), locale.unit(&unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Loc;
    use crate::optimise::marginal::Limit;
    use crate::optimise::rebuild::{Headline, Variant};
    use crate::source::{FileId, Span};

    fn model(objective: &str) -> Model {
        let text = format!(
            "strategy \"T\" {{ currency USD; horizon 12 months; budget 700k USD }}\n\
             stage iteration {{ tech {{ base 62; response {{ 100k USD => 74 }} }} }}\n\
             constraint tech_bar: tech >= 70\n{objective}"
        );
        crate::check::model_of(&text)
    }

    fn limit(name: &str, dim: Dim, side: f64) -> Limit {
        Limit {
            name: name.into(),
            loc: Loc {
                file: FileId(0),
                span: Span::new(0, 0),
            },
            dim,
            side,
            step: side / 100.0,
            variant: Variant::MoveLimit {
                requirement: 0,
                by: 1.0,
            },
        }
    }

    fn headline(objective: f64, revenue: f64, share: f64, satisfaction: f64) -> Headline {
        Headline {
            objective,
            metrics: Metrics {
                revenue,
                share,
                satisfaction: Some(satisfaction),
                tech: Some(70.0),
                spend: 700_000.0,
                customers: 600.0,
            },
            stopped_early: false,
            terms: Vec::new(),
        }
    }

    #[test]
    fn the_budget_in_the_metrics_units() {
        let model = model("objective weighted { maximize revenue; maximize share }");
        let plan = headline(0.94, 4_650_000.0, 0.0487, 3.94);
        let moved = Rebuild::Planned(headline(0.9401, 4_696_000.0, 0.0489, 3.939));
        let budget = Marginal::of(limit("budget", Dim::MONEY, 700_000.0), moved, &plan);
        assert_eq!(
            marginal(&model, &budget, Locale::english()),
            "7k USD more budget adds about 46k USD/year of revenue and 0.02 points of share, \
             and costs about 0.001 of satisfaction"
        );
    }

    #[test]
    fn a_constraint_that_leaves_no_plan() {
        let model = model("objective maximize revenue");
        let plan = headline(1.0, 1.0, 0.0, 1.0);
        let bound = Marginal::of(
            limit("tech_bar", Dim::PLAIN, 70.0),
            Rebuild::Infeasible(Vec::new()),
            &plan,
        );
        assert_eq!(
            marginal(&model, &bound, Locale::english()),
            "moving the limit of `tech_bar` from 70 to 70.7 leaves no plan that meets every requirement"
        );
    }
}
