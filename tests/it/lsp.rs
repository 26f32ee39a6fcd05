//! `verify lsp` through a real client exchange: JSON-RPC over stdio with `Content-Length`
//! framing, as an editor speaks it (diagnostics and hover).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
}

impl Client {
    fn start(dir: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_verify"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || loop {
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if out.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    len = n.parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            if out.read_exact(&mut body).is_err() {
                return;
            }
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        Client {
            child,
            stdin,
            messages,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next message that `pick` accepts (others are skipped).
    fn wait(&self, pick: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(60))
                .expect("an answer from verify lsp");
            if pick(&m) {
                return m;
            }
        }
    }
}

/// Initialize, open a file with a wrong weekday (a finding, and an undeclared name in
/// another case), change it to fix it, and shut down: each step's answer checked.
#[test]
fn diagnostics_follow_the_text_the_editor_has() {
    let dir = crate::support::temp_corpus(&[(
        "claims/entities.claims",
        b"outlet o \"O\"\nperson h \"H\"\ncountry X \"X\"\n",
    )]);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let file = root.join("claims/story.claims");
    let uri = format!("file://{}", file.display());
    let mut c = Client::start(&root);
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}}));
    let init = c.wait(|m| m["id"] == 1);
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"], 1,
        "{init}"
    );
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    // The declarations live in another file: the open story still resolves them.
    let text = "report r by o published 2024-07-01\n  visit v: h to X on 2024-06-26 (Monday)\n";
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": uri, "languageId": "claims", "version": 1, "text": text}}}),
    );
    let is_for = |m: &Value| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    };
    let first = c.wait(is_for);
    let diags = first["params"]["diagnostics"].as_array().unwrap();
    let weekday = diags
        .iter()
        .find(|d| d["code"] == "weekday-mismatch")
        .unwrap_or_else(|| panic!("{first}"));
    assert_eq!(weekday["severity"], 1);
    assert_eq!(
        weekday["range"]["start"],
        json!({"line": 1, "character": 2})
    );
    assert!(!diags.iter().any(|d| d["code"] == "undeclared"), "{first}");
    // Hover on the claim's line: who said it, when, and what was found.
    c.send(
        json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 1, "character": 20}}}),
    );
    let hover = c.wait(|m| m["id"] == 3);
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("{hover}"));
    assert!(
        value.contains("visit v: h to X on 2024-06-26 (Monday)"),
        "{value}"
    );
    assert!(value.contains("2024-06-26"), "{value}");
    assert!(value.contains("error[weekday-mismatch]"), "{value}");
    // A typo in a name: an input error on its line, with its help.
    let typo = "report r by o published 2024-07-01\n  visit v: hh to X on 2024-06-26\n";
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": typo}]}}),
    );
    let second = c.wait(is_for);
    let diags = second["params"]["diagnostics"].as_array().unwrap();
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "undeclared" && d["range"]["start"]["line"] == 1),
        "{second}"
    );
    assert!(
        !diags.iter().any(|d| d["code"] == "weekday-mismatch"),
        "{second}"
    );
    // Fixed: no error left on the story.
    let fixed = "report r by o published 2024-07-01\n  visit v: h to X on 2024-06-26 (Wednesday)\n";
    c.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": fixed}]}}),
    );
    let third = c.wait(is_for);
    let errors: Vec<&Value> = third["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == 1)
        .collect();
    assert!(errors.is_empty(), "{third}");
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}));
    let down = c.wait(|m| m["id"] == 2);
    assert!(down.get("error").is_none(), "{down}");
    c.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let status = c.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}
