//! The `stratc` command line: the only part of stratc that knows about the terminal and
//! files on disk.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
