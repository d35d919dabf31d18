//! The command line: parsing arguments, reading files, printing diagnostics, exit codes.
//!
//! Exit codes: 0 fine (warnings allowed), 1 the strategy has errors, 2 bad command line.

mod build;
mod check;
mod completions;
mod diff;
pub mod disk;
mod fmt;
mod graph;
mod init;
mod man;
mod progress;
mod report;
mod review;
mod summary;
mod watch;
mod write;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// stratc compiles go-to-market strategies written as code into plans.
#[derive(Parser, Debug)]
#[command(name = "stratc", version, about, long_about = None)]
struct Cli {
    /// How diagnostics are printed: `human` (to stderr), `short`, `json` or `github`
    /// (one per line, to stdout: `github` as GitHub Actions annotations), or `sarif` (one
    /// SARIF 2.1.0 log for the run, to stdout, for code scanning).
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
    Github,
    Sarif,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse and check strategy files, reporting every problem.
    Check {
        /// The `.strat` files to check.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        #[command(flatten)]
        root: disk::RootArg,
    },
    /// Optimise a strategy and write its plan.
    Build(build::BuildArgs),
    /// Build a strategy's plan, then again after every change to its files.
    Watch(watch::WatchArgs),
    /// Explain a diagnostic code, such as `E0404`.
    Explain {
        /// The code.
        code: String,
    },
    /// Build two versions of a strategy and print what changed in the plan, as Markdown.
    Diff {
        /// The old version: a path, or `REV:path` for the file as git has it at `REV`.
        old: String,
        /// The new version, the same way.
        new: String,
        /// Give a param another value on both sides, as `--set size_factor=80%`.
        #[arg(long = "set", value_name = "NAME=VALUE")]
        set: Vec<String>,
        /// Build a scenario's values on both sides.
        #[arg(long, value_name = "NAME")]
        scenario: Option<String>,
        #[command(flatten)]
        root: disk::RootArg,
    },
    /// Compare the strategies a change touches with a git revision (a pull request's
    /// base) and print the comment for the pull request, as Markdown.
    Review(review::ReviewArgs),
    /// Rewrite strategy files in the one layout (`-` formats standard input).
    Fmt {
        /// Only say which files are not in the layout, and fail if any is not.
        #[arg(long)]
        check: bool,
        /// The `.strat` files.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        #[command(flatten)]
        root: disk::RootArg,
    },
    /// Write a starter strategy to edit: every kind of item, commented.
    Init {
        /// Where to write it.
        #[arg(default_value = "strategy.strat")]
        file: std::path::PathBuf,
        /// The strategy's title.
        #[arg(long, default_value = "My product")]
        title: String,
    },
    /// Serve an editor as a language server, on standard input and output.
    Lsp,
    /// Print the graph of stages, tasks and channel openings.
    Graph {
        /// The `.strat` file.
        file: std::path::PathBuf,
        /// `dot` for Graphviz, `mermaid` for Markdown.
        #[arg(long, value_enum, default_value_t = graph::GraphFormat::Dot)]
        format: graph::GraphFormat,
        #[command(flatten)]
        root: disk::RootArg,
    },
    /// Print a shell's completion script for stratc, to load from the shell's startup file.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print stratc's manual page in roff, or write a page per command into a folder.
    Man {
        /// The folder to write `stratc.1` and a `stratc-COMMAND.1` per command into.
        #[arg(long, value_name = "DIR")]
        out: Option<std::path::PathBuf>,
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
    install_panic_hook();
    let mut printer = report::Printer::new(cli.diagnostics);
    let outcome = match cli.command {
        Command::Check { files, root } => {
            root.run(|disk| Outcome::of(check::run(&files, disk, &mut printer)))
        }
        Command::Build(args) => build::run(&args, &mut printer),
        Command::Watch(args) => watch::run(&args, cli.diagnostics),
        Command::Graph { file, format, root } => {
            root.run(|disk| Outcome::of(graph::run(&file, format, disk, &mut printer)))
        }
        Command::Explain { code } => explain(&code),
        Command::Diff {
            old,
            new,
            set,
            scenario,
            root,
        } => root.run(|disk| {
            let options = stratc::build::BuildOptions {
                set,
                scenario,
                ..Default::default()
            };
            diff::run(&old, &new, &options, disk, &mut printer)
        }),
        Command::Fmt { check, files, root } => {
            root.run(|disk| Outcome::of(fmt::run(&files, check, disk, &mut printer)))
        }
        Command::Init { file, title } => init::run(&file, &title),
        Command::Lsp => crate::lsp::run(),
        Command::Review(args) => review::run(&args, &mut printer),
        Command::Completions { shell } => completions::run(shell),
        Command::Man { out } => man::run(out.as_deref()),
    };
    printer.finish();
    ExitCode::from(outcome as u8)
}

/// Prints the registry's paragraph on a diagnostic code.
fn explain(code: &str) -> Outcome {
    let wanted = code.trim().to_ascii_uppercase();
    let Some(found) = stratc::diagnostic::Code::ALL
        .iter()
        .find(|known| known.id() == wanted)
    else {
        eprintln!(
            "error: there is no diagnostic code `{code}`; codes look like `E0404` or `W0001`"
        );
        return Outcome::BadCommandLine;
    };
    println!(
        "{}: {}\n\n{}",
        found.id(),
        found.title(),
        found.explanation()
    );
    Outcome::Fine
}

/// How a command ended, as its exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done; warnings allowed.
    Fine = 0,
    /// The strategy has errors, or no plan meets it.
    Errors = 1,
    /// The command line is wrong.
    BadCommandLine = 2,
}

impl Outcome {
    fn of(ok: bool) -> Outcome {
        if ok { Outcome::Fine } else { Outcome::Errors }
    }
}

/// Keeps a panic inside the solver quiet: it becomes a diagnostic (E0702). Any other panic
/// is a bug in stratc and is reported as one.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !stratc::optimise::milp::in_solver() {
            default(info);
        }
    }));
}
