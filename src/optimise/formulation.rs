//! The optimisation model of contract §5 as a [`Milp`].
//!
//! Per channel c: y_c (open), promotion spend x_c = Σ_k δ_ck with each δ_ck bounded by its
//! response segment, lo_c·y_c ≤ x_c ≤ hi_c·y_c. Per market m and option o: z_mo, one per
//! market. Customers served u_cmo ≤ γ_mo·σ_cm·w_c with w_c = ramp(c)·Σ_k slope_ck·δ_ck, and
//! u_cmo ≤ min(cap_m, γ_mo·σ_cm·ramp_c·v_cK)·z_mo (the tightest big-M); Σ_c,o u_cmo ≤ cap_m.
//! Service and iteration spend run along their curves' segments. The budget, stage
//! budgets, spend minimums and the user's constraints are rows tagged as requirements, so
//! that the infeasibility filter can drop them.
//!
//! Money is scaled to units near a hundredth of the budget's magnitude and customers to a
//! hundredth of the largest market's, so that the solver sees numbers near 1.

use crate::model::{
    ChannelId, CompareOp, ConstraintKind, CurvePoint, Dim, LinExpr, Loc, MarketId, Model,
    StageKind, Var,
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
    pub fn describe(&self, model: &Model) -> String {
        match self {
            RequirementKind::Budget => "the budget".into(),
            RequirementKind::StageBudget(stage) => format!("the budget of `{}`", stage.name()),
            RequirementKind::SpendMin(channel) => {
                format!("the spend minimum of `{}`", model.channels[channel.0].id)
            }
            RequirementKind::Constraint(index) => {
                format!("constraint `{}`", model.constraints[*index].label(*index))
            }
            RequirementKind::Lexicographic(index) => format!(
                "the bound kept on objective term {} (`{}`)",
                index + 1,
                model.objective.terms[*index].quantity.text
            ),
        }
    }
}

/// One u_cmo variable and what it serves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Serve {
    pub channel: ChannelId,
    pub market: MarketId,
    pub option: usize,
    pub var: VarId,
}

/// A spend that runs along a response curve (service or iteration).
#[derive(Clone, Debug, PartialEq)]
pub struct CurveSpend {
    pub spend: VarId,
    pub segments: Vec<VarId>,
    /// The value gained per unit of scaled spend, by segment.
    pub slopes: Vec<f64>,
    pub base: f64,
}

/// The program of a model, with the variables each decision maps to.
#[derive(Clone, Debug, PartialEq)]
pub struct Formulation {
    pub milp: Milp,
    pub requirements: Vec<Requirement>,
    pub money_scale: f64,
    pub customer_scale: f64,
    pub open: Vec<VarId>,
    pub spend: Vec<VarId>,
    /// δ_ck, by channel.
    pub segments: Vec<Vec<VarId>>,
    pub pick: Vec<Vec<VarId>>,
    pub serve: Vec<Serve>,
    pub service: Option<CurveSpend>,
    pub iteration: Option<CurveSpend>,
    /// The satisfaction lost per customer served.
    load: f64,
    fixed_costs: f64,
    stage_costs: Vec<f64>,
}

/// A power of ten near a hundredth of `magnitude`, and at least 1.
fn scale_for(magnitude: f64) -> f64 {
    if magnitude <= 100.0 {
        return 1.0;
    }
    10f64.powf(magnitude.log10().floor() - 2.0)
}

impl Formulation {
    /// The program of `model`, with ramps from `schedule` (every channel opened).
    pub fn new(model: &Model, schedule: &Schedule) -> Formulation {
        let largest_market = model
            .markets
            .iter()
            .map(|market| market.cap())
            .fold(0.0, f64::max);
        let mut formulation = Formulation {
            milp: Milp::default(),
            requirements: Vec::new(),
            money_scale: scale_for(model.budget.value),
            customer_scale: scale_for(largest_market),
            open: Vec::new(),
            spend: Vec::new(),
            segments: Vec::new(),
            pick: Vec::new(),
            serve: Vec::new(),
            service: None,
            iteration: None,
            load: model.satisfaction.as_ref().map_or(0.0, |curve| curve.load),
            fixed_costs: model.fixed_costs(),
            stage_costs: model
                .stages
                .iter()
                .map(|stage| stage.tasks.iter().map(|task| task.cost).sum())
                .collect(),
        };
        formulation.channels(model);
        formulation.markets(model);
        formulation.serve_rows(model, schedule);
        formulation.service = model
            .satisfaction
            .as_ref()
            .map(|curve| formulation.curve_spend("service", curve.base, &curve.response));
        formulation.iteration = model
            .tech
            .as_ref()
            .map(|curve| formulation.curve_spend("iteration", curve.base, &curve.response));
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
            let cap = channel.spend_cap();
            let spend = self
                .milp
                .add_var(format!("spend_{id}"), 0.0, cap / ms, false, ms);
            let mut sum = Affine::term(spend, 1.0);
            let mut previous = 0.0;
            let mut segments = Vec::new();
            for (k, point) in channel.response.iter().enumerate() {
                let width = (point.spend - previous) / ms;
                previous = point.spend;
                let name = format!("spend_{id}_seg{}", k + 1);
                let segment = self.milp.add_var(name.clone(), 0.0, width, false, ms);
                sum.add_term(segment, -1.0);
                segments.push(segment);
                // δ_ck ≤ width·y_c adds nothing to the model (x_c ≤ hi_c·y_c already closes
                // a shut channel) but makes the relaxation of one channel exact, which spares
                // the solver most of its branching.
                let mut linked = Affine::term(segment, 1.0);
                linked.add_term(open, -width);
                self.milp
                    .add_row(format!("{name}_open"), linked, Sense::AtMost, 0.0, ms, None);
            }
            self.milp
                .add_row(format!("segments_{id}"), sum, Sense::Equal, 0.0, ms, None);
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
            self.spend.push(spend);
            self.segments.push(segments);
        }
    }

    /// The segments δ_ck of a channel with their slopes (customers per currency unit).
    fn channel_segments(&self, model: &Model, channel: ChannelId) -> Vec<(VarId, f64)> {
        let response = &model.channels[channel.0].response;
        self.segments[channel.0]
            .iter()
            .copied()
            .zip(slopes(response))
            .collect()
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

    /// Adds the u_cmo variables and their rows, with the channels' ramps.
    fn serve_rows(&mut self, model: &Model, schedule: &Schedule) {
        let (ms, cs) = (self.money_scale, self.customer_scale);
        let mut per_market: Vec<Affine> = vec![Affine::default(); model.markets.len()];
        for (index, channel) in model.channels.iter().enumerate() {
            let id = ChannelId(index);
            let ramp = schedule.ramp(id);
            let segments = self.channel_segments(model, id);
            let last_value = channel.response.last().map_or(0.0, |point| point.value);
            for reach in &channel.reaches {
                let market = &model.markets[reach.market.0];
                for (option_index, option) in market.options.iter().enumerate() {
                    let reachable = option.conversion * reach.split * ramp;
                    let big_m = market.cap().min(reachable * last_value) / cs;
                    let name = format!("{}_{}_{}", channel.id, market.id, option.id);
                    let var =
                        self.milp
                            .add_var(format!("serve_{name}"), 0.0, big_m.max(0.0), false, cs);
                    let mut won = Affine::term(var, 1.0);
                    for &(segment, slope) in &segments {
                        won.add_term(segment, -reachable * slope * ms / cs);
                    }
                    self.milp
                        .add_row(format!("won_{name}"), won, Sense::AtMost, 0.0, cs, None);
                    let mut picked = Affine::term(var, 1.0);
                    picked.add_term(self.pick[reach.market.0][option_index], -big_m);
                    self.milp.add_row(
                        format!("picked_{name}"),
                        picked,
                        Sense::AtMost,
                        0.0,
                        cs,
                        None,
                    );
                    per_market[reach.market.0].add_term(var, 1.0);
                    self.serve.push(Serve {
                        channel: id,
                        market: reach.market,
                        option: option_index,
                        var,
                    });
                }
            }
        }
        for (market, served) in model.markets.iter().zip(per_market) {
            if !served.terms.is_empty() {
                self.milp.add_row(
                    format!("cap_{}", market.id),
                    served,
                    Sense::AtMost,
                    market.cap() / cs,
                    cs,
                    None,
                );
            }
        }
    }

    fn curve_spend(&mut self, stage: &str, base: f64, response: &[CurvePoint]) -> CurveSpend {
        let ms = self.money_scale;
        let last = response.last().map_or(0.0, |point| point.spend);
        let spend = self
            .milp
            .add_var(format!("spend_{stage}"), 0.0, last / ms, false, ms);
        let mut sum = Affine::term(spend, 1.0);
        let mut segments = Vec::new();
        let mut previous = 0.0;
        for (k, point) in response.iter().enumerate() {
            let segment = self.milp.add_var(
                format!("spend_{stage}_seg{}", k + 1),
                0.0,
                (point.spend - previous) / ms,
                false,
                ms,
            );
            previous = point.spend;
            sum.add_term(segment, -1.0);
            segments.push(segment);
        }
        self.milp.add_row(
            format!("segments_{stage}"),
            sum,
            Sense::Equal,
            0.0,
            ms,
            None,
        );
        let curve = std::iter::once(CurvePoint {
            spend: 0.0,
            value: base,
        })
        .chain(response.iter().copied());
        let points: Vec<CurvePoint> = curve.collect();
        let slopes = points
            .windows(2)
            .map(|pair| (pair[1].value - pair[0].value) / (pair[1].spend - pair[0].spend) * ms)
            .collect();
        CurveSpend {
            spend,
            segments,
            slopes,
            base,
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
                    affine.add_term(curve.spend, 1.0);
                }
            }
            Var::SpendChannel(channel) => {
                affine.add_term(self.open[channel.0], model.channels[channel.0].setup / ms);
                affine.add_term(self.spend[channel.0], 1.0);
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
                        .spend
                        .iter()
                        .for_each(|&spend| affine.add_term(spend, 1.0)),
                    StageKind::Service => self
                        .service
                        .iter()
                        .for_each(|curve| affine.add_term(curve.spend, 1.0)),
                    StageKind::Iteration => self
                        .iteration
                        .iter()
                        .for_each(|curve| affine.add_term(curve.spend, 1.0)),
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
    for (&segment, &slope) in curve.segments.iter().zip(&curve.slopes) {
        affine.add_term(segment, slope);
    }
}

/// p_mo (1 − ρ_c): the monthly revenue of one customer served by this u_cmo.
fn monthly_revenue(model: &Model, serve: &Serve) -> f64 {
    let price = model.markets[serve.market.0].options[serve.option].monthly_price;
    price * (1.0 - model.channels[serve.channel.0].revenue_share)
}

/// The slopes of a response curve's segments from the origin (0, 0).
fn slopes(response: &[CurvePoint]) -> Vec<f64> {
    let mut previous = CurvePoint {
        spend: 0.0,
        value: 0.0,
    };
    response
        .iter()
        .map(|point| {
            let slope = (point.value - previous.value) / (point.spend - previous.spend);
            previous = *point;
            slope
        })
        .collect()
}

/// The dimension of a built-in quantity.
pub fn var_dim(var: Var) -> Dim {
    match var {
        Var::Spend | Var::SpendChannel(_) | Var::SpendStage(_) => Dim::MONEY,
        Var::Customers | Var::CustomersChannel(_) | Var::CustomersMarket(_) => Dim::CUSTOMERS,
        Var::Revenue | Var::RevenueChannel(_) | Var::RevenueMarket(_) => Dim::MONEY_RATE,
        Var::Share
        | Var::ShareMarket(_)
        | Var::Satisfaction
        | Var::Tech
        | Var::Active(_)
        | Var::ActiveChannels => Dim::PLAIN,
    }
}
