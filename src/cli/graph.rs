//! `stratc graph FILE --format dot|mermaid`: the stage graph on stdout.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use stratc::analysis;
use stratc::render::graph;
use stratc::source::SourceMap;

use super::check::load;
use super::disk::Disk;
use super::report::Printer;

/// The graph formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

/// Prints the graph of `path` (its files read through `disk`), or its diagnostics; says
/// whether there was no error.
pub fn run(path: &Path, format: GraphFormat, disk: &Disk, printer: &mut Printer) -> bool {
    let mut sources = SourceMap::new();
    let analysis = match load(&mut sources, path, disk) {
        Ok((file, _)) => analysis::analyse(file, &mut sources, disk),
        Err(problem) => {
            printer.print(&[problem], &sources);
            return false;
        }
    };
    printer.print(analysis.diagnostics(), &sources);
    let Some(model) = analysis.checked.model.as_ref().filter(|_| analysis.is_ok()) else {
        printer.summary(&format!("checked {}", path.display()));
        return false;
    };
    let text = match format {
        GraphFormat::Dot => graph::dot(model, model.locale),
        GraphFormat::Mermaid => graph::mermaid(model, model.locale),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    true
}
