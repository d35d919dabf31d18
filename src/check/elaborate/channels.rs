//! Channels: archetype defaults, the markets they reach, spend bounds, dependencies and
//! the response curve.

use std::collections::HashMap;

use super::{Elaborator, doc_of};
use crate::check::expr::Typed;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    Bound, Channel, ChannelId, CurvePoint, Dependency, Dim, LinExpr, Loc, MarketId, Reach,
};
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, ChannelAttr, ItemKind};

/// Splits must sum to 100% within this.
const SPLIT_TOLERANCE: f64 = 1e-9;

/// A channel's attributes as they are read, archetype first, then its own.
#[derive(Default)]
struct Draft {
    title: Option<String>,
    setup: f64,
    revenue_share: f64,
    lead: f64,
    spend_min: Option<Bound>,
    spend_max: Option<f64>,
    reaches: Option<Vec<Reach>>,
    after: Vec<Dependency>,
    response: Option<Vec<CurvePoint>>,
}

impl<'a> Elaborator<'a> {
    pub(super) fn channels(&mut self) {
        let task_names: Vec<Vec<String>> = self
            .stages
            .iter()
            .map(|stage| stage.tasks.iter().map(|task| task.id.clone()).collect())
            .collect();
        let task_names: Vec<Vec<&str>> = task_names
            .iter()
            .map(|names| names.iter().map(String::as_str).collect())
            .collect();
        for index in 0..self.program.names.channels.entries.len() {
            let (_, at, _) = self.program.names.channels.entries[index];
            let (item, file) = self.item(at);
            let ItemKind::Channel(channel) = &item.kind else {
                continue;
            };
            let built = self.channel(channel, file, doc_of(item), &task_names);
            let id = built.id.clone();
            for (attribute, value, dim) in [
                ("setup", built.setup, Dim::MONEY),
                ("lead", built.lead, Dim::TIME),
                ("revenue_share", built.revenue_share, Dim::PLAIN),
            ] {
                let typed = Typed {
                    expr: LinExpr::constant(value),
                    dim,
                };
                self.attributes
                    .insert((id.clone(), attribute.to_string()), typed);
            }
            self.channel_ids.insert(id, ChannelId(self.channels.len()));
            self.channels.push(built);
        }
    }

    /// The channel as written; after an error its values are stand-ins (the diagnostic
    /// already fails the check), so that what refers to it is still checked.
    fn channel(
        &mut self,
        channel: &'a ast::Channel,
        file: FileId,
        doc: Option<String>,
        task_names: &[Vec<&str>],
    ) -> Channel {
        let mut draft = Draft::default();
        let archetype = channel.archetype.as_ref();
        if let Some(at) = archetype.and_then(|name| self.archetype(name, file, "channel")) {
            let (item, archetype_file) = self.item(at);
            if let ItemKind::Archetype(ast::Archetype::Channel { attrs, .. }) = &item.kind {
                let mut seen = HashMap::new();
                for stmt in attrs {
                    self.channel_attr(stmt, archetype_file, &mut draft, &mut seen, task_names);
                }
            }
        }
        let mut seen = HashMap::new();
        for stmt in &channel.attrs {
            self.channel_attr(stmt, file, &mut draft, &mut seen, task_names);
        }
        let name = &channel.name;
        for (attribute, missing, example) in [
            (
                "reaches",
                draft.reaches.is_none() && !seen.contains_key("reaches"),
                "reaches clinics",
            ),
            (
                "response",
                draft.response.is_none() && !seen.contains_key("response"),
                "response { 50k USD => 60 customers }",
            ),
        ] {
            if missing {
                self.error(
                    Code::MissingAttribute,
                    format!("channel `{}` has no `{attribute}`", name.name),
                    file,
                    name.span,
                    &format!("needs `{attribute}`"),
                    format!("add `{example}`"),
                );
            }
        }
        self.check_spend_bounds(&draft, name, file);
        Channel {
            id: name.name.clone(),
            title: draft.title,
            doc,
            archetype: channel.archetype.as_ref().map(|a| a.name.clone()),
            setup: draft.setup,
            revenue_share: draft.revenue_share,
            lead: draft.lead,
            spend_min: draft.spend_min,
            spend_max: draft.spend_max,
            reaches: draft.reaches.unwrap_or_default(),
            after: draft.after,
            response: draft.response.unwrap_or_default(),
            loc: Loc {
                file,
                span: name.span,
            },
        }
    }

    fn channel_attr(
        &mut self,
        stmt: &'a ast::Stmt<ChannelAttr>,
        file: FileId,
        draft: &mut Draft,
        seen: &mut HashMap<&'static str, Span>,
        task_names: &[Vec<&str>],
    ) {
        let span = stmt.span;
        match &stmt.kind {
            ChannelAttr::Title(text) if self.once(seen, "title", file, span) => {
                draft.title = Some(text.value.clone())
            }
            ChannelAttr::Reaches(reaches) if self.once(seen, "reaches", file, span) => {
                draft.reaches = Some(self.reaches(reaches, file, span));
            }
            ChannelAttr::Setup(expr) if self.once(seen, "setup", file, span) => {
                draft.setup = self.amount(file, expr, Dim::MONEY, "setup").unwrap_or(0.0);
            }
            ChannelAttr::Lead(expr) if self.once(seen, "lead", file, span) => {
                draft.lead = self.amount(file, expr, Dim::TIME, "lead").unwrap_or(0.0);
            }
            ChannelAttr::RevenueShare(expr) if self.once(seen, "revenue_share", file, span) => {
                match self.amount(file, expr, Dim::PLAIN, "revenue_share") {
                    Some(share) if share <= 1.0 => draft.revenue_share = share,
                    Some(_) => self.error(
                        Code::OutOfRange,
                        "`revenue_share` is above 100%".into(),
                        file,
                        expr.span,
                        "more than all the revenue",
                        "a revenue share is between 0% and 100%".into(),
                    ),
                    None => {}
                }
            }
            ChannelAttr::SpendMin(expr) if self.once(seen, "spend min", file, span) => {
                draft.spend_min = self
                    .amount(file, expr, Dim::MONEY, "spend min")
                    .map(|value| Bound {
                        value,
                        loc: Loc { file, span },
                    });
            }
            ChannelAttr::SpendMax(expr) if self.once(seen, "spend max", file, span) => {
                draft.spend_max = self.amount(file, expr, Dim::MONEY, "spend max");
            }
            ChannelAttr::After(paths) => {
                draft.after.extend(
                    paths
                        .iter()
                        .filter_map(|path| self.dependency(path, file, task_names)),
                );
            }
            ChannelAttr::Response(response) if self.once(seen, "response", file, span) => {
                draft.response = Some(
                    self.response(response, file, Dim::CUSTOMERS, 0.0, "the response curve")
                        .unwrap_or_default(),
                );
            }
            _ => {}
        }
    }

    /// The markets reached, as far as they resolve.
    fn reaches(&mut self, reaches: &[ast::Reach], file: FileId, span: Span) -> Vec<Reach> {
        let mut resolved = Vec::new();
        let mut complete = true;
        for reach in reaches {
            let Some(&market) = self.market_ids.get(&reach.market.name) else {
                complete = false;
                if self
                    .program
                    .names
                    .markets
                    .position(&reach.market.name)
                    .is_none()
                {
                    let help = suggest::did_you_mean(
                        &reach.market.name,
                        self.program.names.markets.names(),
                    )
                    .unwrap_or_else(|| "a channel reaches markets defined with `market`".into());
                    self.error(
                        Code::UnknownName,
                        format!("there is no market `{}`", reach.market.name),
                        file,
                        reach.market.span,
                        "unknown market",
                        help,
                    );
                }
                continue;
            };
            if resolved.iter().any(|r: &Reach| r.market == market) {
                self.error(
                    Code::Duplicate,
                    format!("market `{}` is reached twice", reach.market.name),
                    file,
                    reach.market.span,
                    "again",
                    "list each market once, with its whole split".into(),
                );
                complete = false;
                continue;
            }
            let split = match &reach.split {
                Some(expr) => self.amount(file, expr, Dim::PLAIN, "split"),
                None if reaches.len() == 1 => Some(1.0),
                None => {
                    self.error(
                        Code::SplitsDoNotSum,
                        format!("the split of `{}` is missing", reach.market.name),
                        file,
                        reach.span,
                        "no split",
                        "a channel reaching several markets gives each a split, as in `reaches hospitals 70%, clinics 30%`".into(),
                    );
                    None
                }
            };
            match split {
                Some(split) => resolved.push(Reach { market, split }),
                None => complete = false,
            }
        }
        let total: f64 = resolved.iter().map(|reach| reach.split).sum();
        if complete && (total - 1.0).abs() > SPLIT_TOLERANCE {
            self.error(
                Code::SplitsDoNotSum,
                format!("the splits sum to {}%, not 100%", crate::format::number(total * 100.0)),
                file,
                span,
                "splits of the customers this channel wins",
                "the splits say how the channel's customers divide among its markets; make them sum to 100%".into(),
            );
        }
        resolved
    }

    fn check_spend_bounds(&mut self, draft: &Draft, name: &ast::Ident, file: FileId) {
        let (Some(min), Some(max)) = (draft.spend_min, draft.spend_max) else {
            return;
        };
        if min.value > max {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::OutOfRange,
                    format!("channel `{}` has `spend min` above `spend max`", name.name),
                )
                .with_label(min.loc.file, min.loc.span, "the minimum")
                .with_label(file, name.span, "this channel")
                .with_help("lower `spend min` or raise `spend max`"),
            );
        }
    }

    pub(super) fn check_reached_markets_have_prices(&mut self) {
        let mut problems = Vec::new();
        for channel in &self.channels {
            for reach in &channel.reaches {
                let MarketId(index) = reach.market;
                let market = &self.markets[index];
                if market.options.is_empty() {
                    problems.push((channel.loc, market.id.clone(), channel.id.clone()));
                }
            }
        }
        for (loc, market, channel) in problems {
            self.error(
                Code::NoPrice,
                format!("market `{market}` is reached by `{channel}` but has no price"),
                loc.file,
                loc.span,
                &format!("reaches `{market}`"),
                format!("give `{market}` a `price`, or a `pricing {market} {{ option … }}` block"),
            );
        }
    }
}
