//! `verify lsp`: a Language Server over standard input and output. This first slice keeps
//! every open document's text and, on open, change, save and close, checks the whole
//! workspace (declarations live in other files) with the open texts in place of the saved
//! ones, publishing input errors and findings as diagnostics on the lines they concern
//! (severity mapped, the rule id as code). One broken file never stops the others. Hover on
//! a claim's line says who said it (origin and relays), its dates and whose they are, and
//! the findings about it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Response};
use lsp_types::{
    Diagnostic as LspDiagnostic, DiagnosticSeverity, Hover, HoverContents, HoverProviderCapability,
    MarkupContent, MarkupKind, NumberOrString, Position, PublishDiagnosticsParams, Range,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};

use crate::diag::{Severity, SourceMap, Span};
use crate::pipeline::{self, RuleSet};
use crate::rules::Level;

/// Runs the server until the client asks it to exit: 0, or 2 when the connection fails.
pub(super) fn run(rules: RuleSet) -> i32 {
    let (connection, io) = Connection::stdio();
    let code = match serve(&connection, rules) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: verify lsp: {e}");
            2
        }
    };
    drop(connection);
    let _ = io.join();
    code
}

fn serve(conn: &Connection, rules: RuleSet) -> Result<(), Box<dyn std::error::Error>> {
    let caps = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let params = conn.initialize(serde_json::to_value(caps)?)?;
    let root = params["rootUri"]
        .as_str()
        .and_then(|u| Url::parse(u).ok())
        .and_then(|u| u.to_file_path().ok())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    let mut server = Server {
        root,
        rules,
        open: BTreeMap::new(),
        published: BTreeSet::new(),
        last: None,
    };
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(());
                }
                if req.method == "textDocument/hover" {
                    let hover = server.hover(&req.params);
                    conn.sender
                        .send(Message::Response(Response::new_ok(req.id, hover)))?;
                    continue;
                }
                conn.sender.send(Message::Response(Response::new_err(
                    req.id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("verify lsp does not answer `{}` yet", req.method),
                )))?;
            }
            Message::Notification(n) => {
                if server.take(&n) {
                    server.publish(conn)?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

struct Server {
    root: PathBuf,
    rules: RuleSet,
    /// Open documents: path → text as the editor has it.
    open: BTreeMap<PathBuf, String>,
    /// Documents diagnostics were published for (to clear them when they are clean).
    published: BTreeSet<Url>,
    /// The last check, for hover.
    last: Option<pipeline::Outcome>,
}

impl Server {
    /// Takes in a notification; `true` when the diagnostics may have changed.
    fn take(&mut self, n: &Notification) -> bool {
        let uri = n.params["textDocument"]["uri"]
            .as_str()
            .and_then(|u| Url::parse(u).ok());
        let Some(path) = uri.and_then(|u| u.to_file_path().ok()) else {
            return false;
        };
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let text = n.params["textDocument"]["text"].as_str().unwrap_or("");
                self.open.insert(path, text.to_owned());
            }
            "textDocument/didChange" => {
                // Full sync: the last change is the whole text.
                let changes = n.params["contentChanges"].as_array();
                if let Some(text) = changes
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str())
                {
                    self.open.insert(path, text.to_owned());
                }
            }
            "textDocument/didClose" => {
                self.open.remove(&path);
            }
            "textDocument/didSave" => {}
            _ => return false,
        }
        true
    }

    /// Checks the workspace (every `*.claims` file below the root, open ones as the editor
    /// has them) and publishes each file's diagnostics.
    fn publish(&mut self, conn: &Connection) -> Result<(), Box<dyn std::error::Error>> {
        let (mut files, _) = crate::load::find_files(std::slice::from_ref(&self.root));
        files.extend(self.open.keys().cloned());
        files.sort();
        files.dedup();
        let inputs: Vec<(PathBuf, Vec<u8>)> = files
            .into_iter()
            .filter_map(|p| {
                let bytes = match self.open.get(&p) {
                    Some(text) => text.clone().into_bytes(),
                    None => std::fs::read(&p).ok()?,
                };
                Some((p, bytes))
            })
            .collect();
        let outcome = pipeline::check(
            pipeline::Inputs {
                parse: crate::syntax::ParseOptions::default(),
                claims: pipeline::Claims::Memory(inputs),
                rules: pipeline::Rules::Load(self.rules.clone()),
                config: None,
                baseline: None,
                sources: SourceMap::default(),
            },
            &pipeline::Quiet,
        );
        let map = &outcome.sources;
        let mut by_file: BTreeMap<Url, Vec<LspDiagnostic>> = BTreeMap::new();
        for d in &outcome.diagnostics {
            let Some(file) = d.file else { continue };
            let Some(uri) = uri_of(&map.get(file).path) else {
                continue;
            };
            by_file.entry(uri).or_default().push(LspDiagnostic {
                range: range(map, file, d.span),
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Note => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(d.code.to_owned())),
                source: Some("verify".to_owned()),
                message: match &d.help {
                    Some(h) => format!("{}\n{h}", d.message),
                    None => d.message.clone(),
                },
                ..LspDiagnostic::default()
            });
        }
        for f in &outcome.findings {
            for inv in &f.involved {
                let Some(uri) = uri_of(&map.get(inv.loc.file).path) else {
                    continue;
                };
                by_file.entry(uri).or_default().push(LspDiagnostic {
                    range: range(map, inv.loc.file, inv.loc.span),
                    severity: Some(match f.level {
                        Level::Error => DiagnosticSeverity::ERROR,
                        Level::Warning => DiagnosticSeverity::WARNING,
                        Level::Info => DiagnosticSeverity::INFORMATION,
                    }),
                    code: Some(NumberOrString::String(f.rule.to_string())),
                    source: Some("verify".to_owned()),
                    message: format!(
                        "{} (`verify explain {}` says what this rule checks and why)",
                        f.message, f.rule
                    ),
                    ..LspDiagnostic::default()
                });
            }
        }
        self.publish_all(conn, by_file)?;
        self.last = Some(outcome);
        Ok(())
    }

    /// Sends each file's diagnostics, and empty lists for files that became clean.
    fn publish_all(
        &mut self,
        conn: &Connection,
        mut by_file: BTreeMap<Url, Vec<LspDiagnostic>>,
    ) -> Result<(), Box<dyn std::error::Error>> {
        // Files that had diagnostics and have none now are cleared.
        for uri in std::mem::take(&mut self.published) {
            by_file.entry(uri).or_default();
        }
        for (uri, diagnostics) in by_file {
            if !diagnostics.is_empty() {
                self.published.insert(uri.clone());
            }
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: None,
            };
            conn.sender.send(Message::Notification(Notification::new(
                "textDocument/publishDiagnostics".to_owned(),
                params,
            )))?;
        }
        Ok(())
    }
}

impl Server {
    /// Hover on a claim's line: who said it, its dates and whose they are, its findings.
    fn hover(&self, params: &serde_json::Value) -> Option<Hover> {
        let outcome = self.last.as_ref()?;
        let uri = Url::parse(params["textDocument"]["uri"].as_str()?).ok()?;
        let line = params["position"]["line"].as_u64()? as usize + 1;
        let map = &outcome.sources;
        let file =
            (0..map.files.len()).find(|&f| uri_of(&map.get(f).path).as_ref() == Some(&uri))?;
        let c = &outcome.corpus;
        let (id, claim) = c.claims.iter().enumerate().find(|(_, cl)| {
            cl.loc.file == file && map.get(file).line_col(cl.loc.span.start as usize).0 == line
        })?;
        let inv = crate::engine::Involved {
            role: "claim",
            loc: claim.loc,
            claim: Some(id),
            entity: None,
        };
        let mut text = format!(
            "**{}** — {}\n",
            crate::diag::clean(&claim.text),
            crate::diag::clean(&crate::report::described(c, &inv))
        );
        let findings: Vec<&crate::engine::Finding> = outcome
            .findings
            .iter()
            .filter(|f| f.involved.iter().any(|i| i.claim == Some(id)))
            .collect();
        if findings.is_empty() {
            text.push_str("\nNo finding.");
        }
        for f in findings {
            text.push_str(&format!(
                "\n- {}[{}] {}",
                f.level.as_str(),
                f.rule,
                crate::diag::clean(&f.message)
            ));
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(range(map, file, claim.loc.span)),
        })
    }
}

fn uri_of(path: &Path) -> Option<Url> {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Url::from_file_path(abs).ok()
}

/// A span as an LSP range: zero-based lines, columns in UTF-16 code units.
fn range(map: &SourceMap, file: crate::diag::FileId, span: Span) -> Range {
    let f = map.get(file);
    let at = |offset: usize| {
        let offset = offset.min(f.text.len());
        let (line, _) = f.line_col(offset);
        let start = f.line_range(line).start;
        let character = f
            .text
            .get(start..offset)
            .map_or(0, |s| s.encode_utf16().count());
        Position::new(line.saturating_sub(1) as u32, character as u32)
    };
    Range::new(at(span.start as usize), at(span.end as usize))
}
