//! The dependency graph of stages, tasks and channel openings (petgraph), and the cycles
//! in it.

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{ChannelId, Loc, Model, StageKind, Waits};

/// A point of the schedule: the start or finish of a stage, a task, or the task that opens
/// a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    StageStart(StageKind),
    StageFinish(StageKind),
    Task(StageKind, usize),
    Open(ChannelId),
}

/// Stages, tasks and channel openings, with an edge from each step to the steps that wait
/// for it. An edge carries where the dependency was written, if it was.
pub struct Dependencies {
    pub graph: DiGraph<Step, Option<Loc>>,
    stage_nodes: Vec<(NodeIndex, NodeIndex)>,
    task_nodes: Vec<Vec<NodeIndex>>,
}

impl Dependencies {
    /// The graph of `model` holding the opening of each channel for which `included` holds.
    pub fn of(model: &Model, included: &dyn Fn(ChannelId) -> bool) -> Dependencies {
        let mut graph = DiGraph::new();
        let stage_nodes: Vec<(NodeIndex, NodeIndex)> = StageKind::ALL
            .iter()
            .map(|&kind| {
                let start = graph.add_node(Step::StageStart(kind));
                let finish = graph.add_node(Step::StageFinish(kind));
                graph.add_edge(start, finish, None);
                (start, finish)
            })
            .collect();
        let task_nodes: Vec<Vec<NodeIndex>> = model
            .stages
            .iter()
            .map(|stage| {
                (0..stage.tasks.len())
                    .map(|index| graph.add_node(Step::Task(stage.kind, index)))
                    .collect()
            })
            .collect();
        let mut dependencies = Dependencies {
            graph,
            stage_nodes,
            task_nodes,
        };
        dependencies.connect(model, included);
        dependencies
    }

    fn connect(&mut self, model: &Model, included: &dyn Fn(ChannelId) -> bool) {
        for stage in &model.stages {
            let (start, finish) = self.stage_nodes[stage.kind as usize];
            for predecessor in &stage.predecessors {
                let (_, before) = self.stage_nodes[predecessor.stage as usize];
                self.graph.add_edge(before, start, predecessor.loc);
            }
            for (index, task) in stage.tasks.iter().enumerate() {
                let node = self.task_nodes[stage.kind as usize][index];
                self.graph.add_edge(start, node, None);
                self.graph.add_edge(node, finish, None);
                for dependency in &task.after {
                    let before = self.node(dependency.target);
                    self.graph.add_edge(before, node, Some(dependency.loc));
                }
            }
        }
        let (start, finish) = self.stage_nodes[StageKind::Channels as usize];
        for (index, channel) in model.channels.iter().enumerate() {
            let id = ChannelId(index);
            if !included(id) {
                continue;
            }
            let node = self.graph.add_node(Step::Open(id));
            self.graph.add_edge(start, node, None);
            self.graph.add_edge(node, finish, None);
            for dependency in &channel.after {
                let before = self.node(dependency.target);
                self.graph.add_edge(before, node, Some(dependency.loc));
            }
        }
    }

    /// The node a dependency waits for.
    fn node(&self, target: Waits) -> NodeIndex {
        match target {
            Waits::Stage(kind) => self.stage_nodes[kind as usize].1,
            Waits::Task(kind, index) => self.task_nodes[kind as usize][index],
        }
    }

    /// The steps in an order where each comes after all it waits for, or a diagnostic for
    /// each cycle.
    pub fn order(&self, model: &Model) -> Result<Vec<NodeIndex>, Vec<Diagnostic>> {
        toposort(&self.graph, None).map_err(|_| self.cycles(model))
    }

    fn cycles(&self, model: &Model) -> Vec<Diagnostic> {
        // A step that waits for itself is a component of one, with an edge to itself.
        let mut components: Vec<Vec<NodeIndex>> = tarjan_scc(&self.graph)
            .into_iter()
            .filter(|component| {
                component.len() > 1 || self.graph.contains_edge(component[0], component[0])
            })
            .collect();
        for component in &mut components {
            component.sort();
        }
        components.sort();
        components
            .iter()
            .map(|component| self.cycle_diagnostic(model, component))
            .collect()
    }

    /// One cycle through the strongly connected `component`, as a diagnostic.
    fn cycle_diagnostic(&self, model: &Model, component: &[NodeIndex]) -> Diagnostic {
        let cycle = self.cycle_in(component);
        let mut names: Vec<String> = Vec::new();
        let mut locs: Vec<Loc> = Vec::new();
        for pair in cycle.windows(2) {
            let name = step_name(model, self.graph[pair[0]]);
            if names.last() != Some(&name) {
                names.push(name);
            }
            let edge = self
                .graph
                .find_edge(pair[0], pair[1])
                .expect("a cycle follows edges");
            locs.extend(self.graph[edge]);
        }
        // Back to where it started, even when every step has one name (`research`
        // after itself: its start and finish).
        if let Some(first) = names.first().cloned() {
            if names.len() == 1 || names.last() != Some(&first) {
                names.push(first);
            }
        }
        let message = format!("the schedule has a cycle: {}", names.join(" → "));
        let mut diagnostic = Diagnostic::error(Code::DependencyCycle, message).with_help(
            "nothing can start before itself: remove one of the `after` dependencies marked here",
        );
        locs.sort();
        locs.dedup();
        for loc in locs {
            diagnostic = diagnostic.with_label(loc.file, loc.span, "part of the cycle");
        }
        diagnostic
    }

    /// A closed walk through `component`, from its first node back to it.
    fn cycle_in(&self, component: &[NodeIndex]) -> Vec<NodeIndex> {
        let start = component[0];
        let mut path = vec![start];
        let mut visited = vec![start];
        // Depth-first within the component until an edge leads back to the start.
        while let Some(&current) = path.last() {
            let mut next_nodes: Vec<NodeIndex> = self
                .graph
                .edges(current)
                .map(|edge| edge.target())
                .filter(|target| component.contains(target))
                .collect();
            next_nodes.sort();
            if next_nodes.contains(&start) {
                path.push(start);
                return path;
            }
            match next_nodes.into_iter().find(|node| !visited.contains(node)) {
                Some(next) => {
                    visited.push(next);
                    path.push(next);
                }
                None => {
                    path.pop();
                }
            }
        }
        vec![start, start]
    }
}

/// How a step is named in messages and graphs: `research`, `research.interviews`,
/// `open aws`.
pub fn step_name(model: &Model, step: Step) -> String {
    match step {
        Step::StageStart(kind) | Step::StageFinish(kind) => kind.name().to_string(),
        Step::Task(kind, index) => format!("{}.{}", kind.name(), model.stage(kind).tasks[index].id),
        Step::Open(ChannelId(index)) => format!("open {}", model.channels[index].id),
    }
}
