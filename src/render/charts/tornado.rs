//! The tornado chart: a row per range, a bar from the objective at the most likely values
//! to the objective with the range at its low end (warm) and at its high end (accent).

use std::fmt::Write;

use super::{ACCENT, GRID, INK, LABEL_WIDTH, MUTED, WARM, WIDTH, fitted, open_svg};
use crate::locale::Locale;
use crate::model::Model;
use crate::optimise::tornado::Tornado;

/// The height of one range's row.
const ROW: f64 = 26.0;
/// Room right of the bars for the widest value label.
const VALUE_WIDTH: f64 = 70.0;

/// The tornado of `model`'s plan as an SVG chart; ends without a plan draw no bar.
pub fn tornado(model: &Model, tornado: &Tornado, locale: &Locale) -> String {
    let centre = tornado.centre;
    let ends = tornado
        .swings
        .iter()
        .flat_map(|swing| [swing.at_low, swing.at_high])
        .flatten();
    let low = ends.clone().fold(centre, f64::min);
    let high = ends.fold(centre, f64::max);
    let span = (high - low).max(f64::MIN_POSITIVE);
    let (left, plot) = (
        LABEL_WIDTH + VALUE_WIDTH,
        WIDTH - LABEL_WIDTH - 2.0 * VALUE_WIDTH,
    );
    let x = |value: f64| left + (value - low) / span * plot;
    let height = ROW * tornado.swings.len() as f64 + 8.0;
    let mut svg = open_svg(height, locale.text("tornado_chart"));
    for (index, swing) in tornado.swings.iter().enumerate() {
        let y = 4.0 + ROW * index as f64;
        // The page sets names in backticks as code, which an SVG text cannot hold.
        let label = model.uncertain[swing.input]
            .label(model, locale)
            .replace('`', "");
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="{INK}">{}</text>"#,
            LABEL_WIDTH - 8.0,
            y + 16.0,
            fitted(&label)
        );
        for (at, colour) in [(swing.at_low, WARM), (swing.at_high, ACCENT)] {
            let Some(at) = at else { continue };
            let (from, to) = (x(centre.min(at)), x(centre.max(at)));
            let _ = write!(
                svg,
                r#"<rect x="{from:.1}" y="{:.1}" width="{:.1}" height="18" fill="{colour}" opacity="0.85"/>"#,
                y + 3.0,
                (to - from).max(0.5)
            );
            let (anchor, text_x) = if at < centre {
                ("end", from - 4.0)
            } else {
                ("start", to + 4.0)
            };
            let _ = write!(
                svg,
                r#"<text x="{text_x:.1}" y="{:.1}" text-anchor="{anchor}" fill="{MUTED}">{}</text>"#,
                y + 16.0,
                locale.format.compact(at)
            );
        }
    }
    let _ = write!(
        svg,
        r#"<line x1="{0:.1}" y1="0" x2="{0:.1}" y2="{height:.1}" stroke="{INK}"/><line x1="{left:.1}" y1="{height:.1}" x2="{1:.1}" y2="{height:.1}" stroke="{GRID}"/>"#,
        x(centre),
        left + plot
    );
    svg.push_str("</svg>");
    svg
}
