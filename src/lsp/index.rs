//! The names of a strategy's files: where each item is defined and every place that
//! refers to it, for hover, go to definition, find references, rename and the plan's
//! hints. It is read off the parsed files of one check; a reference resolves the way the
//! checker resolves it (markets and channels share one namespace, a task is named inside
//! its stage), and a name the checker would not find is no reference.

use stratc::check::Program;
use stratc::source::{FileId, SourceMap, Span};
use stratc::syntax::ast::{
    self, Archetype, ChannelAttr, ConstraintBody, CurveAttr, Expr, ExprKind, ItemKind, MarketAttr,
    OptionAttr, StageAttr, StrategyAttr, TaskAttr, UnitWord,
};

/// The kinds of named item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Param,
    Unit,
    Market,
    PricingOption,
    Channel,
    Stage,
    Task,
    Constraint,
    Scenario,
    ChannelArchetype,
    PricingArchetype,
}

impl Kind {
    /// The words that name the kind, as a hover shows them.
    pub fn words(self) -> &'static str {
        match self {
            Kind::Param => "param",
            Kind::Unit => "count unit",
            Kind::Market => "market",
            Kind::PricingOption => "pricing option",
            Kind::Channel => "channel",
            Kind::Stage => "stage",
            Kind::Task => "task",
            Kind::Constraint => "constraint",
            Kind::Scenario => "scenario",
            Kind::ChannelArchetype => "channel archetype",
            Kind::PricingArchetype => "pricing archetype",
        }
    }
}

/// A named item where it is defined.
#[derive(Clone, Debug)]
pub struct Symbol {
    pub kind: Kind,
    pub name: String,
    /// The stage of a task, the market of a pricing option.
    pub container: Option<String>,
    pub file: FileId,
    /// The name where the item defines it.
    pub name_span: Span,
    /// The whole item (or statement, for a task and an option).
    pub span: Span,
    pub doc: Option<String>,
}

/// A place that names a symbol.
#[derive(Clone, Copy, Debug)]
pub struct Reference {
    /// The index of the symbol in [`Index::symbols`].
    pub symbol: usize,
    pub file: FileId,
    pub span: Span,
}

/// The symbols of a strategy and the references to them, in file order.
#[derive(Default)]
pub struct Index {
    pub symbols: Vec<Symbol>,
    pub references: Vec<Reference>,
}

impl Index {
    /// The index of the files of `program`, whose texts are in `sources`.
    pub fn of(program: &Program, sources: &SourceMap) -> Index {
        let mut index = Index::default();
        for file in program.files() {
            for item in &file.ast.items {
                index.define(file.id, item);
            }
        }
        for file in program.files() {
            let mut walker = Walker {
                index: &mut index,
                file: file.id,
                text: &sources.get(file.id).text,
            };
            for item in &file.ast.items {
                walker.item(item);
            }
        }
        index
    }

    /// The first symbol of one of `kinds` named `name` (in `container`, for a task).
    pub fn find(&self, kinds: &[Kind], name: &str, container: Option<&str>) -> Option<usize> {
        kinds.iter().find_map(|kind| {
            self.symbols.iter().position(|symbol| {
                symbol.kind == *kind
                    && symbol.name == name
                    && (container.is_none() || symbol.container.as_deref() == container)
            })
        })
    }

    /// The symbol whose name is at byte `offset` of `file`, where it is defined or named.
    pub fn at(&self, file: FileId, offset: usize) -> Option<usize> {
        let covers = |span: Span| span.start <= offset && offset <= span.end;
        self.references
            .iter()
            .find(|reference| reference.file == file && covers(reference.span))
            .map(|reference| reference.symbol)
            .or_else(|| {
                self.symbols
                    .iter()
                    .position(|symbol| symbol.file == file && covers(symbol.name_span))
            })
    }

    /// Every place `symbol` is named: its definition first, then each reference.
    pub fn occurrences(&self, symbol: usize) -> Vec<(FileId, Span)> {
        let defined = &self.symbols[symbol];
        std::iter::once((defined.file, defined.name_span))
            .chain(
                self.references
                    .iter()
                    .filter(|reference| reference.symbol == symbol)
                    .map(|reference| (reference.file, reference.span)),
            )
            .collect()
    }

    fn define(&mut self, file: FileId, item: &ast::Item) {
        let doc = item.doc.as_ref().map(|doc| doc.text.clone());
        let mut add = |kind, name: &ast::Ident, container: Option<&str>, span, doc| {
            self.symbols.push(Symbol {
                kind,
                name: name.name.clone(),
                container: container.map(str::to_string),
                file,
                name_span: name.span,
                span,
                doc,
            });
        };
        match &item.kind {
            ItemKind::Param(param) => add(Kind::Param, &param.name, None, item.span, doc),
            ItemKind::Unit(unit) => add(Kind::Unit, &unit.name, None, item.span, doc),
            ItemKind::Market(market) => add(Kind::Market, &market.name, None, item.span, doc),
            ItemKind::Channel(channel) => add(Kind::Channel, &channel.name, None, item.span, doc),
            ItemKind::Scenario(scenario) => {
                add(Kind::Scenario, &scenario.name, None, item.span, doc)
            }
            ItemKind::Constraint(ast::Constraint {
                name: Some(name), ..
            }) => add(Kind::Constraint, name, None, item.span, doc),
            ItemKind::Archetype(Archetype::Channel { name, .. }) => {
                add(Kind::ChannelArchetype, name, None, item.span, doc)
            }
            ItemKind::Archetype(Archetype::Pricing { name, .. }) => {
                add(Kind::PricingArchetype, name, None, item.span, doc)
            }
            ItemKind::Pricing(pricing) => {
                for option in &pricing.options {
                    let doc = option.doc.as_ref().map(|doc| doc.text.clone());
                    let market = Some(pricing.market.name.as_str());
                    add(Kind::PricingOption, &option.name, market, option.span, doc);
                }
            }
            ItemKind::Stage(stage) => {
                add(Kind::Stage, &stage.name, None, item.span, doc);
                for statement in &stage.attrs {
                    if let StageAttr::Task(task) = &statement.kind {
                        let doc = task.doc.as_ref().map(|doc| doc.text.clone());
                        let container = Some(stage.name.name.as_str());
                        add(Kind::Task, &task.name, container, statement.span, doc);
                    }
                }
            }
            ItemKind::Strategy(_)
            | ItemKind::Use(_)
            | ItemKind::Objective(_)
            | ItemKind::Constraint(_)
            | ItemKind::Pareto(_) => {}
        }
    }
}

/// The walk over one file's items that records its references.
struct Walker<'a> {
    index: &'a mut Index,
    file: FileId,
    text: &'a str,
}

/// What a lone name in an expression may be.
const IN_EXPRESSIONS: &[Kind] = &[Kind::Param, Kind::Market, Kind::Channel, Kind::Stage];

impl Walker<'_> {
    fn refer(&mut self, kinds: &[Kind], name: &ast::Ident, container: Option<&str>) -> bool {
        let Some(symbol) = self.index.find(kinds, &name.name, container) else {
            return false;
        };
        self.index.references.push(Reference {
            symbol,
            file: self.file,
            span: name.span,
        });
        true
    }

    fn item(&mut self, item: &ast::Item) {
        match &item.kind {
            ItemKind::Strategy(strategy) => {
                for statement in &strategy.attrs {
                    if let StrategyAttr::Horizon(expr) | StrategyAttr::Budget(expr) =
                        &statement.kind
                    {
                        self.expr(expr);
                    }
                }
            }
            ItemKind::Use(ast::Use::Library { names, .. }) => {
                for name in names {
                    self.refer(
                        &[Kind::ChannelArchetype, Kind::PricingArchetype],
                        name,
                        None,
                    );
                }
            }
            ItemKind::Use(ast::Use::File(_)) | ItemKind::Unit(_) => {}
            ItemKind::Param(param) => self.expr(&param.value),
            ItemKind::Market(market) => {
                for statement in &market.attrs {
                    match &statement.kind {
                        MarketAttr::Size(expr)
                        | MarketAttr::Price(expr)
                        | MarketAttr::Usage(expr)
                        | MarketAttr::Competitor { share: expr, .. } => self.expr(expr),
                        MarketAttr::Title(_) | MarketAttr::Domain(_) => {}
                    }
                }
            }
            ItemKind::Pricing(pricing) => {
                self.refer(&[Kind::Market], &pricing.market, None);
                for option in &pricing.options {
                    if let Some(archetype) = &option.archetype {
                        self.refer(&[Kind::PricingArchetype], archetype, None);
                    }
                    self.option_attrs(&option.attrs);
                }
            }
            ItemKind::Channel(channel) => {
                if let Some(archetype) = &channel.archetype {
                    self.refer(&[Kind::ChannelArchetype], archetype, None);
                }
                self.channel_attrs(&channel.attrs);
            }
            ItemKind::Stage(stage) => self.stage(stage),
            ItemKind::Objective(objective) => {
                for term in &objective.terms {
                    self.expr(&term.expr);
                    self.exprs([&term.weight, &term.within].into_iter().flatten());
                }
            }
            ItemKind::Constraint(constraint) => match &constraint.body {
                ConstraintBody::Compare { lhs, rhs, .. } | ConstraintBody::Implies { lhs, rhs } => {
                    self.exprs([lhs, rhs])
                }
            },
            ItemKind::Scenario(scenario) => {
                for written in &scenario.overrides {
                    self.refer(&[Kind::Param], &written.param, None);
                    self.expr(&written.value);
                }
            }
            ItemKind::Pareto(pareto) => self.exprs([&pareto.first, &pareto.second]),
            ItemKind::Archetype(Archetype::Channel { attrs, .. }) => self.channel_attrs(attrs),
            ItemKind::Archetype(Archetype::Pricing { attrs, .. }) => self.option_attrs(attrs),
        }
    }

    fn stage(&mut self, stage: &ast::Stage) {
        for before in stage.after.iter().flatten() {
            self.refer(&[Kind::Stage], before, None);
        }
        for statement in &stage.attrs {
            match &statement.kind {
                StageAttr::Title(_) => {}
                StageAttr::BudgetMax(expr) => self.expr(expr),
                StageAttr::Task(task) => {
                    for attr in &task.attrs {
                        match &attr.kind {
                            TaskAttr::Duration(expr) | TaskAttr::Cost(expr) => self.expr(expr),
                            TaskAttr::After(paths) => self.after(paths, Some(&stage.name.name)),
                        }
                    }
                }
                StageAttr::Satisfaction(curve) | StageAttr::Tech(curve) => {
                    for attr in &curve.attrs {
                        match &attr.kind {
                            CurveAttr::Base(expr) | CurveAttr::Load(expr) => self.expr(expr),
                            CurveAttr::Response(response) => self.response(response),
                        }
                    }
                }
            }
        }
    }

    fn channel_attrs(&mut self, attrs: &[ast::Stmt<ChannelAttr>]) {
        for statement in attrs {
            match &statement.kind {
                ChannelAttr::Title(_) => {}
                ChannelAttr::Reaches(reaches) => {
                    for reach in reaches {
                        self.refer(&[Kind::Market], &reach.market, None);
                        self.exprs(reach.split.iter());
                    }
                }
                ChannelAttr::Setup(expr)
                | ChannelAttr::Lead(expr)
                | ChannelAttr::RevenueShare(expr)
                | ChannelAttr::SpendMin(expr)
                | ChannelAttr::SpendMax(expr) => self.expr(expr),
                ChannelAttr::After(paths) => self.after(paths, None),
                ChannelAttr::Response(response) => self.response(response),
            }
        }
    }

    fn option_attrs(&mut self, attrs: &[ast::Stmt<OptionAttr>]) {
        for statement in attrs {
            match &statement.kind {
                OptionAttr::Price(expr)
                | OptionAttr::Usage(expr)
                | OptionAttr::Conversion(expr) => self.expr(expr),
            }
        }
    }

    fn response(&mut self, response: &ast::Response) {
        if let Some(market) = &response.market {
            self.refer(&[Kind::Market], market, None);
        }
        for point in &response.points {
            self.exprs([&point.spend, &point.value]);
        }
    }

    /// An `after` list: stages, tasks (`research.interviews`, or a task of `stage`) and
    /// channels.
    fn after(&mut self, paths: &[ast::Path], stage: Option<&str>) {
        for path in paths {
            match path.segments.as_slice() {
                [name] => {
                    let found = self.refer(&[Kind::Stage, Kind::Channel], name, None);
                    if !found && stage.is_some() {
                        self.refer(&[Kind::Task], name, stage);
                    }
                }
                [stage, task] => {
                    self.refer(&[Kind::Stage], stage, None);
                    self.refer(&[Kind::Task], task, Some(&stage.name));
                }
                _ => {}
            }
        }
    }

    fn exprs<'e>(&mut self, exprs: impl IntoIterator<Item = &'e Expr>) {
        for expr in exprs {
            self.expr(expr);
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Quantity(quantity) => {
                for factor in quantity.unit.iter().flat_map(|unit| &unit.factors) {
                    if let UnitWord::Count(word) = &factor.word {
                        self.unit_word(word, factor.span);
                    }
                }
            }
            ExprKind::Path(path) => match path.segments.as_slice() {
                [name] => {
                    self.refer(IN_EXPRESSIONS, name, None);
                }
                [first, second, ..] => {
                    if self.refer(&[Kind::Stage], first, None) {
                        self.refer(&[Kind::Task], second, Some(&first.name));
                    } else {
                        self.refer(&[Kind::Market, Kind::Channel], first, None);
                    }
                }
                [] => {}
            },
            ExprKind::Call { args, .. } => self.exprs(args),
            ExprKind::Neg(inner) => self.expr(inner),
            ExprKind::Sum { first, rest } => {
                self.expr(first);
                self.exprs(rest.iter().map(|(_, term)| term));
            }
            ExprKind::Product { first, rest } => {
                self.expr(first);
                self.exprs(rest.iter().map(|(_, factor)| factor));
            }
        }
    }

    /// A count unit's word inside a unit factor (`per 1k tokens`): the reference is the
    /// word alone.
    fn unit_word(&mut self, word: &str, factor: Span) {
        let Some(written) = self.text.get(factor.start..factor.end) else {
            return;
        };
        let Some(at) = written.rfind(word) else {
            return;
        };
        let start = factor.start + at;
        let name = ast::Ident {
            name: word.to_string(),
            span: Span::new(start, start + word.len()),
        };
        self.refer(&[Kind::Unit], &name, None);
    }
}
