//! Whole-program tests of plans in a locale: a Chinese strategy with `locale zh-CN`
//! (its Markdown plan and `stratc build`'s summary), the same strategy with `--locale en`,
//! the contract's example with `--locale zh-CN`, and a locale stratc does not have.

mod common;

use common::{build, out_dir, text};

const CHINESE: &str = "tests/build/plans/zh_cn_api.strat";

/// The summary a build printed, without the lines that name the output folder or time
/// the build.
fn summary(stderr: &[u8]) -> String {
    text(stderr)
        .lines()
        .filter(|line| !line.starts_with("已写入 ") && !line.starts_with("wrote "))
        .filter(|line| !line.starts_with("构建用时 ") && !line.starts_with("built in "))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The Markdown plan a build wrote into `out` for `stem`.
fn markdown(out: &std::path::Path, stem: &str) -> String {
    std::fs::read_to_string(out.join(format!("{stem}.md"))).unwrap()
}

#[test]
fn a_chinese_strategy_is_planned_in_chinese() {
    let out = out_dir("locale_zh_cn");
    let output = build(CHINESE, &out, &["--emit", "md,html"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let summary = summary(&output.stderr);
    assert!(summary.starts_with("计划：最优，收入 "), "{summary}");
    insta::assert_snapshot!("zh_cn_summary", summary);
    let plan = markdown(&out, "zh_cn_api");
    for words in [
        "## 概要",
        "### 开通的渠道",
        "万 CNY/年",
        "2027年3月1日",
        "## 风险",
    ] {
        assert!(plan.contains(words), "no {words:?} in\n{plan}");
    }
    insta::assert_snapshot!("zh_cn_plan_md", plan);
    let html = std::fs::read_to_string(out.join("zh_cn_api.html")).unwrap();
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    assert!(html.contains("Noto Sans CJK SC"), "a CJK font stack");
    assert!(
        html.contains("<title>按用途划分的支出（CNY）</title>"),
        "charts in Chinese"
    );
    assert!(
        !html.contains("Response curve of"),
        "no English chart titles"
    );
}

#[test]
fn the_command_line_locale_overrides_the_strategys() {
    let out = out_dir("locale_zh_cn_as_en");
    let output = build(CHINESE, &out, &["--emit", "md", "--locale", "en"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let summary = summary(&output.stderr);
    assert!(
        summary.starts_with("plan: optimal, revenue 64M CNY/year"),
        "{summary}"
    );
    let plan = markdown(&out, "zh_cn_api");
    assert!(
        plan.contains("## Summary") && plan.contains("2027-03-01"),
        "{plan}"
    );
    assert!(!plan.contains("万"), "English numbers:\n{plan}");
    insta::assert_snapshot!("zh_cn_plan_md_in_english", plan);
}

#[test]
fn the_contract_example_reads_in_chinese() {
    let out = out_dir("locale_medassist_zh_cn");
    let output = build(
        "examples/medassist.strat",
        &out,
        &["--emit", "md", "--locale", "zh-CN"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    insta::assert_snapshot!("medassist_zh_cn_summary", summary(&output.stderr));
    insta::assert_snapshot!("medassist_plan_md_zh_cn", markdown(&out, "medassist"));
}

#[test]
fn an_unknown_locale_on_the_command_line_lists_those_there_are() {
    let out = out_dir("locale_unknown");
    let output = build(CHINESE, &out, &["--locale", "fr"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("stratc has no locale `fr`"), "{stderr}");
    assert!(
        stderr.contains("help: the locales are `en`, `zh-CN`"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
}
