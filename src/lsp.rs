//! `stratc lsp`: the language server, over standard input and output.
//!
//! It is an interface like the command line, and only in the binary: it holds the open
//! documents in memory, checks them with the library's checker through a `FileLoader`
//! that reads them before the disk, and builds plans in the background with the same
//! `build::build` as `stratc build`. It speaks the protocol through `lsp-server` and
//! `lsp-types`, rust-analyzer's crates: a synchronous loop on one thread, which suits a
//! server whose every answer comes from one finished check, and leaves the one long job,
//! the build, to a worker thread of its own (`docs/editors.md` says more).

mod actions;
mod builder;
mod completion;
mod diagnostics;
mod documents;
mod hints;
mod hover;
mod index;
mod navigation;
mod position;
mod server;
mod workspace;

use lsp_server::Connection;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, OneOf, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

use crate::cli::Outcome;

/// Serves one editor on standard input and output until it shuts the server down.
pub fn run() -> Outcome {
    let (connection, io_threads) = Connection::stdio();
    let served = serve(connection);
    let joined = io_threads.join();
    match (served, joined) {
        (Ok(()), Ok(())) => Outcome::Fine,
        (Err(error), _) => {
            eprintln!("error: stratc lsp: {error}");
            Outcome::Errors
        }
        (_, Err(error)) => {
            eprintln!("error: stratc lsp: {error}");
            Outcome::Errors
        }
    }
}

fn serve(connection: Connection) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let can_refresh = params
        .capabilities
        .workspace
        .and_then(|workspace| workspace.inlay_hint)
        .and_then(|hints| hints.refresh_support)
        .unwrap_or(false);
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "stratc".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    connection.initialize_finish(id, result)?;
    server::Server::new(connection, can_refresh).run()
}

/// What the server offers.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".to_string(), ".".to_string()]),
            ..Default::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        inlay_hint_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}
