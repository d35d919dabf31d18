//! Units as written (`USD/month`, `per customer`, `USD per 1k tokens`) turned into a
//! dimension and the factor that normalises a value: money in currency units, durations
//! in months, rates per month, prices per one count unit.

use super::expr::{QUANTITIES, Scope, Typed};
use super::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{CountUnits, Dim, LinExpr};
use crate::source::Span;
use crate::syntax::ast::{
    Expr, ExprKind, Ident, MulOp, Path, Quantity, Unit, UnitFactor, UnitWord,
};

/// What a unit means: its dimension, and the factor from the written value to the
/// normalised one (`2 quarters` is 6 months; `1k USD/year` is 1k/12 per month).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Meaning {
    pub dim: Dim,
    pub factor: f64,
}

/// A word of a unit that means nothing here.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unknown<'u> {
    /// A currency code that is not the strategy's currency.
    ForeignCurrency(&'u str),
    /// A word that is no built-in unit and no declared count unit.
    Unit(&'u UnitFactor),
}

/// The meaning of a unit in a strategy whose currency is `currency` and that declares the
/// count units `units`, or the first word in it that means nothing there.
pub fn meaning<'u>(
    unit: &'u Unit,
    currency: Option<&str>,
    units: &CountUnits,
) -> Result<Meaning, Unknown<'u>> {
    let mut dim = Dim::PLAIN;
    let mut factor = 1.0;
    for part in &unit.factors {
        let power = i32::from(part.power);
        let (word_dim, word_factor) = match &part.word {
            UnitWord::Currency(code) => {
                if currency.is_some_and(|currency| currency != code) {
                    return Err(Unknown::ForeignCurrency(code));
                }
                (Dim::MONEY, 1.0)
            }
            UnitWord::Customer => (Dim::CUSTOMERS, 1.0),
            UnitWord::Time(time) => (Dim::TIME, time.months()),
            UnitWord::Count(word) => match units.find(word) {
                Some(id) => (Dim::count(id), 1.0),
                None => return Err(Unknown::Unit(part)),
            },
        };
        let word_dim = if power > 0 {
            word_dim
        } else {
            word_dim.inverse()
        };
        dim = dim.times(word_dim);
        // `per 1k tokens` divides by a thousand tokens.
        factor *= (word_factor * part.count.unwrap_or(1.0)).powi(power);
    }
    Ok(Meaning { dim, factor })
}

impl Scope<'_> {
    /// A number with its unit, normalised. The grammar reads any name after `/` as a unit
    /// word, so `5 / zero` arrives as 5 with the unit `/zero`: a word there that is no unit
    /// but names a value (a param, a built-in quantity) is the division it was written as.
    pub(super) fn quantity(
        &self,
        quantity: &Quantity,
        span: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Typed> {
        let value = self.number(quantity, span, diagnostics);
        let Some(unit) = &quantity.unit else {
            return Some(Typed {
                expr: LinExpr::constant(value),
                dim: Dim::PLAIN,
            });
        };
        if let Some(division) = self.division_written_as_unit(quantity, unit, span) {
            return self.eval(&division, diagnostics);
        }
        match meaning(unit, self.currency, self.units) {
            Ok(meaning) => Some(Typed {
                expr: LinExpr::constant(value * meaning.factor),
                dim: meaning.dim,
            }),
            Err(Unknown::ForeignCurrency(code)) => {
                diagnostics.push(self.foreign_currency(code, unit.span));
                None
            }
            Err(Unknown::Unit(factor)) => {
                diagnostics.push(self.unknown_unit(factor));
                None
            }
        }
    }

    /// `5 / zero` as the product `5 / zero`, when a word after `/` is no unit but a value;
    /// `None` when every word is a unit (or a mistake, reported as an unknown unit).
    fn division_written_as_unit(
        &self,
        quantity: &Quantity,
        unit: &Unit,
        span: Span,
    ) -> Option<Expr> {
        let divides = |factor: &&UnitFactor| match &factor.word {
            UnitWord::Count(word) => {
                factor.power < 0
                    && factor.count.is_none()
                    && self.units.find(word).is_none()
                    && (self.params.contains_key(word) || QUANTITIES.contains(&word.as_str()))
            }
            _ => false,
        };
        if !unit.factors.iter().any(|factor| divides(&factor)) {
            return None;
        }
        let (divisors, kept): (Vec<&UnitFactor>, Vec<&UnitFactor>) =
            unit.factors.iter().partition(divides);
        let number_end = kept
            .last()
            .map_or(unit.span.start, |factor| factor.span.end);
        let kept_unit = kept.first().map(|first| Unit {
            factors: kept.iter().map(|factor| (*factor).clone()).collect(),
            span: Span::new(first.span.start, number_end),
        });
        let number = Expr {
            kind: ExprKind::Quantity(Quantity {
                value: quantity.value,
                percent: quantity.percent,
                unit: kept_unit,
                range: quantity.range.clone(),
            }),
            span: Span::new(span.start, number_end),
        };
        let rest = divisors
            .into_iter()
            .map(|factor| {
                let UnitWord::Count(word) = &factor.word else {
                    unreachable!("only count words divide")
                };
                let name = Ident {
                    name: word.clone(),
                    span: factor.span,
                };
                let path = Path {
                    segments: vec![name],
                    span: factor.span,
                };
                let divisor = Expr {
                    kind: ExprKind::Path(path),
                    span: factor.span,
                };
                (MulOp::Div, divisor)
            })
            .collect();
        Some(Expr {
            kind: ExprKind::Product {
                first: Box::new(number),
                rest,
            },
            span,
        })
    }

    /// `dim` in words, with the strategy's count units: `money per token`.
    pub fn words(&self, dim: Dim) -> String {
        dim.in_words(self.units)
    }

    /// How to write a value of `dim`: `USD/year`, `CNY/call`.
    pub fn unit_text(&self, dim: Dim) -> String {
        dim.unit_text(self.currency.unwrap_or("USD"), self.units)
    }

    /// ` such as `USD/year``, or nothing for a plain number.
    pub(super) fn unit_hint(&self, want: Dim) -> String {
        let unit = self.unit_text(want);
        if unit.is_empty() {
            " (a number without a unit)".to_string()
        } else {
            format!(", with a unit such as `{unit}`")
        }
    }

    /// The diagnostic for a unit word that is no built-in unit and no declared count unit.
    fn unknown_unit(&self, factor: &UnitFactor) -> Diagnostic {
        let word = match &factor.word {
            UnitWord::Count(word) => word.as_str(),
            _ => "",
        };
        let declared = self
            .units
            .iter()
            .flat_map(|unit| [unit.singular.as_str(), unit.plural.as_str()]);
        let built_in = self
            .currency
            .into_iter()
            .chain(BUILT_IN_UNITS.iter().copied());
        let help = match suggest::nearest(word, declared.clone().chain(built_in)) {
            Some(near) if declared.clone().any(|unit| unit == near) => {
                format!("did you mean `{near}`? (a new count unit is declared with `unit {word}`)")
            }
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "declare a count unit with `unit {word}` (for tokens, calls, seats …), or use a \
                 built-in unit: the currency, `customers`, or a unit of time"
            ),
        };
        Diagnostic::error(Code::UnknownUnit, format!("there is no unit `{word}`"))
            .with_label(self.file, factor.span, "not a unit")
            .with_help(help)
    }
}

/// The units of time and of customers, in both spellings, for suggestions.
const BUILT_IN_UNITS: &[&str] = &[
    "customers",
    "customer",
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "quarters",
    "quarter",
    "years",
    "year",
];

/// Whether `code` is an ISO 4217 currency code in current use.
pub fn is_iso_currency(code: &str) -> bool {
    ISO_4217.split_whitespace().any(|known| known == code)
}

/// The active ISO 4217 codes (funds and precious metals left out).
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB \
    BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN \
    ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK \
    JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK \
    MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG \
    QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS \
    TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER \
    ZAR ZMW ZWG ZWL";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use crate::syntax::ast::{ExprKind, ItemKind};

    fn tokens() -> CountUnits {
        let mut units = CountUnits::default();
        units.declare(crate::model::CountUnit::new("tokens"));
        units
    }

    fn unit_of(text: &str) -> Unit {
        let parsed = crate::syntax::parse(FileId(0), &format!("param x = 1 {text}"));
        let ItemKind::Param(param) = &parsed.file.items[0].kind else {
            panic!("a param")
        };
        let ExprKind::Quantity(quantity) = &param.value.kind else {
            panic!("a quantity")
        };
        quantity.unit.clone().expect("a unit")
    }

    #[test]
    fn normalises_to_currency_months_and_per_month() {
        let none = CountUnits::default();
        let month = meaning(&unit_of("USD/month"), Some("USD"), &none).unwrap();
        assert_eq!((month.dim, month.factor), (Dim::MONEY_RATE, 1.0));
        let year = meaning(&unit_of("USD per year"), Some("USD"), &none).unwrap();
        assert_eq!(year.dim, Dim::MONEY_RATE);
        assert!((year.factor - 1.0 / 12.0).abs() < 1e-12);
        let weeks = meaning(&unit_of("weeks"), None, &none).unwrap();
        assert!((weeks.factor - 12.0 / 52.0).abs() < 1e-12);
        let load = meaning(&unit_of("per customer"), None, &none).unwrap();
        assert_eq!(load.dim, Dim::PER_CUSTOMER);
    }

    #[test]
    fn a_count_after_per_divides_and_count_units_are_dimensions() {
        let units = tokens();
        let token = Dim::count(crate::model::CountUnitId(0));
        let price = meaning(&unit_of("USD per 1k tokens"), Some("USD"), &units).unwrap();
        assert_eq!(price.dim, Dim::MONEY.per(token));
        assert!((price.factor - 1e-3).abs() < 1e-15);
        let singular = meaning(&unit_of("USD/token"), Some("USD"), &units).unwrap();
        assert_eq!((singular.dim, singular.factor), (price.dim, 1.0));
        let usage = meaning(&unit_of("tokens/day"), None, &units).unwrap();
        assert_eq!(usage.dim, token.per(Dim::TIME));
        assert!((usage.factor - 365.0 / 12.0).abs() < 1e-12);
        let load = meaning(&unit_of("per 100 customers"), None, &units).unwrap();
        assert_eq!((load.dim, load.factor), (Dim::PER_CUSTOMER, 0.01));
    }

    #[test]
    fn only_the_strategy_currency_and_declared_units_are_known() {
        let none = CountUnits::default();
        assert_eq!(
            meaning(&unit_of("EUR/month"), Some("USD"), &none),
            Err(Unknown::ForeignCurrency("EUR"))
        );
        assert!(is_iso_currency("EUR") && !is_iso_currency("ABC"));
        let calls = unit_of("USD per call");
        assert!(matches!(
            meaning(&calls, Some("USD"), &tokens()),
            Err(Unknown::Unit(factor)) if factor.word == UnitWord::Count("call".into())
        ));
    }
}
