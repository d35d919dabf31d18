//! The stage graph as Graphviz DOT or a Mermaid flowchart: stages in their order, each
//! holding its tasks (and `channels` the opening of each channel), the dependencies
//! written with `after` (a channel's go-live drawn from its opening), and the iteration →
//! research feedback loop drawn dashed.

use std::fmt::Write;

use super::ascii;
use crate::model::{ChannelId, Model, StageKind, Waits};

/// An edge of the drawing, between node ids.
struct Edge {
    from: String,
    to: String,
    feedback: bool,
}

/// A node of the drawing inside a stage.
struct Member {
    id: String,
    label: String,
}

/// What both formats draw, with ids that both accept.
struct Drawing {
    title: String,
    stages: Vec<(StageKind, Vec<Member>)>,
    edges: Vec<Edge>,
}

fn stage_id(kind: StageKind) -> String {
    kind.name().to_string()
}

fn task_id(model: &Model, kind: StageKind, index: usize) -> String {
    format!("{}_{}", kind.name(), model.stage(kind).tasks[index].id)
}

fn channel_id(model: &Model, channel: ChannelId) -> String {
    format!("open_{}", model.channels[channel.0].id)
}

fn waits_id(model: &Model, target: Waits) -> String {
    match target {
        Waits::Stage(kind) => stage_id(kind),
        Waits::Task(kind, index) => task_id(model, kind, index),
        Waits::Channel(channel) => channel_id(model, channel),
    }
}

impl Drawing {
    fn of(model: &Model) -> Drawing {
        let mut stages = Vec::new();
        let mut edges = Vec::new();
        for stage in &model.stages {
            let mut members: Vec<Member> = Vec::new();
            for (index, task) in stage.tasks.iter().enumerate() {
                let id = task_id(model, stage.kind, index);
                for dependency in &task.after {
                    let from = waits_id(model, dependency.target);
                    edges.push(Edge {
                        from,
                        to: id.clone(),
                        feedback: false,
                    });
                }
                let label = task.title.clone().unwrap_or_else(|| task.id.clone());
                members.push(Member { id, label });
            }
            if stage.kind == StageKind::Channels {
                for (index, channel) in model.channels.iter().enumerate() {
                    let id = channel_id(model, ChannelId(index));
                    for dependency in &channel.after {
                        let from = waits_id(model, dependency.target);
                        edges.push(Edge {
                            from,
                            to: id.clone(),
                            feedback: false,
                        });
                    }
                    let name = channel.title.as_deref().unwrap_or(&channel.id);
                    let label = format!(
                        "open {name} ({} months)",
                        crate::format::number(channel.lead)
                    );
                    members.push(Member { id, label });
                }
            }
            for predecessor in &stage.predecessors {
                edges.push(Edge {
                    from: waits_id(model, predecessor.target),
                    to: stage_id(stage.kind),
                    feedback: false,
                });
            }
            stages.push((stage.kind, members));
        }
        edges.push(Edge {
            from: stage_id(StageKind::Iteration),
            to: stage_id(StageKind::Research),
            feedback: true,
        });
        Drawing {
            title: model.title.clone(),
            stages,
            edges,
        }
    }
}

/// How many tasks and channel openings the graph draws.
pub fn node_count(model: &Model) -> usize {
    let tasks: usize = model.stages.iter().map(|stage| stage.tasks.len()).sum();
    tasks + model.channels.len()
}

/// The graph in Graphviz DOT.
pub fn dot(model: &Model) -> String {
    let drawing = Drawing::of(model);
    let mut out = String::new();
    let quote = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    // Writing to a String cannot fail.
    let _ = writeln!(out, "digraph {} {{", quote(&drawing.title));
    out.push_str("  rankdir=LR;\n  compound=true;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    for (kind, members) in &drawing.stages {
        let _ = writeln!(
            out,
            "  subgraph {} {{",
            quote(&format!("cluster_{}", kind.name()))
        );
        let _ = writeln!(out, "    label={};", quote(kind.name()));
        let _ = writeln!(
            out,
            "    {} [label={}, style=\"rounded,bold\"];",
            quote(&stage_id(*kind)),
            quote(kind.name())
        );
        for member in members {
            let _ = writeln!(
                out,
                "    {} [label={}];",
                quote(&member.id),
                quote(&member.label)
            );
        }
        out.push_str("  }\n");
    }
    for edge in &drawing.edges {
        let style = if edge.feedback {
            " [style=dashed, constraint=false, label=\"feedback\"]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} -> {}{style};",
            quote(&edge.from),
            quote(&edge.to)
        );
    }
    out.push_str("}\n");
    out
}

/// The graph as a Mermaid flowchart (GitHub renders it in Markdown). Node ids are ASCII
/// (not every Mermaid renderer reads others); the labels show the names as written.
pub fn mermaid(model: &Model) -> String {
    let drawing = Drawing::of(model);
    // Mermaid's entity codes keep a title's quotes and angle brackets text, not syntax or
    // markup; `#` goes first, since the others are written with it.
    let label = |text: &str| {
        let text = text
            .replace('#', "#35;")
            .replace('"', "#quot;")
            .replace('<', "#lt;")
            .replace('>', "#gt;");
        format!("\"{text}\"")
    };
    let mut out = String::from("flowchart LR\n");
    for (kind, members) in &drawing.stages {
        let _ = writeln!(
            out,
            "  subgraph {}[{}]",
            stage_id(*kind),
            label(kind.name())
        );
        if members.is_empty() {
            // An empty subgraph is not drawn; a blank node keeps the stage visible.
            let _ = writeln!(out, "    {}_empty[\" \"]", kind.name());
        }
        for member in members {
            let id = ascii::name(&member.id);
            let _ = writeln!(out, "    {id}[{}]", label(&member.label));
        }
        out.push_str("  end\n");
    }
    for edge in &drawing.edges {
        let arrow = if edge.feedback {
            "-. feedback .->"
        } else {
            "-->"
        };
        let (from, to) = (ascii::name(&edge.from), ascii::name(&edge.to));
        let _ = writeln!(out, "  {from} {arrow} {to}");
    }
    out
}
