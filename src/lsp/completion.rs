//! Completion: after `channel x :` or `option x :`, the archetypes (the strategy's and
//! the standard library's); inside a channel, its attributes with the defaults its
//! archetype gives; anywhere else the keywords, the built-in quantities, the names the
//! strategy defines and the units.

use lsp_types::{CompletionItem, CompletionItemKind, Documentation};
use stratc::render::text::paragraph;
use stratc::source::FileId;
use stratc::syntax::{self, ast};

use super::index::{Index, Kind};
use super::workspace::Snapshot;

/// The language's keywords.
const KEYWORDS: &[&str] = &[
    "strategy",
    "use",
    "param",
    "unit",
    "market",
    "pricing",
    "channel",
    "stage",
    "objective",
    "constraint",
    "scenario",
    "pareto",
    "archetype",
    "currency",
    "horizon",
    "budget",
    "start",
    "locale",
    "title",
    "domain",
    "size",
    "competitor",
    "share",
    "price",
    "usage",
    "option",
    "conversion",
    "reaches",
    "setup",
    "lead",
    "revenue_share",
    "spend",
    "min",
    "max",
    "after",
    "response",
    "task",
    "duration",
    "cost",
    "satisfaction",
    "tech",
    "base",
    "load",
    "weighted",
    "lexicographic",
    "maximize",
    "minimize",
    "weight",
    "within",
    "points",
    "per",
];

/// The quantities constraints and objectives may use (contract §2).
const QUANTITIES: &[&str] = &[
    "spend",
    "customers",
    "revenue",
    "share",
    "satisfaction",
    "tech",
    "active",
    "active_channels",
    "budget",
];

/// The statements of a channel (and of a channel archetype).
const CHANNEL_ATTRIBUTES: &[&str] = &[
    "title",
    "reaches",
    "setup",
    "lead",
    "revenue_share",
    "spend min",
    "spend max",
    "after",
    "response",
];

/// The units every strategy knows, besides its currency and its own count units.
const UNITS: &[&str] = &[
    "customers",
    "days",
    "weeks",
    "months",
    "quarters",
    "years",
    "day",
    "week",
    "month",
    "quarter",
    "year",
];

/// The completions at byte `offset` of `file`.
pub fn complete(snapshot: &Snapshot, file: FileId, offset: usize) -> Vec<CompletionItem> {
    let text = snapshot.text(file);
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let before = &text[line_start..offset];
    let index = &snapshot.index;
    if after_colon(before) {
        return archetypes(index);
    }
    let mut items = Vec::new();
    if let Some(channel) = enclosing_channel(index, file, offset) {
        items.extend(channel_attributes(snapshot, channel));
    }
    items.extend(
        KEYWORDS
            .iter()
            .map(|word| plain(word, CompletionItemKind::KEYWORD, "keyword")),
    );
    items.extend(
        QUANTITIES
            .iter()
            .map(|word| plain(word, CompletionItemKind::FUNCTION, "built-in quantity")),
    );
    for symbol in &index.symbols {
        if matches!(symbol.kind, Kind::ChannelArchetype | Kind::PricingArchetype) {
            continue;
        }
        let label = match (&symbol.kind, &symbol.container) {
            (Kind::Task, Some(stage)) => format!("{stage}.{}", symbol.name),
            (Kind::PricingOption, _) => continue,
            _ => symbol.name.clone(),
        };
        items.push(CompletionItem {
            label,
            kind: Some(kind_of(symbol.kind)),
            detail: Some(symbol.kind.words().to_string()),
            documentation: symbol.doc.as_deref().map(documentation),
            ..Default::default()
        });
    }
    if let Some(model) = &snapshot.analysis.checked.model {
        items.push(plain(&model.currency, CompletionItemKind::UNIT, "currency"));
    }
    items.extend(
        UNITS
            .iter()
            .map(|unit| plain(unit, CompletionItemKind::UNIT, "unit")),
    );
    dedupe(items)
}

/// Whether the line so far is `channel name :` or `option name :`, waiting for an
/// archetype.
fn after_colon(before: &str) -> bool {
    let Some((head, tail)) = before.rsplit_once(':') else {
        return false;
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    tail.chars()
        .all(|c| c == '_' || syntax::ident::is_continue(c) || c == ' ')
        && matches!(words.as_slice(), [.., "channel" | "option", _])
}

/// The archetypes: the strategy's, then the library's (each with its module).
fn archetypes(index: &Index) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = index
        .symbols
        .iter()
        .filter(|symbol| matches!(symbol.kind, Kind::ChannelArchetype | Kind::PricingArchetype))
        .map(|symbol| CompletionItem {
            label: symbol.name.clone(),
            kind: Some(CompletionItemKind::CLASS),
            detail: Some(symbol.kind.words().to_string()),
            documentation: symbol.doc.as_deref().map(documentation),
            ..Default::default()
        })
        .collect();
    for module in ["channels", "pricing"] {
        let Some(text) = stratc::check::load::library_source(module) else {
            continue;
        };
        for item in syntax::parse(FileId(0), text).file.items {
            let ast::ItemKind::Archetype(archetype) = &item.kind else {
                continue;
            };
            let (ast::Archetype::Channel { name, .. } | ast::Archetype::Pricing { name, .. }) =
                archetype;
            items.push(CompletionItem {
                label: name.name.clone(),
                kind: Some(CompletionItemKind::CLASS),
                detail: Some(format!(
                    "std.{module} (import it with `use std.{module}.{{{}}}`)",
                    name.name
                )),
                documentation: item.doc.as_ref().map(|doc| documentation(&doc.text)),
                ..Default::default()
            });
        }
    }
    dedupe(items)
}

/// The channel whose item holds `offset`, if one does.
fn enclosing_channel(index: &Index, file: FileId, offset: usize) -> Option<usize> {
    index.symbols.iter().position(|symbol| {
        symbol.kind == Kind::Channel
            && symbol.file == file
            && symbol.span.start < offset
            && offset < symbol.span.end
    })
}

/// A channel's attributes, each with the value its archetype gives it, if any.
fn channel_attributes(snapshot: &Snapshot, channel: usize) -> Vec<CompletionItem> {
    let defaults = archetype_defaults(snapshot, channel);
    CHANNEL_ATTRIBUTES
        .iter()
        .map(|attribute| {
            let default = defaults
                .iter()
                .find(|(key, _)| key == attribute)
                .map(|(_, statement)| format!("its archetype gives `{statement}`"));
            CompletionItem {
                label: attribute.to_string(),
                kind: Some(CompletionItemKind::PROPERTY),
                detail: Some(default.unwrap_or_else(|| "channel attribute".to_string())),
                ..Default::default()
            }
        })
        .collect()
}

/// The statements of the channel's archetype, by what each sets (`lead`, `spend min`).
fn archetype_defaults(snapshot: &Snapshot, channel: usize) -> Vec<(String, String)> {
    let index = &snapshot.index;
    let symbol = &index.symbols[channel];
    let program = &snapshot.analysis.checked.program;
    let written = program
        .files()
        .filter(|file| file.id == symbol.file)
        .flat_map(|file| &file.ast.items)
        .find_map(|item| match &item.kind {
            ast::ItemKind::Channel(found) if item.span == symbol.span => found.archetype.clone(),
            _ => None,
        });
    let Some(archetype) =
        written.and_then(|name| index.find(&[Kind::ChannelArchetype], &name.name, None))
    else {
        return Vec::new();
    };
    let defined = &index.symbols[archetype];
    let text = snapshot.text(defined.file);
    program
        .files()
        .filter(|file| file.id == defined.file)
        .flat_map(|file| &file.ast.items)
        .filter(|item| item.span == defined.span)
        .flat_map(|item| match &item.kind {
            ast::ItemKind::Archetype(ast::Archetype::Channel { attrs, .. }) => attrs.as_slice(),
            _ => &[],
        })
        .map(|statement| {
            let written = text[statement.span.start..statement.span.end].to_string();
            (super::hover::key(&written), written)
        })
        .collect()
}

fn plain(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail.to_string()),
        ..Default::default()
    }
}

fn documentation(doc: &str) -> Documentation {
    Documentation::String(paragraph(doc))
}

fn kind_of(kind: Kind) -> CompletionItemKind {
    match kind {
        Kind::Param => CompletionItemKind::VARIABLE,
        Kind::Unit => CompletionItemKind::UNIT,
        Kind::Constraint | Kind::Scenario => CompletionItemKind::REFERENCE,
        Kind::Stage | Kind::Task => CompletionItemKind::EVENT,
        _ => CompletionItemKind::VALUE,
    }
}

/// The items with the first of each label kept: a keyword that is also a quantity
/// (`spend`) is offered once.
fn dedupe(items: Vec<CompletionItem>) -> Vec<CompletionItem> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|item| seen.insert(item.label.clone()))
        .collect()
}
