//! Lowering pest's pairs into the typed AST: the one place that knows the shape of the
//! parse tree.
//!
//! Keyword tokens (`kw_…` rules) appear in the tree so that error messages can name them;
//! lowering skips them by matching only the rules it wants. Literals that the grammar
//! accepts but that do not decode (a number too large, an unknown escape, 30 February)
//! become diagnostics here, with a harmless stand-in value in the tree.

use pest::iterators::Pair;

use super::ast::*;
use super::grammar::Rule;
use super::literal;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

type Node<'i> = Pair<'i, Rule>;

/// Lowers the pairs of one chunk, whose text starts `base` bytes into the file.
pub struct Lowerer<'d> {
    file: FileId,
    base: usize,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'d> Lowerer<'d> {
    /// A lowerer for a chunk starting at `base`, collecting diagnostics into `diagnostics`.
    pub fn new(file: FileId, base: usize, diagnostics: &'d mut Vec<Diagnostic>) -> Lowerer<'d> {
        Lowerer {
            file,
            base,
            diagnostics,
        }
    }

    /// The items of a chunk parsed with the `items` rule.
    pub fn items<'i>(&mut self, pairs: impl Iterator<Item = Node<'i>>) -> Vec<Item> {
        pairs
            .filter(|pair| pair.as_rule() == Rule::item)
            .map(|pair| self.item(pair))
            .collect()
    }

    fn span(&self, pair: &Node) -> Span {
        let span = pair.as_span();
        Span::new(span.start(), span.end()).shifted(self.base)
    }

    fn item(&mut self, pair: Node) -> Item {
        let mut parts: Vec<Node> = pair.into_inner().collect();
        let body = parts.pop().expect("grammar: an item ends with its kind");
        let doc = self.doc(&parts);
        let span = self.span(&body);
        let kind = match body.as_rule() {
            Rule::strategy => ItemKind::Strategy(self.strategy(body)),
            Rule::use_item => ItemKind::Use(self.use_item(body)),
            Rule::param => ItemKind::Param(self.param(body)),
            Rule::unit_decl => ItemKind::Unit(UnitDecl {
                name: self.ident(only(body, Rule::ident)),
            }),
            Rule::market => ItemKind::Market(self.market(body)),
            Rule::pricing => ItemKind::Pricing(self.pricing(body)),
            Rule::channel => ItemKind::Channel(self.channel(body)),
            Rule::stage => ItemKind::Stage(self.stage(body)),
            Rule::objective => ItemKind::Objective(self.objective(body)),
            Rule::constraint => ItemKind::Constraint(self.constraint(body)),
            Rule::scenario => ItemKind::Scenario(self.scenario(body)),
            Rule::pareto => ItemKind::Pareto(self.pareto(body)),
            Rule::archetype => ItemKind::Archetype(self.archetype(body)),
            rule => unreachable!("grammar: {rule:?} is not an item"),
        };
        Item { doc, kind, span }
    }

    /// The doc comment made of the `doc_comment` pairs among `parts`, if any. A character
    /// the plan would not show as written is an error (a tab is fine: it is a space there).
    fn doc(&mut self, parts: &[Node]) -> Option<Doc> {
        let lines: Vec<&Node> = parts
            .iter()
            .filter(|pair| pair.as_rule() == Rule::doc_comment)
            .collect();
        let (first, last) = (lines.first()?, lines.last()?);
        for line in &lines {
            let start = self.span(line).start;
            let hidden = line
                .as_str()
                .char_indices()
                .find(|&(_, c)| c != '\t' && crate::source::is_hidden(c));
            if let Some((offset, c)) = hidden {
                let at = Span::new(start + offset, start + offset + c.len_utf8());
                let what = literal::describe_hidden(c);
                self.error(
                    Code::HiddenCharacter,
                    format!("a doc comment cannot hold {what}"),
                    at,
                    "here",
                )
                .help = Some("doc comments are shown in the plan as text: remove it".into());
            }
        }
        let text = lines
            .iter()
            .map(|line| {
                let text = line.as_str().trim_start_matches("///");
                text.strip_prefix(' ').unwrap_or(text).trim_end()
            })
            .collect::<Vec<_>>()
            .join("\n");
        Some(Doc {
            text,
            span: self.span(first).to(self.span(last)),
        })
    }

    fn strategy(&mut self, pair: Node) -> Strategy {
        let mut title = None;
        let mut attrs = Vec::new();
        for part in pair.into_inner() {
            let span = self.span(&part);
            let kind = match part.as_rule() {
                Rule::string => {
                    title = Some(self.string(part));
                    continue;
                }
                Rule::currency_stmt => {
                    StrategyAttr::Currency(self.ident(only(part, Rule::currency_code)))
                }
                Rule::horizon_stmt => StrategyAttr::Horizon(self.expr_in(part)),
                Rule::budget_stmt => StrategyAttr::Budget(self.expr_in(part)),
                Rule::start_stmt => StrategyAttr::Start(self.date(only(part, Rule::date))),
                Rule::locale_stmt => StrategyAttr::Locale(self.ident(only(part, Rule::locale_tag))),
                _ => continue,
            };
            attrs.push(Stmt { kind, span });
        }
        Strategy {
            title: title.expect("grammar: a strategy has a title"),
            attrs,
        }
    }

    fn use_item(&mut self, pair: Node) -> Use {
        let target = only_inner(pair, |rule| matches!(rule, Rule::string | Rule::std_path));
        if target.as_rule() == Rule::string {
            return Use::File(self.string(target));
        }
        let mut module = Vec::new();
        let mut names = Vec::new();
        for part in target.into_inner() {
            match part.as_rule() {
                Rule::segment => module.push(self.ident(part)),
                Rule::use_names => names = self.idents(part),
                _ => {}
            }
        }
        if names.is_empty() {
            names.extend(module.pop());
        }
        Use::Library { module, names }
    }

    fn param(&mut self, pair: Node) -> Param {
        let name = self.ident(only(pair.clone(), Rule::ident));
        Param {
            name,
            value: self.expr_in(pair),
        }
    }

    fn market(&mut self, pair: Node) -> Market {
        let mut name = None;
        let mut attrs = Vec::new();
        for part in pair.into_inner() {
            let span = self.span(&part);
            let kind = match part.as_rule() {
                Rule::ident => {
                    name = Some(self.ident(part));
                    continue;
                }
                Rule::title_stmt => MarketAttr::Title(self.string(only(part, Rule::string))),
                Rule::domain_stmt => MarketAttr::Domain(self.ident(only(part, Rule::ident))),
                Rule::size_stmt => MarketAttr::Size(self.expr_in(part)),
                Rule::competitor_stmt => MarketAttr::Competitor {
                    name: self.string(only(part.clone(), Rule::string)),
                    share: self.expr_in(part),
                },
                Rule::price_stmt => MarketAttr::Price(self.expr_in(part)),
                Rule::usage_stmt => MarketAttr::Usage(self.expr_in(part)),
                _ => continue,
            };
            attrs.push(Stmt { kind, span });
        }
        Market {
            name: name.expect("grammar: a market has a name"),
            attrs,
        }
    }

    fn pricing(&mut self, pair: Node) -> Pricing {
        let mut market = None;
        let mut options = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => market = Some(self.ident(part)),
                Rule::option => options.push(self.option(part)),
                _ => {}
            }
        }
        Pricing {
            market: market.expect("grammar: a pricing block names its market"),
            options,
        }
    }

    fn option(&mut self, pair: Node) -> PricingOption {
        let span = self.span(&pair);
        let parts: Vec<Node> = pair.into_inner().collect();
        let doc = self.doc(&parts);
        let mut name = None;
        let mut archetype = None;
        let mut attrs = Vec::new();
        for part in parts {
            match part.as_rule() {
                Rule::ident => name = Some(self.ident(part)),
                Rule::archetype_ref => archetype = Some(self.ident(only(part, Rule::ident))),
                _ => attrs.extend(self.option_attr(part)),
            }
        }
        PricingOption {
            doc,
            name: name.expect("grammar: an option has a name"),
            archetype,
            attrs,
            span,
        }
    }

    fn option_attr(&mut self, pair: Node) -> Option<Stmt<OptionAttr>> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::price_stmt => OptionAttr::Price(self.expr_in(pair)),
            Rule::usage_stmt => OptionAttr::Usage(self.expr_in(pair)),
            Rule::conversion_stmt => OptionAttr::Conversion(self.expr_in(pair)),
            _ => return None,
        };
        Some(Stmt { kind, span })
    }

    fn channel(&mut self, pair: Node) -> Channel {
        let mut name = None;
        let mut archetype = None;
        let mut attrs = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => name = Some(self.ident(part)),
                Rule::archetype_ref => archetype = Some(self.ident(only(part, Rule::ident))),
                _ => attrs.extend(self.channel_attr(part)),
            }
        }
        Channel {
            name: name.expect("grammar: a channel has a name"),
            archetype,
            attrs,
        }
    }

    fn channel_attr(&mut self, pair: Node) -> Option<Stmt<ChannelAttr>> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::title_stmt => ChannelAttr::Title(self.string(only(pair, Rule::string))),
            Rule::reaches_stmt => ChannelAttr::Reaches(
                pair.into_inner()
                    .filter(|part| part.as_rule() == Rule::reach)
                    .map(|part| self.reach(part))
                    .collect(),
            ),
            Rule::setup_stmt => ChannelAttr::Setup(self.expr_in(pair)),
            Rule::lead_stmt => ChannelAttr::Lead(self.expr_in(pair)),
            Rule::revenue_share_stmt => ChannelAttr::RevenueShare(self.expr_in(pair)),
            Rule::spend_min_stmt => ChannelAttr::SpendMin(self.expr_in(pair)),
            Rule::spend_max_stmt => ChannelAttr::SpendMax(self.expr_in(pair)),
            Rule::after_stmt => ChannelAttr::After(self.paths(pair)),
            Rule::response => ChannelAttr::Response(self.response(pair)),
            _ => return None,
        };
        Some(Stmt { kind, span })
    }

    fn reach(&mut self, pair: Node) -> Reach {
        let span = self.span(&pair);
        let mut parts = pair.into_inner();
        let market = self.ident(parts.next().expect("grammar: a reach names a market"));
        let split = parts.next().map(|split| self.expr(split));
        Reach {
            market,
            split,
            span,
        }
    }

    fn response(&mut self, pair: Node) -> Response {
        let span = self.span(&pair);
        let parts: Vec<Node> = pair.into_inner().collect();
        let market = parts
            .iter()
            .find(|part| part.as_rule() == Rule::ident)
            .map(|part| self.ident(part.clone()));
        let points = parts
            .into_iter()
            .filter(|part| part.as_rule() == Rule::point)
            .map(|point| {
                let span = self.span(&point);
                let mut sides = point.into_inner();
                let spend = self.expr(sides.next().expect("grammar: a point has a spend"));
                let value = self.expr(sides.next().expect("grammar: a point has a value"));
                Point { spend, value, span }
            })
            .collect();
        Response {
            market,
            points,
            span,
        }
    }

    fn stage(&mut self, pair: Node) -> Stage {
        let mut name = None;
        let mut after = None;
        let mut attrs = Vec::new();
        for part in pair.into_inner() {
            let span = self.span(&part);
            let kind = match part.as_rule() {
                Rule::ident => {
                    name = Some(self.ident(part));
                    continue;
                }
                Rule::stage_after => {
                    after = Some(self.idents(part));
                    continue;
                }
                Rule::title_stmt => StageAttr::Title(self.string(only(part, Rule::string))),
                Rule::task => StageAttr::Task(self.task(part)),
                Rule::budget_max_stmt => StageAttr::BudgetMax(self.expr_in(part)),
                Rule::satisfaction => StageAttr::Satisfaction(self.curve(part)),
                Rule::tech => StageAttr::Tech(self.curve(part)),
                _ => continue,
            };
            attrs.push(Stmt { kind, span });
        }
        Stage {
            name: name.expect("grammar: a stage has a name"),
            after,
            attrs,
        }
    }

    fn task(&mut self, pair: Node) -> Task {
        let parts: Vec<Node> = pair.into_inner().collect();
        let doc = self.doc(&parts);
        let mut name = None;
        let mut title = None;
        let mut attrs = Vec::new();
        for part in parts {
            let span = self.span(&part);
            let kind = match part.as_rule() {
                Rule::ident => {
                    name = Some(self.ident(part));
                    continue;
                }
                Rule::string => {
                    title = Some(self.string(part));
                    continue;
                }
                Rule::duration_stmt => TaskAttr::Duration(self.expr_in(part)),
                Rule::cost_stmt => TaskAttr::Cost(self.expr_in(part)),
                Rule::after_stmt => TaskAttr::After(self.paths(part)),
                _ => continue,
            };
            attrs.push(Stmt { kind, span });
        }
        Task {
            doc,
            name: name.expect("grammar: a task has a name"),
            title,
            attrs,
        }
    }

    fn curve(&mut self, pair: Node) -> Curve {
        let mut attrs = Vec::new();
        for part in pair.into_inner() {
            let span = self.span(&part);
            let kind = match part.as_rule() {
                Rule::base_stmt => CurveAttr::Base(self.expr_in(part)),
                Rule::load_stmt => CurveAttr::Load(self.expr_in(part)),
                Rule::response => CurveAttr::Response(self.response(part)),
                _ => continue,
            };
            attrs.push(Stmt { kind, span });
        }
        Curve { attrs }
    }

    fn objective(&mut self, pair: Node) -> Objective {
        let body = only_inner(pair, |rule| {
            matches!(rule, Rule::objective_list | Rule::objective_term)
        });
        if body.as_rule() == Rule::objective_term {
            return Objective {
                kind: ObjectiveKind::Single,
                terms: vec![self.term(body)],
            };
        }
        let mut kind = ObjectiveKind::Weighted;
        let mut terms = Vec::new();
        for part in body.into_inner() {
            match part.as_rule() {
                Rule::objective_kind if part.as_str() == "lexicographic" => {
                    kind = ObjectiveKind::Lexicographic;
                }
                Rule::objective_term => terms.push(self.term(part)),
                _ => {}
            }
        }
        Objective { kind, terms }
    }

    fn term(&mut self, pair: Node) -> Term {
        let span = self.span(&pair);
        let mut sense = Sense::Maximize;
        let mut expr = None;
        let mut weight = None;
        let mut within = None;
        let mut robust = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::sense if part.as_str() == "minimize" => sense = Sense::Minimize,
                Rule::expr => expr = Some(self.expr(part)),
                Rule::term_weight => weight = Some(self.expr_in(part)),
                Rule::term_within => within = Some(self.expr_in(part)),
                Rule::robust => robust = Some(self.robust(part)),
                _ => {}
            }
        }
        Term {
            sense,
            expr: expr.expect("grammar: a term has an expression"),
            weight,
            within,
            robust,
            span,
        }
    }

    fn robust(&mut self, pair: Node) -> Robust {
        let span = self.span(&pair);
        let mut measure = RobustMeasure::Expected;
        let mut samples = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::robust_quantile => {
                    let percentile = only(part, Rule::percentile);
                    measure = RobustMeasure::Percentile(Integer {
                        value: saturating_integer(&percentile.as_str()[1..]),
                        span: self.span(&percentile),
                    });
                }
                Rule::kw_worst => measure = RobustMeasure::Worst,
                Rule::robust_samples => {
                    let count = only(part, Rule::integer);
                    samples = Some(Integer {
                        value: saturating_integer(count.as_str()),
                        span: self.span(&count),
                    });
                }
                _ => {}
            }
        }
        Robust {
            measure,
            samples,
            span,
        }
    }

    fn constraint(&mut self, pair: Node) -> Constraint {
        let mut name = None;
        let mut lhs = None;
        let mut body = None;
        let mut every_sample = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => name = Some(self.ident(part)),
                Rule::expr => lhs = Some(self.expr(part)),
                Rule::implies => body = Some((None, self.expr_in(part))),
                Rule::comparison => {
                    every_sample = part
                        .clone()
                        .into_inner()
                        .find(|inner| inner.as_rule() == Rule::every_sample)
                        .map(|inner| self.span(&inner));
                    let op = match only(part.clone(), Rule::compare_op).as_str() {
                        ">=" => CompareOp::AtLeast,
                        "<=" => CompareOp::AtMost,
                        _ => CompareOp::Equal,
                    };
                    body = Some((Some(op), self.expr_in(part)));
                }
                _ => {}
            }
        }
        let lhs = lhs.expect("grammar: a constraint has a left side");
        let body = match body.expect("grammar: a constraint has a right side") {
            (Some(op), rhs) => ConstraintBody::Compare { lhs, op, rhs },
            (None, rhs) => ConstraintBody::Implies { lhs, rhs },
        };
        Constraint {
            name,
            body,
            every_sample,
        }
    }

    fn scenario(&mut self, pair: Node) -> Scenario {
        let mut name = None;
        let mut overrides = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => name = Some(self.ident(part)),
                Rule::param_override => {
                    let span = self.span(&part);
                    let param = self.ident(only(part.clone(), Rule::ident));
                    let value = self.expr_in(part);
                    overrides.push(Override { param, value, span });
                }
                _ => {}
            }
        }
        Scenario {
            name: name.expect("grammar: a scenario has a name"),
            overrides,
        }
    }

    fn pareto(&mut self, pair: Node) -> Pareto {
        let mut exprs = Vec::new();
        let mut points = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::expr => exprs.push(self.expr(part)),
                Rule::integer => points = Some(self.integer(part)),
                _ => {}
            }
        }
        let mut exprs = exprs.into_iter();
        Pareto {
            first: exprs.next().expect("grammar: pareto has a first objective"),
            second: exprs
                .next()
                .expect("grammar: pareto has a second objective"),
            points: points.expect("grammar: pareto has a point count"),
        }
    }

    fn archetype(&mut self, pair: Node) -> Archetype {
        let body = only_inner(pair, |rule| {
            matches!(rule, Rule::channel_archetype | Rule::pricing_archetype)
        });
        let is_channel = body.as_rule() == Rule::channel_archetype;
        let mut parts = body.into_inner();
        let name = parts
            .find(|part| part.as_rule() == Rule::ident)
            .map(|part| self.ident(part))
            .expect("grammar: an archetype has a name");
        if is_channel {
            let attrs = parts.filter_map(|part| self.channel_attr(part)).collect();
            Archetype::Channel { name, attrs }
        } else {
            let attrs = parts.filter_map(|part| self.option_attr(part)).collect();
            Archetype::Pricing { name, attrs }
        }
    }

    // -----------------------------------------------------------------------------------
    // Expressions

    /// The first `expr` among the children of `pair`, lowered.
    fn expr_in(&mut self, pair: Node) -> Expr {
        self.expr(only(pair, Rule::expr))
    }

    fn expr(&mut self, pair: Node) -> Expr {
        let span = self.span(&pair);
        let mut parts = pair.into_inner();
        let first = self.product(parts.next().expect("grammar: a sum has a term"));
        let mut rest = Vec::new();
        while let (Some(op), Some(term)) = (parts.next(), parts.next()) {
            let op = if op.as_str() == "+" {
                AddOp::Add
            } else {
                AddOp::Sub
            };
            rest.push((op, self.product(term)));
        }
        if rest.is_empty() {
            return first;
        }
        Expr {
            kind: ExprKind::Sum {
                first: Box::new(first),
                rest,
            },
            span,
        }
    }

    fn product(&mut self, pair: Node) -> Expr {
        let span = self.span(&pair);
        let mut parts = pair.into_inner();
        let first = self.unary(parts.next().expect("grammar: a product has a factor"));
        let mut rest = Vec::new();
        while let (Some(op), Some(factor)) = (parts.next(), parts.next()) {
            let op = if op.as_str() == "*" {
                MulOp::Mul
            } else {
                MulOp::Div
            };
            rest.push((op, self.unary(factor)));
        }
        if rest.is_empty() {
            return first;
        }
        Expr {
            kind: ExprKind::Product {
                first: Box::new(first),
                rest,
            },
            span,
        }
    }

    fn unary(&mut self, pair: Node) -> Expr {
        let span = self.span(&pair);
        let mut parts: Vec<Node> = pair.into_inner().collect();
        let atom = self.atom(parts.pop().expect("grammar: a unary has an atom"));
        if parts.is_empty() {
            return atom;
        }
        Expr {
            kind: ExprKind::Neg(Box::new(atom)),
            span,
        }
    }

    fn atom(&mut self, pair: Node) -> Expr {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::quantity => ExprKind::Quantity(self.quantity(pair)),
            Rule::path => ExprKind::Path(self.path(pair)),
            Rule::call => {
                let mut parts = pair.into_inner();
                let name = self.ident(parts.next().expect("grammar: a call has a name"));
                let args = parts.map(|arg| self.expr(arg)).collect();
                ExprKind::Call { name, args }
            }
            Rule::expr => return self.expr(pair),
            rule => unreachable!("grammar: {rule:?} is not an atom"),
        };
        Expr { kind, span }
    }

    fn quantity(&mut self, pair: Node) -> Quantity {
        let mut parts = pair.into_inner();
        let number = parts.next().expect("grammar: a quantity has a number");
        let unit = parts.next().map(|unit| self.unit(unit));
        if number.as_rule() == Rule::range {
            let range = self.range(number);
            return Quantity {
                value: range.most_likely(),
                percent: range.low.percent,
                unit,
                range: Some(range),
            };
        }
        let end = self.number(number);
        Quantity {
            value: end.value,
            percent: end.percent,
            unit,
            range: None,
        }
    }

    /// A number literal, or a stand-in zero when it does not decode (reported).
    fn number(&mut self, number: Node) -> RangeEnd {
        let span = self.span(&number);
        let (value, percent) = match literal::number(number.as_str()) {
            Ok(decoded) => (decoded.value, decoded.percent),
            Err(message) => {
                self.error(
                    Code::InvalidNumber,
                    message,
                    span,
                    "not a number stratc can use",
                )
                .help = Some(
                    "write a number such as `1_200_000`, `2.5`, `40k`, `1.2M` or `15%`".into(),
                );
                (0.0, false)
            }
        };
        RangeEnd {
            value,
            percent,
            span,
        }
    }

    /// `low..high` or `low..mode..high`; ends out of order (E0414) or written unlike,
    /// some as percents and some not (E0417), are reported here, since they are wrong
    /// wherever the range stands.
    fn range(&mut self, pair: Node) -> Range {
        let span = self.span(&pair);
        let mut ends: Vec<RangeEnd> = pair.into_inner().map(|end| self.number(end)).collect();
        let high = ends.pop().expect("grammar: a range has a high end");
        let mode = (ends.len() == 2).then(|| ends.pop()).flatten();
        let low = ends.pop().expect("grammar: a range has a low end");
        let range = Range {
            low,
            mode,
            high,
            span,
        };
        let ends: Vec<&RangeEnd> = range.ends().collect();
        if ends.iter().any(|end| end.percent != range.low.percent) {
            self.error(
                Code::RangeEndsUnlike,
                "some ends of this range are percents and some are not".into(),
                span,
                "ends written unlike",
            )
            .help = Some("write every end as a percent (`20%..30%`) or none".into());
        } else if let Some(pair) = ends.windows(2).find(|pair| pair[0].value > pair[1].value) {
            let (first, second) = (pair[0].span, pair[1].span);
            let names = if ends.len() == 3 {
                "low, most likely, high"
            } else {
                "low, high"
            };
            let file = self.file;
            let diagnostic = self.error(
                Code::RangeOutOfOrder,
                "the ends of this range are out of order".into(),
                second,
                "smaller than the end before it",
            );
            diagnostic.labels.push(crate::diagnostic::Label {
                file,
                span: first,
                message: "this end".into(),
            });
            diagnostic.help = Some(format!("write the ends in the order {names}"));
        }
        range
    }

    fn unit(&mut self, pair: Node) -> Unit {
        let span = self.span(&pair);
        let mut power = 1;
        let mut count = None;
        let mut factors = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::unit_div => {
                    power = -1;
                    count = part
                        .into_inner()
                        .find(|inner| inner.as_rule() == Rule::unit_count)
                        .map(|written| self.unit_count(written));
                }
                Rule::unit_word => {
                    factors.push(UnitFactor {
                        word: UnitWord::read(part.as_str()),
                        power,
                        count: count.take(),
                        span: self.span(&part),
                    });
                    power = 1;
                }
                _ => {}
            }
        }
        Unit { factors, span }
    }

    /// The count after `per` (`1k` in `per 1k tokens`): a number above zero, not a percent.
    fn unit_count(&mut self, pair: Node) -> f64 {
        let span = self.span(&pair);
        match literal::number(pair.as_str()) {
            Ok(decoded) if !decoded.percent && decoded.value > 0.0 => decoded.value,
            _ => {
                let message = format!("`per {}` counts no units", pair.as_str());
                self.error(Code::InvalidNumber, message, span, "not a count above zero")
                    .help = Some(
                    "write how many units the amount is for, as in `per 1k tokens` or `per call`"
                        .into(),
                );
                1.0
            }
        }
    }

    // -----------------------------------------------------------------------------------
    // Leaves

    fn ident(&self, pair: Node) -> Ident {
        Ident {
            name: pair.as_str().to_string(),
            span: self.span(&pair),
        }
    }

    fn idents(&self, pair: Node) -> Vec<Ident> {
        pair.into_inner()
            .filter(|part| part.as_rule() == Rule::ident)
            .map(|part| self.ident(part))
            .collect()
    }

    fn path(&self, pair: Node) -> Path {
        Path {
            span: self.span(&pair),
            segments: self.idents(pair),
        }
    }

    fn paths(&self, pair: Node) -> Vec<Path> {
        pair.into_inner()
            .filter(|part| part.as_rule() == Rule::path)
            .map(|part| self.path(part))
            .collect()
    }

    fn string(&mut self, pair: Node) -> Str {
        let span = self.span(&pair);
        let inner = only(pair, Rule::string_inner);
        let inner_start = self.span(&inner).start;
        let value = match literal::string(inner.as_str()) {
            Ok(value) => {
                if let Some((start, end, c)) = literal::hidden_in_string(inner.as_str()) {
                    let at = Span::new(inner_start + start, inner_start + end);
                    let what = literal::describe_hidden(c);
                    self.error(Code::HiddenCharacter, format!("a string cannot hold {what}"), at, "here")
                        .help = Some("strings are shown in the plan as one line of plain text: remove it, and say more in a `///` doc comment".into());
                }
                value
            }
            Err(bad) => {
                let at = Span::new(inner_start + bad.start, inner_start + bad.end);
                self.error(Code::InvalidEscape, bad.message, at, "this escape")
                    .help = Some(r#"the escapes are `\\`, `\"`, `\n`, `\t` and `\u{hex}`"#.into());
                inner.as_str().to_string()
            }
        };
        Str { value, span }
    }

    fn date(&mut self, pair: Node) -> Date {
        let span = self.span(&pair);
        let (year, month, day) = literal::date(pair.as_str()).unwrap_or_else(|message| {
            self.error(Code::InvalidDate, message, span, "not a calendar date")
                .help = Some("write the date as `YYYY-MM-DD`, such as `2027-01-04`".into());
            (0, 1, 1)
        });
        Date {
            year,
            month,
            day,
            span,
        }
    }

    fn integer(&mut self, pair: Node) -> Integer {
        let span = self.span(&pair);
        let value = pair.as_str().parse::<u32>().unwrap_or_else(|_| {
            let message = format!("`{}` is too large", pair.as_str());
            self.error(Code::InvalidNumber, message, span, "too large")
                .help = Some("a frontier has 2 to 100 points, as in `points 7`".into());
            0
        });
        Integer { value, span }
    }

    /// Records an error with one label and returns it so the caller can add help.
    fn error(&mut self, code: Code, message: String, span: Span, label: &str) -> &mut Diagnostic {
        let diagnostic = Diagnostic::error(code, message).with_label(self.file, span, label);
        self.diagnostics.push(diagnostic);
        self.diagnostics.last_mut().expect("just pushed")
    }
}

/// A run of digits as a number, `u32::MAX` when it is larger: the checker reports it as
/// out of range, where it knows the range.
fn saturating_integer(digits: &str) -> u32 {
    digits.parse().unwrap_or(u32::MAX)
}

/// The first child of `pair` with this rule.
fn only(pair: Node, rule: Rule) -> Node {
    only_inner(pair, |candidate| candidate == rule)
}

/// The first child of `pair` whose rule passes `wanted`.
fn only_inner(pair: Node, wanted: impl Fn(Rule) -> bool) -> Node {
    let parent = pair.as_rule();
    pair.into_inner()
        .find(|part| wanted(part.as_rule()))
        .unwrap_or_else(|| unreachable!("grammar: {parent:?} lacks a wanted child"))
}
