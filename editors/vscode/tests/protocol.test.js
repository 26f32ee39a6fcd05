// `verify lsp` through the protocol library VS Code's client is built on
// (vscode-languageserver-protocol, over the server's stdio): initialize, open a story whose
// declarations are in another file, wait for its diagnostics, hover on its date, shut down.
//   NODE_PATH=DIR/node_modules node tests/protocol.test.js VERIFY WORKSPACE
"use strict";
const assert = require("assert");
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const rpc = require("vscode-languageserver-protocol/node");

const [verify, root] = process.argv.slice(2);
const story = path.join(root, "claims", "story.claims");
const uri = "file://" + story;
const server = spawn(verify, ["lsp"], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
const conn = rpc.createProtocolConnection(
  new rpc.StreamMessageReader(server.stdout),
  new rpc.StreamMessageWriter(server.stdin)
);
const timer = setTimeout(() => {
  console.error("FAILED: no answer within 60 s");
  process.exit(1);
}, 60000);

(async () => {
  const diagnostics = new Promise((resolve) =>
    conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
      if (p.uri === uri) resolve(p.diagnostics);
    })
  );
  conn.listen();
  const init = await conn.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: "file://" + root,
    capabilities: {},
  });
  assert.strictEqual(init.capabilities.hoverProvider, true);
  assert.strictEqual(init.capabilities.definitionProvider, true);
  await conn.sendNotification(rpc.InitializedNotification.type, {});
  await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "claims", version: 1, text: fs.readFileSync(story, "utf8") },
  });
  const found = await diagnostics;
  const codes = found.map((d) => `${d.range.start.line}:${d.code}:${d.severity}`).sort();
  assert.deepStrictEqual(codes, ["2:borrowed-anchor:2", "2:weekday-mismatch:2"]);
  const hover = await conn.sendRequest(rpc.HoverRequest.type, {
    textDocument: { uri },
    position: { line: 2, character: 34 },
  });
  // (Names are escaped for Markdown: `r` and (O Daily) arrive as \`r\` \(O Daily\).)
  assert.ok(hover.contents.value.includes("**borrowed** from report \\`r\\` \\(O Daily\\)"), hover.contents.value);
  await conn.sendRequest(rpc.ShutdownRequest.type);
  await conn.sendNotification(rpc.ExitNotification.type);
  server.on("exit", (code) => {
    clearTimeout(timer);
    assert.strictEqual(code, 0);
    console.log("ok: verify lsp answers VS Code's protocol library");
  });
})().catch((e) => {
  console.error("FAILED:", e);
  process.exit(1);
});
