//! Diagnostics as GitHub Actions workflow commands (`::error file=…,line=…::message`),
//! which a workflow's log turns into annotations on the lines of a pull request.
//!
//! A command is one line, so what it carries is escaped as GitHub's toolkit escapes it:
//! `%`, `\r` and `\n` everywhere, and `:` and `,` in the properties too, where they would
//! otherwise end a value. A message therefore cannot start a command of its own.

use std::path::Path;

use super::path_from;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceMap;

/// A diagnostic as one workflow command: `::error` or `::warning`, the primary label's
/// file (relative to `base`, the working directory, as GitHub wants it relative to the
/// repository) and its start and end, the code and its title as the annotation's title,
/// and the message followed by the help on a line of its own.
pub fn github(diagnostic: &Diagnostic, sources: &SourceMap, base: &Path) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = Vec::new();
    if let Some(label) = diagnostic.primary() {
        let file = sources.get(label.file);
        let start = file.line_col(label.span.start);
        let end = file.line_col(label.span.end);
        properties.push(("file", path_from(base, &file.name)));
        properties.push(("line", start.line.to_string()));
        properties.push(("endLine", end.line.to_string()));
        properties.push(("col", start.column.to_string()));
        properties.push(("endColumn", end.column.to_string()));
    }
    let code = diagnostic.code;
    properties.push(("title", format!("{} {}", code.id(), code.title())));
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// A command's message with `%`, `\r` and `\n` escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value, escaped as its message is and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::source::{SourceFile, Span};

    #[test]
    fn an_error_names_its_place_code_and_help() {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new(
            "plan.strat",
            "market m {\n  size 4 apples\n}\n",
        ));
        let diagnostic = Diagnostic::error(Code::Syntax, "unexpected `apples`")
            .with_label(file, Span::new(20, 26), "expected a unit")
            .with_help("write the unit after the number");
        assert_eq!(
            github(&diagnostic, &sources, Path::new("/repo")),
            "::error file=plan.strat,line=2,endLine=2,col=10,endColumn=16,title=E0001 syntax error::unexpected `apples`%0Ahelp: write the unit after the number"
        );
    }

    #[test]
    fn properties_and_message_are_escaped_so_that_no_command_can_be_smuggled_in() {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new("/repo/a,b:c%d.strat", "x\n"));
        let diagnostic = Diagnostic::warning(Code::Syntax, "50% off\r\n::error::forged")
            .with_label(file, Span::new(0, 1), "");
        let line = github(&diagnostic, &sources, Path::new("/repo"));
        assert_eq!(
            line,
            "::warning file=a%2Cb%3Ac%25d.strat,line=1,endLine=1,col=1,endColumn=2,title=E0001 syntax error::50%25 off%0D%0A::error::forged"
        );
        assert_eq!(line.lines().count(), 1);
    }

    #[test]
    fn a_diagnostic_without_a_place_has_only_a_title() {
        let sources = SourceMap::new();
        let diagnostic = Diagnostic::error(Code::UnreadableFile, "cannot read `x.strat`");
        assert_eq!(
            github(&diagnostic, &sources, Path::new("/repo")),
            "::error title=E0006 cannot read a file::cannot read `x.strat`"
        );
    }
}
