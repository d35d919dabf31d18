//! Linear expressions over the built-in decision quantities.

use super::{ChannelId, Dim, MarketId, StageKind};

/// A built-in quantity that the optimiser decides. Values are normalised like every
/// model value: revenue is money per month here (the plan shows it per year).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Var {
    /// Total spend: fixed costs, setup, promotion, service and iteration.
    Spend,
    SpendChannel(ChannelId),
    SpendStage(StageKind),
    Customers,
    CustomersChannel(ChannelId),
    CustomersMarket(MarketId),
    Revenue,
    RevenueChannel(ChannelId),
    RevenueMarket(MarketId),
    Share,
    ShareMarket(MarketId),
    Satisfaction,
    Tech,
    /// y_c: 1 when the channel is opened.
    Active(ChannelId),
    ActiveChannels,
}

impl Var {
    /// The dimension of the quantity.
    pub fn dim(self) -> Dim {
        match self {
            Var::Spend | Var::SpendChannel(_) | Var::SpendStage(_) => Dim::MONEY,
            Var::Customers | Var::CustomersChannel(_) | Var::CustomersMarket(_) => Dim::CUSTOMERS,
            Var::Revenue | Var::RevenueChannel(_) | Var::RevenueMarket(_) => Dim::MONEY_RATE,
            Var::Share
            | Var::ShareMarket(_)
            | Var::Satisfaction
            | Var::Tech
            | Var::Active(_)
            | Var::ActiveChannels => Dim::PLAIN,
        }
    }
}

/// constant + Σ coefficient · var, its terms sorted by var with no var twice.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LinExpr {
    pub constant: f64,
    pub terms: Vec<(Var, f64)>,
}

impl LinExpr {
    /// A constant.
    pub fn constant(value: f64) -> LinExpr {
        LinExpr {
            constant: value,
            terms: Vec::new(),
        }
    }

    /// One decision quantity.
    pub fn var(var: Var) -> LinExpr {
        LinExpr {
            constant: 0.0,
            terms: vec![(var, 1.0)],
        }
    }

    /// Whether no decision quantity appears in it.
    pub fn is_constant(&self) -> bool {
        self.terms.is_empty()
    }

    /// The expression times a number.
    pub fn scaled(mut self, factor: f64) -> LinExpr {
        self.constant *= factor;
        for (_, coefficient) in &mut self.terms {
            *coefficient *= factor;
        }
        self.terms.retain(|(_, coefficient)| *coefficient != 0.0);
        self
    }

    /// The sum of two expressions.
    pub fn plus(mut self, other: LinExpr) -> LinExpr {
        self.constant += other.constant;
        for (var, coefficient) in other.terms {
            match self
                .terms
                .binary_search_by(|(existing, _)| existing.cmp(&var))
            {
                Ok(index) => self.terms[index].1 += coefficient,
                Err(index) => self.terms.insert(index, (var, coefficient)),
            }
        }
        self.terms.retain(|(_, coefficient)| *coefficient != 0.0);
        self
    }

    /// The difference of two expressions.
    pub fn minus(self, other: LinExpr) -> LinExpr {
        self.plus(other.scaled(-1.0))
    }

    /// Its value when each var takes the value `value_of` gives.
    pub fn evaluate(&self, value_of: impl Fn(Var) -> f64) -> f64 {
        self.constant
            + self
                .terms
                .iter()
                .map(|&(var, coefficient)| coefficient * value_of(var))
                .sum::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_merge_terms_and_drop_zeros() {
        let a = LinExpr::var(Var::Revenue).plus(LinExpr::constant(2.0));
        let b = LinExpr::var(Var::Spend)
            .scaled(3.0)
            .minus(LinExpr::var(Var::Revenue));
        let sum = a.plus(b);
        assert_eq!(sum.constant, 2.0);
        assert_eq!(sum.terms, vec![(Var::Spend, 3.0)]);
        assert_eq!(sum.evaluate(|_| 10.0), 32.0);
    }
}
