//! The schedule (contract §4): when each stage, task and channel opening starts and
//! finishes, each channel's go-live and ramp, and the critical path.
//!
//! start(stage) is the latest finish of its predecessors; a task starts at the later of
//! its stage's start and the finish of what it waits for, and lasts its duration;
//! finish(stage) is the later of its start and its tasks' finishes. Each channel's opening
//! is a task of `channels` lasting its lead. The iteration → research loop is drawn in
//! graphs but never scheduled.

mod graph;

pub use graph::{Dependencies, Step, step_name};

use petgraph::Direction;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{ChannelId, Model, StageKind};

/// When something starts and finishes, in months from the start of the plan.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Interval {
    pub start: f64,
    pub finish: f64,
}

/// A channel's opening in the schedule.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Opening {
    /// The open task: its finish is the go-live.
    pub open: Interval,
    /// ramp(c) = max(0, H − go_live(c)) / H.
    pub ramp: f64,
}

/// The computed schedule of a model.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// By [`StageKind`] order.
    pub stages: Vec<Interval>,
    /// By stage, then task index.
    pub tasks: Vec<Vec<Interval>>,
    /// By channel; `None` for a channel the schedule leaves out.
    pub channels: Vec<Option<Opening>>,
    /// The tasks and openings that determine the finish, first to last.
    pub critical_path: Vec<Step>,
    /// When the last stage finishes.
    pub finish: f64,
}

impl Schedule {
    /// The schedule of `model` with every channel opened: the one ramps come from.
    pub fn of(model: &Model) -> Result<Schedule, Vec<Diagnostic>> {
        Schedule::with_channels(model, &|_| true)
    }

    /// The schedule holding only the channels for which `included` holds (a plan shows
    /// the channels it opens).
    pub fn with_channels(
        model: &Model,
        included: &dyn Fn(ChannelId) -> bool,
    ) -> Result<Schedule, Vec<Diagnostic>> {
        let dependencies = Dependencies::of(model, included);
        let order = dependencies.order(model)?;
        let graph = &dependencies.graph;
        let mut times = vec![Interval::default(); graph.node_count()];
        for &node in &order {
            let start = graph
                .neighbors_directed(node, Direction::Incoming)
                .map(|before| times[before.index()].finish)
                .fold(0.0, f64::max);
            let duration = match graph[node] {
                Step::Task(kind, index) => model.stage(kind).tasks[index].duration,
                Step::Open(ChannelId(index)) => model.channels[index].lead,
                Step::StageStart(_) | Step::StageFinish(_) => 0.0,
            };
            times[node.index()] = Interval {
                start,
                finish: start + duration,
            };
        }
        let mut schedule = Schedule {
            stages: vec![Interval::default(); StageKind::ALL.len()],
            tasks: model
                .stages
                .iter()
                .map(|stage| vec![Interval::default(); stage.tasks.len()])
                .collect(),
            channels: vec![None; model.channels.len()],
            critical_path: Vec::new(),
            finish: 0.0,
        };
        for node in graph.node_indices() {
            let time = times[node.index()];
            match graph[node] {
                Step::StageStart(kind) => schedule.stages[kind as usize].start = time.start,
                Step::StageFinish(kind) => schedule.stages[kind as usize].finish = time.finish,
                Step::Task(kind, index) => schedule.tasks[kind as usize][index] = time,
                Step::Open(ChannelId(index)) => {
                    let horizon = model.horizon.value;
                    let ramp = (horizon - time.finish).max(0.0) / horizon;
                    schedule.channels[index] = Some(Opening { open: time, ramp });
                }
            }
        }
        schedule.finish = schedule
            .stages
            .iter()
            .map(|stage| stage.finish)
            .fold(0.0, f64::max);
        schedule.critical_path = critical_path(&dependencies, &times, schedule.finish);
        Ok(schedule)
    }

    /// The go-live of a channel in this schedule, if it holds the channel.
    pub fn go_live(&self, channel: ChannelId) -> Option<f64> {
        self.channels[channel.0].map(|opening| opening.open.finish)
    }

    /// The ramp of a channel in this schedule (0 when it is not held).
    pub fn ramp(&self, channel: ChannelId) -> f64 {
        self.channels[channel.0].map_or(0.0, |opening| opening.ramp)
    }

    /// Warnings about the schedule: channels that go live at or after the horizon, and a
    /// schedule that runs past it.
    pub fn warnings(&self, model: &Model) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        for (index, channel) in model.channels.iter().enumerate() {
            let Some(go_live) = self.go_live(ChannelId(index)) else {
                continue;
            };
            if go_live >= model.horizon.value {
                let at = crate::format::number(go_live);
                let horizon = crate::format::number(model.horizon.value);
                warnings.push(
                    Diagnostic::warning(
                        Code::LateChannel,
                        format!("channel `{}` goes live in month {at}, not before the horizon ({horizon} months)", channel.id),
                    )
                    .with_label(channel.loc.file, channel.loc.span, "wins no customers within the horizon")
                    .with_help("shorten its lead or what it waits for, or lengthen the horizon"),
                );
            }
        }
        if self.finish > model.horizon.value {
            let last = StageKind::ALL
                .into_iter()
                .max_by(|a, b| {
                    self.stages[*a as usize]
                        .finish
                        .total_cmp(&self.stages[*b as usize].finish)
                })
                .unwrap_or(StageKind::Iteration);
            let horizon = model.horizon.loc;
            warnings.push(
                Diagnostic::warning(
                    Code::ScheduleTooLong,
                    format!(
                        "the schedule runs to month {}, past the horizon of {} months",
                        crate::format::number(self.finish),
                        crate::format::number(model.horizon.value)
                    ),
                )
                .with_label(
                    horizon.file,
                    horizon.span,
                    format!("the `{}` stage finishes after this", last.name()),
                )
                .with_help("shorten the tasks on the critical path, or lengthen the horizon"),
            );
        }
        warnings
    }
}

/// The tasks and openings on the longest chain to `finish`, walking back through the
/// steps whose finish set each start.
fn critical_path(dependencies: &Dependencies, times: &[Interval], finish: f64) -> Vec<Step> {
    let graph = &dependencies.graph;
    let tight = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(1.0);
    let Some(mut node) = graph
        .node_indices()
        .filter(|node| tight(times[node.index()].finish, finish))
        .max_by_key(|node| std::cmp::Reverse(node.index()))
    else {
        return Vec::new();
    };
    let mut path = Vec::new();
    loop {
        if matches!(graph[node], Step::Task(..) | Step::Open(_)) {
            path.push(graph[node]);
        }
        let start = times[node.index()].start;
        let mut before: Vec<_> = graph
            .neighbors_directed(node, Direction::Incoming)
            .filter(|before| tight(times[before.index()].finish, start))
            .collect();
        // Prefer the step that did the work (a task or an opening) over a stage boundary.
        before.sort_by_key(|before| {
            (
                !matches!(graph[*before], Step::Task(..) | Step::Open(_)),
                before.index(),
            )
        });
        match before.first() {
            Some(&previous) => node = previous,
            None => break,
        }
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests;
