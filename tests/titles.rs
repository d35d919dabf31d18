//! Whole-program tests of titles: a stage's `title`, and every title shown where a person
//! reads the plan (tables, charts, Mermaid and DOT diagrams, the diff, the JSON plan),
//! long Chinese titles cut by display width in the charts, and doc comments of several
//! lines joined as Chinese is written.

mod common;

use common::{build, json_plan, out_dir, stratc, text};

const STRATEGY: &str = "tests/build/plans/chinese_titles.strat";

/// The `<svg>…</svg>` charts of an HTML plan, one a line.
fn charts(html: &str) -> String {
    html.match_indices("<svg")
        .map(|(start, _)| {
            let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
            &html[start..end]
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_strategy_with_stage_titles_and_long_chinese_titles_shows_them_in_every_plan() {
    let out = out_dir("titles_chinese");
    let output = build(STRATEGY, &out, &["--emit", "md,html,json,dot"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let read = |extension: &str| {
        std::fs::read_to_string(out.join(format!("chinese_titles.{extension}"))).unwrap()
    };

    let json = json_plan(&out, "chinese_titles");
    let stages = json["stages"].as_array().unwrap();
    let stage_titles: Vec<Option<&str>> =
        stages.iter().map(|stage| stage["title"].as_str()).collect();
    assert_eq!(
        stage_titles,
        [
            Some("市场调研"),
            Some("渠道拓展"),
            None,
            Some("推广：线上与线下"),
            None,
            None
        ]
    );
    assert!(stages.iter().all(|stage| stage.get("title").is_some()));
    assert_eq!(json["stages"][0]["id"], "research");
    assert_eq!(
        json["stages"][0]["tasks"][0]["title"],
        "访谈三十位医院信息科主任并整理需求清单与采购流程"
    );

    let markdown = read("md");
    // Doc comments of two lines join without a space between Chinese characters, and
    // with one before a Latin word.
    assert!(
        markdown.contains("\n智诊助手：面向三级医院与民营诊所的临床文书大模型。\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- `aliyun`: 阿里云云市场上架，AWS Marketplace 同步上架。\n"),
        "{markdown}"
    );
    insta::assert_snapshot!("chinese_titles_md", markdown);
    insta::assert_snapshot!("chinese_titles_dot", read("dot"));

    let html = read("html");
    // The spend chart and the Gantt cut a long title to 20 columns (nine characters and `…`), and keep it whole in a
    // tooltip.
    assert!(
        html.contains(
            ">阿里云云市场（含钉…<title>阿里云云市场（含钉钉医疗应用中心与宜搭低代码生态合作伙伴计划）</title></text>"
        ),
        "{html}"
    );
    assert!(html.contains("font-weight=\"bold\" fill=\"#1f2933\">推广：线上与线下</text>"));
    assert!(
        html.contains("<title>Response curve of 阿里云云市场（含钉钉医疗应用中心与宜搭低代码生态合作伙伴计划）</title>")
    );
    assert!(
        html.contains("&lt;年会&gt;") && !html.contains("<年会>"),
        "titles are escaped for HTML"
    );
    insta::assert_snapshot!("chinese_titles_charts", charts(&html));
}

#[test]
fn the_stage_graph_is_drawn_with_titles_in_both_formats() {
    let mermaid = stratc(&["graph", STRATEGY, "--format", "mermaid"]);
    assert_eq!(mermaid.status.code(), Some(0), "{}", text(&mermaid.stderr));
    let mermaid = text(&mermaid.stdout);
    // In quotes, with what Mermaid reads as syntax written as entity codes.
    assert!(
        mermaid.contains("  subgraph promotion[\"推广：线上与线下\"]\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains(
            "open_association[\"open 中国医院协会信息专业委员会#58; #quot;CHIMA#quot; #lt;年会#gt; #35;1 (3 months)\"]"
        ),
        "{mermaid}"
    );
    insta::assert_snapshot!("chinese_titles_mermaid", mermaid);
    let dot = stratc(&["graph", STRATEGY, "--format", "dot"]);
    let dot = text(&dot.stdout);
    assert!(dot.contains("    label=\"推广：线上与线下\";\n"), "{dot}");
    assert!(
        dot.contains(
            "[label=\"open 中国医院协会信息专业委员会: \\\"CHIMA\\\" <年会> #1 (3 months)\"]"
        ),
        "{dot}"
    );
}

#[test]
fn the_diff_calls_items_by_their_titles() {
    let out = out_dir("titles_diff");
    std::fs::create_dir_all(&out).unwrap();
    let richer = out.join("richer.strat");
    std::fs::write(
        &richer,
        common::read(STRATEGY).replace("budget 2M CNY", "budget 3M CNY"),
    )
    .unwrap();
    let output = stratc(&["diff", STRATEGY, richer.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let diff = text(&output.stdout);
    // The Markdown escapes the title's angle brackets and `#`.
    assert!(
        diff.contains(
            "- 中国医院协会信息专业委员会: \"CHIMA\" \\<年会\\> \\#1 (`association`) is now opened"
        ),
        "{diff}"
    );
    assert!(diff.contains("- `community`"), "{diff}");
}

#[test]
fn a_stage_title_is_formatted_and_checked_like_any_statement() {
    let fmt = stratc(&["fmt", "--check", STRATEGY]);
    assert_eq!(fmt.status.code(), Some(0), "{}", text(&fmt.stderr));
    let twice = stratc(&[
        "check",
        "tests/check/errors/E0108_attribute_given_twice.strat",
    ]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(
        text(&twice.stderr).contains("`title` is given twice"),
        "{}",
        text(&twice.stderr)
    );
}
