//! A build: the whole pipeline for one strategy, as `stratc build` and `stratc watch` run
//! it. Check and schedule the strategy with the command line's param values, optimise it,
//! solve each scenario, and turn what fails into diagnostics.

use crate::analysis;
use crate::check::{FileLoader, Override, OverrideOrigin, Program};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::locale::Locale;
use crate::model::{Loc, Model};
use crate::optimise::progress::Step;
use crate::optimise::{
    self, Deadline, Extras, Failure, Headline, Memo, Omitted, Optimised, Progress, Rebuild,
    Requirement, Run, SolverKind, Solves, Tornado,
};
use crate::schedule::Schedule;
use crate::source::{FileId, SourceFile, SourceMap};
use crate::syntax::{self, ast};
use crate::uncertainty::robust::Comparison;
use crate::uncertainty::{self, Sampling, Uncertainty};

mod robust;
mod tornado;

/// What to build.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuildOptions {
    pub solver: SolverKind,
    /// Seconds the whole build's solves may take (the plan's, then its extras' and the
    /// scenarios'), within `optimise::milp::TIME_LIMITS`.
    pub time_limit: Option<f64>,
    /// Build this scenario instead of the strategy's own values.
    pub scenario: Option<String>,
    /// `NAME=VALUE` param values from the command line.
    pub set: Vec<String>,
    /// Whether the extras run one after another instead of on every core (see
    /// [`Run::sequential`]).
    pub sequential: bool,
    /// How many samples of the ranges the plan is evaluated on, from which seed.
    pub sampling: Sampling,
}

/// A scenario's outcome, side by side with the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioOutcome {
    pub name: String,
    pub result: Result<Headline, ScenarioFailure>,
}

/// Why a scenario has no plan.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioFailure {
    /// Its values do not check (with the command line's): the diagnostics are the build's.
    DoesNotCheck,
    /// No plan meets it, or the solver failed.
    Optimise(Failure),
    /// The build's time limit ran out before its plan was found and proven optimal.
    OutOfTime,
}

/// The outcome of a build.
#[derive(Debug)]
pub struct Built {
    /// The model built (with the scenario's and command line's values), if it checks.
    pub model: Option<Model>,
    /// The schedule with every channel opened (ramps come from it).
    pub schedule: Option<Schedule>,
    /// The plan, or why there is none; `None` when the strategy has errors.
    pub plan: Option<Result<Optimised, Failure>>,
    pub scenarios: Vec<ScenarioOutcome>,
    /// The plan on samples of the strategy's ranges; `None` without ranges or a plan.
    pub uncertainty: Option<Uncertainty>,
    /// A robust plan beside the most likely plan; `None` without a robust objective.
    pub robust: Option<Comparison>,
    /// The inputs whose ranges move the objective most; `None` without ranges.
    pub tornado: Option<Tornado>,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a mistake on the command line (`--set`, `--scenario`) stopped the build.
    pub bad_command_line: bool,
    /// Its solves' outcomes, for the next build of the same strategy to reuse, and how
    /// many it ran and reused.
    pub solves: Solves,
}

impl Built {
    /// Whether the build produced a plan without errors.
    pub fn is_ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The model and its plan, when the build found a plan.
    pub fn found(&self) -> Option<(&Model, &Optimised)> {
        match (&self.model, &self.plan) {
            (Some(model), Some(Ok(optimised))) => Some((model, optimised)),
            _ => None,
        }
    }

    /// A build stopped before a model by `diagnostics` (from the command line's values
    /// when `bad_command_line`).
    pub fn stopped(diagnostics: Vec<Diagnostic>, bad_command_line: bool) -> Built {
        Built {
            model: None,
            schedule: None,
            plan: None,
            scenarios: Vec::new(),
            uncertainty: None,
            robust: None,
            tornado: None,
            diagnostics,
            bad_command_line,
            solves: Solves::default(),
        }
    }
}

/// Builds the strategy at `root`, telling `progress` of each solve as it starts, and
/// reusing the outcomes of `earlier`'s solves (an earlier build's, or none): a solve that
/// reads the same program is not run again, so a save that changes no number re-renders
/// the plan without solving. The time limit counts from here.
pub fn build(
    root: FileId,
    sources: &mut SourceMap,
    loader: &dyn FileLoader,
    options: &BuildOptions,
    progress: &Progress,
    earlier: Solves,
) -> Built {
    let memo = Memo::reusing(earlier);
    let built = build_with(root, sources, loader, options, progress, &memo);
    Built {
        solves: memo.into_solves(),
        ..built
    }
}

/// The build, its solves going through `memo`; its `solves` are left empty for [`build`]
/// to fill from the memo once every solve is done.
fn build_with(
    root: FileId,
    sources: &mut SourceMap,
    loader: &dyn FileLoader,
    options: &BuildOptions,
    progress: &Progress,
    memo: &Memo,
) -> Built {
    let run = Run {
        solver: options.solver,
        deadline: Deadline::after(options.time_limit),
        progress,
        sequential: options.sequential,
    };
    let analysis = analysis::analyse(root, sources, loader);
    let mut diagnostics = analysis.checked.diagnostics;
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Built::stopped(diagnostics, false);
    }
    let program = analysis.checked.program;
    let set = match parse_set(sources, &options.set) {
        Ok(set) => set,
        Err(problems) => return Built::stopped(problems, true),
    };
    let set_overrides: Vec<Override> = set
        .iter()
        .map(|(file, param)| Override {
            param: &param.name,
            value: &param.value,
            file: *file,
            origin: OverrideOrigin::CommandLine,
        })
        .collect();
    let mut overrides = set_overrides.clone();
    if let Some(name) = &options.scenario {
        if !program.scenario_names().contains(&name.as_str()) {
            return Built::stopped(vec![unknown_scenario(name, &program)], true);
        }
        overrides.extend(program.scenario_overrides(name));
    }
    let (model, schedule) = match (analysis.checked.model, analysis.schedule) {
        // The analysis already built the strategy's own values.
        (Some(model), Some(schedule)) if overrides.is_empty() => (model, schedule),
        _ => {
            let (model, problems) = program.model(sources, &overrides);
            let command_line_errors = problems.iter().any(Diagnostic::is_error);
            let Some(model) = model.filter(|_| !command_line_errors) else {
                return Built::stopped(problems, true);
            };
            match Schedule::of(&model) {
                Ok(schedule) => (model, schedule),
                Err(cycles) => return Built::stopped(cycles, false),
            }
        }
    };
    let names = program.scenario_names();
    progress.plan(names.len());
    let seed = options.sampling.seed;
    let written = robust::Written {
        program: &program,
        sources,
        overrides: &overrides,
    };
    let samples = robust::samples(written, &model, seed);
    let plan = optimise::optimise_over(&model, &schedule, &samples, run, Extras::ALL, memo);
    let robust = robust::comparison(&model, &schedule, &samples, &plan, run, memo);
    let tornado = tornado::tornado(written, &model, &plan, robust.as_ref(), run, memo);
    let mut scenarios = Vec::new();
    for name in names {
        let mut overrides = set_overrides.clone();
        overrides.extend(program.scenario_overrides(name));
        let scenario = robust::Written {
            overrides: &overrides,
            ..written
        };
        let (outcome, problems) = solve_scenario(scenario, name, seed, run, memo);
        scenarios.push(outcome);
        diagnostics.extend(problems);
    }
    let uncertainty = plan.as_ref().ok().and_then(|optimised| {
        let samples = options.sampling.samples;
        if model.uncertain.is_empty() || samples == 0 {
            return None;
        }
        progress.plan(1);
        progress.start(Step::Samples(samples));
        let solution = &optimised.solution;
        uncertainty::sample(
            &program,
            sources,
            &overrides,
            &model,
            solution,
            options.sampling,
        )
    });
    diagnostics.extend(plan_diagnostics(&model, &plan, &scenarios));
    diagnostic::sort_by_position(&mut diagnostics);
    Built {
        model: Some(model),
        schedule: Some(schedule),
        plan: Some(plan),
        scenarios,
        uncertainty,
        robust,
        tornado,
        diagnostics,
        bad_command_line: false,
        solves: Solves::default(),
    }
}

/// Solves scenario `name`, with the diagnostics of its values when they do not check
/// (a `--set` can break a scenario that checked with the strategy's own values). A
/// scenario the deadline stops, or comes before, is not computed: its figures beside the
/// plan's would compare a plan with a guess. `written` holds the scenario's overrides; a
/// robust scenario reads its own samples (the scenario's values, the same `seed`).
fn solve_scenario(
    written: robust::Written,
    name: &str,
    seed: u64,
    run: Run,
    memo: &Memo,
) -> (ScenarioOutcome, Vec<Diagnostic>) {
    let (model, problems) = written.program.model(written.sources, written.overrides);
    let schedule = model.as_ref().map(Schedule::of);
    let (result, problems) = match (model, schedule) {
        (Some(_), Some(Ok(_))) if run.deadline.passed() => {
            run.progress.skip();
            (Err(ScenarioFailure::OutOfTime), Vec::new())
        }
        (Some(model), Some(Ok(schedule))) => {
            run.progress.start(Step::Scenario(name.to_string()));
            // The scenario is one step of the build: its own solves are not counted.
            let own = Run {
                progress: Progress::unwatched(),
                ..run
            };
            let samples = robust::samples(written, &model, seed);
            let solved =
                optimise::optimise_over(&model, &schedule, &samples, own, Extras::NONE, memo);
            let result = match solved {
                Ok(optimised) if optimised.stopped_early => Err(ScenarioFailure::OutOfTime),
                Ok(optimised) => Ok(optimised.headline()),
                Err(Failure::Solver(message)) if message == optimise::milp::NO_PLAN_IN_TIME => {
                    Err(ScenarioFailure::OutOfTime)
                }
                Err(failure) => Err(ScenarioFailure::Optimise(failure)),
            };
            (result, Vec::new())
        }
        (_, Some(Err(cycles))) => (Err(ScenarioFailure::DoesNotCheck), cycles),
        _ => (Err(ScenarioFailure::DoesNotCheck), problems),
    };
    let outcome = ScenarioOutcome {
        name: name.to_string(),
        result,
    };
    (outcome, problems)
}

/// Parses each `NAME=VALUE` as a param written in a file of its own, named after the
/// option, so that its diagnostics point into what the user typed.
fn parse_set(
    sources: &mut SourceMap,
    set: &[String],
) -> Result<Vec<(FileId, ast::Param)>, Vec<Diagnostic>> {
    let mut params = Vec::new();
    let mut problems = Vec::new();
    for text in set {
        let file = sources.add(SourceFile::new(
            format!("--set {text}"),
            format!("param {text}"),
        ));
        let parsed = syntax::parse(file, &sources.get(file).text);
        if let Some(extra) = parsed
            .file
            .items
            .get(1)
            .filter(|_| parsed.diagnostics.is_empty())
        {
            // `--set "a=1; constraint spend <= 1 USD"` must not smuggle in a second item.
            problems.push(
                Diagnostic::error(Code::Syntax, format!("`--set` takes one value, but `{text}` holds more"))
                    .with_label(file, extra.span, "after the value")
                    .with_help("give each param its own `--set NAME=VALUE`; constraints and other items belong in the strategy"),
            );
            continue;
        }
        let param = parsed
            .file
            .items
            .into_iter()
            .find_map(|item| match item.kind {
                ast::ItemKind::Param(param) => Some(param),
                _ => None,
            });
        match param {
            Some(param) if parsed.diagnostics.is_empty() => params.push((file, param)),
            _ => {
                problems.extend(parsed.diagnostics);
                if problems.is_empty() {
                    problems.push(
                        Diagnostic::error(
                            Code::Syntax,
                            format!("`--set {text}` is not `NAME=VALUE`"),
                        )
                        .with_label(
                            file,
                            crate::source::Span::new(0, sources.get(file).text.len()),
                            "here",
                        )
                        .with_help("write `--set size_factor=80%`"),
                    );
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(params)
    } else {
        Err(problems)
    }
}

fn unknown_scenario(name: &str, program: &Program) -> Diagnostic {
    let names = program.scenario_names();
    let help =
        crate::check::suggest::did_you_mean(name, names.iter().copied()).unwrap_or_else(|| {
            if names.is_empty() {
                "the strategy defines no scenario".to_string()
            } else {
                format!("its scenarios are {}", crate::check::load::list(&names))
            }
        });
    Diagnostic::error(Code::UnknownName, format!("there is no scenario `{name}`")).with_help(help)
}

/// The diagnostics of an optimisation's outcome: the conflict that makes it infeasible,
/// a solver failure, a plan not proven optimal, or extras (scenarios among them) that
/// could not be computed.
fn plan_diagnostics(
    model: &Model,
    plan: &Result<Optimised, Failure>,
    scenarios: &[ScenarioOutcome],
) -> Vec<Diagnostic> {
    let objective_loc = model
        .objective
        .terms
        .first()
        .map_or(model.budget.loc, |term| term.loc);
    match plan {
        Ok(optimised) => {
            let mut diagnostics = extras_missing(model, optimised);
            diagnostics.extend(out_of_time(model, optimised, scenarios));
            if optimised.stopped_early {
                diagnostics.push(
                    Diagnostic::warning(Code::NotProvenOptimal, "the plan is the best found in the time limit, not proven optimal")
                        .with_label(objective_loc.file, objective_loc.span, "may do better than the plan")
                        .with_help("raise `--time-limit`, or try `--solver highs`"),
                );
            }
            diagnostics
        }
        Err(Failure::Infeasible(conflict)) => vec![infeasible(model, conflict)],
        Err(Failure::Solver(message)) if message == optimise::milp::NO_PLAN_IN_TIME => vec![
            Diagnostic::error(Code::SolverFailed, optimise::milp::NO_PLAN_IN_TIME)
                .with_label(objective_loc.file, objective_loc.span, "while optimising this")
                .with_help("raise `--time-limit`, or try `--solver highs`"),
        ],
        Err(Failure::Solver(message)) => vec![
            Diagnostic::error(Code::SolverFailed, format!("the solver failed: {message}"))
                .with_label(objective_loc.file, objective_loc.span, "while optimising this")
                .with_help("try `--solver highs` (stratc built with `--features highs`), or a `--time-limit`"),
        ],
    }
}

/// A warning for each extra of the plan that could not be computed: the plan stays, and
/// the item says what failed.
fn extras_missing(model: &Model, optimised: &Optimised) -> Vec<Diagnostic> {
    let mut missing = Vec::new();
    for marginal in &optimised.marginal_values {
        if let Rebuild::Failed(message) = &marginal.moved {
            let what = format!("the marginal value of `{}`", marginal.limit.name);
            missing.push((what, message.clone(), marginal.limit.loc));
        }
    }
    for closed in &optimised.closed_channels {
        if let Rebuild::Failed(message) = &closed.forced_open {
            let channel = &model.channels[closed.channel.0];
            let what = format!("what opening `{}` would do", channel.id);
            missing.push((what, message.clone(), channel.loc));
        }
    }
    let pareto_loc = model.pareto.as_ref().map(|pareto| pareto.loc);
    for message in &optimised.frontier.missing {
        let loc = pareto_loc.unwrap_or(model.budget.loc);
        missing.push(("the frontier".to_string(), message.clone(), loc));
    }
    missing
        .into_iter()
        .map(|(what, message, loc)| {
            Diagnostic::warning(
                Code::ExtraNotComputed,
                format!("{what} could not be computed: {message}"),
            )
            .with_label(loc.file, loc.span, "left out of the plan")
            .with_help(
                "the plan itself is complete; try `--solver highs`, or a longer `--time-limit`",
            )
        })
        .collect()
}

/// A warning when the time limit ran out before some extras of the plan (scenarios
/// among them) were computed: one for them all, since they share the one cause.
fn out_of_time(
    model: &Model,
    optimised: &Optimised,
    scenarios: &[ScenarioOutcome],
) -> Option<Diagnostic> {
    let late = |rebuild: &Rebuild| *rebuild == Rebuild::NotComputed(Omitted::OutOfTime);
    let count = optimised
        .marginal_values
        .iter()
        .filter(|marginal| late(&marginal.moved))
        .count()
        + optimised
            .closed_channels
            .iter()
            .filter(|closed| late(&closed.forced_open))
            .count()
        + optimised.frontier.out_of_time
        + scenarios
            .iter()
            .filter(|scenario| scenario.result == Err(ScenarioFailure::OutOfTime))
            .count();
    if count == 0 {
        return None;
    }
    let loc = model
        .objective
        .terms
        .first()
        .map_or(model.budget.loc, |term| term.loc);
    let extras = if count == 1 { "extra" } else { "extras" };
    Some(
        Diagnostic::warning(
            Code::ExtraNotComputed,
            format!(
                "{} {extras} of the plan not computed: the time limit ran out",
                crate::format::number(count as f64)
            ),
        )
        .with_label(loc.file, loc.span, "the plan itself is complete")
        .with_help(
            "raise `--time-limit`, or try `--solver highs`; marginal values, closed channels' \
             explanations, frontier points and scenarios come after the plan",
        ),
    )
}

/// One diagnostic naming each requirement of a minimal conflict. A conflict of one
/// requirement is that requirement alone, which cannot hold whatever else is dropped.
fn infeasible(model: &Model, conflict: &[Requirement]) -> Diagnostic {
    let (message, help) = match conflict {
        [alone] => (
            format!(
                "no plan meets {}",
                alone.kind.describe(model, Locale::english())
            ),
            "this requirement cannot hold on its own: loosen or drop it",
        ),
        _ => (
            format!(
                "no plan meets these {} requirements together",
                conflict.len()
            ),
            "loosen or drop one of them: without any one, the rest can hold",
        ),
    };
    let mut diagnostic = Diagnostic::error(Code::Infeasible, message).with_help(help);
    for requirement in conflict {
        let Loc { file, span } = requirement.loc;
        diagnostic = diagnostic.with_label(
            file,
            span,
            requirement.kind.describe(model, Locale::english()),
        );
    }
    diagnostic
}

#[cfg(test)]
mod tests;
