//! Units as written (`USD/month`, `per customer`) turned into a dimension and the factor
//! that normalises a value: money in currency units, durations in months, rates per month.

use crate::model::Dim;
use crate::syntax::ast::{Unit, UnitWord};

/// What a unit means: its dimension, and the factor from the written value to the
/// normalised one (`2 quarters` is 6 months; `1k USD/year` is 1k/12 per month).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Meaning {
    pub dim: Dim,
    pub factor: f64,
}

/// The meaning of a unit, or the first currency code in it that is not `currency`.
pub fn meaning<'u>(unit: &'u Unit, currency: Option<&str>) -> Result<Meaning, &'u str> {
    let mut dim = Dim::PLAIN;
    let mut factor = 1.0;
    for part in &unit.factors {
        let power = i32::from(part.power);
        let (word_dim, word_factor) = match &part.word {
            UnitWord::Currency(code) => {
                if currency.is_some_and(|currency| currency != code) {
                    return Err(code);
                }
                (Dim::MONEY, 1.0)
            }
            UnitWord::Customer => (Dim::CUSTOMERS, 1.0),
            UnitWord::Time(time) => (Dim::TIME, time.months()),
        };
        let word_dim = if power > 0 {
            word_dim
        } else {
            Dim::PLAIN.per(word_dim)
        };
        dim = dim.times(word_dim);
        factor *= word_factor.powi(power);
    }
    Ok(Meaning { dim, factor })
}

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
        let month = meaning(&unit_of("USD/month"), Some("USD")).unwrap();
        assert_eq!((month.dim, month.factor), (Dim::MONEY_RATE, 1.0));
        let year = meaning(&unit_of("USD per year"), Some("USD")).unwrap();
        assert_eq!(year.dim, Dim::MONEY_RATE);
        assert!((year.factor - 1.0 / 12.0).abs() < 1e-12);
        let weeks = meaning(&unit_of("weeks"), None).unwrap();
        assert!((weeks.factor - 12.0 / 52.0).abs() < 1e-12);
        let load = meaning(&unit_of("per customer"), None).unwrap();
        assert_eq!(load.dim, Dim::PER_CUSTOMER);
    }

    #[test]
    fn only_the_strategy_currency_is_money() {
        assert_eq!(meaning(&unit_of("EUR/month"), Some("USD")), Err("EUR"));
        assert!(is_iso_currency("EUR") && !is_iso_currency("ABC"));
    }
}
