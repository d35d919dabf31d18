//! The review's comment: a hidden marker (so that a bot finds its own comment and
//! updates it), a table of the strategies the change touches, and a section for each
//! with its problems and the diff of its plans.

use std::fmt::Write;

use stratc::build::Built;
use stratc::diff::{self, Side};

use super::super::report::counted;

/// The line a comment starts with, by which a bot finds the comment it posted before.
pub const MARKER: &str = "<!-- stratc-plan-diff -->";

/// The most problems a strategy's section lists; the rest are counted.
const MAX_PROBLEMS: usize = 20;

/// A strategy the change touches, as built on both sides.
pub struct Reviewed {
    /// Its path from the working directory.
    pub path: String,
    /// Its build in the work tree; `None` when the change removes it.
    pub head: Option<Head>,
    pub base: Base,
}

/// A strategy's build in the work tree, with its problems written out.
pub struct Head {
    pub built: Built,
    /// Each diagnostic in the one-line form (`file:line:col: error[E…]: message`).
    pub problems: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
}

impl Head {
    /// Whether it has a plan: it checks and some plan meets it.
    pub fn has_plan(&self) -> bool {
        self.errors == 0 && self.built.found().is_some()
    }
}

/// A strategy at the base revision.
pub enum Base {
    /// Not there: the change adds it (or, for a removed strategy, takes it away).
    Missing,
    Built(Box<Built>),
}

/// The comment on the change from `base`, for the strategies it touches.
pub fn markdown(base: &str, reviewed: &[Reviewed]) -> String {
    let mut out = format!("{MARKER}\n## stratc: what this change does to the plans\n\n");
    if reviewed.is_empty() {
        let _ = writeln!(
            out,
            "No strategy changes between {} and this change.",
            code(base)
        );
        return out;
    }
    let _ = writeln!(
        out,
        "The change from {} touches {}.\n",
        code(base),
        strategies(reviewed.len())
    );
    out.push_str("| strategy | check | plan |\n|---|---|---|\n");
    for review in reviewed {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            code(&review.path).replace('|', "\\|"),
            check_cell(review),
            plan_cell(review)
        );
    }
    for review in reviewed {
        let _ = write!(out, "\n### {}\n\n", code(&review.path));
        out.push_str(&section(base, review));
    }
    out
}

/// `1 strategy`, `2 strategies`.
pub fn strategies(count: usize) -> String {
    if count == 1 {
        "1 strategy".to_string()
    } else {
        format!("{count} strategies")
    }
}

/// How the strategy checks at the head.
fn check_cell(review: &Reviewed) -> String {
    match &review.head {
        None => "—".to_string(),
        Some(head) if head.errors > 0 => format!("❌ {}", counted(head.errors, head.warnings)),
        Some(head) if head.warnings > 0 => format!("⚠️ {}", counted(0, head.warnings)),
        Some(_) => "✅ no problems".to_string(),
    }
}

/// What became of its plan.
fn plan_cell(review: &Reviewed) -> &'static str {
    match (&review.head, &review.base) {
        (None, _) => "removed",
        (Some(head), _) if !head.has_plan() => "no plan",
        (Some(_), Base::Missing) => "new",
        (Some(_), Base::Built(built)) if built.found().is_none() => "none at the base",
        (Some(_), Base::Built(_)) => "compared below",
    }
}

/// A strategy's section: its problems, then the diff of its plans or why there is none.
fn section(base: &str, review: &Reviewed) -> String {
    let Some(head) = &review.head else {
        return "This change removes it.\n".to_string();
    };
    let mut out = String::new();
    if !head.problems.is_empty() {
        let mut listed: Vec<String> = head.problems.iter().take(MAX_PROBLEMS).cloned().collect();
        if head.problems.len() > MAX_PROBLEMS {
            listed.push(format!(
                "…and {} more: `stratc check {}` lists every one",
                head.problems.len() - MAX_PROBLEMS,
                review.path
            ));
        }
        out.push_str(&fenced(&listed.join("\n")));
        out.push('\n');
    }
    let Some((new_model, new_plan)) = head.built.found().filter(|_| head.errors == 0) else {
        out.push_str("No plan: the strategy has errors, or no plan meets it.\n");
        return out;
    };
    let old = match &review.base {
        Base::Missing => {
            let _ = writeln!(out, "New: {} has no such file to compare with.", code(base));
            return out;
        }
        Base::Built(built) => built.found(),
    };
    let Some((old_model, old_plan)) = old else {
        let _ = writeln!(
            out,
            "At {} it has errors or no plan meets it, so there is nothing to compare.",
            code(base)
        );
        return out;
    };
    let old_name = format!("{base}:{}", review.path);
    let text = diff::markdown(
        Side {
            name: &old_name,
            model: old_model,
            optimised: old_plan,
        },
        Side {
            name: &review.path,
            model: new_model,
            optimised: new_plan,
        },
    );
    // The diff's headings sit under this section's.
    for line in text.lines() {
        if line.starts_with('#') {
            out.push_str("###");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `text` as a Markdown code span, with a fence of more backticks than it holds in a row.
fn code(text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `text` as a fenced code block that no line of it can close.
fn fenced(text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    format!("{fence}text\n{text}\n{fence}\n")
}

/// The most `mark`s in a row in `text`.
fn longest_run(text: &str, mark: char) -> usize {
    text.split(|c| c != mark)
        .map(|run| run.chars().count())
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_fences_hold_backticks() {
        assert_eq!(code("a.strat"), "`a.strat`");
        assert_eq!(code("a`b.strat"), "``a`b.strat``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(fenced("x ``` y"), "````text\nx ``` y\n````\n");
        assert_eq!(fenced("x"), "```text\nx\n```\n");
    }

    #[test]
    fn a_change_that_touches_no_strategy_says_so_under_the_marker() {
        let text = markdown("main", &[]);
        assert!(text.starts_with(MARKER), "{text}");
        assert!(
            text.contains("No strategy changes between `main`"),
            "{text}"
        );
    }
}
