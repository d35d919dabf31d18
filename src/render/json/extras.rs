//! The JSON of what is built around the plan: marginal values, closed channels (each a
//! plan built again with one thing changed), and minimal conflicts.

use serde::Serialize;

use crate::model::Model;
use crate::optimise::{ClosedChannel as Closed, Marginal, Metrics, Omitted, Rebuild, Requirement};

use super::figures::Scales;
use super::{JsonMetrics, headline_status, metrics};

/// A requirement of a minimal conflict.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub(super) struct Conflict {
    #[cfg_attr(test, schemars(extend("enum" = ["budget", "stage_budget", "spend_min", "constraint", "lexicographic"])))]
    requirement: &'static str,
    /// The stage, channel, constraint or objective term; null for the budget.
    subject: Option<String>,
}

/// What a limit is worth.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub(super) struct MarginalValue<'a> {
    /// `budget`, or the constraint's name.
    constraint: &'a str,
    /// How the plan built with the side moved came out.
    #[cfg_attr(test, schemars(extend("enum" = ["optimal", "not_proven_optimal", "infeasible", "solver_failed", "not_computed"])))]
    status: &'static str,
    /// Why it was not computed: `time_limit` (the time limit ran out); null when it was.
    #[cfg_attr(test, schemars(extend("enum" = ["time_limit", null])))]
    reason: Option<&'static str>,
    /// The change of the objective per unit of the side; null without a plan.
    per_unit: Option<f64>,
    /// The change of each metric per unit of the side; null without a plan.
    metrics_per_unit: Option<JsonMetrics<'a>>,
    /// How far the side moved: 1% of it.
    step: f64,
    /// The change of the objective for that step; null without a plan.
    change: Option<f64>,
    /// When the moved side leaves no plan: a minimal set of requirements that conflict.
    conflict: Vec<Conflict>,
}

/// A channel the plan leaves closed.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub(super) struct ClosedChannel<'a> {
    id: &'a str,
    /// The `title`, if it has one.
    title: Option<&'a str>,
    /// The plan built again with the channel forced open.
    forced_open: Rebuilt<'a>,
}

/// A plan built again with one thing changed.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub(super) struct Rebuilt<'a> {
    #[cfg_attr(test, schemars(extend("enum" = ["optimal", "not_proven_optimal", "infeasible", "solver_failed", "not_computed"])))]
    status: &'static str,
    /// Why it was not computed: `time_limit` (the time limit ran out), or
    /// `not_closest_to_opening` (only the 20 closed channels closest to opening are
    /// explained); null when it was.
    #[cfg_attr(test, schemars(extend("enum" = ["time_limit", "not_closest_to_opening", null])))]
    reason: Option<&'static str>,
    /// Its objective (relative to its own ideals when weighted); null without a plan.
    objective: Option<f64>,
    metrics: Option<JsonMetrics<'a>>,
    /// When it has no plan: a minimal set of requirements that conflict.
    conflict: Vec<Conflict>,
}

/// A minimal conflict, for tools.
pub(super) fn conflict(model: &Model, requirements: &[Requirement]) -> Vec<Conflict> {
    requirements
        .iter()
        .map(|requirement| Conflict {
            requirement: requirement.kind.key(),
            subject: requirement.kind.subject(model),
        })
        .collect()
}

pub(super) fn marginal_value<'a>(
    model: &Model,
    marginal: &'a Marginal,
    scales: &'a Scales,
) -> MarginalValue<'a> {
    let moved = rebuilt(model, &marginal.moved, scales);
    let step = marginal.limit.step;
    let per_unit = marginal.per_unit.as_ref();
    MarginalValue {
        constraint: &marginal.limit.name,
        status: moved.status,
        reason: moved.reason,
        per_unit: per_unit.map(|change| change.objective),
        metrics_per_unit: per_unit.map(|change| per_unit_metrics(&change.metrics, step, scales)),
        step,
        change: per_unit.map(|change| change.objective * step),
        conflict: moved.conflict,
    }
}

pub(super) fn closed_channel<'a>(
    model: &'a Model,
    closed: &'a Closed,
    scales: &'a Scales,
) -> ClosedChannel<'a> {
    let channel = &model.channels[closed.channel.0];
    ClosedChannel {
        id: &channel.id,
        title: channel.title.as_deref(),
        forced_open: rebuilt(model, &closed.forced_open, scales),
    }
}

/// Rates per unit of a side that moved by `step`, each noise when its change over the
/// step is noise beside the plan's figures of its kind.
fn per_unit_metrics<'a>(metrics: &Metrics, step: f64, scales: &'a Scales) -> JsonMetrics<'a> {
    JsonMetrics {
        revenue: scales.revenue.rate(metrics.revenue, step),
        share: scales.share.rate(metrics.share, step),
        satisfaction: metrics.satisfaction,
        tech: metrics.tech,
        spend: scales.money.rate(metrics.spend, step),
        customers: scales.customers.rate(metrics.customers, step),
    }
}

/// A rebuild of the plan, for tools.
pub(super) fn rebuilt<'a>(model: &Model, rebuild: &Rebuild, scales: &'a Scales) -> Rebuilt<'a> {
    let (status, conflict) = match rebuild {
        Rebuild::Planned(headline) => (headline_status(headline), Vec::new()),
        Rebuild::Infeasible(requirements) => ("infeasible", conflict(model, requirements)),
        Rebuild::Failed(_) => ("solver_failed", Vec::new()),
        Rebuild::NotComputed(_) => ("not_computed", Vec::new()),
    };
    let reason = match rebuild {
        Rebuild::NotComputed(Omitted::OutOfTime) => Some("time_limit"),
        Rebuild::NotComputed(Omitted::NotClosestToOpening) => Some("not_closest_to_opening"),
        _ => None,
    };
    let headline = rebuild.headline();
    Rebuilt {
        status,
        reason,
        objective: headline.map(|headline| headline.objective),
        metrics: headline.map(|headline| metrics(&headline.metrics, scales)),
        conflict,
    }
}
