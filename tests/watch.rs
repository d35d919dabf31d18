//! `stratc watch`: the real binary watching files a test edits the way editors do.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

mod common;

/// How long a rebuild may take to show up before the test fails.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `stratc watch` and the lines it prints to stderr.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(folder: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stratc"))
            .current_dir(folder)
            .env("NO_COLOR", "1")
            .arg("watch")
            .args(args)
            .stderr(Stdio::piped())
            .spawn()
            .expect("stratc starts");
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line that starts with `prefix` and returns it.
    fn line_starting(&mut self, prefix: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.starts_with(prefix) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line starting {prefix:?}; saw:\n{}",
            self.seen.join("\n")
        );
    }

    /// Waits for a build's line that `wanted` accepts, passing over the others: an editor's
    /// save can reach the watcher as two batches of events, the second a rebuild of what
    /// the first already built.
    fn build_line(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        loop {
            let line = self.line_starting("[build ");
            if wanted(&line) {
                return line;
            }
        }
    }

    /// Fails if stratc prints anything (a rebuild) within `period`.
    fn stays_quiet(&mut self, period: Duration) {
        if let Ok(line) = self.lines.recv_timeout(period) {
            panic!(
                "expected no rebuild, got {line:?} after:\n{}",
                self.seen.join("\n")
            );
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves `text` the way many editors do: into a new file, renamed over the old one.
fn save(path: &Path, text: &str) {
    let temporary = path.with_extension("swp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

fn objective(plan: &Path) -> f64 {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(plan).unwrap()).unwrap();
    json["objective"]["value"].as_f64().unwrap()
}

/// What `GET path` on the served plan answers, without its headers.
fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

#[test]
fn every_save_rebuilds_and_a_broken_save_keeps_the_last_good_plan() {
    let dir = folder("watch_saves");
    let strategy = dir.join("medassist.strat");
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/medassist.strat"
    ))
    .unwrap();
    std::fs::write(&strategy, &example).unwrap();
    let mut watch = Watch::start(&dir, &["medassist.strat", "-o", "plan", "--serve", "0"]);
    let serving = watch.line_starting("serving the plan on http://");
    let address = serving
        .trim_start_matches("serving the plan on http://")
        .trim_end_matches('/')
        .to_string();

    let first = watch.line_starting("[build 1]");
    assert!(first.contains("objective 0.9427, wrote 3 files"), "{first}");
    let plan = dir.join("plan/medassist.json");
    let before = objective(&plan);
    assert!(get(&address, "/").contains("MedAssist go-to-market"));
    assert_eq!(get(&address, "/version"), "1");

    save(
        &strategy,
        &example.replace("budget 700k USD", "budget 800k USD"),
    );
    let second = watch.line_starting("[build 2]");
    assert!(second.contains("wrote 3 files"), "{second}");
    let after = objective(&plan);
    assert!(
        after > before,
        "more budget, a better plan: {before} → {after}"
    );
    assert_eq!(get(&address, "/version"), "2");

    let markdown = std::fs::read_to_string(dir.join("plan/medassist.md")).unwrap();
    save(&strategy, &format!("{example}\ngarbage here\n"));
    watch.line_starting("  × error[E0001]");
    let broken = watch.line_starting("[build 3]");
    assert!(
        broken.contains("1 error; the plan in `plan` is the last good one"),
        "{broken}"
    );
    assert_eq!(objective(&plan), after, "the last good plan stays");
    assert_eq!(
        std::fs::read_to_string(dir.join("plan/medassist.md")).unwrap(),
        markdown
    );
    assert_eq!(
        get(&address, "/version"),
        "2",
        "the page keeps the last good plan"
    );
    assert!(get(&address, "/").contains("location.reload()"));
    assert!(
        !std::fs::read_to_string(dir.join("plan/medassist.html"))
            .unwrap()
            .contains("<script"),
        "the file on disk has no script; only the served copy reloads"
    );
}

/// Issue 13: a save that changes no number the solver reads re-renders the plan without
/// solving, and writes what a fresh `stratc build` of the same file writes; a weight
/// reuses what it can, and the budget enters every program.
#[test]
fn a_save_that_changes_no_number_re_renders_what_a_fresh_build_writes() {
    let dir = folder("watch_reuse");
    let strategy = dir.join("medassist.strat");
    let example = common::read("examples/medassist.strat");
    std::fs::write(&strategy, &example).unwrap();
    let mut watch = Watch::start(&dir, &["medassist.strat", "-o", "plan"]);
    let first = watch.line_starting("[build 1]");
    assert!(!first.contains("solv"), "nothing to reuse yet: {first}");

    let retitled = example.replace("\"MedAssist go-to-market\"", "\"MedAssist launch\"");
    save(&strategy, &retitled);
    let second = watch.line_starting("[build 2]");
    assert!(
        second.contains("wrote 3 files; re-rendered without solving: no number the solver reads changed; watching"),
        "{second}"
    );
    let fresh = Command::new(env!("CARGO_BIN_EXE_stratc"))
        .current_dir(&dir)
        .args(["build", "medassist.strat", "-o", "fresh"])
        .output()
        .unwrap();
    assert!(fresh.status.success());
    for file in ["medassist.md", "medassist.html", "medassist.json"] {
        let watched = std::fs::read(dir.join("plan").join(file)).unwrap();
        assert!(
            watched == std::fs::read(dir.join("fresh").join(file)).unwrap(),
            "{file} differs from a fresh build's"
        );
    }
    assert!(
        String::from_utf8_lossy(&std::fs::read(dir.join("plan/medassist.md")).unwrap())
            .contains("MedAssist launch")
    );

    let reweighted = retitled.replace("satisfaction weight 0.2", "satisfaction weight 0.3");
    save(&strategy, &reweighted);
    let third = watch.build_line(|line| line.contains(" solves reused"));
    let reused = third
        .split("; ")
        .find(|part| part.ends_with(" solves reused"))
        .unwrap_or_else(|| panic!("{third}"));
    let (kept, total) = reused
        .trim_end_matches(" solves reused")
        .split_once(" of ")
        .unwrap();
    let (kept, total): (usize, usize) = (kept.parse().unwrap(), total.parse().unwrap());
    assert!(0 < kept && kept < total, "{third}");

    save(
        &strategy,
        &reweighted.replace("budget 700k USD", "budget 710k USD"),
    );
    let fourth = watch.build_line(|line| !line.contains("re-rendered"));
    assert!(
        !fourth.contains("solv"),
        "the budget is in every program: {fourth}"
    );
}

#[test]
fn a_change_to_an_imported_file_rebuilds_and_other_files_do_not() {
    let dir = folder("watch_imports");
    common::write_importing_strategy(&dir, "main", "Imports", "12k");
    let mut watch = Watch::start(&dir, &["main.strat", "-o", "plan", "--emit", "json"]);
    watch.line_starting("[build 1]");

    std::fs::write(dir.join("notes.txt"), "not a strategy").unwrap();
    std::fs::write(dir.join("shared/other.strat"), "// not imported").unwrap();
    watch.stays_quiet(Duration::from_secs(1));

    save(&dir.join("shared/markets.strat"), &common::market("100"));
    let second = watch.line_starting("[build 2]");
    assert!(second.contains("wrote 1 file"), "{second}");
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("plan/main.json")).unwrap()).unwrap();
    let customers = plan["markets"][0]["customers"].as_f64().unwrap();
    assert!(
        (customers - 100.0).abs() < 1e-6,
        "the smaller market caps the plan: {customers}"
    );
    watch.stays_quiet(Duration::from_secs(1));
}

#[test]
fn a_change_to_a_template_recompiles_it_and_a_broken_one_keeps_the_last() {
    let dir = folder("watch_templates");
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    let template = dir.join("templates/plan.md.hbs");
    std::fs::write(&template, "first {{title}}\n").unwrap();
    std::fs::write(
        dir.join("s.strat"),
        "strategy \"Templated\" { currency USD; horizon 12 months; budget 100k USD }\n\
         market clinics { size 100 customers; price 300 USD/month }\n\
         objective maximize revenue\n",
    )
    .unwrap();
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
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "first Templated\n");

    save(&template, "second {{title}}\n");
    watch.line_starting("[build 2]");
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        "second Templated\n"
    );

    save(&template, "{{#if title}}never closed\n");
    watch.line_starting("error: template `plan.md.hbs`");
    watch.line_starting("[build 3]");
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        "second Templated\n",
        "the last good template stays"
    );
}

/// Issue 11.19: after an infeasible save and then a broken one, the status line called the
/// infeasible plan on disk "the last good one". It says what the plan folder holds.
#[test]
fn a_broken_save_says_what_the_plan_folder_holds() {
    let dir = folder("watch_on_disk");
    let strategy = dir.join("s.strat");
    let infeasible = common::read("tests/build/errors/E0701_infeasible.strat");
    let feasible = infeasible.replace("constraint reach: customers >= 800 customers", "");
    let broken = |text: &str| format!("{text}\ngarbage here\n");
    std::fs::write(&strategy, broken(&feasible)).unwrap();
    let mut watch = Watch::start(&dir, &["s.strat", "-o", "plan", "--emit", "json"]);
    let first = watch.line_starting("[build 1]");
    assert!(
        first.contains("1 error; nothing is written to `plan` yet"),
        "{first}"
    );

    save(&strategy, &feasible);
    let second = watch.line_starting("[build 2]");
    assert!(second.contains("wrote 1 file"), "{second}");
    save(&strategy, &infeasible);
    let third = watch.line_starting("[build 3]");
    assert!(
        third.contains("no plan meets the strategy, wrote 1 file"),
        "{third}"
    );
    save(&strategy, &broken(&infeasible));
    let fourth = watch.line_starting("[build 4]");
    assert!(
        fourth.contains("1 error; `plan` holds build 3's report that no plan meets the strategy"),
        "{fourth}"
    );
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("plan/s.json")).unwrap()).unwrap();
    assert_eq!(plan["status"], "infeasible");

    save(&strategy, &feasible);
    watch.line_starting("[build 5]");
    save(&strategy, &broken(&feasible));
    let sixth = watch.line_starting("[build 6]");
    assert!(
        sixth.contains("1 error; the plan in `plan` is the last good one, from build 5"),
        "{sixth}"
    );
}

#[test]
fn a_watch_session_warns_of_a_strategy_too_big_for_microlp_once() {
    // 500 channels in 40 markets: 560 integer decisions, over microlp's warning size.
    let dir = folder("watch_too_big");
    let strategy = dir.join("generated.strat");
    let text = stratc::generate::strategy(500, 40, 1);
    std::fs::write(&strategy, &text).unwrap();
    let mut watch = Watch::start(
        &dir,
        &["generated.strat", "-o", "plan", "--time-limit", "0.5"],
    );
    watch.line_starting("warning: the default solver (microlp) is unlikely to finish");
    watch.line_starting("[build 1]");
    save(&strategy, &text.replacen("budget ", "budget 1", 1));
    watch.line_starting("[build 2]");
    let warnings = watch
        .seen
        .iter()
        .filter(|line| line.starts_with("warning: the default solver"))
        .count();
    assert_eq!(warnings, 1, "{:#?}", watch.seen);
}
