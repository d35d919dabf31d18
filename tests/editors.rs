//! The VS Code extension's files against the language: its TextMate grammar knows every
//! keyword and magnitude suffix of `grammar/stratc.pest`, and its JSON files parse. The
//! grammar's scopes themselves are tested by `npm test` in `editors/vscode` (`.ci/run`).

use std::collections::BTreeSet;

mod common;

use common::read;

/// The words of the pest grammar's keyword rules: the reserved words and the statement
/// keywords (`kw_size = @{ "size" ~ !ident_char }`).
fn pest_keywords() -> BTreeSet<String> {
    let grammar = read("grammar/stratc.pest");
    let mut words = BTreeSet::new();
    for line in grammar.lines() {
        let line = line.trim();
        let is_keyword_rule = line.starts_with("kw_") || line.starts_with("keyword =");
        let is_keyword_list = line.starts_with("\"strategy\"") || line.starts_with("| \"");
        if is_keyword_rule || is_keyword_list {
            words.extend(line.split('"').skip(1).step_by(2).map(str::to_string));
        }
    }
    words
}

/// Every `match` and `begin` pattern of the TextMate grammar.
fn textmate_patterns() -> Vec<String> {
    let grammar: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/syntaxes/strat.tmLanguage.json")).unwrap();
    let mut patterns = Vec::new();
    let mut stack = vec![&grammar];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(fields) => {
                for (key, field) in fields {
                    match (key.as_str(), field) {
                        ("match" | "begin", serde_json::Value::String(pattern)) => {
                            patterns.push(pattern.clone())
                        }
                        _ => stack.push(field),
                    }
                }
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    patterns
}

/// Whether `word` is one alternative of a group in `pattern`: `(word|`, `|word|`, `|word)`.
fn has_alternative(pattern: &str, word: &str) -> bool {
    ["(", "(?:", "|"].iter().any(|before| {
        ["|", ")"]
            .iter()
            .any(|after| pattern.contains(&format!("{before}{word}{after}")))
    })
}

#[test]
fn the_textmate_grammar_knows_every_keyword() {
    let keywords = pest_keywords();
    // The reserved words, the statement words and a few on either side of the list.
    for expected in [
        "strategy",
        "archetype",
        "points",
        "revenue_share",
        "satisfaction",
        "min",
    ] {
        assert!(keywords.contains(expected), "{expected} in {keywords:?}");
    }
    let patterns = textmate_patterns();
    let unknown: Vec<&String> = keywords
        .iter()
        .filter(|word| {
            !patterns
                .iter()
                .any(|pattern| has_alternative(pattern, word))
        })
        .collect();
    assert!(
        unknown.is_empty(),
        "editors/vscode/syntaxes/strat.tmLanguage.json does not highlight {unknown:?}"
    );
}

#[test]
fn the_textmate_grammar_knows_every_magnitude_suffix() {
    let grammar = read("grammar/stratc.pest");
    let rule = grammar
        .lines()
        .find(|line| line.starts_with("magnitude"))
        .expect("the pest grammar has a magnitude rule");
    let suffixes: Vec<&str> = rule.split('"').skip(1).step_by(2).collect();
    assert_eq!(suffixes, ["k", "M", "B", "万", "亿"]);
    let patterns = textmate_patterns();
    for suffix in suffixes {
        assert!(
            patterns
                .iter()
                .any(|pattern| has_alternative(pattern, suffix)),
            "the TextMate grammar does not read the suffix {suffix}"
        );
    }
}

#[test]
fn the_extension_manifest_names_the_grammar_and_the_language_configuration() {
    let manifest: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    let contributes = &manifest["contributes"];
    assert_eq!(contributes["languages"][0]["id"], "strat");
    assert_eq!(contributes["languages"][0]["extensions"][0], ".strat");
    let configuration = contributes["languages"][0]["configuration"]
        .as_str()
        .unwrap();
    let grammar = contributes["grammars"][0]["path"].as_str().unwrap();
    for path in [configuration, grammar] {
        let text = read(&format!("editors/vscode/{}", path.trim_start_matches("./")));
        serde_json::from_str::<serde_json::Value>(&text).unwrap();
    }
    let language: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/language-configuration.json")).unwrap();
    assert_eq!(language["comments"]["lineComment"], "//");
    assert_eq!(contributes["grammars"][0]["scopeName"], "source.strat");
}
