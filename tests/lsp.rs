//! `stratc lsp`: the real binary driven over standard input and output with the
//! protocol's Content-Length framing, as an editor drives it. One session opens a
//! strategy that imports a file with a Chinese market name, asks every feature, edits the
//! strategy into errors and back, and watches the plan's hints come, go and come back.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long an answer, or a build's hints, may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `stratc lsp` and the messages it has sent that no one has taken yet.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    pending: Vec<Value>,
    next_id: u64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stratc"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("stratc lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            pending: Vec::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response's result.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let response = self.wait(&format!("the answer to {method}"), |message| {
            message["id"] == json!(id) && message.get("method").is_none()
        });
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// Sends a request that the server must refuse, and returns its error's message.
    fn refused(&mut self, method: &str, params: Value) -> String {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let response = self.wait(&format!("the answer to {method}"), |message| {
            message["id"] == json!(id) && message.get("method").is_none()
        });
        response["error"]["message"].as_str().unwrap().to_string()
    }

    /// The first message (taken now or arriving within the patience) that `wanted` accepts;
    /// the server's own requests (hint refreshes) are answered as they come.
    fn wait(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.pending.iter().position(&wanted) {
            return self.pending.remove(at);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .incoming
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {what} within {PATIENCE:?}"));
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
            }
            if wanted(&message) {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let published = self.wait("diagnostics", |message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
        });
        published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .clone()
    }

    /// Forgets the messages received so far that no one asked for.
    fn drain(&mut self) {
        self.pending.extend(self.incoming.try_iter());
        self.pending.clear();
    }

    /// The hints of `uri`, asked again after each refresh until `done` accepts them.
    fn hints_until(&mut self, uri: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let hints = self.request(
                "textDocument/inlayHint",
                json!({ "textDocument": { "uri": uri }, "range": whole() }),
            );
            let hints = hints.as_array().cloned().unwrap_or_default();
            if done(&hints) {
                return hints;
            }
            assert!(
                Instant::now() < deadline,
                "the hints never settled: {hints:?}"
            );
            self.wait("a hint refresh", |message| {
                message["method"] == "workspace/inlayHint/refresh"
            });
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One message read with its Content-Length header; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn whole() -> Value {
    json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 9999, "character": 0 } })
}

/// The protocol position (UTF-16 columns) of the `nth` occurrence of `needle` in `text`,
/// `into` bytes further.
fn position(text: &str, needle: &str, nth: usize, into: usize) -> Value {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` {nth}"))
        .0
        + into;
    let line_start = text[..at].rfind('\n').map_or(0, |start| start + 1);
    let line = text[..at].matches('\n').count();
    let character = text[line_start..at].encode_utf16().count();
    json!({ "line": line, "character": character })
}

fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lsp")
}

fn uri(file: &str) -> String {
    format!("file://{}", folder().join(file).display()).replace(' ', "%20")
}

fn labels(hints: &[Value]) -> Vec<(u64, String)> {
    hints
        .iter()
        .map(|hint| {
            (
                hint["position"]["line"].as_u64().unwrap(),
                hint["label"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_editor_session_checks_navigates_edits_and_shows_the_plan_inline() {
    let main = uri("main.strat");
    let markets = uri("markets.strat");
    let text = std::fs::read_to_string(folder().join("main.strat")).unwrap();
    let mut client = Client::start();
    let initialized = client.request(
        "initialize",
        json!({ "capabilities": { "workspace": { "inlayHint": { "refreshSupport": true } } } }),
    );
    assert_eq!(initialized["serverInfo"]["name"], "stratc");
    assert_eq!(initialized["capabilities"]["inlayHintProvider"], true);
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": main, "languageId": "strat", "version": 1, "text": text } }),
    );
    assert_eq!(client.diagnostics(&main), Vec::<Value>::new());

    // The plan inline: opening builds, and the hints come with the plan.
    let hints = client.hints_until(&main, |hints| hints.len() == 4);
    let aws_line = text[..text.find("channel aws").unwrap()]
        .matches('\n')
        .count() as u64;
    let shown = labels(&hints);
    assert!(
        shown.iter().any(|(line, label)| *line == aws_line
            && label.starts_with("190k USD · 117 customers · live month 2")),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|(_, label)| label == "pricing default · share 20.42%"),
        "{shown:?}"
    );
    assert!(
        shown
            .iter()
            .any(|(_, label)| label == "binds" || label.starts_with("slack ")),
        "{shown:?}"
    );

    // Hover: kind, inherited attributes with the archetype's doc, the plan's figures.
    let hover = client.request(
        "textDocument/hover",
        at(&main, position(&text, "aws", 0, 1)),
    );
    let hover = hover["contents"]["value"].as_str().unwrap();
    assert!(hover.starts_with("**channel** `aws`"), "{hover}");
    assert!(
        hover.contains("**From channel archetype `cloud_marketplace`**: A hyperscaler"),
        "{hover}"
    );
    assert!(
        hover.contains("- `revenue_share 15%`") && hover.contains("- `lead 2 months`"),
        "{hover}"
    );
    assert!(hover.contains("- setup 40k USD"), "{hover}");
    assert!(
        hover.contains("**In the plan**") && hover.contains("- spend 190k USD (setup 40k)"),
        "{hover}"
    );
    let hover = client.request(
        "textDocument/hover",
        at(&main, position(&text, "size_factor", 1, 0)),
    );
    let hover = hover["contents"]["value"].as_str().unwrap();
    assert!(
        hover.contains("**param** `size_factor`") && hover.contains("Scales the hospitals market."),
        "{hover}"
    );
    assert!(
        hover.contains("- value 100%") && hover.contains("- dimension: a plain number"),
        "{hover}"
    );

    // Definition across an import, with UTF-16 columns, and into the standard library.
    let definition = client.request(
        "textDocument/definition",
        at(&main, position(&text, "诊所", 0, 3)),
    );
    assert_eq!(definition["uri"], markets.as_str());
    assert_eq!(
        definition["range"]["start"],
        json!({ "line": 1, "character": 7 })
    );
    assert_eq!(
        definition["range"]["end"],
        json!({ "line": 1, "character": 9 })
    );
    let definition = client.request(
        "textDocument/definition",
        at(&main, position(&text, "cloud_marketplace", 1, 0)),
    );
    assert_eq!(definition["uri"], "stratc-stdlib:///channels.strat");
    let library = client.request(
        "stratc/stdlib",
        json!({ "uri": "stratc-stdlib:///channels.strat" }),
    );
    assert!(
        library
            .as_str()
            .unwrap()
            .contains("archetype channel cloud_marketplace")
    );

    // References and rename across both files.
    let references = client.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": main }, "position": position(&text, "诊所", 1, 0), "context": { "includeDeclaration": true } }),
    );
    let places: Vec<&str> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|place| place["uri"].as_str().unwrap())
        .collect();
    assert_eq!(places, [markets.as_str(), &main, &main, &main]);
    let renamed = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": position(&text, "诊所", 0, 0), "newName": "门诊" }),
    );
    assert_eq!(renamed["changes"][&main].as_array().unwrap().len(), 3);
    assert_eq!(renamed["changes"][&markets][0]["newText"], "门诊");
    let refused = client.refused(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": position(&text, "cloud_marketplace", 1, 0), "newName": "x" }),
    );
    assert!(refused.contains("standard library"), "{refused}");
    let refused = client.refused(
        "textDocument/rename",
        json!({ "textDocument": { "uri": main }, "position": position(&text, "hospitals", 1, 0), "newName": "2x" }),
    );
    assert!(refused.contains("`2x` is not a name"), "{refused}");

    // Completion: archetypes after `:`, and names, quantities and units elsewhere.
    let completed = client.request(
        "textDocument/completion",
        at(&main, position(&text, " cloud_marketplace {", 0, 1)),
    );
    let offered: Vec<&str> = completed
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert!(
        offered.contains(&"cloud_marketplace") && offered.contains(&"ai_platform"),
        "{offered:?}"
    );
    assert!(!offered.contains(&"hospitals"), "{offered:?}");
    let completed = client.request(
        "textDocument/completion",
        at(&main, position(&text, "objective maximize revenue", 0, 19)),
    );
    let offered: Vec<&str> = completed
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    for expected in [
        "size_factor",
        "hospitals",
        "诊所",
        "revenue",
        "USD",
        "months",
        "market",
    ] {
        assert!(offered.contains(&expected), "{expected}: {offered:?}");
    }
    let completed = client.request(
        "textDocument/completion",
        at(&main, position(&text, "  setup 40k", 0, 0)),
    );
    let lead = completed
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["label"] == "lead")
        .unwrap()
        .clone();
    assert_eq!(lead["detail"], "its archetype gives `lead 2 months`");

    // An edit into errors: diagnostics with help, quick fixes, and the hints withdrawn.
    let broken = text.replace("reaches hospitals 70%", "reaches hospital 70%")
        + "constraint floor: revenue >= 2M USD\n";
    client.drain();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": 2 }, "contentChanges": [{ "text": broken }] }),
    );
    let diagnostics = client.diagnostics(&main);
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap())
        .collect();
    assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("\nhelp: did you mean `hospitals`?"),
        "{diagnostics:?}"
    );
    assert_eq!(
        diagnostics[0]["range"]["start"],
        position(&broken, "hospital ", 0, 0)
    );
    assert!(codes.iter().all(|code| code.starts_with('E')), "{codes:?}");
    client.wait("the hints withdrawn", |message| {
        message["method"] == "workspace/inlayHint/refresh"
    });
    let hints = client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": main }, "range": whole() }),
    );
    assert_eq!(hints, json!([]));
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": main }, "range": whole(), "context": { "diagnostics": [] } }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|action| action["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["write `hospitals`", "write `2M USD/year`"]);
    let fix = &actions[1]["edit"]["changes"][&main][0];
    assert_eq!(fix["range"]["start"], position(&broken, "2M USD", 0, 0));
    assert_eq!(fix["range"]["end"], position(&broken, "2M USD", 0, 6));

    // Formatting: `stratc fmt`'s layout, as one edit; none while the text has syntax errors.
    let unformatted = text.replace("  size 400 customers", "        size 400 customers");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": 3 }, "contentChanges": [{ "text": unformatted }] }),
    );
    let formatted = client.request("textDocument/formatting", json!({ "textDocument": { "uri": main }, "options": { "tabSize": 2, "insertSpaces": true } }));
    assert_eq!(formatted[0]["newText"], text.as_str());
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": 4 }, "contentChanges": [{ "text": format!("{text}market {{") }] }),
    );
    let formatted = client.request("textDocument/formatting", json!({ "textDocument": { "uri": main }, "options": { "tabSize": 2, "insertSpaces": true } }));
    assert_eq!(formatted, Value::Null);

    // Back to a strategy that checks: after the save, the hints come back.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": main, "version": 5 }, "contentChanges": [{ "text": text }] }),
    );
    assert_eq!(client.diagnostics(&main), Vec::<Value>::new());
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": main } }),
    );
    let hints = client.hints_until(&main, |hints| !hints.is_empty());
    assert_eq!(labels(&hints), shown);

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success(), "{status}");
}
