//! Markets and their pricing options.

use std::collections::HashMap;

use super::prices::{Priced, Written};
use super::{Elaborator, doc_of};
use crate::check::expr::Typed;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Competitor, Dim, LinExpr, Loc, Market, MarketId, PricingOption, Target};
use crate::source::FileId;
use crate::syntax::ast::{self, ItemKind, MarketAttr, OptionAttr};

impl<'a> Elaborator<'a> {
    pub(super) fn markets(&mut self) {
        for index in 0..self.program.names.markets.entries.len() {
            let (_, at, _) = self.program.names.markets.entries[index];
            let (item, file) = self.item(at);
            let ItemKind::Market(market) = &item.kind else {
                continue;
            };
            let built = self.market(market, file, doc_of(item));
            let key = (built.id.clone(), "size".to_string());
            let size = Typed {
                expr: LinExpr::constant(built.size),
                dim: Dim::CUSTOMERS,
            };
            self.attributes.insert(key, size);
            self.market_ids
                .insert(built.id.clone(), MarketId(self.markets.len()));
            self.markets.push(built);
        }
    }

    /// The market as written; after an error its values are stand-ins (the diagnostic
    /// already fails the check), so that what refers to it is still checked.
    fn market(&mut self, market: &ast::Market, file: FileId, doc: Option<String>) -> Market {
        let mut seen = HashMap::new();
        let (mut title, mut domain, mut size) = (None, None, None);
        let mut competitors = Vec::new();
        let (mut price, mut usage) = (None, None);
        for stmt in &market.attrs {
            match &stmt.kind {
                MarketAttr::Title(text) if self.once(&mut seen, "title", file, stmt.span) => {
                    title = Some(text.value.clone());
                }
                MarketAttr::Domain(name) if self.once(&mut seen, "domain", file, stmt.span) => {
                    domain = Some(name.name.clone());
                }
                MarketAttr::Size(expr) if self.once(&mut seen, "size", file, stmt.span) => {
                    let target = Target::MarketSize(MarketId(self.markets.len()));
                    size = self.guess(target, |elaborator| {
                        elaborator.amount(file, expr, Dim::CUSTOMERS, "size")
                    });
                }
                MarketAttr::Competitor { name, share } => {
                    if let Some(share) = self.amount(file, share, Dim::PLAIN, "share") {
                        competitors.push(Competitor {
                            name: name.value.clone(),
                            share,
                        });
                    }
                }
                MarketAttr::Price(expr) if self.once(&mut seen, "price", file, stmt.span) => {
                    price = Some((Written { expr, file }, stmt.span));
                }
                MarketAttr::Usage(expr) if self.once(&mut seen, "usage", file, stmt.span) => {
                    usage = Some(Written { expr, file });
                }
                _ => {}
            }
        }
        let options = match price {
            Some((price, span)) => {
                let priced = self.priced(price, usage, (MarketId(self.markets.len()), 0));
                vec![priced_option(
                    "default".into(),
                    None,
                    priced,
                    1.0,
                    Loc { file, span },
                )]
            }
            None => {
                if let Some(usage) = usage {
                    self.usage_without_price(usage, &market.name.name);
                }
                Vec::new()
            }
        };
        if !seen.contains_key("size") {
            self.error(
                Code::MissingAttribute,
                format!("market `{}` has no `size`", market.name.name),
                file,
                market.name.span,
                "needs a size",
                "add the number of potential customers, as in `size 4k customers`".into(),
            );
        }
        let taken: f64 = competitors.iter().map(|c| c.share).sum();
        if taken >= 1.0 {
            self.error(
                Code::CompetitorsTakeAll,
                format!(
                    "competitors of `{}` hold {}% of it",
                    market.name.name,
                    crate::format::number(taken * 100.0)
                ),
                file,
                market.name.span,
                "no customers are left",
                "competitor shares must add up to less than 100%".into(),
            );
        }
        Market {
            id: market.name.name.clone(),
            title,
            domain,
            doc,
            size: size.unwrap_or(0.0),
            competitors,
            options,
            loc: Loc {
                file,
                span: market.name.span,
            },
        }
    }

    pub(super) fn pricing(&mut self) {
        for block in 0..self.program.names.pricing.entries.len() {
            let (_, at, _) = self.program.names.pricing.entries[block];
            let (item, file) = self.item(at);
            let ItemKind::Pricing(pricing) = &item.kind else {
                continue;
            };
            let Some(&MarketId(index)) = self.market_ids.get(&pricing.market.name) else {
                if self
                    .program
                    .names
                    .markets
                    .position(&pricing.market.name)
                    .is_none()
                {
                    let help = suggest::did_you_mean(
                        &pricing.market.name,
                        self.program.names.markets.names(),
                    )
                    .unwrap_or_else(|| {
                        "a pricing block prices a market defined with `market`".into()
                    });
                    self.error(
                        Code::UnknownName,
                        format!("there is no market `{}`", pricing.market.name),
                        file,
                        pricing.market.span,
                        "unknown market",
                        help,
                    );
                }
                continue;
            };
            if !self.markets[index].options.is_empty() {
                self.error(
                    Code::Duplicate,
                    format!(
                        "market `{}` has both a `price` and a pricing block",
                        pricing.market.name
                    ),
                    file,
                    pricing.market.span,
                    "second way to price it",
                    "remove the market's `price`, or add it as an option of this block".into(),
                );
                continue;
            }
            let mut names: HashMap<&str, Loc> = HashMap::new();
            let mut options = Vec::new();
            for option in &pricing.options {
                let here = Loc {
                    file,
                    span: option.name.span,
                };
                if let Some(first) = names.insert(&option.name.name, here) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::Duplicate,
                            format!("option `{}` is defined twice", option.name.name),
                        )
                        .with_label(file, option.name.span, "defined again here")
                        .with_label(first.file, first.span, "first defined here")
                        .with_help("give each option of a market its own name"),
                    );
                    continue;
                }
                let at = (MarketId(index), options.len());
                options.push(self.option(option, file, at));
            }
            if pricing.options.is_empty() {
                self.error(
                    Code::MissingAttribute,
                    format!(
                        "the pricing block of `{}` has no option",
                        pricing.market.name
                    ),
                    file,
                    pricing.market.span,
                    "no option",
                    "add an option, as in `option monthly { price 2k USD/month }`".into(),
                );
            }
            self.markets[index].options = options;
        }
    }

    /// Option `at.1` of market `at.0`.
    fn option(
        &mut self,
        option: &'a ast::PricingOption,
        file: FileId,
        at: (MarketId, usize),
    ) -> PricingOption {
        let mut written = OptionWritten {
            price: None,
            usage: None,
            conversion: 1.0,
        };
        let archetype = option.archetype.as_ref();
        if let Some((defaults, defaults_file)) =
            archetype.and_then(|name| self.pricing_archetype(name, file))
        {
            let mut seen = HashMap::new();
            for stmt in defaults {
                self.option_attr(stmt, defaults_file, &mut written, &mut seen, at);
            }
        }
        let mut seen = HashMap::new();
        for stmt in &option.attrs {
            self.option_attr(stmt, file, &mut written, &mut seen, at);
        }
        let priced = match written.price {
            Some(price) => self.priced(price, written.usage, at),
            None => {
                self.error(
                    Code::MissingAttribute,
                    format!("option `{}` has no `price`", option.name.name),
                    file,
                    option.name.span,
                    "needs a price",
                    "add what one customer pays, as in `price 2k USD/month`, or a price per a \
                     count unit with its usage, as in `price 0.012 USD per 1k tokens; usage \
                     40M tokens/month`"
                        .into(),
                );
                None
            }
        };
        priced_option(
            option.name.name.clone(),
            option.doc.as_ref().map(|doc| doc.text.clone()),
            priced,
            written.conversion,
            Loc {
                file,
                span: option.span,
            },
        )
    }

    /// Records a statement of an option or of its archetype; the option's own come last
    /// and replace the archetype's.
    fn option_attr(
        &mut self,
        stmt: &'a ast::Stmt<OptionAttr>,
        file: FileId,
        written: &mut OptionWritten<'a>,
        seen: &mut HashMap<&'static str, crate::source::Span>,
        (market, option): (MarketId, usize),
    ) {
        match &stmt.kind {
            OptionAttr::Price(expr) if self.once(seen, "price", file, stmt.span) => {
                written.price = Some(Written { expr, file });
            }
            OptionAttr::Usage(expr) if self.once(seen, "usage", file, stmt.span) => {
                written.usage = Some(Written { expr, file });
            }
            OptionAttr::Conversion(expr) if self.once(seen, "conversion", file, stmt.span) => {
                let target = Target::Conversion { market, option };
                let value = self.guess(target, |elaborator| {
                    elaborator.amount(file, expr, Dim::PLAIN, "conversion")
                });
                if let Some(value) = value {
                    written.conversion = value;
                }
            }
            _ => {}
        }
    }

    /// A market's `usage` without a `price` to go with.
    fn usage_without_price(&mut self, usage: Written, market: &str) {
        self.error(
            Code::UsageWithoutUnitPrice,
            format!("market `{market}` has a `usage` but no `price`"),
            usage.file,
            usage.expr.span,
            "no price per unit to multiply",
            "add the price per unit beside it, as in `price 0.012 USD per 1k tokens`".into(),
        );
    }

    /// The statements of the pricing archetype `name` and the file that holds them, or
    /// `None` (reported) when there is none.
    fn pricing_archetype(
        &mut self,
        name: &ast::Ident,
        file: FileId,
    ) -> Option<(&'a [ast::Stmt<OptionAttr>], FileId)> {
        let at = self.archetype(name, file, "pricing")?;
        let (item, archetype_file) = self.item(at);
        match &item.kind {
            ItemKind::Archetype(ast::Archetype::Pricing { attrs, .. }) => {
                Some((attrs, archetype_file))
            }
            _ => None,
        }
    }
}

/// What an option and its archetype write, before the price is worked out.
struct OptionWritten<'a> {
    price: Option<Written<'a>>,
    usage: Option<Written<'a>>,
    conversion: f64,
}

/// A pricing option; after an error in its price, a stand-in price of zero (the
/// diagnostic already fails the check).
fn priced_option(
    id: String,
    doc: Option<String>,
    priced: Option<Priced>,
    conversion: f64,
    loc: Loc,
) -> PricingOption {
    let (monthly_price, unit_price) =
        priced.map_or((0.0, None), |priced| (priced.monthly, priced.unit_price));
    PricingOption {
        id,
        doc,
        monthly_price,
        unit_price,
        conversion,
        loc,
    }
}
