//! Untrusted input: whatever the bytes, parsing gives items or diagnostics, never a panic
//! or a stack overflow.

use proptest::prelude::*;

mod common;
use stratc::check::{self, FileLoader};
use stratc::source::{SourceFile, SourceMap};
use stratc::syntax;

/// Loads and parses bytes the way `stratc check` does, returning the number of errors.
fn parse_bytes(bytes: Vec<u8>) -> usize {
    let mut sources = SourceMap::new();
    match sources.add_bytes("input.strat", bytes) {
        Ok(file) => {
            let parsed = syntax::parse(file, &sources.get(file).text);
            parsed.diagnostics.len()
        }
        Err(_) => 1,
    }
}

/// A loader for which every import exists and holds the same text as the root, so that
/// `use` items import without end unless the checker bounds them.
struct Echo(String);

impl FileLoader for Echo {
    fn read(&self, _path: &str) -> std::io::Result<Vec<u8>> {
        Ok(self.0.clone().into_bytes())
    }
}

/// Runs the whole checker on `text`, returning whether it produced a model.
fn check_text(text: &str) -> bool {
    let mut sources = SourceMap::new();
    let file = sources.add(SourceFile::new("input.strat", text));
    check::check(file, &mut sources, &Echo(text.to_string()))
        .model
        .is_some()
}

/// Lines of real strategies, shuffled into new strategies by the property tests.
fn example_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for path in common::examples() {
        lines.extend(common::read(&path).lines().map(str::to_string));
    }
    lines
}

fn example() -> String {
    common::read("examples/medassist.strat")
}

/// Pieces of real syntax, so that random strings get deep into the grammar.
const TOKENS: &[&str] = &[
    "strategy",
    "market",
    "channel",
    "stage",
    "pricing",
    "option",
    "objective",
    "constraint",
    "scenario",
    "pareto",
    "archetype",
    "use",
    "param",
    "task",
    "response",
    "reaches",
    "size",
    "{",
    "}",
    "(",
    ")",
    ";",
    "\n",
    ",",
    ":",
    "=>",
    ">=",
    "=",
    "+",
    "-",
    "*",
    "/",
    "\"x\"",
    "40k",
    "15%",
    "USD",
    "customers",
    "months",
    "per",
    "///",
    "//",
    "/*",
    "*/",
    "a",
    "b.c",
    "2027-01-04",
    "maximize",
    "weight",
    "within",
    " ",
    "\\",
    "\"",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        parse_bytes(bytes);
    }

    #[test]
    fn random_token_soup_never_panics(
        picks in proptest::collection::vec(0..TOKENS.len(), 0..200)
    ) {
        let text: String = picks.iter().map(|&index| TOKENS[index]).collect::<Vec<_>>().join(" ");
        parse_bytes(text.into_bytes());
    }

    #[test]
    fn every_error_points_inside_the_file(
        picks in proptest::collection::vec(0..TOKENS.len(), 1..80)
    ) {
        let text: String = picks.iter().map(|&index| TOKENS[index]).collect();
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("soup.strat", text.clone()));
        for diagnostic in syntax::parse(file, &text).diagnostics {
            for label in &diagnostic.labels {
                prop_assert!(label.span.start <= label.span.end && label.span.end <= text.len());
                prop_assert!(text.is_char_boundary(label.span.start));
            }
            prop_assert!(diagnostic.help.is_some() || !diagnostic.labels.is_empty());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_checker_never_panics_on_shuffled_strategies(
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..120)
    ) {
        let lines = example_lines();
        let text: String = picks.iter().map(|pick| pick.get(&lines).as_str()).collect::<Vec<_>>().join("\n");
        check_text(&text);
    }

    #[test]
    fn the_checker_never_panics_on_token_soup(
        picks in proptest::collection::vec(0..TOKENS.len(), 0..200)
    ) {
        let text: String = picks.iter().map(|&index| TOKENS[index]).collect::<Vec<_>>().join(" ");
        check_text(&text);
    }
}

#[test]
fn a_file_importing_itself_by_ever_longer_paths_stops() {
    assert!(!check_text("use \"./again/x.strat\""));
}

#[test]
fn the_examples_check_into_models() {
    for name in [
        "medassist",
        "fraud-detection",
        "tutoring",
        "security-copilot",
        "uncertain-curves",
    ] {
        let path = format!("{}/examples/{name}.strat", env!("CARGO_MANIFEST_DIR"));
        assert!(
            check_text(&std::fs::read_to_string(path).unwrap()),
            "{name}"
        );
    }
}

#[test]
fn every_truncation_of_the_example_parses_or_errs() {
    let text = example();
    for end in 0..text.len() {
        parse_bytes(text.as_bytes()[..end].to_vec());
    }
}

#[test]
fn ten_thousand_nested_parentheses_are_an_error() {
    let text = format!("param x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
    assert_eq!(parse_bytes(text.into_bytes()), 1);
    let braces = format!("market m {}\n", "{".repeat(10_000));
    assert_eq!(parse_bytes(braces.into_bytes()), 1);
}

#[test]
fn a_ten_megabyte_file_parses() {
    let example = example();
    let copies = 10_000_000 / example.len() + 1;
    let text = example.repeat(copies);
    assert!(text.len() >= 10_000_000);
    assert_eq!(parse_bytes(text.into_bytes()), 0);
}

#[test]
fn a_ten_megabyte_expression_parses() {
    let text = format!("param x = 1{}\n", " + 1".repeat(2_500_000));
    assert_eq!(parse_bytes(text.into_bytes()), 0);
}

/// The examples with their layout scrambled: each line indented by `indents[i]` spaces,
/// and in lines without strings or comments each space widened to `widths[j]` blanks
/// (spaces or tabs). Blank lines stay: they are the author's paragraphs.
fn scrambled(indents: &[u8], widths: &[u8]) -> String {
    let mut text = String::new();
    let mut widths = widths.iter().cycle();
    for (line, indent) in example_lines().iter().zip(indents.iter().cycle()) {
        text.push_str(&" ".repeat(usize::from(indent % 7)));
        let plain = !line.contains('"') && !line.contains("//");
        for c in line.trim_start().chars() {
            if c == ' ' && plain {
                let width = widths.next().copied().unwrap_or(1);
                let blank = if width % 2 == 0 { " " } else { "\t" };
                text.push_str(&blank.repeat(usize::from(width % 3) + 1));
            } else {
                text.push(c);
            }
        }
        text.push('\n');
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn formatting_keeps_the_meaning_and_settles_in_one_pass(
        indents in proptest::collection::vec(any::<u8>(), 1..40),
        widths in proptest::collection::vec(any::<u8>(), 1..40),
    ) {
        let text = scrambled(&indents, &widths);
        let formatted = stratc::formatter::format(&text);
        prop_assert!(stratc::formatter::same_meaning(&text, &formatted));
        prop_assert!(stratc::formatter::format(&formatted) == formatted, "formatting twice changes nothing");
        let original = stratc::formatter::format(&example_lines().join("\n"));
        prop_assert!(formatted == original, "the layout does not depend on the spacing it starts from");
    }

    #[test]
    fn formatting_never_panics_on_token_soup(
        picks in proptest::collection::vec(0..TOKENS.len(), 0..200)
    ) {
        let text: String = picks.iter().map(|&index| TOKENS[index]).collect::<Vec<_>>().join(" ");
        stratc::formatter::format(&text);
    }
}
