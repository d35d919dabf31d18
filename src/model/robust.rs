//! Robust objectives (`objective maximize revenue at p10`): the objective read over samples
//! of the strategy's ranges instead of at their most likely values.
//!
//! The optimiser draws `samples` models from the ranges, gives each its own customers,
//! revenue and `in every sample` constraints, shares the decisions between them, and
//! optimises the measure of the objective's values over the samples (sample average
//! approximation; `optimise::robust`).

/// How a robust objective reads the objective over the samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Robust {
    pub measure: RobustMeasure,
    /// K, how many samples the program holds.
    pub samples: usize,
}

/// What is optimised over the samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RobustMeasure {
    /// `at pNN`, as a fraction: maximising, the value that all but at most ⌊p·K⌋ samples
    /// reach; minimising, the value that all but at most ⌊(1 − p)·K⌋ samples stay within.
    Percentile(f64),
    /// The mean over the samples.
    Expected,
    /// The least favourable sample.
    Worst,
}

impl Robust {
    /// The samples a robust objective holds unless `over K samples` says otherwise.
    pub const DEFAULT_SAMPLES: usize = 50;
    /// The most samples `over K samples` may ask for: each is a copy of the outcome rows.
    pub const MAX_SAMPLES: usize = 1000;
}

impl RobustMeasure {
    /// The measure as written: `at p10`, `expected`, `worst`.
    pub fn text(self) -> String {
        match self {
            RobustMeasure::Percentile(p) => {
                format!("at p{}", crate::format::number((p * 100.0).round()))
            }
            RobustMeasure::Expected => "expected".into(),
            RobustMeasure::Worst => "worst".into(),
        }
    }

    /// How many of `samples` sample values the measure may leave below it (maximising;
    /// above it, minimising): ⌊p·K⌋ for `at pNN` (⌊(1 − p)·K⌋ minimising), none for
    /// `worst`; `None` for `expected`, which reads every sample.
    pub fn allowed_misses(self, samples: usize, maximize: bool) -> Option<usize> {
        match self {
            RobustMeasure::Percentile(p) => {
                let tail = if maximize { p } else { 1.0 - p };
                // The small allowance keeps p = 0.1 of 50 samples at 5, not 4.999….
                Some((tail * samples as f64 + 1e-9).floor() as usize)
            }
            RobustMeasure::Worst => Some(0),
            RobustMeasure::Expected => None,
        }
    }

    /// The measure of `values` (one per sample, not empty) as the program optimises it:
    /// for a percentile the order statistic with at most the allowed misses beyond it, the
    /// extreme for `worst`, the mean for `expected`.
    pub fn of(self, values: &[f64], maximize: bool) -> f64 {
        let Some(misses) = self.allowed_misses(values.len(), maximize) else {
            return values.iter().sum::<f64>() / values.len() as f64;
        };
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let misses = misses.min(sorted.len() - 1);
        if maximize {
            sorted[misses]
        } else {
            sorted[sorted.len() - 1 - misses]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RobustMeasure;

    #[test]
    fn a_percentile_is_the_order_statistic_the_program_keeps() {
        let values: Vec<f64> = (1..=50).map(f64::from).collect();
        let p10 = RobustMeasure::Percentile(0.1);
        // 5 of 50 samples may fall below: the 6th smallest.
        assert_eq!(p10.allowed_misses(50, true), Some(5));
        assert_eq!(p10.of(&values, true), 6.0);
        // Minimising at p90: 5 may lie above, the 6th largest.
        let p90 = RobustMeasure::Percentile(0.9);
        assert_eq!(p90.of(&values, false), 45.0);
        assert_eq!(RobustMeasure::Worst.of(&values, true), 1.0);
        assert_eq!(RobustMeasure::Worst.of(&values, false), 50.0);
        assert_eq!(RobustMeasure::Expected.of(&values, true), 25.5);
        assert_eq!(p10.text(), "at p10");
    }
}
