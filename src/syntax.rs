//! Syntax: from text to a typed AST with a span on every node.
//!
//! Parsing never fails as a whole: [`parse`] returns the items it could read and a
//! diagnostic for each item it could not. Each top-level item is parsed on its own (see
//! [`chunks`]), so every syntax error of a file is reported in one run.

pub mod ast;
mod chunks;
mod error;
mod grammar;
pub mod ident;
mod literal;
mod lower;
mod slips;

use pest::Parser;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use grammar::{Rule, StratParser};

pub use chunks::{BOM, MAX_DEPTH};

/// The result of parsing one file: the items read, and the diagnostics.
#[derive(Debug)]
pub struct Parsed {
    pub file: ast::File,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses the text of the file `file`.
pub fn parse(file: FileId, text: &str) -> Parsed {
    // Detailed attempts give the literal tokens (`{`, `=>`) that error messages name.
    pest::set_error_detail(true);
    let mut items = Vec::new();
    let mut diagnostics = Vec::new();
    for chunk in chunks::split(text) {
        if let Some(at) = chunk.too_deep {
            diagnostics.push(too_deep(file, at));
            continue;
        }
        let source = &text[chunk.span.start..chunk.span.end];
        match StratParser::parse(Rule::items, source) {
            Ok(pairs) => {
                let mut lowerer = lower::Lowerer::new(file, chunk.span.start, &mut diagnostics);
                items.extend(lowerer.items(pairs));
            }
            Err(pest_error) => {
                diagnostics.push(error::diagnostic(file, text, chunk.span, &pest_error));
            }
        }
    }
    Parsed {
        file: ast::File { items },
        diagnostics,
    }
}

fn too_deep(file: FileId, at: usize) -> Diagnostic {
    Diagnostic::error(
        Code::NestingTooDeep,
        format!("brackets nest more than {MAX_DEPTH} deep"),
    )
    .with_label(file, Span::new(at, at + 1), "this bracket is one too many")
    .with_help("close the brackets opened before it, or flatten the expression")
}

#[cfg(test)]
mod tests;
