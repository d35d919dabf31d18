//! The numbers the solver can hold faithfully (error E0410).
//!
//! The formulation scales money to about a hundredth of the budget and customers to about
//! a hundredth of the largest market, and the solvers work to absolute tolerances near
//! 1e-9 on the scaled values. Measured with microlp: a market of 10,000B customers
//! (`size 10000B customers`) made a 150-customer response curve a few billionths of a
//! unit, which the solver took for zero ("optimal", revenue 0); `price 1e305 USD/month`
//! made revenue infinite. So:
//!
//! - every number, in the units the plan shows it in (currency units, customers, months,
//!   plain numbers; rates such as prices per year), is zero or has a magnitude between
//!   1e-6 and 1e12; a rate per customer (a satisfaction `load`) between 1e-12 and 1e6,
//!   since it multiplies a count of customers;
//! - a count of customers (a market's customers after competitors, a response value, a
//!   customers bound in a constraint) is zero or at least a hundred-millionth of the
//!   largest market's: the solver would see a smaller one as zero (it lost them at about a
//!   hundred-billionth);
//! - an amount of money is at most a hundred million times the budget, and a response
//!   curve's step in spend (from zero to its first point, and between points) at least a
//!   hundred-millionth of it: a step of 1e-6 USD in a budget of 1000B, or a spend point
//!   1e11 times the budget, made microlp fail outright;
//! - a response value is at most 10,000 times the largest market's customers: the
//!   formulation's big-M rows grow with it.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Dim;
use crate::source::{FileId, Span};

use super::Elaborator;

/// The smallest magnitude a number other than zero may have, in the units the plan shows.
pub const SMALLEST: f64 = 1e-6;

/// The largest magnitude a number may have, in the units the plan shows.
pub const LARGEST: f64 = 1e12;

/// How small a count of customers may be beside the largest market's.
pub const CUSTOMERS_BESIDE_LARGEST: f64 = 1e-8;

/// How small a market's customers (after competitors) may be beside the largest market's:
/// each market's bound is a coefficient in the rows that also hold the curves' big-Ms,
/// and microlp failed on a market of 0.08 customers beside one of 2M.
pub const MARKET_BESIDE_LARGEST: f64 = 1e-6;

/// How many times the largest market's customers a response value may be: the
/// formulation's big-M rows grow with a curve's last value, and microlp failed on a curve
/// a million times the largest market.
pub const CURVE_BESIDE_LARGEST: f64 = 1e4;

/// How many times the budget an amount of money may be: microlp failed on a response
/// curve's spend point 1e11 times a budget of a thousandth of a dollar.
pub const AMOUNT_BESIDE_BUDGET: f64 = 1e8;

/// How small a response curve's step in spend may be beside the budget.
pub const SPEND_STEP_BESIDE_BUDGET: f64 = 1e-8;

/// The smallest magnitude an amount of money or a count of customers other than zero may
/// have: the solver counts both in units of at least one, and its tolerances (about 1e-8
/// in practice) made a budget of 3e-6 USD come out 1.5% wrong.
pub const SMALLEST_AMOUNT: f64 = 1e-4;

/// The magnitudes a value of dimension `dim` may have: [`SMALLEST_AMOUNT`] to [`LARGEST`]
/// for money, customers and rates of them; a million times smaller for a rate per customer;
/// [`SMALLEST`] to [`LARGEST`] for durations and plain numbers.
fn range(dim: Dim) -> (f64, f64) {
    if dim.customers < 0 {
        (SMALLEST * 1e-6, LARGEST * 1e-6)
    } else if dim.money != 0 || dim.customers != 0 {
        (SMALLEST_AMOUNT, LARGEST)
    } else {
        (SMALLEST, LARGEST)
    }
}

/// A number for a message: `0.25`, `4.2e13`, `1e-9`.
pub fn spelled(value: f64) -> String {
    if value == 0.0 || (1e-3..1e7).contains(&value.abs()) {
        return crate::format::number(value);
    }
    if !value.is_finite() {
        return "more than any number".into();
    }
    let text = format!("{value:.2e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    format!("{mantissa}e{exponent}")
}

impl Elaborator<'_> {
    /// Whether `value` (normalised, of dimension `dim`) is a number the solver holds
    /// faithfully; reports it at `span` when it is not. `what` names it: "`price`".
    pub(super) fn representable(
        &mut self,
        value: f64,
        dim: Dim,
        file: FileId,
        span: Span,
        what: &str,
    ) -> bool {
        let shown = value * dim.display_factor();
        let (smallest, largest) = range(dim);
        // NaN is too large too: it comes from an infinity.
        let too_large = shown.is_nan() || shown.abs() > largest;
        if shown == 0.0 || (!too_large && shown.abs() >= smallest) {
            return true;
        }
        let unit = self.unit_text(dim);
        let with_unit = |number: f64| format!("{} {unit}", spelled(number)).trim_end().to_string();
        let (message, label) = if too_large {
            (
                format!("{what} is too large for the solver: {}", with_unit(shown)),
                format!("above {}", with_unit(largest)),
            )
        } else {
            (
                format!("{what} is too small for the solver: {}", with_unit(shown)),
                format!("below {}", with_unit(smallest)),
            )
        };
        self.diagnostics.push(
            Diagnostic::error(Code::Unrepresentable, message)
                .with_label(file, span, label)
                .with_help(format!(
                    "the solver holds numbers from {} to {} of their unit (or zero) faithfully: {}",
                    spelled(smallest),
                    spelled(largest),
                    if too_large {
                        "check the suffix (`B` is a billion, `亿` a hundred million) and the unit"
                    } else {
                        "write zero, or check the unit"
                    }
                )),
        );
        false
    }

    /// The largest market's customers after competitors, and its name.
    fn largest_market(&self) -> Option<(f64, &str)> {
        self.markets
            .iter()
            .map(|market| (market.cap(), market.id.as_str()))
            .filter(|(cap, _)| cap.is_finite())
            .max_by(|a, b| a.0.total_cmp(&b.0))
    }

    /// Whether `customers` is zero or not too small beside the largest market; reports it
    /// at `span` when it is.
    pub(super) fn countable(
        &mut self,
        customers: f64,
        file: FileId,
        span: Span,
        what: &str,
    ) -> bool {
        self.countable_beside(customers, CUSTOMERS_BESIDE_LARGEST, file, span, what)
    }

    /// Whether `customers` is zero or at least `ratio` times the largest market's.
    fn countable_beside(
        &mut self,
        customers: f64,
        ratio: f64,
        file: FileId,
        span: Span,
        what: &str,
    ) -> bool {
        let Some((largest, market)) = self.largest_market() else {
            return true;
        };
        if customers == 0.0 || customers.abs() >= ratio * largest {
            return true;
        }
        let market = market.to_string();
        self.diagnostics.push(
            Diagnostic::error(
                Code::Unrepresentable,
                format!(
                    "{what} of {} customers is too small for the solver beside market `{market}` ({} customers)",
                    spelled(customers),
                    spelled(largest)
                ),
            )
            .with_label(file, span, format!("below {} times the largest market", spelled(ratio)))
            .with_help(
                "the solver counts customers in hundredths of the largest market and would take this for zero: size markets by the customers the strategy can reach",
            ),
        );
        false
    }

    /// Whether an amount of money is at most [`AMOUNT_BESIDE_BUDGET`] times the budget;
    /// reports it at `span` when it is not. `what` names it: "`setup`".
    pub(super) fn affordable(&mut self, amount: f64, file: FileId, span: Span, what: &str) -> bool {
        let Some(budget) = self.budget.filter(|budget| *budget > 0.0) else {
            return true;
        };
        if amount.abs() <= AMOUNT_BESIDE_BUDGET * budget {
            return true;
        }
        let currency = self.currency.clone().unwrap_or_default();
        self.diagnostics.push(
            Diagnostic::error(
                Code::Unrepresentable,
                format!(
                    "{what} of {} {currency} is too large for the solver beside the budget ({} {currency})",
                    spelled(amount),
                    spelled(budget)
                ),
            )
            .with_label(file, span, "above a hundred million times the budget")
            .with_help("the solver counts money in hundredths of the budget: check the suffix and the budget"),
        );
        false
    }

    /// Whether a response curve's step in spend (from the point before, or from zero) is
    /// not too small beside the budget: the solver would give the segment a slope it
    /// cannot hold. A step that is not positive is E0402's, not this.
    pub(super) fn spend_step(&mut self, step: f64, file: FileId, span: Span) -> bool {
        let Some(budget) = self.budget.filter(|budget| *budget > 0.0) else {
            return true;
        };
        if step <= 0.0 || step >= SPEND_STEP_BESIDE_BUDGET * budget {
            return true;
        }
        let currency = self.currency.clone().unwrap_or_default();
        self.diagnostics.push(
            Diagnostic::error(
                Code::Unrepresentable,
                format!(
                    "this response point's step in spend, {} {currency} (from the point before, or from zero), is too small for the solver beside the budget ({} {currency})",
                    spelled(step),
                    spelled(budget)
                ),
            )
            .with_label(file, span, "a step below a hundred-millionth of the budget")
            .with_help(
                "the solver counts money in hundredths of the budget, and a step this small would give the curve a slope it cannot hold: space the points further apart",
            ),
        );
        false
    }

    /// Whether a response value of `customers` is at most [`CURVE_BESIDE_LARGEST`] times
    /// the largest market's customers; reports it at `span` when it is not.
    pub(super) fn within_markets(&mut self, customers: f64, file: FileId, span: Span) -> bool {
        let Some((largest, market)) = self.largest_market().filter(|(largest, _)| *largest > 0.0)
        else {
            return true;
        };
        if customers <= CURVE_BESIDE_LARGEST * largest {
            return true;
        }
        let market = market.to_string();
        self.diagnostics.push(
            Diagnostic::error(
                Code::Unrepresentable,
                format!(
                    "a response value of {} customers is too large for the solver beside market `{market}` ({} customers)",
                    spelled(customers),
                    spelled(largest)
                ),
            )
            .with_label(file, span, "above 10,000 times the largest market")
            .with_help(
                "a curve cannot win more customers than its markets hold; check the suffix and the markets' sizes",
            ),
        );
        false
    }

    /// Checks each market's customers after competitors: not too few (competitors may
    /// leave a sliver of a market), and not too few beside the largest market's. (Its size
    /// is checked as it is read.)
    pub(super) fn check_market_sizes(&mut self) {
        for index in 0..self.markets.len() {
            let market = &self.markets[index];
            let (cap, loc) = (market.cap(), market.loc);
            let what = format!("market `{}`, after competitors,", market.id);
            if cap.abs() < SMALLEST_AMOUNT {
                self.representable(cap, Dim::CUSTOMERS, loc.file, loc.span, &what);
            } else {
                self.countable_beside(cap, MARKET_BESIDE_LARGEST, loc.file, loc.span, &what);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::spelled;

    #[test]
    fn numbers_in_messages_are_short() {
        assert_eq!(spelled(0.25), "0.25");
        assert_eq!(spelled(1e13), "1e13");
        assert_eq!(spelled(1.2345e305), "1.23e305");
        assert_eq!(spelled(-4e-9), "-4e-9");
        assert_eq!(spelled(f64::INFINITY), "more than any number");
    }
}
