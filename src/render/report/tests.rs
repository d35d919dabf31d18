//! Reports of plans solved for the purpose.

use super::report;
use crate::check::model_of;
use crate::optimise::{Extras, Memo, Run, optimise};
use crate::schedule::Schedule;

#[test]
fn risks_name_concentration_late_channels_curve_ends_and_a_long_schedule() {
    let model = model_of(
        "strategy \"Risky\" { currency USD; horizon 12 months; budget 100k USD }\n\
         market everyone { size 1k customers; price 10 USD/month }\n\
         channel solo {\n  reaches everyone\n  lead 8 months\n  response { 10k USD => 50 customers }\n}\n\
         stage iteration { task rewrite { duration 14 months; cost 1k USD } }\n\
         objective maximize revenue\n",
    );
    let schedule = Schedule::of(&model).unwrap();
    let extras = Extras::NONE;
    let optimised = optimise(&model, &schedule, Run::default(), extras, &Memo::default()).unwrap();
    let risks = report(
        &model,
        &optimised,
        &[],
        None,
        None,
        None,
        crate::locale::Locale::english(),
    )
    .plan
    .unwrap()
    .risks
    .shown;
    assert_eq!(
        risks,
        [
            "Revenue rests on one channel: `solo` brings 100% of it.",
            "`solo` goes live in month 8, so it works only 33.33% of the horizon.",
            "`solo` spends 10k USD, the last point of its response curve: the curve's end, not the optimiser, set that spend. Extend the curve if more spend would bring more customers.",
            "The schedule finishes in month 22, after the horizon of 12 months.",
        ]
    );
}

#[test]
fn the_contract_example_reports_its_decisions() {
    let model = model_of(include_str!("../../../examples/medassist.strat"));
    let schedule = Schedule::of(&model).unwrap();
    let extras = Extras {
        marginal_values: true,
        closed_channels: false,
        frontier: false,
    };
    let optimised = optimise(&model, &schedule, Run::default(), extras, &Memo::default()).unwrap();
    let report = report(
        &model,
        &optimised,
        &[],
        None,
        None,
        None,
        crate::locale::Locale::english(),
    )
    .plan
    .unwrap();
    // Both spend to the end of their curves (100k and 80k USD).
    let curve_ends: Vec<&str> = report
        .risks
        .shown
        .iter()
        .filter_map(|risk| risk.split_once(" spends ").map(|(id, _)| id))
        .collect();
    assert_eq!(curve_ends, ["`hospital_association`", "`dev_community`"]);
    assert_eq!(report.risks.shown.len(), 2);
    assert_eq!(report.objective.value, "0.9427");
    assert_eq!(report.markets.shown[0].pricing, "usage");
    let binding: Vec<&str> = report
        .constraints
        .shown
        .iter()
        .filter(|constraint| constraint.binding)
        .map(|constraint| constraint.name.as_str())
        .collect();
    assert_eq!(binding, ["tech_bar", "community_first"]);
    assert_eq!(report.spend.left, "0 USD");
    assert!(
        report.scenarios.is_empty(),
        "no scenario outcomes, no table"
    );
}
