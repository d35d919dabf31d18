//! Whole-program tests of the shell conventions: `stratc completions SHELL` and
//! `stratc man`.

use std::process::Command;

mod common;

use common::{out_dir, stratc, text};

/// The commands `stratc --help` lists, clap's `help` aside.
fn commands() -> Vec<String> {
    let help = text(&stratc(&["--help"]).stdout);
    let listed = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("the help lists the commands");
    listed
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_completion_script_names_every_command() {
    let commands = commands();
    assert!(commands.len() >= 10, "{commands:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = stratc(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        let script = text(&output.stdout);
        for command in &commands {
            assert!(
                script.contains(command.as_str()),
                "the {shell} script lacks `{command}`"
            );
        }
    }
}

/// What bash offers after the words `line` once the completion script is loaded, as
/// `stratc completions bash` is loaded from a `.bashrc`.
fn bash_completes(line: &[&str]) -> Vec<String> {
    let script = text(&stratc(&["completions", "bash"]).stdout);
    let words = line
        .iter()
        .map(|word| format!("'{word}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let program = format!(
        "{script}\nCOMP_WORDS=({words}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}\n_stratc stratc '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        line.len() - 1,
        line.join(" "),
        line[line.len() - 1],
        line[line.len() - 2],
    );
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout).lines().map(str::to_string).collect()
}

#[test]
fn the_bash_script_is_valid_bash_and_completes_commands_and_options() {
    let script = stratc(&["completions", "bash"]).stdout;
    let dir = out_dir("bash_completion");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("stratc.bash");
    std::fs::write(&path, script).unwrap();
    let syntax = Command::new("bash").arg("-n").arg(&path).output().unwrap();
    assert!(syntax.status.success(), "{}", text(&syntax.stderr));

    assert_eq!(bash_completes(&["stratc", "b"]), ["build"]);
    let options = bash_completes(&["stratc", "build", "--s"]);
    assert!(options.contains(&"--set".to_string()), "{options:?}");
    assert!(options.contains(&"--solver".to_string()), "{options:?}");
    assert_eq!(
        bash_completes(&["stratc", "graph", "x.strat", "--format", ""]),
        ["dot", "mermaid"]
    );
}

#[test]
fn an_unknown_shell_is_a_bad_command_line() {
    let output = stratc(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(text(&output.stderr).contains("possible values: bash, elvish, fish, powershell, zsh"));
}

#[test]
fn the_manual_page_is_roff_with_a_name_and_the_commands() {
    let output = stratc(&["man"]);
    assert_eq!(output.status.code(), Some(0));
    let page = text(&output.stdout);
    assert!(page.contains("\n.TH stratc 1 "), "{page}");
    assert!(
        page.contains("\n.SH NAME\nstratc \\- A compiler for go\\-to\\-market strategies"),
        "{page}"
    );
    assert!(page.contains("\n.SH SYNOPSIS\n"), "{page}");
    for command in commands() {
        assert!(
            page.contains(&format!("stratc\\-{command}(1)")),
            "the page does not list `{command}`"
        );
    }
}

#[test]
fn man_out_writes_a_page_per_command() {
    let dir = out_dir("man_pages");
    let output = stratc(&["man", "--out", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = commands()
        .iter()
        .map(|command| format!("stratc-{command}.1"))
        .collect();
    expected.push("stratc.1".to_string());
    expected.sort();
    assert_eq!(pages, expected);

    let build = std::fs::read_to_string(dir.join("stratc-build.1")).unwrap();
    assert!(
        build.contains(concat!(
            "\n.TH stratc-build 1  \"stratc ",
            env!("CARGO_PKG_VERSION")
        )),
        "{build}"
    );
    assert!(
        build.contains("\n.SH NAME\nstratc\\-build \\- Optimise a strategy"),
        "{build}"
    );
    assert!(build.contains("\\fB\\-\\-time\\-limit\\fR"), "{build}");
    // The page on stdout is the same as the one written.
    let own = std::fs::read_to_string(dir.join("stratc.1")).unwrap();
    assert_eq!(own, text(&stratc(&["man"]).stdout));
}

#[test]
fn man_out_into_a_file_fails_with_a_message() {
    let dir = out_dir("man_into_a_file");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("taken");
    std::fs::write(&file, "not a folder").unwrap();
    let output = stratc(&["man", "--out", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: cannot write `"), "{stderr}");
}
