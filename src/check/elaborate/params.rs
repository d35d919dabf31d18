//! Params: their declared values, and the values scenarios and `--set` give them instead.
//!
//! A value that replaces a param's must be written in the param's unit (contract §3): a
//! unit of the same dimension (money, time, customers, rates), and for a plain number
//! the same notation, a percent for a param declared as a percent and a plain number for
//! one declared without `%`. `--set size_factor=50` on `param size_factor = 100%` would
//! otherwise be 5000%.

use super::{Elaborator, Override, OverrideOrigin, source_text};
use crate::check::expr::Typed;
use crate::check::suggest;
use crate::diagnostic::{Code, Diagnostic};
use crate::format;
use crate::model::{Dim, LinExpr, Loc, Param, Target};
use crate::source::FileId;
use crate::syntax::ast::{self, ExprKind, ItemKind};

/// A param as declared: what a value replacing it must agree with.
struct Declared<'a> {
    name: &'a str,
    dim: Dim,
    /// Whether the declaration writes a percent (`100%`, or a percent param).
    percent: bool,
    /// The declared value as written, spaces collapsed: `100%`, `10k USD`.
    text: String,
    /// The unit of the declared value, when it is a number with a unit: `USD/month`.
    unit: Option<String>,
    loc: Loc,
}

impl<'a> Elaborator<'a> {
    /// Every param at its value: declared, or replaced by `overrides`.
    pub(super) fn params(&mut self, overrides: &[Override]) {
        for index in 0..self.program.names.params.entries.len() {
            let (name, at, _) = &self.program.names.params.entries[index];
            let (item, file) = self.item(*at);
            let ItemKind::Param(param) = &item.kind else {
                continue;
            };
            let target = Target::Param(name.clone());
            let typed = self.guess(target.clone(), |elaborator| {
                elaborator.declared_value(name, param, file)
            });
            let Some(mut typed) = typed else {
                continue;
            };
            let declared = self.declared(name, param, file, typed.dim);
            let mut inputs = self.inputs_of(file, &param.value);
            for written in overrides.iter().filter(|o| &o.param.name == name) {
                if let Some(value) = self.override_value(&declared, written) {
                    typed.expr = LinExpr::constant(value);
                    // Its own value replaced, the param no longer depends on its ranges,
                    // and they are no longer the strategy's guesses.
                    inputs.clear();
                    self.uncertain.retain(|input| input.target != target);
                }
            }
            self.param_inputs.insert(name.clone(), inputs);
            if declared.percent {
                self.percent_params.insert(name.clone());
            }
            self.model_params.push(Param {
                name: name.clone(),
                doc: item.doc.as_ref().map(|doc| doc.text.clone()),
                value: typed.expr.constant,
                dim: typed.dim,
                percent: declared.percent,
                loc: Loc {
                    file,
                    span: param.name.span,
                },
            });
            self.params.insert(name.clone(), typed);
        }
        self.report_unknown_params(overrides);
    }

    /// The declared value of a param, which must be a constant.
    fn declared_value(&mut self, name: &str, param: &ast::Param, file: FileId) -> Option<Typed> {
        let mut diagnostics = Vec::new();
        let typed = self
            .constant_scope(file)
            .eval(&param.value, &mut diagnostics);
        self.diagnostics.extend(diagnostics);
        let typed = typed?;
        if !typed.expr.is_constant() {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::NotConstant,
                    format!("param `{name}` needs a constant"),
                )
                .with_label(file, param.value.span, "depends on decisions")
                .with_help("a param is a number with its unit, or an expression of earlier params"),
            );
            return None;
        }
        Some(typed)
    }

    /// The param `name` as its declaration writes it.
    fn declared(&self, name: &'a str, param: &ast::Param, file: FileId, dim: Dim) -> Declared<'a> {
        let unit = match &param.value.kind {
            ExprKind::Quantity(quantity) => quantity
                .unit
                .as_ref()
                .map(|unit| source_text(self.sources, file, unit.span)),
            _ => None,
        };
        Declared {
            name,
            dim,
            percent: self.written_as_percent(&param.value),
            text: source_text(self.sources, file, param.value.span),
            unit,
            loc: Loc {
                file,
                span: param.value.span,
            },
        }
    }

    /// Whether `expr` writes a percent: a `%` number, or a param declared as a percent.
    fn written_as_percent(&self, expr: &ast::Expr) -> bool {
        let percent = |expr: &ast::Expr| self.written_as_percent(expr);
        match &expr.kind {
            ExprKind::Quantity(quantity) => quantity.percent,
            ExprKind::Path(path) => {
                matches!(path.segments.as_slice(), [name] if self.percent_params.contains(&name.name))
            }
            ExprKind::Call { args, .. } => args.iter().any(percent),
            ExprKind::Neg(inner) => percent(inner),
            ExprKind::Sum { first, rest } => {
                percent(first) || rest.iter().any(|(_, term)| percent(term))
            }
            ExprKind::Product { first, rest } => {
                percent(first) || rest.iter().any(|(_, factor)| percent(factor))
            }
        }
    }

    /// The value `written` gives the param, or `None` (reported) when it is not a
    /// constant in the param's unit.
    fn override_value(&mut self, declared: &Declared, written: &Override) -> Option<f64> {
        let mut diagnostics = Vec::new();
        let typed = self
            .constant_scope(written.file)
            .eval(written.value, &mut diagnostics);
        self.diagnostics.extend(diagnostics);
        let typed = typed?;
        let problem = if !typed.expr.is_constant() {
            Some(not_constant(declared, written))
        } else if typed.dim != declared.dim {
            Some(self.other_dimension(declared, written, typed.dim))
        } else if typed.dim.is_plain() && self.written_as_percent(written.value) != declared.percent
        {
            Some(self.other_notation(declared, written, typed.expr.constant))
        } else {
            None
        };
        match problem {
            Some(problem) => {
                self.diagnostics.push(problem);
                None
            }
            None => Some(typed.expr.constant),
        }
    }

    /// A value of another dimension than the param's: `--set budget_extra=80000`.
    fn other_dimension(&self, declared: &Declared, written: &Override, found: Dim) -> Diagnostic {
        let unit = declared
            .unit
            .clone()
            .unwrap_or_else(|| self.unit_text(declared.dim));
        let (want, found) = (self.words(declared.dim), self.words(found));
        let fix = self
            .number_as_written(written)
            .filter(|number| !number.ends_with('%'))
            .map(|number| format!("{number} {unit}"));
        Diagnostic::error(
            Code::WrongDimension,
            format!(
                "param `{}` is {want} (declared `{}`), but this value is {found}",
                declared.name, declared.text
            ),
        )
        .with_label(written.file, written.value.span, format!("this is {found}"))
        .with_label(
            declared.loc.file,
            declared.loc.span,
            format!("declared as {want} here"),
        )
        .with_help(fix_help(
            declared,
            written,
            fix,
            &format!("a value in {want}"),
        ))
    }

    /// A plain number where the param is a percent, or a percent where it is a plain
    /// number: both are numbers, but one of the two was surely not meant.
    fn other_notation(&self, declared: &Declared, written: &Override, value: f64) -> Diagnostic {
        let number = self.number_as_written(written);
        let (kind, problem, label, fix) = if declared.percent {
            (
                "a percent",
                "has no `%`",
                format!("without `%`, this is {}%", format::number(value * 100.0)),
                number.map(|number| format!("{number}%")),
            )
        } else {
            (
                "a plain number",
                "is a percent",
                format!("with `%`, this is {}", format::number(value)),
                number.map(|number| number.trim_end_matches('%').to_string()),
            )
        };
        Diagnostic::error(
            Code::ParamNotation,
            format!(
                "param `{}` is {kind} (declared `{}`), but this value {problem}",
                declared.name, declared.text
            ),
        )
        .with_label(written.file, written.value.span, label)
        .with_label(
            declared.loc.file,
            declared.loc.span,
            format!("declared as {kind} here"),
        )
        .with_help(fix_help(declared, written, fix, kind))
    }

    /// The number of a value written as a single number, without its unit: `50` of `50`,
    /// `80k` of `80k EUR`, `70%` of `70%`.
    fn number_as_written(&self, written: &Override) -> Option<String> {
        let ExprKind::Quantity(quantity) = &written.value.kind else {
            return None;
        };
        let span = written.value.span;
        let end = quantity
            .unit
            .as_ref()
            .map_or(span.end, |unit| unit.span.start);
        let text = &self.sources.get(written.file).text;
        text.get(span.start..end)
            .map(|number| number.trim().to_string())
    }

    /// Reports each override of a param the strategy does not declare.
    fn report_unknown_params(&mut self, overrides: &[Override]) {
        for written in overrides {
            if self
                .program
                .names
                .params
                .position(&written.param.name)
                .is_some()
            {
                continue;
            }
            let help =
                suggest::did_you_mean(&written.param.name, self.program.names.params.names())
                    .unwrap_or_else(|| {
                        "only params can be overridden; declare it with `param`".into()
                    });
            self.error(
                Code::UnknownName,
                format!("there is no param `{}`", written.param.name),
                written.file,
                written.param.span,
                "unknown param",
                help,
            );
        }
    }
}

/// A value replacing a param that depends on the optimiser's decisions.
fn not_constant(declared: &Declared, written: &Override) -> Diagnostic {
    Diagnostic::error(
        Code::NotConstant,
        format!("param `{}` needs a constant", declared.name),
    )
    .with_label(
        written.file,
        written.value.span,
        "this depends on the optimiser's decisions",
    )
    .with_help(format!(
        "give it a number in its unit, as the declaration does: `{}`",
        declared.text
    ))
}

/// The help that spells the fix where the value was written: `write `--set
/// size_factor=50%``, or `write `size_factor = 50%`` in a scenario; without a `fix`,
/// `wanted` in words beside the declaration.
fn fix_help(declared: &Declared, written: &Override, fix: Option<String>, wanted: &str) -> String {
    let Some(value) = fix else {
        return format!(
            "give it {wanted}, as the declaration does: `{}`",
            declared.text
        );
    };
    let name = declared.name;
    match written.origin {
        // A value with a space needs quotes in the shell.
        OverrideOrigin::CommandLine if value.contains(' ') => {
            format!("write `--set \"{name}={value}\"`")
        }
        OverrideOrigin::CommandLine => format!("write `--set {name}={value}`"),
        OverrideOrigin::Scenario => format!("write `{name} = {value}`"),
    }
}
