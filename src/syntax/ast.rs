//! The abstract syntax tree: a strategy as written, with a source span on every node.
//!
//! Nothing here is resolved or checked: names are plain strings and quantities carry the
//! units as written. Statements inside blocks are kept in source order, repeats included,
//! so that the checker can report them.

use crate::source::Span;

/// A parsed file: its items in source order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct File {
    pub items: Vec<Item>,
}

/// A name as written, such as `aws_marketplace`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A string literal with its escapes decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub span: Span,
}

/// A calendar date such as `2027-01-04`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub span: Span,
}

/// A `///` doc comment: its lines joined by newlines, without the slashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub text: String,
    pub span: Span,
}

/// A statement inside a block, such as `setup 40k USD` in a channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt<K> {
    pub kind: K,
    pub span: Span,
}

/// A top-level item with its doc comment.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub doc: Option<Doc>,
    pub kind: ItemKind,
    pub span: Span,
}

/// The kinds of top-level item.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    Strategy(Strategy),
    Use(Use),
    Param(Param),
    Unit(UnitDecl),
    Market(Market),
    Pricing(Pricing),
    Channel(Channel),
    Stage(Stage),
    Objective(Objective),
    Constraint(Constraint),
    Scenario(Scenario),
    Pareto(Pareto),
    Archetype(Archetype),
}

/// `strategy "Title" { currency USD; horizon 12 months; budget 1.2M USD; start 2027-01-04 }`
#[derive(Clone, Debug, PartialEq)]
pub struct Strategy {
    pub title: Str,
    pub attrs: Vec<Stmt<StrategyAttr>>,
}

/// A statement of the `strategy` block.
#[derive(Clone, Debug, PartialEq)]
pub enum StrategyAttr {
    Currency(Ident),
    Horizon(Expr),
    Budget(Expr),
    Start(Date),
    /// `locale zh-CN`: the language of the plans.
    Locale(Ident),
}

/// `use "./file.strat"` or `use std.channels.{a, b}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Use {
    File(Str),
    Library {
        module: Vec<Ident>,
        names: Vec<Ident>,
    },
}

/// `param name = value`: a value the command line and scenarios can override.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: Ident,
    pub value: Expr,
}

/// `unit tokens`: a count unit of the strategy's own.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitDecl {
    pub name: Ident,
}

/// `market name { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Market {
    pub name: Ident,
    pub attrs: Vec<Stmt<MarketAttr>>,
}

/// A statement of a `market` block.
#[derive(Clone, Debug, PartialEq)]
pub enum MarketAttr {
    Title(Str),
    Domain(Ident),
    Size(Expr),
    Competitor { name: Str, share: Expr },
    Price(Expr),
    Usage(Expr),
}

/// `pricing market { option … }`: the options one of which the optimiser picks.
#[derive(Clone, Debug, PartialEq)]
pub struct Pricing {
    pub market: Ident,
    pub options: Vec<PricingOption>,
}

/// `option name : archetype { price …; conversion … }`
#[derive(Clone, Debug, PartialEq)]
pub struct PricingOption {
    pub doc: Option<Doc>,
    pub name: Ident,
    pub archetype: Option<Ident>,
    pub attrs: Vec<Stmt<OptionAttr>>,
    pub span: Span,
}

/// A statement of a pricing option or pricing archetype.
#[derive(Clone, Debug, PartialEq)]
pub enum OptionAttr {
    Price(Expr),
    /// `usage 40M tokens/month`: the count units one customer uses, beside a price per
    /// such a unit.
    Usage(Expr),
    Conversion(Expr),
}

/// `channel name : archetype { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    pub name: Ident,
    pub archetype: Option<Ident>,
    pub attrs: Vec<Stmt<ChannelAttr>>,
}

/// A statement of a channel or channel archetype.
#[derive(Clone, Debug, PartialEq)]
pub enum ChannelAttr {
    Title(Str),
    Reaches(Vec<Reach>),
    Setup(Expr),
    Lead(Expr),
    RevenueShare(Expr),
    SpendMin(Expr),
    SpendMax(Expr),
    After(Vec<Path>),
    Response(Response),
}

/// One market in a `reaches` list, with its split of the channel's customers.
#[derive(Clone, Debug, PartialEq)]
pub struct Reach {
    pub market: Ident,
    pub split: Option<Expr>,
    pub span: Span,
}

/// A `response { spend => value; … }` curve, or `response M { … }`: market M's own.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub market: Option<Ident>,
    pub points: Vec<Point>,
    pub span: Span,
}

/// One `spend => value` point of a response curve.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub spend: Expr,
    pub value: Expr,
    pub span: Span,
}

/// `stage name after a, b { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub name: Ident,
    /// The predecessors written after `after`, replacing the default chain.
    pub after: Option<Vec<Ident>>,
    pub attrs: Vec<Stmt<StageAttr>>,
}

/// A statement of a `stage` block.
#[derive(Clone, Debug, PartialEq)]
pub enum StageAttr {
    Title(Str),
    Task(Task),
    BudgetMax(Expr),
    Satisfaction(Curve),
    Tech(Curve),
}

/// `task name "Title" { duration …; cost …; after … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub doc: Option<Doc>,
    pub name: Ident,
    pub title: Option<Str>,
    pub attrs: Vec<Stmt<TaskAttr>>,
}

/// A statement of a `task` block.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskAttr {
    Duration(Expr),
    Cost(Expr),
    After(Vec<Path>),
}

/// A `satisfaction { … }` or `tech { … }` block.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pub attrs: Vec<Stmt<CurveAttr>>,
}

/// A statement of a satisfaction or tech block.
#[derive(Clone, Debug, PartialEq)]
pub enum CurveAttr {
    Base(Expr),
    Load(Expr),
    Response(Response),
}

/// `objective maximize e`, `objective weighted { … }` or `objective lexicographic { … }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    pub kind: ObjectiveKind,
    pub terms: Vec<Term>,
}

/// The three forms of objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectiveKind {
    Single,
    Weighted,
    Lexicographic,
}

/// `maximize e weight w within t`
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub sense: Sense,
    pub expr: Expr,
    pub weight: Option<Expr>,
    pub within: Option<Expr>,
    /// `at p10`, `expected` or `worst`, with `over K samples`: the term read over samples
    /// of the ranges.
    pub robust: Option<Robust>,
    pub span: Span,
}

/// `at p10 over 100 samples`: how a robust objective reads its values over the samples.
#[derive(Clone, Debug, PartialEq)]
pub struct Robust {
    pub measure: RobustMeasure,
    /// The `K` of `over K samples`.
    pub samples: Option<Integer>,
    pub span: Span,
}

/// What a robust objective optimises over the samples.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RobustMeasure {
    /// `at pNN`: the value that all but NN% of the samples reach (the NN-th percentile);
    /// the number as written.
    Percentile(Integer),
    /// `expected`: the mean over the samples.
    Expected,
    /// `worst`: the least favourable sample.
    Worst,
}

/// Whether an objective term is maximised or minimised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sense {
    Maximize,
    Minimize,
}

/// `constraint name: lhs >= rhs` or `constraint name: active(a) => active(b)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    pub name: Option<Ident>,
    pub body: ConstraintBody,
    /// The span of `in every sample`, when written.
    pub every_sample: Option<Span>,
}

/// What a constraint requires.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstraintBody {
    Compare { lhs: Expr, op: CompareOp, rhs: Expr },
    Implies { lhs: Expr, rhs: Expr },
}

/// A comparison operator of a constraint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    AtLeast,
    AtMost,
    Equal,
}

/// `scenario name { param = value; … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: Ident,
    pub overrides: Vec<Override>,
}

/// `param = value` inside a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    pub param: Ident,
    pub value: Expr,
    pub span: Span,
}

/// `pareto a, b points n`
#[derive(Clone, Debug, PartialEq)]
pub struct Pareto {
    pub first: Expr,
    pub second: Expr,
    pub points: Integer,
}

/// A whole number such as the `7` of `points 7`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Integer {
    pub value: u32,
    pub span: Span,
}

/// `archetype channel name { … }` or `archetype pricing name { … }`: named defaults.
#[derive(Clone, Debug, PartialEq)]
pub enum Archetype {
    Channel {
        name: Ident,
        attrs: Vec<Stmt<ChannelAttr>>,
    },
    Pricing {
        name: Ident,
        attrs: Vec<Stmt<OptionAttr>>,
    },
}

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// The kinds of expression. Sums and products are flat lists, so a long chain of terms
/// does not make a deep tree.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A number with an optional unit: `40k USD`, `15%`, `0.0001 per customer`.
    Quantity(Quantity),
    /// A name or a dotted path: `revenue`, `hospitals.size`.
    Path(Path),
    /// A built-in call: `revenue(aws)`, `active(aws)`.
    Call { name: Ident, args: Vec<Expr> },
    /// `-e`
    Neg(Box<Expr>),
    /// `a + b - c`: the first term and the signed rest.
    Sum {
        first: Box<Expr>,
        rest: Vec<(AddOp, Expr)>,
    },
    /// `a * b / c`: the first factor and the rest.
    Product {
        first: Box<Expr>,
        rest: Vec<(MulOp, Expr)>,
    },
}

/// `+` or `-` between terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddOp {
    Add,
    Sub,
}

/// `*` or `/` between factors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MulOp {
    Mul,
    Div,
}

/// A dotted path of names: `research.interviews`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub segments: Vec<Ident>,
    pub span: Span,
}

/// A number literal with its unit as written. `value` has the magnitude suffix applied
/// and a percent divided by 100; for a range it is the most likely value.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub percent: bool,
    pub unit: Option<Unit>,
    /// The range the number was written as (`300..500`), if it was one.
    pub range: Option<Range>,
}

/// An uncertain number as written: `300..500` (uniform between the ends) or `300..400..500`
/// (triangular: low, most likely, high).
#[derive(Clone, Debug, PartialEq)]
pub struct Range {
    pub low: RangeEnd,
    /// The most likely value of a triangular range.
    pub mode: Option<RangeEnd>,
    pub high: RangeEnd,
    pub span: Span,
}

impl Range {
    /// The value a plan uses: the mode, or the middle of a uniform range.
    pub fn most_likely(&self) -> f64 {
        self.mode
            .as_ref()
            .map_or((self.low.value + self.high.value) / 2.0, |mode| mode.value)
    }

    /// Its ends in order: low, the mode if written, high.
    pub fn ends(&self) -> impl Iterator<Item = &RangeEnd> {
        std::iter::once(&self.low)
            .chain(self.mode.as_ref())
            .chain(std::iter::once(&self.high))
    }
}

/// One end (or the mode) of a range: its value with the suffix applied and a percent
/// divided by 100.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeEnd {
    pub value: f64,
    pub percent: bool,
    pub span: Span,
}

/// A unit as written: `USD/month` is `USD` to the power 1 and `month` to the power -1.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub factors: Vec<UnitFactor>,
    pub span: Span,
}

/// One word of a unit with its power (+1, or -1 after `/` or `per`).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitFactor {
    pub word: UnitWord,
    pub power: i8,
    /// The count written after `per`, if any: 1000 in `per 1k tokens`.
    pub count: Option<f64>,
    pub span: Span,
}

/// A unit word, told apart by its spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitWord {
    /// Three capital letters: a currency code such as `USD`.
    Currency(String),
    Customer,
    Time(TimeUnit),
    /// Any other word: a count unit the strategy declares (`tokens`), or a mistake.
    Count(String),
}

impl UnitWord {
    /// The unit word spelled `text`: a unit of time, `customers`, a currency code (three
    /// capital letters), or else a count unit.
    pub fn read(text: &str) -> UnitWord {
        let time = UnitWord::Time;
        match text {
            "day" | "days" => time(TimeUnit::Day),
            "week" | "weeks" => time(TimeUnit::Week),
            "month" | "months" => time(TimeUnit::Month),
            "quarter" | "quarters" => time(TimeUnit::Quarter),
            "year" | "years" => time(TimeUnit::Year),
            "customer" | "customers" => UnitWord::Customer,
            _ if text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase()) => {
                UnitWord::Currency(text.to_string())
            }
            _ => UnitWord::Count(text.to_string()),
        }
    }
}

/// The units of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl TimeUnit {
    /// Its length in months (1 year = 12 months = 4 quarters = 52 weeks = 365 days).
    pub fn months(self) -> f64 {
        match self {
            TimeUnit::Day => 12.0 / 365.0,
            TimeUnit::Week => 12.0 / 52.0,
            TimeUnit::Month => 1.0,
            TimeUnit::Quarter => 3.0,
            TimeUnit::Year => 12.0,
        }
    }
}
