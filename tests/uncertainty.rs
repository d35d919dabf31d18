//! Whole-program tests of the plan under uncertainty: sampling is deterministic for a
//! seed, `--samples 0` and a strategy without ranges write no uncertainty section, and the
//! worked example's most likely plan is a risky one, and its P10 plan is not.

mod common;

use common::{build, json_plan, out_dir, stratc, text};

const EXAMPLE: &str = "examples/uncertain-curves.strat";

/// The plan files a build wrote into `out` for `stem`.
fn plan_files(out: &std::path::Path, stem: &str) -> Vec<Vec<u8>> {
    ["md", "html", "json"]
        .iter()
        .map(|ext| std::fs::read(out.join(format!("{stem}.{ext}"))).unwrap())
        .collect()
}

#[test]
fn the_same_seed_gives_the_same_plans_and_another_seed_other_samples() {
    let first = out_dir("uncertainty_seed_first");
    let again = out_dir("uncertainty_seed_again");
    let other = out_dir("uncertainty_seed_other");
    for (out, seed) in [(&first, "7"), (&again, "7"), (&other, "8")] {
        let output = build(EXAMPLE, out, &["--samples", "300", "--seed", seed]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    }
    let stem = "uncertain-curves";
    assert_eq!(plan_files(&first, stem), plan_files(&again, stem));
    let (seven, eight) = (json_plan(&first, stem), json_plan(&other, stem));
    assert_eq!(seven["uncertainty"]["samples"], 300);
    assert_eq!(seven["uncertainty"]["seed"], 7);
    assert_ne!(
        seven["uncertainty"]["metrics"], eight["uncertainty"]["metrics"],
        "another seed draws other samples"
    );
    // The plan itself does not depend on the samples.
    assert_eq!(seven["channels"], eight["channels"]);
}

#[test]
fn the_most_likely_plan_of_the_example_is_risky_and_its_p10_plan_is_not() {
    let out = out_dir("uncertainty_example");
    let output = build(EXAMPLE, &out, &["--emit", "json,md,html"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let plan = json_plan(&out, "uncertain-curves");
    let active: Vec<&str> = plan["channels"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|channel| channel["active"] == true)
        .map(|channel| channel["id"].as_str().unwrap())
        .collect();
    // The objective is `revenue at p10`: the plan opens the partners, whose curve is known.
    assert_eq!(active, ["partners"]);
    // The most likely plan opens search ads, the higher most likely curve, whose revenue
    // at P10 falls below the robust plan's.
    let robust = &plan["robust"];
    let search_ads = &robust["channels"][1];
    assert_eq!(search_ads["id"], "search_ads");
    assert_eq!(search_ads["most_likely_plan"]["active"], true);
    let most_likely = &robust["most_likely_plan"];
    let p10 = |plan: &serde_json::Value| plan["measure"].as_f64().unwrap();
    assert!(most_likely["most_likely"].as_f64().unwrap() > 600e3);
    assert!(p10(most_likely) < p10(&robust["robust_plan"]), "{robust}");
    let uncertainty = &plan["uncertainty"];
    // Partners bring 280 customers × 10/12 of the year × 160 USD × 12 = 448k USD a year at
    // the most likely price, and at least 90% of it: above the board's floor of 400k.
    let revenue = &uncertainty["metrics"]["revenue"];
    assert!(revenue["p10"].as_f64().unwrap() > 400e3, "{revenue}");
    let floor = uncertainty["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|odds| odds["requirement"] == "board_floor")
        .unwrap()["probability"]
        .as_f64()
        .unwrap();
    assert_eq!(
        floor, 1.0,
        "the robust plan meets the floor in every sample"
    );
    assert_eq!(uncertainty["inputs"].as_array().unwrap().len(), 4);
    let markdown = std::fs::read_to_string(out.join("uncertain-curves.md")).unwrap();
    assert!(markdown.contains("## Under uncertainty"));
    let html = std::fs::read_to_string(out.join("uncertain-curves.html")).unwrap();
    assert!(html.contains("<section id=\"uncertainty\">"));
    assert!(
        html.contains("fill-opacity=\"0.15\""),
        "a fan under the curve"
    );
}

#[test]
fn no_samples_and_no_ranges_write_no_section() {
    let off = out_dir("uncertainty_off");
    let output = build(EXAMPLE, &off, &["--samples", "0", "--emit", "json,md"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        json_plan(&off, "uncertain-curves")
            .get("uncertainty")
            .is_none()
    );
    let markdown = std::fs::read_to_string(off.join("uncertain-curves.md")).unwrap();
    assert!(!markdown.contains("Under uncertainty"));
    let certain = out_dir("uncertainty_certain");
    let output = build("examples/medassist.strat", &certain, &["--emit", "json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        json_plan(&certain, "medassist")
            .get("uncertainty")
            .is_none()
    );
}

#[test]
fn too_many_samples_is_a_bad_command_line() {
    let out = out_dir("uncertainty_too_many");
    let output = build(EXAMPLE, &out, &["--samples", "100001"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--samples takes 0 to 100000"));
    let output = stratc(&["build", "--help"]);
    assert!(text(&output.stdout).contains("--seed"));
}
