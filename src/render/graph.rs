//! The stage graph as Graphviz DOT or a Mermaid flowchart: stages in their order, each
//! holding its tasks (and `channels` the opening of each channel), the dependencies
//! written with `after` (a channel's go-live drawn from its opening), and the iteration →
//! research feedback loop drawn dashed.

use std::fmt::Write;

use super::ascii;
use crate::locale::Locale;
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
    /// Each stage, what a person calls it, and its members.
    stages: Vec<(StageKind, String, Vec<Member>)>,
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
    fn of(model: &Model, locale: &Locale) -> Drawing {
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
                let label = task.label().to_string();
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
                    let label = locale.fill(
                        "opening_with_lead",
                        &[
                            ("channel", channel.label()),
                            ("months", &crate::format::months(channel.lead)),
                        ],
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
            stages.push((stage.kind, locale.stage(stage), members));
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

/// The graph in Graphviz DOT, its labels in `locale`.
pub fn dot(model: &Model, locale: &Locale) -> String {
    let drawing = Drawing::of(model, locale);
    let mut out = String::new();
    let quote = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    // Writing to a String cannot fail.
    let _ = writeln!(out, "digraph {} {{", quote(&drawing.title));
    out.push_str("  rankdir=LR;\n  compound=true;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    for (kind, name, members) in &drawing.stages {
        let _ = writeln!(
            out,
            "  subgraph {} {{",
            quote(&format!("cluster_{}", kind.name()))
        );
        let _ = writeln!(out, "    label={};", quote(name));
        let _ = writeln!(
            out,
            "    {} [label={}, style=\"rounded,bold\"];",
            quote(&stage_id(*kind)),
            quote(name)
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
            format!(
                " [style=dashed, constraint=false, label={}]",
                quote(locale.text("feedback"))
            )
        } else {
            String::new()
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

/// `text` as Mermaid shows it as text in any diagram: its quotes, angle brackets, and the
/// `:`, `;` and `%` that end a Gantt bar's name or start a comment written as entity codes,
/// which Mermaid reads before it parses the diagram; `#` goes first, since the others are
/// written with it.
pub fn mermaid_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => escaped.push_str("#35;"),
            '"' => escaped.push_str("#quot;"),
            '<' => escaped.push_str("#lt;"),
            '>' => escaped.push_str("#gt;"),
            ':' => escaped.push_str("#58;"),
            ';' => escaped.push_str("#59;"),
            '%' => escaped.push_str("#37;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// The graph as a Mermaid flowchart (GitHub renders it in Markdown). Node ids are ASCII
/// (not every Mermaid renderer reads others); the labels show the names as written, and
/// the words in `locale`.
pub fn mermaid(model: &Model, locale: &Locale) -> String {
    let drawing = Drawing::of(model, locale);
    let label = |text: &str| format!("\"{}\"", mermaid_text(text));
    let mut out = String::from("flowchart LR\n");
    for (kind, name, members) in &drawing.stages {
        let _ = writeln!(out, "  subgraph {}[{}]", stage_id(*kind), label(name));
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
            format!("-. {} .->", mermaid_text(locale.text("feedback")))
        } else {
            "-->".to_string()
        };
        let (from, to) = (ascii::name(&edge.from), ascii::name(&edge.to));
        let _ = writeln!(out, "  {from} {arrow} {to}");
    }
    out
}
