//! The build's shortcuts change no plan: every example and every plan of `tests/build/plans/`,
//! built with each solve starting from the last one's decisions and the extras on every
//! core, gives the JSON plan of a build where each solve starts from nothing, one after
//! another (issue 13). One thing may differ: where a rebuild's or a scenario's optimum is
//! not unique, the two builds may find different plans of the same objective, so their
//! metrics are compared only through their objective. With HiGHS, `lock_in.strat` has such
//! a tie (with 1% more budget, 9.6M CNY of revenue comes from two plans, one of them
//! opening `aliyun`), and so has `scenario_revenue_falls_objective_rises.strat`'s scenario
//! (the same revenue for a spend of 109k or 200k USD).

use serde_json::Value;
use stratc::build::{BuildOptions, build};
use stratc::check::NoFiles;
use stratc::optimise::{Progress, SolverKind, Solves};
use stratc::source::{SourceFile, SourceMap};

/// How far apart two figures of the same plan may be: both solves are proven optimal, and
/// a solve that starts elsewhere may stop at another vertex of the same optimum.
const RELATIVE: f64 = 1e-6;

/// The JSON plan of the strategy in `text`, built with or without the shortcuts, without
/// the metrics of its extras and scenarios (see the module's comment).
fn json_plan(text: &str, solver: SolverKind, without_shortcuts: bool) -> Value {
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new("strategy.strat", text.to_string()));
    let options = BuildOptions {
        solver,
        without_shortcuts,
        ..BuildOptions::default()
    };
    let built = build(
        root,
        &mut sources,
        &NoFiles,
        &options,
        Progress::unwatched(),
        Solves::default(),
    );
    assert!(built.is_ok(), "{:?}", built.diagnostics);
    let json = stratc::render::json::json(&built).expect("a plan");
    let mut plan: Value = serde_json::from_str(&json).expect("the JSON plan parses");
    // A marginal value near zero is a difference of two optima: compared per unit, the
    // solver's rounding of each is the whole figure (`uncertain-curves`' second marginal
    // value: -9e-6 against 2e-8 USD/year per unit). What it moves is compared instead,
    // against the objective itself.
    let objective = plan["objective"]["value"]
        .as_f64()
        .unwrap_or(0.0)
        .abs()
        .max(1.0);
    for marginal in plan["marginal_values"].as_array_mut().expect("a list") {
        marginal["metrics_per_unit"].take();
        marginal["per_unit"].take();
        if let Some(change) = marginal["change"].as_f64() {
            marginal["change"] = Value::from(change / objective);
        }
    }
    for closed in plan["closed_channels"].as_array_mut().expect("a list") {
        closed["forced_open"]["metrics"].take();
    }
    for scenario in plan["scenarios"].as_array_mut().expect("a list") {
        scenario["metrics"].take();
    }
    plan
}

/// Where `a` and `b` differ beyond [`RELATIVE`], as a JSON path.
fn difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64()?, y.as_f64()?);
            let scale = x.abs().max(y.abs()).max(1.0);
            ((x - y).abs() > RELATIVE * scale).then(|| format!("{path}: {x} against {y}"))
        }
        (Value::Array(xs), Value::Array(ys)) if xs.len() == ys.len() => xs
            .iter()
            .zip(ys)
            .enumerate()
            .find_map(|(index, (x, y))| difference(x, y, &format!("{path}[{index}]"))),
        (Value::Object(xs), Value::Object(ys)) if xs.len() == ys.len() => {
            xs.iter().find_map(|(key, x)| match ys.get(key) {
                Some(y) => difference(x, y, &format!("{path}.{key}")),
                None => Some(format!("{path}.{key}: missing")),
            })
        }
        _ => (a != b).then(|| format!("{path}: {a} against {b}")),
    }
}

/// Every strategy the test builds: the examples and the plans' test cases.
fn strategies() -> Vec<(String, String)> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut paths = Vec::new();
    for folder in ["examples", "tests/build/plans"] {
        for entry in std::fs::read_dir(format!("{root}/{folder}")).unwrap() {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|extension| extension == "strat")
            {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path.display().to_string(), text)
        })
        .collect()
}

fn shortcuts_change_no_plan(solver: SolverKind) {
    let strategies = strategies();
    assert!(
        strategies.len() >= 10,
        "the examples and the plans are found"
    );
    for (path, text) in strategies {
        let quick = json_plan(&text, solver, false);
        let slow = json_plan(&text, solver, true);
        if let Some(difference) = difference(&quick, &slow, "") {
            panic!("{path}: with and without shortcuts, {difference}");
        }
    }
}

#[test]
fn shortcuts_change_no_plan_with_microlp() {
    shortcuts_change_no_plan(SolverKind::Microlp);
}

#[cfg(feature = "highs")]
#[test]
fn shortcuts_change_no_plan_with_highs() {
    shortcuts_change_no_plan(SolverKind::Highs);
}

#[test]
fn the_comparison_sees_a_changed_figure() {
    let plan: Value = serde_json::json!({ "metrics": { "revenue": 100.0, "opened": ["a"] } });
    let moved = serde_json::json!({ "metrics": { "revenue": 100.01, "opened": ["a"] } });
    let renamed = serde_json::json!({ "metrics": { "revenue": 100.0, "opened": ["b"] } });
    assert_eq!(difference(&plan, &plan, ""), None);
    assert_eq!(
        difference(&plan, &moved, "").as_deref(),
        Some(".metrics.revenue: 100 against 100.01")
    );
    assert!(difference(&plan, &renamed, "").is_some());
}
