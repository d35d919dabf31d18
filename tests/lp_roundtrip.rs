//! The LP file of a build is a complete model: read back (by a small reader of the LP
//! subset stratc writes) and solved again, it reaches the plan's optimum.

use std::collections::HashMap;

use good_lp::{
    Expression, ProblemVariables, Solution, SolverModel, Variable, constraint, variable,
};
use stratc::build::{BuildOptions, build};
use stratc::render;
use stratc::source::{SourceFile, SourceMap};

mod common;

/// A row or the objective: `name: ± coefficient variable … [sense rhs]`.
struct Line {
    terms: Vec<(String, f64)>,
    sense: Option<(String, f64)>,
}

fn parse_expression(text: &str) -> Line {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut terms = Vec::new();
    let mut index = 0;
    let mut sense = None;
    while index < tokens.len() {
        match tokens[index] {
            "+" | "-" => {
                let sign = if tokens[index] == "-" { -1.0 } else { 1.0 };
                let coefficient: f64 = tokens[index + 1].parse().unwrap();
                terms.push((tokens[index + 2].to_string(), sign * coefficient));
                index += 3;
            }
            "<=" | ">=" | "=" => {
                sense = Some((
                    tokens[index].to_string(),
                    tokens[index + 1].parse().unwrap(),
                ));
                index += 2;
            }
            "0" => index += 1,
            other => panic!("unexpected token {other}"),
        }
    }
    Line { terms, sense }
}

/// Solves an LP file with microlp and returns the optimal objective.
fn solve_lp(text: &str) -> f64 {
    let mut section = "";
    let mut statements: Vec<(String, String)> = Vec::new();
    let mut maximize = true;
    for raw in text.lines().filter(|line| !line.starts_with('\\')) {
        let trimmed = raw.trim();
        match trimmed {
            "Maximize" | "Minimize" | "Subject To" | "Bounds" | "Generals" | "End" => {
                section = trimmed;
                if trimmed == "Minimize" {
                    maximize = false;
                }
                continue;
            }
            _ => {}
        }
        if raw.starts_with("   ") {
            statements
                .last_mut()
                .unwrap()
                .1
                .push_str(&format!(" {trimmed}"));
        } else {
            statements.push((section.to_string(), trimmed.to_string()));
        }
    }
    let mut problem = ProblemVariables::new();
    let mut bounds: HashMap<String, (f64, f64)> = HashMap::new();
    let mut integers: Vec<String> = Vec::new();
    for (section, statement) in &statements {
        match section.as_str() {
            "Bounds" => {
                let parts: Vec<&str> = statement.split_whitespace().collect();
                match parts.as_slice() {
                    [lower, "<=", name, "<=", upper] => {
                        bounds.insert(
                            name.to_string(),
                            (lower.parse().unwrap(), upper.parse().unwrap()),
                        );
                    }
                    [name, "=", value] => {
                        let value: f64 = value.parse().unwrap();
                        bounds.insert(name.to_string(), (value, value));
                    }
                    other => panic!("unexpected bound {other:?}"),
                }
            }
            "Generals" => integers.extend(statement.split_whitespace().map(str::to_string)),
            _ => {}
        }
    }
    let mut names: Vec<&String> = bounds.keys().collect();
    names.sort();
    let vars: HashMap<String, Variable> = names
        .into_iter()
        .map(|name| {
            let (lower, upper) = bounds[name];
            let definition = variable().min(lower).max(upper);
            let definition = if integers.contains(name) {
                definition.integer()
            } else {
                definition
            };
            (name.clone(), problem.add(definition))
        })
        .collect();
    let expression = |terms: &[(String, f64)]| {
        let mut expression = Expression::default();
        for (name, coefficient) in terms {
            expression.add_mul(*coefficient, vars[name]);
        }
        expression
    };
    let mut objective = Expression::default();
    let mut rows = Vec::new();
    for (section, statement) in &statements {
        let (_, body) = statement.split_once(':').unwrap_or(("", statement));
        match section.as_str() {
            "Maximize" | "Minimize" => objective = expression(&parse_expression(body).terms),
            "Subject To" => {
                let line = parse_expression(body);
                let lhs = expression(&line.terms);
                let (sense, rhs) = line.sense.expect("a row has a sense");
                rows.push(match sense.as_str() {
                    "<=" => constraint::leq(lhs, rhs),
                    ">=" => constraint::geq(lhs, rhs),
                    _ => constraint::eq(lhs, rhs),
                });
            }
            _ => {}
        }
    }
    let unsolved = if maximize {
        problem.maximise(objective.clone())
    } else {
        problem.minimise(objective.clone())
    };
    let solution = unsolved
        .using(good_lp::microlp)
        .with_all(rows)
        .solve()
        .expect("the LP file solves");
    solution.eval(&objective)
}

fn lp_and_objective(text: &str) -> (String, f64) {
    let mut sources = SourceMap::new();
    let root = sources.add(SourceFile::new("strategy.strat", text));
    let built = build(
        root,
        &mut sources,
        &stratc::check::NoFiles,
        &BuildOptions::default(),
        stratc::optimise::Progress::unwatched(),
        stratc::optimise::Solves::default(),
    );
    let optimised = built.plan.expect("a plan").expect("an optimal plan");
    let model = built.model.expect("a model");
    (
        render::lp::lp(&model.title, &optimised.milp, &optimised.goal),
        optimised.objective,
    )
}

#[test]
fn every_example_re_solves_from_its_lp_file_to_the_same_optimum() {
    for name in common::examples() {
        let (lp, objective) = lp_and_objective(&common::read(&name));
        let resolved = solve_lp(&lp);
        let relative = (resolved - objective).abs() / objective.abs().max(1e-9);
        assert!(
            relative < 1e-6,
            "{name}: the LP file gives {resolved}, the plan {objective}"
        );
    }
}

#[test]
fn a_chinese_strategy_writes_ascii_names_that_re_solve_to_the_same_optimum() {
    let text = common::read("tests/check/ok/chinese_ai_startup.strat");
    let (lp, objective) = lp_and_objective(&text);
    // Only comments hold other characters: the title, and the names the ASCII ones stand for.
    for line in lp.lines().filter(|line| !line.starts_with('\\')) {
        assert!(line.is_ascii(), "{line}");
    }
    assert!(
        lp.contains("\\   u6280u672fu8fbeu6807 = 技术达标\n"),
        "{lp}"
    );
    assert!(
        lp.contains("\n u6280u672fu8fbeu6807: "),
        "the row of 技术达标:\n{lp}"
    );
    let resolved = solve_lp(&lp);
    let relative = (resolved - objective).abs() / objective.abs().max(1e-9);
    assert!(
        relative < 1e-6,
        "the LP file gives {resolved}, the plan {objective}"
    );
}
