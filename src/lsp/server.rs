//! The server's loop: one thread reads the editor's messages and answers them from the
//! last check of the open documents; edits are checked after a short quiet time, saves
//! start a build on the worker of [`super::builder`], and finished builds refresh the
//! editor's inlay hints.

use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

use crossbeam_channel::{after, never, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, Formatting, GotoDefinition, HoverRequest,
    InlayHintRefreshRequest, InlayHintRequest, References, Rename, Request as _,
};
use lsp_types::{
    CodeActionOrCommand, CompletionResponse, GotoDefinitionResponse, Hover, HoverContents,
    MarkupContent, MarkupKind, PublishDiagnosticsParams, Url,
};
use serde_json::Value;

use super::builder::{Builder, Finished, Job};
use super::documents::{self, Documents};
use super::hints::{self, Plan};
use super::position::LineIndex;
use super::workspace::Workspace;
use super::{actions, completion, diagnostics, hover, navigation};

/// How long the editor must be quiet after an edit before the documents are checked.
const QUIET: Duration = Duration::from_millis(150);

/// The custom request that gives the text of a standard library module
/// (`{ "uri": "stratc-stdlib:///channels.strat" }` → the text).
pub const STDLIB_REQUEST: &str = "stratc/stdlib";

/// The server's state between messages.
pub struct Server {
    connection: Connection,
    documents: Documents,
    workspace: Workspace,
    /// When the documents must be checked, after an edit.
    check_due: Option<Instant>,
    /// The documents that were last sent diagnostics.
    published: BTreeSet<Url>,
    builder: Builder,
    generation: u64,
    /// For each root, the generation of the build whose result is wanted.
    wanted: HashMap<Url, u64>,
    /// Each root's last plan, while the root checks.
    plans: HashMap<Url, Plan>,
    /// Whether the editor can be asked to fetch the hints again.
    can_refresh: bool,
    requests_sent: u64,
}

impl Server {
    /// A server on `connection`, for an editor that can (`can_refresh`) or cannot be asked
    /// to fetch inlay hints again.
    pub fn new(connection: Connection, can_refresh: bool) -> Server {
        Server {
            connection,
            documents: Documents::default(),
            workspace: Workspace::default(),
            check_due: None,
            published: BTreeSet::new(),
            builder: Builder::start(),
            generation: 0,
            wanted: HashMap::new(),
            plans: HashMap::new(),
            can_refresh,
            requests_sent: 0,
        }
    }

    /// Serves until the editor shuts the server down.
    pub fn run(mut self) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        loop {
            let due = match self.check_due {
                Some(at) => after(at.saturating_duration_since(Instant::now())),
                None => never(),
            };
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(message) = message else { return Ok(()) };
                    if let Message::Request(request) = &message
                        && self.connection.handle_shutdown(request)?
                    {
                        return Ok(());
                    }
                    self.handle(message)?;
                }
                recv(self.builder.finished) -> finished => {
                    if let Ok(finished) = finished {
                        self.finished(finished)?;
                    }
                }
                recv(due) -> _ => self.check()?,
            }
        }
    }

    fn handle(&mut self, message: Message) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        match message {
            Message::Request(request) => {
                // Answers are given from the text as it is now.
                if self.check_due.is_some() {
                    self.check()?;
                }
                let response = self.answer(request);
                self.connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => self.notified(notification)?,
            // The editor's answers to the hint refreshes need nothing.
            Message::Response(_) => {}
        }
        Ok(())
    }

    fn notified(
        &mut self,
        notification: Notification,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let document = params.text_document;
                self.documents
                    .set(document.uri.clone(), document.text, document.version);
                self.check()?;
                self.build(&document.uri);
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                // The server asks for full syncs: the last change is the whole text.
                if let Some(change) = params.content_changes.into_iter().last() {
                    let document = params.text_document;
                    self.documents
                        .set(document.uri, change.text, document.version);
                    self.check_due = Some(Instant::now() + QUIET);
                }
            }
            DidSaveTextDocument::METHOD => {
                let params: lsp_types::DidSaveTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                self.check()?;
                self.build(&params.text_document.uri);
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                self.documents.close(&params.text_document.uri);
                self.check()?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks the open documents, publishes their diagnostics, and withdraws the hints of
    /// every root that no longer checks.
    fn check(&mut self) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        self.check_due = None;
        self.workspace = Workspace::check(&self.documents);
        let mut found = diagnostics::by_document(&self.workspace);
        let now: BTreeSet<Url> = found
            .keys()
            .cloned()
            .chain(self.documents.uris().cloned())
            .collect();
        for uri in now.union(&self.published) {
            let params = PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics: found.remove(uri).unwrap_or_default(),
                version: self.documents.get(uri).map(|document| document.version),
            };
            self.notify(PublishDiagnostics::METHOD, params)?;
        }
        self.published = now;
        let checking: BTreeSet<&Url> = self
            .workspace
            .snapshots
            .iter()
            .filter(|snapshot| snapshot.checks())
            .map(|snapshot| &snapshot.root)
            .collect();
        let before = self.plans.len();
        self.plans.retain(|root, _| checking.contains(root));
        self.wanted.retain(|root, _| checking.contains(root));
        if self.plans.len() != before {
            self.refresh_hints()?;
        }
        Ok(())
    }

    /// Asks the worker to build the root that answers for `uri`, if it checks.
    fn build(&mut self, uri: &Url) {
        let Some(snapshot) = self
            .workspace
            .for_document(uri)
            .filter(|snapshot| snapshot.checks())
        else {
            return;
        };
        self.generation += 1;
        self.wanted.insert(snapshot.root.clone(), self.generation);
        self.builder.request(Job {
            generation: self.generation,
            root: snapshot.root.clone(),
            texts: self.documents.texts(),
        });
    }

    /// Keeps a finished build's plan if it is the one wanted, and refreshes the hints.
    fn finished(
        &mut self,
        finished: Finished,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        if self.wanted.get(&finished.root) != Some(&finished.generation) {
            return Ok(());
        }
        self.wanted.remove(&finished.root);
        match finished.plan {
            Some(plan) => self.plans.insert(finished.root, plan),
            None => self.plans.remove(&finished.root),
        };
        self.refresh_hints()
    }

    fn refresh_hints(&mut self) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        if !self.can_refresh {
            return Ok(());
        }
        self.requests_sent += 1;
        let id = RequestId::from(format!("stratc-refresh-{}", self.requests_sent));
        let request = Request::new(id, InlayHintRefreshRequest::METHOD.to_string(), Value::Null);
        self.connection.sender.send(Message::Request(request))?;
        Ok(())
    }

    fn notify(
        &self,
        method: &str,
        params: impl serde::Serialize,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let notification = Notification::new(method.to_string(), params);
        self.connection
            .sender
            .send(Message::Notification(notification))?;
        Ok(())
    }

    /// The response to `request`.
    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        match self.result(request) {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn result(&self, request: Request) -> Result<Value, (ErrorCode, String)> {
        let workspace = &self.workspace;
        let invalid = |error: serde_json::Error| (ErrorCode::InvalidParams, error.to_string());
        let value = match request.method.as_str() {
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let at = params.text_document_position_params;
                navigation::symbol_at(workspace, &at.text_document.uri, at.position)
                    .map(|(snapshot, symbol)| {
                        let plan = self.plan_of(&snapshot.root);
                        Hover {
                            contents: HoverContents::Markup(MarkupContent {
                                kind: MarkupKind::Markdown,
                                value: hover::hover(snapshot, symbol, plan),
                            }),
                            range: None,
                        }
                    })
                    .map(to_value)
            }
            GotoDefinition::METHOD => {
                let params: lsp_types::GotoDefinitionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let at = params.text_document_position_params;
                navigation::definition(workspace, &at.text_document.uri, at.position)
                    .map(|location| to_value(GotoDefinitionResponse::Scalar(location)))
            }
            References::METHOD => {
                let params: lsp_types::ReferenceParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let at = params.text_document_position;
                Some(to_value(navigation::references(
                    workspace,
                    &at.text_document.uri,
                    at.position,
                    params.context.include_declaration,
                )))
            }
            Rename::METHOD => {
                let params: lsp_types::RenameParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let at = params.text_document_position;
                let edit = navigation::rename(
                    workspace,
                    &at.text_document.uri,
                    at.position,
                    &params.new_name,
                )
                .map_err(|refused| (ErrorCode::InvalidRequest, refused.to_string()))?;
                Some(to_value(edit))
            }
            Completion::METHOD => {
                let params: lsp_types::CompletionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let at = params.text_document_position;
                let uri = at.text_document.uri;
                workspace.for_document(&uri).and_then(|snapshot| {
                    let file = snapshot.file(&uri)?;
                    let offset = LineIndex::new(snapshot.text(file)).offset(at.position);
                    Some(to_value(CompletionResponse::Array(completion::complete(
                        snapshot, file, offset,
                    ))))
                })
            }
            Formatting::METHOD => {
                let params: lsp_types::DocumentFormattingParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                self.documents
                    .get(&params.text_document.uri)
                    .and_then(|document| actions::format(&document.text))
                    .map(to_value)
            }
            CodeActionRequest::METHOD => {
                let params: lsp_types::CodeActionParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let uri = params.text_document.uri;
                let fixes: Vec<CodeActionOrCommand> = workspace
                    .for_document(&uri)
                    .map(|snapshot| actions::quick_fixes(snapshot, &uri, params.range))
                    .unwrap_or_default()
                    .into_iter()
                    .map(CodeActionOrCommand::CodeAction)
                    .collect();
                Some(to_value(fixes))
            }
            InlayHintRequest::METHOD => {
                let params: lsp_types::InlayHintParams =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let uri = params.text_document.uri;
                let range = params.range;
                let found = workspace
                    .for_document(&uri)
                    .filter(|snapshot| snapshot.checks())
                    .and_then(|snapshot| Some((snapshot, self.plan_of(&snapshot.root)?)))
                    .map(|(snapshot, plan)| hints::inlay_hints(snapshot, &uri, plan))
                    .unwrap_or_default();
                let shown: Vec<_> = found
                    .into_iter()
                    .filter(|hint| range.start <= hint.position && hint.position <= range.end)
                    .collect();
                Some(to_value(shown))
            }
            STDLIB_REQUEST => {
                let params: lsp_types::TextDocumentIdentifier =
                    serde_json::from_value(request.params).map_err(invalid)?;
                let text = documents::stdlib_text(&params.uri).ok_or_else(|| {
                    (
                        ErrorCode::InvalidParams,
                        format!("`{}` is no module of the standard library", params.uri),
                    )
                })?;
                Some(Value::String(text.to_string()))
            }
            other => {
                return Err((
                    ErrorCode::MethodNotFound,
                    format!("stratc lsp does not answer `{other}`"),
                ));
            }
        };
        Ok(value.unwrap_or(Value::Null))
    }

    fn plan_of(&self, root: &Url) -> Option<&Plan> {
        self.plans.get(root)
    }
}

/// A protocol value as JSON; serialising the protocol's own types cannot fail.
fn to_value(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
