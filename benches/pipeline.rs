//! Benchmarks of the pipeline's stages: checking (the latency of every save in `stratc
//! watch`), formulate+solve, on the examples and on generated strategies, with microlp
//! and (when built with `--features highs`) HiGHS, and rendering the Markdown and HTML
//! plans. Figures are in docs/performance.md.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use stratc::check;
use stratc::model::Model;
use stratc::optimise::{self, Extras, Memo, Run, SolverKind};
use stratc::render::templates::{Renderer, Templates};
use stratc::render::{html, markdown, report};
use stratc::schedule::Schedule;
use stratc::source::{SourceFile, SourceMap};

fn example(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/examples/{name}.strat",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn check_text(text: &str) -> Model {
    let mut sources = SourceMap::new();
    let file = sources.add(SourceFile::new("bench.strat", text));
    check::check(file, &mut sources, &stratc::check::NoFiles)
        .model
        .expect("the strategy checks")
}

/// The inputs: the examples and generated strategies of growing size.
fn inputs() -> Vec<(String, String)> {
    let mut inputs: Vec<(String, String)> = [
        "medassist",
        "fraud-detection",
        "tutoring",
        "security-copilot",
    ]
    .iter()
    .map(|name| (name.to_string(), example(name)))
    .collect();
    for (channels, markets) in [(25, 5), (50, 10), (100, 20), (1000, 50)] {
        inputs.push((
            format!("generated-{channels}"),
            stratc::generate::strategy(channels, markets, 1),
        ));
    }
    inputs
}

fn checking(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for (name, text) in inputs() {
        group.bench_with_input(BenchmarkId::from_parameter(&name), &text, |b, text| {
            b.iter(|| check_text(text))
        });
    }
    group.finish();
}

/// The solvers to compare, and the largest generated strategy each is run on here (a plan
/// of 1,000 channels takes microlp about 8 s and HiGHS minutes; see docs/performance.md).
fn solvers() -> Vec<(SolverKind, &'static str, usize)> {
    let mut solvers = vec![(SolverKind::Microlp, "microlp", 100)];
    if cfg!(feature = "highs") {
        solvers.push((SolverKind::Highs, "highs", 200));
    }
    solvers
}

fn formulate_and_solve(c: &mut Criterion) {
    let mut group = c.benchmark_group("optimise");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let extras = Extras::NONE;
    for (name, text) in inputs() {
        let model = check_text(&text);
        let schedule = Schedule::of(&model).unwrap();
        for (kind, solver, largest) in solvers() {
            if model.channels.len() > largest {
                continue;
            }
            let run = Run {
                solver: kind,
                ..Run::default()
            };
            group.bench_with_input(BenchmarkId::new(solver, &name), &model, |b, model| {
                b.iter(|| {
                    optimise::optimise(model, &schedule, run, extras, &Memo::default())
                        .expect("a plan")
                });
            });
        }
    }
    group.finish();
}

/// The Markdown and HTML plans of each example: the report, then each template.
fn rendering(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    let extras = Extras::ALL;
    let renderer = Renderer::new(&Templates::default()).unwrap();
    for (name, text) in inputs().into_iter().take(4) {
        let model = check_text(&text);
        let schedule = Schedule::of(&model).unwrap();
        let optimised =
            optimise::optimise(&model, &schedule, Run::default(), extras, &Memo::default())
                .expect("a plan");
        let plan = report::report(&model, &optimised, &[], None, None, None, model.locale);
        group.bench_function(BenchmarkId::new("report", &name), |b| {
            b.iter(|| report::report(&model, &optimised, &[], None, None, None, model.locale))
        });
        group.bench_function(BenchmarkId::new("markdown", &name), |b| {
            b.iter(|| markdown::markdown(&plan, &model, &renderer, model.locale).unwrap())
        });
        group.bench_function(BenchmarkId::new("html", &name), |b| {
            b.iter(|| {
                html::html(
                    &plan,
                    &model,
                    (Some(&optimised), None, None),
                    &renderer,
                    model.locale,
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, checking, formulate_and_solve, rendering);
criterion_main!(benches);
