//! stratc: a compiler for go-to-market strategies written as code.
//!
//! The pipeline, one module a stage: [`syntax`] turns text into an AST with a span on
//! every node; later stages resolve, schedule, optimise and render. Every stage takes data
//! in and gives data out; problems travel as collected [`diagnostic::Diagnostic`] values.

pub mod analysis;
pub mod build;
pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod format;
pub mod formatter;
pub mod generate;
pub mod locale;
pub mod model;
pub mod optimise;
pub mod render;
pub mod schedule;
pub mod source;
pub mod syntax;
pub mod uncertainty;
