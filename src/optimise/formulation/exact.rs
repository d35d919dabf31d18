//! Keeping each solve exact (contract §5, version 2): customers are what the spend brings
//! (a curve's segments fill in order) and customers won are served unless the market is
//! full.
//!
//! Concavity alone fills segments in order only where more of a curve's output never
//! hurts the solve's goal or its rows. So, for each solve, `monotonicity` finds the curves
//! whose output that goal or a requirement could want less of, and only those get ordering
//! binaries and, for channels, rows that serve what is won:
//! u_cmo ≥ γ_mo·w_cm − M(1 − z_mo) − M·full_m, with full_m = 1 only when the market is
//! full. The other curves are settled after the solve: where a customer is worth exactly
//! nothing a solver may fill a flatter segment first or serve fewer than it wins (a tie),
//! and filling the segments in order at the same spend and serving what is won (up to what
//! the market holds) keeps every row and loses nothing, which the analysis proved.

use crate::model::{ChannelId, MarketId, Model};
use crate::optimise::milp::{Affine, Goal, Milp, Sense, VarId};
use crate::optimise::monotonicity::{self, FewerCouldPay};

use super::Formulation;
use super::samples::SampleExactness;

/// Which curves one solve's program keeps exact by rows and binaries.
#[derive(Clone, Debug, PartialEq)]
pub struct Exactness {
    pub fewer: FewerCouldPay,
    /// full_m, by market, where the program has it.
    pub full: Vec<Option<VarId>>,
    /// A robust program's samples, each kept exact on its own.
    samples: Vec<SampleExactness>,
}

/// Room this small in a market, in scaled customers, counts as full.
const FULL_TOLERANCE: f64 = 1e-9;

impl Formulation {
    /// `milp` (this formulation's program, with any rows added) made exact for `goal`, and
    /// what it keeps exact.
    pub fn exact_program(&self, model: &Model, milp: &Milp, goal: &Goal) -> (Milp, Exactness) {
        let fewer = monotonicity::fewer_could_pay(self, milp, goal);
        let mut program = milp.clone();
        let mut full = vec![None; model.markets.len()];
        for (index, could) in fewer.channels.iter().enumerate() {
            if *could {
                let name = format!("spend_{}", model.channels[index].id);
                self.channel_spend[index].order(&mut program, &name);
                self.serve_all_won(model, ChannelId(index), &mut program, &mut full);
            }
        }
        for (curve, could, stage) in [
            (&self.service, fewer.service, "service"),
            (&self.iteration, fewer.iteration, "iteration"),
        ] {
            if let Some(curve) = curve.as_ref().filter(|_| could) {
                curve
                    .segments
                    .order(&mut program, &format!("spend_{stage}"));
            }
        }
        let samples = self.exact_samples(&mut program, goal);
        let exactness = Exactness {
            fewer,
            full,
            samples,
        };
        (program, exactness)
    }

    /// Makes `channel` serve every customer it wins, unless the market is full:
    /// u_cmo ≥ γ_mo·w_cm − M(1 − z_mo) − M·full_m.
    fn serve_all_won(
        &self,
        model: &Model,
        channel: ChannelId,
        milp: &mut Milp,
        full: &mut [Option<VarId>],
    ) {
        for serve in self.serve.iter().filter(|serve| serve.channel == channel) {
            let market = &model.markets[serve.market.0];
            let big_m = serve.most;
            let mut served = Affine::term(serve.var, 1.0);
            served.add_scaled(&serve.won, -1.0);
            served.add_term(self.pick[serve.market.0][serve.option], -big_m);
            if let Some(full) = self.full_var(model, serve.market, milp, full) {
                served.add_term(full, big_m);
            }
            let name = format!(
                "served_{}_{}_{}",
                model.channels[channel.0].id, market.id, market.options[serve.option].id
            );
            milp.add_row(
                name,
                served,
                Sense::AtLeast,
                -big_m,
                self.customer_scale,
                None,
            );
        }
    }

    /// full_m, added with its row C_m ≥ cap_m·full_m the first time it is needed; `None`
    /// when the market cannot fill (all its channels at their most win no more than it
    /// holds), so that no channel there may serve fewer than it wins.
    fn full_var(
        &self,
        model: &Model,
        market: MarketId,
        milp: &mut Milp,
        full: &mut [Option<VarId>],
    ) -> Option<VarId> {
        if let Some(full) = full[market.0] {
            return Some(full);
        }
        let cap = self.market_caps[market.0];
        let serves = self.serve.iter().filter(|serve| serve.market == market);
        // One option of the market is chosen: each channel brings at most its largest.
        let mut most_by_channel: Vec<(ChannelId, f64)> = Vec::new();
        for serve in serves.clone() {
            match most_by_channel.last_mut() {
                Some((channel, most)) if *channel == serve.channel => *most = most.max(serve.most),
                _ => most_by_channel.push((serve.channel, serve.most)),
            }
        }
        if most_by_channel.iter().map(|(_, most)| most).sum::<f64>() <= cap {
            return None;
        }
        let id = &model.markets[market.0].id;
        let var = milp.add_var(format!("full_{id}"), 0.0, 1.0, true, 1.0);
        let mut filled = Affine::term(var, -cap);
        for serve in serves {
            filled.add_term(serve.var, 1.0);
        }
        milp.add_row(
            format!("full_{id}"),
            filled,
            Sense::AtLeast,
            0.0,
            self.customer_scale,
            None,
        );
        full[market.0] = Some(var);
        Some(var)
    }

    /// Makes the values of a solve of a program made exact by `exactness` exact where it
    /// left them free: each curve it did not order filled in order at the same spend, and
    /// each channel it did not make serve what it wins serving it, up to what its market
    /// holds.
    pub fn settle(&self, values: &mut [f64], exactness: &Exactness) {
        let fewer = &exactness.fewer;
        for (segments, exact) in self.channel_spend.iter().zip(&fewer.channels) {
            if !exact {
                segments.fill_in_order(values);
            }
        }
        for (curve, exact) in [
            (&self.service, fewer.service),
            (&self.iteration, fewer.iteration),
        ] {
            if let Some(curve) = curve.as_ref().filter(|_| !exact) {
                curve.segments.fill_in_order(values);
            }
        }
        self.serve_what_is_won(values, exactness);
        self.settle_samples(values, &exactness.samples);
    }

    fn serve_what_is_won(&self, values: &mut [f64], exactness: &Exactness) {
        let mut room = self.market_caps.clone();
        for serve in &self.serve {
            room[serve.market.0] -= values[serve.var.0];
        }
        for serve in &self.serve {
            let chosen = values[self.pick[serve.market.0][serve.option].0] >= 0.5;
            if exactness.fewer.channels[serve.channel.0] || !chosen {
                continue;
            }
            let raise = (serve.won.value(values) - values[serve.var.0])
                .min(room[serve.market.0])
                .max(0.0);
            values[serve.var.0] += raise;
            room[serve.market.0] -= raise;
        }
        for (full, room) in exactness.full.iter().zip(room) {
            if let Some(VarId(full)) = full {
                values[*full] = if room <= FULL_TOLERANCE { 1.0 } else { 0.0 };
            }
        }
    }
}
