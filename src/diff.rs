//! What changed between two plans of a strategy, as Markdown for a pull request: the
//! headline numbers side by side, then each decision that moved (channels opened or
//! closed, spend, pricing, go-lives, constraints that started or stopped binding).
//!
//! Channels, markets, stages and constraints are matched by name; two numbers that differ
//! by less than a millionth count as equal, so the solver's rounding is not a change. The
//! headline leads with what the plans achieve; the objective comes last, with a change
//! only when both values are on one scale ([`objective`]).

mod objective;

use std::fmt::Write;

use crate::format;
use crate::model::Model;
use crate::optimise::Optimised;
use crate::render::report::binds;
use crate::render::templates::escape_markdown;

/// One side of a diff: a checked strategy and its plan.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    /// What the reader calls it: a path, or `REV:path`.
    pub name: &'a str,
    pub model: &'a Model,
    pub optimised: &'a Optimised,
}

/// The difference between the plans of `old` and `new`, as Markdown.
pub fn markdown(old: Side, new: Side) -> String {
    let mut out = format!("# Plan diff: `{}` → `{}`\n\n", old.name, new.name);
    out.push_str(&headline(old, new));
    let sections = [
        ("Channels", channels(old, new)),
        ("Pricing", pricing(old, new)),
        ("Schedule", schedule(old, new)),
        ("Constraints", constraints(old, new)),
    ];
    let mut changed = false;
    for (title, lines) in sections {
        if lines.is_empty() {
            continue;
        }
        changed = true;
        let _ = write!(out, "\n## {title}\n\n");
        for line in lines {
            let _ = writeln!(out, "- {line}");
        }
    }
    if !changed {
        out.push_str("\nNo decision changed.\n");
    }
    out
}

/// Whether two numbers are the same but for rounding.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// `a → b`, formatted by `show`, or `a` alone when they are the same.
fn moved(a: f64, b: f64, show: impl Fn(f64) -> String) -> String {
    if same(a, b) {
        show(a)
    } else {
        format!("{} → {}", show(a), show(b))
    }
}

/// The change from `a` to `b`: signed, and as a percent of `a` when `a` is not zero.
fn change(a: f64, b: f64, show: &dyn Fn(f64) -> String) -> String {
    let signed = difference(a, b, show);
    if same(a, b) || a == 0.0 {
        return signed;
    }
    let sign = if b > a { "+" } else { "−" };
    format!("{signed} ({sign}{})", format::percent(((b - a) / a).abs()))
}

/// The change from `a` to `b`, signed, or `—` when they are the same.
fn difference(a: f64, b: f64, show: &dyn Fn(f64) -> String) -> String {
    if same(a, b) {
        return "—".to_string();
    }
    let sign = if b > a { "+" } else { "−" };
    format!("{sign}{}", show((b - a).abs()))
}

/// A headline number before and after, with how to write it and how to write its change.
struct Row<'a> {
    name: &'static str,
    before: f64,
    after: f64,
    show: &'a dyn Fn(f64) -> String,
    difference: &'a dyn Fn(f64) -> String,
}

/// The headline numbers, before and after: what the plans achieve, then the objective.
fn headline(old: Side, new: Side) -> String {
    let (before, after) = (
        &old.optimised.solution.metrics,
        &new.optimised.solution.metrics,
    );
    let currency = &new.model.currency;
    let money = |value: f64| format!("{} {currency}", format::compact(value));
    let per_year = |value: f64| format!("{} {currency}/year", format::compact(value));
    // A change of a percentage is in points, or `+0.13%` would read as a ratio.
    let points = |value: f64| format!("{} pts", format::percent(value).trim_end_matches('%'));
    let row = |name, before, after, show: &'static dyn Fn(f64) -> String| Row {
        name,
        before,
        after,
        show,
        difference: show,
    };
    let mut rows = vec![
        Row {
            name: "revenue",
            before: before.revenue,
            after: after.revenue,
            show: &per_year,
            difference: &per_year,
        },
        Row {
            name: "market share",
            before: before.share,
            after: after.share,
            show: &format::percent,
            difference: &points,
        },
        row(
            "customers",
            before.customers,
            after.customers,
            &format::compact,
        ),
    ];
    if let (Some(a), Some(b)) = (before.satisfaction, after.satisfaction) {
        rows.push(row("satisfaction", a, b, &format::number));
    }
    if let (Some(a), Some(b)) = (before.tech, after.tech) {
        rows.push(row("tech", a, b, &format::number));
    }
    for (name, a, b) in [
        ("spend", before.spend, after.spend),
        ("budget", old.model.budget.value, new.model.budget.value),
    ] {
        rows.push(Row {
            name,
            before: a,
            after: b,
            show: &money,
            difference: &money,
        });
    }
    let mut out = String::from("| | before | after | change |\n|---|--:|--:|--:|\n");
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            row.name,
            (row.show)(row.before),
            (row.show)(row.after),
            change(row.before, row.after, row.difference)
        );
    }
    let (objective, note) = objective::objective_row(old, new);
    out.push_str(&objective);
    if let Some(note) = note {
        let _ = writeln!(out, "\n{note}");
    }
    if old.model.currency != new.model.currency {
        let _ = writeln!(
            out,
            "\nThe currency changed from {} to {}: money is not comparable.",
            old.model.currency, new.model.currency
        );
    }
    out
}

/// What the diff calls an item: `` Title (`id`) ``, or `` `id` `` when it has no title.
fn called(id: &str, title: Option<&str>) -> String {
    match title {
        Some(title) => format!("{} (`{id}`)", escape_markdown(title)),
        None => format!("`{id}`"),
    }
}

/// What the diff calls the channel `id`: by the new side's title, or the old side's
/// when the new one has no such channel.
fn channel_called(old: Side, new: Side, id: &str) -> String {
    let channel = [new, old]
        .into_iter()
        .find_map(|side| side.model.channels.iter().find(|channel| channel.id == id));
    called(id, channel.and_then(|channel| channel.title.as_deref()))
}

/// What the diff calls the market `id`, as [`channel_called`] does a channel.
fn market_called(old: Side, new: Side, id: &str) -> String {
    let market = [new, old]
        .into_iter()
        .find_map(|side| side.model.markets.iter().find(|market| market.id == id));
    called(id, market.and_then(|market| market.title.as_deref()))
}

/// A channel of one side: its plan, by name.
fn channel<'a>(side: Side<'a>, id: &str) -> Option<&'a crate::optimise::ChannelPlan> {
    let index = side
        .model
        .channels
        .iter()
        .position(|channel| channel.id == id)?;
    Some(&side.optimised.solution.channels[index])
}

/// The names of both sides' items: the new side's in its order, then those only the old
/// side has.
fn names<'a>(
    old: impl Iterator<Item = &'a str>,
    new: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut names: Vec<&str> = new.collect();
    for name in old {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn channels(old: Side, new: Side) -> Vec<String> {
    let money = |value: f64| format!("{} {}", format::compact(value), new.model.currency);
    let ids = names(
        old.model.channels.iter().map(|channel| channel.id.as_str()),
        new.model.channels.iter().map(|channel| channel.id.as_str()),
    );
    let mut lines = Vec::new();
    for id in ids {
        let name = channel_called(old, new, id);
        let line = match (channel(old, id), channel(new, id)) {
            (None, Some(after)) if after.active => format!(
                "{name} is new, and opened: spend {}",
                money(after.spend + after.setup)
            ),
            (None, Some(_)) => format!("{name} is new, and left closed"),
            (Some(before), None) if before.active => {
                format!("{name} was opened, and is gone from the strategy")
            }
            (Some(_), None) => format!("{name} is gone from the strategy"),
            (Some(before), Some(after)) => match (before.active, after.active) {
                (false, true) => format!(
                    "{name} is now opened: spend {}, {} customers",
                    money(after.spend + after.setup),
                    format::compact(after.customers)
                ),
                (true, false) => format!("{name} is now closed"),
                (true, true) => {
                    let (a, b) = (before.spend + before.setup, after.spend + after.setup);
                    if same(a, b) && same(before.customers, after.customers) {
                        continue;
                    }
                    format!(
                        "{name}: spend {}, customers {}",
                        moved(a, b, money),
                        moved(before.customers, after.customers, format::compact)
                    )
                }
                (false, false) => continue,
            },
            (None, None) => continue,
        };
        lines.push(line);
    }
    lines
}

fn pricing(old: Side, new: Side) -> Vec<String> {
    let pick = |side: Side, id: &str| -> Option<Option<String>> {
        let index = side
            .model
            .markets
            .iter()
            .position(|market| market.id == id)?;
        let market = &side.model.markets[index];
        Some(
            side.optimised.solution.markets[index]
                .option
                .map(|option| market.options[option].id.clone()),
        )
    };
    let ids = names(
        old.model.markets.iter().map(|market| market.id.as_str()),
        new.model.markets.iter().map(|market| market.id.as_str()),
    );
    let option = |option: Option<String>| option.unwrap_or_else(|| "no pricing".to_string());
    let mut lines = Vec::new();
    for id in ids {
        let name = market_called(old, new, id);
        match (pick(old, id), pick(new, id)) {
            (Some(before), Some(after)) if before != after => {
                lines.push(format!("{name}: {} → {}", option(before), option(after)))
            }
            (None, Some(after)) => lines.push(format!("{name} is new: {}", option(after))),
            (Some(_), None) => lines.push(format!("{name} is gone from the strategy")),
            _ => {}
        }
    }
    lines
}

fn schedule(old: Side, new: Side) -> Vec<String> {
    let month = |value: f64| format!("month {}", format::number(value));
    let mut lines = Vec::new();
    for id in names(
        old.model.channels.iter().map(|channel| channel.id.as_str()),
        new.model.channels.iter().map(|channel| channel.id.as_str()),
    ) {
        let (Some(before), Some(after)) = (channel(old, id), channel(new, id)) else {
            continue;
        };
        if before.active && after.active && !same(before.go_live, after.go_live) {
            let name = channel_called(old, new, id);
            lines.push(format!(
                "{name} goes live in {}",
                moved(before.go_live, after.go_live, month)
            ));
        }
    }
    let (before, after) = (old.optimised.schedule.finish, new.optimised.schedule.finish);
    if !same(before, after) {
        lines.push(format!(
            "the schedule finishes in {}",
            moved(before, after, month)
        ));
    }
    lines
}

fn constraints(old: Side, new: Side) -> Vec<String> {
    let binding = |side: Side| -> Vec<(String, bool)> {
        side.model
            .constraints
            .iter()
            .zip(&side.optimised.solution.constraints)
            .enumerate()
            .map(|(index, (constraint, plan))| {
                (constraint.label(index), binds(&constraint.kind, plan))
            })
            .collect()
    };
    let (before, after) = (binding(old), binding(new));
    let find = |list: &[(String, bool)], name: &str| {
        list.iter()
            .find(|(label, _)| label == name)
            .map(|(_, binds)| *binds)
    };
    let mut lines = Vec::new();
    for name in names(
        before.iter().map(|(label, _)| label.as_str()),
        after.iter().map(|(label, _)| label.as_str()),
    ) {
        let line = match (find(&before, name), find(&after, name)) {
            (Some(false), Some(true)) => format!("`{name}` now binds"),
            (Some(true), Some(false)) => format!("`{name}` no longer binds"),
            (None, Some(binds)) => {
                format!("`{name}` is new{}", if binds { ", and binds" } else { "" })
            }
            (Some(_), None) => format!("`{name}` is gone from the strategy"),
            _ => continue,
        };
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{Side, markdown};
    use crate::check::model_of;
    use crate::model::Model;
    use crate::optimise::{Extras, Memo, Optimised, Run, optimise};
    use crate::schedule::Schedule;

    fn plan(text: &str) -> (Model, Optimised) {
        let model = model_of(text);
        let schedule = Schedule::of(&model).unwrap();
        let extras = Extras::NONE;
        let optimised =
            optimise(&model, &schedule, Run::default(), extras, &Memo::default()).unwrap();
        (model, optimised)
    }

    #[test]
    fn a_plan_diffed_with_itself_changes_nothing() {
        let (model, optimised) = plan(include_str!("../examples/medassist.strat"));
        let side = Side {
            name: "a.strat",
            model: &model,
            optimised: &optimised,
        };
        let diff = markdown(side, side);
        assert!(diff.ends_with("\nNo decision changed.\n"), "{diff}");
        assert!(
            diff.contains(
                "| objective (weighted, relative to each side's own ideals) | 0.9427 | 0.9427 | — |\n"
            ),
            "{diff}"
        );
    }

    #[test]
    fn pricing_channels_and_go_lives_that_move_are_listed() {
        let example = include_str!("../examples/medassist.strat");
        let changed = example
            .replace("conversion 125%", "conversion 90%")
            .replace("setup 40k USD", "setup 500k USD")
            .replace("lead 4 months", "lead 5 months");
        let diff = diff(example, &changed);
        assert!(
            diff.contains("- `aws_marketplace` is now closed\n"),
            "{diff}"
        );
        assert!(
            diff.contains("- Tier-2 and tier-3 hospitals (`hospitals`): usage → subscription\n"),
            "{diff}"
        );
        assert!(
            diff.contains("- `hospital_association` goes live in month 4.6923 → month 5.6923\n"),
            "{diff}"
        );
    }

    /// The diff of `old` and `new`, two texts of a strategy.
    fn diff(old: &str, new: &str) -> String {
        let (old_model, old_plan) = plan(old);
        let (new_model, new_plan) = plan(new);
        markdown(
            Side {
                name: "old.strat",
                model: &old_model,
                optimised: &old_plan,
            },
            Side {
                name: "new.strat",
                model: &new_model,
                optimised: &new_plan,
            },
        )
    }

    const SMALL: &str = "strategy \"S\" { currency USD; horizon 12 months; budget 20k USD }\n\
         market clinics { size 10k customers; price 100 USD/month }\n\
         channel community {\n  reaches clinics\n  lead 1 month\n  response { 40k USD => 400 customers }\n}\n";

    #[test]
    fn a_single_objective_is_a_quantity_whose_change_is_given() {
        let objective = "objective maximize revenue\n";
        let old = format!("{SMALL}{objective}");
        let new = old.replace("budget 20k USD", "budget 30k USD");
        let diff = diff(&old, &new);
        assert!(
            diff.contains(
                "| objective (`revenue`) | 220k USD/year | 330k USD/year | +110k USD/year (+50%) |\n"
            ),
            "{diff}"
        );
        assert!(!diff.contains("not comparable"), "{diff}");
    }

    #[test]
    fn a_changed_objective_is_not_compared() {
        let old = format!("{SMALL}objective maximize revenue\n");
        let new = format!("{SMALL}objective maximize customers\n");
        let diff = diff(&old, &new);
        assert!(
            diff.contains("| objective | 220k USD/year | 183 customers | not comparable |\n"),
            "{diff}"
        );
        assert!(diff.contains("\nThe objective itself changed"), "{diff}");
    }
}
