// The client half of the claims language for VS Code: starts `verify lsp` (the
// `verify.path` setting, else `verify` on the PATH) for the workspace and connects it to
// every claims document, so diagnostics, hover, go to definition, references, completion,
// formatting and quick fixes come from the server.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function serverOptions(config) {
  const command = config.get("path") || "verify";
  const args = ["lsp", ...(config.get("extraArgs") || [])];
  return { command, args, transport: TransportKind.stdio };
}

function activate(context) {
  const config = vscode.workspace.getConfiguration("verify");
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "claims" }],
    // The server reads claims files and verify.toml from disk: tell it when they change.
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.claims,verify.toml,rules/*.toml}"),
    },
  };
  client = new LanguageClient("verify", "verify", serverOptions(config), clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverOptions };
