//! The command line: parsing arguments, reading files, printing diagnostics, exit codes.
//!
//! Exit codes: 0 fine (warnings allowed), 1 the strategy has errors, 2 bad command line.

mod check;
mod graph;
mod report;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// stratc compiles go-to-market strategies written as code into plans.
#[derive(Parser, Debug)]
#[command(name = "stratc", version, about, long_about = None)]
struct Cli {
    /// How diagnostics are printed: `human` (to stderr), `short` or `json` (one per line,
    /// to stdout).
    #[arg(long, value_enum, default_value_t = Format::Human, global = true)]
    diagnostics: Format,

    #[command(subcommand)]
    command: Command,
}

/// The ways diagnostics can be printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse and check strategy files, reporting every problem.
    Check {
        /// The `.strat` files to check.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// Print the graph of stages, tasks and channel openings.
    Graph {
        /// The `.strat` file.
        file: std::path::PathBuf,
        /// `dot` for Graphviz, `mermaid` for Markdown.
        #[arg(long, value_enum, default_value_t = graph::GraphFormat::Dot)]
        format: graph::GraphFormat,
    },
}

/// Runs the command line and returns the exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap exits 2 for usage errors and 0 for --help and --version.
            let _ = error.print();
            return ExitCode::from(error.exit_code() as u8);
        }
    };
    let mut printer = report::Printer::new(cli.diagnostics);
    let ok = match cli.command {
        Command::Check { files } => check::run(&files, &mut printer),
        Command::Graph { file, format } => graph::run(&file, format, &mut printer),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
