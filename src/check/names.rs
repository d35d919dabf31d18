//! The names a strategy defines, gathered from all its files: one table per kind of item,
//! with duplicates reported (pointing at both definitions).

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{CountUnit, CountUnits, Loc, MAX_COUNT_UNITS, StageKind};
use crate::syntax::ast::{self, ItemKind, UnitWord};

use super::load::Loaded;
use super::suggest;

/// Where an item is: in a strategy file or a library file, and its index there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemRef {
    pub library: bool,
    pub file: usize,
    pub item: usize,
}

impl Loaded {
    /// The item an [`ItemRef`] points at.
    pub fn item(&self, at: ItemRef) -> &ast::Item {
        let files = if at.library {
            &self.library_files
        } else {
            &self.files
        };
        &files[at.file].ast.items[at.item]
    }

    /// The file id of the file an [`ItemRef`] points into.
    pub fn file_id(&self, at: ItemRef) -> crate::source::FileId {
        let files = if at.library {
            &self.library_files
        } else {
            &self.files
        };
        files[at.file].id
    }
}

/// Named items of one kind, in definition order.
#[derive(Debug, Default)]
pub struct Table {
    pub entries: Vec<(String, ItemRef, Loc)>,
    index: HashMap<String, usize>,
}

impl Table {
    /// The position of the item with this name.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The names, in definition order.
    pub fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.entries.iter().map(|(name, _, _)| name.as_str())
    }

    fn insert(&mut self, name: &str, at: ItemRef, loc: Loc) -> Result<(), Loc> {
        if let Some(&existing) = self.index.get(name) {
            return Err(self.entries[existing].2);
        }
        self.index.insert(name.to_string(), self.entries.len());
        self.entries.push((name.to_string(), at, loc));
        Ok(())
    }
}

/// The built-in quantities a param may not be named after, since expressions read names
/// as params before built-ins.
pub const BUILT_INS: &[&str] = &[
    "spend",
    "customers",
    "revenue",
    "share",
    "satisfaction",
    "tech",
    "active",
    "active_channels",
    "budget",
    "horizon",
];

/// Every named item of a strategy.
#[derive(Debug, Default)]
pub struct Names {
    pub strategy: Option<ItemRef>,
    pub params: Table,
    /// The count units declared with `unit`, and where each is declared.
    pub units: CountUnits,
    pub unit_locs: Vec<Loc>,
    pub markets: Table,
    pub channels: Table,
    pub scenarios: Table,
    /// The `pricing` blocks, by the name of the market they price.
    pub pricing: Table,
    /// The stage block written for each stage, if any.
    pub stages: [Option<ItemRef>; 6],
    pub objective: Option<ItemRef>,
    pub constraints: Vec<ItemRef>,
    pub pareto: Option<ItemRef>,
    pub channel_archetypes: Table,
    pub pricing_archetypes: Table,
}

/// Gathers the names of every item of `loaded`.
pub fn gather(loaded: &Loaded, diagnostics: &mut Vec<Diagnostic>) -> Names {
    let mut gathering = Gathering {
        names: Names::default(),
        constraint_names: Table::default(),
        diagnostics,
    };
    for import in &loaded.library_imports {
        let at = ItemRef {
            library: true,
            file: import.file,
            item: import.item,
        };
        gathering.archetype(loaded.item(at), at, import.loc);
    }
    for (file, loaded_file) in loaded.files.iter().enumerate() {
        for (item, ast_item) in loaded_file.ast.items.iter().enumerate() {
            let at = ItemRef {
                library: false,
                file,
                item,
            };
            let loc = |span| Loc {
                file: loaded_file.id,
                span,
            };
            gathering.item(ast_item, at, &loc);
        }
    }
    gathering.names
}

struct Gathering<'d> {
    names: Names,
    constraint_names: Table,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl Gathering<'_> {
    fn item(&mut self, item: &ast::Item, at: ItemRef, loc: &dyn Fn(crate::source::Span) -> Loc) {
        match &item.kind {
            ItemKind::Strategy(strategy) => {
                self.single(
                    |names| &mut names.strategy,
                    at,
                    loc(strategy.title.span),
                    "strategy block",
                );
            }
            ItemKind::Use(_) => {}
            ItemKind::Param(param) => {
                let name = &param.name;
                if BUILT_INS.contains(&name.name.as_str()) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::ReservedName,
                            format!(
                                "`{}` is a built-in quantity and cannot name a param",
                                name.name
                            ),
                        )
                        .with_label(loc(name.span).file, name.span, "a built-in name")
                        .with_help("choose another name, such as `target_revenue`"),
                    );
                    return;
                }
                let result = self.names.params.insert(&name.name, at, loc(name.span));
                self.duplicate(result, "param", &name.name, loc(name.span));
            }
            ItemKind::Unit(unit) => self.unit(&unit.name, loc(unit.name.span)),
            ItemKind::Market(market) => self.place(&market.name, at, loc, true),
            ItemKind::Channel(channel) => self.place(&channel.name, at, loc, false),
            ItemKind::Pricing(pricing) => {
                let market = &pricing.market;
                let here = loc(market.span);
                let result = self.names.pricing.insert(&market.name, at, here);
                if let Err(first) = result {
                    self.diagnostics.push(duplicate_diagnostic(
                        &format!("market `{}` has two pricing blocks", market.name),
                        here,
                        first,
                        "put all of the market's options in one `pricing` block",
                    ));
                }
            }
            ItemKind::Stage(stage) => self.stage(&stage.name, at, loc),
            ItemKind::Objective(_) => {
                self.single(
                    |names| &mut names.objective,
                    at,
                    loc(item.span),
                    "objective",
                );
            }
            ItemKind::Constraint(constraint) => {
                if let Some(name) = &constraint.name {
                    let result = self.constraint_names.insert(&name.name, at, loc(name.span));
                    self.duplicate(result, "constraint", &name.name, loc(name.span));
                }
                self.names.constraints.push(at);
            }
            ItemKind::Scenario(scenario) => {
                let name = &scenario.name;
                let result = self.names.scenarios.insert(&name.name, at, loc(name.span));
                self.duplicate(result, "scenario", &name.name, loc(name.span));
            }
            ItemKind::Pareto(_) => {
                self.single(|names| &mut names.pareto, at, loc(item.span), "pareto line");
            }
            ItemKind::Archetype(_) => self.archetype(item, at, loc(item.span)),
        }
    }

    /// A market or a channel: they share one namespace, since `customers(x)` takes either.
    fn place(
        &mut self,
        name: &ast::Ident,
        at: ItemRef,
        loc: &dyn Fn(crate::source::Span) -> Loc,
        market: bool,
    ) {
        let here = loc(name.span);
        if !market && StageKind::from_name(&name.name).is_some() {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::ReservedName,
                    format!("`{}` names a stage and cannot name a channel", name.name),
                )
                .with_label(here.file, name.span, "a stage name")
                .with_help("`spend(x)` takes a channel or a stage, so their names must differ"),
            );
            return;
        }
        let (same, other, kind, other_kind) = if market {
            (
                &mut self.names.markets,
                &self.names.channels,
                "market",
                "channel",
            )
        } else {
            (
                &mut self.names.channels,
                &self.names.markets,
                "channel",
                "market",
            )
        };
        if let Some(index) = other.position(&name.name) {
            let first = other.entries[index].2;
            self.diagnostics.push(duplicate_diagnostic(
                &format!("`{}` is already a {other_kind}", name.name),
                here,
                first,
                &format!("markets and channels share names, since `customers({})` could mean either; rename this {kind}", name.name),
            ));
            return;
        }
        let result = same.insert(&name.name, at, here);
        self.duplicate(result, kind, &name.name, here);
    }

    /// A count unit: neither of its spellings (`token`, `tokens`) may be a built-in
    /// unit's or another count unit's.
    fn unit(&mut self, name: &ast::Ident, here: Loc) {
        let unit = CountUnit::new(&name.name);
        let spellings = [unit.singular.as_str(), unit.plural.as_str()];
        // The name as written first, so that `unit months` is reported as `months`.
        let written_first = [
            name.name.as_str(),
            unit.singular.as_str(),
            unit.plural.as_str(),
        ];
        let built_in = written_first.iter().find_map(|spelling| {
            let other = "name the count unit after what a customer uses, such as `tokens`, \
                         `calls` or `seats`";
            let (what, help) = match UnitWord::read(spelling) {
                UnitWord::Count(_) => return None,
                UnitWord::Currency(_) => (
                    "a currency code",
                    "three capital letters read as a currency: name the unit otherwise, such \
                     as `Tok` or `tokens`",
                ),
                UnitWord::Customer => ("the unit of customers", other),
                UnitWord::Time(_) => ("a unit of time", other),
            };
            Some((*spelling, what, help))
        });
        if let Some((spelling, what, help)) = built_in {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::ReservedName,
                    format!("`{spelling}` is {what} and cannot name a count unit"),
                )
                .with_label(here.file, here.span, "a built-in unit")
                .with_help(help),
            );
            return;
        }
        if let Some(first) = self.names.units.iter().position(|declared| {
            spellings
                .iter()
                .any(|spelling| declared.is_spelled(spelling))
        }) {
            let declared = &self.names.units.iter().nth(first).expect("found").name;
            let message = if declared == &name.name {
                format!("unit `{}` is declared twice", name.name)
            } else {
                format!(
                    "`{}` and `{declared}` are one unit, declared twice",
                    name.name
                )
            };
            self.diagnostics.push(duplicate_diagnostic(
                &message,
                here,
                self.names.unit_locs[first],
                &if unit.singular == unit.plural {
                    "remove the second `unit`".to_string()
                } else {
                    format!(
                        "`{}` and `{}` spell one unit: remove the second `unit`",
                        unit.singular, unit.plural
                    )
                },
            ));
            return;
        }
        if self.names.units.declare(unit).is_none() {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::OutOfRange,
                    format!("a strategy declares at most {MAX_COUNT_UNITS} count units"),
                )
                .with_label(here.file, here.span, "one unit too many")
                .with_help(
                    "price by the units that set what a customer pays, and remove the others",
                ),
            );
            return;
        }
        self.names.unit_locs.push(here);
    }

    fn stage(&mut self, name: &ast::Ident, at: ItemRef, loc: &dyn Fn(crate::source::Span) -> Loc) {
        let here = loc(name.span);
        let Some(kind) = StageKind::from_name(&name.name) else {
            let stages = StageKind::ALL.map(StageKind::name);
            let help = suggest::did_you_mean(&name.name, stages)
                .unwrap_or_else(|| format!("the stages are {}", super::load::list(&stages)));
            self.diagnostics.push(
                Diagnostic::error(
                    Code::UnknownName,
                    format!("there is no stage `{}`", name.name),
                )
                .with_label(here.file, name.span, "not one of the six stages")
                .with_help(help),
            );
            return;
        };
        let slot = &mut self.names.stages[kind as usize];
        if slot.is_some() {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    format!("stage `{}` is written twice", name.name),
                )
                .with_label(here.file, name.span, "second block for this stage")
                .with_help("put everything of one stage in one block"),
            );
            return;
        }
        *slot = Some(at);
    }

    fn archetype(&mut self, item: &ast::Item, at: ItemRef, loc: Loc) {
        let (table, name) = match &item.kind {
            ItemKind::Archetype(ast::Archetype::Channel { name, .. }) => {
                (&mut self.names.channel_archetypes, name)
            }
            ItemKind::Archetype(ast::Archetype::Pricing { name, .. }) => {
                (&mut self.names.pricing_archetypes, name)
            }
            _ => return,
        };
        let here = if at.library {
            loc
        } else {
            Loc {
                file: loc.file,
                span: name.span,
            }
        };
        let result = table.insert(&name.name, at, here);
        self.duplicate(result, "archetype", &name.name, here);
    }

    /// Records an item of which a strategy has at most one.
    fn single(
        &mut self,
        slot: impl Fn(&mut Names) -> &mut Option<ItemRef>,
        at: ItemRef,
        here: Loc,
        what: &str,
    ) {
        let slot = slot(&mut self.names);
        if slot.is_some() {
            self.diagnostics.push(
                Diagnostic::error(Code::Duplicate, format!("a strategy has one {what}"))
                    .with_label(here.file, here.span, format!("a second {what}"))
                    .with_help(format!("remove or merge the second {what}")),
            );
        } else {
            *slot = Some(at);
        }
    }

    fn duplicate(&mut self, result: Result<(), Loc>, kind: &str, name: &str, here: Loc) {
        if let Err(first) = result {
            self.diagnostics.push(duplicate_diagnostic(
                &format!("{kind} `{name}` is defined twice"),
                here,
                first,
                &format!("rename one of them, or remove the second {kind}"),
            ));
        }
    }
}

fn duplicate_diagnostic(message: &str, here: Loc, first: Loc, help: &str) -> Diagnostic {
    Diagnostic::error(Code::Duplicate, message)
        .with_label(here.file, here.span, "defined again here")
        .with_label(first.file, first.span, "first defined here")
        .with_help(help)
}
