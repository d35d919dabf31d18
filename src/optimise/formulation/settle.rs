//! Settling a solve: where the program leaves a curve free (no ordering binaries, no rows
//! that serve what is won), the values a solver returns may fill a flatter segment first or
//! serve fewer customers than the spend wins, whenever that costs nothing (a tie). The
//! monotonicity analysis proved that more of those curves' output never hurts, so filling
//! their segments in order and serving what they win keeps every row and loses nothing:
//! the settled values are an optimum of the exact model of contract §5.

use crate::optimise::milp::VarId;

use super::Formulation;

/// Room this small in a market, in scaled customers, counts as full.
const FULL_TOLERANCE: f64 = 1e-9;

impl Formulation {
    /// Makes the values of a solve exact where the program leaves them free: each curve
    /// without ordering binaries filled in order at the same spend, and each channel whose
    /// customers are not served by rows serving what it wins, up to what its market holds.
    pub fn settle(&self, values: &mut [f64]) {
        for (segments, exact) in self.channel_spend.iter().zip(&self.exact_channels) {
            if !exact {
                segments.fill_in_order(values);
            }
        }
        for curve in self.service.iter().chain(&self.iteration) {
            if curve.segments.order.is_empty() {
                curve.segments.fill_in_order(values);
            }
        }
        self.serve_what_is_won(values);
    }

    fn serve_what_is_won(&self, values: &mut [f64]) {
        let mut room = self.market_caps.clone();
        for serve in &self.serve {
            room[serve.market.0] -= values[serve.var.0];
        }
        for serve in &self.serve {
            let chosen = values[self.pick[serve.market.0][serve.option].0] >= 0.5;
            if self.exact_channels[serve.channel.0] || !chosen {
                continue;
            }
            let raise = (serve.won.value(values) - values[serve.var.0])
                .min(room[serve.market.0])
                .max(0.0);
            values[serve.var.0] += raise;
            room[serve.market.0] -= raise;
        }
        for (full, room) in self.full.iter().zip(room) {
            if let Some(VarId(full)) = full {
                values[*full] = if room <= FULL_TOLERANCE { 1.0 } else { 0.0 };
            }
        }
    }
}
