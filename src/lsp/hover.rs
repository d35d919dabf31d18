//! Hover: what an item is (its kind, its doc comment, its values with their units), the
//! attributes it takes from its archetype (with the archetype's doc comment), and, once a
//! build has made a plan, its figures in the plan.

use stratc::format;
use stratc::locale::Locale;
use stratc::model::{Model, Target};
use stratc::render::text::paragraph;
use stratc::syntax::ast::{Archetype, ItemKind};

use super::hints::Plan;
use super::index::{Kind, Symbol};
use super::workspace::Snapshot;

/// The hover of `symbol` in `snapshot`, in Markdown, with the figures of `plan` when the
/// strategy has one.
pub fn hover(snapshot: &Snapshot, symbol: usize, plan: Option<&Plan>) -> String {
    let symbol = &snapshot.index.symbols[symbol];
    let mut lines = vec![heading(symbol)];
    if let Some(doc) = &symbol.doc {
        lines.push(paragraph(doc));
    }
    if let Some(model) = &snapshot.analysis.checked.model {
        lines.extend(
            values(model, symbol)
                .into_iter()
                .map(|line| format!("- {line}")),
        );
    }
    lines.extend(inherited(snapshot, symbol));
    if let Some((plan, figures)) =
        plan.and_then(|plan| Some((plan, plan.figures(symbol.kind, &symbol.name)?)))
    {
        lines.push(format!("**{}{}**", plan.heading(), plan.status_note()));
        lines.extend(figures.hover.iter().map(|line| format!("- {line}")));
    }
    lines.join("\n\n")
}

/// `**channel** `aws` : `cloud_marketplace``, `**task** `interviews` of stage `research``.
fn heading(symbol: &Symbol) -> String {
    let container = match (symbol.kind, &symbol.container) {
        (Kind::Task, Some(stage)) => format!(" of stage `{stage}`"),
        (Kind::PricingOption, Some(market)) => format!(" of market `{market}`"),
        _ => String::new(),
    };
    format!("**{}** `{}`{container}", symbol.kind.words(), symbol.name)
}

/// The item's values in the checked model, each with its unit.
fn values(model: &Model, symbol: &Symbol) -> Vec<String> {
    let locale = Locale::english();
    let money = |value: f64| locale.money(value, &model.currency);
    let per_month = format!("{}/month", model.currency);
    match symbol.kind {
        Kind::Param => model
            .params
            .iter()
            .filter(|param| param.name == symbol.name)
            .flat_map(|param| {
                let range = model.uncertain.iter().find(|uncertain| {
                    matches!(&uncertain.target, Target::Param(name) if *name == param.name)
                });
                let value = stratc::render::report::param_value(model, param, locale);
                let value = match range {
                    Some(range) => format!("value {value}, the most likely of `{}`", range.text),
                    None => format!("value {value}"),
                };
                [
                    value,
                    format!("dimension: {}", param.dim.in_words(&model.units)),
                ]
            })
            .collect(),
        Kind::Market => model
            .markets
            .iter()
            .filter(|market| market.id == symbol.name)
            .flat_map(|market| {
                let mut lines = vec![format!(
                    "size {}, of which {} not held by competitors",
                    locale.quantity(market.size, "customers"),
                    locale.quantity(market.cap(), "customers")
                )];
                lines.extend(market.options.iter().map(|option| {
                    format!(
                        "option `{}`: {}, conversion {}",
                        option.id,
                        locale.quantity(option.monthly_price, &per_month),
                        format::percent(option.conversion)
                    )
                }));
                lines
            })
            .collect(),
        Kind::Channel => model
            .channels
            .iter()
            .filter(|channel| channel.id == symbol.name)
            .flat_map(|channel| {
                let mut lines = vec![
                    format!("setup {}", money(channel.setup)),
                    format!("lead {}", locale.quantity(channel.lead, "months")),
                    format!("revenue share {}", format::percent(channel.revenue_share)),
                ];
                if let Some(min) = channel.spend_min {
                    lines.push(format!("spend min {}", money(min.value)));
                }
                lines.push(format!("spend at most {}", money(channel.spend_cap())));
                lines
            })
            .collect(),
        Kind::Task => model
            .stages
            .iter()
            .filter(|stage| Some(stage.kind.name()) == symbol.container.as_deref())
            .flat_map(|stage| &stage.tasks)
            .filter(|task| task.id == symbol.name)
            .flat_map(|task| {
                [
                    format!("duration {}", locale.quantity(task.duration, "months")),
                    format!("cost {}", money(task.cost)),
                ]
            })
            .collect(),
        Kind::Constraint => model
            .constraints
            .iter()
            .filter(|constraint| constraint.name.as_deref() == Some(symbol.name.as_str()))
            .map(|constraint| format!("requires `{}`", constraint.text))
            .collect(),
        _ => Vec::new(),
    }
}

/// The attributes a channel or pricing option takes from its archetype: the archetype's
/// statements it does not write itself, with the archetype's doc comment.
fn inherited(snapshot: &Snapshot, symbol: &Symbol) -> Vec<String> {
    let Some((archetype, own)) = archetype_of(snapshot, symbol) else {
        return Vec::new();
    };
    let Some(defined) = snapshot.index.symbols.get(archetype) else {
        return Vec::new();
    };
    let text = snapshot.text(defined.file);
    let item = snapshot
        .analysis
        .checked
        .program
        .files()
        .filter(|file| file.id == defined.file)
        .flat_map(|file| &file.ast.items)
        .find(|item| item.span == defined.span);
    let statements: Vec<&str> = match item.map(|item| &item.kind) {
        Some(ItemKind::Archetype(Archetype::Channel { attrs, .. })) => attrs
            .iter()
            .map(|statement| &text[statement.span.start..statement.span.end])
            .collect(),
        Some(ItemKind::Archetype(Archetype::Pricing { attrs, .. })) => attrs
            .iter()
            .map(|statement| &text[statement.span.start..statement.span.end])
            .collect(),
        _ => return Vec::new(),
    };
    let taken: Vec<String> = statements
        .into_iter()
        .filter(|statement| !own.contains(&key(statement)))
        .map(|statement| format!("- `{statement}`"))
        .collect();
    let mut lines = vec![format!(
        "**From {} `{}`**{}",
        defined.kind.words(),
        defined.name,
        defined
            .doc
            .as_deref()
            .map(|doc| format!(": {}", paragraph(doc)))
            .unwrap_or_default()
    )];
    if taken.is_empty() {
        lines.push("(it sets every attribute the archetype gives)".to_string());
    }
    lines.extend(taken);
    lines
}

/// The archetype of a channel or pricing option, and the keys of the statements the item
/// writes itself.
fn archetype_of(snapshot: &Snapshot, symbol: &Symbol) -> Option<(usize, Vec<String>)> {
    let text = snapshot.text(symbol.file);
    let items = snapshot
        .analysis
        .checked
        .program
        .files()
        .filter(|file| file.id == symbol.file)
        .flat_map(|file| &file.ast.items);
    let statement_keys = |spans: Vec<stratc::source::Span>| -> Vec<String> {
        spans
            .into_iter()
            .map(|span| key(&text[span.start..span.end]))
            .collect()
    };
    for item in items {
        match &item.kind {
            ItemKind::Channel(channel)
                if symbol.kind == Kind::Channel && item.span == symbol.span =>
            {
                let archetype = channel.archetype.as_ref()?;
                let found =
                    snapshot
                        .index
                        .find(&[Kind::ChannelArchetype], &archetype.name, None)?;
                let own = statement_keys(channel.attrs.iter().map(|s| s.span).collect());
                return Some((found, own));
            }
            ItemKind::Pricing(pricing) if symbol.kind == Kind::PricingOption => {
                let Some(option) = pricing
                    .options
                    .iter()
                    .find(|option| option.span == symbol.span)
                else {
                    continue;
                };
                let archetype = option.archetype.as_ref()?;
                let found =
                    snapshot
                        .index
                        .find(&[Kind::PricingArchetype], &archetype.name, None)?;
                let own = statement_keys(option.attrs.iter().map(|s| s.span).collect());
                return Some((found, own));
            }
            _ => {}
        }
    }
    None
}

/// What a statement sets: its first word, and the second after `spend` (`spend min`).
pub fn key(statement: &str) -> String {
    let mut words = statement.split_whitespace();
    let first = words.next().unwrap_or_default();
    match (first, words.next()) {
        ("spend", Some(second)) => format!("spend {second}"),
        ("response", Some(second)) if second != "{" => format!("response {second}"),
        _ => first.to_string(),
    }
}
