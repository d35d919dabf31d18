//! Dimensions: what kind of quantity a value is (money, customers, time, or a plain
//! number, and their products and ratios).

use std::fmt;

/// A dimension as the exponents of money, customers and time. Money per month is
/// `{ money: 1, customers: 0, time: -1 }`; a plain number is all zeros.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Dim {
    pub money: i8,
    pub customers: i8,
    pub time: i8,
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

    /// The dimension with these exponents.
    pub const fn new(money: i8, customers: i8, time: i8) -> Dim {
        Dim {
            money,
            customers,
            time,
        }
    }

    /// The dimension of a product.
    pub fn times(self, other: Dim) -> Dim {
        Dim::new(
            self.money + other.money,
            self.customers + other.customers,
            self.time + other.time,
        )
    }

    /// The dimension of a quotient.
    pub fn per(self, other: Dim) -> Dim {
        self.times(Dim::new(-other.money, -other.customers, -other.time))
    }

    /// Whether it is a plain number.
    pub fn is_plain(self) -> bool {
        self == Dim::PLAIN
    }

    /// The factor from the model's normalised value (time in months) to the value shown to
    /// people: rates are shown per year, since revenue is annual recurring revenue.
    pub fn display_factor(self) -> f64 {
        12f64.powi(-i32::from(self.time).min(0))
    }

    /// How to write a value of this dimension in a strategy whose currency is `currency`:
    /// `USD/year`, `customers`, `months`, or nothing for a plain number.
    pub fn unit_text(self, currency: &str) -> String {
        let mut numerator = Vec::new();
        let mut denominator = Vec::new();
        let mut place = |exponent: i8, word: &str| {
            let words = if exponent > 0 {
                &mut numerator
            } else {
                &mut denominator
            };
            for _ in 0..exponent.unsigned_abs() {
                words.push(word.to_string());
            }
        };
        place(self.money, currency);
        place(self.customers, "customers");
        let time_word = if self.time > 0 { "months" } else { "year" };
        place(self.time, time_word);
        match (numerator.is_empty(), denominator.is_empty()) {
            (true, true) => String::new(),
            (false, true) => numerator.join(" "),
            (true, false) => format!(
                "per {}",
                denominator.join(" per ").replace("customers", "customer")
            ),
            (false, false) => format!(
                "{}/{}",
                numerator.join(" "),
                denominator.join("/").replace("customers", "customer")
            ),
        }
    }
}

impl fmt::Display for Dim {
    /// In words: `money`, `money per time`, `customers`, `a plain number`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known = match *self {
            Dim::PLAIN => Some("a plain number"),
            Dim::MONEY => Some("money"),
            Dim::CUSTOMERS => Some("customers"),
            Dim::TIME => Some("time"),
            Dim::MONEY_RATE => Some("money per time"),
            Dim::PER_CUSTOMER => Some("a number per customer"),
            _ => None,
        };
        if let Some(words) = known {
            return f.write_str(words);
        }
        let mut parts = Vec::new();
        for (exponent, word) in [
            (self.money, "money"),
            (self.customers, "customers"),
            (self.time, "time"),
        ] {
            match exponent {
                0 => {}
                1 => parts.push(word.to_string()),
                -1 => parts.push(format!("per {word}")),
                _ => parts.push(format!("{word}^{exponent}")),
            }
        }
        f.write_str(&parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::Dim;

    #[test]
    fn unit_text_spells_the_fix() {
        assert_eq!(Dim::MONEY_RATE.unit_text("USD"), "USD/year");
        assert_eq!(Dim::MONEY.unit_text("EUR"), "EUR");
        assert_eq!(Dim::CUSTOMERS.unit_text("USD"), "customers");
        assert_eq!(Dim::TIME.unit_text("USD"), "months");
        assert_eq!(Dim::PER_CUSTOMER.unit_text("USD"), "per customer");
        assert_eq!(Dim::PLAIN.unit_text("USD"), "");
    }

    #[test]
    fn rates_are_shown_per_year() {
        assert_eq!(Dim::MONEY_RATE.display_factor(), 12.0);
        assert_eq!(Dim::MONEY.display_factor(), 1.0);
        assert_eq!(Dim::MONEY.per(Dim::TIME), Dim::MONEY_RATE);
        assert_eq!(Dim::MONEY_RATE.to_string(), "money per time");
        assert_eq!(Dim::new(2, 0, 0).to_string(), "money^2");
    }
}
