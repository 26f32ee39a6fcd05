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
        let (stdin, messages) = Self::pipes(&mut child);
        Client {
            child,
            stdin,
            messages,
        }
    }

    /// A client of a server started by the test (which keeps the child to wait for it).
    fn from_child(child: &mut Child) -> Borrowed {
        let (stdin, messages) = Self::pipes(child);
        Borrowed { stdin, messages }
    }

    fn pipes(child: &mut Child) -> (ChildStdin, mpsc::Receiver<Value>) {
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
        (stdin, messages)
    }
}

/// A client whose server the test waits for itself.
struct Borrowed {
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
}

/// What a test says to the server and hears from it.
trait Talk {
    fn pipes(&mut self) -> (&mut ChildStdin, &mpsc::Receiver<Value>);

    fn send(&mut self, msg: Value) {
        send(self.pipes().0, msg);
    }

    fn wait(&mut self, pick: impl Fn(&Value) -> bool) -> Value {
        wait(self.pipes().1, pick)
    }

    /// A request, and its answer's `result`.
    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let answer = self.wait(|m| m["id"] == id);
        assert!(answer.get("error").is_none(), "{method}: {answer}");
        answer["result"].clone()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// `initialize` with `root` as the workspace folder, then `initialized`.
    fn initialize(&mut self, root: &std::path::Path) -> Value {
        let init = self.request(
            1,
            "initialize",
            json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
        );
        self.notify("initialized", json!({}));
        init
    }
}

impl Talk for Client {
    fn pipes(&mut self) -> (&mut ChildStdin, &mpsc::Receiver<Value>) {
        (&mut self.stdin, &self.messages)
    }
}

impl Talk for Borrowed {
    fn pipes(&mut self) -> (&mut ChildStdin, &mpsc::Receiver<Value>) {
        (&mut self.stdin, &self.messages)
    }
}

fn send(stdin: &mut ChildStdin, msg: Value) {
    let body = msg.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

/// The next message that `pick` accepts (others are skipped).
fn wait(messages: &mpsc::Receiver<Value>, pick: impl Fn(&Value) -> bool) -> Value {
    loop {
        let m = messages
            .recv_timeout(Duration::from_secs(60))
            .expect("an answer from verify lsp");
        if pick(&m) {
            return m;
        }
    }
}

const DECLARATIONS: &str = "outlet o \"O Daily\"\noutlet p \"P Magazine\" aka \"PM\"\n\
person hammouchi \"Abdellatif Hammouchi\" aka \"حموشي\"\nperson snoeck \"Eric Snoeck\"\n\
country MA \"Morocco\"\ncountry BE \"Belgium\"\nplace rabat \"Rabat\"\n";

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// The session an editor has: initialize, open a story whose declarations live in another
/// file, hover, go to definition, find references, complete, change the text to a typo
/// and take the code actions offered, format, shut down. Every answer is compared whole
/// with the JSON expected.
#[test]
fn an_editor_session() {
    // The workspace's own settings apply: no notes (a single origin is one).
    let dir = crate::support::temp_corpus(&[
        ("claims/entities.claims", DECLARATIONS.as_bytes()),
        ("verify.toml", b"min-level = \"warning\"\n"),
    ]);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let file = root.join("claims/story.claims");
    let uri = format!("file://{}", file.display());
    let decl_uri = format!("file://{}", root.join("claims/entities.claims").display());
    let mut c = Client::start(&root);
    let init = c.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
    );
    assert_eq!(
        init["capabilities"],
        json!({
            "textDocumentSync": {"openClose": true, "change": 1, "save": {"includeText": false}},
            "hoverProvider": true,
            "completionProvider": {"triggerCharacters": [" ", ","]},
            "definitionProvider": true,
            "referencesProvider": true,
            "codeActionProvider": true,
            "documentFormattingProvider": true
        })
    );
    c.notify("initialized", json!({}));
    // La Libre-like: the origin `p` has no date of its own, so `26 June` is read on the
    // report's date (borrowed), and the stated Monday is checked against it.
    let text = "report r by o published 2024-07-01\n  per p:\n    visit v: hammouchi to MA on 26 June (Monday)\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "claims", "version": 1, "text": text}}),
    );
    let is_for = |m: &Value| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    };
    let first = c.wait(is_for);
    let finding = |code: &str, message: &str| {
        json!({"range": range(2, 4, 2, 48), "severity": 2, "code": code, "source": "verify",
            "message": format!("{message} (`verify explain {code}` says what this rule checks and why)")})
    };
    assert_eq!(
        first["params"]["diagnostics"],
        json!([
            finding("borrowed-anchor", "P Magazine's relative date was read against 2024-07-01 (O Daily's date; P Magazine's own is not known)"),
            finding("weekday-mismatch", "P Magazine pairs a date with the wrong weekday in `visit v: hammouchi to MA on 26 June (Monday)`: 2024-06-26, read on O Daily's date 2024-07-01")
        ])
    );
    // Hover on the date: how it resolved, on whose date, and the weekday checked.
    let hover = c.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 34}}),
    );
    assert_eq!(
        hover,
        json!({
            "contents": {"kind": "markdown", "value": "**on 26 June \\(Monday\\)** — 2024-06-26, read on O Daily's date 2024-07-01\n\n- known to the day\n- read on 2024-07-01, **borrowed** from report \\`r\\` \\(O Daily\\): P Magazine's own date is not known, so what rests on it is possible at most\n- weekday stated: Monday — 2024-06-26 is a Wednesday, not a Monday"},
            "range": range(2, 29, 2, 48)
        })
    );
    // Hover on a name: the declaration and its aliases.
    let hover = c.request(
        3,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 16}}),
    );
    assert_eq!(
        hover,
        json!({
            "contents": {"kind": "markdown", "value": "**person** hammouchi — Abdellatif Hammouchi\n\nalso written \"حموشي\""},
            "range": range(2, 13, 2, 22)
        })
    );
    // Go to definition: the declaration, in the other file.
    let def = c.request(
        4,
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 16}}),
    );
    assert_eq!(def, json!([{"uri": decl_uri, "range": range(2, 7, 2, 16)}]));
    // Every mention of outlet `p`: its declaration and the citation.
    let refs = c.request(
        5,
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 6},
            "context": {"includeDeclaration": true}}),
    );
    assert_eq!(
        refs,
        json!([
            {"uri": decl_uri, "range": range(1, 7, 1, 8)},
            {"uri": uri, "range": range(1, 6, 1, 7)}
        ])
    );
    // Completion after `to`: the places, by id, with what they are.
    let items = c.request(
        6,
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 26}}),
    );
    let labels: Vec<(&str, &str)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["label"].as_str().unwrap(), i["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(
        labels,
        [
            ("MA", "country — Morocco"),
            ("BE", "country — Belgium"),
            ("rabat", "place — Rabat")
        ]
    );
    // A typo: the error on its line, then the repairs offered for it.
    let typo =
        "report r by o published 2024-07-01\n  per p:\n    visit v: hamouchi to MA on 2024-06-26\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": typo}]}),
    );
    let second = c.wait(is_for);
    assert_eq!(
        second["params"]["diagnostics"],
        json!([{
            "range": range(2, 13, 2, 21),
            "severity": 1,
            "code": "undeclared",
            "source": "verify",
            "message": "undeclared name: expected a person or an organisation, found `hamouchi`, which is not declared\ndid you mean `hammouchi`?"
        }])
    );
    let actions = c.request(
        7,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(2, 14, 2, 14), "context": {"diagnostics": []}}),
    );
    assert_eq!(
        actions,
        json!([
            {"title": "declare `person hamouchi`", "kind": "quickfix", "isPreferred": false,
             "edit": {"changes": {uri.clone(): [{"range": range(0, 0, 0, 0),
                 "newText": "person hamouchi \"TODO: hamouchi's name\" # TODO: check\n"}]}}},
            {"title": "replace `hamouchi` with `hammouchi`", "kind": "quickfix", "isPreferred": false,
             "edit": {"changes": {uri.clone(): [{"range": range(2, 13, 2, 21), "newText": "hammouchi"}]}}}
        ])
    );
    // Formatting: the `verify fmt` layout, as one edit of the whole file.
    let messy = "report r  by o published 2024-07-01\n  per p:\n    visit v: hammouchi   to MA on June 26 2024\n";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": messy}]}),
    );
    let edits = c.request(
        8,
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(
        edits,
        json!([{"range": range(0, 0, 3, 0),
            "newText": "report r by o published 2024-07-01\n  per p:\n    visit v: hammouchi to MA on 2024-06-26\n"}])
    );
    // A finding can be suppressed from the editor, with a reason to write.
    let actions = c.request(
        9,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(2, 0, 2, 0), "context": {"diagnostics": []}}),
    );
    assert_eq!(actions, json!([]), "a clean line offers nothing");
    let shut = c.request(10, "shutdown", Value::Null);
    assert_eq!(shut, Value::Null);
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
}

/// Suppressing a finding from the editor: the comment it adds silences the finding (the
/// diagnostics after the edit no longer have it), and a second rule joins the same comment.
#[test]
fn a_finding_is_suppressed_from_the_editor() {
    let dir = crate::support::temp_corpus(&[
        ("claims/entities.claims", DECLARATIONS.as_bytes()),
        ("verify.toml", b"min-level = \"warning\"\n"),
    ]);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let file = root.join("claims/story.claims");
    let uri = format!("file://{}", file.display());
    let mut c = Client::start(&root);
    c.initialize(&root);
    let text =
        "report r by o published 2024-07-01\n  visit v: hammouchi to MA on 2024-06-26 (Monday)\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "claims", "version": 1, "text": text}}),
    );
    let is_for = |m: &Value| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    };
    let first = c.wait(is_for);
    assert_eq!(
        first["params"]["diagnostics"][0]["code"], "weekday-mismatch",
        "{first}"
    );
    let actions = c.request(
        2,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(1, 5, 1, 5), "context": {"diagnostics": []}}),
    );
    let end = text.lines().nth(1).unwrap().chars().count() as u32;
    assert_eq!(
        actions,
        json!([{"title": "suppress weekday-mismatch on this claim (with a reason)", "kind": "quickfix",
            "isPreferred": false, "edit": {"changes": {uri.clone(): [{"range": range(1, end, 1, end),
            "newText": " # verify: ignore[weekday-mismatch] TODO: say why this finding does not apply"}]}}}])
    );
    let suppressed = format!(
        "report r by o published 2024-07-01\n  visit v: hammouchi to MA on 2024-06-26 (Monday) # verify: ignore[weekday-mismatch] {}\n",
        "TODO: say why this finding does not apply"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": suppressed}]}),
    );
    let second = c.wait(is_for);
    assert_eq!(second["params"]["diagnostics"], json!([]), "{second}");
    c.request(3, "shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

/// A burst of edits is checked once it ends, and an answer is always about the text as the
/// editor has it: a hover sent right after a change sees the change.
#[test]
fn answers_follow_the_latest_text() {
    let dir = crate::support::temp_corpus(&[("claims/entities.claims", DECLARATIONS.as_bytes())]);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let uri = format!("file://{}", root.join("claims/story.claims").display());
    let mut c = Client::start(&root);
    c.initialize(&root);
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "claims", "version": 1, "text": ""}}),
    );
    for (n, person) in ["snoeck", "hammouchi"].iter().enumerate() {
        let text = format!("report r by o published 2024-07-01\n  visit v: {person} to MA\n");
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": n + 2}, "contentChanges": [{"text": text}]}),
        );
    }
    let hover = c.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 14}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.starts_with("**person** hammouchi"), "{hover}");
    c.request(3, "shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

/// A file changed on disk, not in the editor (a pull): when the client says so, the next
/// check reads it — here, the declaration that was missing.
#[test]
fn files_changed_on_disk_are_read_again() {
    let dir = crate::support::temp_corpus(&[("claims/entities.claims", b"outlet o \"O\"\n")]);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let uri = format!("file://{}", root.join("claims/story.claims").display());
    let mut c = Client::start(&root);
    c.initialize(&root);
    let text = "report r by o published 2024-07-01 # verify: ignore[few-independent-origins] one\n  visit v: snoeck to BE # verify: ignore[few-independent-origins] one source\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "claims", "version": 1, "text": text}}),
    );
    let is_for = |m: &Value| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    };
    let first = c.wait(is_for);
    let codes: Vec<&Value> = first["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["code"])
        .collect();
    assert_eq!(
        codes,
        [&json!("undeclared"), &json!("undeclared")],
        "{first}"
    );
    std::fs::write(
        root.join("claims/entities.claims"),
        "outlet o \"O\"\nperson snoeck \"Eric Snoeck\"\ncountry BE \"Belgium\"\n",
    )
    .unwrap();
    let changed = format!("file://{}", root.join("claims/entities.claims").display());
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": changed, "type": 2}]}),
    );
    let second = c.wait(is_for);
    assert_eq!(second["params"]["diagnostics"], json!([]), "{second}");
    c.request(2, "shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

/// Something other than LSP on standard input (a person trying the command, a broken
/// client): a message that says what was wrong with what was read, exit status 2 — not the
/// protocol library's "disconnected channel".
#[test]
fn what_is_not_lsp_is_named() {
    for (input, says) in [
        (
            &b"garbage\r\n\r\n"[..],
            "cannot read the client's messages: malformed header: \"garbage\"",
        ),
        (
            b"Content-Length: 5\r\n\r\n{\"a\":",
            "cannot read the client's messages: malformed LSP payload",
        ),
        (
            b"",
            "the client closed the connection before it asked to shut down",
        ),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_verify"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
    }
}

/// Review findings on the workspace: a root reached through a symbolic link reads each open
/// file once (no duplicate ids); a broken verify.toml shows its error and the claims are
/// still checked; a problem of no file (an unknown rule) is shown as a message; a client
/// that goes away without shutting down is an error.
#[test]
fn the_workspace_holds_under_odd_setups() {
    let dir = crate::support::temp_corpus(&[
        ("ws/claims/entities.claims", DECLARATIONS.as_bytes()),
        ("ws/verify.toml", b"date-order = \"xyz\"\n"),
    ]);
    let real = std::fs::canonicalize(dir.path()).unwrap();
    std::os::unix::fs::symlink(real.join("ws"), real.join("link")).unwrap();
    let root = real.join("link");
    let mut child = Command::new(env!("CARGO_BIN_EXE_verify"))
        .args(["lsp", "--select", "nosuch-rule"])
        .current_dir(&real)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut c = Client::from_child(&mut child);
    c.initialize(&root);
    // The declarations file opened through the link: the same file as on disk.
    let uri = format!("file://{}", root.join("claims/entities.claims").display());
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "claims", "version": 1, "text": DECLARATIONS}}),
    );
    let config = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("verify.toml"))
    });
    assert_eq!(
        config["params"]["diagnostics"][0]["code"], "config",
        "{config}"
    );
    let shown = c.wait(|m| m["method"] == "window/showMessage");
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("nosuch-rule"),
        "{shown}"
    );
    // No duplicate ids: hover on a declaration answers (the file was read once).
    let hover = c.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 9}}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .starts_with("**person** hammouchi"),
        "{hover}"
    );
    drop(c);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("closed the connection before it asked to shut down"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Hostile text stays text in the editor, and odd but valid clients are served: control
/// characters in names reach no diagnostic raw, a name full of Markdown is no link or image
/// on hover, a byte-order mark on disk shifts no position, CRLF lines, a reversed range,
/// the workspace given as `workspaceFolders` only, and `exit` without `shutdown` (status 1,
/// as the protocol says).
#[test]
fn hostile_text_and_odd_clients() {
    let decls = "\u{feff}outlet o \"Out\u{1b}[2Klet\"\nperson h \"Evil`** [x](http://e.example) ![i](http://e.example/p.png)\"\ncountry MA \"M\"\n";
    let dir = crate::support::temp_corpus(&[("claims/entities.claims", decls.as_bytes())]);
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let uri = format!("file://{}", root.join("claims/story.claims").display());
    let decl_uri = format!("file://{}", root.join("claims/entities.claims").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_verify"))
        .arg("lsp")
        .current_dir(&root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut c = Client::from_child(&mut child);
    c.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": null,
            "workspaceFolders": [{"uri": format!("file://{}", root.display()), "name": "ws"}], "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    let text = "report r by o published 2024-07-01\r\n  visit v: h to MA on 2024-06-26 (Monday)\r\n  visit w: \"un\u{1b}[31mknown\" to MA\r\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "claims", "version": 1, "text": text}}),
    );
    let diags = c.wait(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
    });
    let all = diags["params"]["diagnostics"].as_array().unwrap();
    assert!(
        all.iter().any(|d| d["code"] == "undeclared"),
        "the workspace folder was read: {diags}"
    );
    for d in all {
        let m = d["message"].as_str().unwrap();
        assert!(!m.contains('\u{1b}'), "raw escape in {m:?}");
    }
    // Markdown in a name is text.
    let hover = c.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 11}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("\\[x\\]\\(http://e.example\\)"), "{value}");
    assert!(!value.contains("](http"), "{value}");
    // The byte-order mark is not a column: `o` is at character 7 of the declaration.
    let def = c.request(
        3,
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}}),
    );
    assert_eq!(def, json!([{"uri": decl_uri, "range": range(0, 7, 0, 8)}]));
    // A range given end first is the same range.
    let forward = c.request(
        4,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(1, 0, 2, 0), "context": {"diagnostics": []}}),
    );
    let backward = c.request(
        5,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range(2, 0, 1, 0), "context": {"diagnostics": []}}),
    );
    assert!(!forward.as_array().unwrap().is_empty());
    assert_eq!(forward, backward);
    c.notify("exit", Value::Null);
    drop(c);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
