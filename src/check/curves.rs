//! Response curves: spend points strictly increasing from above zero, values never
//! falling, and concave (slopes never rising), so that the optimiser's segments fill in
//! order.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Curve, Loc};

/// Relative slack for comparing slopes, so that a curve written as a straight line is
/// not rejected for rounding.
const SLOPE_TOLERANCE: f64 = 1e-9;

/// Checks a curve. `locs` are where each point was written; `what` names the curve in
/// messages ("the response of `aws`").
pub fn check(curve: &Curve, locs: &[Loc], what: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let points: Vec<_> = curve.with_origin().collect();
    let mut previous_slope = f64::INFINITY;
    for (index, ((pair, slope), loc)) in points.windows(2).zip(curve.slopes()).zip(locs).enumerate()
    {
        let (previous, point) = (pair[0], pair[1]);
        let number = index + 1;
        let error = |code, message: String, label: &str, help: &str| {
            Diagnostic::error(code, message)
                .with_label(loc.file, loc.span, label)
                .with_help(help)
        };
        if point.spend <= previous.spend {
            let (code, message, label, help) = if index == 0 {
                (
                    Code::CurveStartsAtZero,
                    format!("the first point of {what} does not spend more than zero"),
                    "the first point must spend more than zero",
                    "the curve starts at zero spend by itself; begin with the first spend above zero",
                )
            } else {
                (
                    Code::CurveSpendNotIncreasing,
                    format!("point {number} of {what} does not spend more than the one before"),
                    "spend must be larger than at the point before",
                    "list the points in order of strictly increasing spend",
                )
            };
            diagnostics.push(error(code, message, label, help));
            // Slopes after a bad point mean nothing.
            return diagnostics;
        }
        if point.value < previous.value {
            diagnostics.push(error(
                Code::CurveDecreases,
                format!("{what} decreases at point {number}"),
                "lower than the point before",
                "more spend never gives less; make each value at least the one before",
            ));
        } else if slope > previous_slope * (1.0 + SLOPE_TOLERANCE) {
            diagnostics.push(error(
                Code::CurveNotConcave,
                format!("{what} is not concave: its slope rises at point {number}"),
                "the slope into this point is steeper than the one before",
                "returns must diminish: each point must add no more per unit of spend than the \
                 segment before it; lower this value or raise the earlier ones",
            ));
        }
        previous_slope = slope;
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CurvePoint;
    use crate::source::{FileId, Span};

    fn points(raw: &[(f64, f64)], origin: f64) -> (Curve, Vec<Loc>) {
        let curve = Curve::new(
            origin,
            raw.iter()
                .map(|&(spend, value)| CurvePoint { spend, value })
                .collect(),
        );
        let locs = (0..raw.len())
            .map(|i| Loc {
                file: FileId(0),
                span: Span::new(i, i + 1),
            })
            .collect();
        (curve, locs)
    }

    fn codes(raw: &[(f64, f64)], origin: f64) -> Vec<Code> {
        let (curve, locs) = points(raw, origin);
        check(&curve, &locs, "the curve")
            .iter()
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn the_contract_curves_are_fine() {
        assert!(codes(&[(50e3, 60.0), (150e3, 140.0), (400e3, 220.0)], 0.0).is_empty());
        assert!(codes(&[(40e3, 4.0), (120e3, 4.4)], 3.4).is_empty());
        assert!(
            codes(&[(10.0, 10.0), (20.0, 20.0)], 0.0).is_empty(),
            "a straight line is concave"
        );
    }

    #[test]
    fn each_rule_has_its_code() {
        assert_eq!(codes(&[(0.0, 1.0)], 0.0), [Code::CurveStartsAtZero]);
        assert_eq!(
            codes(&[(10.0, 1.0), (10.0, 2.0)], 0.0),
            [Code::CurveSpendNotIncreasing]
        );
        assert_eq!(
            codes(&[(10.0, 5.0), (20.0, 4.0)], 0.0),
            [Code::CurveDecreases]
        );
        assert_eq!(
            codes(&[(10.0, 1.0), (20.0, 5.0)], 0.0),
            [Code::CurveNotConcave]
        );
        assert_eq!(codes(&[(10.0, 3.0)], 3.4), [Code::CurveDecreases]);
    }

    #[test]
    fn the_point_where_the_slope_rises_is_named() {
        let (curve, locs) = points(&[(10.0, 10.0), (20.0, 15.0), (30.0, 25.0)], 0.0);
        let diagnostics = check(&curve, &locs, "the curve");
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("point 3"));
        assert_eq!(diagnostics[0].labels[0].span, Span::new(2, 3));
    }
}
