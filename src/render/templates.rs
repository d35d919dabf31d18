//! The handlebars templates of the Markdown and HTML plans: embedded in the binary, or
//! replaced by a user's own (`stratc build --templates DIR`).

use std::borrow::Cow;

use handlebars::Handlebars;
use serde::Serialize;

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
/// string.
fn engine(
    name: &str,
    template: &str,
    escape: fn(&str) -> String,
) -> Result<Handlebars<'static>, String> {
    let mut engine = Handlebars::new();
    engine.set_strict_mode(true);
    engine.register_escape_fn(escape);
    engine
        .register_template_string(name, template)
        .map_err(|error| format!("template `{name}`: {error}"))?;
    Ok(engine)
}

fn render(engine: &Handlebars, name: &str, data: &impl Serialize) -> Result<String, String> {
    engine
        .render(name, data)
        .map_err(|error| format!("template `{name}`: {error}"))
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
}
