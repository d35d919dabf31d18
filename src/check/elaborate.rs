//! Elaboration: from the gathered items to a [`Model`], every value evaluated at one
//! assignment of the params (the strategy's own values, a scenario's, or `--set`'s).
//!
//! Items are elaborated in dependency order: the strategy block (its currency types every
//! amount), params, markets and their pricing, stages and their tasks, channels (which
//! reach markets and wait for tasks), then the objective, constraints and pareto line,
//! which may refer to all of them.

mod channels;
mod dependencies;
mod goals;
mod magnitudes;
mod markets;
mod params;
mod prices;
mod ranges;
mod stages;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Code, Diagnostic};
use crate::locale::Locale;
use crate::model::{
    Bound, Channel, ChannelId, Dim, Draws, Loc, Market, MarketId, Model, Param, Satisfaction,
    Stage, Tech, Uncertain,
};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::ast::{self, ItemKind};

use super::Program;
use super::expr::{MetRange, Scope, Typed, World};
use super::names::ItemRef;

/// A param value that replaces the strategy's own: from a scenario or the command line.
#[derive(Clone, Copy, Debug)]
pub struct Override<'a> {
    pub param: &'a ast::Ident,
    pub value: &'a ast::Expr,
    pub file: FileId,
    pub origin: OverrideOrigin,
}

/// Where an override was written, so that a fix is spelled the way it is written there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverrideOrigin {
    /// In a `scenario` block: `size_factor = 70%`.
    Scenario,
    /// As `--set size_factor=70%`.
    CommandLine,
}

/// The model of `program` with `overrides` applied to the params and `draws` to the
/// ranges, or `None` when it has errors; and the diagnostics found on the way.
pub fn elaborate(
    program: &Program,
    sources: &SourceMap,
    overrides: &[Override],
    draws: &Draws,
) -> (Option<Model>, Vec<Diagnostic>) {
    let mut elaborator = Elaborator {
        program,
        sources,
        draws,
        guessing: false,
        met: RefCell::new(Vec::new()),
        uncertain: Vec::new(),
        param_inputs: HashMap::new(),
        diagnostics: Vec::new(),
        currency: None,
        params: HashMap::new(),
        percent_params: HashSet::new(),
        model_params: Vec::new(),
        markets: Vec::new(),
        market_ids: HashMap::new(),
        channels: Vec::new(),
        channel_ids: HashMap::new(),
        attributes: HashMap::new(),
        stages: Vec::new(),
        satisfaction: None,
        tech: None,
        budget: None,
    };
    let model = elaborator.run(overrides);
    let failed = elaborator.diagnostics.iter().any(Diagnostic::is_error);
    (model.filter(|_| !failed), elaborator.diagnostics)
}

/// The state of one elaboration: what has been built so far.
struct Elaborator<'a> {
    program: &'a Program,
    sources: &'a SourceMap,
    /// The values chosen for ranges (none: each at its most likely value).
    draws: &'a Draws,
    /// Whether the attribute being evaluated may be a guess, written as a range.
    guessing: bool,
    /// The ranges met while `guessing`, until [`Elaborator::guess`] notes them.
    met: RefCell<Vec<MetRange>>,
    /// The ranges met so far, with what they set.
    uncertain: Vec<Uncertain>,
    /// The ranges each param depends on (its own and those of the params it uses).
    param_inputs: HashMap<String, Vec<Loc>>,
    diagnostics: Vec<Diagnostic>,
    currency: Option<String>,
    params: HashMap<String, Typed>,
    /// The params declared as a percent, whose replacements must be percents too.
    percent_params: HashSet<String>,
    model_params: Vec<Param>,
    markets: Vec<Market>,
    market_ids: HashMap<String, MarketId>,
    channels: Vec<Channel>,
    channel_ids: HashMap<String, ChannelId>,
    /// `market.size`, `channel.setup` …, for constraints and objectives.
    attributes: HashMap<(String, String), Typed>,
    stages: Vec<Stage>,
    satisfaction: Option<Satisfaction>,
    tech: Option<Tech>,
    /// The strategy's budget, once read: response curves' steps are measured against it.
    budget: Option<f64>,
}

/// The strategy block's values.
struct Header {
    title: String,
    doc: Option<String>,
    horizon: Bound,
    budget: Bound,
    start: Option<(u16, u8, u8)>,
    locale: &'static Locale,
}

impl<'a> Elaborator<'a> {
    fn run(&mut self, overrides: &[Override]) -> Option<Model> {
        let header = self.strategy();
        self.budget = header.as_ref().map(|header| header.budget.value);
        self.params(overrides);
        self.markets();
        self.check_market_sizes();
        self.pricing();
        self.stages();
        self.channels();
        self.check_reached_markets_have_prices();
        // Constraints are checked even when the header failed, with stand-in constants.
        let constants = header.as_ref().map_or((0.0, 0.0), |header| {
            (header.budget.value, header.horizon.value)
        });
        let objective = self.objective(constants);
        let constraints = self.constraints(constants);
        let pareto = self.pareto(constants);
        let scenarios = self.scenarios();
        let header = header?;
        Some(Model {
            title: header.title,
            doc: header.doc,
            currency: self.currency.clone()?,
            horizon: header.horizon,
            budget: header.budget,
            start: header.start,
            units: self.program.names.units.clone(),
            locale: header.locale,
            params: std::mem::take(&mut self.model_params),
            markets: std::mem::take(&mut self.markets),
            channels: std::mem::take(&mut self.channels),
            stages: std::mem::take(&mut self.stages),
            satisfaction: self.satisfaction.take(),
            tech: self.tech.take(),
            objective: objective?,
            constraints,
            scenarios,
            pareto,
            uncertain: std::mem::take(&mut self.uncertain),
        })
    }

    /// The item at `at` with its file.
    fn item(&self, at: ItemRef) -> (&'a ast::Item, FileId) {
        (
            self.program.loaded.item(at),
            self.program.loaded.file_id(at),
        )
    }

    /// A scope for evaluating constants in `file`.
    fn constant_scope(&self, file: FileId) -> Scope<'_> {
        self.scope(file, None)
    }

    fn scope<'s>(&'s self, file: FileId, world: Option<&'s World<'s>>) -> Scope<'s> {
        Scope {
            file,
            text: &self.sources.get(file).text,
            currency: self.currency.as_deref(),
            units: &self.program.names.units,
            params: &self.params,
            world,
            draws: self.draws,
            guesses: self.guessing.then_some(&self.met),
        }
    }

    /// `dim` in words, with the strategy's count units: `money per token`.
    fn words(&self, dim: Dim) -> String {
        dim.in_words(&self.program.names.units)
    }

    /// How to write a value of `dim`: `USD/year`, `CNY/call`.
    fn unit_text(&self, dim: Dim) -> String {
        dim.unit_text(
            self.currency.as_deref().unwrap_or("USD"),
            &self.program.names.units,
        )
    }

    /// Evaluates a constant attribute of dimension `want`; a value the solver cannot hold
    /// faithfully is reported (E0410) and gives `None`.
    fn constant(&mut self, file: FileId, expr: &ast::Expr, want: Dim, what: &str) -> Option<f64> {
        let mut diagnostics = Vec::new();
        let value = self
            .constant_scope(file)
            .constant(expr, want, what, &mut diagnostics);
        self.diagnostics.extend(diagnostics);
        let value = value?;
        let what = format!("`{what}`");
        let fine = self.representable(value, want, file, expr.span, &what)
            && (want != Dim::MONEY || self.affordable(value, file, expr.span, &what));
        fine.then_some(value)
    }

    /// Like [`Elaborator::constant`], and the value must not be negative.
    fn amount(&mut self, file: FileId, expr: &ast::Expr, want: Dim, what: &str) -> Option<f64> {
        let value = self.constant(file, expr, want, what)?;
        if value < 0.0 {
            self.error(
                Code::OutOfRange,
                format!("`{what}` cannot be negative"),
                file,
                expr.span,
                "below zero",
                format!("give `{what}` a value of zero or more"),
            );
            return None;
        }
        Some(value)
    }

    fn error(
        &mut self,
        code: Code,
        message: String,
        file: FileId,
        span: Span,
        label: &str,
        help: String,
    ) {
        self.diagnostics.push(
            Diagnostic::error(code, message)
                .with_label(file, span, label)
                .with_help(help),
        );
    }

    /// Reports a statement written twice in one block; `seen` remembers the first of each.
    fn once(
        &mut self,
        seen: &mut HashMap<&'static str, Span>,
        what: &'static str,
        file: FileId,
        span: Span,
    ) -> bool {
        if let Some(&first) = seen.get(what) {
            self.diagnostics.push(
                Diagnostic::error(Code::RepeatedAttribute, format!("`{what}` is given twice"))
                    .with_label(file, span, "given again here")
                    .with_label(file, first, "first given here")
                    .with_help(format!("keep one `{what}`")),
            );
            return false;
        }
        seen.insert(what, span);
        true
    }

    fn strategy(&mut self) -> Option<Header> {
        let Some(at) = self.program.names.strategy else {
            let root = self.program.loaded.files.first()?.id;
            self.error(
                Code::MissingAttribute,
                "the strategy has no `strategy` block".into(),
                root,
                Span::new(0, 0),
                "expected a strategy block",
                "start the file with `strategy \"Title\" { currency USD; horizon 12 months; budget 500k USD }`".into(),
            );
            return None;
        };
        let (item, file) = self.item(at);
        let ItemKind::Strategy(strategy) = &item.kind else {
            return None;
        };
        let mut seen = HashMap::new();
        // The currency types every amount, so it is read first.
        for stmt in &strategy.attrs {
            if let ast::StrategyAttr::Currency(code) = &stmt.kind {
                if self.once(&mut seen, "currency", file, stmt.span) {
                    self.currency(file, code);
                }
            }
        }
        let (mut horizon, mut budget, mut start) = (None, None, None);
        let mut locale = Locale::english();
        let mut horizon_loc = Loc {
            file,
            span: strategy.title.span,
        };
        for stmt in &strategy.attrs {
            match &stmt.kind {
                ast::StrategyAttr::Currency(_) => {}
                ast::StrategyAttr::Horizon(expr)
                    if self.once(&mut seen, "horizon", file, stmt.span) =>
                {
                    horizon = self.amount(file, expr, Dim::TIME, "horizon");
                    if horizon == Some(0.0) {
                        self.error(
                            Code::OutOfRange,
                            "the horizon must be longer than zero".into(),
                            file,
                            expr.span,
                            "zero",
                            "give the horizon in months, as in `horizon 12 months`".into(),
                        );
                        horizon = None;
                    }
                    horizon_loc = Loc {
                        file,
                        span: stmt.span,
                    };
                }
                ast::StrategyAttr::Budget(expr)
                    if self.once(&mut seen, "budget", file, stmt.span) =>
                {
                    budget = self
                        .amount(file, expr, Dim::MONEY, "budget")
                        .map(|value| Bound {
                            value,
                            loc: Loc {
                                file,
                                span: stmt.span,
                            },
                        });
                }
                ast::StrategyAttr::Start(date)
                    if self.once(&mut seen, "start", file, stmt.span) =>
                {
                    start = Some((date.year, date.month, date.day));
                }
                ast::StrategyAttr::Locale(tag)
                    if self.once(&mut seen, "locale", file, stmt.span) =>
                {
                    locale = self.locale(file, tag).unwrap_or(locale);
                }
                _ => {}
            }
        }
        for (what, missing, example) in [
            (
                "currency",
                self.currency.is_none() && !seen.contains_key("currency"),
                "currency USD",
            ),
            (
                "horizon",
                !seen.contains_key("horizon"),
                "horizon 12 months",
            ),
            ("budget", !seen.contains_key("budget"), "budget 500k USD"),
        ] {
            if missing {
                self.error(
                    Code::MissingAttribute,
                    format!("the strategy block has no `{what}`"),
                    file,
                    strategy.title.span,
                    &format!("needs `{what}`"),
                    format!("add `{example}` to the strategy block"),
                );
            }
        }
        Some(Header {
            title: strategy.title.value.clone(),
            doc: item.doc.as_ref().map(|doc| doc.text.clone()),
            horizon: Bound {
                value: horizon?,
                loc: horizon_loc,
            },
            budget: budget?,
            start,
            locale,
        })
    }

    /// The locale tagged `tag`, or `None` (reported with the locales there are).
    fn locale(&mut self, file: FileId, tag: &ast::Ident) -> Option<&'static Locale> {
        let found = Locale::named(&tag.name);
        if found.is_none() {
            let known: Vec<String> = Locale::tags()
                .iter()
                .map(|known| format!("`{known}`"))
                .collect();
            self.error(
                Code::UnknownLocale,
                format!("stratc has no locale `{}`", tag.name),
                file,
                tag.span,
                "unknown locale",
                format!("the locales are {}", known.join(", ")),
            );
        }
        found
    }

    fn currency(&mut self, file: FileId, code: &ast::Ident) {
        if super::units::is_iso_currency(&code.name) {
            self.currency = Some(code.name.clone());
        } else {
            self.error(
                Code::UnknownCurrency,
                format!("`{}` is not an ISO 4217 currency code", code.name),
                file,
                code.span,
                "unknown currency",
                "use a three-letter ISO 4217 code such as `USD`, `EUR` or `GBP`".into(),
            );
        }
    }

    /// The archetype of `kind` (`channel` or `pricing`) named `name`, or `None` (reported)
    /// when there is none; the help says which `use` brings in a library archetype.
    fn archetype(&mut self, name: &ast::Ident, file: FileId, kind: &str) -> Option<ItemRef> {
        let table = if kind == "channel" {
            &self.program.names.channel_archetypes
        } else {
            &self.program.names.pricing_archetypes
        };
        if let Some(index) = table.position(&name.name) {
            return Some(table.entries[index].1);
        }
        let help = match super::load::library_module_defining(kind, &name.name) {
            Some(module) => format!(
                "it is in the library: add `use std.{module}.{{{}}}`",
                name.name
            ),
            None => super::suggest::did_you_mean(&name.name, table.names()).unwrap_or_else(|| {
                format!(
                    "define it with `archetype {kind} {} {{ … }}` or import one from `std.{}`",
                    name.name,
                    if kind == "channel" {
                        "channels"
                    } else {
                        "pricing"
                    }
                )
            }),
        };
        self.error(
            Code::UnknownName,
            format!("there is no {kind} archetype `{}`", name.name),
            file,
            name.span,
            "unknown archetype",
            help,
        );
        None
    }

    /// The world that constraints and objectives see.
    fn world(&self, budget: f64, horizon: f64) -> World<'_> {
        World {
            markets: &self.market_ids,
            channels: &self.channel_ids,
            attributes: &self.attributes,
            budget,
            horizon,
            has_satisfaction: self.satisfaction.is_some(),
            has_tech: self.tech.is_some(),
        }
    }
}

/// The doc comment of an item, as text.
fn doc_of(item: &ast::Item) -> Option<String> {
    item.doc.as_ref().map(|doc| doc.text.clone())
}

/// The source text of a span with runs of white space collapsed: `revenue( aws )` stays
/// as written but `a  +\n b` becomes `a + b`.
fn source_text(sources: &SourceMap, file: FileId, span: Span) -> String {
    let text = &sources.get(file).text[span.start..span.end];
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
