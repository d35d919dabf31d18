//! The optimisation model of contract §5 as a [`Milp`].
//!
//! Per channel c: y_c (open), promotion spend x_c = Σ_k δ_ck over the segments between its
//! curves' breakpoints (`segments`), lo_c·y_c ≤ x_c ≤ hi_c·y_c. Per market m and option o:
//! z_mo, one per market. Customers served u_cmo ≤ γ_mo·w_cm, the customers the spend wins
//! there (`customers`); Σ_c,o u_cmo ≤ cap_m. Service and iteration spend run along their
//! curves' segments. Each solve's program is made exact where its goal or a requirement
//! could want fewer of a curve's customers or less of its output (`exact`). The budget, stage budgets,
//! spend minimums and the user's constraints are rows tagged as requirements, so that the
//! infeasibility filter can drop them. Values are scaled to numbers near 1 (`frame`). A
//! robust program adds a copy of the outcome rows per sample of the ranges (`samples`).

mod customers;
mod exact;
mod frame;
mod samples;
mod segments;

pub use customers::Serve;
use frame::Frame;
pub use samples::{Sample, SampleCopy};
pub use segments::Segments;

use crate::locale::Locale;
use crate::model::{
    ChannelId, CompareOp, ConstraintKind, Curve, Dim, LinExpr, Loc, Model, StageKind, Var,
};
use crate::schedule::Schedule;

use super::milp::{Affine, Milp, Sense, VarId};

/// A user-visible requirement: what the infeasibility report may name.
#[derive(Clone, Debug, PartialEq)]
pub struct Requirement {
    pub kind: RequirementKind,
    pub loc: Loc,
}

/// The kinds of requirement.
#[derive(Clone, Debug, PartialEq)]
pub enum RequirementKind {
    Budget,
    StageBudget(StageKind),
    SpendMin(ChannelId),
    /// A user constraint, by index in the model.
    Constraint(usize),
    /// The bound a lexicographic objective keeps on an earlier term, by term index.
    Lexicographic(usize),
}

impl RequirementKind {
    /// What the requirement is, for tools: `budget`, `stage_budget`, `spend_min`,
    /// `constraint` or `lexicographic`.
    pub fn key(&self) -> &'static str {
        match self {
            RequirementKind::Budget => "budget",
            RequirementKind::StageBudget(_) => "stage_budget",
            RequirementKind::SpendMin(_) => "spend_min",
            RequirementKind::Constraint(_) => "constraint",
            RequirementKind::Lexicographic(_) => "lexicographic",
        }
    }

    /// What it is about: the stage, channel, constraint or objective term, as named in
    /// the source; `None` for the budget.
    pub fn subject(&self, model: &Model) -> Option<String> {
        match self {
            RequirementKind::Budget => None,
            RequirementKind::StageBudget(stage) => Some(stage.name().to_string()),
            RequirementKind::SpendMin(channel) => Some(model.channels[channel.0].id.clone()),
            RequirementKind::Constraint(index) => Some(model.constraints[*index].label(*index)),
            RequirementKind::Lexicographic(index) => {
                Some(model.objective.terms[*index].quantity.text.clone())
            }
        }
    }

    /// The requirement in words: `the budget`, `constraint `tech_bar``.
    pub fn describe(&self, model: &Model, locale: &Locale) -> String {
        match self {
            RequirementKind::Budget => locale.text("requirement_budget").into(),
            RequirementKind::StageBudget(stage) => {
                locale.fill("requirement_stage_budget", &[("stage", stage.name())])
            }
            RequirementKind::SpendMin(channel) => locale.fill(
                "requirement_spend_min",
                &[("channel", &model.channels[channel.0].id)],
            ),
            RequirementKind::Constraint(index) => locale.fill(
                "requirement_constraint",
                &[("constraint", &model.constraints[*index].label(*index))],
            ),
            RequirementKind::Lexicographic(index) => locale.fill(
                "requirement_lexicographic",
                &[
                    ("index", &crate::format::number((index + 1) as f64)),
                    ("term", &model.objective.terms[*index].quantity.text),
                ],
            ),
        }
    }
}

/// A spend that runs along a response curve (service or iteration).
#[derive(Clone, Debug, PartialEq)]
pub struct CurveSpend {
    pub segments: Segments,
    /// The curve's value above its base, Σ_k slope_k·δ_k.
    pub gain: Affine,
    pub base: f64,
}

/// The program of a model, with the variables each decision maps to.
#[derive(Clone, Debug, PartialEq)]
pub struct Formulation {
    pub milp: Milp,
    pub requirements: Vec<Requirement>,
    pub money_scale: f64,
    pub customer_scale: f64,
    /// y_c, by channel.
    pub open: Vec<VarId>,
    /// x_c and its segments δ_ck, by channel.
    pub channel_spend: Vec<Segments>,
    pub pick: Vec<Vec<VarId>>,
    pub serve: Vec<Serve>,
    pub service: Option<CurveSpend>,
    pub iteration: Option<CurveSpend>,
    /// A robust program's samples, each with its own outcome rows (`samples`); none for
    /// a program of the most likely values alone.
    pub samples: Vec<SampleCopy>,
    /// A robust objective's value over the samples, in scaled units of the objective.
    pub robust: Option<Affine>,
    /// The scales and spend caps the program is built in.
    frame: Frame,
    /// cap_m, by market, in scaled customers.
    market_caps: Vec<f64>,
    /// The satisfaction lost per customer served.
    load: f64,
    fixed_costs: f64,
    stage_costs: Vec<f64>,
}

impl Formulation {
    /// The program of `model`, with ramps from `schedule` (every channel opened).
    pub fn new(model: &Model, schedule: &Schedule) -> Formulation {
        Formulation::framed(model, schedule, Frame::of(model))
    }

    /// The program of `model` in `frame`.
    fn framed(model: &Model, schedule: &Schedule, frame: Frame) -> Formulation {
        let customer_scale = frame.customer_scale;
        let mut formulation = Formulation {
            milp: Milp::default(),
            requirements: Vec::new(),
            money_scale: frame.money_scale,
            customer_scale,
            open: Vec::new(),
            channel_spend: Vec::new(),
            pick: Vec::new(),
            serve: Vec::new(),
            service: None,
            iteration: None,
            samples: Vec::new(),
            robust: None,
            market_caps: model
                .markets
                .iter()
                .map(|market| market.cap() / customer_scale)
                .collect(),
            load: model.satisfaction.as_ref().map_or(0.0, |curve| curve.load),
            fixed_costs: model.fixed_costs(),
            stage_costs: model
                .stages
                .iter()
                .map(|stage| stage.tasks.iter().map(|task| task.cost).sum())
                .collect(),
            frame,
        };
        formulation.channels(model);
        formulation.markets(model);
        formulation.customers(model, schedule);
        let (service_cap, iteration_cap) = (
            formulation.frame.service_cap,
            formulation.frame.iteration_cap,
        );
        formulation.service = model.satisfaction.as_ref().map(|satisfaction| {
            formulation.curve_spend("service", &satisfaction.curve, service_cap)
        });
        formulation.iteration = model
            .tech
            .as_ref()
            .map(|tech| formulation.curve_spend("iteration", &tech.curve, iteration_cap));
        formulation.budgets(model);
        formulation.constraints(model);
        formulation
    }

    /// One unit of a scaled value of dimension `dim` in the strategy's units.
    pub fn unit_scale(&self, dim: Dim) -> f64 {
        self.money_scale.powi(i32::from(dim.money))
            * self.customer_scale.powi(i32::from(dim.customers))
    }

    fn channels(&mut self, model: &Model) {
        let ms = self.money_scale;
        for (index, channel) in model.channels.iter().enumerate() {
            let id = &channel.id;
            let open = self.milp.add_var(format!("open_{id}"), 0.0, 1.0, true, 1.0);
            let cap = self.frame.channel_caps[index];
            let curves: Vec<&Curve> = channel.curves().collect();
            let name = format!("spend_{id}");
            let segments = Segments::add(&mut self.milp, &name, &curves, cap, ms);
            for (k, &segment) in segments.vars.iter().enumerate() {
                // δ_ck ≤ width·y_c adds nothing to the model (x_c ≤ hi_c·y_c already closes
                // a shut channel) but makes the relaxation of one channel exact, which spares
                // the solver most of its branching.
                let mut linked = Affine::term(segment, 1.0);
                linked.add_term(open, -segments.width(k));
                self.milp.add_row(
                    format!("{name}_seg{}_open", k + 1),
                    linked,
                    Sense::AtMost,
                    0.0,
                    ms,
                    None,
                );
            }
            let spend = segments.spend;
            let mut at_most = Affine::term(spend, 1.0);
            at_most.add_term(open, -cap / ms);
            self.milp.add_row(
                format!("spend_max_{id}"),
                at_most,
                Sense::AtMost,
                0.0,
                ms,
                None,
            );
            if let Some(min) = channel.spend_min.filter(|min| min.value > 0.0) {
                let requirement =
                    self.requirement(RequirementKind::SpendMin(ChannelId(index)), min.loc);
                let mut at_least = Affine::term(spend, 1.0);
                at_least.add_term(open, -min.value / ms);
                self.milp.add_row(
                    format!("spend_min_{id}"),
                    at_least,
                    Sense::AtLeast,
                    0.0,
                    ms,
                    Some(requirement),
                );
            }
            self.open.push(open);
            self.channel_spend.push(segments);
        }
    }

    fn markets(&mut self, model: &Model) {
        for market in &model.markets {
            let picks: Vec<VarId> = market
                .options
                .iter()
                .map(|option| {
                    self.milp.add_var(
                        format!("price_{}_{}", market.id, option.id),
                        0.0,
                        1.0,
                        true,
                        1.0,
                    )
                })
                .collect();
            if !picks.is_empty() {
                let mut one = Affine::default();
                picks.iter().for_each(|&pick| one.add_term(pick, 1.0));
                self.milp.add_row(
                    format!("pricing_{}", market.id),
                    one,
                    Sense::Equal,
                    1.0,
                    1.0,
                    None,
                );
            }
            self.pick.push(picks);
        }
    }

    fn curve_spend(&mut self, stage: &str, curve: &Curve, cap: f64) -> CurveSpend {
        let name = format!("spend_{stage}");
        let segments = Segments::add(&mut self.milp, &name, &[curve], cap, self.money_scale);
        CurveSpend {
            gain: segments.gain(curve, 1.0),
            segments,
            base: curve.base,
        }
    }

    fn budgets(&mut self, model: &Model) {
        let ms = self.money_scale;
        let requirement = self.requirement(RequirementKind::Budget, model.budget.loc);
        let total = self.var_affine(model, Var::Spend);
        self.milp.add_row(
            "budget".into(),
            total,
            Sense::AtMost,
            model.budget.value / ms,
            ms,
            Some(requirement),
        );
        for stage in &model.stages {
            let Some(cap) = stage.budget_max else {
                continue;
            };
            let requirement = self.requirement(RequirementKind::StageBudget(stage.kind), cap.loc);
            let spend = self.var_affine(model, Var::SpendStage(stage.kind));
            let name = format!("budget_{}", stage.kind.name());
            self.milp.add_row(
                name,
                spend,
                Sense::AtMost,
                cap.value / ms,
                ms,
                Some(requirement),
            );
        }
    }

    fn constraints(&mut self, model: &Model) {
        for (index, constraint) in model.constraints.iter().enumerate() {
            let requirement = self.requirement(RequirementKind::Constraint(index), constraint.loc);
            let name = constraint.label(index);
            match &constraint.kind {
                ConstraintKind::Compare { lhs, op, rhs, dim } => {
                    let difference = self.quantity(model, &lhs.clone().minus(rhs.clone()), *dim);
                    let sense = match op {
                        CompareOp::AtLeast => Sense::AtLeast,
                        CompareOp::AtMost => Sense::AtMost,
                        CompareOp::Equal => Sense::Equal,
                    };
                    let scale = self.unit_scale(*dim);
                    self.milp
                        .add_row(name, difference, sense, 0.0, scale, Some(requirement));
                }
                ConstraintKind::Implies { from, to } => {
                    let mut implies = Affine::term(self.open[from.0], 1.0);
                    implies.add_term(self.open[to.0], -1.0);
                    self.milp
                        .add_row(name, implies, Sense::AtMost, 0.0, 1.0, Some(requirement));
                }
            }
        }
    }

    fn requirement(&mut self, kind: RequirementKind, loc: Loc) -> usize {
        self.requirements.push(Requirement { kind, loc });
        self.requirements.len() - 1
    }

    /// A model expression of dimension `dim`, in scaled units of `dim`.
    pub fn quantity(&self, model: &Model, expr: &LinExpr, dim: Dim) -> Affine {
        let unit = self.unit_scale(dim);
        let mut affine = Affine::constant(expr.constant / unit);
        for &(var, coefficient) in &expr.terms {
            let factor = coefficient * self.unit_scale(var_dim(var)) / unit;
            affine.add_scaled(&self.var_affine(model, var), factor);
        }
        affine.merged()
    }

    /// A built-in quantity in scaled units of its dimension.
    pub fn var_affine(&self, model: &Model, var: Var) -> Affine {
        let (ms, cs) = (self.money_scale, self.customer_scale);
        let mut affine = Affine::default();
        match var {
            Var::Spend => {
                affine.constant = self.fixed_costs / ms;
                for index in 0..model.channels.len() {
                    affine.add_scaled(
                        &self.var_affine(model, Var::SpendChannel(ChannelId(index))),
                        1.0,
                    );
                }
                for curve in self.service.iter().chain(&self.iteration) {
                    affine.add_term(curve.segments.spend, 1.0);
                }
            }
            Var::SpendChannel(channel) => {
                affine.add_term(self.open[channel.0], model.channels[channel.0].setup / ms);
                affine.add_term(self.channel_spend[channel.0].spend, 1.0);
            }
            Var::SpendStage(kind) => {
                affine.constant = self.stage_costs[kind as usize] / ms;
                match kind {
                    StageKind::Channels => {
                        for (index, channel) in model.channels.iter().enumerate() {
                            affine.add_term(self.open[index], channel.setup / ms);
                        }
                    }
                    StageKind::Promotion => self
                        .channel_spend
                        .iter()
                        .for_each(|segments| affine.add_term(segments.spend, 1.0)),
                    StageKind::Service => self
                        .service
                        .iter()
                        .for_each(|curve| affine.add_term(curve.segments.spend, 1.0)),
                    StageKind::Iteration => self
                        .iteration
                        .iter()
                        .for_each(|curve| affine.add_term(curve.segments.spend, 1.0)),
                    StageKind::Research | StageKind::Model => {}
                }
            }
            Var::Customers => self
                .serve
                .iter()
                .for_each(|serve| affine.add_term(serve.var, 1.0)),
            Var::CustomersChannel(channel) => {
                self.served(&mut affine, |serve| serve.channel == channel, |_| 1.0)
            }
            Var::CustomersMarket(market) => {
                self.served(&mut affine, |serve| serve.market == market, |_| 1.0)
            }
            Var::Revenue => self.served(
                &mut affine,
                |_| true,
                |serve| monthly_revenue(model, serve) * cs / ms,
            ),
            Var::RevenueChannel(channel) => {
                self.served(
                    &mut affine,
                    |serve| serve.channel == channel,
                    |serve| monthly_revenue(model, serve) * cs / ms,
                );
            }
            Var::RevenueMarket(market) => {
                self.served(
                    &mut affine,
                    |serve| serve.market == market,
                    |serve| monthly_revenue(model, serve) * cs / ms,
                );
            }
            Var::Share => {
                let total: f64 = model.markets.iter().map(|market| market.size).sum();
                if total > 0.0 {
                    self.served(&mut affine, |_| true, |_| cs / total);
                }
            }
            Var::ShareMarket(market) => {
                let size = model.markets[market.0].size;
                if size > 0.0 {
                    self.served(&mut affine, |serve| serve.market == market, |_| cs / size);
                }
            }
            Var::Satisfaction => {
                if let Some(curve) = &self.service {
                    add_curve(&mut affine, curve);
                }
                let load = self.load;
                self.served(&mut affine, |_| true, |_| -load * cs);
            }
            Var::Tech => {
                if let Some(curve) = &self.iteration {
                    add_curve(&mut affine, curve);
                }
            }
            Var::Active(channel) => affine.add_term(self.open[channel.0], 1.0),
            Var::ActiveChannels => self
                .open
                .iter()
                .for_each(|&open| affine.add_term(open, 1.0)),
        }
        affine.merged()
    }

    fn served(
        &self,
        affine: &mut Affine,
        which: impl Fn(&Serve) -> bool,
        coefficient: impl Fn(&Serve) -> f64,
    ) {
        for serve in self.serve.iter().filter(|serve| which(serve)) {
            affine.add_term(serve.var, coefficient(serve));
        }
    }
}

/// base + Σ_k slope_k δ_k.
fn add_curve(affine: &mut Affine, curve: &CurveSpend) {
    affine.constant += curve.base;
    affine.add_scaled(&curve.gain, 1.0);
}

/// p_mo (1 − ρ_c): the monthly revenue of one customer served by this u_cmo.
fn monthly_revenue(model: &Model, serve: &Serve) -> f64 {
    let price = model.markets[serve.market.0].options[serve.option].monthly_price;
    price * (1.0 - model.channels[serve.channel.0].revenue_share)
}

/// The dimension of a built-in quantity.
pub fn var_dim(var: Var) -> Dim {
    var.dim()
}
