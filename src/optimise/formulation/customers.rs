//! Customers won and served (contract §5): u_cmo ≤ γ_mo·w_cm, where w_cm is what channel
//! c's spend wins in market m (its split of the shared curve, or m's own curve, times the
//! ramp); u_cmo ≤ cap_m·z_mo; Σ_c,o u_cmo ≤ cap_m. For a channel whose customers could cost
//! the strategy something, customers won are also served: u_cmo ≥ γ_mo·w_cm − M(1 − z_mo)
//! − M·full_m, with full_m = 1 only when the market is full. Other channels are served in
//! full after the solve (see `exact`), which gives the same optimum with fewer rows.

use crate::model::{ChannelId, MarketId, Model};
use crate::optimise::milp::{Affine, Sense, VarId};
use crate::schedule::Schedule;

use super::Formulation;

/// One u_cmo variable: the customers served in market m through channel c under option o.
#[derive(Clone, Debug, PartialEq)]
pub struct Serve {
    pub channel: ChannelId,
    pub market: MarketId,
    pub option: usize,
    pub var: VarId,
    /// γ_mo·w_cm over the channel's segments, in scaled customers: what u may reach.
    pub won: Affine,
    /// The most `won` can be: its value at the channel's largest spend.
    pub most: f64,
}

impl Formulation {
    /// Adds the u_cmo variables and their rows, with the channels' ramps.
    pub(super) fn customers(&mut self, model: &Model, schedule: &Schedule) {
        let cs = self.customer_scale;
        let mut per_market: Vec<Affine> = vec![Affine::default(); model.markets.len()];
        for (index, channel) in model.channels.iter().enumerate() {
            let id = ChannelId(index);
            let ramp = schedule.ramp(id);
            let cap = channel.spend_cap();
            for audience in channel.audiences() {
                let market = &model.markets[audience.market.0];
                let reached = audience.split * ramp;
                let won = self.channel_spend[index].gain(audience.curve, reached / cs);
                let most = reached * audience.curve.value_at(cap) / cs;
                for (option_index, option) in market.options.iter().enumerate() {
                    let won = scaled(&won, option.conversion);
                    let most = option.conversion * most;
                    let big_m = (market.cap() / cs).min(most).max(0.0);
                    let name = format!("{}_{}_{}", channel.id, market.id, option.id);
                    let var = self
                        .milp
                        .add_var(format!("serve_{name}"), 0.0, big_m, false, cs);
                    let mut within = Affine::term(var, 1.0);
                    within.add_scaled(&won, -1.0);
                    self.milp
                        .add_row(format!("won_{name}"), within, Sense::AtMost, 0.0, cs, None);
                    let mut picked = Affine::term(var, 1.0);
                    picked.add_term(self.pick[audience.market.0][option_index], -big_m);
                    self.milp.add_row(
                        format!("picked_{name}"),
                        picked,
                        Sense::AtMost,
                        0.0,
                        cs,
                        None,
                    );
                    per_market[audience.market.0].add_term(var, 1.0);
                    self.serve.push(Serve {
                        channel: id,
                        market: audience.market,
                        option: option_index,
                        var,
                        won,
                        most,
                    });
                }
            }
        }
        for (market, served) in model.markets.iter().zip(per_market) {
            if !served.terms.is_empty() {
                self.milp.add_row(
                    format!("cap_{}", market.id),
                    served,
                    Sense::AtMost,
                    market.cap() / cs,
                    cs,
                    None,
                );
            }
        }
    }

    /// Makes `channel` serve every customer it wins, unless the market is full:
    /// u_cmo ≥ γ_mo·w_cm − M(1 − z_mo) − M·full_m.
    pub(super) fn serve_all_won(&mut self, model: &Model, channel: ChannelId) {
        let cs = self.customer_scale;
        let serves: Vec<Serve> = self
            .serve
            .iter()
            .filter(|serve| serve.channel == channel)
            .cloned()
            .collect();
        for serve in serves {
            let market = &model.markets[serve.market.0];
            let big_m = serve.most;
            let mut served = Affine::term(serve.var, 1.0);
            served.add_scaled(&serve.won, -1.0);
            served.add_term(self.pick[serve.market.0][serve.option], -big_m);
            if let Some(full) = self.full_var(model, serve.market) {
                served.add_term(full, big_m);
            }
            let name = format!(
                "served_{}_{}_{}",
                model.channels[channel.0].id, market.id, market.options[serve.option].id
            );
            self.milp
                .add_row(name, served, Sense::AtLeast, -big_m, cs, None);
        }
    }

    /// full_m, added with its row C_m ≥ cap_m·full_m the first time it is needed; `None`
    /// when the market cannot fill (all its channels at their most win no more than it
    /// holds), so that no channel there may serve fewer than it wins.
    fn full_var(&mut self, model: &Model, market: MarketId) -> Option<VarId> {
        if let Some(full) = self.full[market.0] {
            return Some(full);
        }
        let cap = model.markets[market.0].cap() / self.customer_scale;
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
        let full = self.milp.add_var(format!("full_{id}"), 0.0, 1.0, true, 1.0);
        let mut filled = Affine::term(full, -cap);
        for serve in serves {
            filled.add_term(serve.var, 1.0);
        }
        self.milp.add_row(
            format!("full_{id}"),
            filled,
            Sense::AtLeast,
            0.0,
            self.customer_scale,
            None,
        );
        self.full[market.0] = Some(full);
        Some(full)
    }
}

/// `affine` times `factor`.
fn scaled(affine: &Affine, factor: f64) -> Affine {
    let mut scaled = Affine::default();
    scaled.add_scaled(affine, factor);
    scaled
}
