//! Optima solved by hand, and the contract's reference figures.

use super::{Extras, Failure, Memo, Optimised, RequirementKind, Run, optimise};
use crate::check::model_of as model;
use crate::schedule::Schedule;
use crate::source::{SourceFile, SourceMap};

fn solve(text: &str) -> Result<Optimised, Failure> {
    let model = model(text);
    let schedule = Schedule::of(&model).unwrap();
    let extras = Extras::ALL;
    optimise(&model, &schedule, Run::default(), extras, &Memo::default())
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
    // `dev_community` must open at its 10k USD minimum, and its 67.8 customers are served.
    relative(optimised.terms[2].ideal, 4.393221, "ideal satisfaction");
    relative(optimised.objective, 0.942651, "weighted objective");
    let metrics = &optimised.solution.metrics;
    relative(metrics.revenue, 4_650_336.04, "revenue at the plan");
    relative(metrics.share, 0.0486950, "share at the plan");
    relative(
        metrics.satisfaction.unwrap(),
        3.939618,
        "satisfaction at the plan",
    );
    let channels = &optimised.solution.channels;
    for (channel, go_live, ramp) in [
        (0, 2.692308, 0.775641),
        (1, 4.692308, 0.608974),
        (2, 1.153846, 0.903846),
    ] {
        relative(channels[channel].go_live, go_live, "go-live");
        relative(channels[channel].ramp, ramp, "ramp");
    }
    let hospitals = &optimised.solution.markets[0];
    assert_eq!(hospitals.option, Some(1), "hospitals take the usage option");
    let binding: Vec<&str> = optimised
        .marginal_values
        .iter()
        .map(|marginal| marginal.limit.name.as_str())
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
fn customers_won_are_served_under_a_lock_in_cap() {
    // Two channels must open: `big` (0.001 customers per USD, up to 200k) and one of `b`
    // (30 customers at its 10k minimum) or `c` (15 at its 10k minimum), whose revenue may
    // be at most 10% of the whole. The first contract's model opened b and served 21.1 of
    // its 30 customers (a 190k spend on big brings 190: 30 > 10% of 220, 21.1 = 190/9).
    // Customers won are served, so b cannot open: c's 15 are 10% of 150 or more once
    // big brings 135; big takes the other 190k, and 205 customers are served.
    let optimised = solve(&strategy(
        "200k USD",
        "market m { size 10k customers; price 100 USD/month }
         channel big { reaches m; response { 200k USD => 200 customers } }
         channel b { reaches m; spend min 10k USD; response { 10k USD => 30 customers } }
         channel c { reaches m; spend min 10k USD; response { 10k USD => 15 customers } }
         constraint two: active_channels >= 2
         constraint lock_in: revenue(b) + revenue(c) <= 10% * revenue
         objective maximize revenue",
    ))
    .unwrap();
    let channels = &optimised.solution.channels;
    assert!(channels[0].active && !channels[1].active && channels[2].active);
    close(channels[0].customers, 190.0, "big's customers");
    close(channels[2].customers, 15.0, "all of c's customers");
    close(optimised.objective, 205.0 * 1200.0, "annual revenue");
}

#[test]
fn a_forced_channel_spends_its_minimum_and_serves_what_it_wins() {
    // Two channels must open and customers cost satisfaction (0.001 each). `a` must spend
    // 20k, which wins 100 customers on its first segment; the first contract's model put
    // that spend on the flatter second segment (50 customers) and served none. b opens at
    // no spend; service buys 4.0 with 40k: 4.0 − 0.001 × 100 = 3.9.
    let optimised = solve(&strategy(
        "100k USD",
        "market m { size 10k customers; price 100 USD/month }
         channel a { reaches m; spend min 20k USD; response { 20k USD => 100 customers; 60k USD => 200 customers } }
         channel b { reaches m; response { 50k USD => 50 customers } }
         stage service { satisfaction { base 3; load 0.001 per customer; response { 40k USD => 4 } } }
         constraint two: active_channels >= 2
         objective maximize satisfaction",
    ))
    .unwrap();
    let channels = &optimised.solution.channels;
    close(channels[0].spend, 20_000.0, "a's spend cut to its minimum");
    close(channels[0].customers, 100.0, "a's customers");
    close(channels[1].spend, 0.0, "b's spend");
    close(optimised.objective, 3.9, "satisfaction");
}

#[test]
fn a_market_with_its_own_curve_takes_no_part_in_the_split() {
    // One spend drives e-commerce's shared curve (0.01 customers per USD to 100k) and
    // finance's own (10 customers at 50k, flat after); the spend may go to 100k, the end
    // of the longer curve. 100k wins 1000 e-commerce customers (120k a year) and 10 in
    // finance (120k a year); `solo` has only a curve of finance's and opens for 5 more.
    let optimised = solve(&strategy(
        "120k USD",
        "market ecommerce { size 100k customers; price 10 USD/month }
         market finance { size 1k customers; price 1000 USD/month }
         channel aliyun {
           reaches ecommerce
           response { 100k USD => 1000 customers }
           response finance { 50k USD => 10 customers }
         }
         channel solo { response finance { 20k USD => 5 customers } }
         objective maximize revenue",
    ))
    .unwrap();
    let solution = &optimised.solution;
    close(solution.channels[0].spend, 100_000.0, "aliyun's spend");
    assert_eq!(solution.channels[0].markets.len(), 2);
    close(
        solution.channels[0].markets[0].1,
        1000.0,
        "e-commerce customers",
    );
    close(solution.channels[0].markets[1].1, 10.0, "finance customers");
    close(solution.markets[1].customers, 15.0, "finance in all");
    close(
        optimised.objective,
        12.0 * (10_000.0 + 15_000.0),
        "annual revenue",
    );
}

#[test]
fn only_curves_whose_output_a_solve_could_want_less_of_get_binaries() {
    use super::formulation::Formulation;
    use super::objectives::Measure;
    // The curves a solve for the objective's one term keeps exact, and how many variables
    // that adds.
    let binaries = |objective: &str| {
        let model = model(&strategy(
            "100k USD",
            &format!(
                "market m {{ size 10k customers; price 100 USD/month }}
                 channel a {{ reaches m; response {{ 10k USD => 30 customers; 20k USD => 40 customers }} }}
                 channel b {{ reaches m; response {{ 10k USD => 30 customers; 20k USD => 40 customers }} }}
                 stage service {{ satisfaction {{ base 3; load 0.001 per customer; response {{ 4k USD => 3.5; 8k USD => 3.7 }} }} }}
                 stage iteration {{ tech {{ base 3; response {{ 4k USD => 3.5; 8k USD => 3.7 }} }} }}
                 constraint lock_in: revenue(a) <= 50% * revenue
                 constraint tech_cap: tech <= 3.6
                 {objective}"
            ),
        ));
        let schedule = Schedule::of(&model).unwrap();
        let formulation = Formulation::new(&model, &schedule);
        let term = &model.objective.terms[0];
        let goal = Measure::of(&formulation, &model, &term.quantity).goal(term.sense);
        let (program, exactness) = formulation.exact_program(&model, &formulation.milp, &goal);
        let added = program.vars.len() - formulation.milp.vars.len();
        (exactness.fewer, added)
    };
    let (revenue, added) = binaries("objective maximize revenue");
    assert_eq!(revenue.channels, [true, false], "a's revenue is capped");
    assert!(!revenue.service && revenue.iteration, "tech is capped");
    assert_eq!(added, 2, "one binary for a's two segments, one for tech's");
    let (satisfaction, added) = binaries("objective maximize satisfaction");
    assert_eq!(
        satisfaction.channels,
        [true, true],
        "customers cost satisfaction"
    );
    assert_eq!(added, 3, "a, b and tech; no market can fill, so no full_m");
}

#[test]
fn settling_fills_segments_in_order_and_serves_what_is_won() {
    use super::milp::{Affine, Direction, Goal};
    let model = model(&strategy(
        "100k USD",
        "market m { size 10k customers; price 100 USD/month }
         channel a { reaches m; response { 50k USD => 60 customers; 150k USD => 140 customers } }
         objective maximize revenue",
    ));
    let schedule = Schedule::of(&model).unwrap();
    let formulation = super::formulation::Formulation::new(&model, &schedule);
    let goal = Goal {
        direction: Direction::Maximize,
        expr: Affine::default(),
        scale: 1.0,
    };
    let (_, exactness) = formulation.exact_program(&model, &formulation.milp, &goal);
    assert_eq!(exactness.fewer.channels, [false]);
    // 100k spent on the second segment only, and nobody served: a tie a solver may return
    // where customers are worth nothing.
    let mut values = vec![0.0; formulation.milp.vars.len()];
    let spend = &formulation.channel_spend[0];
    values[formulation.open[0].0] = 1.0;
    values[spend.spend.0] = 100_000.0 / formulation.money_scale;
    values[spend.vars[1].0] = values[spend.spend.0];
    values[formulation.pick[0][0].0] = 1.0;
    formulation.settle(&mut values, &exactness);
    close(
        values[spend.vars[0].0] * formulation.money_scale,
        50_000.0,
        "first segment",
    );
    close(
        values[spend.vars[1].0] * formulation.money_scale,
        50_000.0,
        "second segment",
    );
    let served = values[formulation.serve[0].var.0] * formulation.customer_scale;
    close(served, 100.0, "60 + 40 customers served");
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
    assert_eq!(budget.limit.name, "budget");
    close(budget.limit.step, 1_000.0, "1% of the budget");
    let per_unit = budget.per_unit.as_ref().unwrap();
    close(per_unit.objective, 6.0, "revenue per USD of budget");
    close(per_unit.metrics.revenue, 6.0, "the objective is revenue");
    close(per_unit.metrics.customers, 0.005, "customers per USD");
    close(per_unit.metrics.spend, 1.0, "all of it spent");
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
        super::Progress::unwatched(),
        super::Solves::default(),
    );
    let scenario = &built.scenarios[0];
    assert_eq!(scenario.name, "pessimistic");
    let objective = scenario.result.as_ref().unwrap().objective;
    // Contract §7 (version 2): 0.946985.
    assert!(
        ((objective - 0.946985) / 0.946985).abs() < 1e-4,
        "{objective}"
    );
    let options = BuildOptions {
        scenario: Some("pessimistic".into()),
        ..BuildOptions::default()
    };
    let as_main = build(
        root,
        &mut sources,
        &crate::check::NoFiles,
        &options,
        super::Progress::unwatched(),
        super::Solves::default(),
    );
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
        let extras = Extras::NONE;
        let objective = |kind| {
            let run = Run {
                solver: kind,
                ..Run::default()
            };
            optimise(&model, &schedule, run, extras, &Memo::default())
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

#[test]
fn at_most_twenty_closed_channels_are_explained_those_closest_to_opening() {
    // 25 channels, each with a 10k USD setup the 1k budget cannot pay: all closed. Channel
    // `c{i}` wins i customers for 10k, so the 20 with the most revenue per unit of money
    // are c6 to c25; c1 to c5 are not explained.
    let channels: String = (1..=25)
        .map(|i| {
            format!("channel c{i} {{ reaches m; setup 10k USD; response {{ 10k USD => {i} customers }} }}\n")
        })
        .collect();
    let optimised = solve(&strategy(
        "1k USD",
        &format!("market m {{ size 10k customers; price 100 USD/month }}\n{channels}objective maximize revenue"),
    ))
    .unwrap();
    let closed = &optimised.closed_channels;
    assert_eq!(closed.len(), 25, "every closed channel is listed");
    for (index, closed) in closed.iter().enumerate() {
        let explained = !matches!(closed.forced_open, super::Rebuild::NotComputed(_));
        assert_eq!(
            explained,
            index >= 5,
            "c{}: {:?}",
            index + 1,
            closed.forced_open
        );
    }
    assert!(
        matches!(&closed[24].forced_open, super::Rebuild::Infeasible(conflict)
            if conflict.iter().map(|r| &r.kind).eq([&RequirementKind::Budget])),
        "the budget stops it: {:?}",
        closed[24].forced_open
    );
}
