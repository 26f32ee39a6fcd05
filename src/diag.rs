//! Diagnostics as data: what went wrong, where (byte spans into a source file), what was
//! expected and what was found, plus optional help ("did you mean …").
//!
//! Every stage reports problems by returning [`Diagnostic`] values; nothing here prints.
//! Line and column numbers are computed only when a diagnostic is rendered
//! ([`SourceFile::line_col`], [`render`]), which keeps the parser and resolver free of
//! position bookkeeping.

use std::fmt::Write as _;
use std::path::PathBuf;

use annotate_snippets::{Level, Renderer, Snippet};

/// A half-open byte range `start..end` into one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    /// A span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Index of a file in a [`SourceMap`].
pub type FileId = usize;

/// One input file: its path as given and its text (lossily decoded when it was not UTF-8).
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Shared, not owned: the resolved corpus keeps each claims file's text to read its
    /// claims' canonical texts from (see `model::Corpus::claim_text`). An `Arc<String>`,
    /// not an `Arc<str>`: the text read is shared as it is, never copied.
    pub text: std::sync::Arc<String>,
    /// Byte offset where each line starts, computed once on demand for rendering.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// The path as outputs show it (forward slashes), computed once on demand.
    shown: std::sync::OnceLock<String>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: std::sync::Arc::new(text.into()),
            line_starts: std::sync::OnceLock::new(),
            shown: std::sync::OnceLock::new(),
        }
    }

    /// Shows the file as `shown` from now on (outputs whose paths are relative to the
    /// project, not to the working directory).
    pub fn show_as(&mut self, shown: String) {
        self.shown = std::sync::OnceLock::from(shown);
    }

    /// The path as outputs show it: as given, with forward slashes on every system (on
    /// Windows its separators become `/`; elsewhere a `\` is part of a file's name and stays).
    pub fn shown_path(&self) -> &str {
        self.shown.get_or_init(|| {
            let shown = self.path.display().to_string();
            if cfg!(windows) {
                shown.replace('\\', "/")
            } else {
                shown
            }
        })
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut v = vec![0];
            v.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            v
        })
    }

    /// 1-based line and column (column counted in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let mut start = starts[line];
        while !self.text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end.max(start)].chars().count() + 1;
        (line + 1, col)
    }

    /// Byte range of the 1-based line `line`, without its line ending.
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let starts = self.line_starts();
        let start = starts[line - 1];
        let mut end = starts.get(line).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }
}

/// All files of one run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A secondary location shown under the main one ("first declared here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

/// Every diagnostic code, one per kind of problem, with what it means: the codes outputs
/// show (`error[undeclared]`, a JSON diagnostic's `code`) and `docs/output.md` lists
/// (a test checks that every code written in `src/` is here, and the docs table is this).
pub const CODES: &[(&str, &str)] = &[
    ("ambiguous", "a name that names more than one entity, or a weekday that could be the last or the next one"),
    ("baseline", "a baseline file that cannot be read, parsed or written"),
    ("binary", "a claims file that is binary data, not text"),
    ("config", "`verify.toml` cannot be read, or has an unknown key or a wrong value"),
    ("date", "an impossible date (`2025-02-30`), or a date that cannot be read in the year inferred for its article"),
    ("duplicate", "an id declared twice"),
    ("empty", "a directory with no claims files"),
    ("encoding", "bytes that are not UTF-8"),
    ("export", "`verify export` asked to write into a directory holding other files, or unable to write a table"),
    ("indent", "indentation that matches no open block"),
    ("line-too-long", "a line over 64 KiB"),
    ("nul", "a NUL byte in a claims file"),
    ("order", "a claim during, after or before itself, or both after and before one event; a place inside itself; plans that extend each other"),
    ("path", "a path that cannot be read, or a symbolic link that is not followed"),
    ("read", "a file that cannot be read"),
    ("rule", "a rule file that does not compile, no rules to load, or a rule asked for that does not exist"),
    ("suppress", "a suppression comment (`# verify: ignore[RULE] REASON`) without a reason, malformed, or naming a rule that is not loaded"),
    ("syntax", "a claims line that does not parse"),
    ("tab", "a tab in indentation"),
    ("too-large", "a file over 2 GiB"),
    ("too-many-errors", "more errors in one file than are shown"),
    ("undeclared", "a reference to an id, name or event label that is not declared"),
    ("write", "a file that cannot be written"),
    ("wrong-kind", "a reference to an entity of the wrong kind (a person where a place is expected)"),
];

/// The Markdown table of [`CODES`], as `docs/output.md` shows it.
pub fn codes_table() -> String {
    let mut out = String::from("| Code | Problem |\n|---|---|\n");
    for (code, meaning) in CODES {
        out.push_str(&format!("| `{code}` | {meaning} |\n"));
    }
    out
}

/// One problem found in the input. Messages are lowercase, say what was expected and what
/// was found, and carry no trailing period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable short code, e.g. `syntax`, `undeclared`, `duplicate`.
    pub code: &'static str,
    pub message: String,
    /// `None` for problems that belong to no file (a missing path, for instance).
    pub file: Option<FileId>,
    pub span: Span,
    /// Text written under the caret.
    pub label: String,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// Repairs an editor can offer; `verify fmt --fix` applies the [`FixKind::Safe`] ones.
    pub fixes: Vec<Fix>,
}

/// Replace `span` of the file with `replacement`; `title` says what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
    pub title: String,
    pub kind: FixKind,
}

/// What a [`Fix`] is, and so who may apply it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// Mechanical: it cannot change what the text means (a missing `:` after a label,
    /// straight quotes). `verify fmt --fix` applies it; an editor offers it as preferred.
    Safe,
    /// A guess (a did-you-mean): offered in an editor, never applied unasked.
    Suggestion,
    /// `replacement` is a declaration line to add at the top level, above the block that
    /// holds `span` (an undeclared name): offered in an editor only.
    Declaration,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: FileId, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: Some(file),
            span,
            label: String::new(),
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }
    pub fn warning(
        code: &'static str,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(code, file, span, message)
        }
    }
    /// A problem with no place in a file (missing path, unreadable directory…).
    pub fn global(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            ..Self::error(code, 0, Span::default(), message)
        }
    }
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
    pub fn with_secondary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Suggests the candidate closest to `wanted` (after case folding), if it is close enough to
/// be a plausible typo.
pub fn did_you_mean<'c>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let wanted_l = wanted.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&wanted_l, &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The help that offers a did-you-mean: every diagnostic words it this way, so an editor
/// can offer the replacement ([`suggested`]).
pub fn did_you_mean_help(m: &str) -> String {
    format!("did you mean `{m}`?")
}

/// The replacement a did-you-mean help offers, if `help` is one.
pub fn suggested(help: &str) -> Option<&str> {
    help.strip_prefix("did you mean `")?.strip_suffix("`?")
}

/// The text of quoted lines as the snippet renderer gets it: tabs, carriage returns and
/// other control characters (C0, DEL, C1) and bidi controls become spaces (as many as the
/// character has bytes, so spans stay valid). The renderer measures tabs in columns of its
/// own and reads a lone carriage return as a line break, which broke its margin arithmetic
/// (found by fuzzing the rule loader); the others would reach the terminal.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\t' || (unsafe_char(c) && c != '\n') {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a character must not reach a terminal or a document as it is: a control
/// character (C0 but tab, DEL, C1; line feed included, since the texts it applies to are
/// one line) or a bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069), which
/// reorder what follows them on screen.
pub fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Text from an input (a name, a title, a file name, a rule's message) made safe to print
/// on one line: each [`unsafe_char`] is shown as its escape, `\u{1b}`, so that a name
/// holding `ESC [2K CR` cannot rewrite the summary on a terminal, and it can still be seen.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`clean`] for text of several lines (`verify explain`, `verify test`): line feeds stay.
pub fn clean_lines(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && unsafe_char(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.split('\n').map(clean).collect::<Vec<_>>().join("\n"))
}

/// Quoted text is cut to at most this many bytes around the span, well inside the
/// renderer's width, so that the renderer never trims lines itself.
const SNIPPET_BYTES: usize = 100;

/// The byte range of `line` to quote — at most [`SNIPPET_BYTES`] bytes, on character
/// boundaries, including the byte `at` — and the length of the `...` that will precede it.
fn cut_around(line: &str, at: usize) -> (std::ops::Range<usize>, usize) {
    if line.len() <= SNIPPET_BYTES {
        return (0..line.len(), 0);
    }
    let floor = |mut b: usize| {
        while !line.is_char_boundary(b) {
            b -= 1;
        }
        b
    };
    let at = at.min(line.len());
    let mut start = floor(at.saturating_sub(SNIPPET_BYTES / 3));
    let end = floor((start + SNIPPET_BYTES).min(line.len()));
    if end == line.len() {
        start = floor(end.saturating_sub(SNIPPET_BYTES));
        while start < at && !line.is_char_boundary(start) {
            start += 1;
        }
    }
    (start..end, if start > 0 { 3 } else { 0 })
}

/// Lines longer than this are not quoted in snippets (the location is still given).
const MAX_SNIPPET_LINE: usize = 400;

/// Renders one diagnostic rustc-style: `error[code]: message`, then `--> file:line:col`, the
/// source line with a caret under the span, secondary labels, notes and help.
pub fn render(map: &SourceMap, d: &Diagnostic, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Note => Level::Note,
    };
    // Every text of the diagnostic may quote an input: shown escaped.
    let message = clean(&d.message);
    let label = clean(&d.label);
    let notes: Vec<std::borrow::Cow<str>> = d.notes.iter().map(|n| clean(n)).collect();
    let help = d.help.as_deref().map(clean);
    let Some(file_id) = d.file else {
        let mut msg = level.title(&message).id(d.code);
        for n in &notes {
            msg = msg.footer(Level::Note.title(n));
        }
        if let Some(h) = &help {
            msg = msg.footer(Level::Help.title(h));
        }
        return renderer.render(msg).to_string();
    };
    let file = map.get(file_id);
    let origin = clean(&file.path.display().to_string()).into_owned();
    if file.text.is_empty() {
        // Nothing to quote (a binary or unreadable file): name the file only.
        let with_path = Diagnostic {
            file: None,
            message: format!("{}: {}", origin, d.message),
            ..d.clone()
        };
        return render(map, &with_path, color);
    }
    let (line, col) = file.line_col(d.span.start as usize);
    let line_range = file.line_range(line);
    let location = format!("{origin}:{line}:{col}");

    let cleaned_secondary: std::collections::HashMap<&str, std::borrow::Cow<str>> = d
        .secondary
        .iter()
        .map(|s| (s.message.as_str(), clean(&s.message)))
        .collect();
    // Snippets quote only the lines involved, so a huge file or line stays cheap to render.
    let snippet_text;
    let mut snippets = Vec::new();
    let mut extra_notes: Vec<String> = Vec::new();
    if line_range.len() <= MAX_SNIPPET_LINE {
        let end_line = file.line_col(d.span.end.max(d.span.start) as usize).0;
        let last = file.line_range(end_line.max(line));
        let window = line_range.start..last.end;
        let full = printable(&file.text[window.clone()]);
        // A long single line is cut to a window around the span, so the renderer never
        // has to trim it (its trimming arithmetic overflowed on some lines; found by
        // fuzzing). `cut` is the quoted byte range of `full`, `lead` the bytes of the `...`
        // written before it.
        let primary = (d.span.start as usize).clamp(window.start, window.end) - window.start;
        // Several long lines are not quoted whole: only the first, cut like any other.
        let full = match full.find('\n') {
            Some(n) if full.len() > SNIPPET_BYTES => full[..n].to_owned(),
            _ => full,
        };
        let (cut, lead) = if full.contains('\n') {
            (0..full.len(), 0)
        } else {
            cut_around(&full, primary)
        };
        let dots = |on: bool| if on { "..." } else { "" };
        snippet_text = format!(
            "{}{}{}",
            dots(lead > 0),
            &full[cut.clone()],
            dots(cut.end < full.len())
        );
        // Spans are clamped to the quoted text and widened to whole characters: a span
        // ending inside a multi-byte character must not reach the renderer.
        let rel = |s: Span| {
            let clamp = |x: u32| (x as usize).clamp(window.start, window.end) - window.start;
            let shift = |x: usize| x.clamp(cut.start, cut.end) - cut.start + lead;
            let mut a = shift(clamp(s.start));
            let mut b = shift(clamp(s.end));
            while a > 0 && !snippet_text.is_char_boundary(a) {
                a -= 1;
            }
            b = b.max(a);
            while b < snippet_text.len() && !snippet_text.is_char_boundary(b) {
                b += 1;
            }
            a..b
        };
        let mut snip = Snippet::source(&snippet_text)
            .line_start(line)
            .origin(&origin)
            .annotation(level.span(rel(d.span)).label(&label));
        for s in d.secondary.iter().filter(|s| s.file == file_id) {
            let (sl, _) = file.line_col(s.span.start as usize);
            if sl == line {
                snip = snip.annotation(
                    Level::Info
                        .span(rel(s.span))
                        .label(&cleaned_secondary[s.message.as_str()]),
                );
            }
        }
        snippets.push(snip);
    } else {
        extra_notes.push(format!(
            "at {location} (the line is {} bytes long and is not shown)",
            line_range.len()
        ));
    }
    // Secondary labels on other lines or files are listed as notes with their location.
    for s in &d.secondary {
        let f = map.get(s.file);
        let (sl, sc) = f.line_col(s.span.start as usize);
        if s.file != file_id || sl != line || line_range.len() > MAX_SNIPPET_LINE {
            extra_notes.push(format!(
                "{}: {}:{sl}:{sc}",
                clean(&s.message),
                clean(&f.path.display().to_string())
            ));
        }
    }
    let mut msg = level.title(&message).id(d.code);
    for s in snippets {
        msg = msg.snippet(s);
    }
    for n in extra_notes
        .iter()
        .map(|n| n.as_str())
        .chain(notes.iter().map(|n| &**n))
    {
        msg = msg.footer(Level::Note.title(n));
    }
    if let Some(h) = &help {
        msg = msg.footer(Level::Help.title(h));
    }
    let mut out = renderer.render(msg).to_string();
    if !out.contains(&location) {
        let _ = write!(out, "\n  --> {location}");
    }
    out
}
