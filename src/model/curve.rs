//! Response curves: what a spend brings, as a concave piecewise-linear function.

/// A point of a response curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    pub spend: f64,
    pub value: f64,
}

/// A piecewise-linear response curve: from (0, `base`) through its points, in order of
/// increasing spend, and flat beyond the last point. A checked curve is concave (its
/// slopes never rise) and never falls.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Curve {
    /// The value at zero spend: 0 for customers, the block's `base` for satisfaction and tech.
    pub base: f64,
    pub points: Vec<CurvePoint>,
}

impl Curve {
    /// The curve from (0, `base`) through `points`.
    pub fn new(base: f64, points: Vec<CurvePoint>) -> Curve {
        Curve { base, points }
    }

    /// Whether the curve has no point (a channel with per-market curves only has no
    /// shared one).
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The spend of the last point, beyond which more spend brings nothing.
    pub fn last_spend(&self) -> f64 {
        self.points.last().map_or(0.0, |point| point.spend)
    }

    /// The value at the last point: the most the curve gives.
    pub fn last_value(&self) -> f64 {
        self.points.last().map_or(self.base, |point| point.value)
    }

    /// The points with the origin (0, base) in front.
    pub fn with_origin(&self) -> impl Iterator<Item = CurvePoint> + '_ {
        std::iter::once(CurvePoint {
            spend: 0.0,
            value: self.base,
        })
        .chain(self.points.iter().copied())
    }

    /// The value at `spend`: interpolated between points, flat beyond the last.
    pub fn value_at(&self, spend: f64) -> f64 {
        let mut previous = CurvePoint {
            spend: 0.0,
            value: self.base,
        };
        for point in &self.points {
            if spend <= point.spend {
                let width = point.spend - previous.spend;
                if width <= 0.0 {
                    return point.value;
                }
                let along = (spend - previous.spend).max(0.0) / width;
                return previous.value + (point.value - previous.value) * along;
            }
            previous = *point;
        }
        previous.value
    }

    /// The slope of each segment from the point before (the origin for the first): the
    /// value added per unit of spend.
    pub fn slopes(&self) -> Vec<f64> {
        let points: Vec<CurvePoint> = self.with_origin().collect();
        points
            .windows(2)
            .map(|pair| (pair[1].value - pair[0].value) / (pair[1].spend - pair[0].spend))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(base: f64, raw: &[(f64, f64)]) -> Curve {
        Curve::new(
            base,
            raw.iter()
                .map(|&(spend, value)| CurvePoint { spend, value })
                .collect(),
        )
    }

    #[test]
    fn values_interpolate_and_stay_flat_beyond_the_last_point() {
        let aws = curve(0.0, &[(50e3, 60.0), (150e3, 140.0), (400e3, 220.0)]);
        assert_eq!(aws.value_at(0.0), 0.0);
        assert_eq!(aws.value_at(25e3), 30.0);
        assert_eq!(aws.value_at(100e3), 100.0);
        assert_eq!(aws.value_at(400e3), 220.0);
        assert_eq!(aws.value_at(1e6), 220.0);
        assert_eq!(aws.slopes(), vec![60.0 / 50e3, 80.0 / 100e3, 80.0 / 250e3]);
        assert_eq!((aws.last_spend(), aws.last_value()), (400e3, 220.0));
    }

    #[test]
    fn a_curve_with_a_base_starts_there() {
        let satisfaction = curve(3.4, &[(40e3, 4.0), (120e3, 4.4)]);
        assert_eq!(satisfaction.value_at(0.0), 3.4);
        assert!((satisfaction.value_at(20e3) - 3.7).abs() < 1e-12);
        assert!((satisfaction.slopes()[0] - 0.6 / 40e3).abs() < 1e-18);
        assert_eq!(Curve::default().last_value(), 0.0);
    }
}
