//! Lists the plan languages: every `locales/*.toml` file becomes an entry of
//! `$OUT_DIR/locales.rs` (its tag and its text, embedded with `include_str!`), so that
//! adding a language is adding one file of strings.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it was compiled: a target folder shared by two
    // checkouts would otherwise embed the other checkout's strings.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let folder = Path::new(&manifest).join("locales");
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut locales: Vec<(String, String)> = std::fs::read_dir(&folder)
        .expect("the `locales` folder is readable")
        .filter_map(|entry| {
            let path = entry.expect("a `locales` entry is readable").path();
            let tag = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "toml").then(|| (tag, path.display().to_string()))
        })
        .collect();
    // Sorted, so that the list (and the help that names it) is the same on every disk.
    locales.sort();
    let mut code = String::from("&[\n");
    for (tag, path) in &locales {
        println!("cargo:rerun-if-changed={path}");
        let _ = writeln!(code, "    ({tag:?}, include_str!({path:?})),");
    }
    code.push_str("]\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
