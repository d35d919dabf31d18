//! The checker: from a root file to a resolved, unit-checked [`Model`].
//!
//! It loads the root and every file and library module it imports ([`load`]), gathers
//! the names they define ([`names`]), and elaborates the model ([`elaborate`]): every
//! name resolved, every expression typed by its units and linear in the decisions, every
//! value checked. Scenarios are elaborated too, so that a scenario that breaks the
//! strategy is reported by `stratc check`. All problems are collected, in source order.

mod curves;
mod elaborate;
mod expr;
pub mod load;
mod names;
pub mod suggest;
mod units;

pub use elaborate::{Override, OverrideOrigin};
pub use load::{FileLoader, NoFiles, Refused};

use crate::diagnostic::{self, Diagnostic};
use crate::model::{Distribution, Draws, Model};
use crate::source::{FileId, SourceMap};
use crate::syntax::ast::ItemKind;

/// A strategy's files, parsed, with the names they define.
#[derive(Debug)]
pub struct Program {
    loaded: load::Loaded,
    names: names::Names,
}

/// The result of checking: the model (when there is no error) and the diagnostics.
#[derive(Debug)]
pub struct Checked {
    pub program: Program,
    pub model: Option<Model>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the strategy whose root file is `root` (already in `sources`), reading the
/// files it imports through `loader`.
pub fn check(root: FileId, sources: &mut SourceMap, loader: &dyn FileLoader) -> Checked {
    let mut diagnostics = Vec::new();
    let loaded = load::load(root, sources, loader, &mut diagnostics);
    // A file that does not parse would make every later check report the items it lost.
    if !loaded.complete {
        diagnostic::sort_by_position(&mut diagnostics);
        let names = names::Names::default();
        let program = Program { loaded, names };
        return Checked {
            program,
            model: None,
            diagnostics,
        };
    }
    let names = names::gather(&loaded, &mut diagnostics);
    let program = Program { loaded, names };
    let (model, found) = program.model(sources, &[]);
    diagnostics.extend(found);
    if let Some(model) = &model {
        for problem in at_range_ends(&program, sources, model) {
            if !diagnostics.contains(&problem) {
                diagnostics.push(problem);
            }
        }
    }
    for scenario in program.scenario_names() {
        let overrides = program.scenario_overrides(scenario);
        let (_, found) = program.model(sources, &overrides);
        for problem in found {
            if !diagnostics.contains(&problem) {
                diagnostics.push(in_scenario(problem, &program, scenario));
            }
        }
    }
    diagnostic::sort_by_position(&mut diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    Checked {
        program,
        model: model.filter(|_| !failed),
        diagnostics,
    }
}

impl Program {
    /// The model with `overrides` applied to the params, or `None` when it has errors.
    pub fn model(
        &self,
        sources: &SourceMap,
        overrides: &[Override],
    ) -> (Option<Model>, Vec<Diagnostic>) {
        elaborate::elaborate(self, sources, overrides, &Draws::none())
    }

    /// The model with `overrides` applied to the params and the ranges at the values of
    /// `draws` (those it leaves out at their most likely): a sample of an uncertain
    /// strategy, or one of its ranges at an end. `None` when it has errors, which a draw
    /// within the ranges' ends of a checked strategy does not cause.
    pub fn model_at(
        &self,
        sources: &SourceMap,
        overrides: &[Override],
        draws: &Draws,
    ) -> Option<Model> {
        elaborate::elaborate(self, sources, overrides, draws).0
    }

    /// Every file of the strategy as parsed: the root, the files it imports in the order
    /// first used, then the library modules it uses.
    pub fn files(&self) -> impl Iterator<Item = &load::LoadedFile> {
        self.loaded.files.iter().chain(&self.loaded.library_files)
    }

    /// The names of the scenarios, in definition order.
    pub fn scenario_names(&self) -> Vec<&str> {
        self.names.scenarios.names().collect()
    }

    /// The param overrides of the scenario `name` (none if there is no such scenario).
    pub fn scenario_overrides(&self, name: &str) -> Vec<Override<'_>> {
        let Some(index) = self.names.scenarios.position(name) else {
            return Vec::new();
        };
        let at = self.names.scenarios.entries[index].1;
        let ItemKind::Scenario(scenario) = &self.loaded.item(at).kind else {
            return Vec::new();
        };
        let file = self.loaded.file_id(at);
        scenario
            .overrides
            .iter()
            .map(|written| Override {
                param: &written.param,
                value: &written.value,
                file,
                origin: OverrideOrigin::Scenario,
            })
            .collect()
    }
}

/// The model of a strategy held in memory, for tests of the later stages; panics with the
/// diagnostics when it does not check.
#[cfg(test)]
pub fn model_of(text: &str) -> Model {
    let mut sources = SourceMap::new();
    let file = sources.add(crate::source::SourceFile::new("test.strat", text));
    let checked = check(file, &mut sources, &NoFiles);
    checked
        .model
        .unwrap_or_else(|| panic!("{:#?}", checked.diagnostics))
}

/// The problems of the model with every range at its low end, then at its high end: a
/// size, a price or a revenue share that is fine at its most likely value may not be at an
/// end, and a sample can land there. Curves are left to their own check, which tries each
/// corner's combinations of ends (E0415).
fn at_range_ends(program: &Program, sources: &SourceMap, model: &Model) -> Vec<Diagnostic> {
    use crate::diagnostic::Code;
    let curve_codes = [
        Code::CurveStartsAtZero,
        Code::CurveSpendNotIncreasing,
        Code::CurveDecreases,
        Code::CurveNotConcave,
    ];
    let mut problems = Vec::new();
    if model.uncertain.is_empty() {
        return problems;
    }
    for (end, pick) in [
        ("low", Distribution::low as fn(Distribution) -> f64),
        ("high", Distribution::high),
    ] {
        let mut draws = Draws::none();
        for input in &model.uncertain {
            draws.set(input.loc, pick(input.distribution));
        }
        let (_, found) = elaborate::elaborate(program, sources, &[], &draws);
        for problem in found {
            if problem.is_error() && !curve_codes.contains(&problem.code) {
                let message = format!("{} (with every range at its {end} end)", problem.message);
                problems.push(Diagnostic { message, ..problem });
            }
        }
    }
    problems
}

/// A problem found only when a scenario's overrides apply, pointing at the scenario too.
fn in_scenario(problem: Diagnostic, program: &Program, scenario: &str) -> Diagnostic {
    let Some(index) = program.names.scenarios.position(scenario) else {
        return problem;
    };
    let loc = program.names.scenarios.entries[index].2;
    let message = format!("{} (in scenario `{scenario}`)", problem.message);
    Diagnostic { message, ..problem }.with_label(
        loc.file,
        loc.span,
        format!("with the values of scenario `{scenario}`"),
    )
}

#[cfg(test)]
mod tests;
