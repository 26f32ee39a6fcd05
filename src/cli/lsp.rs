//! `verify lsp`: a Language Server over standard input and output (lsp-server and
//! lsp-types, synchronous). It keeps every open document's text and checks the whole
//! workspace (declarations live in other files) with the open texts in place of the saved
//! ones, publishing input errors and findings as diagnostics on the lines they concern
//! (severity mapped, the rule id as code). Changes are debounced: the check runs once the
//! editor has been quiet for [`DEBOUNCE`], or at once when a request needs an answer about
//! the current text. One broken file never stops the others.
//!
//! The workspace is configured as the command line is: `verify.toml` at the workspace root
//! (read again at every check, its own errors shown on it) gives the claims `paths`, the
//! rules, `date-order`, `min-level` and rule parameters. What the server answers — hover,
//! definition, references, completion, code actions, formatting — comes from `crate::ide`;
//! this module only turns editor positions into byte offsets and back.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionProviderCapability, CompletionItem,
    CompletionItemKind, CompletionOptions, CompletionTextEdit, Diagnostic as LspDiagnostic,
    DiagnosticSeverity, Hover, HoverContents, HoverProviderCapability, Location, MarkupContent,
    MarkupKind, NumberOrString, OneOf, Position, PublishDiagnosticsParams, Range, SaveOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Url, WorkspaceEdit,
};

use super::args::RuleArgs;
use crate::diag::{Diagnostic, FileId, Severity, SourceMap, Span};
use crate::ide::{self, Analysis};
use crate::pipeline;
use crate::rules::Level;

/// How long the editor must be quiet after a change before the workspace is checked.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Runs the server until the client asks it to exit: 0, or 2 when the connection fails.
pub(super) fn run(rules: RuleArgs) -> i32 {
    let (connection, io) = super::lsp_io::stdio();
    let served = serve(&connection, rules);
    drop(connection);
    // A client that sent something other than LSP messages: the reader's error says what
    // (the protocol's own error would only say the channel closed).
    let read = io.join();
    match (served, read) {
        (Ok(()), _) => 0,
        (Err(_), Err(e)) => {
            eprintln!(
                "error: verify lsp: cannot read the client's messages: {}",
                crate::diag::clean(&e.to_string())
            );
            eprintln!("  = help: verify lsp is started by an editor's language client, which speaks LSP (JSON-RPC with Content-Length headers) on standard input");
            2
        }
        (Err(e), Ok(())) => {
            let closed = e
                .downcast_ref::<lsp_server::ProtocolError>()
                .is_some_and(lsp_server::ProtocolError::channel_is_disconnected);
            let exited = e.to_string().contains("asked to exit before");
            if exited {
                eprintln!("error: verify lsp: {e}");
                return 1;
            }
            if closed {
                eprintln!("error: verify lsp: the client closed the connection before it asked to shut down");
            } else {
                eprintln!("error: verify lsp: {}", crate::diag::clean(&e.to_string()));
            }
            2
        }
    }
}

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// The client went away without asking the server to shut down.
fn closed() -> Box<dyn std::error::Error> {
    "the client closed the connection before it asked to shut down".into()
}

fn serve(conn: &Connection, rules: RuleArgs) -> Fallible<()> {
    let caps = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".to_owned(), ",".to_owned()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let params = conn.initialize(serde_json::to_value(caps)?)?;
    // The workspace folder: rootUri, else the first of workspaceFolders, else rootPath;
    // never the whole file system.
    let root = params["rootUri"]
        .as_str()
        .or_else(|| params["workspaceFolders"][0]["uri"].as_str())
        .and_then(|u| Url::parse(u).ok())
        .and_then(|u| u.to_file_path().ok())
        .or_else(|| params["rootPath"].as_str().map(PathBuf::from))
        .filter(|p| p.is_dir())
        .map(|p| canonical(&p))
        .filter(|p| p.parent().is_some());
    // Settings are read as the command line reads them, from the workspace root.
    if let Some(root) = &root {
        let _ = std::env::set_current_dir(root);
    }
    let mut server = Server {
        root,
        rules,
        open: BTreeMap::new(),
        published: HashMap::new(),
        analysis: None,
        files: HashMap::new(),
        uris: Vec::new(),
        min_level: None,
        dirty: false,
        said: std::collections::HashSet::new(),
        client_uris: HashMap::new(),
    };
    loop {
        let msg = if server.dirty {
            match conn.receiver.recv_timeout(DEBOUNCE) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    server.check(conn)?;
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Err(closed()),
            }
        } else {
            match conn.receiver.recv() {
                Ok(m) => m,
                Err(_) => return Err(closed()),
            }
        };
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(());
                }
                // An answer is about the text as the editor has it now.
                if server.dirty || server.analysis.is_none() {
                    server.check(conn)?;
                }
                let resp = server.answer(&req);
                conn.sender.send(Message::Response(resp))?;
            }
            Message::Notification(n) if n.method == "exit" => {
                return Err("the client asked to exit before asking to shut down".into())
            }
            Message::Notification(n) => server.dirty |= server.take(&n),
            Message::Response(_) => {}
        }
    }
}

struct Server {
    /// The workspace folder; none when the editor opened files only.
    root: Option<PathBuf>,
    rules: RuleArgs,
    /// Open documents: path → text as the editor has it.
    open: BTreeMap<PathBuf, String>,
    /// The diagnostics last sent for each file that has some: unchanged ones are not sent
    /// again, and a file that becomes clean is sent an empty list.
    published: HashMap<Url, Vec<LspDiagnostic>>,
    /// The last check.
    analysis: Option<Analysis>,
    /// The files of the last check by URI, and their URIs.
    files: HashMap<Url, FileId>,
    uris: Vec<Option<Url>>,
    /// Findings below this level are not shown (`min-level` in verify.toml).
    min_level: Option<Level>,
    /// A document changed since the last check.
    dirty: bool,
    /// Messages already shown (problems of no file).
    said: std::collections::HashSet<String>,
    /// The URI each open document was opened with (it may name a link).
    client_uris: HashMap<PathBuf, Url>,
}

impl Server {
    /// Takes in a notification; `true` when the diagnostics may have changed.
    fn take(&mut self, n: &Notification) -> bool {
        // Files changed on disk (a pull, another program): the next check reads them.
        if n.method == "workspace/didChangeWatchedFiles" {
            return true;
        }
        let uri = n.params["textDocument"]["uri"]
            .as_str()
            .and_then(|u| Url::parse(u).ok());
        let Some(path) = uri.and_then(|u| u.to_file_path().ok()) else {
            return false;
        };
        // As the workspace's files are found (through links: one file, one path).
        let path = canonical(&path);
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let text = n.params["textDocument"]["text"].as_str().unwrap_or("");
                // Answers about it use the URI the editor knows it by.
                if let Some(u) = n.params["textDocument"]["uri"]
                    .as_str()
                    .and_then(|u| Url::parse(u).ok())
                {
                    self.client_uris.insert(path.clone(), u);
                }
                // A document opened (again) is sent its diagnostics even when unchanged.
                if let Some(uri) = uri_of(&path) {
                    self.published.remove(&uri);
                }
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
                self.client_uris.remove(&path);
            }
            "textDocument/didSave" => {}
            _ => return false,
        }
        true
    }

    /// Checks the workspace and publishes each file's diagnostics.
    fn check(&mut self, conn: &Connection) -> Fallible<()> {
        self.dirty = false;
        let mut sources = SourceMap::default();
        let mut by_file: BTreeMap<Url, Vec<LspDiagnostic>> = BTreeMap::new();
        let config = match super::settings::read_config(&mut sources) {
            Ok(c) => c,
            Err(diags) => {
                // A broken verify.toml: its errors are shown on it, and the claims are
                // checked with the defaults.
                let uris = uris_of(&sources);
                Self::diagnostics_into(&sources, &uris, &diags, &mut by_file);
                sources = SourceMap::default();
                None
            }
        };
        let parse = crate::syntax::ParseOptions {
            date_order: config.as_ref().map(|c| c.date_order).unwrap_or_default(),
        };
        self.min_level = config
            .as_ref()
            .and_then(|c| c.min_level.as_deref())
            .and_then(super::args::fail_on_level)
            .flatten();
        let rules = super::settings::rules_of(&self.rules, config.as_ref());
        // verify.toml's `paths`, else every claims file below the root; open documents too.
        let roots: Vec<PathBuf> = match (&self.root, config.as_ref().and_then(|c| c.paths.clone()))
        {
            // No workspace folder: only the open documents.
            (None, _) => Vec::new(),
            (Some(root), Some(paths)) => paths.into_iter().map(|p| root.join(p)).collect(),
            // The command line's default, `claims/`, when there is one; else every claims
            // file below the folder the editor opened.
            (Some(root), None) if root.join("claims").is_dir() => vec![root.join("claims")],
            (Some(root), None) => vec![root.clone()],
        };
        let (files, _) = crate::load::find_files(&roots);
        // One file, one path: as open documents are keyed (`paths = ["claims/../claims"]`,
        // a link to the claims folder).
        let mut files: Vec<PathBuf> = files.iter().map(|p| canonical(p)).collect();
        files.extend(self.open.keys().filter(|p| ide::is_claims(p)).cloned());
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
        let mut outcome = pipeline::check(
            pipeline::Inputs {
                parse,
                claims: pipeline::Claims::Memory(inputs),
                rules: pipeline::Rules::Load(rules),
                config: config.as_ref(),
                baseline: None,
                sources,
            },
            &pipeline::Quiet,
        );
        // What `min-level` hides is not shown anywhere in the editor (display only: the
        // command line still fails on it).
        if let Some(m) = self.min_level {
            let findings = std::mem::take(&mut outcome.findings);
            let known = std::mem::take(&mut outcome.known);
            (outcome.findings, outcome.known) = findings
                .into_iter()
                .zip(known)
                .filter(|(f, _)| f.level <= m)
                .unzip();
        }
        let map = &outcome.sources;
        // Each file's URI once (a path made canonical is a system call).
        let uris: Vec<Option<Url>> = map
            .files
            .iter()
            .map(|f| {
                self.client_uris
                    .get(&f.path)
                    .cloned()
                    .or_else(|| uri_of(&f.path))
            })
            .collect();
        Self::diagnostics_into(map, &uris, &outcome.diagnostics, &mut by_file);
        for f in &outcome.findings {
            for inv in &f.involved {
                let loc = inv.loc(&outcome.corpus);
                let Some(Some(uri)) = uris.get(loc.file).cloned() else {
                    continue;
                };
                by_file.entry(uri).or_default().push(LspDiagnostic {
                    range: range(map, loc.file, loc.span),
                    severity: Some(match f.level {
                        Level::Error => DiagnosticSeverity::ERROR,
                        Level::Warning => DiagnosticSeverity::WARNING,
                        Level::Info => DiagnosticSeverity::INFORMATION,
                    }),
                    code: Some(NumberOrString::String(f.rule.to_string())),
                    source: Some("verify".to_owned()),
                    message: format!(
                        "{} (`verify explain {}` says what this rule checks and why)",
                        crate::diag::clean(&f.message),
                        f.rule
                    ),
                    ..LspDiagnostic::default()
                });
            }
        }
        self.publish_all(conn, by_file)?;
        // Problems of no file (a rule that does not exist, a missing rules folder): said
        // once each, as messages.
        for d in outcome.diagnostics.iter().filter(|d| d.file.is_none()) {
            let text = crate::diag::clean(&d.message).into_owned();
            if self.said.insert(text.clone()) {
                let params = lsp_types::ShowMessageParams {
                    typ: match d.severity {
                        Severity::Error => lsp_types::MessageType::ERROR,
                        Severity::Warning => lsp_types::MessageType::WARNING,
                        Severity::Note => lsp_types::MessageType::INFO,
                    },
                    message: format!("verify: {text}"),
                };
                conn.sender.send(Message::Notification(Notification::new(
                    "window/showMessage".to_owned(),
                    params,
                )))?;
            }
        }
        self.files = uris
            .iter()
            .enumerate()
            .filter_map(|(f, u)| Some((u.clone()?, f)))
            .collect();
        self.uris = uris;
        self.analysis = Some(Analysis::new(outcome, parse));
        Ok(())
    }

    /// Input errors as LSP diagnostics, by file.
    fn diagnostics_into(
        map: &SourceMap,
        uris: &[Option<Url>],
        diags: &[Diagnostic],
        by_file: &mut BTreeMap<Url, Vec<LspDiagnostic>>,
    ) {
        for d in diags {
            let Some(Some(uri)) = d.file.and_then(|f| uris.get(f)).cloned() else {
                continue;
            };
            let file = d.file.unwrap_or_default();
            by_file.entry(uri).or_default().push(LspDiagnostic {
                range: range(map, file, d.span),
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Note => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(d.code.to_owned())),
                source: Some("verify".to_owned()),
                message: crate::diag::clean_lines(&match &d.help {
                    Some(h) => format!("{}\n{h}", d.message),
                    None => d.message.clone(),
                })
                .into_owned(),
                ..LspDiagnostic::default()
            });
        }
    }

    /// Sends the diagnostics of each file whose diagnostics changed since they were last
    /// sent (an empty list for a file that became clean).
    fn publish_all(
        &mut self,
        conn: &Connection,
        mut by_file: BTreeMap<Url, Vec<LspDiagnostic>>,
    ) -> Fallible<()> {
        let before: Vec<Url> = self.published.keys().cloned().collect();
        for uri in before {
            by_file.entry(uri).or_default();
        }
        for (uri, diagnostics) in by_file {
            if self.published.get(&uri) == Some(&diagnostics)
                || (diagnostics.is_empty() && !self.published.contains_key(&uri))
            {
                continue;
            }
            if diagnostics.is_empty() {
                self.published.remove(&uri);
            } else {
                self.published.insert(uri.clone(), diagnostics.clone());
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

    /// The answer to a request (`null` when there is nothing to say).
    fn answer(&self, req: &Request) -> Response {
        let value = match req.method.as_str() {
            "textDocument/hover" => json(self.hover(&req.params)),
            "textDocument/definition" => {
                json(self.locations(&req.params, |a, f, o| a.definition(f, o)))
            }
            "textDocument/references" => {
                let decl = req.params["context"]["includeDeclaration"]
                    .as_bool()
                    .unwrap_or(true);
                json(self.locations(&req.params, |a, f, o| a.references(f, o, decl)))
            }
            "textDocument/completion" => json(self.completion(&req.params)),
            "textDocument/formatting" => json(self.formatting(&req.params)),
            "textDocument/codeAction" => json(self.code_actions(&req.params)),
            _ => {
                return Response::new_err(
                    req.id.clone(),
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("verify lsp does not answer `{}`", req.method),
                )
            }
        };
        Response::new_ok(req.id.clone(), value)
    }

    /// The checked file a request is about, and the byte offset of its `position`.
    fn at(&self, params: &serde_json::Value) -> Option<(&Analysis, FileId, usize)> {
        let a = self.analysis.as_ref()?;
        let file = self.file(params)?;
        let pos: Position = serde_json::from_value(params["position"].clone()).ok()?;
        let offset = offset(&a.outcome.sources.get(file).text, pos);
        Some((a, file, offset))
    }

    fn file(&self, params: &serde_json::Value) -> Option<FileId> {
        let uri = Url::parse(params["textDocument"]["uri"].as_str()?).ok()?;
        if let Some(f) = self.files.get(&uri) {
            return Some(*f);
        }
        let uri = uri.to_file_path().ok().and_then(|p| uri_of(&p))?;
        self.files.get(&uri).copied()
    }

    fn hover(&self, params: &serde_json::Value) -> Option<Hover> {
        let (a, file, offset) = self.at(params)?;
        let (text, span) = a.hover(file, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(range(&a.outcome.sources, file, span)),
        })
    }

    fn locations(
        &self,
        params: &serde_json::Value,
        find: impl Fn(&Analysis, FileId, usize) -> Vec<(FileId, Span)>,
    ) -> Option<Vec<Location>> {
        let (a, file, offset) = self.at(params)?;
        let map = &a.outcome.sources;
        let found: Vec<Location> = find(a, file, offset)
            .into_iter()
            .filter_map(|(f, span)| {
                Some(Location::new(
                    self.uris.get(f)?.clone()?,
                    range(map, f, span),
                ))
            })
            .collect();
        (!found.is_empty()).then_some(found)
    }

    fn completion(&self, params: &serde_json::Value) -> Option<Vec<CompletionItem>> {
        let (a, file, offset) = self.at(params)?;
        let map = &a.outcome.sources;
        let text = &map.get(file).text;
        let (replace, items) = ide::complete::complete(a, text, offset);
        let span = Span::new(replace.start, replace.end);
        Some(
            items
                .into_iter()
                .map(|c| CompletionItem {
                    kind: Some(match c.kind {
                        ide::complete::Kind::Keyword => CompletionItemKind::KEYWORD,
                        ide::complete::Kind::Entity => CompletionItemKind::CONSTANT,
                        ide::complete::Kind::Outlet => CompletionItemKind::MODULE,
                        ide::complete::Kind::Label => CompletionItemKind::EVENT,
                        ide::complete::Kind::Value => CompletionItemKind::ENUM_MEMBER,
                    }),
                    detail: Some(crate::diag::clean(&c.detail).into_owned()),
                    // Typing a name finds the id: the name is what the editor filters on.
                    filter_text: Some(format!("{} {}", c.label, c.detail)),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                        range(map, file, span),
                        c.label.clone(),
                    ))),
                    label: c.label,
                    ..CompletionItem::default()
                })
                .collect(),
        )
    }

    fn formatting(&self, params: &serde_json::Value) -> Option<Vec<TextEdit>> {
        let a = self.analysis.as_ref()?;
        let file = self.file(params)?;
        let map = &a.outcome.sources;
        let text = &map.get(file).text;
        let formatted = Analysis::format(text, a.parse)?;
        let whole = range(map, file, Span::new(0, text.len()));
        Some(vec![TextEdit::new(whole, formatted)])
    }

    fn code_actions(&self, params: &serde_json::Value) -> Option<Vec<CodeActionOrCommand>> {
        let a = self.analysis.as_ref()?;
        let file = self.file(params)?;
        let map = &a.outcome.sources;
        let text = &map.get(file).text;
        let r: Range = serde_json::from_value(params["range"].clone()).ok()?;
        let (x, y) = (offset(text, r.start), offset(text, r.end));
        let span = Span::new(x.min(y), x.max(y));
        let actions = ide::actions::actions(a, file, span);
        Some(
            actions
                .into_iter()
                .filter_map(|act| {
                    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
                    for e in &act.edits {
                        changes
                            .entry(self.uris.get(e.file)?.clone()?)
                            .or_default()
                            .push(TextEdit::new(range(map, e.file, e.span), e.text.clone()));
                    }
                    Some(CodeActionOrCommand::CodeAction(CodeAction {
                        title: crate::diag::clean(&act.title).into_owned(),
                        kind: Some(CodeActionKind::QUICKFIX),
                        is_preferred: Some(act.preferred),
                        edit: Some(WorkspaceEdit {
                            changes: Some(changes),
                            ..WorkspaceEdit::default()
                        }),
                        ..CodeAction::default()
                    }))
                })
                .collect(),
        )
    }
}

fn json<T: serde::Serialize>(v: T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// A path made canonical; for a file not saved yet, its folder made canonical.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}

/// The URI of each file of a source map.
fn uris_of(map: &SourceMap) -> Vec<Option<Url>> {
    map.files.iter().map(|f| uri_of(&f.path)).collect()
}

fn uri_of(path: &Path) -> Option<Url> {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Url::from_file_path(abs).ok()
}

/// The byte offset of an editor position (zero-based line, UTF-16 column), clamped to the
/// line.
fn offset(text: &str, pos: Position) -> usize {
    let mut start = 0;
    for _ in 0..pos.line {
        match text[start..].find('\n') {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    // Editors do not count a byte-order mark; a line's `\r` is not a column.
    if start == 0 && text.starts_with('\u{feff}') {
        start = '\u{feff}'.len_utf8();
    }
    let line = &text[start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut units = 0;
    for (n, c) in line.char_indices() {
        if units >= pos.character as usize {
            return start + n;
        }
        units += c.len_utf16();
    }
    start + line.len()
}

/// A span as an LSP range: zero-based lines, columns in UTF-16 code units.
fn range(map: &SourceMap, file: FileId, span: Span) -> Range {
    let f = map.get(file);
    let at = |offset: usize| {
        let offset = offset.min(f.text.len());
        let (line, _) = f.line_col(offset);
        let start = f.line_range(line).start;
        let character = f.text.get(start..offset).map_or(0, |s| {
            s.trim_start_matches('\u{feff}').encode_utf16().count()
        });
        Position::new(line.saturating_sub(1) as u32, character as u32)
    };
    Range::new(at(span.start as usize), at(span.end as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "a\nحموشي x\n𝒳y\n";
        assert_eq!(offset(text, Position::new(0, 1)), 1);
        assert_eq!(offset(text, Position::new(1, 6)), text.find('x').unwrap());
        // A character outside the BMP is two UTF-16 units.
        assert_eq!(offset(text, Position::new(2, 2)), text.find('y').unwrap());
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        assert_eq!(offset(text, Position::new(0, 40)), 1);
    }
}
