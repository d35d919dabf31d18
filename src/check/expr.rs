//! Typing and evaluating expressions: each expression becomes a linear expression over
//! the decision quantities, with a dimension. Mixed dimensions, unknown names, products
//! of two decisions and divisions by one are reported here.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    ChannelId, CountUnits, Dim, Distribution, Draws, LinExpr, Loc, MarketId, StageKind, Var,
};
use crate::source::{FileId, Span};
use crate::syntax::ast::{AddOp, Expr, ExprKind, MulOp, Path, Quantity};

use super::suggest;

/// An expression's value: linear in the decisions, with its dimension.
#[derive(Clone, Debug, PartialEq)]
pub struct Typed {
    pub expr: LinExpr,
    pub dim: Dim,
}

/// What the decision quantities and attributes of an expression can refer to. Constant
/// contexts (attribute values, params) have none.
pub struct World<'a> {
    pub markets: &'a HashMap<String, MarketId>,
    pub channels: &'a HashMap<String, ChannelId>,
    /// The constant attributes `market.size`, `channel.setup` …, normalised.
    pub attributes: &'a HashMap<(String, String), Typed>,
    pub budget: f64,
    pub horizon: f64,
    pub has_satisfaction: bool,
    pub has_tech: bool,
}

/// Everything an expression is evaluated against.
pub struct Scope<'a> {
    pub file: FileId,
    /// The file's text, for spelling out fixes.
    pub text: &'a str,
    pub currency: Option<&'a str>,
    /// The count units the strategy declares.
    pub units: &'a CountUnits,
    /// The params defined so far, at their values for this model.
    pub params: &'a HashMap<String, Typed>,
    pub world: Option<&'a World<'a>>,
    /// The values chosen for ranges; a range without one is at its most likely value.
    pub draws: &'a Draws,
    /// Where the ranges met are noted, when the attribute evaluated may be a guess; `None`
    /// where a range is not allowed (E0416).
    pub guesses: Option<&'a RefCell<Vec<MetRange>>>,
}

/// A range met while evaluating an attribute that may be a guess.
#[derive(Clone, Debug, PartialEq)]
pub struct MetRange {
    pub loc: Loc,
    pub distribution: Distribution,
    /// The unit written after it, spaces collapsed.
    pub unit: String,
    /// The range and its unit as written, spaces collapsed.
    pub text: String,
}

/// The built-in quantities that take no argument.
pub(super) const QUANTITIES: &[&str] = &[
    "spend",
    "customers",
    "revenue",
    "share",
    "satisfaction",
    "tech",
    "active_channels",
    "budget",
    "horizon",
];

/// The built-in calls.
const CALLS: &[&str] = &["spend", "customers", "revenue", "share", "active"];

impl Scope<'_> {
    /// Types `expr`; on a mistake, reports it and gives `None`.
    pub fn eval(&self, expr: &Expr, diagnostics: &mut Vec<Diagnostic>) -> Option<Typed> {
        match &expr.kind {
            ExprKind::Quantity(quantity) => self.quantity(quantity, expr.span, diagnostics),
            ExprKind::Path(path) => self.path(path, diagnostics),
            ExprKind::Call { name, args } => {
                self.call(&name.name, name.span, args, expr.span, diagnostics)
            }
            ExprKind::Neg(inner) => {
                let inner = self.eval(inner, diagnostics)?;
                Some(Typed {
                    expr: inner.expr.scaled(-1.0),
                    dim: inner.dim,
                })
            }
            ExprKind::Sum { first, rest } => self.sum(first, rest, diagnostics),
            ExprKind::Product { first, rest } => self.product(first, rest, diagnostics),
        }
    }

    /// The number of a literal: its value, or for a range the value drawn for it (its most
    /// likely one when none is). A range is noted where guesses are allowed and reported
    /// (E0416) elsewhere.
    pub(super) fn number(
        &self,
        quantity: &Quantity,
        span: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> f64 {
        let Some(range) = &quantity.range else {
            return quantity.value;
        };
        let loc = Loc {
            file: self.file,
            span: range.span,
        };
        let Some(guesses) = self.guesses else {
            diagnostics.push(
                Diagnostic::error(Code::RangeNotHere, "a range cannot stand here")
                    .with_label(self.file, range.span, "this must be one number")
                    .with_help(
                        "ranges are for guesses: response points, sizes, prices, usage, \
                         conversions, leads, revenue shares and params; to make this uncertain, \
                         give it a param written as a range",
                    ),
            );
            return quantity.value;
        };
        let distribution = match &range.mode {
            Some(mode) => Distribution::Triangular {
                low: range.low.value,
                mode: mode.value,
                high: range.high.value,
            },
            None => Distribution::Uniform {
                low: range.low.value,
                high: range.high.value,
            },
        };
        let written = |span: Span| {
            self.text
                .get(span.start..span.end)
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut guesses = guesses.borrow_mut();
        if !guesses.iter().any(|met| met.loc == loc) {
            guesses.push(MetRange {
                loc,
                distribution,
                unit: quantity
                    .unit
                    .as_ref()
                    .map_or_else(String::new, |unit| written(unit.span)),
                text: written(Span::new(range.span.start, span.end)),
            });
        }
        self.draws.get(loc).unwrap_or(quantity.value)
    }

    /// Evaluates a constant of dimension `want` for the attribute `what`.
    pub fn constant(
        &self,
        expr: &Expr,
        want: Dim,
        what: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<f64> {
        let typed = self.constant_of_any_dimension(expr, what, diagnostics)?;
        if typed.dim != want {
            diagnostics.push(self.wrong_dimension(expr, typed.dim, want, &format!("`{what}`")));
            return None;
        }
        Some(typed.expr.constant)
    }

    /// Evaluates a constant for the attribute `what`, whatever its dimension.
    pub fn constant_of_any_dimension(
        &self,
        expr: &Expr,
        what: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Typed> {
        let typed = self.eval(expr, diagnostics)?;
        if !typed.expr.is_constant() {
            diagnostics.push(
                Diagnostic::error(Code::NotConstant, format!("`{what}` needs a constant"))
                    .with_label(
                        self.file,
                        expr.span,
                        "this depends on the optimiser's decisions",
                    )
                    .with_help(
                        "attributes take numbers, params and units; decisions go in constraints",
                    ),
            );
            return None;
        }
        Some(typed)
    }

    /// The diagnostic for `expr` having dimension `found` where `want` is needed.
    pub fn wrong_dimension(&self, expr: &Expr, found: Dim, want: Dim, needer: &str) -> Diagnostic {
        let (want_words, found_words) = (self.words(want), self.words(found));
        let diagnostic = Diagnostic::error(
            Code::WrongDimension,
            format!("{needer} needs {want_words}, but this is {found_words}"),
        )
        .with_label(self.file, expr.span, format!("this is {found_words}"));
        match self.respelled(expr, want) {
            Some(fix) => diagnostic
                .with_help(format!("write `{fix}`"))
                .with_fix(self.file, expr.span, fix),
            None => diagnostic.with_help(format!("make it {want_words}{}", self.unit_hint(want))),
        }
    }

    /// A literal rewritten with the unit of `want`: `2M USD` → `2M USD/year`.
    pub fn respelled(&self, expr: &Expr, want: Dim) -> Option<String> {
        let ExprKind::Quantity(quantity) = &expr.kind else {
            return None;
        };
        let number_end = quantity
            .unit
            .as_ref()
            .map_or(expr.span.end, |unit| unit.span.start);
        let number = self.text.get(expr.span.start..number_end)?.trim();
        let unit = self.unit_text(want);
        Some(if unit.is_empty() {
            number.to_string()
        } else {
            format!("{number} {unit}")
        })
    }

    fn not_constant(&self, name: &str, span: Span) -> Diagnostic {
        Diagnostic::error(Code::NotConstant, format!("`{name}` is decided by the optimiser, not a constant"))
            .with_label(self.file, span, "a decision quantity")
            .with_help("attributes and params take numbers with units and params; use decision quantities in constraints and objectives")
    }

    pub(super) fn foreign_currency(&self, code: &str, span: Span) -> Diagnostic {
        let currency = self.currency.unwrap_or("?");
        Diagnostic::error(
            Code::ForeignCurrency,
            format!("`{code}` is not this strategy's currency `{currency}`"),
        )
        .with_label(self.file, span, format!("money here must be in {currency}"))
        .with_help(format!(
            "stratc has no exchange rates: convert the amount to {currency}"
        ))
    }

    fn sum(
        &self,
        first: &Expr,
        rest: &[(AddOp, Expr)],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Typed> {
        let mut total = self.eval(first, diagnostics);
        for (op, term) in rest {
            let value = self.eval(term, diagnostics);
            let (Some(sum), Some(value)) = (total.as_mut(), value) else {
                total = None;
                continue;
            };
            if value.dim != sum.dim {
                let (want, found) = (self.words(sum.dim), self.words(value.dim));
                let verb = if *op == AddOp::Add { "add" } else { "subtract" };
                let mut diagnostic = Diagnostic::error(
                    Code::MixedDimensions,
                    format!("cannot {verb} {found} and {want}"),
                )
                .with_label(self.file, term.span, format!("this is {found}"))
                .with_label(self.file, first.span, format!("this is {want}"));
                diagnostic = match self.respelled(term, sum.dim) {
                    Some(fix) => diagnostic
                        .with_help(format!("write `{fix}`"))
                        .with_fix(self.file, term.span, fix),
                    None => {
                        diagnostic.with_help("both sides of `+` and `-` must be of one dimension")
                    }
                };
                diagnostics.push(diagnostic);
                total = None;
                continue;
            }
            let value = if *op == AddOp::Add {
                value.expr
            } else {
                value.expr.scaled(-1.0)
            };
            sum.expr = std::mem::take(&mut sum.expr).plus(value);
        }
        total
    }

    fn product(
        &self,
        first: &Expr,
        rest: &[(MulOp, Expr)],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Typed> {
        let mut total = self.eval(first, diagnostics);
        let mut decision_factor = total
            .as_ref()
            .filter(|typed| !typed.expr.is_constant())
            .map(|_| first);
        for (op, factor) in rest {
            let value = self.eval(factor, diagnostics);
            let (Some(product), Some(value)) = (total.as_mut(), value) else {
                total = None;
                continue;
            };
            let decides = !value.expr.is_constant();
            match op {
                MulOp::Div if decides => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::NonLinear,
                            "division by a decision quantity is not linear",
                        )
                        .with_label(self.file, factor.span, "decided by the optimiser")
                        .with_help("multiply the other side of the comparison by it instead"),
                    );
                    total = None;
                    continue;
                }
                MulOp::Div if value.expr.constant == 0.0 => {
                    diagnostics.push(
                        Diagnostic::error(Code::DivisionByZero, "division by zero")
                            .with_label(self.file, factor.span, "this is zero")
                            .with_help("divide by a value that is not zero"),
                    );
                    total = None;
                    continue;
                }
                MulOp::Mul if decides && decision_factor.is_some() => {
                    let earlier = decision_factor.expect("checked");
                    diagnostics.push(
                        Diagnostic::error(Code::NonLinear, "a product of two decision quantities is not linear")
                            .with_label(self.file, factor.span, "decided by the optimiser")
                            .with_label(self.file, earlier.span, "also decided by the optimiser")
                            .with_help("constraints and objectives must be linear: multiply decisions only by constants"),
                    );
                    total = None;
                    continue;
                }
                _ => {}
            }
            if decides {
                decision_factor = Some(factor);
            }
            let (expr, dim) = match op {
                MulOp::Mul if decides => (
                    value.expr.scaled(product.expr.constant),
                    product.dim.times(value.dim),
                ),
                MulOp::Mul => (
                    std::mem::take(&mut product.expr).scaled(value.expr.constant),
                    product.dim.times(value.dim),
                ),
                MulOp::Div => (
                    std::mem::take(&mut product.expr).scaled(1.0 / value.expr.constant),
                    product.dim.per(value.dim),
                ),
            };
            *product = Typed { expr, dim };
        }
        total
    }

    fn path(&self, path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Typed> {
        match path.segments.as_slice() {
            [name] => self.name(&name.name, name.span, diagnostics),
            [item, attribute] => {
                self.attribute(&item.name, &attribute.name, path.span, diagnostics)
            }
            _ => {
                diagnostics.push(
                    Diagnostic::error(Code::UnknownName, "this path names nothing with a value")
                        .with_label(self.file, path.span, "not a value")
                        .with_help("values are params, built-in quantities and attributes such as `hospitals.size`"),
                );
                None
            }
        }
    }

    fn name(&self, name: &str, span: Span, diagnostics: &mut Vec<Diagnostic>) -> Option<Typed> {
        if let Some(param) = self.params.get(name) {
            return Some(param.clone());
        }
        let Some(world) = self.world else {
            if QUANTITIES.contains(&name) {
                diagnostics.push(self.not_constant(name, span));
                return None;
            }
            let known = self.params.keys().map(String::as_str);
            let help = suggest::did_you_mean(name, known)
                .unwrap_or_else(|| "params must be defined before they are used here".to_string());
            diagnostics.push(
                Diagnostic::error(Code::UnknownName, format!("`{name}` is not a param"))
                    .with_label(self.file, span, "not known here")
                    .with_help(help),
            );
            return None;
        };
        let var = |var: Var, dim: Dim| {
            Some(Typed {
                expr: LinExpr::var(var),
                dim,
            })
        };
        match name {
            "spend" => var(Var::Spend, Dim::MONEY),
            "customers" => var(Var::Customers, Dim::CUSTOMERS),
            "revenue" => var(Var::Revenue, Dim::MONEY_RATE),
            "share" => var(Var::Share, Dim::PLAIN),
            "active_channels" => var(Var::ActiveChannels, Dim::PLAIN),
            "satisfaction" | "tech" => self.curve_quantity(name, span, world, diagnostics),
            "budget" => Some(Typed {
                expr: LinExpr::constant(world.budget),
                dim: Dim::MONEY,
            }),
            "horizon" => Some(Typed {
                expr: LinExpr::constant(world.horizon),
                dim: Dim::TIME,
            }),
            _ => {
                let (label, help) = if world.markets.contains_key(name) {
                    (
                        "a market, not a value",
                        format!("use `customers({name})`, `share({name})` or `{name}.size`"),
                    )
                } else if world.channels.contains_key(name) {
                    (
                        "a channel, not a value",
                        format!("use `customers({name})`, `spend({name})` or `active({name})`"),
                    )
                } else {
                    let known = self
                        .params
                        .keys()
                        .map(String::as_str)
                        .chain(QUANTITIES.iter().copied());
                    let help = suggest::did_you_mean(name, known).unwrap_or_else(|| {
                        "values are params and built-in quantities such as `revenue`".into()
                    });
                    ("unknown name", help)
                };
                diagnostics.push(
                    Diagnostic::error(Code::UnknownName, format!("`{name}` is not a value"))
                        .with_label(self.file, span, label)
                        .with_help(help),
                );
                None
            }
        }
    }

    fn curve_quantity(
        &self,
        name: &str,
        span: Span,
        world: &World,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Typed> {
        let (present, var, stage) = if name == "satisfaction" {
            (world.has_satisfaction, Var::Satisfaction, "service")
        } else {
            (world.has_tech, Var::Tech, "iteration")
        };
        if present {
            return Some(Typed {
                expr: LinExpr::var(var),
                dim: Dim::PLAIN,
            });
        }
        diagnostics.push(
            Diagnostic::error(
                Code::MissingCurve,
                format!("`{name}` is used but the strategy has no `{name}` block"),
            )
            .with_label(self.file, span, format!("needs a `{name}` block"))
            .with_help(format!(
                "add `stage {stage} {{ {name} {{ base …; response {{ … }} }} }}`"
            )),
        );
        None
    }

    fn attribute(
        &self,
        item: &str,
        attribute: &str,
        span: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Typed> {
        let found = self.world.and_then(|world| {
            world
                .attributes
                .get(&(item.to_string(), attribute.to_string()))
        });
        if let Some(value) = found {
            return Some(value.clone());
        }
        let help = match self.world {
            None => "attribute values are constants: numbers with units and params".to_string(),
            Some(world) if world.markets.contains_key(item) => {
                "a market's attribute here is `size`".to_string()
            }
            Some(world) if world.channels.contains_key(item) => {
                "a channel's attributes here are `setup`, `lead` and `revenue_share`".to_string()
            }
            Some(world) => suggest::did_you_mean(
                item,
                world
                    .markets
                    .keys()
                    .chain(world.channels.keys())
                    .map(String::as_str),
            )
            .unwrap_or_else(|| {
                "attributes belong to markets and channels, as in `hospitals.size`".to_string()
            }),
        };
        diagnostics.push(
            Diagnostic::error(
                Code::UnknownName,
                format!("`{item}.{attribute}` is not a value"),
            )
            .with_label(self.file, span, "unknown attribute")
            .with_help(help),
        );
        None
    }

    fn call(
        &self,
        name: &str,
        name_span: Span,
        args: &[Expr],
        span: Span,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Typed> {
        if self.world.is_none() && CALLS.contains(&name) {
            diagnostics.push(self.not_constant(&format!("{name}(…)"), name_span));
            return None;
        }
        let Some(world) = self.world.filter(|_| CALLS.contains(&name)) else {
            let help = suggest::did_you_mean(name, CALLS.iter().copied())
                .unwrap_or_else(|| format!("the built-in calls are {}", super::load::list(CALLS)));
            diagnostics.push(
                Diagnostic::error(
                    Code::UnknownName,
                    format!("`{name}(…)` is not available here"),
                )
                .with_label(self.file, name_span, "unknown call")
                .with_help(help),
            );
            return None;
        };
        let arg = match args {
            [
                Expr {
                    kind: ExprKind::Path(path),
                    ..
                },
            ] if path.segments.len() == 1 => &path.segments[0],
            _ => {
                diagnostics.push(
                    Diagnostic::error(Code::BadCall, format!("`{name}` takes one name"))
                        .with_label(
                            self.file,
                            span,
                            "expected one market, channel or stage name",
                        )
                        .with_help(format!(
                            "write `{name}(aws)` with the name of a channel{}",
                            call_also(name)
                        )),
                );
                return None;
            }
        };
        let channel = world.channels.get(&arg.name).copied();
        let market = world.markets.get(&arg.name).copied();
        let stage = StageKind::from_name(&arg.name);
        let typed = |var: Var, dim: Dim| {
            Some(Typed {
                expr: LinExpr::var(var),
                dim,
            })
        };
        match (name, channel, market, stage) {
            ("spend", Some(c), _, _) => typed(Var::SpendChannel(c), Dim::MONEY),
            ("spend", _, _, Some(s)) => typed(Var::SpendStage(s), Dim::MONEY),
            ("customers", Some(c), _, _) => typed(Var::CustomersChannel(c), Dim::CUSTOMERS),
            ("customers", _, Some(m), _) => typed(Var::CustomersMarket(m), Dim::CUSTOMERS),
            ("revenue", Some(c), _, _) => typed(Var::RevenueChannel(c), Dim::MONEY_RATE),
            ("revenue", _, Some(m), _) => typed(Var::RevenueMarket(m), Dim::MONEY_RATE),
            ("share", _, Some(m), _) => typed(Var::ShareMarket(m), Dim::PLAIN),
            ("active", Some(c), _, _) => typed(Var::Active(c), Dim::PLAIN),
            _ => {
                let wanted = match name {
                    "spend" => "a channel or a stage",
                    "share" => "a market",
                    "active" => "a channel",
                    _ => "a channel or a market",
                };
                let candidates: Vec<&str> = match name {
                    "share" => world.markets.keys().map(String::as_str).collect(),
                    "active" => world.channels.keys().map(String::as_str).collect(),
                    _ => world
                        .channels
                        .keys()
                        .chain(world.markets.keys())
                        .map(String::as_str)
                        .collect(),
                };
                let mut sorted = candidates;
                sorted.sort_unstable();
                let help = suggest::did_you_mean(&arg.name, sorted.iter().copied())
                    .unwrap_or_else(|| format!("`{name}(…)` takes {wanted}"));
                diagnostics.push(
                    Diagnostic::error(Code::UnknownName, format!("`{}` is not {wanted}", arg.name))
                        .with_label(self.file, arg.span, format!("expected {wanted}"))
                        .with_help(help),
                );
                None
            }
        }
    }
}

fn call_also(name: &str) -> &'static str {
    match name {
        "spend" => " or a stage",
        "customers" | "revenue" => " or a market",
        _ => "",
    }
}
