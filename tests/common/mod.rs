//! Fixtures shared by the whole-program tests. Each test crate uses some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// Runs `stratc` with `args` from the repository root, without colour.
pub fn stratc(args: &[&str]) -> Output {
    Command::cargo_bin("stratc")
        .expect("the stratc binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .args(args)
        .output()
        .expect("stratc runs")
}

/// Runs `stratc build FILE -o OUT` with `more` arguments after them.
pub fn build(file: &str, out: &Path, more: &[&str]) -> Output {
    let mut args = vec!["build", file, "-o", out.to_str().unwrap()];
    args.extend_from_slice(more);
    stratc(&args)
}

/// A fresh output folder for one test.
pub fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Bytes a command printed, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The JSON plan a build wrote into `out` for the strategy `stem`.
pub fn json_plan(out: &Path, stem: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join(format!("{stem}.json"))).unwrap()).unwrap()
}

/// The bundled examples, `examples/*.strat`, as paths from the repository root, sorted.
pub fn examples() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<String> = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".strat"))
        .map(|name| format!("examples/{name}"))
        .collect();
    paths.sort();
    paths
}

/// The text of a file, by its path from the repository root.
pub fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The market file `shared/markets.strat`: one market of `size` customers.
pub fn market(size: &str) -> String {
    format!("market clinics {{ size {size} customers; price 300 USD/month }}\n")
}

/// Writes `NAME.strat` into `dir`, a strategy titled `title` that imports
/// `./shared/markets.strat`, and that market file with `size` customers.
pub fn write_importing_strategy(dir: &Path, name: &str, title: &str, size: &str) {
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::write(dir.join("shared/markets.strat"), market(size)).unwrap();
    std::fs::write(
        dir.join(format!("{name}.strat")),
        format!(
            "strategy \"{title}\" {{ currency USD; horizon 12 months; budget 100k USD }}\n\
             use \"./shared/markets.strat\"\n\
             channel community {{\n  reaches clinics\n  lead 1 month\n  response {{ 20k USD => 150 customers }}\n}}\n\
             objective maximize revenue\n"
        ),
    )
    .unwrap();
}
