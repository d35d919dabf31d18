//! Tests of the checker on strategies held in memory.

use std::collections::HashMap;

use super::{FileLoader, check};
use crate::diagnostic::Code;
use crate::model::{Model, StageKind, Var, Waits};
use crate::source::{SourceFile, SourceMap};

/// Files in memory, by path.
struct Memory(HashMap<&'static str, &'static str>);

impl FileLoader for Memory {
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        self.0
            .get(path)
            .map(|text| text.as_bytes().to_vec())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not in memory"))
    }
}

/// Checks `root` (with `files` importable), returning the model or the codes of the errors.
fn run(root: &str, files: &[(&'static str, &'static str)]) -> Result<Model, Vec<Code>> {
    let mut sources = SourceMap::new();
    let id = sources.add(SourceFile::new("main.strat", root));
    let checked = check(id, &mut sources, &Memory(files.iter().copied().collect()));
    let errors: Vec<Code> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    match checked.model {
        Some(model) if errors.is_empty() => Ok(model),
        _ => Err(errors),
    }
}

const HEADER: &str = "strategy \"T\" { currency USD; horizon 1 year; budget 100k USD }\nobjective maximize revenue\n";

fn with_header(body: &str) -> String {
    format!("{HEADER}{body}")
}

#[test]
fn the_contract_example_elaborates_to_normalised_values() {
    let model =
        run(include_str!("../../examples/medassist.strat"), &[]).expect("the example checks");
    insta::assert_debug_snapshot!(model);
}

#[test]
fn values_are_normalised() {
    let text = with_header(
        "market m { size 2k customers; price 24k USD per year }\n\
         channel c { reaches m; lead 1 quarter; revenue_share 15%; response { 10k USD => 5 customers } }\n\
         stage research { task t { duration 26 weeks; cost 1k USD } }\n",
    );
    let model = run(Box::leak(text.into_boxed_str()), &[]).unwrap();
    assert_eq!(model.horizon.value, 12.0);
    assert_eq!(model.budget.value, 100_000.0);
    assert_eq!(model.markets[0].options[0].monthly_price, 2_000.0);
    assert_eq!(model.markets[0].options[0].id, "default");
    assert_eq!(model.channels[0].lead, 3.0);
    assert!((model.channels[0].revenue_share - 0.15).abs() < 1e-12);
    assert_eq!(model.stage(StageKind::Research).tasks[0].duration, 6.0);
}

#[test]
fn archetype_defaults_apply_and_the_item_overrides_them() {
    let text = with_header(
        "use std.channels.{cloud_marketplace}\n\
         market m { size 2k customers; price 1k USD/month }\n\
         channel a : cloud_marketplace { reaches m; response { 10k USD => 5 customers } }\n\
         channel b : cloud_marketplace { reaches m; revenue_share 3%; response { 10k USD => 5 customers } }\n",
    );
    let model = run(Box::leak(text.into_boxed_str()), &[]).unwrap();
    assert!((model.channels[0].revenue_share - 0.15).abs() < 1e-12);
    assert_eq!(model.channels[0].lead, 2.0);
    assert!((model.channels[1].revenue_share - 0.03).abs() < 1e-12);
    assert_eq!(model.channels[1].lead, 2.0);
}

#[test]
fn imports_are_relative_to_the_importing_file() {
    let root = "strategy \"T\" { currency USD; horizon 12 months; budget 1k USD }\nuse \"./shared/markets.strat\"\nobjective maximize customers(m)";
    let files = [
        ("shared/markets.strat", "use \"../more/m.strat\""),
        ("more/m.strat", "market m { size 5 customers }"),
    ];
    let model = run(root, &files).unwrap();
    assert_eq!(model.markets[0].id, "m");
}

#[test]
fn a_stage_after_list_replaces_the_default_chain() {
    let text = with_header("stage promotion after research, model {}\nstage service {}\n");
    let model = run(Box::leak(text.into_boxed_str()), &[]).unwrap();
    let predecessors = |kind| -> Vec<Waits> {
        model
            .stage(kind)
            .predecessors
            .iter()
            .map(|p| p.target)
            .collect()
    };
    assert_eq!(
        predecessors(StageKind::Promotion),
        [
            Waits::Stage(StageKind::Research),
            Waits::Stage(StageKind::Model)
        ]
    );
    assert_eq!(
        predecessors(StageKind::Service),
        [Waits::Stage(StageKind::Promotion)]
    );
    assert_eq!(predecessors(StageKind::Research), []);
}

#[test]
fn task_and_channel_dependencies_resolve() {
    let text = with_header(
        "market m { size 2k customers; price 1k USD/month }\n\
         channel c { reaches m; after research.b, model; response { 10k USD => 5 customers } }\n\
         stage research { task a { duration 1 month }; task b { after research.a } }\n",
    );
    let model = run(Box::leak(text.into_boxed_str()), &[]).unwrap();
    let targets: Vec<Waits> = model.channels[0].after.iter().map(|d| d.target).collect();
    assert_eq!(
        targets,
        [
            Waits::Task(StageKind::Research, 1),
            Waits::Stage(StageKind::Model)
        ]
    );
    let task_b = &model.stage(StageKind::Research).tasks[1];
    assert_eq!(task_b.after[0].target, Waits::Task(StageKind::Research, 0));
}

#[test]
fn a_task_and_a_stage_may_wait_for_a_channel() {
    let text = with_header(
        "market m { size 2k customers; price 1k USD/month }\n\
         channel c { reaches m; response { 10k USD => 5 customers } }\n\
         stage promotion after model, c { task launch { after c } }\n",
    );
    let model = run(Box::leak(text.into_boxed_str()), &[]).unwrap();
    let promotion = model.stage(StageKind::Promotion);
    let channel = Waits::Channel(crate::model::ChannelId(0));
    assert_eq!(promotion.predecessors[1].target, channel);
    assert_eq!(promotion.tasks[0].after[0].target, channel);
    let market = with_header(
        "market m { size 2k customers; price 1k USD/month }\nstage research { task t { after m } }\n",
    );
    assert_eq!(
        run(Box::leak(market.into_boxed_str()), &[]).unwrap_err(),
        [Code::UnknownName]
    );
}

#[test]
fn constraints_become_linear_expressions() {
    let text = with_header(
        "market m { size 2k customers; price 1k USD/month }\n\
         channel c { reaches m; response { 10k USD => 5 customers } }\n\
         constraint cap: revenue(c) <= 60% * revenue + 12k USD/year\n",
    );
    let model = run(Box::leak(text.into_boxed_str()), &[]).unwrap();
    let crate::model::ConstraintKind::Compare { lhs, rhs, dim, .. } = &model.constraints[0].kind
    else {
        panic!("a comparison")
    };
    assert_eq!(*dim, crate::model::Dim::MONEY_RATE);
    assert_eq!(
        lhs.terms,
        [(Var::RevenueChannel(crate::model::ChannelId(0)), 1.0)]
    );
    assert_eq!(rhs.terms.len(), 1);
    assert!((rhs.terms[0].1 - 0.6).abs() < 1e-12);
    // 12k per year is 1k per month.
    assert!((rhs.constant - 1_000.0).abs() < 1e-9);
}

#[test]
fn a_scenario_that_breaks_the_strategy_fails_the_check() {
    let text = with_header(
        "param f = 100%\nmarket m { size 2k customers * f; price 1k USD/month }\nscenario broken { f = -10% }\n",
    );
    assert_eq!(
        run(Box::leak(text.into_boxed_str()), &[]).unwrap_err(),
        [Code::OutOfRange]
    );
}

#[test]
fn a_scenario_override_must_keep_the_params_dimension() {
    let text = with_header("param f = 100%\nscenario s { f = 10 customers }\n");
    assert_eq!(
        run(Box::leak(text.into_boxed_str()), &[]).unwrap_err(),
        [Code::WrongDimension]
    );
}

#[test]
fn syntax_errors_stop_before_names_are_checked() {
    let errors = run("strategy \"T\" { currency USD; horizon 12 months; budget 1k USD }\nmarket m { size }\nchannel c { reaches m }", &[]).unwrap_err();
    assert_eq!(errors, [Code::Syntax]);
}

#[test]
fn a_scenario_writes_a_param_as_its_declaration_does() {
    let written = |declarations: &str, value: &str| {
        let text = with_header(&format!("{declarations}\nscenario s {{ b = {value} }}\n"));
        run(Box::leak(text.into_boxed_str()), &[])
    };
    // A param declared from a percent param is a percent too.
    let percent = "param a = 100%\nparam b = a * 2";
    assert!(written(percent, "150%").is_ok());
    assert!(written(percent, "a + 10%").is_ok());
    assert_eq!(written(percent, "1.5").unwrap_err(), [Code::ParamNotation]);
    let plain = "param b = 3.4";
    assert!(written(plain, "-2").is_ok());
    assert_eq!(written(plain, "40%").unwrap_err(), [Code::ParamNotation]);
    let money = "param b = 10k USD";
    assert!(written(money, "2 * 5k USD").is_ok());
    assert_eq!(written(money, "10k").unwrap_err(), [Code::WrongDimension]);
    assert_eq!(written(money, "revenue").unwrap_err(), [Code::NotConstant]);
}

/// Issue 11: numbers the solver cannot hold faithfully are E0410, measured against the
/// budget and the largest market as well as alone.
#[test]
fn numbers_the_solver_cannot_hold_are_errors() {
    let case = |strategy: &str, body: &str| {
        let text = format!(
            "strategy \"T\" {{ currency USD; horizon 1 year; {strategy} }}\nobjective maximize revenue\n{body}"
        );
        run(Box::leak(text.into_boxed_str()), &[])
    };
    let market = "market m { size 1M customers; price 30 USD/month }\n";
    let channel = |response: &str, more: &str| {
        format!("{market}channel c {{ reaches m; {more} response {{ {response} }} }}\n")
    };
    let fine = case(
        "budget 1 USD",
        &channel("1 USD => 10 customers", "setup 10M USD;"),
    );
    assert!(fine.is_ok(), "{fine:?}");
    for (strategy, body) in [
        // A setup a billion times the budget.
        (
            "budget 1 USD",
            channel("1 USD => 10 customers", "setup 1000M USD;"),
        ),
        // A step of spend below a hundred-millionth of the budget.
        (
            "budget 1000B USD",
            channel(
                "20k USD => 10 customers; 20000.00001 USD => 11 customers",
                "",
            ),
        ),
        // A curve worth a hundred thousand times the only market.
        ("budget 1M USD", channel("1 USD => 1000B customers", "")),
        // A market of a hundred customers beside one of a thousand billion.
        (
            "budget 1M USD",
            "market n { size 1000B customers; price 1 USD/month }\nmarket o { size 100 customers; price 1 USD/month }\n".to_string(),
        ),
        // Competitors that leave a thousand-billionth of a market.
        (
            "budget 1M USD",
            "market n { size 10 customers; price 1 USD/month; competitor \"A\" share 99.99999% }\n"
                .to_string(),
        ),
        // A factor no solver tolerance can tell from zero.
        (
            "budget 1M USD",
            format!("{market}constraint c: revenue(m) >= 0.00000001% * revenue\n"),
        ),
    ] {
        assert_eq!(
            case(strategy, &body).unwrap_err(),
            [Code::Unrepresentable],
            "{strategy} {body}"
        );
    }
}

#[test]
fn a_price_per_a_count_unit_times_its_usage_is_the_monthly_price() {
    let text = with_header(
        "unit tokens\nunit call\n\
         param usage = 40M tokens/month\n\
         pricing m {\n\
           option api { price 0.012 USD per 1k tokens; usage usage }\n\
           option agent { price 0.02 USD/call; usage 2k calls/day }\n\
         }\n\
         market m { size 2k customers }\n\
         market n { size 1k customers; price 3 USD per 1M tokens; usage 1B tokens/year }\n",
    );
    let model = run(Box::leak(text.into_boxed_str()), &[]).unwrap();
    let api = &model.markets[0].options[0];
    assert!((api.monthly_price - 480.0).abs() < 1e-9);
    let unit_price = api.unit_price.as_ref().unwrap();
    assert_eq!((unit_price.amount, unit_price.per), (0.012, 1000.0));
    assert_eq!(model.units.get(unit_price.unit).name, "tokens");
    assert_eq!(unit_price.usage_per_month, 40e6);
    let agent = &model.markets[0].options[1];
    let calls_per_month = 2000.0 * 365.0 / 12.0;
    assert!((agent.monthly_price - 0.02 * calls_per_month).abs() < 1e-9);
    assert_eq!(agent.unit_price.as_ref().unwrap().per, 1.0);
    let shorthand = &model.markets[1].options[0];
    assert!((shorthand.monthly_price - 3.0 / 1e6 * 1e9 / 12.0).abs() < 1e-9);
    assert_eq!(shorthand.unit_price.as_ref().unwrap().per, 1e6);
}

#[test]
fn a_value_after_a_slash_divides_and_a_declared_unit_wins() {
    let text = with_header(
        "param two = 2\nparam half = 5 / two\nparam rate = 10k USD / two / month\n\
         unit seats\nparam seats_each = 10 seats\nparam per_seat = 100 USD / seats\n",
    );
    let model = run(Box::leak(text.into_boxed_str()), &[]).unwrap();
    let value = |name: &str| {
        let param = model
            .params
            .iter()
            .find(|param| param.name == name)
            .unwrap();
        (param.value, param.dim)
    };
    assert_eq!(value("half"), (2.5, crate::model::Dim::PLAIN));
    assert_eq!(value("rate"), (5_000.0, crate::model::Dim::MONEY_RATE));
    let seat = crate::model::Dim::count(crate::model::CountUnitId(0));
    assert_eq!(
        value("per_seat"),
        (100.0, crate::model::Dim::MONEY.per(seat))
    );
    let zero = with_header("param zero = 0\nparam ratio = 5 / zero\n");
    assert_eq!(
        run(Box::leak(zero.into_boxed_str()), &[]).unwrap_err(),
        [Code::DivisionByZero]
    );
    let unknown = with_header("param ratio = 5 / nothing\n");
    assert_eq!(
        run(Box::leak(unknown.into_boxed_str()), &[]).unwrap_err(),
        [Code::UnknownUnit]
    );
}

#[test]
fn count_units_are_declared_in_any_file_and_checked_like_dimensions() {
    let root = "use \"./units.strat\"\n\
        strategy \"T\" { currency USD; horizon 1 year; budget 100k USD }\n\
        objective maximize revenue\n\
        param a = 3 tokens + 2 calls\n";
    let files = [("units.strat", "unit tokens\nunit calls\n")];
    assert_eq!(run(root, &files).unwrap_err(), [Code::MixedDimensions]);
}
