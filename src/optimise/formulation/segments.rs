//! A spend along response curves: x = Σ_k δ_k, one variable per segment between
//! breakpoints, and, where the strategy could prefer a later segment to an earlier one,
//! binaries that make the segments fill in order.
//!
//! A channel with several curves (a shared one and markets' own) has one spend and one set
//! of segments: the breakpoints are every curve's spend points, so each curve is linear
//! on each segment, with a slope of its own there.

use crate::model::Curve;
use crate::optimise::milp::{Affine, Milp, Sense, VarId};

/// The segment variables of one spend.
#[derive(Clone, Debug, PartialEq)]
pub struct Segments {
    /// The spend x, in scaled money.
    pub spend: VarId,
    /// δ_k, by segment.
    pub vars: Vec<VarId>,
    /// The spend at the end of each segment, in currency units.
    pub ends: Vec<f64>,
    /// Currency units per unit of scaled money.
    money_scale: f64,
}

impl Segments {
    /// Adds the spend `name` (at most `cap`) along `curves` to `milp`: the spend, a variable
    /// per segment, and the row x = Σ_k δ_k. The breakpoints are the curves' spend points
    /// below `cap`, and `cap`.
    pub fn add(
        milp: &mut Milp,
        name: &str,
        curves: &[&Curve],
        cap: f64,
        money_scale: f64,
    ) -> Segments {
        let spend = milp.add_var(name.to_string(), 0.0, cap / money_scale, false, money_scale);
        let ends = breakpoints(curves, cap);
        let mut sum = Affine::term(spend, 1.0);
        let mut start = 0.0;
        let mut vars = Vec::with_capacity(ends.len());
        for (k, &end) in ends.iter().enumerate() {
            let width = (end - start) / money_scale;
            start = end;
            let var = milp.add_var(
                format!("{name}_seg{}", k + 1),
                0.0,
                width,
                false,
                money_scale,
            );
            sum.add_term(var, -1.0);
            vars.push(var);
        }
        milp.add_row(
            format!("segments_{}", name.trim_start_matches("spend_")),
            sum,
            Sense::Equal,
            0.0,
            money_scale,
            None,
        );
        Segments {
            spend,
            vars,
            ends,
            money_scale,
        }
    }

    /// The width of segment k, in scaled money.
    pub fn width(&self, k: usize) -> f64 {
        let start = if k == 0 { 0.0 } else { self.ends[k - 1] };
        (self.ends[k] - start) / self.money_scale
    }

    /// Σ_k slope_k δ_k for `curve`: its value above its base, per unit of scaled money
    /// along each segment, times `factor`.
    pub fn gain(&self, curve: &Curve, factor: f64) -> Affine {
        let mut gain = Affine::default();
        let mut start = 0.0;
        for (&var, &end) in self.vars.iter().zip(&self.ends) {
            let slope = (curve.value_at(end) - curve.value_at(start)) / (end - start);
            start = end;
            gain.add_term(var, factor * slope * self.money_scale);
        }
        gain.merged()
    }

    /// Adds binaries that fill the segments in order: b_k = 1 only when δ_k is full
    /// (δ_k ≥ width_k·b_k), and δ_(k+1) > 0 only when b_k = 1 (δ_(k+1) ≤ width_(k+1)·b_k);
    /// returns them.
    pub fn order(&self, milp: &mut Milp, name: &str) -> Vec<VarId> {
        let mut order = Vec::new();
        for k in 0..self.vars.len().saturating_sub(1) {
            let filled = milp.add_var(format!("{name}_seg{}_full", k + 1), 0.0, 1.0, true, 1.0);
            let mut full = Affine::term(self.vars[k], 1.0);
            full.add_term(filled, -self.width(k));
            milp.add_row(
                format!("{name}_seg{}_full", k + 1),
                full,
                Sense::AtLeast,
                0.0,
                self.money_scale,
                None,
            );
            let mut next = Affine::term(self.vars[k + 1], 1.0);
            next.add_term(filled, -self.width(k + 1));
            milp.add_row(
                format!("{name}_seg{}_after", k + 2),
                next,
                Sense::AtMost,
                0.0,
                self.money_scale,
                None,
            );
            order.push(filled);
        }
        order
    }

    /// Puts the spend of `values` into the segments in order, each filled before the next;
    /// says whether anything moved.
    pub fn fill_in_order(&self, values: &mut [f64]) -> bool {
        let mut left = values[self.spend.0];
        let mut moved = false;
        for (k, var) in self.vars.iter().enumerate() {
            let filled = left.clamp(0.0, self.width(k));
            left -= filled;
            moved |= (values[var.0] - filled).abs() > ORDER_TOLERANCE * self.width(k).max(1.0);
            values[var.0] = filled;
        }
        moved
    }
}

/// How far a segment's value may stray from in-order filling and still count as in order,
/// relative to its width: the solver's rounding.
const ORDER_TOLERANCE: f64 = 1e-9;

/// The ends of the segments of a spend of at most `cap` along `curves`: each spend point
/// below `cap`, then `cap` (none when `cap` is zero).
fn breakpoints(curves: &[&Curve], cap: f64) -> Vec<f64> {
    let mut ends: Vec<f64> = curves
        .iter()
        .flat_map(|curve| curve.points.iter().map(|point| point.spend))
        .filter(|&spend| spend < cap)
        .collect();
    if cap > 0.0 {
        ends.push(cap);
    }
    ends.sort_by(f64::total_cmp);
    ends.dedup();
    ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CurvePoint;

    fn curve(raw: &[(f64, f64)]) -> Curve {
        Curve::new(
            0.0,
            raw.iter()
                .map(|&(spend, value)| CurvePoint { spend, value })
                .collect(),
        )
    }

    #[test]
    fn curves_share_the_union_of_their_breakpoints() {
        let shared = curve(&[(500e3, 300.0), (1.5e6, 700.0)]);
        let finance = curve(&[(200e3, 5.0), (500e3, 12.0)]);
        let mut milp = Milp::default();
        let segments = Segments::add(&mut milp, "spend_aliyun", &[&shared, &finance], 1.5e6, 1e4);
        assert_eq!(segments.ends, vec![200e3, 500e3, 1.5e6]);
        // The shared curve has one slope on its first two segments; finance is flat after
        // its last point.
        let gain = segments.gain(&finance, 1.0);
        let slopes: Vec<f64> = gain.terms.iter().map(|(_, slope)| *slope).collect();
        assert_eq!(slopes, vec![5.0 / 200e3 * 1e4, 7.0 / 300e3 * 1e4]);
        let gain = segments.gain(&shared, 0.5);
        assert_eq!(gain.terms.len(), 3);
        assert!((gain.terms[0].1 - gain.terms[1].1).abs() < 1e-12);
    }

    #[test]
    fn a_cap_below_the_last_point_ends_the_segments() {
        let aws = curve(&[(50e3, 60.0), (150e3, 140.0), (400e3, 220.0)]);
        let mut milp = Milp::default();
        let segments = Segments::add(&mut milp, "spend_aws", &[&aws], 300e3, 1e3);
        assert_eq!(segments.ends, vec![50e3, 150e3, 300e3]);
        assert_eq!(segments.width(2), 150.0);
        let nothing = Segments::add(&mut milp, "spend_none", &[&aws], 0.0, 1e3);
        assert!(nothing.vars.is_empty());
    }

    #[test]
    fn filling_in_order_moves_spend_to_the_earlier_segments() {
        let aws = curve(&[(50e3, 60.0), (150e3, 140.0)]);
        let mut milp = Milp::default();
        let segments = Segments::add(&mut milp, "spend_aws", &[&aws], 150e3, 1e3);
        let mut values = vec![0.0; milp.vars.len()];
        values[segments.spend.0] = 60.0;
        values[segments.vars[1].0] = 60.0;
        assert!(segments.fill_in_order(&mut values));
        assert_eq!(
            (values[segments.vars[0].0], values[segments.vars[1].0]),
            (50.0, 10.0)
        );
        assert!(!segments.fill_in_order(&mut values), "already in order");
    }
}
