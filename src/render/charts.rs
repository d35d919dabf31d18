//! The HTML plan's charts as inline SVG: where the money goes, each channel's response
//! curve with the chosen spend, the schedule as a Gantt chart, and the Pareto frontier.
//!
//! Coordinates are written with one decimal, and every label goes through [`format`], so
//! the same plan draws the same bytes.

mod tornado;
mod uncertainty;

use std::fmt::Write;

use crate::format;
use crate::locale::Locale;
use crate::model::{Channel, Curve, Model, Quantity, StageKind};
use crate::optimise::{ChannelPlan, FrontierPoint, Optimised};

use super::report::{MAX_ROWS, RowKind, ScheduleRow, is_share, unspent};
use super::templates::escape_html;
use crate::uncertainty::Fan;

use super::text::truncated;
pub use tornado::tornado;
pub use uncertainty::histogram;

/// Chart text and lines: the page's colours, so charts match the page and print.
const INK: &str = "#1f2933";
const MUTED: &str = "#7b8794";
const GRID: &str = "#e4e7eb";
const ACCENT: &str = "#2f6fdf";
const WARM: &str = "#e8833a";

/// The width of every chart, in SVG units (charts scale to the page).
const WIDTH: f64 = 720.0;

/// The width of the labels left of the bars of the spend and Gantt charts, in SVG units.
const LABEL_WIDTH: f64 = 190.0;

/// The most display columns a label left of a bar takes: at the charts' 12-unit font a
/// Chinese character (two columns) is 12 units wide, a Latin capital up to 8.5 in common
/// fonts (DejaVu Sans, where system fonts lack one) and the ellipsis up to 12, so 20
/// columns of either fit in [`LABEL_WIDTH`] with a few units free before the bar.
const LABEL_COLUMNS: usize = 20;

/// A bar of the spend chart.
struct Bar {
    label: String,
    value: f64,
    colour: &'static str,
}

/// Where the budget goes: a bar per opened channel (setup and promotion; past
/// [`MAX_ROWS`] channels, one bar for the rest), service, iteration, the tasks' fixed
/// costs and what is left.
pub fn spend(model: &Model, optimised: &Optimised, locale: &Locale) -> String {
    let solution = &optimised.solution;
    let opened: Vec<Bar> = model
        .channels
        .iter()
        .zip(&solution.channels)
        .filter(|(_, plan)| plan.active)
        .map(|(channel, plan)| Bar {
            label: channel.label().to_string(),
            value: plan.spend + plan.setup,
            colour: ACCENT,
        })
        .collect();
    let mut bars = opened;
    if bars.len() > MAX_ROWS {
        let rest = bars.split_off(MAX_ROWS - 1);
        bars.push(Bar {
            label: locale.fill(
                "more_channels",
                &[("count", &format::number(rest.len() as f64))],
            ),
            value: rest.iter().map(|bar| bar.value).sum(),
            colour: ACCENT,
        });
    }
    for (label, value) in [
        (
            locale.stage(model.stage(StageKind::Service)),
            solution.service_spend,
        ),
        (
            locale.stage(model.stage(StageKind::Iteration)),
            solution.iteration_spend,
        ),
        (locale.text("tasks").to_string(), model.fixed_costs()),
    ] {
        bars.push(Bar {
            label,
            value,
            colour: WARM,
        });
    }
    bars.push(Bar {
        label: locale.text("left").to_string(),
        value: unspent(model.budget.value, solution.metrics.spend),
        colour: GRID,
    });
    bar_chart(&bars, &model.currency, model.budget.value, locale)
}

/// Horizontal bars on a scale from zero to `full`.
fn bar_chart(bars: &[Bar], unit: &str, full: f64, locale: &Locale) -> String {
    let (label_width, row, value_width) = (LABEL_WIDTH, 26.0, 110.0);
    let plot = WIDTH - label_width - value_width;
    let height = row * bars.len() as f64 + 8.0;
    let full = bars
        .iter()
        .map(|bar| bar.value)
        .fold(full, f64::max)
        .max(1.0);
    let mut svg = open_svg(height, &locale.fill("chart_spend", &[("currency", unit)]));
    for (index, bar) in bars.iter().enumerate() {
        let y = 4.0 + row * index as f64;
        let width = (bar.value / full * plot).max(0.0);
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="{INK}">{}</text>"#,
            label_width - 8.0,
            y + 16.0,
            fitted(&bar.label)
        );
        let _ = write!(
            svg,
            r#"<rect x="{label_width:.1}" y="{:.1}" width="{width:.1}" height="18" rx="2" fill="{}"/>"#,
            y + 3.0,
            bar.colour
        );
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" fill="{INK}">{} {}</text>"#,
            label_width + width + 6.0,
            y + 16.0,
            locale.format.compact(bar.value),
            escape_html(unit)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One of a channel's response curves (customers won against promotion spend, before the
/// ramp and the split), flat beyond its last point, with the plan's spend marked and,
/// when its points are uncertain, the P10–P90 band of the samples under it; `market` is
/// what a person calls the market whose own curve it is.
pub fn response(
    model: &Model,
    channel: &Channel,
    (curve, fan): (&Curve, Option<&Fan>),
    market: Option<&str>,
    plan: &ChannelPlan,
    locale: &Locale,
) -> String {
    let currency = &model.currency;
    let x_max = channel.spend_cap().max(plan.spend).max(1.0);
    let y_max = curve.last_value().max(fan.map_or(0.0, uncertainty::top));
    let x_label = locale.fill("spend_in", &[("currency", currency)]);
    let frame = Frame {
        width: 360.0,
        height: 220.0,
        x_scale: Scale::of(x_max),
        y_scale: Scale::of(y_max),
        x_label: &x_label,
        y_label: locale.text("customers"),
        numbers: &locale.format,
        shares: (false, false),
    };
    let title = match market {
        Some(market) => locale.fill(
            "chart_response_market",
            &[("id", channel.label()), ("market", market)],
        ),
        None => locale.fill("chart_response", &[("id", channel.label())]),
    };
    let mut svg = open_svg_sized(frame.width, frame.height, &title);
    frame.axes(&mut svg);
    if let Some(fan) = fan {
        svg.push_str(&uncertainty::band(&frame, fan));
    }
    let right = frame.x_scale.max;
    let mut path: Vec<String> = curve
        .with_origin()
        .map(|point| format!("{:.1},{:.1}", frame.x(point.spend), frame.y(point.value)))
        .collect();
    if curve.last_spend() < right {
        path.push(format!(
            "{:.1},{:.1}",
            frame.x(right),
            frame.y(curve.last_value())
        ));
    }
    let _ = write!(
        svg,
        r#"<polyline points="{}" fill="none" stroke="{ACCENT}" stroke-width="2"/>"#,
        path.join(" ")
    );
    let chosen = (plan.spend, curve.value_at(plan.spend));
    let (x, y) = (frame.x(chosen.0), frame.y(chosen.1));
    let chosen_words = locale.fill(
        "chart_chosen",
        &[
            ("spend", &locale.money(chosen.0, currency)),
            ("customers", &locale.format.compact(chosen.1)),
        ],
    );
    let _ = write!(
        svg,
        r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{y:.1}" stroke="{WARM}" stroke-dasharray="4 3"/><circle cx="{x:.1}" cy="{y:.1}" r="5" fill="{WARM}"><title>{}</title></circle>"#,
        frame.y(0.0),
        escape_html(&chosen_words)
    );
    let anchor = if x > frame.width * 0.6 {
        "end"
    } else {
        "start"
    };
    let offset = if anchor == "end" { -8.0 } else { 8.0 };
    let _ = write!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="{anchor}" fill="{INK}">{} {}</text>"#,
        x + offset,
        (y - 8.0).max(12.0),
        locale.format.compact(chosen.0),
        escape_html(currency)
    );
    svg.push_str("</svg>");
    svg
}

/// The schedule as a Gantt chart: a row per row of the report's schedule, months across,
/// the horizon dashed.
pub fn gantt(rows: &[ScheduleRow], horizon: f64, locale: &Locale) -> String {
    let (label_width, row) = (LABEL_WIDTH, 22.0);
    let finish = rows
        .iter()
        .map(|row| row.months.finish)
        .fold(horizon, f64::max);
    let months = Scale::of(finish);
    let plot = WIDTH - label_width - 20.0;
    let top = 24.0;
    let height = top + row * rows.len() as f64 + 8.0;
    let x = |month: f64| label_width + month / months.max * plot;
    let mut svg = open_svg(height, locale.text("chart_schedule"));
    for tick in months.ticks() {
        let _ = write!(
            svg,
            r#"<line x1="{0:.1}" y1="{top:.1}" x2="{0:.1}" y2="{height:.1}" stroke="{GRID}"/><text x="{0:.1}" y="14" text-anchor="middle" fill="{MUTED}">{1}</text>"#,
            x(tick),
            format::number(tick)
        );
    }
    for (index, entry) in rows.iter().enumerate() {
        let y = top + row * index as f64;
        let (colour, weight) = if entry.kind == RowKind::Stage {
            (INK, "bold")
        } else {
            (ACCENT, "normal")
        };
        let (start, finish) = (entry.months.start, entry.months.finish);
        let bar = locale.fill(
            "chart_bar",
            &[
                ("name", &entry.label),
                ("start", &format::months(start)),
                ("finish", &format::months(finish)),
            ],
        );
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-weight="{weight}" fill="{INK}">{}</text><rect x="{:.1}" y="{:.1}" width="{:.1}" height="14" rx="2" fill="{colour}"><title>{}</title></rect>"#,
            label_width - 8.0,
            y + 15.0,
            fitted(&entry.label),
            x(start),
            y + 4.0,
            (x(finish) - x(start)).max(2.0),
            escape_html(&bar)
        );
    }
    let at = x(horizon);
    let horizon_words = locale.fill("chart_horizon", &[("month", &format::number(horizon))]);
    let _ = write!(
        svg,
        r#"<line x1="{at:.1}" y1="{:.1}" x2="{at:.1}" y2="{height:.1}" stroke="{WARM}" stroke-width="2" stroke-dasharray="6 4"><title>{}</title></line>"#,
        top - 4.0,
        escape_html(&horizon_words)
    );
    svg.push_str("</svg>");
    svg
}

/// The Pareto frontier: `first` across, `second` up, the points joined in order.
pub fn pareto(
    points: &[FrontierPoint],
    first: &Quantity,
    second: &Quantity,
    locale: &Locale,
) -> String {
    let (first_share, second_share) = (is_share(&first.expr), is_share(&second.expr));
    let (first, second) = (first.text.as_str(), second.text.as_str());
    let words = |value: f64, share: bool| {
        if share {
            format::percent(value)
        } else {
            locale.format.compact(value)
        }
    };
    let x_max = points.iter().map(|point| point.first).fold(0.0, f64::max);
    let y_max = points.iter().map(|point| point.second).fold(0.0, f64::max);
    let frame = Frame {
        width: WIDTH,
        height: 320.0,
        x_scale: Scale::of(x_max),
        y_scale: Scale::of(y_max),
        x_label: first,
        y_label: second,
        numbers: &locale.format,
        shares: (first_share, second_share),
    };
    let mut svg = open_svg_sized(
        frame.width,
        frame.height,
        &locale.fill("chart_pareto", &[("first", first), ("second", second)]),
    );
    frame.axes(&mut svg);
    let path: Vec<String> = points
        .iter()
        .map(|point| format!("{:.1},{:.1}", frame.x(point.first), frame.y(point.second)))
        .collect();
    let _ = write!(
        svg,
        r#"<polyline points="{}" fill="none" stroke="{ACCENT}" stroke-width="2"/>"#,
        path.join(" ")
    );
    for point in points {
        let _ = write!(
            svg,
            r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{ACCENT}"><title>{}: {}, {}: {}</title></circle>"#,
            frame.x(point.first),
            frame.y(point.second),
            escape_html(first),
            words(point.first, first_share),
            escape_html(second),
            words(point.second, second_share)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// An axis from zero to a round maximum, with round ticks.
#[derive(Clone, Copy)]
struct Scale {
    max: f64,
    step: f64,
}

impl Scale {
    /// The scale from zero that holds `largest`, in steps of 1, 2 or 5 times a power of ten.
    fn of(largest: f64) -> Scale {
        let largest = if largest.is_finite() && largest > 0.0 {
            largest
        } else {
            1.0
        };
        let rough = largest / 5.0;
        let power = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|factor| factor * power)
            .find(|step| *step >= rough)
            .unwrap_or(10.0 * power);
        // A figure a hair above a tick is the solver's rounding (a spend of
        // 200000.0000001 at a 200k cap): it ends the axis at that tick.
        let steps = (largest / step * (1.0 - format::NOISE)).ceil();
        Scale {
            max: steps * step,
            step,
        }
    }

    /// The tick values from zero to the maximum.
    fn ticks(self) -> impl Iterator<Item = f64> {
        let count = (self.max / self.step).round() as usize;
        (0..=count).map(move |index| index as f64 * self.step)
    }
}

/// A plotting area with two axes from zero.
struct Frame<'a> {
    width: f64,
    height: f64,
    x_scale: Scale,
    y_scale: Scale,
    x_label: &'a str,
    y_label: &'a str,
    /// How the tick labels are written.
    numbers: &'a format::Notation,
    /// Whether each axis (x, y) is a share, whose ticks are percents.
    shares: (bool, bool),
}

/// The margins of a framed chart: left for the y ticks, bottom for the x ticks and label.
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;

impl Frame<'_> {
    fn x(&self, value: f64) -> f64 {
        LEFT + value / self.x_scale.max * (self.width - LEFT - RIGHT)
    }

    fn y(&self, value: f64) -> f64 {
        self.height - BOTTOM - value / self.y_scale.max * (self.height - TOP - BOTTOM)
    }

    /// A tick's label: a percent on a share's axis.
    fn tick(&self, value: f64, share: bool) -> String {
        if share {
            format::percent(value)
        } else {
            self.numbers.compact(value)
        }
    }

    /// Grid lines, tick labels and axis labels.
    fn axes(&self, svg: &mut String) {
        let (bottom, right) = (self.y(0.0), self.x(self.x_scale.max));
        for tick in self.x_scale.ticks() {
            // The last label ends at the axis's end: centred there, a wide one such as
            // `3000万` ran past the chart's edge and was cut.
            let anchor = if tick >= self.x_scale.max {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                svg,
                r#"<line x1="{0:.1}" y1="{TOP:.1}" x2="{0:.1}" y2="{bottom:.1}" stroke="{GRID}"/><text x="{0:.1}" y="{1:.1}" text-anchor="{anchor}" fill="{MUTED}">{2}</text>"#,
                self.x(tick),
                bottom + 14.0,
                self.tick(tick, self.shares.0)
            );
        }
        for tick in self.y_scale.ticks() {
            let _ = write!(
                svg,
                r#"<line x1="{LEFT:.1}" y1="{0:.1}" x2="{right:.1}" y2="{0:.1}" stroke="{GRID}"/><text x="{1:.1}" y="{2:.1}" text-anchor="end" fill="{MUTED}">{3}</text>"#,
                self.y(tick),
                LEFT - 6.0,
                self.y(tick) + 4.0,
                self.tick(tick, self.shares.1)
            );
        }
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{INK}">{}</text><text x="12" y="{:.1}" text-anchor="middle" fill="{INK}" transform="rotate(-90 12 {:.1})">{}</text>"#,
            (LEFT + right) / 2.0,
            self.height - 6.0,
            escape_html(self.x_label),
            (TOP + bottom) / 2.0,
            (TOP + bottom) / 2.0,
            escape_html(self.y_label)
        );
    }
}

/// The content of a `<text>` element for a label left of a bar: the label, escaped, or
/// when it is longer than [`LABEL_COLUMNS`] its start and `…`, with the whole label as a
/// tooltip.
fn fitted(label: &str) -> String {
    match truncated(label, LABEL_COLUMNS) {
        Some(cut) => format!("{}<title>{}</title>", escape_html(&cut), escape_html(label)),
        None => escape_html(label),
    }
}

/// The opening tag of a chart `WIDTH` wide, with `title` for screen readers.
fn open_svg(height: f64, title: &str) -> String {
    open_svg_sized(WIDTH, height, title)
}

fn open_svg_sized(width: f64, height: f64, title: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {height:.0}" role="img" font-size="12"><title>{}</title>"#,
        escape_html(title)
    )
}

#[cfg(test)]
mod tests {
    use super::Scale;

    #[test]
    fn scales_end_on_round_numbers() {
        let scale = Scale::of(700_000.0);
        assert_eq!((scale.max, scale.step), (800_000.0, 200_000.0));
        let scale = Scale::of(12.0);
        assert_eq!((scale.max, scale.step), (15.0, 5.0));
        assert_eq!(Scale::of(0.0).max, 1.0);
        assert_eq!(Scale::of(0.0496).ticks().count(), 6);
    }

    #[test]
    fn a_figure_a_rounding_above_a_tick_ends_the_axis_there() {
        // A spend the solver puts at 200000.0000001 against a 200k cap.
        assert_eq!(Scale::of(200_000.000_000_1).max, 200_000.0);
        assert_eq!(Scale::of(300_000.000_001).max, 300_000.0);
        assert_eq!(Scale::of(200_001.0).max, 250_000.0);
    }
}
