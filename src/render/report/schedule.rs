//! The schedule's rows: each stage, then its tasks and (for `channels`) the openings.

use serde::Serialize;

use crate::format;
use crate::locale::Locale;
use crate::model::{Model, StageKind};
use crate::optimise::Optimised;
use crate::schedule::Interval;

/// What a schedule row is; templates see `stage`, `task` or `opening`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    Stage,
    Task,
    Opening,
}

/// A stage, task or channel opening in the schedule.
#[derive(Serialize)]
pub struct ScheduleRow {
    /// What identifies it in the strategy, whatever the plan's language: the stage's
    /// keyword, the task's id, `open_` and the channel's id.
    #[serde(skip)]
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    /// What charts call it: the title where there is one, else the name.
    #[serde(skip)]
    pub label: String,
    pub kind: RowKind,
    /// The stage's keyword.
    pub stage: &'static str,
    /// What the plan's language calls the stage: its title, or its keyword's word.
    pub stage_name: String,
    pub start: String,
    pub finish: String,
    pub duration: String,
    /// Dates when the strategy has a `start`.
    pub start_date: Option<String>,
    pub finish_date: Option<String>,
    pub spend: Option<String>,
    /// When, in months, for charts.
    #[serde(skip)]
    pub months: Interval,
}

/// The schedule of the opened channels as rows: each stage, then its tasks and openings.
pub(super) fn schedule(model: &Model, optimised: &Optimised, locale: &Locale) -> Vec<ScheduleRow> {
    let times = &optimised.schedule;
    let row = |id: String,
               label: &str,
               title: Option<&str>,
               kind,
               stage: StageKind,
               start: f64,
               finish: f64| {
        ScheduleRow {
            name: id.clone(),
            id,
            title: title.map(str::to_string),
            label: label.to_string(),
            kind,
            stage: stage.name(),
            stage_name: locale.stage(model.stage(stage)),
            start: format::months(start),
            finish: format::months(finish),
            duration: format::months(finish - start),
            start_date: model
                .start
                .map(|date| locale.format.date_after(date, start)),
            finish_date: model
                .start
                .map(|date| locale.format.date_after(date, finish)),
            spend: None,
            months: Interval { start, finish },
        }
    };
    let mut rows = Vec::new();
    for stage in &model.stages {
        let interval = times.stages[stage.kind as usize];
        // A stage without a title is called by its word in the plan's language, beside
        // its keyword where the two differ.
        let stage_name = locale.stage(stage);
        let title = stage
            .title
            .as_deref()
            .or((stage_name != stage.kind.name()).then_some(stage_name.as_str()));
        let mut stage_row = row(
            stage.kind.name().to_string(),
            &stage_name,
            title,
            RowKind::Stage,
            stage.kind,
            interval.start,
            interval.finish,
        );
        stage_row.spend = Some(
            locale
                .format
                .compact(optimised.solution.stage_spend[stage.kind as usize]),
        );
        rows.push(stage_row);
        for (task, interval) in stage.tasks.iter().zip(&times.tasks[stage.kind as usize]) {
            rows.push(row(
                task.id.clone(),
                task.label(),
                task.title.as_deref(),
                RowKind::Task,
                stage.kind,
                interval.start,
                interval.finish,
            ));
        }
        if stage.kind == StageKind::Channels {
            for (channel, opening) in model.channels.iter().zip(&times.channels) {
                if let Some(opening) = opening {
                    let mut opening_row = row(
                        format!("open_{}", channel.id),
                        &locale.fill("opening", &[("channel", channel.label())]),
                        channel.title.as_deref(),
                        RowKind::Opening,
                        stage.kind,
                        opening.open.start,
                        opening.open.finish,
                    );
                    opening_row.name = locale.fill("opening", &[("channel", &channel.id)]);
                    rows.push(opening_row);
                }
            }
        }
    }
    rows
}
