//! Optima solved by hand, and the contract's reference figures.

use super::{Extras, Failure, Optimised, RequirementKind, SolverOptions, optimise};
use crate::check::model_of as model;
use crate::schedule::Schedule;
use crate::source::{SourceFile, SourceMap};

fn solve(text: &str) -> Result<Optimised, Failure> {
    let model = model(text);
    let schedule = Schedule::of(&model).unwrap();
    let extras = Extras {
        marginal_values: true,
        frontier: true,
    };
    optimise(&model, &schedule, SolverOptions::default(), extras)
}

fn close(actual: f64, expected: f64, what: &str) {
    let tolerance = 1e-6 * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} != {expected}"
    );
}

#[test]
fn the_contract_example_matches_its_reference_figures() {
    let optimised = solve(include_str!("../../examples/medassist.strat")).unwrap();
    // Contract §7, to a relative 1e-4 (the figures are printed to 6 or 7 digits).
    let relative = |actual: f64, expected: f64, what: &str| {
        assert!(
            ((actual - expected) / expected).abs() < 1e-4,
            "{what}: {actual} != {expected}"
        );
    };
    relative(optimised.terms[0].ideal, 0.0496357, "ideal share");
    relative(optimised.terms[1].ideal, 5_015_427.27, "ideal revenue");
    relative(optimised.terms[2].ideal, 4.4, "ideal satisfaction");
    relative(optimised.objective, 0.942375, "weighted objective");
    let hospitals = &optimised.solution.markets[0];
    assert_eq!(hospitals.option, Some(1), "hospitals take the usage option");
    let binding: Vec<&str> = optimised
        .marginal_values
        .iter()
        .map(|marginal| marginal.name.as_str())
        .collect();
    assert!(binding.contains(&"tech_bar"), "tech_bar binds: {binding:?}");
    let budget = optimised.solution.metrics.spend;
    close(budget, 700_000.0, "the budget binds");
}

/// A strategy with no tasks and no leads (every ramp is 1), a 12-month horizon and
/// `budget`, followed by `body`.
fn strategy(budget: &str, body: &str) -> String {
    format!("strategy \"T\" {{ currency USD; horizon 12 months; budget {budget} }}\n{body}")
}

#[test]
fn spend_goes_where_the_marginal_return_is_highest() {
    // Slopes (customers per USD): a 0.01 then 0.005; b 0.015 then 0.0025. With 100k: b's
    // first segment (20k), a's first (40k), then a's second (40k at 0.005 beats 0.0025).
    let optimised = solve(&strategy(
        "100k USD",
        "market m { size 10k customers; price 100 USD/month }
         channel a { reaches m; response { 40k USD => 400 customers; 100k USD => 700 customers } }
         channel b { reaches m; response { 20k USD => 300 customers; 100k USD => 500 customers } }
         objective maximize customers",
    ))
    .unwrap();
    let channels = &optimised.solution.channels;
    close(channels[0].spend, 80_000.0, "a's spend");
    close(channels[1].spend, 20_000.0, "b's spend");
    close(optimised.objective, 900.0, "customers");
}

#[test]
fn a_setup_cost_can_make_a_channel_not_worth_opening() {
    // Opening c costs 50k before it wins anything; d wins 500 customers for the same 60k.
    let optimised = solve(&strategy(
        "60k USD",
        "market m { size 10k customers; price 100 USD/month }
         channel c { reaches m; setup 50k USD; response { 10k USD => 100 customers } }
         channel d { reaches m; response { 60k USD => 500 customers } }
         objective maximize customers",
    ))
    .unwrap();
    let channels = &optimised.solution.channels;
    assert!(!channels[0].active && channels[1].active);
    close(channels[0].setup, 0.0, "no setup paid");
    close(optimised.objective, 500.0, "customers");
}

#[test]
fn a_pricing_option_wins_by_conversion() {
    // 100 customers won: cheap serves 150 at 100/month (180k a year), premium 100 at
    // 140/month (168k a year).
    let optimised = solve(&strategy(
        "10k USD",
        "market m { size 10k customers }
         pricing m {
           option premium { price 140 USD/month }
           option cheap { price 100 USD/month; conversion 150% }
         }
         channel c { reaches m; response { 10k USD => 100 customers } }
         objective maximize revenue",
    ))
    .unwrap();
    assert_eq!(optimised.solution.markets[0].option, Some(1));
    close(optimised.objective, 180_000.0, "annual revenue");
    close(
        optimised.solution.markets[0].customers,
        150.0,
        "customers served",
    );
}

#[test]
fn a_lexicographic_tolerance_binds() {
    // Revenue alone: all 10k into a (10 customers at 1000/month) = 120k a year. Within
    // 10%, revenue ≥ 108k leaves 2k for b (100 customers per 1k at 5/month):
    // 12·(s_a + 0.5·s_b) ≥ 108k and s_a + s_b = 10k give s_a = 8k, s_b = 2k, 208 customers.
    let optimised = solve(&strategy(
        "10k USD",
        "market p { size 1k customers; price 1000 USD/month }
         market q { size 100k customers; price 5 USD/month }
         channel a { reaches p; response { 10k USD => 10 customers } }
         channel b { reaches q; response { 10k USD => 1000 customers } }
         objective lexicographic { maximize revenue within 10%; maximize customers }",
    ))
    .unwrap();
    let relative = |actual: f64, expected: f64, what: &str| {
        assert!(
            ((actual - expected) / expected).abs() < 1e-5,
            "{what}: {actual} != {expected}"
        );
    };
    relative(optimised.terms[0].ideal, 120_000.0, "revenue alone");
    relative(
        optimised.terms[0].value,
        108_000.0,
        "revenue kept within 10%",
    );
    relative(optimised.objective, 208.0, "customers");
    relative(optimised.solution.channels[1].spend, 2_000.0, "b's spend");
}

#[test]
fn an_infeasible_strategy_names_a_minimal_conflict() {
    // 800 customers need more than the 50k budget buys (500 at most), though both channels
    // together could win 900; the spend minimum and the spend cap play no part.
    let failure = solve(&strategy(
        "50k USD",
        "market m { size 10k customers; price 100 USD/month }
         channel a { reaches m; spend min 1k USD; response { 50k USD => 500 customers } }
         channel b { reaches m; response { 50k USD => 400 customers } }
         constraint cap: spend(a) <= 1M USD
         constraint big: customers >= 800 customers
         objective maximize revenue",
    ))
    .unwrap_err();
    let Failure::Infeasible(conflict) = failure else {
        panic!("infeasible, not {failure:?}")
    };
    let kinds: Vec<RequirementKind> = conflict
        .into_iter()
        .map(|requirement| requirement.kind)
        .collect();
    assert_eq!(
        kinds,
        [RequirementKind::Budget, RequirementKind::Constraint(1)]
    );
}

#[test]
fn marginal_values_price_the_budget() {
    // Revenue per USD on the segment the budget ends in: 0.005 customers × 100 × 12.
    let optimised = solve(&strategy(
        "100k USD",
        "market m { size 10k customers; price 100 USD/month }
         channel a { reaches m; response { 40k USD => 400 customers; 200k USD => 1200 customers } }
         objective maximize revenue",
    ))
    .unwrap();
    let budget = &optimised.marginal_values[0];
    assert_eq!(budget.name, "budget");
    close(budget.step, 1_000.0, "1% of the budget");
    close(budget.per_unit().unwrap(), 6.0, "revenue per USD of budget");
}

#[test]
fn the_pessimistic_scenario_matches_its_reference_figure() {
    use crate::build::{BuildOptions, build};
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new(
        "medassist.strat",
        include_str!("../../examples/medassist.strat"),
    ));
    let built = build(
        root,
        &mut sources,
        &crate::check::NoFiles,
        &BuildOptions::default(),
    );
    let scenario = &built.scenarios[0];
    assert_eq!(scenario.name, "pessimistic");
    let objective = scenario.result.as_ref().unwrap().objective;
    // Contract §7: 0.946709.
    assert!(
        ((objective - 0.946709) / 0.946709).abs() < 1e-4,
        "{objective}"
    );
    let options = BuildOptions {
        scenario: Some("pessimistic".into()),
        ..BuildOptions::default()
    };
    let as_main = build(root, &mut sources, &crate::check::NoFiles, &options);
    let main = as_main.plan.unwrap().unwrap().objective;
    assert!(
        (main - objective).abs() < 1e-12,
        "--scenario builds the same plan"
    );
}

#[cfg(feature = "highs")]
#[test]
fn highs_and_microlp_agree_on_the_examples() {
    use super::SolverKind;
    for name in [
        "medassist",
        "fraud-detection",
        "tutoring",
        "security-copilot",
    ] {
        let path = format!("{}/examples/{name}.strat", env!("CARGO_MANIFEST_DIR"));
        let model = model(&std::fs::read_to_string(path).unwrap());
        let schedule = Schedule::of(&model).unwrap();
        let extras = Extras {
            marginal_values: false,
            frontier: false,
        };
        let objective = |kind| {
            let options = SolverOptions {
                kind,
                time_limit: None,
            };
            optimise(&model, &schedule, options, extras)
                .unwrap()
                .objective
        };
        let (microlp, highs) = (objective(SolverKind::Microlp), objective(SolverKind::Highs));
        assert!(
            ((microlp - highs) / microlp).abs() < 1e-7,
            "{name}: microlp {microlp}, HiGHS {highs}"
        );
    }
}

#[test]
fn a_strategy_with_nothing_to_decide_has_an_empty_plan() {
    let optimised = solve(&strategy("1k USD", "objective maximize revenue")).unwrap();
    close(optimised.objective, 0.0, "no revenue without channels");
}
