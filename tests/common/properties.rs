//! The properties the fuzzers check, one function per entry point, shared by the
//! proptest runs of `tests/fuzz.rs` and the cargo-fuzz targets of `fuzz/`
//! (`#[path = "…/tests/common/properties.rs"] mod properties;`). Each takes the input's
//! bytes and says what went wrong; a panic inside is a failure too.
#![allow(dead_code)]

use stratc::build::{BuildOptions, Built};
use stratc::check::{self, NoFiles};
use stratc::diagnostic::Diagnostic;
use stratc::optimise::{Failure, Progress, SolverKind, Solves};
use stratc::render;
use stratc::render::templates::{Renderer, Templates};
use stratc::source::{FileId, SourceMap};

/// check never panics, and every label of every diagnostic lies inside its file, on
/// character boundaries.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    let mut sources = SourceMap::new();
    match sources.add_bytes("fuzz.strat", bytes.to_vec()) {
        Ok(file) => {
            let checked = check::check(file, &mut sources, &NoFiles);
            labels_inside(&checked.diagnostics, &sources)
        }
        // The label covers the first bad byte as read, which in the text kept (bad bytes
        // replaced by U+FFFD) is the first of three: only its start is a character
        // boundary there. The renderers cope (`stratc check` prints the line); whether
        // the label should cover the whole U+FFFD is the diagnostics' call.
        Err(problem) => {
            let label = &problem.labels[0];
            let text = &sources.get(label.file).text;
            if label.span.end <= text.len() && text.is_char_boundary(label.span.start) {
                Ok(())
            } else {
                Err(format!("{problem:?}"))
            }
        }
    }
}

/// fmt never panics, and text that parses keeps its syntax tree and is settled after one
/// pass (text that does not parse, `stratc fmt` leaves alone).
pub fn fmt(bytes: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    let formatted = stratc::formatter::format(text);
    if !stratc::syntax::parse(FileId(0), text)
        .diagnostics
        .is_empty()
    {
        return Ok(());
    }
    if !stratc::formatter::same_meaning(text, &formatted) {
        return Err(format!(
            "formatting changed the tree:\n{text}\n---\n{formatted}"
        ));
    }
    let again = stratc::formatter::format(&formatted);
    if again != formatted {
        return Err(format!(
            "formatting twice changed:\n{formatted}\n---\n{again}"
        ));
    }
    Ok(())
}

/// build never panics, its diagnostics point inside their files, a strategy that checks
/// renders every output `stratc build` writes (or, with errors, none), and a build
/// without errors has a plan. Each solve may take a second.
pub fn build(bytes: &[u8]) -> Result<(), String> {
    let mut sources = SourceMap::new();
    let Ok(file) = sources.add_bytes("fuzz.strat", bytes.to_vec()) else {
        return Ok(());
    };
    let options = BuildOptions {
        solver: SolverKind::Microlp,
        time_limit: Some(1.0),
        ..BuildOptions::default()
    };
    let built = stratc::build::build(
        file,
        &mut sources,
        &NoFiles,
        &options,
        Progress::unwatched(),
        Solves::default(),
    );
    labels_inside(&built.diagnostics, &sources)?;
    let renderer = Renderer::new(&Templates::default())?;
    outputs(&built, &renderer)?;
    if built.is_ok() && built.found().is_none() {
        return Err("a build without errors has no plan".into());
    }
    Ok(())
}

/// Fails unless every label of `diagnostics` lies inside its file, on character
/// boundaries.
fn labels_inside(diagnostics: &[Diagnostic], sources: &SourceMap) -> Result<(), String> {
    for diagnostic in diagnostics {
        for label in &diagnostic.labels {
            let text = &sources.get(label.file).text;
            let span = label.span;
            let inside = span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end);
            if !inside {
                return Err(format!("a label outside its file: {diagnostic:?}"));
            }
        }
    }
    Ok(())
}

/// The files `stratc build` writes for `built` (Markdown, HTML and JSON), rendered: none
/// when the strategy has errors, an error when one of them cannot be rendered.
fn outputs(built: &Built, renderer: &Renderer) -> Result<Option<[String; 3]>, String> {
    let (Some(model), Some(plan)) = (&built.model, &built.plan) else {
        return Ok(None);
    };
    let locale = model.locale;
    let report = match plan {
        Ok(optimised) => render::report::of_build(built, model, optimised, locale),
        Err(Failure::Infeasible(conflict)) => render::report::infeasible(model, conflict, locale),
        Err(Failure::Solver(_)) => return Ok(None),
    };
    let optimised = plan.as_ref().ok();
    let markdown = render::markdown::markdown(&report, model, renderer, locale)?;
    let html = render::html::html(
        &report,
        model,
        (
            optimised,
            built.uncertainty.as_ref(),
            built.tornado.as_ref(),
        ),
        renderer,
        locale,
    )?;
    let json = render::json::json(built).ok_or("no JSON plan")?;
    Ok(Some([markdown, html, json]))
}
