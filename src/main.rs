//! The `stratc` command line and language server: the only parts of stratc that know
//! about the terminal, editors and files on disk.

mod cli;
mod lsp;

fn main() -> std::process::ExitCode {
    cli::run()
}
