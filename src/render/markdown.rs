//! The plan as Markdown for pull requests: the report laid out by a handlebars template,
//! with the schedule as a Mermaid `gantt` and the stage graph as a Mermaid flowchart
//! (GitHub draws both).

use std::fmt::Write;

use serde::Serialize;

use crate::format;
use crate::locale::Locale;
use crate::model::Model;

use super::report::{MAX_ROWS, Report, RowKind, ScheduleRow};
use super::templates::Renderer;
use super::{ascii, graph, text};

/// What the Markdown template sees: the report and its two diagrams.
#[derive(Serialize)]
struct Page<'a> {
    #[serde(flatten)]
    report: &'a Report,
    /// `None` without a plan.
    gantt: Option<String>,
    /// `None` without a plan, or when the graph has too many nodes to read.
    flowchart: Option<String>,
}

/// The most display columns of a name in the Gantt chart.
const GANTT_COLUMNS: usize = 40;

/// The day the Gantt chart counts from when the strategy has no `start`.
const UNDATED_START: (u16, u8, u8) = (2000, 1, 1);

/// The Markdown plan in `locale` (the report's), rendered with `renderer`'s template.
pub fn markdown(
    report: &Report,
    model: &Model,
    renderer: &Renderer,
    locale: &Locale,
) -> Result<String, String> {
    let page = Page {
        report,
        gantt: report
            .plan
            .as_ref()
            .map(|plan| gantt(&plan.schedule.shown, model.start, locale)),
        flowchart: (report.plan.is_some() && graph::node_count(model) <= MAX_ROWS)
            .then(|| graph::mermaid(model, locale)),
    };
    renderer.markdown(&page)
}

/// The schedule as a Mermaid `gantt`: a section per stage and a bar per row of the
/// report's schedule, dated from the strategy's `start` (or month 0 drawn as 2000-01-01).
fn gantt(rows: &[ScheduleRow], start: Option<(u16, u8, u8)>, locale: &Locale) -> String {
    let mut out = String::from("gantt\n  dateFormat YYYY-MM-DD\n");
    if start.is_none() {
        let _ = writeln!(out, "  title {}", locale.text("gantt_undated"));
        out.push_str("  axisFormat %b\n");
    } else {
        out.push_str("  axisFormat %Y-%m\n");
    }
    let start = start.unwrap_or(UNDATED_START);
    for row in rows {
        // Mermaid puts a long name beside its bar, past the chart's edge: the table
        // under the chart has it whole.
        let label = text::truncated(&row.label, GANTT_COLUMNS).unwrap_or_else(|| row.label.clone());
        let label = graph::mermaid_text(&label);
        if row.kind == RowKind::Stage {
            let _ = writeln!(out, "  section {label}");
        }
        // Task ids are ASCII, which every Mermaid renderer reads; the bar shows the name.
        let id = ascii::name(&format!("{}_{}", row.stage, row.id)).into_owned();
        let from = format::date_after(start, row.months.start);
        let to = format::date_after(start, row.months.finish);
        // A bar that starts and ends the same day is a milestone.
        if from == to {
            let _ = writeln!(out, "    {label} :milestone, {id}, {from}, 0d");
        } else {
            let _ = writeln!(out, "    {label} :{id}, {from}, {to}");
        }
    }
    out
}
