//! Prices: what one customer pays a month under an option, from its `price` and `usage`.
//!
//! A price is money per time (`2k USD/month`), or money per a count unit the strategy
//! declares (`0.012 USD per 1k tokens`) beside a `usage` in that unit per time (`40M
//! tokens/month`); the monthly price is then the price times the usage (contract §1).

use super::Elaborator;
use crate::check::expr::Typed;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{CountUnitId, Dim, MarketId, Target, UnitPrice};
use crate::source::FileId;
use crate::syntax::ast::{self, ExprKind, UnitWord};

/// A statement's value as written, with the file that holds it (an archetype's may be in
/// another file than the option's).
#[derive(Clone, Copy)]
pub(super) struct Written<'e> {
    pub expr: &'e ast::Expr,
    pub file: FileId,
}

/// A price as the model holds it: per month, and the unit price it came from if any.
pub(super) struct Priced {
    pub monthly: f64,
    pub unit_price: Option<UnitPrice>,
}

impl Elaborator<'_> {
    /// The price of an option (or a market's `price` shorthand) from its `price` and
    /// `usage`; `None` (reported) when they do not make a price per month.
    /// `at` is the market and the index of the option, what a range in them sets.
    pub(super) fn priced(
        &mut self,
        price: Written,
        usage: Option<Written>,
        (market, option): (MarketId, usize),
    ) -> Option<Priced> {
        let price_value = self.guess(Target::Price { market, option }, |elaborator| {
            elaborator.written_constant(price, "price")
        })?;
        let usage_value = match usage {
            Some(usage) => {
                let value = self.guess(Target::Usage { market, option }, |elaborator| {
                    elaborator.written_constant(usage, "usage")
                });
                Some((value?, usage))
            }
            None => None,
        };
        if price_value.dim == Dim::MONEY_RATE {
            if let Some((_, usage)) = usage_value {
                self.usage_without_unit_price(price, usage);
                return None;
            }
            let monthly = self.non_negative(price_value.expr.constant, price, "price")?;
            let shown = self.representable(
                monthly,
                Dim::MONEY_RATE,
                price.file,
                price.expr.span,
                "`price`",
            );
            return shown.then_some(Priced {
                monthly,
                unit_price: None,
            });
        }
        let Some(unit) = per_count_unit(price_value.dim) else {
            self.diagnostics
                .push(self.not_a_price(price, price_value.dim));
            return None;
        };
        let Some((usage_value, usage)) = usage_value else {
            self.price_needs_usage(price, unit);
            return None;
        };
        let wanted = Dim::count(unit).per(Dim::TIME);
        if usage_value.dim != wanted {
            self.usage_does_not_cancel(price, usage, usage_value.dim, unit);
            return None;
        }
        let per_unit = self.non_negative(price_value.expr.constant, price, "price")?;
        let usage_per_month = self.non_negative(usage_value.expr.constant, usage, "usage")?;
        let monthly = per_unit * usage_per_month;
        let what = "`price` times `usage`";
        if !self.representable(monthly, Dim::MONEY_RATE, price.file, price.expr.span, what) {
            return None;
        }
        let per = written_per(price.expr);
        Some(Priced {
            monthly,
            unit_price: Some(UnitPrice {
                amount: per_unit * per,
                per,
                unit,
                usage_per_month,
            }),
        })
    }

    fn written_constant(&mut self, written: Written, what: &str) -> Option<Typed> {
        let mut diagnostics = Vec::new();
        let typed = self.constant_scope(written.file).constant_of_any_dimension(
            written.expr,
            what,
            &mut diagnostics,
        );
        self.diagnostics.extend(diagnostics);
        typed
    }

    fn non_negative(&mut self, value: f64, written: Written, what: &str) -> Option<f64> {
        if value >= 0.0 {
            return Some(value);
        }
        self.error(
            Code::OutOfRange,
            format!("`{what}` cannot be negative"),
            written.file,
            written.expr.span,
            "below zero",
            format!("give `{what}` a value of zero or more"),
        );
        None
    }

    /// The number of a literal as written (`0.02` of `0.02 CNY per customer`), or `N`.
    fn number_of(&self, written: Written) -> String {
        self.constant_scope(written.file)
            .respelled(written.expr, Dim::PLAIN)
            .unwrap_or_else(|| "N".into())
    }

    /// The plural of a declared count unit, for examples: the first the strategy declares,
    /// or `calls` with how to declare it.
    fn example_unit(&self) -> (String, String, &'static str) {
        match self.program.names.units.iter().next() {
            Some(unit) => (unit.singular.clone(), unit.plural.clone(), ""),
            None => ("call".into(), "calls".into(), ", after `unit calls`"),
        }
    }

    /// A price of a dimension that is neither money per time nor money per a count unit:
    /// `0.02 CNY per customer`, `2k USD`.
    fn not_a_price(&self, price: Written, found: Dim) -> Diagnostic {
        let currency = self.currency.clone().unwrap_or_else(|| "USD".into());
        let number = self.number_of(price);
        let (singular, plural, declare) = self.example_unit();
        let already = if found.customers < 0 {
            "a price is per customer already: "
        } else {
            ""
        };
        let found = self.words(found);
        Diagnostic::error(
            Code::WrongDimension,
            format!("`price` needs money per time or money per a count unit, but this is {found}"),
        )
        .with_label(price.file, price.expr.span, format!("this is {found}"))
        .with_help(format!(
            "{already}write what one customer pays a month or a year (`{number} {currency}/month`), \
             or a price per a count unit beside a `usage` (`price 0.02 {currency} per \
             {singular}; usage 2k {plural}/month`{declare})"
        ))
    }

    fn price_needs_usage(&mut self, price: Written, unit: CountUnitId) {
        let unit = self.program.names.units.get(unit);
        let (singular, plural) = (unit.singular.clone(), unit.plural.clone());
        self.error(
            Code::PriceNeedsUsage,
            format!(
                "`price` is per {singular}, but nothing says how many {plural} a customer uses"
            ),
            price.file,
            price.expr.span,
            &format!("a price per {singular}"),
            format!(
                "add `usage N {plural}/month`, the {plural} one customer uses a month; the \
                 monthly price is the price times the usage"
            ),
        );
    }

    fn usage_does_not_cancel(
        &mut self,
        price: Written,
        usage: Written,
        found: Dim,
        unit: CountUnitId,
    ) {
        let unit = self.program.names.units.get(unit);
        let (singular, plural) = (unit.singular.clone(), unit.plural.clone());
        let number = self.number_of(usage);
        let found = self.words(found);
        self.diagnostics.push(
            Diagnostic::error(
                Code::UsageDoesNotCancel,
                format!("`usage` needs {plural} per time to match a price per {singular}, but this is {found}"),
            )
            .with_label(usage.file, usage.expr.span, format!("this is {found}"))
            .with_label(price.file, price.expr.span, format!("a price per {singular}"))
            .with_help(format!(
                "give the {plural} one customer uses per month, week, day or year: `usage {number} {plural}/month`"
            )),
        );
    }

    fn usage_without_unit_price(&mut self, price: Written, usage: Written) {
        let (singular, plural, declare) = self.example_unit();
        let currency = self.currency.clone().unwrap_or_else(|| "USD".into());
        self.diagnostics.push(
            Diagnostic::error(
                Code::UsageWithoutUnitPrice,
                "`usage` beside a price per month or year means nothing",
            )
            .with_label(usage.file, usage.expr.span, "no price per unit to multiply")
            .with_label(price.file, price.expr.span, "a price per month or year")
            .with_help(format!(
                "write the price per unit (`price 0.02 {currency} per {singular}` with `usage 2k \
                 {plural}/month`{declare}), or remove `usage`"
            )),
        );
    }
}

/// The count unit a price of dimension `dim` is per: money per exactly one count unit.
fn per_count_unit(dim: Dim) -> Option<CountUnitId> {
    let (unit, _) = dim.only_count()?;
    (dim == Dim::MONEY.per(Dim::count(unit))).then_some(unit)
}

/// How many units a price is written for: 1000 for `0.012 USD per 1k tokens`, and 1 for
/// `per token` or a price that is not a literal (`base_rate * 2`).
fn written_per(price: &ast::Expr) -> f64 {
    let ExprKind::Quantity(quantity) = &price.kind else {
        return 1.0;
    };
    quantity
        .unit
        .iter()
        .flat_map(|unit| &unit.factors)
        .find(|factor| matches!(factor.word, UnitWord::Count(_)) && factor.power < 0)
        .and_then(|factor| factor.count)
        .unwrap_or(1.0)
}
