//! Why a channel is closed (contract §5): build the plan again with it forced open (at its
//! spend minimum or more), and say what that costs, or which requirements stop it. Each
//! explanation is a whole build, so at most [`EXPLAINED`] are made: those of the channels
//! closest to opening.

use crate::model::{ChannelId, Curve, Model};

use super::rebuild::{Change, Headline, Omitted, Rebuild};
use super::solution::Solution;

/// A channel the plan leaves closed, and what opening it would do.
#[derive(Clone, Debug, PartialEq)]
pub struct ClosedChannel {
    pub channel: ChannelId,
    /// The plan built again with the channel forced open.
    pub forced_open: Rebuild,
    /// How the objective and each metric move from the plan to the forced one; `None`
    /// when it cannot be opened.
    pub change: Option<Change>,
}

impl ClosedChannel {
    /// The explanation of `channel`, from the plan `plan` and the plan with it forced open.
    pub fn of(channel: ChannelId, forced_open: Rebuild, plan: &Headline) -> ClosedChannel {
        let change = forced_open
            .headline()
            .map(|after| Change::between(plan, after, 1.0));
        ClosedChannel {
            channel,
            forced_open,
            change,
        }
    }

    /// Whether it is left unexplained because it is not among the [`EXPLAINED`] closest
    /// to opening (one the time limit stopped says so on its own).
    pub fn left_out(&self) -> bool {
        self.forced_open == Rebuild::NotComputed(Omitted::NotClosestToOpening)
    }
}

/// At most this many closed channels are explained: each explanation is a whole build.
pub const EXPLAINED: usize = 20;

/// The channels `solution` leaves closed, in declaration order.
pub fn closed(model: &Model, solution: &Solution) -> Vec<ChannelId> {
    (0..model.channels.len())
        .map(ChannelId)
        .filter(|channel| !solution.channels[channel.0].active)
        .collect()
}

/// The closed channels to explain: all of `closed`, or the [`EXPLAINED`] closest to
/// opening, by [`return_on_money`] (in declaration order among equals).
pub fn to_explain(model: &Model, solution: &Solution, closed: &[ChannelId]) -> Vec<ChannelId> {
    let mut ranked = closed.to_vec();
    ranked.sort_by(|a, b| {
        let (a, b) = (
            return_on_money(model, solution, *a),
            return_on_money(model, solution, *b),
        );
        b.total_cmp(&a)
    });
    ranked.truncate(EXPLAINED);
    ranked
}

/// The most annual revenue a unit of money opening `channel` could bring, before caps and
/// constraints: at each spend point of its curves, what it wins in every market (ramp,
/// split, the best option's price times conversion, net of its revenue share), over its
/// setup and that spend.
fn return_on_money(model: &Model, solution: &Solution, channel: ChannelId) -> f64 {
    let found = &model.channels[channel.0];
    let ramp = solution.channels[channel.0].ramp;
    let worth: Vec<(&Curve, f64)> = found
        .audiences()
        .map(|audience| {
            let best = model.markets[audience.market.0]
                .options
                .iter()
                .map(|option| option.monthly_price * option.conversion)
                .fold(0.0, f64::max);
            let per_customer = 12.0 * best * (1.0 - found.revenue_share) * audience.split * ramp;
            (audience.curve, per_customer)
        })
        .collect();
    found
        .curves()
        .flat_map(|curve| curve.points.iter().map(|point| point.spend))
        .filter(|&spend| spend <= found.spend_cap())
        .map(|spend| {
            let revenue: f64 = worth
                .iter()
                .map(|(curve, per_customer)| curve.value_at(spend) * per_customer)
                .sum();
            revenue / (found.setup + spend).max(f64::MIN_POSITIVE)
        })
        .fold(0.0, f64::max)
}
