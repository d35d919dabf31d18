// The stratc extension for VS Code: it starts `stratc lsp` for `.strat` files and shows
// the standard library's modules, which the server names `stratc-stdlib:///NAME.strat`.
// Highlighting, comments and brackets come from package.json and need no code.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** The URI scheme of the standard library's modules, read-only documents the server serves. */
const STDLIB_SCHEME = 'stratc-stdlib';

/** The server's request for a library module's text: `{ uri }` → the text. */
const STDLIB_REQUEST = 'stratc/stdlib';

/** The running language client, if the server started. */
let client;

/** Starts the server, and restarts it when `stratc.path` changes or on command. */
async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(STDLIB_SCHEME, {
      provideTextDocumentContent: (uri) => libraryModule(uri),
    }),
    vscode.commands.registerCommand('stratc.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('stratc.path')) {
        return restart();
      }
    }),
  );
  await start();
}

/** Stops the server when VS Code closes the extension. */
function deactivate() {
  return stop();
}

/** Starts `stratc lsp` with the program `stratc.path` names; says so when it cannot. */
async function start() {
  const command = vscode.workspace.getConfiguration('stratc').get('path') || 'stratc';
  // An executable without a `transport` talks over its stdin and stdout as it is;
  // `TransportKind.stdio` would add a `--stdio` argument that `stratc lsp` does not take.
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'strat' }],
  };
  const starting = new LanguageClient('stratc', 'stratc', serverOptions, clientOptions);
  try {
    await starting.start();
    client = starting;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    vscode.window.showErrorMessage(
      `stratc: \`${command} lsp\` did not start (${message}). Set \`stratc.path\` to the stratc program.`,
    );
  }
}

/** Stops the server, if it runs. */
async function stop() {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

/** Stops and starts the server again. */
async function restart() {
  await stop();
  await start();
}

/** The text of the library module at `uri`, as the server has it embedded. */
async function libraryModule(uri) {
  if (!client) {
    throw new Error('the stratc language server is not running');
  }
  return client.sendRequest(STDLIB_REQUEST, { uri: uri.toString() });
}

module.exports = { activate, deactivate };
