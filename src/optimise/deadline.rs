//! The time limit of a whole build (`--time-limit`): one deadline, set when the build
//! starts, shared by every solve of it: the plan's sequence of solves, then the extras and
//! the scenarios. Each solve may take the time left; an extra that starts after the
//! deadline is not computed.

use std::time::{Duration, Instant};

use super::milp::TIME_LIMITS;

/// The instant a build's solves must stop by; none for a build without a time limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Deadline(Option<Instant>);

impl Deadline {
    /// No deadline: every solve runs to its end.
    pub const NONE: Deadline = Deadline(None);

    /// The deadline `seconds` from now (within [`TIME_LIMITS`], a limit outside it taken as
    /// its nearest end), or none without a limit.
    pub fn after(seconds: Option<f64>) -> Deadline {
        Deadline(seconds.map(|seconds| {
            let seconds = if seconds.is_nan() {
                *TIME_LIMITS.end()
            } else {
                seconds.clamp(*TIME_LIMITS.start(), *TIME_LIMITS.end())
            };
            Instant::now() + Duration::from_secs_f64(seconds)
        }))
    }

    /// Whether the deadline has passed.
    pub fn passed(&self) -> bool {
        self.0.is_some_and(|at| Instant::now() >= at)
    }

    /// The seconds left before the deadline (0 once it has passed), or `None` without one:
    /// the time limit of a solve that starts now.
    pub fn seconds_left(&self) -> Option<f64> {
        self.0
            .map(|at| at.saturating_duration_since(Instant::now()).as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_counts_down_and_passes() {
        assert!(!Deadline::NONE.passed());
        assert_eq!(Deadline::NONE.seconds_left(), None);
        let later = Deadline::after(Some(1000.0));
        assert!(!later.passed());
        let left = later.seconds_left().unwrap();
        assert!(left > 990.0 && left <= 1000.0, "{left}");
        let soon = Deadline::after(Some(0.001));
        std::thread::sleep(Duration::from_millis(5));
        assert!(soon.passed());
        assert_eq!(soon.seconds_left(), Some(0.0));
    }

    #[test]
    fn limits_beyond_a_duration_are_taken_as_the_longest() {
        for seconds in [1e300, f64::INFINITY, f64::NAN] {
            let left = Deadline::after(Some(seconds)).seconds_left().unwrap();
            assert!(left > 999_000.0, "{seconds}: {left}");
        }
        assert!(Deadline::after(Some(-1.0)).seconds_left().unwrap() <= 0.001);
    }
}
