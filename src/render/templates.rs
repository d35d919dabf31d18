//! The handlebars templates of the Markdown and HTML plans: embedded in the binary, or
//! replaced by a user's own (`stratc build --templates DIR`), which must keep the bounds
//! of [`limits`].

pub mod limits;

use std::borrow::Cow;
use std::io::Write;

use handlebars::{Handlebars, TemplateError, handlebars_helper};
use serde::Serialize;

use self::limits::Problem;

/// The templates a build renders its plans with.
#[derive(Clone, Debug, PartialEq)]
pub struct Templates {
    pub markdown: String,
    pub html: String,
}

impl Default for Templates {
    /// The templates embedded in the binary.
    fn default() -> Templates {
        Templates {
            markdown: include_str!("../../templates/plan.md.hbs").to_string(),
            html: include_str!("../../templates/plan.html.hbs").to_string(),
        }
    }
}

/// The file names a templates folder may hold, each replacing one embedded template.
pub const MARKDOWN_FILE: &str = "plan.md.hbs";
pub const HTML_FILE: &str = "plan.html.hbs";

/// The two templates, compiled once: a build renders with it, and `stratc watch` keeps
/// it across rebuilds (compiling is most of the time rendering takes).
pub struct Renderer {
    markdown: Handlebars<'static>,
    html: Handlebars<'static>,
}

impl Renderer {
    /// Compiles `templates`; a template that does not parse is an error naming its file.
    pub fn new(templates: &Templates) -> Result<Renderer, String> {
        Ok(Renderer {
            markdown: engine(MARKDOWN_FILE, &templates.markdown, escape_markdown)?,
            html: engine(HTML_FILE, &templates.html, escape_html)?,
        })
    }

    /// The Markdown template over `data`.
    pub fn markdown(&self, data: &impl Serialize) -> Result<String, String> {
        render(&self.markdown, MARKDOWN_FILE, data)
    }

    /// The HTML template over `data`.
    pub fn html(&self, data: &impl Serialize) -> Result<String, String> {
        render(&self.html, HTML_FILE, data)
    }
}

/// A handlebars engine holding `template` as `name`, escaping `{{value}}` with `escape`.
/// Strict: a template naming a field the plan does not have is an error, not an empty
/// string. The template's size is checked before it is read, and its nesting after.
fn engine(
    name: &str,
    template: &str,
    escape: fn(&str) -> String,
) -> Result<Handlebars<'static>, String> {
    limits::check_size(template).map_err(|problem| described(name, &problem))?;
    let mut engine = Handlebars::new();
    engine.set_strict_mode(true);
    engine.register_escape_fn(escape);
    engine.register_helper("fill", Box::new(fill));
    engine
        .register_template_string(name, template)
        .map_err(|error| described(name, &syntax_problem(&error)))?;
    if let Some(compiled) = engine.get_template(name) {
        limits::check_nesting(name, compiled).map_err(|problem| described(name, &problem))?;
    }
    Ok(engine)
}

/// A template that does not parse, said in one line: handlebars' own message quotes the
/// line, which may be the whole template.
fn syntax_problem(error: &TemplateError) -> Problem {
    let mut message = error.reason().to_string();
    // pest's parser stops before the stack runs out; only blocks nested far past
    // `MAX_DEPTH` take it there.
    if message.ends_with("stack limit reached") {
        message.push_str(&format!(
            " (blocks nest too deep: at most {} levels)",
            limits::MAX_DEPTH
        ));
    }
    Problem {
        line: error.pos().map(|(line, _)| line),
        message,
    }
}

// `{{fill t.spend_used used=spend.used}}`: a locale string with each `{name}` of the hash
// filled in, as `Locale::fill` fills them in Rust; the result is escaped as any value is.
handlebars_helper!(
    fill: |text: str, **values| crate::locale::fill(text, |name| {
        values.get(name).map(|value| match value {
            serde_json::Value::String(text) => text.clone(),
            serde_json::Value::Number(number) => {
                crate::format::number(number.as_f64().unwrap_or_default())
            }
            other => other.to_string(),
        })
    })
);

/// `problem` of the template `name`, as the command line says it.
fn described(name: &str, problem: &Problem) -> String {
    match problem.line {
        Some(line) => format!("template `{name}`, line {line}: {}", problem.message),
        None => format!("template `{name}`: {}", problem.message),
    }
}

/// The most bytes a rendered plan may have: a template whose loops nest over the plan's
/// lists could otherwise fill the memory before it finished.
pub const MAX_OUTPUT_BYTES: usize = 64 * 1024 * 1024;

fn render(engine: &Handlebars, name: &str, data: &impl Serialize) -> Result<String, String> {
    let mut output = Bounded::default();
    let rendered = engine.render_to_write(name, data, &mut output);
    if output.full {
        return Err(format!(
            "template `{name}`: the plan would be larger than {} MB; do its loops nest too deep?",
            MAX_OUTPUT_BYTES / (1024 * 1024)
        ));
    }
    rendered.map_err(|error| format!("template `{name}`: {error}"))?;
    String::from_utf8(output.bytes).map_err(|_| format!("template `{name}`: the plan is not UTF-8"))
}

/// A rendered plan, refusing to grow past [`MAX_OUTPUT_BYTES`].
#[derive(Default)]
struct Bounded {
    bytes: Vec<u8>,
    full: bool,
}

impl Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + bytes.len() > MAX_OUTPUT_BYTES {
            self.full = true;
            return Err(std::io::Error::other("the plan is too large"));
        }
        self.bytes.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Text made literal in HTML, with `code spans` as `<code>`: doc comments and the plan's
/// own sentences mark names that way, as in Markdown.
pub fn escape_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    for (index, piece) in code_spans(text).iter().enumerate() {
        if index % 2 == 1 {
            html.push_str("<code>");
            html.push_str(&handlebars::html_escape(piece));
            html.push_str("</code>");
        } else {
            html.push_str(&handlebars::html_escape(piece));
        }
    }
    html
}

/// Text made literal in Markdown, but for its `code spans`: each character that could
/// start emphasis, a link, a heading or an HTML tag is backslash-escaped, and `|` always
/// (it ends a table cell even in a code span). An underscore inside a word stays as it is,
/// since it cannot start emphasis there, so `open hospital_association` reads as written.
pub fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for (index, piece) in code_spans(text).iter().enumerate() {
        if index % 2 == 1 {
            escaped.push('`');
            escaped.push_str(&piece.replace('|', "\\|"));
            escaped.push('`');
            continue;
        }
        let chars: Vec<char> = piece.chars().collect();
        for (at, &c) in chars.iter().enumerate() {
            let in_word = |offset: isize| {
                at.checked_add_signed(offset)
                    .and_then(|near| chars.get(near))
                    .is_some_and(|near| near.is_alphanumeric())
            };
            let literal = match c {
                '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => false,
                '_' => in_word(-1) && in_word(1),
                _ => true,
            };
            if !literal {
                escaped.push('\\');
            }
            escaped.push(c);
        }
    }
    escaped
}

/// `text` cut at its backticks: the pieces at odd positions are code spans. A last
/// backtick without a partner stays in the plain text.
fn code_spans(text: &str) -> Vec<Cow<'_, str>> {
    let mut pieces: Vec<Cow<str>> = text.split('`').map(Cow::Borrowed).collect();
    if pieces.len() % 2 == 0 {
        let last = pieces.pop().unwrap_or_default();
        let before = pieces.pop().unwrap_or_default();
        pieces.push(Cow::Owned(format!("{before}`{last}")));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::{Renderer, Templates, escape_html, escape_markdown};

    #[test]
    fn markdown_text_cannot_open_a_tag_or_a_cell() {
        assert_eq!(escape_markdown("a <b> | *c*"), "a \\<b\\> \\| \\*c\\*");
        assert_eq!(
            escape_markdown("plain words, 4.6M USD"),
            "plain words, 4.6M USD"
        );
        assert_eq!(
            escape_markdown("open hospital_association"),
            "open hospital_association"
        );
        assert_eq!(
            escape_markdown("_starts and ends_"),
            "\\_starts and ends\\_"
        );
    }

    #[test]
    fn code_spans_stay_code() {
        assert_eq!(
            escape_markdown("limit of `tech_bar` *now*"),
            "limit of `tech_bar` \\*now\\*"
        );
        assert_eq!(escape_markdown("a `b|c` d"), "a `b\\|c` d");
        assert_eq!(escape_markdown("one ` alone"), "one \\` alone");
        assert_eq!(
            escape_html("see `a<b` and `c`"),
            "see <code>a&lt;b</code> and <code>c</code>"
        );
        assert_eq!(escape_html("odd ` tick"), "odd &#x60; tick");
    }

    #[test]
    fn html_text_is_escaped_and_unknown_fields_are_errors() {
        let templates = Templates {
            markdown: "{{title}}".into(),
            html: "<h1>{{title}}</h1>".into(),
        };
        let renderer = Renderer::new(&templates).unwrap();
        let data = serde_json::json!({ "title": "<script> *x*" });
        assert_eq!(renderer.markdown(&data).unwrap(), "\\<script\\> \\*x\\*");
        assert_eq!(renderer.html(&data).unwrap(), "<h1>&lt;script&gt; *x*</h1>");
        let misspelt = Templates {
            markdown: "{{titel}}".into(),
            ..Templates::default()
        };
        let error = Renderer::new(&misspelt)
            .unwrap()
            .markdown(&data)
            .unwrap_err();
        assert!(error.contains("titel"), "{error}");
        let broken = Templates {
            html: "{{#if title}}unclosed".into(),
            ..Templates::default()
        };
        let error = Renderer::new(&broken).err().unwrap();
        assert!(error.starts_with("template `plan.html.hbs`"), "{error}");
        assert!(Renderer::new(&Templates::default()).is_ok());
    }

    /// Issue 11: the deepest templates the bounds allow render on a thread with a 1 MB
    /// stack, half of what a test thread has and an eighth of the main thread's.
    #[test]
    fn templates_at_the_depth_bound_render_on_a_small_stack() {
        let depth = super::limits::MAX_DEPTH;
        let blocks = format!(
            "{}{{{{title}}}}{}",
            "{{#with this}}".repeat(depth),
            "{{/with}}".repeat(depth)
        );
        // A chain of partials, each including the next: one level each, and one for the
        // `if` around the first.
        let mut chain = String::new();
        for level in 0..depth - 2 {
            chain.push_str(&format!(
                "{{{{#*inline \"p{level}\"}}}}{{{{> p{}}}}}{{{{/inline}}}}",
                level + 1
            ));
        }
        chain.push_str(&format!(
            "{{{{#*inline \"p{}\"}}}}{{{{title}}}}{{{{/inline}}}}",
            depth - 2
        ));
        let partials = format!("{chain}{{{{#if title}}}}{{{{> p0}}}}{{{{/if}}}}");
        let too_deep =
            format!("{chain}{{{{#if title}}}}{{{{#if title}}}}{{{{> p0}}}}{{{{/if}}}}{{{{/if}}}}");
        let rendered = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || {
                let data = serde_json::json!({ "title": "deep" });
                let render = |markdown: &str| {
                    let templates = Templates {
                        markdown: markdown.to_string(),
                        ..Templates::default()
                    };
                    Renderer::new(&templates).and_then(|renderer| renderer.markdown(&data))
                };
                (render(&blocks), render(&partials), render(&too_deep))
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(rendered.0.as_deref(), Ok("deep"));
        assert_eq!(rendered.1.as_deref(), Ok("deep"));
        let error = rendered.2.unwrap_err();
        assert!(error.contains("nest more than 64 deep"), "{error}");
    }

    #[test]
    fn a_plan_past_the_output_bound_is_an_error() {
        let rows: Vec<u32> = (0..40).collect();
        let data = serde_json::json!({ "rows": rows, "text": "x".repeat(2000) });
        let templates = Templates {
            markdown: "{{#each rows}}{{#each ../rows}}{{#each ../../rows}}{{{../../../text}}}{{/each}}{{/each}}{{/each}}".into(),
            ..Templates::default()
        };
        let rendered = Renderer::new(&templates).unwrap().markdown(&data);
        let error = rendered.map(|plan| plan.len()).unwrap_err();
        assert!(error.contains("larger than 64 MB"), "{error}");
    }
}
