//! Snapshot tests of the AST for each construct and of syntax diagnostics.

use super::parse;
use crate::diagnostic::render::{self, HumanStyle};
use crate::source::{SourceFile, SourceMap};

fn ast(text: &str) -> super::ast::File {
    let parsed = parse(crate::source::FileId(0), text);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    parsed.file
}

/// The rendered diagnostics of `text`, as a user sees them without colour.
fn errors(text: &str) -> String {
    let mut sources = SourceMap::new();
    let file = sources.add(SourceFile::new("test.strat", text));
    let parsed = parse(file, text);
    assert!(
        !parsed.diagnostics.is_empty(),
        "expected errors in {text:?}"
    );
    let style = HumanStyle {
        color: false,
        width: 100,
    };
    parsed
        .diagnostics
        .iter()
        .map(|diagnostic| render::human(diagnostic, &sources, style))
        .collect()
}

#[test]
fn strategy_block() {
    insta::assert_debug_snapshot!(ast(
        "/// The plan.\nstrategy \"Go \\\"big\\\"\" { currency USD; horizon 12 months; budget 1.2M USD; start 2027-01-04 }"
    ));
}

#[test]
fn uses() {
    insta::assert_debug_snapshot!(ast(
        "use std.channels.{cloud_marketplace, tech_community}\nuse std.pricing.subscription\nuse \"./shared/markets.strat\""
    ));
}

#[test]
fn param_with_percent() {
    insta::assert_debug_snapshot!(ast("param size_factor = 100%"));
}

#[test]
fn market() {
    insta::assert_debug_snapshot!(ast(
        "market hospitals {\n  title \"Tier-2 hospitals\"; domain healthcare\n  size 4000 customers * size_factor\n  competitor \"MedAI\" share 35%\n  price 300 USD/month\n}"
    ));
}

#[test]
fn pricing_with_options() {
    insta::assert_debug_snapshot!(ast(
        "pricing hospitals {\n  /// Flat fee.\n  option subscription : subscription { price 2k USD/month }\n  option usage : usage_based { price 1.5k USD/month; conversion 125% }\n}"
    ));
}

#[test]
fn channel() {
    insta::assert_debug_snapshot!(ast(
        "channel aws : cloud_marketplace {\n  reaches hospitals 70%, clinics 30%\n  setup 40k USD; lead 2 months; revenue_share 15%\n  spend min 10k USD; spend max 300k USD\n  after research.interviews\n  response { 50k USD => 60 customers; 150k USD => 140 customers }\n}"
    ));
}

#[test]
fn stages_tasks_and_curves() {
    insta::assert_debug_snapshot!(ast(
        "stage research { task interviews \"Interview 30 CIOs\" { duration 3 weeks; cost 15k USD } }\nstage promotion after channels, model { budget max 500k USD }\nstage service {\n  satisfaction { base 3.4; load 0.0001 per customer; response { 40k USD => 4.0 } }\n}\nstage iteration { tech { base 62; response { 100k USD => 74 } } }"
    ));
}

#[test]
fn objectives_in_all_three_forms() {
    insta::assert_debug_snapshot!(ast(
        "objective weighted { maximize share weight 0.4; maximize revenue weight 0.6 }\nobjective lexicographic { maximize revenue within 5%; minimize spend }\nobjective maximize revenue - 2 * spend(promotion)"
    ));
}

#[test]
fn constraints() {
    insta::assert_debug_snapshot!(ast(
        "constraint diversity: active_channels >= 2\nconstraint no_lock_in: revenue(aws) <= 60% * revenue\nconstraint community_first: active(aws) => active(dev)\nconstraint spend(c) == (budget - 10k USD) / 2"
    ));
}

#[test]
fn scenario_pareto_and_archetypes() {
    insta::assert_debug_snapshot!(ast(
        "scenario pessimistic { size_factor = 70% }\npareto revenue, share points 7\narchetype channel cloud_marketplace { revenue_share 15%; lead 2 months }\narchetype pricing subscription { conversion 100% }"
    ));
}

#[test]
fn expressions_are_flat_sums_of_products() {
    insta::assert_debug_snapshot!(ast(
        "param x = -a + 2 * b / c - (d - e) * 1_000 per customer"
    ));
}

#[test]
fn comments_and_separators() {
    let file = ast(
        "// leading\n/* block\n market x {} */\nparam a = 1 // trailing\n;param b = 2; param c = 3\n\n//// four slashes is a plain comment\nparam d = 4",
    );
    assert_eq!(file.items.len(), 4);
    assert!(file.items.iter().all(|item| item.doc.is_none()));
}

#[test]
fn the_contract_example_parses() {
    let text = include_str!("../../examples/medassist.strat");
    let file = ast(text);
    assert_eq!(file.items.len(), 21);
    let doc = file.items[0]
        .doc
        .as_ref()
        .expect("the strategy has a doc comment");
    assert_eq!(
        doc.text,
        "MedAssist: an LLM copilot that drafts clinical documentation."
    );
}

#[test]
fn error_per_without_a_unit_word() {
    insta::assert_snapshot!(errors("market m {\n  price 2k USD per\n}\n"));
}

#[test]
fn a_count_after_per_is_above_zero() {
    let text = "param a = 2 USD per 0 tokens\nparam b = 2 USD per 5% tokens\n";
    let parsed = parse(crate::source::FileId(0), text);
    let messages: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["`per 0` counts no units", "`per 5%` counts no units"]
    );
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.code == crate::diagnostic::Code::InvalidNumber)
    );
}

#[test]
fn units_and_pay_per_use_prices() {
    insta::assert_debug_snapshot!(ast(
        "unit tokens\npricing m {\n  option api { price 0.012 USD per 1k tokens; usage 40M tokens/month }\n}\n"
    ));
}

#[test]
fn error_unknown_channel_statement() {
    insta::assert_snapshot!(errors("channel aws {\n  reach hospitals\n}\n"));
}

#[test]
fn error_unclosed_block() {
    insta::assert_snapshot!(errors("market m {\n  size 4 customers\n\nparam x = 1\n"));
}

#[test]
fn error_keyword_as_name() {
    insta::assert_snapshot!(errors("market option { size 4 customers }\n"));
}

#[test]
fn error_bad_literals() {
    insta::assert_snapshot!(errors(
        "strategy \"bad \\q\" { start 2027-02-30 }\npareto a, b points 99999999999\n"
    ));
}

#[test]
fn error_stray_doc_comment() {
    insta::assert_snapshot!(errors("channel c {\n  /// not here\n  setup 1 USD\n}\n"));
}

#[test]
fn error_too_deep() {
    let text = format!("param x = {}1{}\n", "(".repeat(70), ")".repeat(70));
    insta::assert_snapshot!(errors(&text));
}

#[test]
fn errors_in_several_items_are_all_reported() {
    insta::assert_snapshot!(errors(
        "param a = \nmarket m { size 4 customers }\nchannel c { setup 40k }\nconstraint x: a > 2\n"
    ));
}

#[test]
fn a_long_unexpected_word_is_quoted_in_part() {
    let text = format!("market m {{ size 4 customers {} }}", "x".repeat(60_000));
    let parsed = parse(crate::source::FileId(0), &text);
    assert_eq!(
        parsed.diagnostics[0].message,
        format!("unexpected `{}…`", "x".repeat(40))
    );
}

#[test]
fn a_file_that_is_no_strategy_is_told_what_a_file_holds() {
    let parsed = parse(
        crate::source::FileId(0),
        "root:x:0:0:root:/root:/bin/bash\n",
    );
    let diagnostic = &parsed.diagnostics[0];
    assert_eq!(
        diagnostic.labels[0].message,
        "expected an item such as `market`, `channel` or `stage`"
    );
    assert!(
        diagnostic
            .help
            .as_deref()
            .unwrap()
            .starts_with("a file holds items")
    );
}
