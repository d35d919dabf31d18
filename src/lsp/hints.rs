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
    /// The hover's heading over the figures, and what to say beside it when a solve was
    /// not proven optimal, in the strategy's language.
    heading: String,
    not_proven: String,
    items: Vec<(Kind, String, Figures)>,
}

impl Plan {
    /// The figures of `built`'s plan; `None` when the build found no plan.
    pub fn of(built: &Built) -> Option<Plan> {
        let (model, optimised) = built.found()?;
        // The figures are the plans' own, in the strategy's language.
        let locale = model.locale;
        let currency = model.currency.as_str();
        let mut items = Vec::new();
        for channel in report::channels(model, optimised, locale) {
            let figures = Figures {
                hint: locale.fill(
                    "lsp_channel_hint",
                    &[
                        ("spend", &channel.spend),
                        ("currency", currency),
                        ("customers", &channel.customers),
                        ("go_live", &channel.go_live),
                    ],
                ),
                hover: vec![
                    locale.fill(
                        "lsp_channel_spend",
                        &[
                            ("spend", &channel.spend),
                            ("currency", currency),
                            ("setup", &channel.setup),
                        ],
                    ),
                    locale.fill(
                        "lsp_channel_customers",
                        &[
                            ("customers", &channel.customers),
                            ("markets", &channel.markets),
                        ],
                    ),
                    revenue(locale, &channel.revenue, currency),
                    locale.fill(
                        "lsp_channel_live",
                        &[("go_live", &channel.go_live), ("ramp", &channel.ramp)],
                    ),
                ],
            };
            items.push((Kind::Channel, channel.id, figures));
        }
        for closed in report::closed(model, optimised, locale) {
            let figures = Figures {
                hint: locale.text("lsp_closed").to_string(),
                hover: vec![
                    closed
                        .why
                        .unwrap_or_else(|| locale.text("lsp_closed").to_string()),
                ],
            };
            items.push((Kind::Channel, closed.id, figures));
        }
        for market in report::markets(model, optimised, locale) {
            let figures = Figures {
                hint: locale.fill(
                    "lsp_market_hint",
                    &[("pricing", &market.pricing), ("share", &market.share)],
                ),
                hover: vec![
                    locale.fill(
                        "lsp_market_pricing",
                        &[("pricing", &market.pricing), ("price", &market.price)],
                    ),
                    locale.fill(
                        "lsp_market_customers",
                        &[("customers", &market.customers), ("share", &market.share)],
                    ),
                    revenue(locale, &market.revenue, currency),
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
                locale.text("binds").to_string()
            } else {
                locale.fill("lsp_slack", &[("slack", &constraint.slack)])
            };
            items.push((Kind::Constraint, constraint.name, Figures { hint, hover }));
        }
        Some(Plan {
            optimal: !optimised.stopped_early,
            heading: locale.text("lsp_in_the_plan").to_string(),
            not_proven: locale.text("lsp_not_proven").to_string(),
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

    /// The hover's heading over an item's figures.
    pub fn heading(&self) -> &str {
        &self.heading
    }

    /// What to say beside the figures of a plan a time limit stopped.
    pub fn status_note(&self) -> &str {
        if self.optimal { "" } else { &self.not_proven }
    }
}

/// The line of an item's revenue a year.
fn revenue(locale: &Locale, revenue: &str, currency: &str) -> String {
    locale.fill(
        "lsp_revenue",
        &[("revenue", revenue), ("currency", currency)],
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use stratc::build::{BuildOptions, build};
    use stratc::check::NoFiles;
    use stratc::optimise::{Progress, Solves};
    use stratc::source::{SourceFile, SourceMap};

    #[test]
    fn the_figures_are_in_the_strategys_language() {
        let text = "strategy \"学宝\" { currency CNY; horizon 12 months; budget 100万 CNY; locale zh-CN }\n\
            market 学校 { size 5000 customers; price 5000 CNY/month }\n\
            channel 展会 { reaches 学校; response { 50万 CNY => 40 customers } }\n\
            objective maximize revenue\n";
        let mut sources = SourceMap::new();
        let root = sources.add(SourceFile::new("学宝.strat", text));
        let built = build(
            root,
            &mut sources,
            &NoFiles,
            &BuildOptions::default(),
            Progress::unwatched(),
            Solves::default(),
        );
        let plan = Plan::of(&built).expect("a plan");
        let channel = plan
            .figures(Kind::Channel, "展会")
            .expect("the channel's figures");
        assert_eq!(channel.hint, "50万 CNY · 40 个客户 · 第 0 个月上线");
        assert_eq!(plan.heading(), "计划中");
        let market = plan
            .figures(Kind::Market, "学校")
            .expect("the market's figures");
        assert!(market.hint.starts_with("定价 "), "{}", market.hint);
    }
}
