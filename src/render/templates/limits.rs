//! The bounds a user's template must keep, checked when it is compiled, before anything
//! renders with it: a template that breaks one is a clear error, never a stack overflow
//! or a build that seems to hang.
//!
//! - **Size.** handlebars' parser finds the line and column of every tag by counting from
//!   the start of the text, so reading a template takes time proportional to its size
//!   times its tags: 40,000 lines took about a minute. [`check_size`] bounds both before
//!   the parser runs; at the bounds reading takes a fifth of a second.
//! - **Depth.** Rendering recurses once per nested block, partial and subexpression, and
//!   each level costs kilobytes of stack. [`check_nesting`] walks the compiled tree and
//!   bounds the deepest path rendering can take, following partials into their bodies.
//! - **Recursion.** A partial that includes itself, directly or through others, renders
//!   without end. Partial names must be written out (not computed), so every inclusion
//!   is known here and a cycle is an error; the plan's data holds no tree that a
//!   recursive partial could walk, so nothing useful is lost.

use std::collections::HashMap;

use handlebars::template::{Parameter, Template, TemplateElement};
use serde_json::Value as Json;

/// The most bytes a template may hold: 11 times the built-in HTML template.
pub const MAX_BYTES: usize = 128 * 1024;

/// The most tags a template may hold, counting each `{{` as one: 4 times the built-in
/// templates' 225. With [`MAX_BYTES`], the worst template takes about 0.2 s to read in
/// a release build (2 s in a debug build), against a minute for the 40,000 lines of
/// issue 11.
pub const MAX_TAGS: usize = 1_000;

/// How deep blocks, partials and subexpressions may nest, counted along the deepest path
/// rendering can take (a partial's body counts at the depth it is included at). The
/// built-in templates nest 5 deep.
pub const MAX_DEPTH: usize = 64;

/// The name under which the partial block (`{{> @partial-block}}`) is included: it is
/// rendered before the partial, as text, so it adds no depth there.
const PARTIAL_BLOCK: &str = "@partial-block";

/// What is wrong with a template, and the line that shows it when one does.
#[derive(Debug, PartialEq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    fn at(line: Option<usize>, message: String) -> Problem {
        Problem { line, message }
    }
}

/// Checks the size of a template's text, before handlebars reads it.
pub fn check_size(text: &str) -> Result<(), Problem> {
    if text.len() > MAX_BYTES {
        return Err(Problem::at(
            None,
            format!(
                "the template is {} KB, and a template may be at most {} KB: reading one takes time that grows with the square of its size",
                text.len().div_ceil(1024),
                MAX_BYTES / 1024
            ),
        ));
    }
    let tags = text.matches("{{").count();
    if tags > MAX_TAGS {
        return Err(Problem::at(
            None,
            format!(
                "the template has {tags} tags (`{{{{`), and a template may have at most {MAX_TAGS}: reading one takes time that grows with its size times its tags"
            ),
        ));
    }
    Ok(())
}

/// Checks that rendering `root` (registered as `name`) nests at most [`MAX_DEPTH`] deep
/// and that no partial includes itself. Inline partials are taken by name across the
/// whole template, whatever block defines them: a name defined twice counts as both
/// bodies, which can only find more depth than rendering reaches, never less.
pub fn check_nesting(name: &str, root: &Template) -> Result<(), Problem> {
    let mut walk = Walk {
        partials: partials(root)?,
        heights: HashMap::new(),
        including: vec![name.to_string()],
    };
    walk.partials
        .entry(name.to_string())
        .or_default()
        .push(root);
    walk.template(root, 0)?;
    Ok(())
}

/// Every inline partial (`{{#*inline "name"}}…{{/inline}}`) by name, found without
/// recursion, since the tree may be deeper than the bound it is checked against.
fn partials(root: &Template) -> Result<HashMap<String, Vec<&Template>>, Problem> {
    let mut found: HashMap<String, Vec<&Template>> = HashMap::new();
    let mut pending = vec![root];
    while let Some(template) = pending.pop() {
        for (index, element) in template.elements.iter().enumerate() {
            let line = line_of(template, index);
            match element {
                TemplateElement::HelperBlock(helper) => {
                    pending.extend(helper.template.iter().chain(&helper.inverse));
                }
                TemplateElement::DecoratorBlock(decorator)
                | TemplateElement::DecoratorExpression(decorator) => {
                    if decorator.name.as_name() == Some("inline") {
                        let partial = match decorator.params.first() {
                            Some(Parameter::Literal(Json::String(partial))) => partial,
                            _ => {
                                return Err(Problem::at(
                                    line,
                                    "an inline partial's name must be a quoted string, as in `{{#*inline \"row\"}}`".to_string(),
                                ));
                            }
                        };
                        if let Some(body) = &decorator.template {
                            found.entry(partial.clone()).or_default().push(body);
                        }
                    }
                    pending.extend(&decorator.template);
                }
                TemplateElement::PartialExpression(decorator)
                | TemplateElement::PartialBlock(decorator) => {
                    if partial_name(&decorator.name).is_none() {
                        return Err(Problem::at(
                            line,
                            "a partial's name must be written out, as in `{{> row}}`, not computed: stratc checks before rendering that no partial includes itself".to_string(),
                        ));
                    }
                    pending.extend(&decorator.template);
                }
                _ => {}
            }
        }
    }
    Ok(found)
}

/// The name a partial is included by, as handlebars reads it; `None` when it is computed
/// by a subexpression while rendering.
fn partial_name(name: &Parameter) -> Option<String> {
    match name {
        Parameter::Literal(Json::String(name)) => Some(name.clone()),
        Parameter::Literal(literal) => Some(literal.to_string()),
        Parameter::Subexpression(_) => None,
        named => named.as_name().map(str::to_string),
    }
}

/// The line of a template's element, when handlebars recorded it.
fn line_of(template: &Template, index: usize) -> Option<usize> {
    template.mapping.get(index).map(|mapping| mapping.0)
}

/// The walk over what rendering does: how many levels below its own each template and
/// partial reaches.
struct Walk<'t> {
    partials: HashMap<String, Vec<&'t Template>>,
    /// Each partial's height once known, so that a partial included from many places is
    /// walked once.
    heights: HashMap<String, usize>,
    /// The partials being walked, outermost first: one of them included again is a cycle.
    including: Vec<String>,
}

impl<'t> Walk<'t> {
    /// How many levels below `level` rendering `template` reaches. `level` is the depth
    /// `template` renders at along the path walked, and every level is checked against
    /// [`MAX_DEPTH`] before the walk goes down to it, so the walk's own recursion stays
    /// within the bound too.
    fn template(&mut self, template: &'t Template, level: usize) -> Result<usize, Problem> {
        let mut height = 0;
        for (index, element) in template.elements.iter().enumerate() {
            let line = line_of(template, index);
            let below = match element {
                TemplateElement::Expression(helper) | TemplateElement::HtmlExpression(helper) => {
                    parameters(&helper.params, &helper.hash, level, line)?
                }
                TemplateElement::HelperBlock(helper) => {
                    too_deep(level, line)?;
                    let mut below = parameters(&helper.params, &helper.hash, level + 1, line)?;
                    for body in helper.template.iter().chain(&helper.inverse) {
                        below = below.max(self.template(body, level + 1)?);
                    }
                    1 + below
                }
                TemplateElement::PartialExpression(decorator)
                | TemplateElement::PartialBlock(decorator) => {
                    too_deep(level, line)?;
                    let mut below =
                        parameters(&decorator.params, &decorator.hash, level + 1, line)?;
                    // A partial block's body renders first, as the partial's
                    // `{{> @partial-block}}` (which then writes it as text), or instead of
                    // a partial that does not exist.
                    if let Some(body) = &decorator.template {
                        below = below.max(self.template(body, level + 1)?);
                    }
                    let name = partial_name(&decorator.name).unwrap_or_default();
                    if name != PARTIAL_BLOCK {
                        below = below.max(self.partial(&name, level + 1, line)?);
                    }
                    1 + below
                }
                // Text, comments, and inline partials, whose bodies render where they are
                // included.
                _ => 0,
            };
            height = height.max(below);
        }
        Ok(height)
    }

    /// How many levels below `level` the partial `name` reaches when it renders at
    /// `level` (0 for a partial that does not exist: rendering says so).
    fn partial(&mut self, name: &str, level: usize, line: Option<usize>) -> Result<usize, Problem> {
        if let Some(start) = self.including.iter().position(|open| open == name) {
            let mut cycle = self.including[start..].to_vec();
            cycle.push(name.to_string());
            let cycle = cycle.join("` → `");
            return Err(Problem::at(
                line,
                format!(
                    "the partial `{name}` includes itself (`{cycle}`), so rendering it would never end"
                ),
            ));
        }
        if let Some(&height) = self.heights.get(name) {
            if height > 0 {
                too_deep(level + height - 1, line)?;
            }
            return Ok(height);
        }
        let Some(bodies) = self.partials.get(name).cloned() else {
            return Ok(0);
        };
        self.including.push(name.to_string());
        let mut height = 0;
        for body in bodies {
            height = height.max(self.template(body, level)?);
        }
        self.including.pop();
        self.heights.insert(name.to_string(), height);
        Ok(height)
    }
}

/// Fails when a level below `level` would pass [`MAX_DEPTH`].
fn too_deep(level: usize, line: Option<usize>) -> Result<(), Problem> {
    if level < MAX_DEPTH {
        Ok(())
    } else {
        Err(Problem::at(
            line,
            format!(
                "blocks, partials and subexpressions nest more than {MAX_DEPTH} deep here, counting the partials included on the way"
            ),
        ))
    }
}

/// How many levels below `level` the subexpressions among `params` and `hash` reach:
/// each `(helper …)` is evaluated one level down.
fn parameters(
    params: &[Parameter],
    hash: &HashMap<String, Parameter>,
    level: usize,
    line: Option<usize>,
) -> Result<usize, Problem> {
    let mut height = 0;
    for parameter in params.iter().chain(hash.values()) {
        if let Parameter::Subexpression(subexpression) = parameter {
            too_deep(level, line)?;
            let below = match subexpression.as_element() {
                TemplateElement::Expression(helper) => {
                    parameters(&helper.params, &helper.hash, level + 1, line)?
                }
                _ => 0,
            };
            height = height.max(1 + below);
        }
    }
    Ok(height)
}

#[cfg(test)]
mod tests {
    use handlebars::Template;

    use super::{MAX_DEPTH, MAX_TAGS, check_nesting, check_size};

    fn nesting(text: &str) -> Result<(), String> {
        let template = Template::compile(text).unwrap();
        check_nesting("plan.md.hbs", &template)
            .map_err(|problem| format!("line {:?}: {}", problem.line, problem.message))
    }

    #[test]
    fn the_built_in_templates_keep_the_bounds() {
        let templates = super::super::Templates::default();
        for text in [&templates.markdown, &templates.html] {
            assert_eq!(check_size(text), Ok(()));
            assert_eq!(nesting(text), Ok(()));
        }
    }

    #[test]
    fn a_partial_that_includes_itself_is_an_error() {
        let error = nesting(r#"{{#*inline "a"}}x{{> a}}{{/inline}}{{> a}}"#).unwrap_err();
        assert!(
            error.contains("the partial `a` includes itself (`a` → `a`)"),
            "{error}"
        );
        let error = nesting(
            "{{#*inline \"a\"}}{{> b}}{{/inline}}\n{{#*inline \"b\"}}{{#if x}}{{> a}}{{/if}}{{/inline}}\n{{> a}}",
        )
        .unwrap_err();
        assert!(error.starts_with("line Some(2)"), "{error}");
        assert!(error.contains("(`a` → `b` → `a`)"), "{error}");
        let error = nesting("{{#*inline \"a\"}}{{> plan.md.hbs}}{{/inline}}{{> a}}").unwrap_err();
        assert!(
            error.contains("`plan.md.hbs` → `a` → `plan.md.hbs`"),
            "{error}"
        );
    }

    #[test]
    fn partials_included_many_times_are_fine_and_walked_once() {
        // Each partial includes the next twice: 2^40 paths, one walk each.
        let mut text = String::new();
        for level in 0..40 {
            text.push_str(&format!(
                "{{{{#*inline \"p{level}\"}}}}{{{{> p{next}}}}}{{{{> p{next}}}}}{{{{/inline}}}}",
                next = level + 1
            ));
        }
        text.push_str("{{#*inline \"p40\"}}leaf{{/inline}}{{> p0}}");
        assert_eq!(nesting(&text), Ok(()));
        assert_eq!(nesting("{{#> layout}}body{{/layout}}"), Ok(()));
    }

    #[test]
    fn computed_names_are_errors() {
        let error = nesting("{{> (lookup this \"name\")}}").unwrap_err();
        assert!(error.contains("must be written out"), "{error}");
        let error = nesting("{{#*inline name}}x{{/inline}}").unwrap_err();
        assert!(error.contains("must be a quoted string"), "{error}");
    }

    #[test]
    fn depth_counts_blocks_partials_and_subexpressions() {
        let nested =
            |depth: usize| format!("{}x{}", "{{#if a}}".repeat(depth), "{{/if}}".repeat(depth));
        assert_eq!(nesting(&nested(MAX_DEPTH)), Ok(()));
        let error = nesting(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(error.contains("nest more than 64 deep"), "{error}");
        // Half the depth in a partial, half where it is included.
        let half = nested(MAX_DEPTH / 2 + 1);
        let included = |depth: usize| {
            format!(
                "{{{{#*inline \"p\"}}}}{half}{{{{/inline}}}}{{{{> p}}}}{}{{{{> p}}}}{}",
                "{{#if a}}".repeat(depth),
                "{{/if}}".repeat(depth)
            )
        };
        // The first inclusion walks the partial; the second, deeper, uses its height.
        assert_eq!(nesting(&included(MAX_DEPTH / 2 - 2)), Ok(()));
        assert!(nesting(&included(MAX_DEPTH / 2 - 1)).is_err());
        let subexpressions =
            |depth: usize| format!("{{{{x {}1{}}}}}", "(a ".repeat(depth), ")".repeat(depth));
        assert_eq!(nesting(&subexpressions(MAX_DEPTH)), Ok(()));
        assert!(nesting(&subexpressions(MAX_DEPTH + 1)).is_err());
    }

    #[test]
    fn size_is_bounded_in_bytes_and_tags() {
        assert!(check_size(&"x".repeat(super::MAX_BYTES)).is_ok());
        let error = check_size(&"x".repeat(super::MAX_BYTES + 1)).unwrap_err();
        assert!(error.message.contains("129 KB"), "{}", error.message);
        assert!(check_size(&"{{a}}".repeat(MAX_TAGS)).is_ok());
        let error = check_size(&"{{a}}".repeat(MAX_TAGS + 1)).unwrap_err();
        assert!(error.message.contains("1001 tags"), "{}", error.message);
    }
}
