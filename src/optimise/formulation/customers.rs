//! Customers won and served (contract §5): Σ_o u_cmo/γ_mo ≤ w_cm, where w_cm is what
//! channel c's spend wins in market m (its split of the shared curve, or m's own curve,
//! times the ramp); u_cmo ≤ cap_m·z_mo; Σ_c,o u_cmo ≤ cap_m. One option is taken, so the
//! first row is u_cmo ≤ γ_mo·w_cm for that option. That customers won are served is added
//! per solve, where it could matter (see `exact`).

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
            let cap = self.frame.channel_caps[index];
            for audience in channel.audiences() {
                let market = &model.markets[audience.market.0];
                let reached = audience.split * ramp;
                let won = self.channel_spend[index].gain(audience.curve, reached / cs);
                let most = reached * audience.curve.value_at(cap) / cs;
                // One option of the market is taken, so the customers of all its options
                // share what the spend wins: Σ_o u_cmo/γ_mo ≤ w_cm, scaled by the largest
                // conversion (with one option, u_cmo ≤ γ_mo·w_cm). Held per option, a
                // relaxation that takes half of each option counts every customer won
                // twice, and the solver branches on prices for long to close that gap.
                let reference = market
                    .options
                    .iter()
                    .map(|option| option.conversion)
                    .fold(0.0, f64::max);
                let mut within = Affine::default();
                within.add_scaled(&won, -reference);
                for (option_index, option) in market.options.iter().enumerate() {
                    let won = scaled(&won, option.conversion);
                    let most = option.conversion * most;
                    let big_m = (market.cap() / cs).min(most).max(0.0);
                    let name = format!("{}_{}_{}", channel.id, market.id, option.id);
                    let var = self
                        .milp
                        .add_var(format!("serve_{name}"), 0.0, big_m, false, cs);
                    if option.conversion > 0.0 {
                        within.add_term(var, reference / option.conversion);
                    }
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
                if reference > 0.0 {
                    self.milp.add_row(
                        format!("won_{}_{}", channel.id, market.id),
                        within,
                        Sense::AtMost,
                        0.0,
                        cs,
                        None,
                    );
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
}

/// `affine` times `factor`.
fn scaled(affine: &Affine, factor: f64) -> Affine {
    let mut scaled = Affine::default();
    scaled.add_scaled(affine, factor);
    scaled
}

#[cfg(test)]
mod tests {
    use crate::check::model_of;
    use crate::model::Var;
    use crate::optimise::formulation::Formulation;
    use crate::optimise::milp::{self, Direction, Goal, Outcome, Request, SolverOptions};
    use crate::schedule::Schedule;

    #[test]
    fn a_relaxed_choice_of_price_counts_each_customer_won_once() {
        // 30k USD of a curve worth 300 customers at 90k wins 100 customers; `usage`
        // converts 120% of them. Half of each option must not serve 100 + 120.
        let model = model_of(
            "strategy \"T\" { currency USD; horizon 12 months; budget 30k USD }
             market m { size 10k customers }
             pricing m {
               option flat { price 100 USD/month }
               option usage { price 80 USD/month; conversion 120% }
             }
             channel a { reaches m; response { 90k USD => 300 customers } }
             objective maximize customers",
        );
        let formulation = Formulation::new(&model, &Schedule::of(&model).unwrap());
        let mut relaxed = formulation.milp.clone();
        relaxed.vars.iter_mut().for_each(|var| var.integer = false);
        let goal = Goal {
            direction: Direction::Maximize,
            expr: formulation.var_affine(&model, Var::Customers),
            scale: 1.0,
        };
        let request = Request {
            goal: &goal,
            keep: &|_| true,
        };
        let Outcome::Optimal(values) = milp::solve(&relaxed, &request, SolverOptions::default())
        else {
            panic!("the relaxation has an optimum")
        };
        let customers = goal.expr.value(&values) * formulation.customer_scale;
        assert!((customers - 120.0).abs() < 1e-6, "{customers} customers");
    }
}
