// The extension's wiring, without VS Code: `vscode` and `vscode-languageclient/node` are
// replaced by recorders, and activation must start a client that runs `verify lsp` over
// stdio for claims documents (honouring `verify.path` and `verify.extraArgs`).
//   node tests/client.test.js
"use strict";
const assert = require("assert");
const Module = require("module");

const made = [];
const settings = { path: "", extraArgs: [] };
const fakes = {
  vscode: {
    workspace: {
      getConfiguration: (section) => {
        assert.strictEqual(section, "verify");
        return { get: (key) => settings[key] };
      },
      createFileSystemWatcher: (glob) => ({ glob }),
    },
  },
  "vscode-languageclient/node": {
    TransportKind: { stdio: 0 },
    LanguageClient: class {
      constructor(id, name, server, client) {
        Object.assign(this, { id, name, server, client, started: false, stopped: false });
        made.push(this);
      }
      start() {
        this.started = true;
        return Promise.resolve();
      }
      stop() {
        this.stopped = true;
        return Promise.resolve();
      }
    },
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return fakes[request] || load.call(this, request, ...rest);
};

const ext = require("../extension.js");
const context = { subscriptions: [] };
ext.activate(context);
assert.strictEqual(made.length, 1, "one client");
const c = made[0];
assert.deepStrictEqual(c.server, { command: "verify", args: ["lsp"], transport: 0 });
assert.deepStrictEqual(c.client.documentSelector, [{ scheme: "file", language: "claims" }]);
assert.strictEqual(c.client.synchronize.fileEvents.glob, "**/{*.claims,verify.toml,rules/*.toml}");
assert.ok(c.started, "the client is started");
context.subscriptions.forEach((s) => s.dispose());
assert.ok(c.stopped, "disposing the extension stops the server");

settings.path = "/opt/verify/bin/verify";
settings.extraArgs = ["--rules", "newsroom-rules"];
assert.deepStrictEqual(ext.serverOptions(fakes.vscode.workspace.getConfiguration("verify")), {
  command: "/opt/verify/bin/verify",
  args: ["lsp", "--rules", "newsroom-rules"],
  transport: 0,
});

// package.json activates on claims documents and names the entry point and settings.
const pkg = require("../package.json");
assert.strictEqual(pkg.main, "./extension.js");
assert.ok(pkg.activationEvents.includes("onLanguage:claims"));
assert.ok(pkg.contributes.configuration.properties["verify.path"]);
assert.ok(pkg.dependencies["vscode-languageclient"]);
console.log("ok: the extension starts `verify lsp` for claims documents");
