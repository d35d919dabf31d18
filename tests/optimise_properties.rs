//! Property: whatever the strategy, the plan's reported decisions satisfy every
//! constraint, the budget, the spend bounds, the market caps and the response curves,
//! checked from the reported numbers alone (not from the solver's own rows).

use proptest::prelude::*;
use stratc::build::{BuildOptions, build};
use stratc::model::{CompareOp, ConstraintKind, LinExpr, Model, StageKind, Var};
use stratc::optimise::{Failure, Solution};
use stratc::source::{SourceFile, SourceMap};

/// A random channel: which markets it reaches, its curve and its costs.
#[derive(Debug, Clone)]
struct ChannelSpec {
    markets: Vec<usize>,
    first_split: u32,
    setup: u32,
    lead_weeks: u32,
    points: Vec<(u32, u32)>,
    spend_min: Option<u32>,
    /// A curve of its own for the first market it does not reach, if there is one.
    own_curve: Option<Vec<(u32, u32)>>,
}

/// A concave curve's points from random widths and steps: widths grow while steps shrink.
fn concave(raw: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut points = Vec::new();
    let (mut spend, mut value) = (0, 0);
    let mut widths: Vec<u32> = raw.iter().map(|(width, _)| *width).collect();
    widths.sort_unstable();
    let mut steps: Vec<u32> = raw.iter().map(|(_, step)| *step).collect();
    steps.sort_unstable_by(|a, b| b.cmp(a));
    for (width, step) in widths.into_iter().zip(steps) {
        spend += width;
        value += step;
        points.push((spend, value));
    }
    points
}

fn channel_spec(markets: usize) -> impl Strategy<Value = ChannelSpec> {
    let curve = || proptest::collection::vec((5u32..60, 5u32..200), 1..4);
    (
        proptest::sample::subsequence((0..markets).collect::<Vec<_>>(), 1..=markets.min(2)),
        10u32..90,
        0u32..50,
        0u32..30,
        curve(),
        proptest::option::of(1u32..20),
        proptest::option::of(curve()),
    )
        .prop_map(
            |(markets, first_split, setup, lead_weeks, raw, spend_min, own)| ChannelSpec {
                markets,
                first_split,
                setup,
                lead_weeks,
                points: concave(&raw),
                spend_min,
                own_curve: own.map(|raw| concave(&raw)),
            },
        )
}

/// Points as written in a response block.
fn response(points: &[(u32, u32)]) -> String {
    let points: Vec<String> = points
        .iter()
        .map(|(spend, value)| format!("{spend}k USD => {value} customers"))
        .collect();
    points.join("; ")
}

/// A random strategy's text.
fn strategy_text() -> impl Strategy<Value = String> {
    (1usize..=3)
        .prop_flat_map(|markets| {
            (
                Just(markets),
                proptest::collection::vec((100u32..5000, 50u32..900, 0u32..60, proptest::bool::ANY), markets),
                proptest::collection::vec(channel_spec(markets), 1..=4),
                50u32..600,
                0usize..6,
                proptest::collection::vec(0u32..6, 4),
            )
        })
        .prop_map(|(_, markets, channels, budget, objective, knobs)| {
            let mut text = format!("strategy \"P\" {{ currency USD; horizon 12 months; budget {budget}k USD }}\n");
            for (index, (size, price, competitor, pricing)) in markets.iter().enumerate() {
                text += &format!("market m{index} {{ size {size} customers; competitor \"X\" share {competitor}% }}\n");
                if *pricing {
                    text += &format!(
                        "pricing m{index} {{ option a {{ price {price} USD/month }}; option b {{ price {} USD/month; conversion 140% }} }}\n",
                        price / 2 + 1
                    );
                } else {
                    text += &format!("pricing m{index} {{ option default {{ price {price} USD/month }} }}\n");
                }
            }
            for (index, channel) in channels.iter().enumerate() {
                let reaches = match channel.markets.as_slice() {
                    [only] => format!("m{only}"),
                    [a, b] => format!("m{a} {}%, m{b} {}%", channel.first_split, 100 - channel.first_split),
                    _ => unreachable!(),
                };
                text += &format!(
                    "channel c{index} {{ reaches {reaches}; setup {}k USD; lead {} weeks; revenue_share {}%; response {{ {} }}",
                    channel.setup,
                    channel.lead_weeks,
                    channel.setup % 30,
                    response(&channel.points)
                );
                if let Some(min) = channel.spend_min {
                    text += &format!("; spend min {min}k USD");
                }
                let unreached = (0..markets.len()).find(|market| !channel.markets.contains(market));
                if let (Some(market), Some(own)) = (unreached, &channel.own_curve) {
                    text += &format!("; response m{market} {{ {} }}", response(own));
                }
                text += " }\n";
            }
            text += "stage research { task study { duration 3 weeks; cost 5k USD } }\n";
            text += "stage service { satisfaction { base 3; load 0.001 per customer; response { 10k USD => 3.6; 40k USD => 4.2 } } }\n";
            text += "stage iteration { tech { base 50; response { 20k USD => 60; 60k USD => 70 } } }\n";
            text += &format!("stage promotion {{ budget max {}k USD }}\n", budget * (2 + knobs[3]) / 8 + 1);
            text += &format!("constraint many: active_channels >= {}\n", knobs[0].min(channels.len() as u32) / 2);
            text += &format!("constraint floor: customers(m0) >= {} customers\n", knobs[1] * 3);
            if channels.len() > 1 {
                text += &format!("constraint spread: revenue(c0) <= {}% * revenue\n", 60 + knobs[2] * 5);
                text += "constraint pair: active(c1) => active(c0)\n";
            }
            text += &format!("constraint quality: tech >= {}\n", 50 + knobs[2] * 3);
            text += match objective {
                0 => "objective maximize revenue\n",
                1 => "objective maximize customers - 0.001 per USD * spend * 1 customers\n",
                2 => "objective weighted { maximize revenue weight 0.5; maximize share weight 0.3; maximize satisfaction weight 0.2 }\n",
                3 => "objective lexicographic { maximize revenue within 10%; maximize customers }\n",
                // Customers cost satisfaction: the optimiser would rather win fewer.
                4 => "objective maximize satisfaction\n",
                _ => "objective minimize customers\n",
            };
            text
        })
}

/// The value of a built-in quantity in the plan, in the model's units (revenue per month).
fn reported(var: Var, solution: &Solution) -> f64 {
    let metrics = &solution.metrics;
    match var {
        Var::Spend => metrics.spend,
        Var::SpendChannel(c) => solution.channels[c.0].setup + solution.channels[c.0].spend,
        Var::SpendStage(kind) => solution.stage_spend[kind as usize],
        Var::Customers => metrics.customers,
        Var::CustomersChannel(c) => solution.channels[c.0].customers,
        Var::CustomersMarket(m) => solution.markets[m.0].customers,
        Var::Revenue => metrics.revenue / 12.0,
        Var::RevenueChannel(c) => solution.channels[c.0].revenue / 12.0,
        Var::RevenueMarket(m) => solution.markets[m.0].revenue / 12.0,
        Var::Share => metrics.share,
        Var::ShareMarket(m) => solution.markets[m.0].share,
        Var::Satisfaction => metrics.satisfaction.unwrap_or(0.0),
        Var::Tech => metrics.tech.unwrap_or(0.0),
        Var::Active(c) => f64::from(u8::from(solution.channels[c.0].active)),
        Var::ActiveChannels => solution.channels.iter().filter(|c| c.active).count() as f64,
    }
}

fn evaluate(expr: &LinExpr, solution: &Solution) -> f64 {
    expr.evaluate(|var| reported(var, solution))
}

/// Within a relative 1e-6 (and an absolute 1e-6).
fn at_most(a: f64, b: f64) -> bool {
    a <= b + 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn check_plan(model: &Model, solution: &Solution) -> Result<(), String> {
    let budget = model.budget.value;
    if !at_most(solution.metrics.spend, budget) {
        return Err(format!(
            "spend {} over budget {budget}",
            solution.metrics.spend
        ));
    }
    let spend: f64 = model.fixed_costs()
        + solution
            .channels
            .iter()
            .map(|c| c.setup + c.spend)
            .sum::<f64>()
        + solution.service_spend
        + solution.iteration_spend;
    if (spend - solution.metrics.spend).abs() > 1e-6 * budget.max(1.0) {
        return Err(format!(
            "spend adds up to {spend}, reported {}",
            solution.metrics.spend
        ));
    }
    for (stage, spent) in model.stages.iter().zip(&solution.stage_spend) {
        if let Some(cap) = stage.budget_max {
            if !at_most(*spent, cap.value) {
                return Err(format!(
                    "{} spends {spent} over {}",
                    stage.kind.name(),
                    cap.value
                ));
            }
        }
    }
    if let Some(cap) = model.stage(StageKind::Promotion).budget_max {
        let promotion: f64 = solution.channels.iter().map(|c| c.spend).sum();
        if !at_most(promotion, cap.value) {
            return Err(format!("promotion {promotion} over {}", cap.value));
        }
    }
    for (channel, plan) in model.channels.iter().zip(&solution.channels) {
        let (lo, hi) = if plan.active {
            (channel.spend_floor(), channel.spend_cap())
        } else {
            (0.0, 0.0)
        };
        if !at_most(lo, plan.spend) || !at_most(plan.spend, hi) {
            return Err(format!(
                "{} spends {} outside [{lo}, {hi}]",
                channel.id, plan.spend
            ));
        }
        // Customers won along each curve at the reported spend, times the ramp, are all
        // served unless the market is full.
        for (audience, (market, served)) in channel.audiences().zip(&plan.markets) {
            assert_eq!(audience.market, *market);
            let option = solution.markets[market.0]
                .option
                .expect("a reached market has a price");
            let conversion = model.markets[market.0].options[option].conversion;
            let won = conversion * audience.split * plan.ramp * audience.curve.value_at(plan.spend);
            let full = at_most(
                model.markets[market.0].cap(),
                solution.markets[market.0].customers,
            );
            if !at_most(*served, won) || !(full || at_most(won, *served)) {
                return Err(format!(
                    "{} serves {served} in m{} but wins {won}",
                    channel.id, market.0
                ));
            }
        }
    }
    let customers: f64 = solution.markets.iter().map(|market| market.customers).sum();
    let curves = [
        model.satisfaction.as_ref().map(|s| {
            (
                &s.curve,
                solution.service_spend,
                s.load,
                solution.metrics.satisfaction,
            )
        }),
        model.tech.as_ref().map(|t| {
            (
                &t.curve,
                solution.iteration_spend,
                0.0,
                solution.metrics.tech,
            )
        }),
    ];
    for (curve, spend, load, reported) in curves.into_iter().flatten() {
        let exact = curve.value_at(spend) - load * customers;
        let reported = reported.expect("a curve's metric is reported");
        if (exact - reported).abs() > 1e-6 * exact.abs().max(1.0) {
            return Err(format!(
                "a curve gives {exact} at {spend}, reported {reported}"
            ));
        }
    }
    for (market, plan) in model.markets.iter().zip(&solution.markets) {
        if !at_most(plan.customers, market.cap()) {
            return Err(format!(
                "{} serves {} over its cap {}",
                market.id,
                plan.customers,
                market.cap()
            ));
        }
    }
    for constraint in &model.constraints {
        let holds = match &constraint.kind {
            ConstraintKind::Compare { lhs, op, rhs, .. } => {
                let (lhs, rhs) = (evaluate(lhs, solution), evaluate(rhs, solution));
                match op {
                    CompareOp::AtMost => at_most(lhs, rhs),
                    CompareOp::AtLeast => at_most(rhs, lhs),
                    CompareOp::Equal => at_most(lhs, rhs) && at_most(rhs, lhs),
                }
            }
            ConstraintKind::Implies { from, to } => {
                solution.channels[from.0].active <= solution.channels[to.0].active
            }
        };
        if !holds {
            return Err(format!("constraint {:?} does not hold", constraint.name));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_plan_meets_every_constraint(text in strategy_text()) {
        let mut sources = SourceMap::new();
        let root = sources.add(SourceFile::new("p.strat", text.clone()));
        let built = build(
            root,
            &mut sources,
            &stratc::check::NoFiles,
            &BuildOptions::default(),
            stratc::optimise::Progress::unwatched(),
            stratc::optimise::Solves::default(),
        );
        prop_assert!(built.model.is_some(), "{text}\n{:#?}", built.diagnostics);
        let model = built.model.unwrap();
        match built.plan.expect("a plan or a failure") {
            Ok(optimised) => {
                if let Err(problem) = check_plan(&model, &optimised.solution) {
                    prop_assert!(false, "{problem}\n{text}");
                }
            }
            Err(Failure::Infeasible(conflict)) => prop_assert!(!conflict.is_empty(), "{text}"),
            Err(Failure::Solver(message)) => prop_assert!(false, "solver failed: {message}\n{text}"),
        }
    }
}
