//! `stratc man [--out DIR]`: stratc's manual pages in roff, generated from the command
//! line's own definition: `stratc.1`, and a `stratc-COMMAND.1` for each command.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_mangen::Man;

use super::write::write_set;
use super::{Cli, Outcome};

/// Prints the page of `stratc` on stdout, or writes every page into the folder `out`
/// (created if missing), all or none.
pub fn run(out: Option<&Path>) -> Outcome {
    let pages = match pages() {
        Ok(pages) => pages,
        Err(error) => {
            let _ = writeln!(
                io::stderr(),
                "error: cannot render the manual pages: {error}"
            );
            return Outcome::Errors;
        }
    };
    let Some(out) = out else {
        // The first page is stratc's own, which lists the others.
        let _ = io::stdout().write_all(pages[0].text.as_bytes());
        return Outcome::Fine;
    };
    let files: Vec<(PathBuf, String)> = pages
        .into_iter()
        .map(|page| (out.join(page.file_name), page.text))
        .collect();
    let written = std::fs::create_dir_all(out).map_err(|error| (out.to_path_buf(), error));
    match written.and_then(|()| write_set(&files).map_err(|failed| (failed.path, failed.error))) {
        Ok(()) => {
            for (path, _) in &files {
                let _ = writeln!(io::stderr(), "wrote {}", path.display());
            }
            Outcome::Fine
        }
        Err((path, error)) => {
            let _ = writeln!(
                io::stderr(),
                "error: cannot write `{}`: {error}",
                path.display()
            );
            Outcome::Errors
        }
    }
}

/// One manual page: its file name (`stratc-build.1`) and its roff text.
struct Page {
    file_name: String,
    text: String,
}

/// Every page: stratc's own first, then one per command, in the order `stratc --help`
/// lists them.
fn pages() -> io::Result<Vec<Page>> {
    // The `help` command is clap's, and stratc's page says what it would.
    let mut command = Cli::command().disable_help_subcommand(true);
    // Building the command names each command's page after its parent: `stratc-build`.
    command.build();
    let mut pages = vec![page(&command)?];
    for subcommand in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        pages.push(page(subcommand)?);
    }
    Ok(pages)
}

/// The page of `command`.
fn page(command: &clap::Command) -> io::Result<Page> {
    // A command's page names stratc and its version, as stratc's own does.
    let man = Man::new(command.clone()).source(concat!("stratc ", env!("CARGO_PKG_VERSION")));
    let mut text = Vec::new();
    man.render(&mut text)?;
    Ok(Page {
        file_name: man.get_filename(),
        text: String::from_utf8_lossy(&text).into_owned(),
    })
}
