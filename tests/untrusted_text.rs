//! Issue 11, hardening: text that no strategy should hold (a byte order mark, control
//! characters, lines of 65,536 characters and more, thousands of errors, numbers the
//! solver cannot hold) gives a clear diagnostic, quickly, through the real binary.

use std::path::PathBuf;
use std::process::Output;

mod common;

use common::{out_dir, stratc, text};

/// Writes `bytes` as `NAME` in a fresh folder of its own, and returns its path. Tests run
/// in parallel: each names its files apart from every other test's.
fn written(name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let dir = out_dir(&format!("untrusted_{}", name.replace('.', "_")));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs `stratc` on `args`, where `{}` stands for `path`.
fn run(path: &std::path::Path, args: &[&str]) -> Output {
    let path = path.to_str().unwrap();
    let args: Vec<&str> = args
        .iter()
        .map(|arg| if *arg == "{}" { path } else { arg })
        .collect();
    stratc(&args)
}

/// A strategy that builds: one market, one channel, revenue maximised.
const SMALL: &str = "strategy \"Small\" { currency USD; horizon 12 months; budget 100k USD }\n\
market clinics { size 12k customers; price 300 USD/month }\n\
channel community {\n  reaches clinics\n  lead 1 month\n  response { 20k USD => 150 customers }\n}\n\n\
objective maximize revenue\n";

/// Issue 11: a UTF-8 byte order mark before a `///` first line failed with E0001.
#[test]
fn a_byte_order_mark_is_ignored_wherever_the_file_starts() {
    for (name, start) in [
        ("bom_doc.strat", "/// The plan.\n"),
        ("bom_comment.strat", "// A comment.\n"),
        ("bom_blank.strat", "\n"),
        ("bom_item.strat", ""),
    ] {
        let path = written(name, format!("\u{FEFF}{start}{SMALL}"));
        let check = run(&path, &["check", "{}"]);
        assert_eq!(
            check.status.code(),
            Some(0),
            "{name}: {}",
            text(&check.stderr)
        );
        // The layout has no blank line at the start; the mark stays where it is.
        let fmt = run(&path, &["fmt", "--check", "{}"]);
        let formatted = start != "\n";
        assert_eq!(
            fmt.status.success(),
            formatted,
            "{name}: {}",
            text(&fmt.stderr)
        );
    }
    // Columns count from after the mark, as editors count them.
    // `points` is reserved, so after a number it is a syntax error; any other name would
    // be read as a unit word.
    let path = written("bom_error.strat", "\u{FEFF}param x = 1 points\n");
    let short = run(&path, &["check", "--diagnostics", "short", "{}"]);
    assert!(
        text(&short.stdout).contains(":1:13: error[E0001]"),
        "{}",
        text(&short.stdout)
    );
}

/// Issue 11: `--set "size_factor=100%; constraint spend <= 1 USD"` built the plan with
/// 100% and silently dropped the constraint.
#[test]
fn a_set_value_is_one_value() {
    let out = out_dir("untrusted_set_one_value");
    for set in [
        "size_factor=100%; constraint spend <= 1 USD",
        "size_factor=100%\nconstraint spend <= 1 USD",
        "size_factor=100%; param other = 2",
    ] {
        let output = common::build("examples/medassist.strat", &out, &["--set", set]);
        assert_eq!(output.status.code(), Some(2), "{set:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("error[E0001]: `--set` takes one value"),
            "{set:?}: {stderr}"
        );
        assert!(stderr.contains("help: give each param its own `--set NAME=VALUE`"));
        assert!(!out.join("medassist.json").exists(), "no plan");
    }
    let fine = common::build(
        "examples/medassist.strat",
        &out,
        &[
            "--set",
            "size_factor=100% // a comment is fine",
            "--emit",
            "json",
        ],
    );
    assert_eq!(fine.status.code(), Some(0), "{}", text(&fine.stderr));
}

/// Issue 11: `--time-limit 1e300` failed as "the solver crashed: cannot convert float
/// seconds to Duration"; a limit that ends before any plan was "An unexpected error
/// occurred".
#[test]
fn a_time_limit_is_validated_and_running_out_of_it_is_said_plainly() {
    let out = out_dir("untrusted_time_limit");
    for limit in ["1e300", "inf", "NaN", "0", "-3", "0.0001", "1000001"] {
        let flag = format!("--time-limit={limit}");
        let output = common::build("examples/medassist.strat", &out, &[&flag]);
        assert_eq!(output.status.code(), Some(2), "{limit}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with("error: --time-limit takes 0.001 to 1000000 seconds, not "),
            "{limit}: {stderr}"
        );
        assert!(stderr.lines().count() == 1, "{limit}: {stderr}");
    }
    // A millisecond is too short for microlp to find any plan of the example.
    let output = common::build(
        "examples/medassist.strat",
        &out,
        &["--time-limit", "0.001", "--emit", "json"],
    );
    let stderr = text(&output.stderr);
    if output.status.code() == Some(1) {
        assert!(
            stderr.contains("error[E0702]: no plan found within the time limit"),
            "{stderr}"
        );
        assert!(stderr.contains("help: raise `--time-limit`, or try `--solver highs`"));
        assert!(!stderr.contains("unexpected"), "{stderr}");
    } else {
        // A machine fast enough to find a plan in a millisecond marks it not proven.
        assert_eq!(output.status.code(), Some(0), "{stderr}");
    }
}

/// Runs `stratc` on `args` (with `{}` for `path`) and returns the output and the seconds
/// it took.
fn timed(path: &std::path::Path, args: &[&str]) -> (Output, f64) {
    let started = std::time::Instant::now();
    let output = run(path, args);
    (output, started.elapsed().as_secs_f64())
}

/// Issue 11: `fmt` on a file of a million blank lines ran for minutes (each blank line
/// searched ahead for the next line with text).
#[test]
fn fmt_of_a_million_blank_lines_is_quick() {
    let path = written(
        "blank_lines.strat",
        format!("param a = 1\n{}param b = 2\n", "\n".repeat(1_000_000)),
    );
    let (output, seconds) = timed(&path, &["fmt", "{}"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "param a = 1\n\nparam b = 2\n"
    );
    assert!(seconds < 20.0, "took {seconds:.1} s");
}

/// Issue 11: a diagnostic at a column past 65,535 made miette panic ("Formatting argument
/// out of range", exit 101), and a warning there made `build` exit 101 with no plan.
#[test]
fn a_diagnostic_past_column_65535_is_shown_clipped() {
    for (name, before) in [
        ("wide_spaces.strat", " ".repeat(65_600)),
        ("wide_comment.strat", format!("/*{}*/ ", "x".repeat(65_600))),
    ] {
        let path = written(name, format!("{before}market m {{ size 4 points }}\n"));
        let output = run(&path, &["check", "{}"]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains("error[E0001]: unexpected `points`"),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("{name}:1:{}]", before.len() + 19)),
            "{stderr}"
        );
        assert!(stderr.len() < 2_000, "{name}: {} bytes", stderr.len());
    }
    // One line of a whole strategy, with a warning (W0002, W0003) far to the right.
    let line = SMALL
        .replace("\n\n", "\n")
        .replace('\n', "; ")
        .replace("{; ", "{ ");
    let line = line.replace(
        "lead 1 month",
        &format!("lead 13 months{}", " ".repeat(65_600)),
    );
    let path = written("one_line.strat", format!("{line}\n"));
    let out = path.parent().unwrap().join("plan");
    let output = run(&path, &["build", "{}", "-o", out.to_str().unwrap()]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning[W0002]"), "{stderr}");
    assert!(out.join("one_line.json").exists(), "the plan is written");
    assert!(stderr.len() < 5_000, "{} bytes", stderr.len());
}

/// Issue 11: a file that does not parse as a strategy may be anything (`use
/// "/etc/shadow"`): its diagnostic quotes the line it points at, not the lines around it.
#[test]
fn a_file_that_is_not_a_strategy_is_quoted_no_further_than_its_error() {
    let path = written(
        "imports_a_secret.strat",
        format!("{SMALL}use \"./secret.txt\"\n"),
    );
    std::fs::write(
        path.with_file_name("secret.txt"),
        "first line\nroot:$6$saltsalt$hashhashhash:19000:0:99999:7:::\nsecond:secret\n",
    )
    .unwrap();
    for format in ["human", "short", "json"] {
        let output = run(&path, &["check", "--diagnostics", format, "{}"]);
        assert_eq!(output.status.code(), Some(1));
        let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
        assert!(all.contains("E0001"), "{all}");
        assert!(
            !all.contains("hashhash") && !all.contains("second"),
            "{format}: {all}"
        );
    }
}

/// Issue 11: control characters from the source (ESC, BEL, NUL) reached the terminal raw
/// in diagnostics.
#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let path = written(
        "controls.strat",
        format!(
            "{SMALL}// \u{1b}[2J\u{7} cleared\nparam x = 1 \u{1b}[31m\u{0}\nuse \"./\u{1b}]0;title\u{7}.strat\"\n"
        ),
    );
    for format in ["human", "short", "json"] {
        let output = run(&path, &["check", "--diagnostics", format, "{}"]);
        assert_eq!(output.status.code(), Some(1));
        for stream in [&output.stdout, &output.stderr] {
            let printed = text(stream);
            assert!(
                !printed.contains(['\u{1b}', '\u{7}', '\u{0}']),
                "{format}: {printed:?}"
            );
        }
    }
    let human = text(&run(&path, &["check", "{}"]).stderr);
    assert!(human.contains("\\u{1b}"), "{human}");
}

/// Issue 11: 40,000 errors took 31 s in the human format; they now print the first 200
/// and one line that counts the rest. `short` lists every one.
#[test]
fn forty_thousand_errors_print_two_hundred_and_a_count() {
    let mut strategy = String::from(SMALL);
    for index in 0..40_000 {
        strategy.push_str(&format!("market m{index} {{ size 4 points }}\n"));
    }
    let path = written("many_errors.strat", strategy);
    let (output, seconds) = timed(&path, &["check", "{}"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr.matches("error[E0001]").count(), 200);
    assert!(
        stderr.contains(
            "…and 39800 more not shown (39800 errors): `--diagnostics short` lists every one"
        ),
        "{}",
        &stderr[stderr.len() - 300..]
    );
    assert!(
        stderr.ends_with(": 40000 errors\n"),
        "the summary counts every one"
    );
    assert!(seconds < 20.0, "took {seconds:.1} s");
    let short = run(&path, &["check", "--diagnostics", "short", "{}"]);
    assert_eq!(text(&short.stdout).lines().count(), 40_000);
}

/// Issue 11: 4,000 errors on one 60 KB line wrote 481 MB (the whole line for each).
#[test]
fn errors_on_one_long_line_each_show_a_piece_of_it() {
    let markets: Vec<String> = (0..4_000)
        .map(|index| format!("market m{index} {{ size 4 customers; price 1 USD }}"))
        .collect();
    let path = written(
        "long_line.strat",
        format!(
            "{}; objective maximize revenue; {}\n",
            SMALL.lines().next().unwrap(),
            markets.join("; ")
        ),
    );
    let output = run(&path, &["check", "{}"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr.matches("error[E0201]").count(),
        200,
        "{}",
        &stderr[..2_000]
    );
    assert!(stderr.len() < 400_000, "{} bytes", stderr.len());
}

/// Issue 11: every misspelt name was compared with every known name by a full edit
/// distance table: 4,000 of each took 43 s, and one name of 60,000 letters 5 s.
#[test]
fn suggestions_for_thousands_of_misspelt_names_are_quick() {
    let mut strategy = String::from(SMALL);
    for index in 0..4_000 {
        strategy.push_str(&format!(
            "market market_number_{index} {{ size 4 customers; price 1 USD/month }}\n"
        ));
    }
    for index in 0..4_000 {
        strategy.push_str(&format!(
            "channel c{index} {{ reaches market_numbr_{index}; response {{ 1k USD => 1 customers }} }}\n"
        ));
    }
    strategy.push_str(&format!(
        "channel long {{ reaches {} }}\n",
        "a".repeat(60_000)
    ));
    let path = written("misspelt.strat", strategy);
    let (output, seconds) = timed(&path, &["check", "--diagnostics", "json", "{}"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("did you mean `market_number_3999`?"),
        "the suggestions stay"
    );
    assert!(seconds < 20.0, "took {seconds:.1} s");
}

/// `markdown` without its code spans (a run of backticks to the next run as long, on one
/// line) and without its backslash escapes: the text where raw HTML would be markup.
fn outside_code_spans(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut at = 0;
        while at < chars.len() {
            match chars[at] {
                '\\' => at += 2,
                '`' => {
                    let ticks = chars[at..].iter().take_while(|&&c| c == '`').count();
                    let mut close = at + ticks;
                    let mut closed = false;
                    while close < chars.len() {
                        let run = chars[close..].iter().take_while(|&&c| c == '`').count();
                        if run == ticks {
                            closed = true;
                            break;
                        }
                        close += run.max(1);
                    }
                    at = if closed { close + ticks } else { at + ticks };
                }
                c => {
                    out.push(c);
                    at += 1;
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Issue 11: a title or doc comment with a line break and backticks escaped its code span
/// in the Markdown plan, and a CommonMark renderer showed its raw `<img onerror>`, its
/// `javascript:` link, and hid the rest of the plan after `<!--`.
#[test]
fn titles_and_doc_comments_cannot_escape_into_markup() {
    let hostile = "x`\\n\\n<img src=x onerror=alert(1)>\\n\\n[a](javascript:alert(1))\\n<!--`";
    let strategy = SMALL.replace("\"Small\"", &format!("\"{hostile}\""));
    let path = written("line_break_title.strat", &strategy);
    let out = path.parent().unwrap().join("plan");
    let output = run(&path, &["build", "{}", "-o", out.to_str().unwrap()]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E0010]: a string cannot hold a line break"),
        "{stderr}"
    );
    assert!(!out.exists(), "no plan is written");

    // On one line, backticks and markup stay text in every output.
    let doc = "/// Ships `fast\n///\n/// <img src=x onerror=alert(1)> <!-- and ` [a](javascript:alert(1))\n";
    let title = "T` <img src=x onerror=alert(2)> `` <!-- \\\"q\\\" # \\\\";
    let strategy = format!(
        "{doc}{}",
        SMALL.replace("\"Small\"", &format!("\"{title}\""))
    )
    .replace(
        "channel community {",
        "channel community {\n  title \"<b>c</b> \\\"#\\\"\"",
    );
    let path = written("markup_title.strat", &strategy);
    let out = path.parent().unwrap().join("plan");
    let output = run(
        &path,
        &[
            "build",
            "{}",
            "-o",
            out.to_str().unwrap(),
            "--emit",
            "md,html,dot,lp",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let markdown = std::fs::read_to_string(out.join("markup_title.md")).unwrap();
    let prose = outside_code_spans(&markdown);
    for raw in ["<img", "<!--", "](javascript", "<b>"] {
        assert!(
            !prose.contains(raw),
            "{raw} outside a code span:\n{markdown}"
        );
    }
    let html = std::fs::read_to_string(out.join("markup_title.html")).unwrap();
    assert!(!html.contains("<img") && !html.contains("<b>c") && !html.contains("<!-- and"));
    let lp = std::fs::read_to_string(out.join("markup_title.lp")).unwrap();
    assert!(lp.lines().next().unwrap().starts_with("\\ T`"), "{lp}");
    let dot = std::fs::read_to_string(out.join("markup_title.dot")).unwrap();
    assert!(dot.contains(r#"\"q\" # \\"#), "{dot}");
    let mermaid = markdown.split("flowchart LR").nth(1).unwrap_or("");
    assert!(
        !mermaid.contains("<b>") && mermaid.contains("#lt;b#gt;c"),
        "{markdown}"
    );
}

/// Issue 11: `size 10000B customers` gave "optimal" with revenue 0 (the solver took the
/// response curve for zero beside the market), and a price of 1e305 USD/month an objective
/// of `inf` and a JSON `null`. Both are E0410 with the number and the range, and no plan.
#[test]
fn numbers_the_solver_cannot_hold_are_errors_not_plans() {
    let huge_price = format!("1{} USD/month", "0".repeat(305));
    for (name, from, to) in [
        (
            "size",
            "size 12k customers",
            "size 10000B customers".to_string(),
        ),
        (
            "price",
            "price 300 USD/month",
            format!("price {huge_price}"),
        ),
    ] {
        let path = written(
            &format!("unholdable_{name}.strat"),
            SMALL.replace(from, &to),
        );
        let out = path.parent().unwrap().join("plan");
        let output = run(&path, &["build", "{}", "-o", out.to_str().unwrap()]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "error[E0410]: `{name}` is too large for the solver"
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains("help: the solver holds numbers from"),
            "{stderr}"
        );
        assert!(!out.exists(), "no plan");
    }
    // The largest numbers in range still solve faithfully: 10k customers won in a market
    // of 1000B (a hundred-millionth), with a budget of 1000B.
    let edge = SMALL
        .replace("budget 100k USD", "budget 1000B USD")
        .replace("size 12k customers", "size 1000B customers")
        .replace("150 customers", "10k customers");
    let path = written("edge.strat", edge);
    let out = path.parent().unwrap().join("plan");
    let output = run(
        &path,
        &["build", "{}", "-o", out.to_str().unwrap(), "--emit", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let plan = common::json_plan(&out, "edge");
    let customers = plan["metrics"]["customers"].as_f64().unwrap();
    let expected = 10_000.0 * 11.0 / 12.0;
    assert!(
        (customers - expected).abs() < 1e-4 * expected,
        "{customers}"
    );
}
