use super::*;
use crate::build::{BuildOptions, Built, build};
use crate::check::NoFiles;
use crate::optimise::{Progress, Solves};
use crate::source::{SourceFile, SourceMap};

/// One channel at a fixed spend (its spend minimum is its cap), so that the plan's decision
/// is known: it spends 100k USD, and the curve brings 100 to 300 customers there, at
/// 100 USD a month each. Revenue a year is 12 × 100 × customers.
const ONE_CHANNEL: &str = "strategy \"U\" { currency USD; horizon 12 months; budget 200k USD }
objective maximize revenue
market smb { size 100k customers; price 100 USD/month }
channel ads {
  reaches smb
  lead 0 months
  spend min 100k USD
  response { 100k USD => 100..300 customers }
}
constraint enough: revenue >= 240k USD/year
";

fn built(text: &str, sampling: Sampling) -> Built {
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new("u.strat", text));
    let options = BuildOptions {
        sampling,
        ..BuildOptions::default()
    };
    build(
        root,
        &mut sources,
        &NoFiles,
        &options,
        Progress::unwatched(),
        Solves::default(),
    )
}

fn sampled(text: &str, samples: usize, seed: u64) -> Uncertainty {
    built(text, Sampling { samples, seed })
        .uncertainty
        .expect("a strategy with ranges is sampled")
}

#[test]
fn the_spread_follows_the_range_through_the_plans_decisions() {
    let uncertainty = sampled(
        ONE_CHANNEL
            .replace("revenue >= 240k", "revenue >= 0")
            .as_str(),
        4000,
        1,
    );
    // Customers are uniform on 100..300: P10 120, P50 200, P90 280, within sampling error.
    let close = |found: f64, want: f64| (found - want).abs() <= 0.02 * want;
    let customers = uncertainty.customers;
    assert!(close(customers.p10, 120.0), "{customers:?}");
    assert!(close(customers.p50, 200.0), "{customers:?}");
    assert!(close(customers.p90, 280.0), "{customers:?}");
    assert!(close(uncertainty.revenue.p50, 12.0 * 100.0 * 200.0));
    assert!(close(uncertainty.share.p50, 200.0 / 100e3));
    assert_eq!(uncertainty.budget, 1.0);
    assert_eq!(uncertainty.failed, 0);
    assert_eq!(uncertainty.revenues.len(), 4000);
    // The fan of the one curve: P10 and P90 at its point.
    let fan = &uncertainty.fans[0];
    assert_eq!(fan.points[0], (0.0, 0.0, 0.0));
    let (spend, low, high) = fan.points[1];
    assert_eq!(spend, 100e3);
    assert!(close(low, 120.0) && close(high, 280.0), "{fan:?}");
}

#[test]
fn a_constraint_holds_in_the_share_of_samples_that_meet_it() {
    // 12 × 100 × customers ≥ 240k holds from 200 customers: half of 100..300. The plan
    // itself (at 200) meets it exactly.
    let uncertainty = sampled(ONE_CHANNEL, 4000, 1);
    let holds = uncertainty.constraints[0];
    assert!((holds - 0.5).abs() < 0.03, "{holds}");
}

#[test]
fn sampling_is_deterministic_for_a_seed() {
    let first = sampled(ONE_CHANNEL, 300, 42);
    let again = sampled(ONE_CHANNEL, 300, 42);
    assert_eq!(first, again);
    let other = sampled(ONE_CHANNEL, 300, 43);
    assert_ne!(first.revenues, other.revenues);
    // A sample's values depend on the seed and its index only, not on how many are drawn.
    let fewer = built(
        ONE_CHANNEL,
        Sampling {
            samples: 1,
            seed: 42,
        },
    );
    let model = fewer.model.as_ref().unwrap();
    assert_eq!(draws(model, 42, 0), draws(model, 42, 0));
    assert_ne!(draws(model, 42, 0), draws(model, 42, 1));
}

#[test]
fn no_ranges_or_no_samples_means_no_section() {
    let certain = ONE_CHANNEL.replace("100..300 customers", "200 customers");
    assert!(built(&certain, Sampling::default()).uncertainty.is_none());
    let off = Sampling {
        samples: 0,
        seed: 1,
    };
    assert!(built(ONE_CHANNEL, off).uncertainty.is_none());
}

#[test]
fn a_full_market_serves_the_customers_that_bring_the_most() {
    // Two channels win 200 customers each in a market with room for 300: the one that
    // keeps more of the price (no revenue share) is served in full, the other in part.
    let text = "strategy \"U\" { currency USD; horizon 12 months; budget 500k USD }
objective maximize customers
market smb { size 300 customers; price 100 USD/month }
channel shared { reaches smb; lead 0 months; revenue_share 50%; spend min 100k USD
  response { 100k USD => 200 customers } }
channel direct { reaches smb; lead 0 months; spend min 100k USD
  response { 100k USD => 200 customers } }
";
    let built = built(text, Sampling::default());
    let (model, optimised) = built.found().expect("a plan");
    let schedule = Schedule::of(model).unwrap();
    let outcome = Outcome::of(model, &schedule, &optimised.solution);
    assert_eq!(outcome.customers(), 300.0);
    assert_eq!(outcome.revenue(), 200.0 * 100.0 + 100.0 * 50.0);
}

#[test]
fn percentiles_interpolate_between_order_statistics() {
    let values = [1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(percentile(&values, 0.5), 3.0);
    assert_eq!(percentile(&values, 0.1), 1.4);
    assert_eq!(percentile(&values, 0.9), 4.6);
    assert_eq!(percentile(&[7.0], 0.9), 7.0);
}

#[test]
fn at_the_most_likely_values_the_evaluation_gives_the_plans_own_numbers() {
    // The formulas the samples are evaluated by are the optimiser's: on the model the plan
    // was made for, they give the plan's figures and every constraint holds.
    for text in [
        include_str!("../../examples/medassist.strat"),
        include_str!("../../examples/tutoring.strat"),
        include_str!("../../examples/fraud-detection.strat"),
        include_str!("../../examples/security-copilot.strat"),
        include_str!("../../examples/uncertain-curves.strat"),
    ] {
        let off = Sampling {
            samples: 0,
            seed: 0,
        };
        let built = built(text, off);
        let (model, optimised) = built.found().expect("a plan");
        let schedule = Schedule::of(model).unwrap();
        let outcome = Outcome::of(model, &schedule, &optimised.solution);
        let metrics = &optimised.solution.metrics;
        let close = |found: f64, want: f64, what: &str| {
            assert!(
                (found - want).abs() <= 1e-6 * want.abs().max(1.0),
                "{}: {what} {found} != {want}",
                model.title
            );
        };
        close(outcome.revenue() * 12.0, metrics.revenue, "revenue");
        close(outcome.customers(), metrics.customers, "customers");
        close(outcome.share(), metrics.share, "share");
        close(outcome.spend, metrics.spend, "spend");
        if let (Some(found), Some(want)) = (outcome.satisfaction, metrics.satisfaction) {
            close(found, want, "satisfaction");
        }
        if let (Some(found), Some(want)) = (outcome.tech, metrics.tech) {
            close(found, want, "tech");
        }
        assert!(
            outcome.constraints_hold(model).iter().all(|&holds| holds),
            "{}",
            model.title
        );
    }
}
