//! Robust programs solved by hand: one channel certain, one risky with the higher mean.

use crate::check::model_of;
use crate::optimise::{Extras, Memo, Optimised, Run, Sample, optimise_over};
use crate::schedule::Schedule;

/// Two channels, each needing the whole budget (`spend min 100k USD`), so the plan opens
/// one: `safe` wins 1000 customers for sure; `risky` wins the `RISKY` customers of a sample.
/// Each customer pays 100 USD a month, 1200 USD a year.
const TWO_CHANNELS: &str = "strategy \"T\" { currency USD; horizon 12 months; budget 100k USD }
market m { size 100k customers; price 100 USD/month }
channel safe { reaches m; spend min 100k USD; response { 100k USD => 1000 customers } }
channel risky { reaches m; spend min 100k USD; response { 100k USD => RISKY customers } }
objective maximize revenue OBJECTIVE";

/// The risky channel's customers in each of ten samples: a mean of 1160, above the safe
/// channel's 1000; sorted, 200 600 900 1100 1300 1400 1450 1500 1550 1600.
const RISKY: [f64; 10] = [
    200.0, 600.0, 1100.0, 1300.0, 1500.0, 1600.0, 1400.0, 1450.0, 1550.0, 900.0,
];

fn robust_plan(objective: &str) -> Optimised {
    let text = |risky: &str| {
        TWO_CHANNELS
            .replace("RISKY", risky)
            .replace("OBJECTIVE", objective)
    };
    // The most likely model writes the range; each sample is the strategy at one value.
    let model = model_of(&text("200..1400..1600"));
    let samples: Vec<Sample> = RISKY
        .iter()
        .map(|risky| {
            let model = model_of(&text(&risky.to_string()));
            let schedule = Schedule::of(&model).unwrap();
            Sample { model, schedule }
        })
        .collect();
    let schedule = Schedule::of(&model).unwrap();
    optimise_over(
        &model,
        &schedule,
        &samples,
        Run::default(),
        Extras::NONE,
        &Memo::default(),
    )
    .unwrap()
}

fn opened(plan: &Optimised) -> Vec<bool> {
    plan.solution.channels.iter().map(|c| c.active).collect()
}

#[test]
fn the_tenth_percentile_takes_the_certain_channel() {
    // At p10 one sample of ten may fall below: risky's second smallest is 600 customers,
    // below safe's 1000, so the plan opens safe and its P10 is 1000 · 1200 USD.
    let plan = robust_plan("at p10 over 10 samples");
    assert_eq!(opened(&plan), [true, false]);
    assert!((plan.objective - 1.2e6).abs() < 1e-3, "{}", plan.objective);
    let worst = robust_plan("worst over 10 samples");
    assert_eq!(opened(&worst), [true, false]);
}

#[test]
fn the_thirtieth_percentile_and_the_mean_take_the_risky_channel() {
    // At p30 three samples may fall below: risky's fourth smallest, 1100, beats 1000.
    let plan = robust_plan("at p30 over 10 samples");
    assert_eq!(opened(&plan), [false, true]);
    assert!(
        (plan.objective - 1100.0 * 1200.0).abs() < 1e-3,
        "{}",
        plan.objective
    );
    // Its numbers are read at the most likely value, 1400 customers.
    assert!((plan.solution.metrics.customers - 1400.0).abs() < 1e-6);
    let expected = robust_plan("expected over 10 samples");
    assert_eq!(opened(&expected), [false, true]);
    assert!((expected.objective - 1160.0 * 1200.0).abs() < 1e-3);
}
