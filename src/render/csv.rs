//! The plan as CSV files for spreadsheets (`--emit csv`): the channels, the markets, the
//! stages and the schedule, one table each, from the same build the JSON plan is written
//! from. `docs/plans.md` lists every column.
//!
//! Each file is UTF-8 with a byte order mark (without it Excel reads UTF-8 as the local
//! code page, and Chinese titles come out garbled), one header row of English
//! snake_case names that stay stable for tools, and rows ending in CRLF, quoted as RFC
//! 4180 says. Numbers are plain decimals ([`format::decimal`]) without the solver's
//! rounding: money in currency units, revenue per year, shares and ramps in percent (the
//! header says `_pct`), times in months. A text cell that a spreadsheet would read as a
//! formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) starts with
//! `'` instead, as OWASP advises against CSV injection.

use crate::build::Built;
use crate::format;
use crate::model::{Model, StageKind};
use crate::optimise::Optimised;

use super::text::paragraph;

/// One CSV file of a plan: what it holds (the `channels` of `plan.channels.csv`) and its
/// text.
pub struct Table {
    pub name: &'static str,
    pub text: String,
}

/// The plan's tables, in the order they are listed here; each holds only its header
/// when the build found no plan. `None` when the build has no model.
pub fn csv(built: &Built) -> Option<Vec<Table>> {
    let model = built.model.as_ref()?;
    let optimised = built.plan.as_ref()?.as_ref().ok();
    let tables = [
        ("channels", CHANNELS, channels as TableRows),
        ("markets", MARKETS, markets),
        ("stages", STAGES, stages),
        ("schedule", SCHEDULE, schedule),
    ];
    Some(
        tables
            .into_iter()
            .map(|(name, header, rows)| {
                let header = header.iter().map(|name| Cell::text(name)).collect();
                let mut lines = vec![header];
                if let Some(optimised) = optimised {
                    lines.extend(rows(model, optimised));
                }
                Table {
                    name,
                    text: file(&lines),
                }
            })
            .collect(),
    )
}

/// The rows of one table, from a model and its plan.
type TableRows = fn(&Model, &Optimised) -> Vec<Vec<Cell>>;

/// A cell: text, or a number already cleaned of the solver's rounding.
enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    fn text(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }

    fn optional(text: Option<&str>) -> Cell {
        text.map_or(Cell::Empty, Cell::text)
    }
}

/// The figures of a plan without the solver's rounding: each kind measured against its
/// largest figure, as the JSON plan does (contract §6).
struct Figures {
    money: f64,
    customers: f64,
    revenue: f64,
    months: f64,
}

impl Figures {
    fn of(model: &Model, optimised: &Optimised) -> Figures {
        let metrics = &optimised.solution.metrics;
        Figures {
            money: model.budget.value.max(metrics.spend),
            customers: metrics.customers,
            revenue: metrics.revenue,
            months: model.horizon.value.max(optimised.schedule.finish),
        }
    }

    fn money(&self, value: f64) -> Cell {
        Cell::Number(format::without_noise(value, self.money))
    }

    fn customers(&self, value: f64) -> Cell {
        Cell::Number(format::without_noise(value, self.customers))
    }

    fn revenue(&self, value: f64) -> Cell {
        Cell::Number(format::without_noise(value, self.revenue))
    }

    fn month(&self, value: f64) -> Cell {
        Cell::Number(format::without_noise(value, self.months))
    }
}

/// A fraction as a percent: `0.15` is `15`.
fn percent(fraction: f64) -> Cell {
    Cell::Number(format::without_noise(fraction, 1.0) * 100.0)
}

const CHANNELS: &[&str] = &[
    "id",
    "title",
    "archetype",
    "active",
    "setup",
    "promotion",
    "total_spend",
    "go_live_month",
    "ramp_pct",
    "customers",
    "revenue_per_year",
    "revenue_share_pct",
    "description",
];

/// Every channel, opened or not: its setup, its promotion spend (the JSON plan's `spend`)
/// and their sum.
fn channels(model: &Model, optimised: &Optimised) -> Vec<Vec<Cell>> {
    let figures = Figures::of(model, optimised);
    model
        .channels
        .iter()
        .zip(&optimised.solution.channels)
        .map(|(channel, plan)| {
            vec![
                Cell::text(&channel.id),
                Cell::optional(channel.title.as_deref()),
                Cell::optional(channel.archetype.as_deref()),
                Cell::text(if plan.active { "yes" } else { "no" }),
                figures.money(plan.setup),
                figures.money(plan.spend),
                figures.money(plan.setup + plan.spend),
                if plan.active {
                    figures.month(plan.go_live)
                } else {
                    Cell::Empty
                },
                percent(plan.ramp),
                figures.customers(plan.customers),
                figures.revenue(plan.revenue),
                percent(channel.revenue_share),
                Cell::optional(channel.doc.as_deref().map(paragraph).as_deref()),
            ]
        })
        .collect()
}

const MARKETS: &[&str] = &[
    "id",
    "title",
    "domain",
    "size",
    "pricing",
    "monthly_price",
    "unit_price",
    "unit_price_per",
    "unit",
    "usage_per_month",
    "customers",
    "share_pct",
    "revenue_per_year",
    "description",
];

/// Every market with the pricing the plan chose; its price per customer per month, and
/// for a price per a count unit that price and the usage it is multiplied by.
fn markets(model: &Model, optimised: &Optimised) -> Vec<Vec<Cell>> {
    let figures = Figures::of(model, optimised);
    model
        .markets
        .iter()
        .zip(&optimised.solution.markets)
        .map(|(market, plan)| {
            let option = plan.option.map(|index| &market.options[index]);
            let unit_price = option.and_then(|option| option.unit_price.as_ref());
            vec![
                Cell::text(&market.id),
                Cell::optional(market.title.as_deref()),
                Cell::optional(market.domain.as_deref()),
                Cell::Number(market.size),
                Cell::optional(option.map(|option| option.id.as_str())),
                option.map_or(Cell::Empty, |option| Cell::Number(option.monthly_price)),
                unit_price.map_or(Cell::Empty, |price| Cell::Number(price.amount)),
                unit_price.map_or(Cell::Empty, |price| Cell::Number(price.per)),
                unit_price.map_or(Cell::Empty, |price| {
                    Cell::text(&model.units.get(price.unit).name)
                }),
                unit_price.map_or(Cell::Empty, |price| Cell::Number(price.usage_per_month)),
                figures.customers(plan.customers),
                percent(plan.share),
                figures.revenue(plan.revenue),
                Cell::optional(market.doc.as_deref().map(paragraph).as_deref()),
            ]
        })
        .collect()
}

const STAGES: &[&str] = &["id", "title", "spend", "start_month", "finish_month"];

/// The six stages, in their order.
fn stages(model: &Model, optimised: &Optimised) -> Vec<Vec<Cell>> {
    let figures = Figures::of(model, optimised);
    model
        .stages
        .iter()
        .map(|stage| {
            let times = optimised.schedule.stages[stage.kind as usize];
            vec![
                Cell::text(stage.kind.name()),
                Cell::optional(stage.title.as_deref()),
                figures.money(optimised.solution.stage_spend[stage.kind as usize]),
                figures.month(times.start),
                figures.month(times.finish),
            ]
        })
        .collect()
}

const SCHEDULE: &[&str] = &[
    "kind",
    "stage",
    "id",
    "title",
    "start_month",
    "finish_month",
    "duration_months",
    "start_date",
    "finish_date",
];

/// Each stage, then its tasks and (for `channels`) the opening of each opened channel:
/// the rows of the plan's schedule, all of them. Dates when the strategy has a `start`.
fn schedule(model: &Model, optimised: &Optimised) -> Vec<Vec<Cell>> {
    let figures = Figures::of(model, optimised);
    let times = &optimised.schedule;
    let row = |kind: &str, stage: StageKind, id: &str, title: Option<&str>, start, finish| {
        let date = |months| model.start.map(|start| format::date_after(start, months));
        vec![
            Cell::text(kind),
            Cell::text(stage.name()),
            Cell::text(id),
            Cell::optional(title),
            figures.month(start),
            figures.month(finish),
            figures.month(finish - start),
            Cell::optional(date(start).as_deref()),
            Cell::optional(date(finish).as_deref()),
        ]
    };
    let mut rows = Vec::new();
    for stage in &model.stages {
        let kind = stage.kind;
        let interval = times.stages[kind as usize];
        let name = kind.name();
        rows.push(row(
            "stage",
            kind,
            name,
            stage.title.as_deref(),
            interval.start,
            interval.finish,
        ));
        for (task, interval) in stage.tasks.iter().zip(&times.tasks[kind as usize]) {
            let title = task.title.as_deref();
            rows.push(row(
                "task",
                kind,
                &task.id,
                title,
                interval.start,
                interval.finish,
            ));
        }
        if kind == StageKind::Channels {
            for (channel, opening) in model.channels.iter().zip(&times.channels) {
                if let Some(opening) = opening {
                    let (start, finish) = (opening.open.start, opening.open.finish);
                    let title = channel.title.as_deref();
                    rows.push(row("opening", kind, &channel.id, title, start, finish));
                }
            }
        }
    }
    rows
}

/// The byte order mark that tells spreadsheets the file is UTF-8.
const BOM: char = '\u{FEFF}';

/// The lines as a CSV file: the byte order mark, then each line's cells, separated by
/// commas, ending in CRLF.
fn file(lines: &[Vec<Cell>]) -> String {
    let mut text = String::from(BOM);
    for line in lines {
        let cells: Vec<String> = line.iter().map(cell).collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    text
}

/// A cell as CSV: a number in plain decimals; a text guarded against formulas, and in
/// double quotes (its own doubled) when it holds a comma, a quote or a line break.
fn cell(cell: &Cell) -> String {
    let text = match cell {
        Cell::Number(value) => return format::decimal(*value),
        Cell::Empty => return String::new(),
        Cell::Text(text) => text,
    };
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.clone()
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::{Cell, cell, file};

    #[test]
    fn text_that_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote() {
        for (text, written) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "\"'\rcmd\""),
            ("a=b", "a=b"),
            ("医疗", "医疗"),
        ] {
            assert_eq!(cell(&Cell::text(text)), written, "{text}");
        }
        // A negative number is a number, not a formula.
        assert_eq!(cell(&Cell::Number(-12.5)), "-12.5");
    }

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        assert_eq!(cell(&Cell::text("a, b")), "\"a, b\"");
        assert_eq!(cell(&Cell::text("say \"hi\"")), "\"say \"\"hi\"\"\"");
        assert_eq!(cell(&Cell::text("two\nlines")), "\"two\nlines\"");
        assert_eq!(cell(&Cell::Empty), "");
        assert_eq!(
            file(&[
                vec![Cell::text("id"), Cell::text("x")],
                vec![Cell::text("a"), Cell::Number(0.5)]
            ]),
            "\u{FEFF}id,x\r\na,0.5\r\n"
        );
    }
}
