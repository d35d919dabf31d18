//! Dimensions: what kind of quantity a value is (money, customers, time, the count units a
//! strategy declares, or a plain number, and their products and ratios).

use std::fmt;

/// How many count units a strategy may declare: each has a place among a [`Dim`]'s
/// exponents, so that a dimension stays a small value that is copied, compared and hashed
/// like a number.
pub const MAX_COUNT_UNITS: usize = 16;

/// A dimension as the exponents of money, customers, time and each declared count unit.
/// Money per month is `{ money: 1, customers: 0, time: -1 }`; a plain number is all zeros;
/// money per token is money 1 and the exponent -1 in the place of `tokens`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dim {
    pub money: i8,
    pub customers: i8,
    pub time: i8,
    /// The exponent of each count unit, in the place [`CountUnitId`] gives it.
    pub counts: [i8; MAX_COUNT_UNITS],
}

impl Dim {
    pub const PLAIN: Dim = Dim::new(0, 0, 0);
    pub const MONEY: Dim = Dim::new(1, 0, 0);
    pub const CUSTOMERS: Dim = Dim::new(0, 1, 0);
    pub const TIME: Dim = Dim::new(0, 0, 1);
    /// Money per time: prices and revenue.
    pub const MONEY_RATE: Dim = Dim::new(1, 0, -1);
    /// Per customer: satisfaction's `load`.
    pub const PER_CUSTOMER: Dim = Dim::new(0, -1, 0);

    /// The dimension with these exponents and no count unit.
    pub const fn new(money: i8, customers: i8, time: i8) -> Dim {
        Dim {
            money,
            customers,
            time,
            counts: [0; MAX_COUNT_UNITS],
        }
    }

    /// A count of the declared unit `unit`: `tokens`.
    pub fn count(unit: CountUnitId) -> Dim {
        let mut dim = Dim::PLAIN;
        dim.counts[unit.0] = 1;
        dim
    }

    /// The dimension of a product.
    pub fn times(self, other: Dim) -> Dim {
        let mut counts = self.counts;
        for (count, other) in counts.iter_mut().zip(other.counts) {
            *count += other;
        }
        Dim {
            money: self.money + other.money,
            customers: self.customers + other.customers,
            time: self.time + other.time,
            counts,
        }
    }

    /// The dimension of a quotient.
    pub fn per(self, other: Dim) -> Dim {
        self.times(other.inverse())
    }

    /// One over this dimension: per customer for customers.
    pub fn inverse(self) -> Dim {
        Dim {
            money: -self.money,
            customers: -self.customers,
            time: -self.time,
            counts: self.counts.map(|count| -count),
        }
    }

    /// Whether it is a plain number.
    pub fn is_plain(self) -> bool {
        self == Dim::PLAIN
    }

    /// The one count unit this dimension holds, with its exponent; `None` when it holds
    /// none or several.
    pub fn only_count(self) -> Option<(CountUnitId, i8)> {
        let mut held = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, exponent)| **exponent != 0);
        let (unit, exponent) = held.next()?;
        held.next()
            .is_none()
            .then_some((CountUnitId(unit), *exponent))
    }

    /// The factor from the model's normalised value (time in months) to the value shown to
    /// people: rates are shown per year, since revenue is annual recurring revenue.
    pub fn display_factor(self) -> f64 {
        12f64.powi(-i32::from(self.time).min(0))
    }

    /// How to write a value of this dimension in a strategy whose currency is `currency`:
    /// `USD/year`, `customers`, `months`, `USD/token`, or nothing for a plain number.
    pub fn unit_text(self, currency: &str, units: &CountUnits) -> String {
        let mut numerator = Vec::new();
        let mut denominator = Vec::new();
        let mut place = |exponent: i8, plural: &str, singular: &str| {
            let (words, word) = if exponent > 0 {
                (&mut numerator, plural)
            } else {
                (&mut denominator, singular)
            };
            for _ in 0..exponent.unsigned_abs() {
                words.push(word.to_string());
            }
        };
        place(self.money, currency, currency);
        place(self.customers, "customers", "customer");
        for (unit, exponent) in units.iter().zip(self.counts) {
            place(exponent, &unit.plural, &unit.singular);
        }
        place(self.time, "months", "year");
        match (numerator.is_empty(), denominator.is_empty()) {
            (true, true) => String::new(),
            (false, true) => numerator.join(" "),
            (true, false) => format!("per {}", denominator.join(" per ")),
            (false, false) => format!("{}/{}", numerator.join(" "), denominator.join("/")),
        }
    }

    /// In words: `money`, `money per time`, `customers`, `money per token`, `a plain
    /// number`.
    pub fn in_words(self, units: &CountUnits) -> String {
        let known = match self {
            Dim::PLAIN => Some("a plain number"),
            Dim::MONEY => Some("money"),
            Dim::CUSTOMERS => Some("customers"),
            Dim::TIME => Some("time"),
            Dim::MONEY_RATE => Some("money per time"),
            Dim::PER_CUSTOMER => Some("a number per customer"),
            _ => None,
        };
        if let Some(words) = known {
            return words.to_string();
        }
        let mut parts = Vec::new();
        let mut place = |exponent: i8, plural: &str, singular: &str| match exponent {
            0 => {}
            1 => parts.push(plural.to_string()),
            -1 => parts.push(format!("per {singular}")),
            _ => parts.push(format!("{plural}^{exponent}")),
        };
        place(self.money, "money", "money");
        place(self.customers, "customers", "customer");
        for (unit, exponent) in units.iter().zip(self.counts) {
            place(exponent, &unit.plural, &unit.singular);
        }
        place(self.time, "time", "time");
        parts.join(" ")
    }
}

impl fmt::Debug for Dim {
    /// The exponents, with the count units' only when one is not zero, so that a dimension
    /// without count units reads as it always has.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Dim");
        out.field("money", &self.money)
            .field("customers", &self.customers)
            .field("time", &self.time);
        if self.counts.iter().any(|count| *count != 0) {
            out.field("counts", &self.counts);
        }
        out.finish()
    }
}

/// The place of a count unit in [`CountUnits`], and among a [`Dim`]'s exponents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountUnitId(pub usize);

/// A count unit a strategy declares with `unit NAME` (tokens, calls, seats), with the two
/// spellings it is written in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountUnit {
    /// The name as declared.
    pub name: String,
    /// `token` for `unit tokens` or `unit token`.
    pub singular: String,
    /// `tokens` for `unit tokens` or `unit token`.
    pub plural: String,
}

impl CountUnit {
    /// The unit declared as `name`. A name of lower-case ASCII letters (and `_`) is taken
    /// for an English noun: `tokens` is also written `token` and `call` also `calls`, so
    /// that a strategy reads `per call` and `2k calls/month` whichever it declared. Any
    /// other name (`GB`, `kWh`, `次`) has one spelling, and so does a name ending in `ss`
    /// (`glass` is not the plural of `glas`).
    pub fn new(name: &str) -> CountUnit {
        let english = name.len() > 1
            && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            && name.ends_with(|c: char| c.is_ascii_lowercase())
            && !name.ends_with("ss");
        let (singular, plural) = match name.strip_suffix('s') {
            Some(stem) if english => (stem.to_string(), name.to_string()),
            None if english => (name.to_string(), format!("{name}s")),
            _ => (name.to_string(), name.to_string()),
        };
        CountUnit {
            name: name.to_string(),
            singular,
            plural,
        }
    }

    /// Whether `word` spells this unit.
    pub fn is_spelled(&self, word: &str) -> bool {
        word == self.singular || word == self.plural
    }

    /// The word after a count of `value`: the singular after exactly one (`1 call`,
    /// `per call`), the plural otherwise (`40M tokens`).
    pub fn word_for(&self, value: f64) -> &str {
        if value == 1.0 {
            &self.singular
        } else {
            &self.plural
        }
    }
}

/// The count units a strategy declares, in declaration order; a unit's place here is its
/// place among a [`Dim`]'s exponents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CountUnits {
    units: Vec<CountUnit>,
}

impl CountUnits {
    /// Adds a unit and gives its place, or `None` when [`MAX_COUNT_UNITS`] are declared.
    pub fn declare(&mut self, unit: CountUnit) -> Option<CountUnitId> {
        if self.units.len() == MAX_COUNT_UNITS {
            return None;
        }
        self.units.push(unit);
        Some(CountUnitId(self.units.len() - 1))
    }

    /// The unit spelled `word` (`token` or `tokens`).
    pub fn find(&self, word: &str) -> Option<CountUnitId> {
        self.units
            .iter()
            .position(|unit| unit.is_spelled(word))
            .map(CountUnitId)
    }

    /// The unit at `id`.
    pub fn get(&self, id: CountUnitId) -> &CountUnit {
        &self.units[id.0]
    }

    /// The units in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = &CountUnit> + Clone {
        self.units.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::{CountUnit, CountUnitId, CountUnits, Dim, MAX_COUNT_UNITS};

    fn declared(names: &[&str]) -> CountUnits {
        let mut units = CountUnits::default();
        for name in names {
            units.declare(CountUnit::new(name)).unwrap();
        }
        units
    }

    #[test]
    fn unit_text_spells_the_fix() {
        let none = CountUnits::default();
        assert_eq!(Dim::MONEY_RATE.unit_text("USD", &none), "USD/year");
        assert_eq!(Dim::MONEY.unit_text("EUR", &none), "EUR");
        assert_eq!(Dim::CUSTOMERS.unit_text("USD", &none), "customers");
        assert_eq!(Dim::TIME.unit_text("USD", &none), "months");
        assert_eq!(Dim::PER_CUSTOMER.unit_text("USD", &none), "per customer");
        assert_eq!(Dim::PLAIN.unit_text("USD", &none), "");
    }

    #[test]
    fn rates_are_shown_per_year() {
        let none = CountUnits::default();
        assert_eq!(Dim::MONEY_RATE.display_factor(), 12.0);
        assert_eq!(Dim::MONEY.display_factor(), 1.0);
        assert_eq!(Dim::MONEY.per(Dim::TIME), Dim::MONEY_RATE);
        assert_eq!(Dim::MONEY_RATE.in_words(&none), "money per time");
        assert_eq!(Dim::new(2, 0, 0).in_words(&none), "money^2");
    }

    #[test]
    fn a_price_per_token_times_tokens_per_month_is_money_per_month() {
        let units = declared(&["tokens", "calls"]);
        let tokens = Dim::count(CountUnitId(0));
        let calls = Dim::count(CountUnitId(1));
        let per_token = Dim::MONEY.per(tokens);
        let usage = tokens.per(Dim::TIME);
        assert_eq!(per_token.times(usage), Dim::MONEY_RATE);
        assert_ne!(Dim::MONEY.per(calls).times(usage), Dim::MONEY_RATE);
        assert_eq!(tokens.per(tokens), Dim::PLAIN);
        assert_eq!(per_token.only_count(), Some((CountUnitId(0), -1)));
        assert_eq!(Dim::MONEY.only_count(), None);
        assert_eq!(tokens.times(calls).only_count(), None);
        assert_eq!(tokens.inverse().inverse(), tokens);
        assert_ne!(tokens, calls);
        assert_ne!(tokens, Dim::CUSTOMERS);
        assert_eq!(per_token.in_words(&units), "money per token");
        assert_eq!(usage.in_words(&units), "tokens per time");
        assert_eq!(tokens.per(calls).in_words(&units), "tokens per call");
        assert_eq!(per_token.unit_text("CNY", &units), "CNY/token");
        assert_eq!(usage.unit_text("CNY", &units), "tokens/year");
        assert_eq!(
            Dim::MONEY_RATE.per(calls).unit_text("CNY", &units),
            "CNY/call/year"
        );
        assert_eq!(calls.times(calls).in_words(&units), "calls^2");
    }

    #[test]
    fn an_english_name_has_a_singular_and_a_plural() {
        let tokens = CountUnit::new("tokens");
        assert_eq!(
            (tokens.singular.as_str(), tokens.plural.as_str()),
            ("token", "tokens")
        );
        let call = CountUnit::new("call");
        assert_eq!(
            (call.singular.as_str(), call.plural.as_str()),
            ("call", "calls")
        );
        assert!(call.is_spelled("calls") && call.is_spelled("call") && !call.is_spelled("cal"));
        assert_eq!(call.word_for(1.0), "call");
        assert_eq!(call.word_for(1000.0), "calls");
        for one_spelling in ["GB", "kWh", "次", "glass", "s", "api2"] {
            let unit = CountUnit::new(one_spelling);
            assert_eq!(
                (unit.singular.as_str(), unit.plural.as_str()),
                (one_spelling, one_spelling)
            );
        }
    }

    #[test]
    fn a_strategy_declares_a_bounded_number_of_units() {
        let mut units = CountUnits::default();
        for index in 0..MAX_COUNT_UNITS {
            assert_eq!(
                units.declare(CountUnit::new(&format!("u{index}"))),
                Some(CountUnitId(index))
            );
        }
        assert_eq!(units.declare(CountUnit::new("one_more")), None);
        assert_eq!(units.find("u3"), Some(CountUnitId(3)));
        assert_eq!(declared(&["tokens"]).find("token"), Some(CountUnitId(0)));
    }
}
