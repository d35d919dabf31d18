//! Channels: archetype defaults, the markets they reach, spend bounds, dependencies and
//! the response curve.

use std::collections::HashMap;

use super::{Elaborator, doc_of};
use crate::check::expr::Typed;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    Bound, Channel, ChannelId, Curve, CurveOf, Dependency, Dim, LinExpr, Loc, MarketId,
    MarketResponse, Reach, Target,
};
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, ChannelAttr, ItemKind};

/// Splits must sum to 100% within this.
const SPLIT_TOLERANCE: f64 = 1e-9;

/// Markets sharing one curve whose monthly prices differ more than this many times get a
/// warning.
const PRICE_GAP: f64 = 5.0;

/// What one block (a channel or its archetype) has given so far, for reporting repeats.
#[derive(Default)]
struct Seen {
    attributes: HashMap<&'static str, Span>,
    market_responses: HashMap<MarketId, Span>,
}

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
    /// Where the `reaches` line was written.
    reaches_loc: Option<Loc>,
    after: Vec<Dependency>,
    response: Option<Curve>,
    /// The curves of markets with their own; a channel's replaces its archetype's.
    market_responses: Vec<MarketResponse>,
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
                let mut seen = Seen::default();
                for stmt in attrs {
                    self.channel_attr(stmt, archetype_file, &mut draft, &mut seen, task_names);
                }
            }
        }
        let mut seen = Seen::default();
        for stmt in &channel.attrs {
            self.channel_attr(stmt, file, &mut draft, &mut seen, task_names);
        }
        let name = &channel.name;
        let has = |attribute: &str| seen.attributes.contains_key(attribute);
        // A channel may win all its customers through curves of its markets' own.
        let only_own_curves = !draft.market_responses.is_empty()
            && draft.reaches.is_none()
            && draft.response.is_none()
            && !has("reaches")
            && !has("response");
        for (attribute, missing, example) in [
            (
                "reaches",
                draft.reaches.is_none() && !has("reaches") && !only_own_curves,
                "reaches clinics",
            ),
            (
                "response",
                draft.response.is_none() && !has("response") && !only_own_curves,
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
        self.check_own_curves_not_reached(&draft, &name.name);
        self.warn_of_price_gap(&draft, &name.name);
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
            market_responses: draft.market_responses,
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
        seen: &mut Seen,
        task_names: &[Vec<&str>],
    ) {
        let span = stmt.span;
        let seen_markets = &mut seen.market_responses;
        let seen = &mut seen.attributes;
        match &stmt.kind {
            ChannelAttr::Title(text) if self.once(seen, "title", file, span) => {
                draft.title = Some(text.value.clone())
            }
            ChannelAttr::Reaches(reaches) if self.once(seen, "reaches", file, span) => {
                draft.reaches = Some(self.reaches(reaches, file, span));
                draft.reaches_loc = Some(Loc { file, span });
            }
            ChannelAttr::Setup(expr) if self.once(seen, "setup", file, span) => {
                draft.setup = self.amount(file, expr, Dim::MONEY, "setup").unwrap_or(0.0);
            }
            ChannelAttr::Lead(expr) if self.once(seen, "lead", file, span) => {
                let target = Target::Lead(ChannelId(self.channels.len()));
                draft.lead = self
                    .guess(target, |elaborator| {
                        elaborator.amount(file, expr, Dim::TIME, "lead")
                    })
                    .unwrap_or(0.0);
            }
            ChannelAttr::RevenueShare(expr) if self.once(seen, "revenue_share", file, span) => {
                let target = Target::RevenueShare(ChannelId(self.channels.len()));
                let share = self.guess(target, |elaborator| {
                    elaborator.amount(file, expr, Dim::PLAIN, "revenue_share")
                });
                match share {
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
            ChannelAttr::Response(ast::Response {
                market: Some(market),
                ..
            }) => {
                let ChannelAttr::Response(response) = &stmt.kind else {
                    return;
                };
                self.market_response(response, market, file, span, draft, seen_markets);
            }
            ChannelAttr::Response(response) if self.once(seen, "response", file, span) => {
                draft.response = Some(
                    self.response(
                        response,
                        file,
                        (
                            CurveOf::Channel(ChannelId(self.channels.len())),
                            Dim::CUSTOMERS,
                        ),
                        0.0,
                        "the response curve",
                    )
                    .unwrap_or_default(),
                );
            }
            _ => {}
        }
    }

    /// `response M { … }`: market M's own curve, replacing one an archetype gave it.
    fn market_response(
        &mut self,
        response: &ast::Response,
        market: &ast::Ident,
        file: FileId,
        span: Span,
        draft: &mut Draft,
        seen: &mut HashMap<MarketId, Span>,
    ) {
        let Some(id) = self.market_named(market, file) else {
            return;
        };
        if let Some(&first) = seen.get(&id) {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::RepeatedAttribute,
                    format!("`response {}` is given twice", market.name),
                )
                .with_label(file, span, "given again here")
                .with_label(file, first, "first given here")
                .with_help(format!("keep one curve for `{}`", market.name)),
            );
            return;
        }
        seen.insert(id, span);
        let what = format!("the response curve of `{}`", market.name);
        let curve = self
            .response(
                response,
                file,
                (
                    CurveOf::ChannelMarket(ChannelId(self.channels.len()), id),
                    Dim::CUSTOMERS,
                ),
                0.0,
                &what,
            )
            .unwrap_or_default();
        draft.market_responses.retain(|own| own.market != id);
        draft.market_responses.push(MarketResponse {
            market: id,
            curve,
            loc: Loc {
                file,
                span: market.span,
            },
        });
    }

    /// The market `name` refers to, or `None` (reported when no market has that name).
    fn market_named(&mut self, name: &ast::Ident, file: FileId) -> Option<MarketId> {
        if let Some(&market) = self.market_ids.get(&name.name) {
            return Some(market);
        }
        // A market that failed to elaborate is already reported.
        if self.program.names.markets.position(&name.name).is_none() {
            let help = suggest::did_you_mean(&name.name, self.program.names.markets.names())
                .unwrap_or_else(|| "a channel reaches markets defined with `market`".into());
            self.error(
                Code::UnknownName,
                format!("there is no market `{}`", name.name),
                file,
                name.span,
                "unknown market",
                help,
            );
        }
        None
    }

    /// The markets reached, as far as they resolve.
    fn reaches(&mut self, reaches: &[ast::Reach], file: FileId, span: Span) -> Vec<Reach> {
        let mut resolved = Vec::new();
        let mut complete = true;
        for reach in reaches {
            let Some(market) = self.market_named(&reach.market, file) else {
                complete = false;
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

    /// A market with a curve of its own takes no part in the shared curve's split.
    fn check_own_curves_not_reached(&mut self, draft: &Draft, channel: &str) {
        let reaches = draft.reaches.as_deref().unwrap_or_default();
        for own in &draft.market_responses {
            if reaches.iter().any(|reach| reach.market == own.market) {
                let market = &self.markets[own.market.0].id;
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::ReachedAndOwnCurve,
                        format!(
                            "market `{market}` of `{channel}` is both in `reaches` and has a curve of its own"
                        ),
                    )
                    .with_label(own.loc.file, own.loc.span, "its own curve")
                    .with_help(format!(
                        "take `{market}` out of `reaches` (and make the other splits sum to 100%), or drop `response {market}` to share the channel's curve"
                    )),
                );
            }
        }
    }

    /// Warns when the shared curve is split over markets whose monthly prices differ more
    /// than [`PRICE_GAP`] times whatever option each takes: a fixed slice of customers won
    /// on the cheaper markets then stands for the dearer one.
    fn warn_of_price_gap(&mut self, draft: &Draft, channel: &str) {
        let (Some(reaches), Some(loc)) = (&draft.reaches, draft.reaches_loc) else {
            return;
        };
        let prices = |reach: &Reach| {
            let options = &self.markets[reach.market.0].options;
            let price = options.iter().map(|option| option.monthly_price);
            (
                price.clone().fold(f64::INFINITY, f64::min),
                price.fold(0.0, f64::max),
            )
        };
        let dearest = reaches
            .iter()
            .max_by(|a, b| prices(a).0.total_cmp(&prices(b).0));
        let cheapest = reaches
            .iter()
            .min_by(|a, b| prices(a).1.total_cmp(&prices(b).1));
        let (Some(dearest), Some(cheapest)) = (dearest, cheapest) else {
            return;
        };
        let (low, high) = (prices(cheapest).1, prices(dearest).0);
        if !(high > PRICE_GAP * low && low > 0.0 && high.is_finite()) {
            return;
        }
        let currency = self.currency.clone().unwrap_or_default();
        let (cheap, dear) = (
            &self.markets[cheapest.market.0].id,
            &self.markets[dearest.market.0].id,
        );
        let price = |value: f64| format!("{} {currency}/month", crate::format::compact(value));
        self.diagnostics.push(
            Diagnostic::warning(
                Code::SharedCurvePriceGap,
                format!(
                    "`{channel}` splits one curve over `{dear}` (from {}) and `{cheap}` (up to {}), {}× apart in price",
                    price(high),
                    price(low),
                    crate::format::number((high / low).floor())
                ),
            )
            .with_label(loc.file, loc.span, "one curve for markets of very different prices")
            .with_help(format!(
                "if `{dear}` answers the spend differently, give it a curve of its own: take it out of `reaches` and add `response {dear} {{ … }}`"
            )),
        );
    }

    pub(super) fn check_reached_markets_have_prices(&mut self) {
        let mut problems = Vec::new();
        for channel in &self.channels {
            for audience in channel.audiences() {
                let MarketId(index) = audience.market;
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
