//! The charts of the plan under uncertainty: a histogram of revenue over the samples, and
//! the P10–P90 band drawn under a response curve.

use std::fmt::Write;

use super::{ACCENT, Frame, GRID, INK, Scale, WARM, open_svg};
use crate::locale::Locale;
use crate::render::templates::escape_html;
use crate::uncertainty::{Fan, Uncertainty};

/// How many bars the histogram has.
const BINS: usize = 24;

/// The revenue of the samples as a histogram, with P10, P50 and P90 marked.
pub fn histogram(uncertainty: &Uncertainty, currency: &str, locale: &Locale) -> String {
    let revenues = &uncertainty.revenues;
    let (low, high) = (
        revenues.first().copied().unwrap_or(0.0),
        revenues.last().copied().unwrap_or(0.0),
    );
    let width = ((high - low) / BINS as f64).max(f64::MIN_POSITIVE);
    let mut counts = [0usize; BINS];
    for &revenue in revenues {
        let bin = (((revenue - low) / width) as usize).min(BINS - 1);
        counts[bin] += 1;
    }
    let tallest = counts.iter().copied().max().unwrap_or(1) as f64;
    let x_label = locale.fill("revenue_in", &[("currency", currency)]);
    let frame = Frame {
        width: super::WIDTH,
        height: 240.0,
        x_scale: Scale::of(high),
        y_scale: Scale::of(tallest),
        x_label: &x_label,
        y_label: locale.text("samples"),
        numbers: &locale.format,
        shares: (false, false),
    };
    let mut svg = open_svg(frame.height, locale.text("revenue_histogram"));
    frame.axes(&mut svg);
    for (bin, &count) in counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let from = low + width * bin as f64;
        let (left, right) = (frame.x(from), frame.x(from + width));
        let top = frame.y(count as f64);
        let _ = write!(
            svg,
            r#"<rect x="{left:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" fill="{ACCENT}" stroke="white"/>"#,
            (right - left).max(0.5),
            frame.y(0.0) - top
        );
    }
    let spread = &uncertainty.revenue;
    for (name, value) in [
        ("P10", spread.p10),
        ("P50", spread.p50),
        ("P90", spread.p90),
    ] {
        let x = frame.x(value);
        let words = locale.money(value, currency);
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="{WARM}" stroke-dasharray="4 3"><title>{name}: {}</title></line><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="{INK}">{name}</text>"#,
            frame.y(0.0),
            frame.y(tallest),
            escape_html(&words),
            frame.y(tallest) - 2.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The band between a curve's P10 and P90 values, flat beyond its last point as the
/// curve is, to the frame's right edge.
pub(super) fn band(frame: &Frame, fan: &Fan) -> String {
    let right = frame.x_scale.max;
    let mut upper: Vec<(f64, f64)> = fan.points.iter().map(|&(x, _, high)| (x, high)).collect();
    let mut lower: Vec<(f64, f64)> = fan.points.iter().map(|&(x, low, _)| (x, low)).collect();
    if let (Some(&(last, high)), Some(&(_, low))) = (upper.last(), lower.last()) {
        if last < right {
            upper.push((right, high));
            lower.push((right, low));
        }
    }
    let points: Vec<String> = upper
        .iter()
        .chain(lower.iter().rev())
        .map(|&(x, y)| format!("{:.1},{:.1}", frame.x(x), frame.y(y)))
        .collect();
    format!(
        r#"<polygon points="{}" fill="{ACCENT}" fill-opacity="0.15" stroke="{GRID}"/>"#,
        points.join(" ")
    )
}

/// The highest value of a band: what the chart's axis must hold.
pub(super) fn top(fan: &Fan) -> f64 {
    fan.points
        .iter()
        .map(|&(_, _, high)| high)
        .fold(0.0, f64::max)
}
