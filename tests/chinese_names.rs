//! Whole-program tests of a strategy written in Chinese (contract §1: Unicode names, 万 and
//! 亿): it checks, builds, formats, and every output that puts a name into a machine syntax
//! (Mermaid, DOT, HTML ids, JSON) stays valid; diagnostics' carets line up under CJK text.

use std::collections::HashSet;
use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use stratc::syntax::ident;

mod common;

use common::{build, json_plan, out_dir, stratc, text};

const STRATEGY: &str = "tests/check/ok/chinese_ai_startup.strat";
const STEM: &str = "chinese_ai_startup";

fn read(dir: &Path, extension: &str) -> String {
    std::fs::read_to_string(dir.join(format!("{STEM}.{extension}"))).unwrap()
}

#[test]
fn a_chinese_strategy_builds_every_output_the_same_twice() {
    let out = out_dir("chinese_build");
    let again = out_dir("chinese_build_again");
    let emit = [
        "--emit", "md", "--emit", "html", "--emit", "json", "--emit", "dot",
    ];
    for dir in [&out, &again] {
        let output = build(STRATEGY, dir, &emit);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    }
    for extension in ["md", "html", "json", "dot"] {
        assert_eq!(
            read(&out, extension),
            read(&again, extension),
            "{extension}"
        );
    }
    let plan = json_plan(&out, STEM);
    let ids = |list: &str| -> Vec<String> {
        plan[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("markets"), ["医疗", "金融", "教育"]);
    assert_eq!(
        ids("channels"),
        ["阿里云市场", "华为云", "开发者社区", "行业协会"]
    );
    // 800万 CNY is eight million: every yuan of it is spent (up to the solver's rounding).
    let spend = plan["metrics"]["spend"].as_f64().unwrap();
    assert!((spend - 8_000_000.0).abs() < 1e-6, "{spend}");
    assert_eq!(plan["scenarios"][0]["id"], "悲观");
    insta::assert_snapshot!("chinese_plan_json", read(&out, "json"));
}

/// The ids a Mermaid flowchart declares (`id["label"]`) and uses in edges, after checking
/// that each line is a statement Mermaid reads and each id is ASCII.
fn mermaid_flowchart_ids(chart: &str) -> (HashSet<String>, Vec<String>) {
    let is_id =
        |id: &str| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut declared = HashSet::new();
    let mut used = Vec::new();
    for line in chart.lines().skip(1).map(str::trim) {
        if line == "end" {
            continue;
        }
        let statement = line.strip_prefix("subgraph ").unwrap_or(line);
        if let Some((id, label)) = statement.split_once('[') {
            assert!(is_id(id), "an ASCII id: {line}");
            assert!(
                label.starts_with('"') && label.ends_with("\"]"),
                "a quoted label: {line}"
            );
            declared.insert(id.to_string());
            continue;
        }
        let arrow = if line.contains(" --> ") {
            " --> "
        } else {
            " -. feedback .-> "
        };
        let (from, to) = line
            .split_once(arrow)
            .unwrap_or_else(|| panic!("an edge: {line}"));
        for id in [from, to] {
            assert!(is_id(id), "an ASCII id: {line}");
            used.push(id.to_string());
        }
    }
    (declared, used)
}

#[test]
fn mermaid_and_dot_give_ascii_ids_and_show_the_names() {
    let output = stratc(&["graph", STRATEGY, "--format", "mermaid"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let chart = text(&output.stdout);
    assert!(chart.starts_with("flowchart LR\n"), "{chart}");
    let (declared, used) = mermaid_flowchart_ids(&chart);
    for id in used {
        assert!(declared.contains(&id), "{id} is drawn before it is used");
    }
    assert!(
        chart.contains("[\"open 阿里云云市场 (2 months)\"]"),
        "{chart}"
    );
    assert!(
        chart.contains("research_u8bbfu8c08[\"访谈 30 位医院信息科主任\"]"),
        "{chart}"
    );

    let output = stratc(&["graph", STRATEGY, "--format", "dot"]);
    let dot = text(&output.stdout);
    // Graphviz reads any UTF-8 inside quotes: ids and labels keep the names.
    assert!(
        dot.contains("\"open_阿里云市场\" [label=\"open 阿里云云市场 (2 months)\"];"),
        "{dot}"
    );
    assert!(
        dot.contains("\"research_访谈\" -> \"open_行业协会\";"),
        "{dot}"
    );
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
    assert_eq!(dot.matches('"').count() % 2, 0);
}

#[test]
fn the_markdown_gantt_has_ascii_task_ids_and_the_html_ascii_element_ids() {
    let out = out_dir("chinese_md_html");
    let output = build(STRATEGY, &out, &["--emit", "md", "--emit", "html"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let markdown = read(&out, "md");
    let gantt = markdown
        .split("```mermaid\ngantt\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a gantt chart");
    for line in gantt.lines().filter(|line| line.starts_with("    ")) {
        let (name, rest) = line.trim().split_once(" :").expect("`name :id, from, to`");
        let id = rest.split(", ").find(|part| *part != "milestone").unwrap();
        assert!(
            id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "an ASCII id: {line}"
        );
        assert!(!name.is_empty());
    }
    assert!(
        gantt.contains("    open 阿里云云市场 :channels_open_u963fu91ccu4e91u5e02u573a, "),
        "{gantt}"
    );
    let (declared, used) = mermaid_flowchart_ids(
        markdown
            .split("```mermaid\n")
            .find(|part| part.starts_with("flowchart"))
            .and_then(|part| part.split("```").next())
            .expect("a flowchart"),
    );
    assert!(used.iter().all(|id| declared.contains(id)));
    let html = read(&out, "html");
    for id in html.split(" id=\"").skip(1) {
        let id = id.split('"').next().unwrap();
        assert!(id.is_ascii(), "an ASCII element id: {id}");
    }
    assert!(html.contains("阿里云市场") && html.contains("技术达标"));
}

#[test]
fn set_and_scenario_take_chinese_names_and_wan() {
    let out = out_dir("chinese_set");
    let scenario = build(STRATEGY, &out, &["--emit", "json", "--scenario", "悲观"]);
    assert_eq!(
        scenario.status.code(),
        Some(0),
        "{}",
        text(&scenario.stderr)
    );
    let set = build(
        STRATEGY,
        &out,
        &[
            "--emit",
            "json",
            "--set",
            "规模=80%",
            "--set",
            "医疗上限=0.005万 customers",
        ],
    );
    assert_eq!(set.status.code(), Some(0), "{}", text(&set.stderr));
    let plan = json_plan(&out, STEM);
    let customers = plan["markets"][0]["customers"].as_f64().unwrap();
    assert!(customers <= 50.0 + 1e-6, "0.005万 is 50: {customers}");
    let misspelt = build(STRATEGY, &out, &["--scenario", "悲观的"]);
    assert_eq!(misspelt.status.code(), Some(2));
    let stderr = text(&misspelt.stderr);
    assert!(stderr.contains("did you mean `悲观`?"), "{stderr}");
    let unknown = build(STRATEGY, &out, &["--set", "医疗上限=1500w customers"]);
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = text(&unknown.stderr);
    assert!(
        stderr.contains("error[E0003]: `w` after `1500` is not a magnitude suffix"),
        "{stderr}"
    );
}

#[test]
fn fmt_leaves_the_chinese_strategy_as_it_is_and_formats_it_once() {
    let output = stratc(&["fmt", "--check", STRATEGY]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let messy = common::read(STRATEGY)
        .replace(
            "  reaches 医疗 60%, 金融 40%",
            "reaches   医疗 60% ,金融   40%",
        )
        .replace("budget 800万 CNY", "budget   800万    CNY");
    let formatted = Command::cargo_bin("stratc")
        .unwrap()
        .args(["fmt", "-"])
        .write_stdin(messy)
        .output()
        .unwrap();
    assert_eq!(formatted.status.code(), Some(0));
    assert_eq!(text(&formatted.stdout), common::read(STRATEGY));
}

/// The display column (a CJK character is two columns) of `needle` in `line`.
fn column_of(line: &str, needle: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    line[..line.find(needle).unwrap()].width()
}

#[test]
fn carets_line_up_under_chinese_text() {
    let output = stratc(&[
        "check",
        "tests/check/errors/E0101_misspelt_chinese_names.strat",
    ]);
    let stderr = text(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let mut checked = 0;
    for (index, line) in lines.iter().enumerate() {
        // A quoted source line, `  8 │   reaches 医治 60%, 金融 40%`, and its underline.
        let quotes_source = line
            .split_once(" │ ")
            .is_some_and(|(number, _)| number.trim().parse::<usize>().is_ok());
        let underline = lines
            .get(index + 1)
            .filter(|next| next.trim_start().starts_with('·') && next.contains('─'));
        let Some(underline) = underline.filter(|_| quotes_source) else {
            continue;
        };
        for name in ["医治", "阿里去市场"] {
            if !line.contains(name) {
                continue;
            }
            // The underline starts under the name's first column and is as wide as the name.
            let start = column_of(underline, "─");
            assert_eq!(start, column_of(line, name), "{line}\n{underline}");
            let width = underline
                .trim_end()
                .chars()
                .skip_while(|c| *c != '─')
                .count();
            assert_eq!(width, 2 * name.chars().count(), "{line}\n{underline}");
            checked += 1;
        }
    }
    assert_eq!(checked, 2, "{stderr}");
}

/// A character a name may start with: ASCII, CJK, kana, Hangul, Latin, Greek and Cyrillic
/// letters, `_`, and any character at all that XID_Start holds.
fn start_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::char::range('a', 'z'),
        proptest::char::range('A', 'Z'),
        Just('_'),
        proptest::char::range('\u{4e00}', '\u{9fff}'),
        proptest::char::range('\u{3041}', '\u{30ff}'),
        proptest::char::range('\u{ac00}', '\u{d7a3}'),
        proptest::char::range('\u{c0}', '\u{24f}'),
        proptest::char::range('\u{391}', '\u{3c9}'),
        proptest::char::range('\u{410}', '\u{44f}'),
        proptest::char::any(),
    ]
    .prop_filter("XID_Start or `_`", |c| ident::is_start(*c))
}

/// A character a name may hold after its first: those of [`start_char`], digits,
/// combining marks, and any character at all that XID_Continue holds.
fn continue_char() -> impl Strategy<Value = char> {
    prop_oneof![
        start_char(),
        proptest::char::range('0', '9'),
        proptest::char::range('\u{300}', '\u{36f}'),
        proptest::char::any(),
    ]
    .prop_filter("XID_Continue", |c| ident::is_continue(*c))
}

/// The words that cannot be names.
const RESERVED: &[&str] = &[
    "strategy",
    "use",
    "param",
    "market",
    "pricing",
    "channel",
    "stage",
    "objective",
    "constraint",
    "scenario",
    "pareto",
    "archetype",
    "option",
    "task",
    "per",
    "maximize",
    "minimize",
    "weight",
    "within",
    "points",
];

fn name() -> impl Strategy<Value = String> {
    (
        start_char(),
        proptest::collection::vec(continue_char(), 0..8),
    )
        .prop_map(|(first, rest)| std::iter::once(first).chain(rest).collect::<String>())
        .prop_filter("not a reserved word", |name| {
            !RESERVED.contains(&name.as_str())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_unicode_name_parses_and_formats_to_the_same_tree(
        names in proptest::collection::vec(name(), 3),
        blanks in proptest::collection::vec(1usize..4, 8),
    ) {
        let [param, market, channel] = [&names[0], &names[1], &names[2]];
        let gap = |index: usize| " ".repeat(blanks[index]);
        let text = format!(
            "param{}{param}={}100%\n\
             market {market} {{ size{}1.2万 customers *{}{param}; price 1万 CNY/month }}\n\
             channel {channel} {{\n reaches{}{market}\n    response {{ 50万 CNY => 40 customers }}  // {market}\n}}\n\
             constraint {channel}_{market}:{}customers({channel}) <= 0.5亿 customers\n",
            gap(0), gap(1), gap(2), gap(3), gap(4), gap(5),
        );
        let parsed = stratc::syntax::parse(stratc::source::FileId(0), &text);
        prop_assert!(parsed.diagnostics.is_empty(), "{text}\n{:?}", parsed.diagnostics);
        let formatted = stratc::formatter::format(&text);
        prop_assert!(stratc::formatter::same_meaning(&text, &formatted), "{formatted}");
        prop_assert_eq!(stratc::formatter::format(&formatted), formatted.clone());
        for name in &names {
            prop_assert!(formatted.contains(name.as_str()), "{formatted}");
        }
    }
}
