//! `stratc build FILE`: optimise a strategy and write its plan.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use stratc::build::{self, BuildOptions, Built};
use stratc::check::FileLoader;
use stratc::format;
use stratc::locale::Locale;
use stratc::model::Model;
use stratc::optimise::{Failure, Optimised, SolverKind, Solves};
use stratc::render;
use stratc::render::report::Report;
use stratc::render::templates::{self, Renderer, Templates};
use stratc::source::SourceMap;
use stratc::uncertainty::Sampling;

/// The most samples `--samples` takes: a build samples on every core, and 100000 samples
/// of a small strategy take seconds.
const MAX_SAMPLES: usize = 100_000;

use super::Outcome;
use super::check::unreadable;
use super::disk::{Disk, RootArg, entry};
use super::progress;
use super::report::Printer;
use super::summary::{scenario_lines, summary};
use super::write::write_set;

/// The options of `stratc build`.
#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    /// The `.strat` file.
    pub file: PathBuf,
    /// The folder the plan is written to.
    #[arg(short = 'o', long = "out", default_value = "plan")]
    pub out: PathBuf,
    /// What to write: `md` (the plan for pull requests), `html` (a self-contained page
    /// with charts), `json` (the plan for tools), `csv` (the channels, markets, stages and
    /// schedule as spreadsheets: `FILE.channels.csv` and so on), `lp` (the final model in
    /// CPLEX LP format) and `dot` (the stage graph).
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Emit::Md, Emit::Html, Emit::Json])]
    pub emit: Vec<Emit>,
    /// A folder whose `plan.md.hbs` and `plan.html.hbs` replace the built-in templates.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Give a param another value, as `--set size_factor=80%` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Build a scenario's values instead of the strategy's own.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// The solver: `microlp` (built in) or `highs` (needs stratc built with `--features highs`).
    #[arg(long, value_enum, default_value_t = SolverArg::Microlp)]
    pub solver: SolverArg,
    /// Seconds the whole build may take: the plan, then its marginal values, closed
    /// channels, frontier and scenarios. A plan stopped by it is marked not proven
    /// optimal; what comes after it is not computed.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// How many samples of the strategy's ranges the plan is evaluated on (0 turns it
    /// off; at most 100000). A strategy without ranges takes none.
    #[arg(long, value_name = "N", default_value_t = Sampling::DEFAULT_SAMPLES)]
    pub samples: usize,
    /// The seed of the samples: the same seed gives the same samples on every machine.
    #[arg(long, value_name = "SEED", default_value_t = Sampling::DEFAULT_SEED)]
    pub seed: u64,
    /// The language of the plans and of this summary, in place of the strategy's
    /// `locale`: `en` or `zh-CN`.
    #[arg(long, value_name = "TAG", value_parser = locale_arg)]
    pub locale: Option<&'static Locale>,
    #[command(flatten)]
    pub root: RootArg,
}

/// The files a build can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    Md,
    Html,
    Json,
    Csv,
    Lp,
    Dot,
}

/// The solvers on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SolverArg {
    Microlp,
    Highs,
}

/// The locale tagged `tag`, or why there is none, listing those there are.
fn locale_arg(tag: &str) -> Result<&'static Locale, String> {
    Locale::named(tag).ok_or_else(|| {
        let known: Vec<String> = Locale::tags()
            .iter()
            .map(|known| format!("`{known}`"))
            .collect();
        format!(
            "stratc has no locale `{tag}`\n  help: the locales are {}",
            known.join(", ")
        )
    })
}

impl BuildArgs {
    /// The locale a build of `model` writes in: `--locale`, or the strategy's own.
    pub fn locale(&self, model: &Model) -> &'static Locale {
        self.locale.unwrap_or(model.locale)
    }

    /// The library's options and the compiled templates (read through `disk`), or why the
    /// command line is wrong.
    pub fn prepare(&self, disk: &Disk) -> Result<(BuildOptions, Renderer), String> {
        let options = self.options()?;
        let renderer = Renderer::new(&read_templates(self.templates.as_deref(), disk)?)?;
        Ok((options, renderer))
    }

    /// The library's options, or why the command line is wrong.
    fn options(&self) -> Result<BuildOptions, String> {
        let kind = match self.solver {
            SolverArg::Microlp => SolverKind::Microlp,
            SolverArg::Highs if cfg!(feature = "highs") => SolverKind::Highs,
            SolverArg::Highs => {
                return Err("this stratc was built without HiGHS: rebuild it with `cargo install --path . --features highs`".into());
            }
        };
        let limits = stratc::optimise::milp::TIME_LIMITS;
        if let Some(limit) = self.time_limit.filter(|limit| !limits.contains(limit)) {
            // `1e300` as Rust spells it would be three hundred digits.
            let given = if (1e-3..1e7).contains(&limit.abs()) {
                format::number(limit)
            } else {
                format!("{limit:e}")
            };
            return Err(format!(
                "--time-limit takes {} to {} seconds, not {given}",
                format::number(*limits.start()),
                format::number(*limits.end()),
            ));
        }
        if self.samples > MAX_SAMPLES {
            return Err(format!(
                "--samples takes 0 to {}, not {}",
                format::number(MAX_SAMPLES as f64),
                format::number(self.samples as f64)
            ));
        }
        Ok(BuildOptions {
            solver: kind,
            time_limit: self.time_limit,
            scenario: self.scenario.clone(),
            set: self.set.clone(),
            sequential: false,
            sampling: Sampling {
                samples: self.samples,
                seed: self.seed,
            },
        })
    }
}

/// Builds the plan, writes its files, and says how it went.
pub fn run(args: &BuildArgs, printer: &mut Printer) -> Outcome {
    let started = Instant::now();
    let prepared = args
        .root
        .disk()
        .and_then(|disk| Ok((args.prepare(&disk)?, disk)));
    let ((options, renderer), disk) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "error: {message}");
            return Outcome::BadCommandLine;
        }
    };
    let finished = build_and_write(args, &options, &renderer, &disk, Solves::default(), printer);
    if printer.is_human() {
        if let Some((model, optimised, built)) = finished.plan() {
            let locale = args.locale(model);
            let _ = write!(
                std::io::stderr(),
                "{}",
                summary(model, optimised, built, locale)
            );
        } else if let Some(built) = &finished.built {
            // Without a plan, the scenarios' outcomes are still news.
            if let Some(model) = &built.model {
                let locale = args.locale(model);
                let _ = write!(
                    std::io::stderr(),
                    "{}",
                    scenario_lines(model, built, locale)
                );
            }
        }
        for path in &finished.written {
            let path = path.display().to_string();
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                finished.locale.fill("cli_wrote", &[("path", &path)])
            );
        }
    }
    if let Some(message) = &finished.unwritten {
        printer.error(message);
    }
    if finished.outcome == Outcome::Fine {
        if printer.is_human() {
            let elapsed = format::number(started.elapsed().as_millis() as f64);
            let built = finished.locale.fill("cli_built", &[("ms", &elapsed)]);
            let _ = writeln!(std::io::stderr(), "{built}");
        }
    } else if finished.outcome == Outcome::Errors {
        printer.summary(&format!("built {}", args.file.display()));
    }
    finished.outcome
}

/// What one build did: how it ended, what it built and which files it wrote.
pub struct Finished {
    pub outcome: Outcome,
    pub built: Option<Built>,
    pub written: Vec<PathBuf>,
    /// Why the plan's files were not written, for the caller to print after the plan's
    /// headline: a template that failed, a file that could not be written, a plan that
    /// would overwrite an input.
    pub unwritten: Option<String>,
    /// The locale the plan was written in (English when nothing was built).
    pub locale: &'static Locale,
}

impl Finished {
    /// The model, the plan and the build, when the build found a plan.
    pub fn plan(&self) -> Option<(&Model, &Optimised, &Built)> {
        let built = self.built.as_ref()?;
        let (model, optimised) = built.found()?;
        Some((model, optimised, built))
    }

    fn ended(outcome: Outcome, built: Option<Built>, locale: &'static Locale) -> Finished {
        Finished {
            outcome,
            built,
            written: Vec::new(),
            unwritten: None,
            locale,
        }
    }
}

/// Reads `path` through `loader`, builds it (reusing `earlier`'s solves) and prints the
/// diagnostics; `None` (the problem printed, calling the file `shown`) when it cannot be
/// read.
pub fn build_file(
    path: &str,
    shown: &Path,
    loader: &dyn FileLoader,
    options: &BuildOptions,
    earlier: Solves,
    printer: &mut Printer,
) -> Option<Built> {
    let mut sources = SourceMap::new();
    let file = match loader.read(path) {
        Ok(bytes) => sources.add_bytes(path, bytes),
        Err(error) => Err(unreadable(shown, &error)),
    };
    let built = match file {
        Ok(file) => progress::shown(options.solver, |progress| {
            build::build(file, &mut sources, loader, options, progress, earlier)
        }),
        Err(problem) => {
            printer.print(&[problem], &sources);
            return None;
        }
    };
    printer.print(&built.diagnostics, &sources);
    Some(built)
}

/// Builds `args.file` with files read through `disk`, reusing `earlier`'s solves, prints
/// the diagnostics, and writes the plan's files (or says in [`Finished::unwritten`] why
/// not). An infeasible strategy still gets a plan that says so, with
/// its conflict, so that a reviewer does not read the last feasible plan as the current
/// one.
pub fn build_and_write(
    args: &BuildArgs,
    options: &BuildOptions,
    renderer: &Renderer,
    disk: &Disk,
    earlier: Solves,
    printer: &mut Printer,
) -> Finished {
    let path = args.file.display().to_string();
    let fallback = args.locale.unwrap_or_else(Locale::english);
    let Some(built) = build_file(&path, &args.file, disk, options, earlier, printer) else {
        return Finished::ended(Outcome::Errors, None, fallback);
    };
    if built.bad_command_line {
        return Finished::ended(Outcome::BadCommandLine, Some(built), fallback);
    }
    let locale = built
        .model
        .as_ref()
        .map_or(fallback, |model| args.locale(model));
    let report = match (&built.model, &built.plan) {
        (Some(model), Some(Ok(optimised))) => {
            render::report::of_build(&built, model, optimised, locale)
        }
        (Some(model), Some(Err(Failure::Infeasible(conflict)))) => {
            render::report::infeasible(model, conflict, locale)
        }
        _ => return Finished::ended(Outcome::Errors, Some(built), locale),
    };
    let written = match write_outputs(args, renderer, &built, &report, disk, locale) {
        Ok(written) => written,
        Err((outcome, message)) => {
            return Finished {
                unwritten: Some(message),
                ..Finished::ended(outcome, Some(built), locale)
            };
        }
    };
    Finished {
        outcome: if built.is_ok() {
            Outcome::Fine
        } else {
            Outcome::Errors
        },
        built: Some(built),
        written,
        unwritten: None,
        locale,
    }
}

/// The built-in templates, with those in `folder` (read through `disk`) in their place.
fn read_templates(folder: Option<&Path>, disk: &Disk) -> Result<Templates, String> {
    let mut templates = Templates::default();
    let Some(folder) = folder else {
        return Ok(templates);
    };
    let mut found = false;
    for (file, template) in [
        (templates::MARKDOWN_FILE, &mut templates.markdown),
        (templates::HTML_FILE, &mut templates.html),
    ] {
        let path = folder.join(file);
        let text = disk
            .read_resolved(&path)
            .and_then(|(_, bytes)| String::from_utf8(bytes).map_err(std::io::Error::other));
        match text {
            Ok(text) => {
                *template = text;
                found = true;
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(format!("cannot read `{}`: {error}", path.display())),
        }
    }
    if found {
        Ok(templates)
    } else {
        Err(format!(
            "`{}` holds neither `{}` nor `{}`\n  help: copy the built-in templates from the `templates/` folder of stratc's source and edit them",
            folder.display(),
            templates::MARKDOWN_FILE,
            templates::HTML_FILE
        ))
    }
}

/// Renders each emitted file, then writes them into the output folder as one set
/// ([`write_set`]): a template error or a file that cannot be written leaves the folder
/// as it was. A plan file that would replace a file the build read (`disk`'s inputs) is a
/// mistake of the command line, and nothing is written. Without a plan (an infeasible
/// strategy) there is no final program to write as `lp`.
fn write_outputs(
    args: &BuildArgs,
    renderer: &Renderer,
    built: &Built,
    report: &Report,
    disk: &Disk,
    locale: &Locale,
) -> Result<Vec<PathBuf>, (Outcome, String)> {
    let failed = |message: String| (Outcome::Errors, message);
    let Some(model) = &built.model else {
        return Ok(Vec::new());
    };
    let stem = args
        .file
        .file_stem()
        .map_or_else(|| "plan".into(), |stem| stem.to_string_lossy().into_owned());
    let optimised = built.plan.as_ref().and_then(|plan| plan.as_ref().ok());
    let sampled = built.uncertainty.as_ref();
    let ranked = built.tornado.as_ref();
    let mut emits = args.emit.clone();
    emits.sort_by_key(|emit| *emit as u8);
    emits.dedup();
    let mut files = Vec::new();
    for emit in emits {
        // Each emitted file's name after the stem (`md`, `channels.csv`), and its text.
        let emitted: Vec<(String, String)> = match (emit, optimised) {
            (Emit::Md, _) => vec![(
                "md".into(),
                render::markdown::markdown(report, model, renderer, locale).map_err(failed)?,
            )],
            (Emit::Html, _) => vec![(
                "html".into(),
                render::html::html(
                    report,
                    model,
                    (optimised, sampled, ranked),
                    renderer,
                    locale,
                )
                .map_err(failed)?,
            )],
            (Emit::Json, _) => vec![("json".into(), render::json::json(built).unwrap_or_default())],
            (Emit::Csv, _) => render::csv::csv(built)
                .unwrap_or_default()
                .into_iter()
                .map(|table| (format!("{}.csv", table.name), table.text))
                .collect(),
            (Emit::Lp, Some(optimised)) => vec![(
                "lp".into(),
                render::lp::lp(&model.title, &optimised.milp, &optimised.goal),
            )],
            (Emit::Lp, None) => continue,
            (Emit::Dot, _) => vec![("dot".into(), render::graph::dot(model, locale))],
        };
        for (extension, text) in emitted {
            files.push((args.out.join(format!("{stem}.{extension}")), text));
        }
    }
    let inputs = disk.inputs();
    if let Some((path, _)) = files
        .iter()
        .find(|(path, _)| entry(path).is_some_and(|place| inputs.contains(&place)))
    {
        return Err((
            Outcome::BadCommandLine,
            format!(
                "the plan `{}` would overwrite a file this build reads, so nothing was written\n  help: write the plan into another folder with `-o DIR`",
                path.display()
            ),
        ));
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|error| failed(format!("cannot create `{}`: {error}", args.out.display())))?;
    match write_set(&files) {
        Ok(()) => Ok(files.into_iter().map(|(path, _)| path).collect()),
        Err(failure) => {
            let out = args.out.display();
            let mut left =
                format!("no plan file was written, and `{out}` holds what it held before");
            if !failure.not_restored.is_empty() {
                left = format!(
                    "the files placed before it could not all be put back, so `{out}` mixes old and new files:"
                );
                for (path, error) in &failure.not_restored {
                    left.push_str(&format!(
                        "\n  `{}` is the new one ({error})",
                        path.display()
                    ));
                }
            }
            let message = format!(
                "cannot write `{}`: {}; {left}",
                failure.path.display(),
                failure.error
            );
            Err(failed(message))
        }
    }
}
