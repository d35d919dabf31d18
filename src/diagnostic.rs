//! Diagnostics: the errors and warnings every stage collects and the cli renders.
//!
//! A [`Diagnostic`] is plain data: a stable [`Code`], a message, labelled spans and a help
//! line. Stages never print; they return diagnostics, and [`render`] turns them into
//! text (miette's report, one short line, or JSON) at the edge.

mod codes;
pub mod excerpt;
pub mod render;

pub use codes::Code;

use crate::source::{FileId, Span};

/// How bad a diagnostic is: errors fail the command, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// The word used in rendered output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A span of a file with a short message shown beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

/// One error or warning about the user's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The places it concerns; the first is the primary one.
    pub labels: Vec<Label>,
    /// What to do about it, in plain words.
    pub help: Option<String>,
    /// The edit its help asks for, when the checker knows it exactly: editors offer it as
    /// a quick fix. Boxed: most diagnostics have none, and a diagnostic is often an
    /// `Err` that should stay small.
    pub fix: Option<Box<Fix>>,
}

/// An edit that resolves a diagnostic: the text of a span replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub file: FileId,
    pub span: Span,
    pub replacement: String,
}

impl Diagnostic {
    /// An error with this code and message, and no label yet.
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// A warning with this code and message, and no label yet.
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// The diagnostic with one more labelled span.
    pub fn with_label(
        mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// The diagnostic with a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic with the edit that resolves it: `span` of `file` becomes
    /// `replacement`.
    pub fn with_fix(
        mut self,
        file: FileId,
        span: Span,
        replacement: impl Into<String>,
    ) -> Diagnostic {
        self.fix = Some(Box::new(Fix {
            file,
            span,
            replacement: replacement.into(),
        }));
        self
    }

    /// The primary label, if it has one.
    pub fn primary(&self) -> Option<&Label> {
        self.labels.first()
    }

    /// Whether it is an error (and so fails the command).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics into source order (file, then position), keeping the order of
/// diagnostics at the same place.
pub fn sort_by_position(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|diagnostic| {
        diagnostic
            .primary()
            .map(|label| (label.file, label.span.start))
    });
}
