//! Untrusted input: whatever the bytes, parsing gives items or diagnostics, never a panic
//! or a stack overflow.

use proptest::prelude::*;
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

fn example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/medassist.strat"
    ))
    .unwrap()
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
