//! Rendering diagnostics as text: miette's report for people, one line each for editors
//! and scripts, JSON lines for tools, GitHub Actions' workflow commands for annotations
//! on a pull request ([`github`]), or a SARIF log for code scanning ([`sarif`]).
//!
//! Rendering is a pure function of the diagnostic and the sources; whether to use colour
//! and how wide the terminal is are the caller's decisions.

mod github;
pub mod sarif;

use std::fmt;
use std::path::Path;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use serde::Serialize;

pub use crate::source::visible;
pub use github::github;

use super::excerpt::Excerpt;
use super::{Code, Diagnostic, Label, Severity};
use crate::source::{SourceFile, SourceMap, Span};

/// How the person at the terminal wants diagnostics shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HumanStyle {
    pub color: bool,
    pub width: usize,
}

/// A diagnostic rendered as miette's report: the message, the source with labels, help.
pub fn human(diagnostic: &Diagnostic, sources: &SourceMap, style: HumanStyle) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        // Break lines only at spaces, so that `2k USD/month` is never split.
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_break_words(false);
    let report = Report::new(diagnostic, sources);
    let mut out = String::new();
    // Writing into a String cannot fail, and an excerpt reads every span it gave; should
    // miette still give up, the one-line form says what there is to say.
    if handler.render_report(&mut out, &report).is_err() {
        out = short(diagnostic, sources);
        if let Some(help) = &report.help {
            out.push_str(&format!("\n  help: {help}"));
        }
    }
    out
}

/// A diagnostic as one line: `file:line:col: error[E0001]: message`. A line break or
/// another control character from a file's text or name is written as its escape.
pub fn short(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let head = format!(
        "{}[{}]: {}",
        diagnostic.severity.as_str(),
        diagnostic.code.id(),
        visible(&diagnostic.message)
    );
    match diagnostic.primary() {
        Some(label) => {
            let file = sources.get(label.file);
            let at = file.line_col(label.span.start);
            format!("{}:{}:{}: {head}", visible(&file.name), at.line, at.column)
        }
        None => head,
    }
}

/// A diagnostic as one line of JSON (the fields are documented in `docs/diagnostics.md`).
pub fn json(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let labels: Vec<JsonLabel> = diagnostic
        .labels
        .iter()
        .map(|label| JsonLabel::new(label, sources.get(label.file)))
        .collect();
    let record = JsonDiagnostic {
        code: diagnostic.code.id(),
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        file: labels.first().map(|label| label.file),
        line: labels.first().map(|label| label.line),
        column: labels.first().map(|label| label.column),
        labels: &labels,
        help: diagnostic.help.as_deref(),
    };
    serde_json::to_string(&record).expect("diagnostics serialise")
}

/// A file's name as it is seen from `base` (the working directory): an absolute path
/// under `base` becomes relative to it; any other name is kept. Separators are `/`, as
/// GitHub and URIs write them.
fn path_from(base: &Path, name: &str) -> String {
    let path = Path::new(name);
    let seen = match path.strip_prefix(base) {
        Ok(relative) if path.is_absolute() => relative.to_string_lossy(),
        _ => std::borrow::Cow::Borrowed(name),
    };
    if std::path::MAIN_SEPARATOR == '\\' {
        seen.replace('\\', "/")
    } else {
        seen.into_owned()
    }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: &'static str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    labels: &'a [JsonLabel<'a>],
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    message: &'a str,
}

impl<'a> JsonLabel<'a> {
    fn new(label: &'a Label, file: &'a SourceFile) -> JsonLabel<'a> {
        let start = file.line_col(label.span.start);
        let end = file.line_col(label.span.end);
        JsonLabel {
            file: &file.name,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start: label.span.start,
            end: label.span.end,
            message: &label.message,
        }
    }
}

/// The most labels a report draws; the rest are counted in its help.
pub const MAX_LABELS: usize = 40;

/// Whether a diagnostic may quote the lines around its labels. A file that did not parse
/// may not be a strategy at all (`use "/etc/shadow"`), so a syntax error quotes only the
/// line it points at, clipped around it.
fn quotes_context(code: Code) -> bool {
    !matches!(
        code,
        Code::Syntax
            | Code::NestingTooDeep
            | Code::InvalidNumber
            | Code::InvalidEscape
            | Code::InvalidDate
            | Code::NotUtf8
            | Code::StrayDocComment
            | Code::FullWidthCharacter
    )
}

/// A diagnostic seen through miette's protocol, titled `error[E0001]: message` as in
/// rustc (miette's own code line reads poorly). Labels in the primary label's file are
/// drawn on an [`Excerpt`] of it; labels in other files become related reports of their
/// own, since a miette report shows one source. Text from the user's files has its control
/// characters made visible.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Option<Excerpt>,
    /// The labels' texts, in the order of the excerpt's spans.
    texts: Vec<Option<String>>,
    related: Vec<Report<'a>>,
}

impl<'a> Report<'a> {
    fn new(diagnostic: &'a Diagnostic, sources: &'a SourceMap) -> Report<'a> {
        let context = if quotes_context(diagnostic.code) {
            1
        } else {
            0
        };
        let shown = &diagnostic.labels[..diagnostic.labels.len().min(MAX_LABELS)];
        let hidden = diagnostic.labels.len() - shown.len();
        let primary_file = diagnostic.primary().map(|label| label.file);
        let (here, elsewhere): (Vec<&Label>, Vec<&Label>) = shown
            .iter()
            .partition(|label| Some(label.file) == primary_file);
        let related = elsewhere
            .into_iter()
            .map(|label| Report {
                diagnostic,
                severity: miette::Severity::Advice,
                message: visible(&label.message).into_owned(),
                help: None,
                source: Some(Excerpt::new(
                    sources.get(label.file),
                    &[label.span],
                    context,
                )),
                texts: vec![
                    Some(visible(&label.message).into_owned()).filter(|text| !text.is_empty()),
                ],
                related: Vec::new(),
            })
            .collect();
        let mut help = diagnostic
            .help
            .as_deref()
            .map(|help| visible(help).into_owned());
        if hidden > 0 {
            let more = format!("{hidden} more places are labelled but not shown");
            help = Some(match help {
                Some(help) => format!("{help} ({more})"),
                None => more,
            });
        }
        let spans: Vec<Span> = here.iter().map(|label| label.span).collect();
        Report {
            diagnostic,
            severity: match diagnostic.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
            },
            message: visible(&diagnostic.message).into_owned(),
            help,
            source: primary_file.map(|file| Excerpt::new(sources.get(file), &spans, context)),
            texts: here
                .iter()
                .map(|label| {
                    Some(visible(&label.message).into_owned()).filter(|text| !text.is_empty())
                })
                .collect(),
            related,
        }
    }

    fn is_main(&self) -> bool {
        self.severity != miette::Severity::Advice
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_main() {
            let diagnostic = self.diagnostic;
            let severity = diagnostic.severity.as_str();
            write!(f, "{severity}[{}]: ", diagnostic.code.id())?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.help.as_ref()?;
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source
            .as_ref()
            .map(|source| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let source = self.source.as_ref()?;
        if self.texts.is_empty() {
            return None;
        }
        let primary = self.is_main();
        Some(Box::new(
            source
                .spans()
                .iter()
                .zip(&self.texts)
                .enumerate()
                .map(move |(index, (span, text))| {
                    if primary && index == 0 {
                        LabeledSpan::new_primary_with_span(text.clone(), *span)
                    } else {
                        LabeledSpan::new_with_span(text.clone(), *span)
                    }
                }),
        ))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related
                .iter()
                .map(|report| report as &dyn miette::Diagnostic),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::source::Span;

    fn sample() -> (SourceMap, Diagnostic) {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new(
            "plan.strat",
            "market m {\n  size 4 apples\n}\n",
        ));
        let diagnostic = Diagnostic::error(Code::Syntax, "unexpected `apples`")
            .with_label(file, Span::new(20, 26), "expected a unit")
            .with_help("write the unit after the number");
        (sources, diagnostic)
    }

    #[test]
    fn short_is_one_line_with_position() {
        let (sources, diagnostic) = sample();
        assert_eq!(
            short(&diagnostic, &sources),
            "plan.strat:2:10: error[E0001]: unexpected `apples`"
        );
    }

    #[test]
    fn json_has_the_documented_fields() {
        let (sources, diagnostic) = sample();
        let value: serde_json::Value = serde_json::from_str(&json(&diagnostic, &sources)).unwrap();
        assert_eq!(value["code"], "E0001");
        assert_eq!(value["severity"], "error");
        assert_eq!(value["file"], "plan.strat");
        assert_eq!(value["line"], 2);
        assert_eq!(value["column"], 10);
        assert_eq!(value["labels"][0]["end_column"], 16);
        assert_eq!(value["labels"][0]["start"], 20);
        assert_eq!(value["help"], "write the unit after the number");
    }

    #[test]
    fn human_shows_code_label_and_help() {
        let (sources, diagnostic) = sample();
        let style = HumanStyle {
            color: false,
            width: 80,
        };
        let text = human(&diagnostic, &sources, style);
        assert!(text.contains("E0001"), "{text}");
        assert!(text.contains("[plan.strat:2:10]"), "{text}");
        assert!(text.contains("expected a unit"), "{text}");
        assert!(
            text.contains("help: write the unit after the number"),
            "{text}"
        );
    }
}
