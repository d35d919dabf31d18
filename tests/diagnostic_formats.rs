//! The diagnostic formats for continuous integration, through the real binary:
//! `--diagnostics github` (workflow commands that become annotations on a pull request)
//! and `--diagnostics sarif` (a SARIF 2.1.0 log for code scanning, validated against the
//! schema vendored in `tests/sarif/`).

use std::path::Path;

mod common;

use common::{stratc, text};

/// Every file under `tests/check/{errors,warnings}`, as paths from the repository root,
/// sorted.
fn files_with_problems() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for folder in ["tests/check/errors", "tests/check/warnings"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".strat") {
                paths.push(format!("{folder}/{name}"));
            }
        }
    }
    paths.sort();
    paths
}

/// `stratc check --diagnostics FORMAT` on each file in its own run (a file that fails
/// to parse would otherwise not stop the others, but each run is what CI does per file).
fn check_each(format: &str, files: &[String]) -> Vec<(String, std::process::Output)> {
    files
        .iter()
        .map(|file| {
            let output = stratc(&["check", "--diagnostics", format, file]);
            (file.clone(), output)
        })
        .collect()
}

#[test]
fn github_annotations_are_one_command_per_diagnostic() {
    let files = files_with_problems();
    let mut all = String::new();
    for ((file, github), (_, json)) in check_each("github", &files)
        .into_iter()
        .zip(check_each("json", &files))
    {
        assert_eq!(github.status.code(), json.status.code(), "{file}");
        assert!(github.stderr.is_empty(), "{file}: {}", text(&github.stderr));
        let commands = text(&github.stdout);
        let diagnostics: Vec<serde_json::Value> = text(&json.stdout)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(
            commands.lines().count(),
            diagnostics.len(),
            "{file}:\n{commands}"
        );
        for (command, diagnostic) in commands.lines().zip(&diagnostics) {
            let kind = format!("::{} ", diagnostic["severity"].as_str().unwrap());
            assert!(command.starts_with(&kind), "{command}");
            let code = diagnostic["code"].as_str().unwrap();
            assert!(
                command.contains(&format!(",title={code} "))
                    || command.contains(&format!(" title={code} ")),
                "{command}"
            );
            if let Some(line) = diagnostic["line"].as_u64() {
                assert!(command.contains(&format!(",line={line},")), "{command}");
            }
        }
        all.push_str(&commands);
    }
    insta::assert_snapshot!(all);
}

/// The SARIF 2.1.0 schema, compiled, with formats (`uri`, `uri-reference`) checked.
fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&common::read("tests/sarif/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

#[test]
fn sarif_logs_meet_the_sarif_schema() {
    let validator = sarif_validator();
    let files = files_with_problems();
    // One log of every file at once, as the action writes it, and one per file.
    let mut args = vec!["check", "--diagnostics", "sarif"];
    args.extend(files.iter().map(String::as_str));
    let together = stratc(&args);
    let mut runs = vec![("every file".to_string(), together)];
    runs.extend(check_each("sarif", &files));
    for (file, output) in runs {
        assert!(output.stderr.is_empty(), "{file}: {}", text(&output.stderr));
        let log: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|error| panic!("{file}: {error}\n{}", text(&output.stdout)));
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{file}:\n{}", errors.join("\n"));
        assert!(
            !log["runs"][0]["results"].as_array().unwrap().is_empty(),
            "{file} has problems, so its log has results"
        );
    }
}

#[test]
fn a_clean_file_gives_a_log_without_results() {
    let output = stratc(&[
        "check",
        "--diagnostics",
        "sarif",
        "examples/medassist.strat",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let mut log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let validator = sarif_validator();
    assert!(validator.is_valid(&log));
    // The schema is strict enough to tell: a level SARIF does not know fails it.
    let mut broken = log.clone();
    broken["runs"][0]["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"] =
        "fatal".into();
    assert!(!validator.is_valid(&broken));
    let log = std::mem::take(&mut log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let explain = text(&stratc(&["explain", "E0101"]).stdout);
    let rule = rules.iter().find(|rule| rule["id"] == "E0101").unwrap();
    assert!(explain.contains(rule["fullDescription"]["text"].as_str().unwrap()));
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    let warning = rules.iter().find(|rule| rule["id"] == "W0001").unwrap();
    assert_eq!(warning["defaultConfiguration"]["level"], "warning");
}

#[test]
fn sarif_results_of_labels_in_several_places_and_wide_characters() {
    let files = [
        "tests/check/errors/E0102_defined_twice.strat",
        "tests/check/errors/E0101_misspelt_chinese_names.strat",
        "tests/check/warnings/W0001_no_objective.strat",
    ];
    let mut args = vec!["check", "--diagnostics", "sarif"];
    args.extend(files);
    let log: serde_json::Value = serde_json::from_slice(&stratc(&args).stdout).unwrap();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    let results = serde_json::to_string_pretty(&run["results"]).unwrap();
    insta::assert_snapshot!(results);
}
