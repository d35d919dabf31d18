//! The extras on every core change no plan: every example and every plan of
//! `tests/build/plans/`, built with its extras (marginal values, closed channels, the
//! frontier, the tornado) run in parallel, gives byte for byte the JSON plan of a build
//! that runs them one after another (issue 13). Each extra is a solve of its own, with
//! nothing from the others, so the thread that runs it must not matter.

use stratc::build::{BuildOptions, build};
use stratc::check::NoFiles;
use stratc::optimise::{Progress, SolverKind, Solves};
use stratc::source::{SourceFile, SourceMap};

/// The JSON plan of the strategy in `text`, its extras run one after another or not.
fn json_plan(text: &str, solver: SolverKind, sequential: bool) -> String {
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new("strategy.strat", text.to_string()));
    let options = BuildOptions {
        solver,
        sequential,
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
    stratc::render::json::json(&built).expect("a plan")
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

fn parallel_extras_change_no_plan(solver: SolverKind) {
    let strategies = strategies();
    assert!(
        strategies.len() >= 10,
        "the examples and the plans are found"
    );
    for (path, text) in strategies {
        let parallel = json_plan(&text, solver, false);
        let sequential = json_plan(&text, solver, true);
        assert!(
            parallel == sequential,
            "{path}: the parallel build differs from the sequential one"
        );
    }
}

#[test]
fn parallel_extras_change_no_plan_with_microlp() {
    parallel_extras_change_no_plan(SolverKind::Microlp);
}

#[cfg(feature = "highs")]
#[test]
fn parallel_extras_change_no_plan_with_highs() {
    parallel_extras_change_no_plan(SolverKind::Highs);
}
