//! Issue 11: a user's template cannot crash stratc, hang it or keep it reading for a
//! minute. What would overflow the stack while rendering (a partial that includes itself,
//! blocks nested thousands deep) and a template too large to read quickly are errors
//! before the build: exit 2, as for any other problem with the command line.

use std::path::PathBuf;
use std::process::Output;
use std::time::{Duration, Instant};

mod common;
#[path = "common/watching.rs"]
mod watching;

use common::text;
use watching::{Watch, folder, save};

/// Builds the example with `template` as its Markdown template; the output and the folder
/// the plan would go to.
fn build_with_markdown_template(name: &str, template: &str) -> (Output, PathBuf) {
    let out = common::out_dir(name);
    let templates = out.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("plan.md.hbs"), template).unwrap();
    let plan = out.join("plan");
    let output = common::build(
        "examples/medassist.strat",
        &plan,
        &["--templates", templates.to_str().unwrap(), "--emit", "md"],
    );
    (output, plan)
}

/// The one error line stratc printed, checked to be the only output of a failed build.
fn refused(output: &Output, plan: &std::path::Path) -> String {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!plan.exists(), "a template error writes no file");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn a_partial_that_includes_itself_is_an_error_not_a_stack_overflow() {
    let (output, plan) = build_with_markdown_template(
        "template_recursion",
        r#"{{#*inline "a"}}x{{> a}}{{/inline}}{{> a}}"#,
    );
    assert_eq!(
        refused(&output, &plan),
        "error: template `plan.md.hbs`, line 1: the partial `a` includes itself (`a` → `a`), so rendering it would never end\n"
    );
}

#[test]
fn blocks_nested_thousands_deep_are_an_error_not_a_stack_overflow() {
    let nested = |depth: usize| {
        format!(
            "{}x{}",
            "{{#if title}}".repeat(depth),
            "{{/if}}".repeat(depth)
        )
    };
    let (output, plan) = build_with_markdown_template("template_nested_100", &nested(100));
    let stderr = refused(&output, &plan);
    assert!(
        stderr.starts_with("error: template `plan.md.hbs`, line 1: blocks, partials and subexpressions nest more than 64 deep here"),
        "{stderr}"
    );
    let (output, plan) = build_with_markdown_template("template_nested_5000", &nested(5_000));
    let stderr = refused(&output, &plan);
    assert!(
        stderr.starts_with("error: template `plan.md.hbs`: the template has 10000 tags (`{{`), and a template may have at most 1000"),
        "{stderr}"
    );
}

/// Reading this template took handlebars about a minute: it is refused before it is read.
#[test]
fn a_forty_thousand_line_template_is_refused_at_once() {
    let template: String = (0..40_000)
        .map(|line| format!("line {line}: {{{{title}}}}\n"))
        .collect();
    let started = Instant::now();
    let (output, plan) = build_with_markdown_template("template_huge", &template);
    let stderr = refused(&output, &plan);
    assert!(
        stderr.starts_with("error: template `plan.md.hbs`: the template is 849 KB, and a template may be at most 128 KB"),
        "{stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn watch_survives_a_template_that_includes_itself() {
    let dir = folder("watch_template_recursion");
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let template = dir.join("templates/plan.md.hbs");
    std::fs::write(&template, "first {{title}}\n").unwrap();
    std::fs::write(dir.join("s.strat"), watching::SMALL_STRATEGY).unwrap();
    let mut watch = Watch::start(
        &dir,
        &[
            "s.strat",
            "-o",
            "plan",
            "--emit",
            "md",
            "--templates",
            "templates",
        ],
    );
    watch.line_starting("[build 1]");
    let plan = dir.join("plan/s.md");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "first Small\n");

    save(&template, r#"{{#*inline "a"}}x{{> a}}{{/inline}}{{> a}}"#);
    watch.line_starting("error: template `plan.md.hbs`, line 1: the partial `a` includes itself");
    watch.line_starting("[build 2]");
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        "first Small\n",
        "the last good template stays"
    );

    save(&template, "second {{title}}\n");
    watch.line_starting("[build 3]");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "second Small\n");
    assert!(watch.is_running());
}
