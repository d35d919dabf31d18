//! Why a channel is closed (contract §5): build the plan again with it forced open (at its
//! spend minimum or more), and say what that costs, or which requirements stop it.

use crate::model::ChannelId;

use super::rebuild::{Change, Headline, Rebuild};

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
}
