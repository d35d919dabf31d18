//! The dependency graph of stages, tasks and channel openings (petgraph), and the cycles
//! in it.

use std::collections::{HashMap, VecDeque};

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
    /// The opening of each channel; `None` for a channel the graph leaves out, whose
    /// go-live nothing then waits for.
    channel_nodes: Vec<Option<NodeIndex>>,
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
        let channel_nodes = (0..model.channels.len())
            .map(ChannelId)
            .map(|id| included(id).then(|| graph.add_node(Step::Open(id))))
            .collect();
        let mut dependencies = Dependencies {
            graph,
            stage_nodes,
            task_nodes,
            channel_nodes,
        };
        dependencies.connect(model);
        dependencies
    }

    fn connect(&mut self, model: &Model) {
        for stage in &model.stages {
            let (start, finish) = self.stage_nodes[stage.kind as usize];
            for predecessor in &stage.predecessors {
                self.wait(predecessor.target, start, predecessor.loc);
            }
            for (index, task) in stage.tasks.iter().enumerate() {
                let node = self.task_nodes[stage.kind as usize][index];
                self.graph.add_edge(start, node, None);
                self.graph.add_edge(node, finish, None);
                for dependency in &task.after {
                    self.wait(dependency.target, node, Some(dependency.loc));
                }
            }
        }
        let (start, finish) = self.stage_nodes[StageKind::Channels as usize];
        for (index, channel) in model.channels.iter().enumerate() {
            let Some(node) = self.channel_nodes[index] else {
                continue;
            };
            self.graph.add_edge(start, node, None);
            self.graph.add_edge(node, finish, None);
            for dependency in &channel.after {
                self.wait(dependency.target, node, Some(dependency.loc));
            }
        }
    }

    /// An edge from what `target` names to `node`, which waits for it; none when the
    /// target is a channel the graph leaves out (a closed channel imposes nothing).
    fn wait(&mut self, target: Waits, node: NodeIndex, loc: Option<Loc>) {
        if let Some(before) = self.node(target) {
            self.graph.add_edge(before, node, loc);
        }
    }

    /// The node a dependency waits for: a stage's finish, a task, a channel's opening.
    fn node(&self, target: Waits) -> Option<NodeIndex> {
        match target {
            Waits::Stage(kind) => Some(self.stage_nodes[kind as usize].1),
            Waits::Task(kind, index) => Some(self.task_nodes[kind as usize][index]),
            Waits::Channel(ChannelId(index)) => self.channel_nodes[index],
        }
    }

    /// The steps in an order where each comes after all it waits for; or a diagnostic for
    /// each cycle, or else for each channel whose opening waits for another's go-live.
    pub fn order(&self, model: &Model) -> Result<Vec<NodeIndex>, Vec<Diagnostic>> {
        let order = toposort(&self.graph, None).map_err(|_| self.cycles(model))?;
        let chains = self.channel_chains(model);
        if chains.is_empty() {
            Ok(order)
        } else {
            Err(chains)
        }
    }

    /// A diagnostic for each channel whose opening waits, through `after`s, for another
    /// channel's go-live. A go-live sets the channel's ramp before the optimiser decides
    /// which channels open, so it cannot hang on another channel being opened. Without
    /// cycles, only an `after` that names a channel leads from one opening to another:
    /// any other way runs through the finish of `channels`, which every opening precedes.
    fn channel_chains(&self, model: &Model) -> Vec<Diagnostic> {
        let waited_for = self.channel_nodes.iter().flatten().filter(|&&opening| {
            self.graph
                .edges(opening)
                .any(|edge| edge.weight().is_some())
        });
        waited_for
            .flat_map(|&opening| self.paths_to_openings(opening))
            .map(|path| self.chain_diagnostic(model, &path))
            .collect()
    }

    /// The shortest path from the opening `from` to each other opening it reaches without
    /// passing through a third.
    fn paths_to_openings(&self, from: NodeIndex) -> Vec<Vec<NodeIndex>> {
        let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        let mut reached = Vec::new();
        while let Some(node) = queue.pop_front() {
            for next in self.graph.neighbors(node) {
                if next == from || parent.contains_key(&next) {
                    continue;
                }
                parent.insert(next, node);
                if matches!(self.graph[next], Step::Open(_)) {
                    reached.push(next);
                } else {
                    queue.push_back(next);
                }
            }
        }
        reached.sort();
        reached
            .into_iter()
            .map(|end| {
                let mut path = vec![end];
                while let Some(&before) = parent.get(path.last().expect("never empty")) {
                    path.push(before);
                }
                path.reverse();
                path
            })
            .collect()
    }

    /// The diagnostic for a path from one channel's opening to another's.
    fn chain_diagnostic(&self, model: &Model, path: &[NodeIndex]) -> Diagnostic {
        let channel = |node: NodeIndex| match self.graph[node] {
            Step::Open(ChannelId(index)) => model.channels[index].id.as_str(),
            _ => "?",
        };
        let (first, last) = (channel(path[0]), channel(path[path.len() - 1]));
        let (names, locs) = self.walk(model, path);
        let mut diagnostic = Diagnostic::error(
            Code::ChannelWaitsForChannel,
            format!(
                "channel `{last}` waits for channel `{first}` to go live: {}",
                names.join(" → ")
            ),
        )
        .with_help(format!(
            "a go-live sets its channel's ramp before the optimiser decides which channels to \
             open, so it cannot wait for another channel: make `{last}` wait for a stage or a \
             task instead"
        ));
        for loc in locs {
            diagnostic = diagnostic.with_label(loc.file, loc.span, "part of the wait");
        }
        diagnostic
    }

    /// The names of the steps along `path` (a stage's start and finish named once) and
    /// the places that wrote its edges, sorted.
    fn walk(&self, model: &Model, path: &[NodeIndex]) -> (Vec<String>, Vec<Loc>) {
        let mut names: Vec<String> = Vec::new();
        let mut locs: Vec<Loc> = Vec::new();
        for (index, &node) in path.iter().enumerate() {
            let name = step_name(model, self.graph[node]);
            if names.last() != Some(&name) {
                names.push(name);
            }
            if let Some(&next) = path.get(index + 1) {
                let edge = self
                    .graph
                    .find_edge(node, next)
                    .expect("a path follows edges");
                locs.extend(self.graph[edge]);
            }
        }
        locs.sort();
        locs.dedup();
        (names, locs)
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
        let (mut names, locs) = self.walk(model, &cycle);
        // Steps of one name (`research` after itself: its start and finish) still read
        // as a cycle.
        if names.len() == 1 {
            names.push(names[0].clone());
        }
        let message = format!("the schedule has a cycle: {}", names.join(" → "));
        let mut diagnostic = Diagnostic::error(Code::DependencyCycle, message).with_help(
            "nothing can start before itself: remove one of the `after` dependencies marked here",
        );
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
