//! The languages a plan is written in: each a file of strings in `locales/` (`en.toml`,
//! `zh-CN.toml`), embedded in the binary, listed by the build script, so that adding a
//! language is adding one file.
//!
//! A locale file has three tables: `[format]`, how the language writes numbers and dates
//! ([`Notation`]); `[units]`, the words of units (`year`, `customers`); and `[strings]`,
//! every word and sentence of the plans and of `stratc build`'s summary, sentences with
//! named placeholders (`{id}`, `{share}`) that [`Locale::fill`] fills. The templates see
//! the strings as `t` (`{{t.channels_opened}}`) and fill them with the `fill` helper.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::format::Notation;
use crate::model::{Stage, StageKind};

/// The locale files, sorted by tag: `(tag, text)`.
const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The locale plans are written in when neither the strategy nor the command line names
/// one.
pub const DEFAULT: &str = "en";

/// A language's words, and how it writes numbers and dates.
#[derive(Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Locale {
    /// The tag, such as `zh-CN`: the file's name.
    #[serde(skip)]
    pub tag: &'static str,
    pub format: Notation,
    /// Unit words by their English spelling, as `Dim::unit_text` writes them.
    pub units: BTreeMap<String, String>,
    /// Every word and sentence, by key.
    pub strings: BTreeMap<String, String>,
}

impl Locale {
    /// The locale tagged `tag`, if stratc has it.
    pub fn named(tag: &str) -> Option<&'static Locale> {
        all().iter().find(|locale| locale.tag == tag)
    }

    /// The default locale, English.
    pub fn english() -> &'static Locale {
        Locale::named(DEFAULT).expect("`locales/en.toml` is embedded")
    }

    /// Every locale's tag, sorted.
    pub fn tags() -> Vec<&'static str> {
        FILES.iter().map(|(tag, _)| *tag).collect()
    }

    /// The string `key`; English's when this locale lacks it (the tests see that none
    /// does), and the key itself when English lacks it too.
    pub fn text(&self, key: &'static str) -> &str {
        self.strings
            .get(key)
            .or_else(|| Locale::english().strings.get(key))
            .map_or(key, String::as_str)
    }

    /// What a plan in this language calls `stage`: its title, or its keyword's word.
    pub fn stage(&self, stage: &Stage) -> String {
        match &stage.title {
            Some(title) => title.clone(),
            None => self.text(stage_key(stage.kind)).to_string(),
        }
    }

    /// The string `key` with each `{name}` of `values` replaced by its value.
    pub fn fill(&self, key: &'static str, values: &[(&str, &str)]) -> String {
        fill(self.text(key), |name| {
            values
                .iter()
                .find(|(wanted, _)| *wanted == name)
                .map(|(_, value)| (*value).to_string())
        })
    }

    /// A unit as `Dim::unit_text` spells it (`USD/year`, `per customer`), in this
    /// language's words (`USD/年`, `每客户`): each word the `[units]` table knows is
    /// replaced, and the space between two replaced words that are not Latin is dropped.
    pub fn unit(&self, english: &str) -> String {
        let mut out = String::new();
        let mut last_translated = false;
        for (index, piece) in english.split(' ').enumerate() {
            let words: Vec<(String, bool)> = piece
                .split('/')
                .map(|word| match self.units.get(word) {
                    Some(translated) => (translated.clone(), !translated.is_ascii()),
                    None => (word.to_string(), false),
                })
                .collect();
            let first_translated = words.first().is_some_and(|(_, translated)| *translated);
            if index > 0 && !(last_translated && first_translated) {
                out.push(' ');
            }
            last_translated = words.last().is_some_and(|(_, translated)| *translated);
            let joined: Vec<String> = words.into_iter().map(|(word, _)| word).collect();
            out.push_str(&joined.join("/"));
        }
        out
    }

    /// An amount with its unit, compact: `4.65M USD/year`, `1.27亿 CNY/年`; a plain
    /// number alone.
    pub fn quantity(&self, value: f64, english_unit: &str) -> String {
        if english_unit.is_empty() {
            crate::format::number(value)
        } else {
            format!("{} {}", self.format.compact(value), self.unit(english_unit))
        }
    }

    /// Money in `currency`: `700k USD`, `350万 CNY`.
    pub fn money(&self, value: f64, currency: &str) -> String {
        format!("{} {currency}", self.format.compact(value))
    }

    /// Items joined as a list: `a`, `a and b`, `a, b and c`.
    pub fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [only] => only.clone(),
            [rest @ .., last] => self.fill(
                "list_and",
                &[
                    ("rest", &rest.join(self.text("list_separator"))),
                    ("last", last),
                ],
            ),
        }
    }

    /// `text` as a sentence: a capital first letter (where the language has capitals) and
    /// the language's full stop.
    pub fn sentence(&self, text: &str) -> String {
        let mut chars = text.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        format!(
            "{}{}{}",
            first.unwrap_or_default(),
            chars.as_str(),
            self.text("full_stop")
        )
    }
}

/// The key of the word for a stage without a title.
fn stage_key(kind: StageKind) -> &'static str {
    match kind {
        StageKind::Research => "stage_research",
        StageKind::Channels => "stage_channels",
        StageKind::Model => "stage_model",
        StageKind::Promotion => "stage_promotion",
        StageKind::Service => "stage_service",
        StageKind::Iteration => "stage_iteration",
    }
}

/// `template` with each `{name}` replaced by `value(name)`; a name without a value, or a
/// brace that opens no name, stays as written.
pub fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_end = after.find('}').filter(|end| {
            after[..*end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        match name_end.and_then(|end| Some((end, value(&after[..end])?))) {
            Some((end, filled)) => {
                out.push_str(&filled);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl std::fmt::Debug for Locale {
    /// The tag alone: a model's debug print names its locale, not every word of it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Locale({})", self.tag)
    }
}

/// The placeholders of a string: each `{name}`, in order.
pub fn placeholders(template: &str) -> Vec<String> {
    let names = std::cell::RefCell::new(Vec::new());
    fill(template, |name| {
        names.borrow_mut().push(name.to_string());
        Some(String::new())
    });
    names.into_inner()
}

/// Every embedded locale, parsed once.
fn all() -> &'static [Locale] {
    static ALL: OnceLock<Vec<Locale>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|(tag, text)| {
                // The files are part of the binary, and `tests` parses each one.
                let mut locale: Locale = toml::from_str(text)
                    .unwrap_or_else(|error| panic!("locales/{tag}.toml: {error}"));
                locale.tag = tag;
                locale
            })
            .collect()
    })
}

#[cfg(test)]
mod tests;
