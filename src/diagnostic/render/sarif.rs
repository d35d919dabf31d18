//! Diagnostics as a SARIF 2.1.0 log, the format GitHub code scanning and other tools read.
//!
//! A log is one JSON document for the whole run, so a [`Log`] gathers each diagnostic as
//! it comes (turned into a result while its sources are at hand) and is written at the
//! end. The rules are the whole code registry, each with its title and explanation. Files
//! are named relative to the working directory (`uriBaseId` `%SRCROOT%`), and columns
//! count Unicode code points, as stratc's columns do (`columnKind`), not UTF-16 units.

use std::path::Path;

use serde::Serialize;

use super::path_from;
use crate::diagnostic::{Code, Diagnostic, Label, Severity};
use crate::source::SourceMap;

/// The page a SARIF reader links the tool to: the package's `repository`, when
/// `Cargo.toml` names one.
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The base that relative file names resolve against.
const SOURCE_ROOT: &str = "%SRCROOT%";

/// A SARIF log being gathered: the results so far, and the folder file names are
/// relative to.
pub struct Log {
    base: String,
    results: Vec<SarifResult>,
}

impl Log {
    /// An empty log whose files are named relative to `base`, the working directory.
    pub fn new(base: &Path) -> Log {
        Log {
            base: base.to_string_lossy().into_owned(),
            results: Vec::new(),
        }
    }

    /// Adds a diagnostic as a result: its code as the rule, its level, its message with
    /// the help on a line of its own, the primary label as its location and the others
    /// as related locations.
    pub fn push(&mut self, diagnostic: &Diagnostic, sources: &SourceMap) {
        let base = Path::new(&self.base);
        let location = |label: &Label| {
            let file = sources.get(label.file);
            let start = file.line_col(label.span.start);
            let end = file.line_col(label.span.end);
            Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact(base, &file.name),
                    region: Region {
                        start_line: start.line,
                        start_column: start.column,
                        end_line: end.line,
                        end_column: end.column,
                    },
                },
                message: (!label.message.is_empty()).then(|| Message::new(&label.message)),
            }
        };
        let mut text = diagnostic.message.clone();
        if let Some(help) = &diagnostic.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        self.results.push(SarifResult {
            rule_id: diagnostic.code.id(),
            rule_index: Code::ALL
                .iter()
                .position(|code| *code == diagnostic.code)
                .expect("every code is in the registry"),
            level: level(diagnostic.severity),
            message: Message::new(&text),
            locations: diagnostic.primary().map(location).into_iter().collect(),
            related_locations: diagnostic.labels.iter().skip(1).map(location).collect(),
        });
    }

    /// The log as a JSON document.
    pub fn to_json(&self) -> String {
        let rules = Code::ALL.iter().map(|code| Rule::new(*code)).collect();
        let root = format!("{}/", self.base.trim_end_matches('/'));
        let document = Document {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "stratc",
                        version: env!("CARGO_PKG_VERSION"),
                        information_uri: Some(INFORMATION_URI).filter(|uri| !uri.is_empty()),
                        rules,
                    },
                },
                original_uri_base_ids: [(
                    SOURCE_ROOT,
                    ArtifactLocation {
                        uri: file_uri(&root),
                        uri_base_id: None,
                    },
                )]
                .into_iter()
                .collect(),
                column_kind: "unicodeCodePoints",
                results: &self.results,
            }],
        };
        serde_json::to_string_pretty(&document).expect("a SARIF log serialises")
    }
}

/// The level of a result: SARIF's `error` and `warning` are stratc's severities.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Where a file is: relative to the source root when it is under the working
/// directory (or was named relative to it), else an absolute `file:` URI.
fn artifact(base: &Path, name: &str) -> ArtifactLocation {
    let path = path_from(base, name);
    if Path::new(&path).is_absolute() {
        ArtifactLocation {
            uri: file_uri(&path),
            uri_base_id: None,
        }
    } else {
        ArtifactLocation {
            uri: percent_encoded(&path),
            uri_base_id: Some(SOURCE_ROOT),
        }
    }
}

/// The `file:` URI of an absolute path.
fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{}", percent_encoded(&path))
}

/// A path as a URI reference: every byte but the unreserved characters of RFC 3986 and
/// `/` written as `%XX`, so that spaces, `#`, `?`, `%` and non-ASCII names stay one path.
fn percent_encoded(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    original_uri_base_ids: std::collections::BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: &'a [SarifResult],
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

/// A code of the registry as a SARIF rule.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Message,
    full_description: Message,
    help: Message,
    default_configuration: Configuration,
}

impl Rule {
    fn new(code: Code) -> Rule {
        let severity = if code.id().starts_with('W') {
            Severity::Warning
        } else {
            Severity::Error
        };
        Rule {
            id: code.id(),
            short_description: Message::new(code.title()),
            full_description: Message::new(code.explanation()),
            help: Message::new(&format!(
                "{}\n\n`stratc explain {}` prints this.",
                code.explanation(),
                code.id()
            )),
            default_configuration: Configuration {
                level: level(severity),
            },
        }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

impl Message {
    fn new(text: &str) -> Message {
        Message {
            text: text.to_string(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceFile, Span};

    fn log_of(
        name: &str,
        text: &str,
        diagnostic: impl Fn(crate::source::FileId) -> Diagnostic,
    ) -> serde_json::Value {
        let mut sources = SourceMap::new();
        let file = sources.add(SourceFile::new(name, text));
        let mut log = Log::new(Path::new("/repo"));
        log.push(&diagnostic(file), &sources);
        serde_json::from_str(&log.to_json()).unwrap()
    }

    #[test]
    fn a_result_names_its_rule_place_and_help() {
        let log = log_of(
            "plans/a b#1.strat",
            "market 医疗 {\n  size 4 apples\n}\n",
            |file| {
                Diagnostic::error(Code::Syntax, "unexpected `apples`")
                    .with_label(file, Span::new(25, 31), "expected a unit")
                    .with_help("write the unit after the number")
            },
        );
        let run = &log["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///repo/"
        );
        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "E0001");
        assert_eq!(
            run["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "E0001"
        );
        assert_eq!(result["level"], "error");
        assert_eq!(
            result["message"]["text"],
            "unexpected `apples`\nhelp: write the unit after the number"
        );
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "plans/a%20b%231.strat");
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(location["region"]["startLine"], 2);
        assert_eq!(location["region"]["startColumn"], 10);
        assert_eq!(location["region"]["endColumn"], 16);
    }

    #[test]
    fn files_outside_the_working_directory_are_absolute_uris() {
        let log = log_of("/elsewhere/医疗.strat", "x", |file| {
            Diagnostic::warning(Code::Syntax, "m").with_label(file, Span::new(0, 1), "")
        });
        let result = &log["runs"][0]["results"][0];
        assert_eq!(result["level"], "warning");
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(
            artifact["uri"],
            "file:///elsewhere/%E5%8C%BB%E7%96%97.strat"
        );
        assert!(artifact.get("uriBaseId").is_none());
    }

    #[test]
    fn a_file_under_the_working_directory_is_named_relative_to_it() {
        let log = log_of("/repo/s.strat", "x", |file| {
            Diagnostic::error(Code::Syntax, "m").with_label(file, Span::new(0, 1), "")
        });
        let artifact =
            &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uri"], "s.strat");
    }
}
