//! The JSON plan's numbers without the solver's rounding: a figure smaller in magnitude
//! than a billionth of the largest figure of its kind is written as 0 (contract §6), so
//! that a closed channel spends 0, not `-1.78e-10`.
//!
//! The largest figure of a kind is known only once the whole plan is put together, so a
//! [`Figure`] keeps its raw value and a reference to its kind's [`Scale`], and is cleaned
//! when it is written.

use std::cell::Cell;

use serde::{Serialize, Serializer};

use crate::format;

/// The largest magnitude of one kind of figure in a plan, raised by every figure made
/// through it.
#[derive(Default)]
pub(super) struct Scale {
    largest: Cell<f64>,
}

impl Scale {
    /// A figure of this kind.
    pub(super) fn figure(&self, value: f64) -> Figure<'_> {
        if value.is_finite() {
            self.largest.set(self.largest.get().max(value.abs()));
        }
        Figure {
            value,
            scale: self,
            step: 1.0,
        }
    }

    /// A rate of this kind per unit of something that moved by `step`: noise when the
    /// change it makes over the step is noise beside the kind's largest figure. It does
    /// not raise the largest figure.
    pub(super) fn rate(&self, value: f64, step: f64) -> Figure<'_> {
        Figure {
            value,
            scale: self,
            step: step.abs(),
        }
    }
}

/// The kinds of figure in a plan, each measured against its own largest figure.
#[derive(Default)]
pub(super) struct Scales {
    /// Budget, spend and setup, in currency units.
    pub money: Scale,
    pub customers: Scale,
    /// Revenue per year.
    pub revenue: Scale,
    /// Shares of markets, as fractions.
    pub share: Scale,
    /// The horizon, go-lives, starts and finishes.
    pub months: Scale,
}

/// A number of the plan, written as 0 when it is noise beside its kind's largest figure.
#[derive(Clone, Copy)]
pub(super) struct Figure<'s> {
    value: f64,
    scale: &'s Scale,
    /// What the value is multiplied by before it is compared (1 for a figure, the step
    /// for a rate).
    step: f64,
}

impl Serialize for Figure<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let cleaned = format::without_noise(self.value * self.step, self.scale.largest.get());
        let value = if cleaned == 0.0 { 0.0 } else { self.value };
        value.serialize(serializer)
    }
}

/// A figure is a number in the schema, like the `f64` it holds.
#[cfg(test)]
impl schemars::JsonSchema for Figure<'_> {
    fn inline_schema() -> bool {
        f64::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        f64::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        f64::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::Scales;

    #[test]
    fn a_figure_is_noise_only_beside_a_large_figure_of_its_kind() {
        let scales = Scales::default();
        let noise = scales.money.figure(-1.78e-10);
        let alone = scales.customers.figure(-1.78e-10);
        let _budget = scales.money.figure(700_000.0);
        assert_eq!(serde_json::to_string(&noise).unwrap(), "0.0");
        assert_eq!(serde_json::to_string(&alone).unwrap(), "-1.78e-10");
        let _customers = scales.customers.figure(600.0);
        let per_dollar = scales.customers.rate(2.9e-4, 7_000.0);
        let noise_per_dollar = scales.customers.rate(-1.5e-13, 7_000.0);
        assert_eq!(serde_json::to_string(&per_dollar).unwrap(), "0.00029");
        assert_eq!(serde_json::to_string(&noise_per_dollar).unwrap(), "0.0");
    }
}
