//! Fuzzing with a fixed budget (issue 11), so that it runs in every `cargo test`: the
//! three entry points a user's text reaches (check, fmt and build) over byte soup, token
//! soup made from the grammar's own literals, and mutations of the examples.
//!
//! - check never panics, and every label of every diagnostic points inside its file;
//! - fmt never panics, and text that parses keeps its syntax tree and is settled after
//!   one pass;
//! - build never panics, a strategy that checks renders every output or none, and the
//!   binary exits 0 or 1 and writes all of its files or none.
//!
//! `tests/robustness.rs` already feeds the parser bytes and a hand-made token list, and the
//! checker and formatter reshuffled example lines; `tests/optimise_properties.rs` builds
//! random valid strategies. The budget is a few seconds per property; set
//! `STRATC_FUZZ_CASES` for a longer run (docs/security.md, "Fuzzing"). The properties
//! themselves are in `common/properties.rs`, which the cargo-fuzz targets of `fuzz/`
//! check too, for runs without a budget.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;

mod common;
#[path = "common/properties.rs"]
mod properties;

/// The cases a property runs: `default`, or `STRATC_FUZZ_CASES`.
fn budget(default: u32) -> ProptestConfig {
    let cases = std::env::var("STRATC_FUZZ_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    }
}

/// Every double-quoted literal of `grammar/stratc.pest` (keywords, units, punctuation),
/// then numbers, names, strings and blanks of the kinds the grammar reads.
fn grammar_tokens() -> Vec<String> {
    let grammar = common::read("grammar/stratc.pest");
    let mut tokens = Vec::new();
    let mut chars = grammar.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => literal.extend(chars.next()),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() && !literal.contains(char::is_whitespace) {
            tokens.push(literal);
        }
    }
    tokens.sort();
    tokens.dedup();
    tokens.extend(
        [
            "0",
            "1",
            "2.5",
            "40k",
            "1.5M",
            "3B",
            "15%",
            "-1",
            "1e9",
            "99999999999999999999999999",
            "0.000000001",
            "m0",
            "c1",
            "a.b",
            "\"title\"",
            "\"unclosed",
            "2027-01-04",
            "2027-13-45",
            "USD",
            "EUR",
            "\n",
            "\n\n",
            "\t",
            "\u{FEFF}",
            "é",
        ]
        .map(str::to_string),
    );
    tokens
}

/// Text from the grammar's tokens, separated by nothing, a space or a newline.
fn token_soup() -> impl Strategy<Value = Vec<u8>> {
    let tokens = grammar_tokens();
    proptest::collection::vec((any::<prop::sample::Index>(), 0..3usize), 0..160).prop_map(
        move |picks| {
            let mut text = String::new();
            for (pick, separator) in picks {
                text.push_str(pick.get::<String>(&tokens));
                text.push_str(["", " ", "\n"][separator]);
            }
            text.into_bytes()
        },
    )
}

/// One change to a file.
#[derive(Clone, Debug)]
enum Mutation {
    /// Removes up to this many bytes.
    Delete(prop::sample::Index, u8),
    /// Repeats up to this many bytes.
    Repeat(prop::sample::Index, u8),
    /// Puts a token of the grammar in.
    Insert(prop::sample::Index, prop::sample::Index),
    /// Puts any byte in place of one.
    Replace(prop::sample::Index, u8),
    /// Replaces a digit with another.
    Digit(prop::sample::Index, u8),
    /// Swaps two lines.
    Swap(prop::sample::Index, prop::sample::Index),
    /// Removes a line.
    DropLine(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<prop::sample::Index>;
    prop_oneof![
        (at(), 1..40u8).prop_map(|(at, length)| Mutation::Delete(at, length)),
        (at(), 1..40u8).prop_map(|(at, length)| Mutation::Repeat(at, length)),
        (at(), at()).prop_map(|(at, token)| Mutation::Insert(at, token)),
        (at(), any::<u8>()).prop_map(|(at, byte)| Mutation::Replace(at, byte)),
        (at(), 0..10u8).prop_map(|(at, digit)| Mutation::Digit(at, digit)),
        (at(), at()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        at().prop_map(Mutation::DropLine),
    ]
}

/// `bytes` with `mutation` made.
fn mutate(bytes: &mut Vec<u8>, mutation: &Mutation, tokens: &[String]) {
    if bytes.is_empty() {
        return;
    }
    let place = |at: &prop::sample::Index| at.index(bytes.len());
    match mutation {
        Mutation::Delete(at, length) => {
            let start = place(at);
            let end = (start + usize::from(*length)).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::Repeat(at, length) => {
            let start = place(at);
            let end = (start + usize::from(*length)).min(bytes.len());
            let copy = bytes[start..end].to_vec();
            bytes.splice(end..end, copy);
        }
        Mutation::Insert(at, token) => {
            let start = place(at);
            bytes.splice(start..start, token.get(tokens).bytes());
        }
        Mutation::Replace(at, byte) => {
            let start = place(at);
            bytes[start] = *byte;
        }
        Mutation::Digit(at, digit) => {
            let start = place(at);
            if let Some(found) = bytes[start..].iter().position(u8::is_ascii_digit) {
                bytes[start + found] = b'0' + digit;
            }
        }
        Mutation::Swap(a, b) | Mutation::DropLine(a @ b) => {
            let mut lines: Vec<Vec<u8>> = bytes
                .split(|&byte| byte == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            let (a, b) = (a.index(lines.len()), b.index(lines.len()));
            if matches!(mutation, Mutation::DropLine(_)) {
                lines.remove(a);
            } else {
                lines.swap(a, b);
            }
            *bytes = lines.join(&b'\n');
        }
    }
}

/// An example with a few mutations made.
fn mutated_example() -> impl Strategy<Value = Vec<u8>> {
    let examples: Vec<String> = common::examples()
        .iter()
        .map(|path| common::read(path))
        .collect();
    let tokens = grammar_tokens();
    (
        any::<prop::sample::Index>(),
        proptest::collection::vec(mutation(), 1..6),
    )
        .prop_map(move |(example, mutations)| {
            let mut bytes = example.get(&examples).clone().into_bytes();
            for mutation in &mutations {
                mutate(&mut bytes, mutation, &tokens);
            }
            bytes
        })
}

/// Any of the three kinds of input.
fn any_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        token_soup(),
        mutated_example(),
    ]
}

/// Fails the case with what `property` says went wrong.
fn holds(property: fn(&[u8]) -> Result<(), String>, input: &[u8]) -> Result<(), TestCaseError> {
    property(input).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(budget(256))]

    #[test]
    fn check_never_panics_and_labels_point_inside_the_file(input in any_input()) {
        holds(properties::check, &input)?;
    }

    #[test]
    fn fmt_never_panics_keeps_the_tree_and_settles(input in any_input()) {
        holds(properties::fmt, &input)?;
    }
}

proptest! {
    #![proptest_config(budget(16))]

    #[test]
    fn build_never_panics_and_renders_every_output_or_none(input in mutated_example()) {
        holds(properties::build, &input)?;
    }
}

/// A fresh folder for each case of a property that runs the binary.
fn case_folder() -> std::path::PathBuf {
    static CASES: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "fuzz_build_{}",
        CASES.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

proptest! {
    #![proptest_config(budget(8))]

    #[test]
    fn the_binary_exits_0_or_1_and_writes_every_file_or_none(input in mutated_example()) {
        let dir = case_folder();
        std::fs::write(dir.join("fuzz.strat"), &input).unwrap();
        let output = assert_cmd::Command::cargo_bin("stratc")
            .unwrap()
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .args(["build", "fuzz.strat", "-o", "plan", "--time-limit", "1"])
            .output()
            .unwrap();
        let stderr = common::text(&output.stderr);
        prop_assert!(matches!(output.status.code(), Some(0 | 1)), "{:?}\n{stderr}", output.status);
        prop_assert!(!stderr.contains("panicked"), "{stderr}");
        let mut written: Vec<String> = std::fs::read_dir(dir.join("plan"))
            .map(|entries| {
                entries
                    .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        written.sort();
        let every = ["fuzz.html", "fuzz.json", "fuzz.md"];
        prop_assert!(written.is_empty() || written == every, "{written:?}\n{stderr}");
        if output.status.code() == Some(0) {
            prop_assert!(written == every, "{written:?}\n{stderr}");
        }
    }
}
