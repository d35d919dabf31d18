//! The resolved model: a checked strategy, its names resolved, its values normalised.
//!
//! This is what the schedule and the optimiser read. Money is in the strategy's currency
//! units, durations in months, percents as fractions, prices per month. Expressions of
//! constraints and objectives are linear ([`LinExpr`]) over the built-in decision
//! quantities ([`Var`]). Every item keeps where it was written ([`Loc`]) for diagnostics.

mod curve;
mod linear;
mod robust;
mod uncertain;
mod units;

pub use curve::{Curve, CurvePoint};
pub use linear::{LinExpr, Var};
pub use robust::{Robust, RobustMeasure};
pub use uncertain::{CurveOf, Distribution, Draws, Target, Uncertain};
pub use units::{CountUnit, CountUnitId, CountUnits, Dim, MAX_COUNT_UNITS};

use crate::locale::Locale;
use crate::source::{FileId, Span};

/// Where something was written: a file and a span in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

/// A number together with where it was written, for requirements that diagnostics (an
/// infeasibility report, say) point back at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub loc: Loc,
}

/// The index of a market in [`Model::markets`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MarketId(pub usize);

/// The index of a channel in [`Model::channels`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChannelId(pub usize);

/// A checked strategy.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub title: String,
    pub doc: Option<String>,
    /// The ISO 4217 code of the one currency.
    pub currency: String,
    /// The horizon H, in months.
    pub horizon: Bound,
    pub budget: Bound,
    /// The start date (year, month, day), if given.
    pub start: Option<(u16, u8, u8)>,
    /// The count units it declares (`unit tokens`), which dimensions refer to by place.
    pub units: CountUnits,
    /// The language of the plans: the strategy's `locale`, English by default.
    pub locale: &'static Locale,
    pub params: Vec<Param>,
    pub markets: Vec<Market>,
    pub channels: Vec<Channel>,
    /// The six stages, in [`StageKind::ALL`] order.
    pub stages: Vec<Stage>,
    pub satisfaction: Option<Satisfaction>,
    pub tech: Option<Tech>,
    pub objective: Objective,
    pub constraints: Vec<Constraint>,
    pub scenarios: Vec<Scenario>,
    pub pareto: Option<Pareto>,
    /// The numbers written as ranges, in the order they were met; the model holds each at
    /// its most likely value. Empty for a strategy without ranges.
    pub uncertain: Vec<Uncertain>,
}

impl Model {
    /// The stage of this kind.
    pub fn stage(&self, kind: StageKind) -> &Stage {
        &self.stages[kind as usize]
    }

    /// How to write a value of `dim` in this strategy: `USD/year`, `CNY/call`.
    pub fn unit_text(&self, dim: Dim) -> String {
        dim.unit_text(&self.currency, &self.units)
    }

    /// The fixed costs F: every task's cost.
    pub fn fixed_costs(&self) -> f64 {
        self.stages
            .iter()
            .flat_map(|stage| &stage.tasks)
            .map(|task| task.cost)
            .sum()
    }
}

/// `param name = value`, at its value for this model.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub name: String,
    pub doc: Option<String>,
    pub value: f64,
    pub dim: Dim,
    /// Whether it is written as a percent (`100%`): the plans show it as one.
    pub percent: bool,
    pub loc: Loc,
}

/// A market with its pricing options.
#[derive(Clone, Debug, PartialEq)]
pub struct Market {
    pub id: String,
    pub title: Option<String>,
    pub domain: Option<String>,
    pub doc: Option<String>,
    /// N_m, in customers.
    pub size: f64,
    pub competitors: Vec<Competitor>,
    /// The options one of which is chosen; a `price` shorthand is one option, `default`.
    pub options: Vec<PricingOption>,
    pub loc: Loc,
}

impl Market {
    /// What a person calls it: its title, or its id when it has none.
    pub fn label(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }

    /// cap_m = N_m (1 − Σ κ_m): the customers left after competitors.
    pub fn cap(&self) -> f64 {
        let taken: f64 = self.competitors.iter().map(|c| c.share).sum();
        self.size * (1.0 - taken)
    }
}

/// A competitor holding a share of a market.
#[derive(Clone, Debug, PartialEq)]
pub struct Competitor {
    pub name: String,
    /// κ, as a fraction.
    pub share: f64,
}

/// One pricing option of a market.
#[derive(Clone, Debug, PartialEq)]
pub struct PricingOption {
    pub id: String,
    pub doc: Option<String>,
    /// p_mo, in currency units per customer per month: for a price per a count unit,
    /// the unit price times the usage.
    pub monthly_price: f64,
    /// The price per a count unit and the usage it was worked out from, when it is one.
    pub unit_price: Option<UnitPrice>,
    /// γ_mo, as a fraction.
    pub conversion: f64,
    pub loc: Loc,
}

/// A price per a count unit with the usage that makes it a monthly price:
/// `price 0.012 USD per 1k tokens; usage 40M tokens/month` is 480 USD/month.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitPrice {
    /// The price of `per` units, as written: 0.012.
    pub amount: f64,
    /// How many units `amount` pays for: 1000 for `per 1k tokens`, 1 for `per call`.
    pub per: f64,
    pub unit: CountUnitId,
    /// The units one customer uses per month: 40M.
    pub usage_per_month: f64,
}

/// A channel with its defaults from an archetype already applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Channel {
    pub id: String,
    pub title: Option<String>,
    pub doc: Option<String>,
    pub archetype: Option<String>,
    /// S_c, the setup cost paid when the channel is opened.
    pub setup: f64,
    /// ρ_c, as a fraction.
    pub revenue_share: f64,
    /// The open task's duration, in months.
    pub lead: f64,
    /// lo_c, with where it was written.
    pub spend_min: Option<Bound>,
    /// `spend max` as written (hi_c is the smaller of it and the last response point).
    pub spend_max: Option<f64>,
    /// σ_cm: the split of the shared curve's customers, summing to 1.
    pub reaches: Vec<Reach>,
    pub after: Vec<Dependency>,
    /// The shared curve, (s_k, v_k) in currency units and customers; empty when the
    /// channel has only curves of its markets' own.
    pub response: Curve,
    /// `response M { … }`: markets with a curve of their own, driven by the same spend.
    pub market_responses: Vec<MarketResponse>,
    pub loc: Loc,
}

/// A market's own response curve in a channel.
#[derive(Clone, Debug, PartialEq)]
pub struct MarketResponse {
    pub market: MarketId,
    pub curve: Curve,
    pub loc: Loc,
}

/// A market a channel wins customers in: the curve that brings them, and the part of that
/// curve's customers the market gets (its split of a shared curve, or all of its own).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Audience<'a> {
    pub market: MarketId,
    pub curve: &'a Curve,
    pub split: f64,
}

impl Channel {
    /// What a person calls it: its title, or its id when it has none.
    pub fn label(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }

    /// hi_c: the smaller of `spend max` and the last spend point of its longest curve.
    pub fn spend_cap(&self) -> f64 {
        let last = self.curves().map(Curve::last_spend).fold(0.0, f64::max);
        self.spend_max.map_or(last, |max| max.min(last))
    }

    /// Its curves: the shared one (when it has one) and each market's own.
    pub fn curves(&self) -> impl Iterator<Item = &Curve> {
        let shared = (!self.response.is_empty()).then_some(&self.response);
        shared
            .into_iter()
            .chain(self.market_responses.iter().map(|own| &own.curve))
    }

    /// Each market it wins customers in, with the curve that brings them: the markets of
    /// `reaches` with their split of the shared curve, then those with a curve of their own.
    pub fn audiences(&self) -> impl Iterator<Item = Audience<'_>> {
        let shared = self.reaches.iter().map(|reach| Audience {
            market: reach.market,
            curve: &self.response,
            split: reach.split,
        });
        let own = self.market_responses.iter().map(|own| Audience {
            market: own.market,
            curve: &own.curve,
            split: 1.0,
        });
        shared.chain(own)
    }

    /// lo_c, zero when no minimum is set.
    pub fn spend_floor(&self) -> f64 {
        self.spend_min.map_or(0.0, |bound| bound.value)
    }
}

/// A market a channel reaches, with its split.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reach {
    pub market: MarketId,
    pub split: f64,
}

/// Something a task or a channel waits for.
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    pub target: Waits,
    pub loc: Loc,
}

/// What a dependency waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Waits {
    /// The finish of a whole stage.
    Stage(StageKind),
    /// The finish of a task: its stage and its index there.
    Task(StageKind, usize),
    /// A channel's go-live, the finish of its opening; nothing when it stays closed.
    Channel(ChannelId),
}

/// The six stages of a launch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StageKind {
    Research,
    Channels,
    Model,
    Promotion,
    Service,
    Iteration,
}

impl StageKind {
    /// All six, in the default order.
    pub const ALL: [StageKind; 6] = [
        StageKind::Research,
        StageKind::Channels,
        StageKind::Model,
        StageKind::Promotion,
        StageKind::Service,
        StageKind::Iteration,
    ];

    /// The keyword that names it.
    pub fn name(self) -> &'static str {
        match self {
            StageKind::Research => "research",
            StageKind::Channels => "channels",
            StageKind::Model => "model",
            StageKind::Promotion => "promotion",
            StageKind::Service => "service",
            StageKind::Iteration => "iteration",
        }
    }

    /// The stage named by a keyword.
    pub fn from_name(name: &str) -> Option<StageKind> {
        StageKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// Its predecessor in the default chain.
    pub fn default_predecessor(self) -> Option<StageKind> {
        let index = self as usize;
        index
            .checked_sub(1)
            .map(|previous| StageKind::ALL[previous])
    }
}

/// A stage: its predecessors, tasks and budget cap.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub kind: StageKind,
    /// The `title`, if it has one.
    pub title: Option<String>,
    /// The default chain's predecessor, or the `after` list that replaced it.
    pub predecessors: Vec<Predecessor>,
    pub tasks: Vec<Task>,
    pub budget_max: Option<Bound>,
    /// Where the stage block was written, if it was.
    pub loc: Option<Loc>,
}

impl Stage {
    /// What a person calls it: its title, or its keyword when it has none.
    pub fn label(&self) -> &str {
        self.title.as_deref().unwrap_or(self.kind.name())
    }
}

/// What a stage starts after: another stage, or a channel's go-live.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Predecessor {
    /// A [`Waits::Stage`] or a [`Waits::Channel`].
    pub target: Waits,
    /// Where the `after` list names it; `None` for the default chain.
    pub loc: Option<Loc>,
}

/// A task of a stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub id: String,
    pub title: Option<String>,
    pub doc: Option<String>,
    /// In months.
    pub duration: f64,
    pub cost: f64,
    pub after: Vec<Dependency>,
    pub loc: Loc,
}

impl Task {
    /// What a person calls it: its title, or its id when it has none.
    pub fn label(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }
}

/// The satisfaction curve of the `service` stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Satisfaction {
    /// Satisfaction lost per customer served.
    pub load: f64,
    /// Satisfaction against service spend, from (0, base).
    pub curve: Curve,
    pub loc: Loc,
}

/// The tech curve of the `iteration` stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Tech {
    /// The tech score against iteration spend, from (0, base).
    pub curve: Curve,
    pub loc: Loc,
}

/// What the optimiser pursues.
#[derive(Clone, Debug, PartialEq)]
pub struct Objective {
    pub kind: ObjectiveKind,
    pub terms: Vec<Term>,
    /// How a single objective is read over samples of the ranges, when it is robust.
    pub robust: Option<Robust>,
}

pub use crate::syntax::ast::{CompareOp, ObjectiveKind, Sense};

/// One term of an objective.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub sense: Sense,
    pub quantity: Quantity,
    /// w_i for weighted objectives (1 when not written).
    pub weight: f64,
    /// The relative tolerance of a lexicographic term (0 when not written).
    pub within: f64,
    pub loc: Loc,
}

/// A linear quantity as written in the source, with its dimension.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub expr: LinExpr,
    pub dim: Dim,
    /// The source text, spaces collapsed: `revenue(aws)`.
    pub text: String,
}

/// A user constraint.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    pub name: Option<String>,
    pub kind: ConstraintKind,
    /// The requirement as written, spaces collapsed: `revenue(aws) <= 60% * revenue`.
    pub text: String,
    /// Whether it holds in every sample of a robust program (`in every sample`), not only
    /// at the most likely values.
    pub every_sample: bool,
    pub loc: Loc,
}

impl Constraint {
    /// Its name as written, or `constraint_N` for the N-th constraint when unnamed.
    pub fn label(&self, index: usize) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("constraint_{}", index + 1))
    }
}

/// What a constraint requires.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstraintKind {
    /// lhs op rhs, both of dimension `dim`.
    Compare {
        lhs: LinExpr,
        op: CompareOp,
        rhs: LinExpr,
        dim: Dim,
    },
    /// `active(from) => active(to)`: y_from ≤ y_to.
    Implies { from: ChannelId, to: ChannelId },
}

/// A named set of param overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub doc: Option<String>,
    pub loc: Loc,
}

/// `pareto a, b points n`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pareto {
    pub first: Quantity,
    pub second: Quantity,
    pub points: u32,
    pub loc: Loc,
}

impl Pareto {
    /// The most points a frontier may ask for (contract §3): each is a full solve.
    pub const MAX_POINTS: u32 = 100;
}
