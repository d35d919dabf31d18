//! `stratc completions SHELL`: the shell's completion script for stratc, generated from
//! the command line's own definition, so that every command and option is in it.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Outcome};

/// Prints the completion script of `shell` on stdout.
pub fn run(shell: Shell) -> Outcome {
    let _ = std::io::stdout().write_all(&script(shell));
    Outcome::Fine
}

/// The completion script of `shell` for the `stratc` command.
fn script(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "stratc", &mut script);
    script
}
