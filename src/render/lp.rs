//! The final optimisation model in CPLEX LP format, with names taken from the strategy
//! (`spend_aws_marketplace`, constraints as written), in the strategy's own units, so that
//! any LP solver can re-solve it to the same optimum.

use std::collections::HashSet;
use std::fmt::Write;

use crate::optimise::milp::{Affine, Direction, Goal, Milp, Sense};

/// Where a long expression wraps: CPLEX reads lines of up to 510 characters.
const LINE_WIDTH: usize = 200;

/// Names per line of the `Generals` section.
const NAMES_PER_LINE: usize = 6;

/// The program and goal as an LP file titled `title`.
pub fn lp(title: &str, milp: &Milp, goal: &Goal) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\\ {}", title.replace('\n', " "));
    out.push_str("\\ written by stratc; money in currency units, customers as counts\n");
    out.push_str(match goal.direction {
        Direction::Maximize => "Maximize\n",
        Direction::Minimize => "Minimize\n",
    });
    let names = Names::new(milp);
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

/// Unique names for variables and rows: a user constraint named `budget` must not read
/// as the budget row.
struct Names {
    vars: Vec<String>,
    rows: Vec<String>,
}

impl Names {
    fn new(milp: &Milp) -> Names {
        let mut taken = HashSet::new();
        let mut unique = |name: &str| {
            let mut candidate = name.to_string();
            let mut counter = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{name}_{counter}");
                counter += 1;
            }
            candidate
        };
        let vars = milp.vars.iter().map(|var| unique(&var.name)).collect();
        let rows = milp.rows.iter().map(|row| unique(&row.name)).collect();
        Names { vars, rows }
    }
}
