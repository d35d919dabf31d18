//! Turning pest's parse errors into diagnostics in plain words.
//!
//! pest reports the rules and literal tokens it tried at the furthest position it reached.
//! This module names them as a reader would ("a unit such as `USD`", "`}`"), groups the
//! statements of one kind of block ("a channel statement"), and picks a help line for the
//! most telling expectation.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::grammar::Rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// A kind of block whose statements are reported together, found by one of its rules.
struct StatementGroup {
    marker: Rule,
    description: &'static str,
    help: &'static str,
}

const GROUPS: &[StatementGroup] = &[
    StatementGroup {
        marker: Rule::kw_market,
        description: "an item such as `market`, `channel` or `stage`",
        help: "a file holds items, each starting on its own line: `strategy`, `use`, `param`, \
               `unit`, `market`, `pricing`, `channel`, `stage`, `objective`, `constraint`, `scenario`, \
               `pareto` and `archetype`",
    },
    StatementGroup {
        marker: Rule::kw_currency,
        description: "a strategy statement",
        help: "the strategy block holds `currency`, `horizon`, `budget` and `start`, one per line \
               or separated by `;`",
    },
    StatementGroup {
        marker: Rule::kw_domain,
        description: "a market statement",
        help: "a market holds `title`, `domain`, `size`, `competitor`, `price` and `usage`, one \
               per line or separated by `;`",
    },
    StatementGroup {
        marker: Rule::kw_reaches,
        description: "a channel statement",
        help: "a channel holds `title`, `reaches`, `setup`, `lead`, `revenue_share`, `spend min`, \
               `spend max`, `after` and `response`, one per line or separated by `;`",
    },
    StatementGroup {
        marker: Rule::kw_conversion,
        description: "`price`, `usage` or `conversion`",
        help: "a pricing option holds `price`, `usage` and `conversion`, as in \
               `option usage { price 1.5k USD/month; conversion 125% }`",
    },
    StatementGroup {
        marker: Rule::kw_option,
        description: "an `option`",
        help: "a pricing block lists its options: `option monthly { price 2k USD/month }`",
    },
    StatementGroup {
        marker: Rule::kw_task,
        description: "a stage statement",
        help: "a stage holds `title`, `task`, `budget max`, `satisfaction` (in `service`) and `tech` \
               (in `iteration`)",
    },
    StatementGroup {
        marker: Rule::kw_duration,
        description: "a task statement",
        help: "a task holds `duration`, `cost` and `after`, one per line or separated by `;`",
    },
    StatementGroup {
        marker: Rule::kw_base,
        description: "`base`, `load` or `response`",
        help: "a satisfaction or tech block holds `base`, `response` and (satisfaction only) \
               `load`",
    },
];

/// The help for an expectation that is not a statement group, most telling first.
const HELPS: &[(&str, &str)] = &[
    (GROUPS[0].description, GROUPS[0].help),
    (
        UNIT,
        "write the unit after the number, as in `40k USD`, `3 months`, `500 customers` or \
         `2k USD/month`",
    ),
    (
        "a string in double quotes",
        "text such as titles is written in double quotes: `\"Private clinics\"`",
    ),
    ("a date such as `2027-01-04`", "write dates as `YYYY-MM-DD`"),
    (
        "a currency code such as `USD`",
        "a currency is a three-letter ISO 4217 code in capitals, such as `USD` or `EUR`",
    ),
    (
        "a name",
        "a name starts with a letter of any script or `_` and goes on with letters, digits \
         and `_` (`clinics`, `医疗`, `阿里云市场`); words that start items and statements, such \
         as `market` or `per`, cannot be names",
    ),
    (
        "`maximize`",
        "each objective term starts with `maximize` or `minimize`, as in \
         `maximize revenue weight 0.4`",
    ),
    (
        STATEMENT_END,
        "each statement goes on its own line, or statements are separated by `;`",
    ),
    (
        "a value",
        "a value is a number with its unit (`40k USD`), a name, a call such as `revenue(aws)`, \
         or an expression of these with `+ - * /` and parentheses",
    ),
];

const UNIT: &str = "a unit (such as `USD` or `customers`)";

/// What ends a statement in a block.
const STATEMENT_END: &str = "a new line, `;` or `}`";

/// The diagnostic for a pest error in `chunk`, a part of `text` (the whole file).
pub fn diagnostic(file: FileId, text: &str, chunk: Span, error: &Error<Rule>) -> Diagnostic {
    let mut at = chunk.start
        + match error.location {
            InputLocation::Pos(at) => at,
            InputLocation::Span((start, _)) => start,
        };
    // An item cut short runs into the next item's chunk: point at where it stops instead.
    let cut_short = at == chunk.end;
    if cut_short {
        at = chunk.start + text[chunk.start..chunk.end].trim_end().len();
    }
    if let Some(doc) = doc_comment_before(text, at) {
        return stray_doc(file, doc);
    }
    if let Some(slip) = super::slips::diagnostic(file, text, at) {
        return slip;
    }
    let found = if cut_short && chunk.end < text.len() {
        Found {
            text: "end of line".into(),
            span: Span::new(at, at),
        }
    } else {
        found_at(text, at)
    };
    if found.text == "`\"`" && !text[at + 1..].lines().next().unwrap_or("").contains('"') {
        return Diagnostic::error(Code::Syntax, "this string is not closed")
            .with_label(
                file,
                found.span,
                "the string starts here and the line ends before a closing `\"`",
            )
            .with_help("close the string with `\"`; a string cannot span lines");
    }
    let expected = expectations(error);
    let list = join_alternatives(&expected.descriptions);
    let label = if list.is_empty() {
        "not expected here".to_string()
    } else {
        format!("expected {list}")
    };
    let mut diagnostic = Diagnostic::error(Code::Syntax, format!("unexpected {}", found.text))
        .with_label(file, found.span, label);
    if let Some(help) = expected.help {
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

/// The span of the `///` line at `at`, or of the last line before `at` when that is a
/// `///` line with only blanks between: a doc comment the parser could not attach.
fn doc_comment_before(text: &str, at: usize) -> Option<Span> {
    let line_start = |end: usize| text[..end].rfind('\n').map_or(0, |newline| newline + 1);
    let candidates = [at, text[..at].trim_end().len()];
    candidates.into_iter().find_map(|position| {
        let start = line_start(position);
        let line = text[start..].lines().next().unwrap_or("");
        let doc = line.trim_start();
        let is_doc = doc.starts_with("///") && !doc.starts_with("////");
        let indent = line.len() - doc.len();
        is_doc.then(|| Span::new(start + indent, start + line.trim_end().len()))
    })
}

fn stray_doc(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::error(Code::StrayDocComment, "this doc comment documents nothing")
        .with_label(
            file,
            span,
            "a `///` comment must stand above an item, a task or an option",
        )
        .with_help("move it above what it describes, or write `//` for a plain comment")
}

/// The token a reader sees at the error, and its span.
struct Found {
    text: String,
    span: Span,
}

fn found_at(text: &str, at: usize) -> Found {
    let rest = &text[at..];
    let empty = |what: &str| Found {
        text: what.to_string(),
        span: Span::new(at, at),
    };
    let Some(first) = rest.chars().next() else {
        return empty("end of file");
    };
    if first == '\n' || rest.starts_with("\r\n") {
        return empty("end of line");
    }
    let word_len = if super::ident::is_continue(first) {
        rest.find(|c: char| !(super::ident::is_continue(c) || c == '.'))
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    let word = &rest[..word_len];
    // The message quotes at most the first 40 characters of a word of any length.
    let quoted = match word.char_indices().nth(40) {
        Some((cut, _)) => &word[..cut],
        None => word,
    };
    let mut shown: String = if quoted.chars().all(|c| !c.is_control()) {
        quoted.to_string()
    } else {
        quoted.chars().flat_map(char::escape_default).collect()
    };
    if quoted.len() < word.len() {
        shown.push('…');
    }
    Found {
        text: format!("`{shown}`"),
        span: Span::new(at, at + word_len),
    }
}

/// What the parser expected, described, with the help line to show.
struct Expectations {
    descriptions: Vec<String>,
    help: Option<&'static str>,
}

fn expectations(error: &Error<Rule>) -> Expectations {
    let positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let group = GROUPS
        .iter()
        .find(|group| positives.contains(&group.marker));
    let mut descriptions: Vec<String> = Vec::new();
    if let Some(group) = group {
        push_unique(&mut descriptions, group.description.to_string());
    }
    for rule in positives.iter().filter(|_| group.is_none()) {
        for description in describe_rule(*rule) {
            push_unique(&mut descriptions, description);
        }
    }
    let tokens = literal_tokens(error);
    // Where only `}` can follow, the statement before it has ended: say how statements end.
    if descriptions.is_empty() && tokens == ["}"] {
        descriptions.push(STATEMENT_END.to_string());
    } else {
        for token in tokens {
            push_unique(&mut descriptions, format!("`{token}`"));
        }
    }
    let help = group.map(|group| group.help).or_else(|| {
        HELPS
            .iter()
            .find(|(description, _)| descriptions.iter().any(|d| d == description))
            .map(|(_, help)| *help)
    });
    Expectations { descriptions, help }
}

fn push_unique(descriptions: &mut Vec<String>, description: String) {
    if !descriptions.contains(&description) {
        descriptions.push(description);
    }
}

/// The punctuation tokens pest tried at the error; keywords come from their rules, and
/// operators, `(` and `;` are left out because almost any statement could continue with
/// them.
fn literal_tokens(error: &Error<Rule>) -> Vec<String> {
    const SHOWN: &[&str] = &["{", "}", ")", ":", ",", "=", "=>", "\""];
    let Some(attempts) = error.parse_attempts() else {
        return Vec::new();
    };
    let mut tokens: Vec<String> = attempts
        .expected_tokens()
        .into_iter()
        .map(|token| token.to_string())
        .filter(|token| SHOWN.contains(&token.as_str()))
        .collect();
    tokens.sort_by_key(|token| SHOWN.iter().position(|shown| shown == token));
    tokens
}

/// How a reader would name what a rule matches: nothing for rules that say nothing.
fn describe_rule(rule: Rule) -> Vec<String> {
    let text = match rule {
        // A file that is not a strategy at all fails on its first word, where pest names
        // the rule of a whole item.
        Rule::item => GROUPS[0].description,
        Rule::ident | Rule::path => "a name",
        Rule::expr | Rule::product | Rule::unary | Rule::quantity | Rule::number | Rule::call => {
            "a value"
        }
        Rule::unit | Rule::unit_word => UNIT,
        Rule::string | Rule::string_inner => "a string in double quotes",
        Rule::date => "a date such as `2027-01-04`",
        Rule::integer => "a whole number",
        Rule::currency_code => "a currency code such as `USD`",
        Rule::locale_tag => "a locale such as `en` or `zh-CN`",
        Rule::comparison | Rule::compare_op => "a comparison (`>=`, `<=`, `==`)",
        Rule::implies => "`=>`",
        Rule::sense | Rule::objective_term => {
            return vec!["`maximize`".into(), "`minimize`".into()];
        }
        Rule::objective_kind | Rule::objective_list => "`weighted` or `lexicographic`",
        Rule::archetype_ref => "`:`",
        Rule::stage_after => "`after`",
        Rule::use_names => "`{`",
        Rule::std_path => "a library path such as `std.channels.{tech_community}`",
        Rule::term_weight => "`weight`",
        Rule::term_within => "`within`",
        Rule::robust => "`at p10`, `expected` or `worst`",
        Rule::percentile => "a percentile such as `p10`",
        Rule::robust_samples => "`over`",
        Rule::every_sample => "`in every sample`",
        // A statement can go on with these almost anywhere; naming them misleads.
        Rule::add_op
        | Rule::mul_op
        | Rule::negate
        | Rule::kw_per
        | Rule::unit_div
        | Rule::unit_count => {
            return Vec::new();
        }
        Rule::doc_comment | Rule::EOI => return Vec::new(),
        _ => {
            return keyword_of(rule)
                .map(|word| format!("`{word}`"))
                .into_iter()
                .collect();
        }
    };
    vec![text.to_string()]
}

/// The word of a keyword or single-keyword statement rule: `size` for `kw_size`.
fn keyword_of(rule: Rule) -> Option<String> {
    let name = rule.name();
    if let Some(word) = name.strip_prefix("kw_") {
        return Some(word.to_string());
    }
    let statement = name.strip_suffix("_stmt").unwrap_or(&name);
    Some(match statement {
        "spend_min" => "spend min".to_string(),
        "spend_max" => "spend max".to_string(),
        "budget_max" => "budget max".to_string(),
        "use_item" => "use".to_string(),
        "unit_decl" => "unit".to_string(),
        other => other.to_string(),
    })
}

/// `a`, `a or b`, `a, b or c`.
fn join_alternatives(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
