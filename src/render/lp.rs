//! The final optimisation model in CPLEX LP format, with names taken from the strategy
//! (`spend_aws_marketplace`, constraints as written), in the strategy's own units, so that
//! any LP solver can re-solve it to the same optimum.
//!
//! LP names are ASCII: the CPLEX format allows ASCII letters, digits and a few symbols,
//! and other readers (HiGHS among them) split names on bytes. A name with other characters
//! (`spend_阿里云市场`) is written in ASCII by [`ascii::name`], and a comment at the top
//! of the file gives the name as the strategy wrote it.

use std::collections::HashSet;
use std::fmt::Write;

use super::ascii;
use crate::optimise::milp::{Affine, Direction, Goal, Milp, Sense};

/// Where a long expression wraps: CPLEX reads lines of up to 510 characters.
const LINE_WIDTH: usize = 200;

/// Names per line of the `Generals` section.
const NAMES_PER_LINE: usize = 6;

/// The longest name written before a counter (`_2`) may be added: CPLEX reads names of up
/// to 255 characters.
const MAX_NAME_LEN: usize = 240;

/// The program and goal as an LP file titled `title`.
pub fn lp(title: &str, milp: &Milp, goal: &Goal) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\\ {}", title.replace('\n', " "));
    out.push_str("\\ written by stratc; money in currency units, customers as counts\n");
    let names = Names::new(milp);
    if !names.renamed.is_empty() {
        out.push_str("\\ names in ASCII, and the names they stand for:\n");
        for (written, original) in &names.renamed {
            let _ = writeln!(out, "\\   {written} = {original}");
        }
    }
    out.push_str(match goal.direction {
        Direction::Maximize => "Maximize\n",
        Direction::Minimize => "Minimize\n",
    });
    // The objective's constant rides on a variable fixed at 1, which every reader accepts.
    let constant = goal.expr.constant * goal.scale;
    let mut objective: Vec<(String, f64)> = goal
        .expr
        .terms
        .iter()
        .map(|&(var, coefficient)| {
            (
                names.vars[var.0].clone(),
                coefficient * goal.scale / milp.vars[var.0].scale,
            )
        })
        .collect();
    if constant != 0.0 {
        objective.push(("objective_constant".into(), constant));
    }
    write_terms(&mut out, " objective:", &objective);
    out.push_str("Subject To\n");
    for (row, name) in milp.rows.iter().zip(&names.rows) {
        let terms = raw_terms(&row.expr, row.scale, milp, &names);
        let sense = match row.sense {
            Sense::AtMost => "<=",
            Sense::AtLeast => ">=",
            Sense::Equal => "=",
        };
        let mut line = String::new();
        write_terms(&mut line, &format!(" {name}:"), &terms);
        let line = line.trim_end_matches('\n');
        let _ = writeln!(out, "{line} {sense} {}", number(row.rhs * row.scale));
    }
    out.push_str("Bounds\n");
    for (var, name) in milp.vars.iter().zip(&names.vars) {
        let _ = writeln!(
            out,
            " {} <= {name} <= {}",
            number(var.lower * var.scale),
            number(var.upper * var.scale)
        );
    }
    if constant != 0.0 {
        out.push_str(" objective_constant = 1\n");
    }
    let binaries: Vec<&String> = milp
        .vars
        .iter()
        .zip(&names.vars)
        .filter(|(var, _)| var.integer)
        .map(|(_, name)| name)
        .collect();
    if !binaries.is_empty() {
        out.push_str("Generals\n");
        for chunk in binaries.chunks(NAMES_PER_LINE) {
            let line: Vec<&str> = chunk.iter().map(|name| name.as_str()).collect();
            let _ = writeln!(out, " {}", line.join(" "));
        }
    }
    out.push_str("End\n");
    out
}

/// A row's terms in the strategy's units.
fn raw_terms(expr: &Affine, row_scale: f64, milp: &Milp, names: &Names) -> Vec<(String, f64)> {
    expr.terms
        .iter()
        .map(|&(var, coefficient)| {
            (
                names.vars[var.0].clone(),
                coefficient * row_scale / milp.vars[var.0].scale,
            )
        })
        .collect()
}

fn write_terms(out: &mut String, head: &str, terms: &[(String, f64)]) {
    let mut line = head.to_string();
    if terms.is_empty() {
        line.push_str(" 0");
    }
    for (name, coefficient) in terms {
        let sign = if *coefficient < 0.0 { "-" } else { "+" };
        let term = format!(" {sign} {} {name}", number(coefficient.abs()));
        if line.len() + term.len() > LINE_WIDTH && line.len() > head.len() {
            out.push_str(&line);
            out.push('\n');
            line = "   ".to_string();
        }
        line.push_str(&term);
    }
    out.push_str(&line);
    out.push('\n');
}

/// A number as the shortest text that reads back to the same f64.
fn number(value: f64) -> String {
    if value == f64::INFINITY {
        "+inf".into()
    } else if value == f64::NEG_INFINITY {
        "-inf".into()
    } else if value == 0.0 {
        "0".into()
    } else if (1e-4..1e15).contains(&value.abs()) {
        format!("{value}")
    } else {
        format!("{value:e}")
    }
}

/// Unique LP names for variables and rows (a user constraint named `budget` must not read
/// as the budget row), and the names written otherwise than the program's own, in order.
struct Names {
    vars: Vec<String>,
    rows: Vec<String>,
    renamed: Vec<(String, String)>,
}

impl Names {
    fn new(milp: &Milp) -> Names {
        let mut taken = HashSet::new();
        let mut renamed = Vec::new();
        let mut unique = |name: &str| {
            let base = lp_name(name);
            let mut candidate = base.clone();
            let mut counter = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base}_{counter}");
                counter += 1;
            }
            if base != name {
                renamed.push((candidate.clone(), name.to_string()));
            }
            candidate
        };
        let vars = milp.vars.iter().map(|var| unique(&var.name)).collect();
        let rows = milp.rows.iter().map(|row| unique(&row.name)).collect();
        Names {
            vars,
            rows,
            renamed,
        }
    }
}

/// `name` as an LP reader takes it: in ASCII, at most [`MAX_NAME_LEN`] characters, and not
/// starting like a number (`e1`, `inf`, `nan`, which CPLEX forbids and HiGHS reads as
/// numbers), which a leading `_` prevents.
fn lp_name(name: &str) -> String {
    let mut written = ascii::name(name).into_owned();
    written.truncate(MAX_NAME_LEN);
    let lower = written.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let like_a_number = lower.starts_with("inf")
        || lower.starts_with("nan")
        || (bytes.first() == Some(&b'e')
            && bytes
                .get(1)
                .is_some_and(|b| b.is_ascii_digit() || *b == b'e'));
    if like_a_number {
        written.insert(0, '_');
    }
    written
}

#[cfg(test)]
mod tests {
    use super::lp_name;

    #[test]
    fn lp_names_are_ascii_and_never_read_as_numbers() {
        assert_eq!(lp_name("spend_aws"), "spend_aws");
        assert_eq!(lp_name("技术达标"), "u6280u672fu8fbeu6807");
        assert_eq!(lp_name("spend_阿里云"), "spend_u963fu91ccu4e91");
        assert_eq!(lp_name("infra_cap"), "_infra_cap");
        assert_eq!(lp_name("Nan_guard"), "_Nan_guard");
        assert_eq!(lp_name("e2e_first"), "_e2e_first");
        assert_eq!(lp_name("ee"), "_ee");
        assert_eq!(lp_name("enterprise"), "enterprise");
        assert_eq!(lp_name(&"医".repeat(100)).len(), 240);
    }
}
