//! Printing diagnostics and the closing summary in the format the user chose.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use stratc::diagnostic::Diagnostic;
use stratc::diagnostic::render::{self, HumanStyle, sarif};
use stratc::source::SourceMap;

use super::Format;

/// The most diagnostics a run prints for people; the rest are counted in one line.
/// The other formats print every one: editors and tools list and filter them, and each
/// is one line (or one result) that quotes no source.
pub const MAX_SHOWN: usize = 200;

/// Prints diagnostics as they come and counts them.
pub struct Printer {
    format: Format,
    style: HumanStyle,
    /// The working directory, which `github` and `sarif` name files relative to.
    base: PathBuf,
    /// The SARIF log gathered so far, written by [`Printer::finish`].
    log: Option<sarif::Log>,
    errors: usize,
    warnings: usize,
    /// How many diagnostics were printed for people, up to [`MAX_SHOWN`].
    shown: usize,
}

impl Printer {
    /// A printer for the chosen format, with colour and width taken from the terminal
    /// (no colour when `NO_COLOR` is set or stderr is not a terminal).
    pub fn new(format: Format) -> Printer {
        let stderr = std::io::stderr();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        let color = !no_color && stderr.is_terminal();
        let width = terminal_size::terminal_size_of(&stderr)
            .map_or(100, |(terminal_size::Width(width), _)| {
                usize::from(width).max(40)
            });
        let base = std::env::current_dir().unwrap_or_default();
        Printer {
            format,
            style: HumanStyle { color, width },
            log: (format == Format::Sarif).then(|| sarif::Log::new(&base)),
            base,
            errors: 0,
            warnings: 0,
            shown: 0,
        }
    }

    /// Prints each diagnostic in `diagnostics`; for people, only up to [`MAX_SHOWN`] in
    /// the run, then one line that counts the rest.
    pub fn print(&mut self, diagnostics: &[Diagnostic], sources: &SourceMap) {
        let (mut hidden_errors, mut hidden_warnings) = (0, 0);
        for diagnostic in diagnostics {
            if diagnostic.is_error() {
                self.errors += 1;
            } else {
                self.warnings += 1;
            }
            if self.format == Format::Human && self.shown == MAX_SHOWN {
                if diagnostic.is_error() {
                    hidden_errors += 1;
                } else {
                    hidden_warnings += 1;
                }
                continue;
            }
            // A closed pipe is not worth a panic; the exit code still tells the outcome.
            let _ = match self.format {
                Format::Human => {
                    self.shown += 1;
                    let text = render::human(diagnostic, sources, self.style);
                    writeln!(std::io::stderr(), "{text}")
                }
                Format::Short => {
                    writeln!(std::io::stdout(), "{}", render::short(diagnostic, sources))
                }
                Format::Json => {
                    writeln!(std::io::stdout(), "{}", render::json(diagnostic, sources))
                }
                Format::Github => {
                    let line = render::github(diagnostic, sources, &self.base);
                    writeln!(std::io::stdout(), "{line}")
                }
                Format::Sarif => {
                    if let Some(log) = &mut self.log {
                        log.push(diagnostic, sources);
                    }
                    Ok(())
                }
            };
        }
        if hidden_errors + hidden_warnings > 0 {
            let _ = writeln!(
                std::io::stderr(),
                "…and {} more not shown ({}): `--diagnostics short` lists every one\n",
                hidden_errors + hidden_warnings,
                counted(hidden_errors, hidden_warnings)
            );
        }
    }

    /// Prints an error that has no place in a strategy file (a template that fails while
    /// rendering, a plan that cannot be written) and counts it, so that the summary
    /// tells the truth. It goes to stderr in every format: it has no code or position.
    pub fn error(&mut self, message: &str) {
        self.errors += 1;
        let message = render::visible(message);
        let _ = writeln!(std::io::stderr(), "error: {message}");
    }

    /// Writes what a format writes once for the whole run: the SARIF log, to stdout.
    /// Every other format has printed each diagnostic as it came.
    pub fn finish(&mut self) {
        if let Some(log) = self.log.take() {
            let _ = writeln!(std::io::stdout(), "{}", log.to_json());
        }
    }

    /// Whether diagnostics go to people (and so a summary may follow them).
    pub fn is_human(&self) -> bool {
        self.format == Format::Human
    }

    /// Whether no error was printed.
    pub fn ok(&self) -> bool {
        self.errors == 0
    }

    /// Prints a one-line summary for people (other formats stay machine-readable).
    pub fn summary(&self, what: &str) {
        if self.format != Format::Human {
            return;
        }
        let _ = writeln!(std::io::stderr(), "{what}: {}", self.counts());
    }

    /// What was printed, counted: `no problems`, `2 errors, 1 warning`.
    pub fn counts(&self) -> String {
        counted(self.errors, self.warnings)
    }
}

/// `no problems`, `2 errors`, `2 errors, 1 warning`.
pub fn counted(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "no problems".to_string(),
        (errors, 0) => plural(errors, "error"),
        (0, warnings) => plural(warnings, "warning"),
        (errors, warnings) => format!(
            "{}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        ),
    }
}

/// `1 error`, `2 errors`.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
