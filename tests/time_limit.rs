//! `--time-limit` bounds the whole build, and a build's progress on stderr: run through
//! the real binary on generated strategies (`stratc::generate`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

mod common;

use common::{build, json_plan, out_dir, text};

/// Writes the generated strategy of `channels` channels in `markets` markets, with one
/// objective (`maximize revenue`: one solve for the plan) and `more` after it, into a
/// fresh folder named `name`; returns the folder and the file.
fn generated(name: &str, channels: usize, markets: usize, more: &str) -> (PathBuf, String) {
    let dir = out_dir(name);
    std::fs::create_dir_all(&dir).unwrap();
    let text: String = stratc::generate::strategy(channels, markets, 1)
        .lines()
        .map(|line| {
            if line.starts_with("objective ") {
                "objective maximize revenue\n".to_string()
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let file = dir.join("generated.strat");
    std::fs::write(&file, text + more).unwrap();
    (dir, file.to_str().unwrap().to_string())
}

/// Whether a JSON extra reads as not computed for lack of time, with no number.
fn out_of_time(extra: &serde_json::Value, numbers: &[&str]) -> bool {
    extra["status"] == "not_computed"
        && extra["reason"] == "time_limit"
        && numbers.iter().all(|field| extra[*field].is_null())
}

#[test]
fn the_time_limit_bounds_the_whole_build_and_what_it_stops_is_not_computed() {
    // 200 channels in 20 markets: the plan is found within a fraction of a second, and
    // its 22 extras (each a whole build) take over 15 s in all (a debug build); a scenario
    // and the frontier come after them.
    let more =
        "param growth = 100%\nscenario slower { growth = 90% }\npareto revenue, share points 3\n";
    let (dir, file) = generated("time_limit_whole_build", 200, 20, more);
    let out = dir.join("plan");
    let started = Instant::now();
    let output = build(&file, &out, &["--emit", "json,md", "--time-limit", "2"]);
    let took = started.elapsed();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // Each solve used to have the whole limit: 22 extras on two cores took 20 s and more.
    assert!(took < Duration::from_secs(6), "{took:?}");
    assert!(
        stderr.contains("extras of the plan not computed: the time limit ran out"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  scenario slower: not computed: the time limit ran out\n"),
        "{stderr}"
    );
    let plan = json_plan(&out, "generated");
    let marginal = plan["marginal_values"].as_array().unwrap();
    let closed = plan["closed_channels"].as_array().unwrap();
    let stopped_marginal = marginal
        .iter()
        .filter(|extra| out_of_time(extra, &["per_unit", "metrics_per_unit", "change"]))
        .count();
    let forced: Vec<&serde_json::Value> = closed.iter().map(|c| &c["forced_open"]).collect();
    let stopped_closed = forced
        .iter()
        .filter(|extra| out_of_time(extra, &["objective", "metrics"]))
        .count();
    assert!(stopped_marginal + stopped_closed > 0, "{plan:#}");
    // What was computed has its numbers; what was not has none.
    for extra in marginal {
        assert!(
            extra["status"] == "not_computed" || extra["per_unit"].is_number(),
            "{extra:#}"
        );
    }
    for extra in &forced {
        assert!(
            extra["status"] == "not_computed" || extra["objective"].is_number(),
            "{extra:#}"
        );
    }
    assert_eq!(plan["scenarios"][0]["status"], "not_computed", "{plan:#}");
    assert!(plan["scenarios"][0]["objective"].is_null());
    assert_eq!(plan["pareto_not_computed"], 3, "{plan:#}");
    assert_eq!(plan["pareto"], serde_json::json!([]));
    let markdown = std::fs::read_to_string(out.join("generated.md")).unwrap();
    assert!(
        markdown.contains("| `slower` | not computed: the time limit ran out | — |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Points not computed: 3 (the time limit ran out)."),
        "{markdown}"
    );
    assert!(
        markdown.contains("not computed: the time limit ran out"),
        "{markdown}"
    );
    // stderr is a pipe here: the build ran over a second, and drew no progress line.
    assert!(
        !stderr.contains('\r') && !stderr.contains("solving"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("microlp"),
        "230 integer decisions: no warning"
    );
}

#[test]
fn a_build_too_big_for_microlp_names_highs_terminal_or_not() {
    // 500 channels in 40 markets: 560 integer decisions.
    let (dir, file) = generated("time_limit_too_big", 500, 40, "");
    let output = build(&file, &dir.join("plan"), &["--time-limit", "0.5"]);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "warning: the default solver (microlp) is unlikely to finish this build quickly: \
             its program has 560 integer decisions"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--solver highs"), "{stderr}");
    if !cfg!(feature = "highs") {
        assert!(stderr.contains("--features highs"), "{stderr}");
    }
    assert!(!stderr.contains('\r'), "{stderr}");
}
