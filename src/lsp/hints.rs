//! The plan inline: a built plan's figures by item, shown as inlay hints at the end of
//! the line that defines each channel (its spend, customers and go-live), market (its
//! pricing and share) and constraint (whether it binds), and in the hover.
//!
//! The figures are kept by name, not by position: an edit after the build moves the
//! hints with their items, and the hints are shown only while the strategy checks.

use lsp_types::{InlayHint, InlayHintLabel, Url};
use stratc::build::Built;
use stratc::locale::Locale;
use stratc::optimise::explain;
use stratc::render::report;

use super::index::Kind;
use super::position::LineIndex;
use super::workspace::Snapshot;

/// One item's figures in the plan: a short hint and the hover's lines.
pub struct Figures {
    pub hint: String,
    pub hover: Vec<String>,
}

/// The figures of a built plan, by item.
pub struct Plan {
    /// Whether every solve was proven optimal.
    optimal: bool,
    items: Vec<(Kind, String, Figures)>,
}

impl Plan {
    /// The figures of `built`'s plan; `None` when the build found no plan.
    pub fn of(built: &Built) -> Option<Plan> {
        let (model, optimised) = built.found()?;
        let locale = Locale::english();
        let mut items = Vec::new();
        for channel in report::channels(model, optimised, locale) {
            let figures = Figures {
                hint: format!(
                    "{} {} · {} customers · live {}",
                    channel.spend, model.currency, channel.customers, channel.go_live
                ),
                hover: vec![
                    format!(
                        "spend {} {} (setup {})",
                        channel.spend, model.currency, channel.setup
                    ),
                    format!("customers {} ({})", channel.customers, channel.markets),
                    format!("revenue {} {}/year", channel.revenue, model.currency),
                    format!("goes live {}, ramp {}", channel.go_live, channel.ramp),
                ],
            };
            items.push((Kind::Channel, channel.id, figures));
        }
        for closed in report::closed(model, optimised, locale) {
            let figures = Figures {
                hint: "closed".to_string(),
                hover: vec![closed.why.unwrap_or_else(|| "left closed".to_string())],
            };
            items.push((Kind::Channel, closed.id, figures));
        }
        for market in report::markets(model, optimised, locale) {
            let figures = Figures {
                hint: format!("pricing {} · share {}", market.pricing, market.share),
                hover: vec![
                    format!("pricing `{}` at {}", market.pricing, market.price),
                    format!("customers {}, share {}", market.customers, market.share),
                    format!("revenue {} {}/year", market.revenue, model.currency),
                ],
            };
            items.push((Kind::Market, market.id, figures));
        }
        for constraint in report::constraints(model, optimised, locale) {
            let mut hover = vec![format!("{}: {}", constraint.text, constraint.sides)];
            let worth = optimised
                .marginal_values
                .iter()
                .filter(|marginal| marginal.limit.name == constraint.name)
                .map(|marginal| locale.sentence(&explain::marginal(model, marginal, locale)));
            hover.extend(worth);
            let hint = if constraint.binding {
                "binds".to_string()
            } else {
                format!("slack {}", constraint.slack)
            };
            items.push((Kind::Constraint, constraint.name, Figures { hint, hover }));
        }
        Some(Plan {
            optimal: !optimised.stopped_early,
            items,
        })
    }

    /// The figures of the item of `kind` named `name`.
    pub fn figures(&self, kind: Kind, name: &str) -> Option<&Figures> {
        self.items
            .iter()
            .find(|(known, id, _)| *known == kind && id == name)
            .map(|(_, _, figures)| figures)
    }

    /// What to say beside the figures of a plan a time limit stopped.
    pub fn status_note(&self) -> &'static str {
        if self.optimal {
            ""
        } else {
            " (not proven optimal)"
        }
    }
}

/// The hints of the document `uri`: one at the end of each line that defines a channel,
/// a market or a named constraint with figures in `plan`.
pub fn inlay_hints(snapshot: &Snapshot, uri: &Url, plan: &Plan) -> Vec<InlayHint> {
    let Some(file) = snapshot.file(uri) else {
        return Vec::new();
    };
    let lines = LineIndex::new(snapshot.text(file));
    snapshot
        .index
        .symbols
        .iter()
        .filter(|symbol| symbol.file == file)
        .filter_map(|symbol| {
            let figures = plan.figures(symbol.kind, &symbol.name)?;
            Some(InlayHint {
                position: lines.position(lines.line_end(symbol.name_span.end)),
                label: InlayHintLabel::String(format!("{}{}", figures.hint, plan.status_note())),
                // Neither of the protocol's kinds (types, parameters) is a plan's figure.
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}
