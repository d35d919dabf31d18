//! The frame of a program: the scales its values are held in and its spends' caps.
//!
//! Money is scaled to units near a hundredth of the budget's magnitude and customers to a
//! hundredth of the largest market's, so that the solver sees numbers near 1.

use crate::model::Model;

/// The scales and spend caps of a program. A robust program's samples are built in the
/// frame of the most likely model, so that the decisions they share mean one thing.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub money_scale: f64,
    pub customer_scale: f64,
    /// hi_c, by channel.
    pub channel_caps: Vec<f64>,
    /// The last spend point of the satisfaction and of the tech curve (0 without one).
    pub service_cap: f64,
    pub iteration_cap: f64,
}

impl Frame {
    /// The frame of `model` itself.
    pub fn of(model: &Model) -> Frame {
        let largest_market = model
            .markets
            .iter()
            .map(|market| market.cap())
            .fold(0.0, f64::max);
        Frame {
            money_scale: scale_for(model.budget.value),
            customer_scale: scale_for(largest_market),
            channel_caps: model.channels.iter().map(|c| c.spend_cap()).collect(),
            service_cap: model
                .satisfaction
                .as_ref()
                .map_or(0.0, |block| block.curve.last_spend()),
            iteration_cap: model
                .tech
                .as_ref()
                .map_or(0.0, |block| block.curve.last_spend()),
        }
    }
}

/// A power of ten near a hundredth of `magnitude`, and at least 1.
pub fn scale_for(magnitude: f64) -> f64 {
    if magnitude <= 100.0 {
        return 1.0;
    }
    10f64.powf(magnitude.log10().floor() - 2.0)
}
