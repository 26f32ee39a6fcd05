//! The `json` format: a versioned document (schema in `docs/output.schema.json`, described
//! in `docs/output.md`). Fields are only ever added within a version. The document is built
//! from borrowing structs and streamed to the output in parts laid out exactly as one
//! pretty-printed document: findings are serialized in parallel, a window at a time, while
//! the window before is written, so memory does not grow with the number of findings.

use std::io::{self, Write};

use serde::Serialize;

use super::{attribution, diagnostic_place, place, Emitter, Run};
use crate::model::{AnchorKind, AnchorSource, Claim, Corpus, TimeOf};
use crate::rules::Level;

/// The version of the JSON output; bumped on any incompatible change.
pub const VERSION: u32 = 2;

pub struct Json;

impl Emitter for Json {
    fn emit(&self, run: &Run) -> String {
        let mut out = Vec::new();
        // Writing to memory fails only if serialization does, which it cannot here.
        let _ = self.write_to(run, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    fn write_to(&self, run: &Run, out: &mut dyn Write) -> io::Result<()> {
        let head = head(run);
        out.write_all(b"{\n  \"version\": ")?;
        part(out, &head.version, 1)?;
        out.write_all(b",\n  \"tool\": ")?;
        part(out, &head.tool, 1)?;
        out.write_all(b",\n  \"summary\": ")?;
        part(out, &head.summary, 1)?;
        out.write_all(b",\n  \"findings\": ")?;
        findings(run, out)?;
        out.write_all(b",\n  \"diagnostics\": ")?;
        part(out, &head.diagnostics, 1)?;
        out.write_all(b"\n}\n")
    }
}

/// Findings serialized per window; a window's chunks are made in parallel.
const WINDOW: usize = 1 << 14;
const CHUNK: usize = 256;

/// The `findings` array, `depth` 1.
fn findings(run: &Run, out: &mut dyn Write) -> io::Result<()> {
    if run.findings.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    pipelined(out, run.findings.len(), WINDOW, CHUNK, |items| {
        let mut buf = Vec::with_capacity(items.len() * 1024);
        for i in items {
            buf.extend_from_slice(if i == 0 { b"\n    " } else { b",\n    " });
            finding(run, i, &run.findings[i]).write(&mut buf, 2)?;
        }
        Ok(buf)
    })?;
    out.write_all(b"\n  ]")
}

/// Writes the items `0..n` in order, as `make` writes each chunk of `chunk` items: a window
/// of `window` items is made in parallel on the thread pool while the window before it is
/// written here, so that writing (to a file, a second of a million findings' worth) and
/// making overlap; at most two windows are held. The first error, in the order of the
/// output, is returned, with everything before it written.
fn pipelined(
    out: &mut dyn Write,
    n: usize,
    window: usize,
    chunk: usize,
    make: impl Fn(std::ops::Range<usize>) -> io::Result<Vec<u8>> + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    let make_window = |start: usize| -> io::Result<Vec<Vec<u8>>> {
        let end = (start + window).min(n);
        (start..end)
            .step_by(chunk)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|from| make(from..(from + chunk).min(end)))
            .collect()
    };
    let mut start = 0;
    let mut ready = make_window(start)?;
    while start < n {
        start += window;
        let mut next = Ok(Vec::new());
        let written = rayon::in_place_scope(|s| {
            if start < n {
                let next = &mut next;
                let make_window = &make_window;
                s.spawn(move |_| *next = make_window(start));
            }
            ready.iter().try_for_each(|part| out.write_all(part))
        });
        written?;
        ready = next?;
    }
    Ok(())
}

/// Writes `value` laid out as it would be `depth` levels into a pretty-printed document.
fn part<W: Write + ?Sized, T: Serialize + ?Sized>(
    out: &mut W,
    value: &T,
    depth: usize,
) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        out,
        Indented {
            depth,
            has_value: false,
        },
    );
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// serde_json's pretty layout (two spaces per level), starting `depth` levels in.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn newline<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        let mut n = 2 * self.depth;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        super::write_json_fragment(w, fragment)
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.newline(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.newline(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A value written with its `Display` form, without an intermediate string.
fn as_text<T: std::fmt::Display, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// Writes a JSON text as serde_json writes it with [`Indented`]: at once when nothing in it
/// needs escaping (the common case, tested in one pass the compiler vectorizes), else by
/// serde_json itself, so the two never differ.
fn text(out: &mut Vec<u8>, s: &str) -> io::Result<()> {
    let plain = s.bytes().fold(true, |ok, b| {
        ok & ((0x20..0x7f).contains(&b) & (b != b'"') & (b != b'\\'))
    });
    if !plain {
        return part(out, s, 0);
    }
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
    Ok(())
}

/// An object being written in serde_json's pretty layout, its braces `depth` levels in (two
/// spaces a level), as [`Indented`] lays it out.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    depth: usize,
    empty: bool,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut Vec<u8>, depth: usize) -> Self {
        out.push(b'{');
        Object {
            out,
            depth,
            empty: true,
        }
    }

    fn indent(out: &mut Vec<u8>, depth: usize) {
        out.resize(out.len() + 2 * depth, b' ');
    }

    /// Starts the entry `key` (a name that needs no escaping).
    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        Self::indent(self.out, self.depth + 1);
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
        self.out
    }

    fn text(&mut self, key: &str, value: &str) -> io::Result<()> {
        text(self.key(key), value)
    }

    fn maybe_text(&mut self, key: &str, value: Option<&str>) -> io::Result<()> {
        match value {
            Some(v) => self.text(key, v),
            None => {
                self.key(key).extend_from_slice(b"null");
                Ok(())
            }
        }
    }

    fn number(&mut self, key: &str, n: usize) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = n;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.key(key).extend_from_slice(&digits[at..]);
    }

    fn boolean(&mut self, key: &str, b: bool) {
        self.key(key)
            .extend_from_slice(if b { b"true" } else { b"false" });
    }

    /// The entry `key`: an array of `items`, each written by `each` `depth` levels in.
    fn array<T>(
        &mut self,
        key: &str,
        items: &[T],
        each: impl Fn(&T, &mut Vec<u8>, usize) -> io::Result<()>,
    ) -> io::Result<()> {
        let depth = self.depth + 2;
        let out = self.key(key);
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            Self::indent(out, depth);
            each(item, out, depth)?;
        }
        if !items.is_empty() {
            out.push(b'\n');
            Self::indent(out, depth - 1);
        }
        out.push(b']');
        Ok(())
    }

    fn close(self) {
        if !self.empty {
            self.out.push(b'\n');
            Self::indent(self.out, self.depth);
        }
        self.out.push(b'}');
    }
}

impl Finding<'_> {
    /// Writes the record `depth` levels in, byte for byte as serde_json with [`Indented`]
    /// writes it (a test compares the two on every shape of record): a million findings are
    /// most of a large document, and serde_json reads each text a byte at a time.
    fn write(&self, out: &mut Vec<u8>, depth: usize) -> io::Result<()> {
        let mut o = Object::open(out, depth);
        o.text("rule", self.rule)?;
        o.text("title", self.title)?;
        o.text("severity", self.severity)?;
        o.text("category", self.category)?;
        o.text("certainty", self.certainty)?;
        o.text("message", self.message)?;
        o.text("fingerprint", &self.fingerprint.to_string())?;
        o.text("baseline", self.baseline)?;
        o.boolean("counts", self.counts);
        o.array("claims", &self.claims, Location::write)?;
        o.close();
        Ok(())
    }
}

impl Location<'_> {
    fn write(&self, out: &mut Vec<u8>, depth: usize) -> io::Result<()> {
        let mut o = Object::open(out, depth);
        o.text("role", self.role)?;
        o.text("kind", self.kind)?;
        o.text("file", self.file)?;
        o.number("line", self.line);
        o.number("column", self.column);
        o.number("end_line", self.end_line);
        o.number("end_column", self.end_column);
        if let Some(t) = self.text {
            o.text("text", t)?;
        }
        if let Some(origin) = self.origin {
            o.maybe_text("origin", origin)?;
        }
        if let Some(relays) = &self.relays {
            o.array("relays", relays, |r, out, _| text(out, r))?;
        }
        if let Some(a) = &self.attribution {
            o.text("attribution", a)?;
        }
        if let Some(dates) = &self.dates {
            o.maybe_text("dates", dates.as_deref())?;
        }
        if let Some(links) = &self.links {
            o.array("links", links, Link::write)?;
        }
        if let Some(times) = &self.times {
            o.array("times", times, Time::write)?;
        }
        if let Some(e) = self.entity {
            o.text("entity", e)?;
        }
        o.close();
        Ok(())
    }
}

impl Link<'_> {
    fn write(&self, out: &mut Vec<u8>, depth: usize) -> io::Result<()> {
        let mut o = Object::open(out, depth);
        o.text("outlet", self.outlet)?;
        o.maybe_text("published", self.published.as_deref())?;
        o.close();
        Ok(())
    }
}

impl Time<'_> {
    fn write(&self, out: &mut Vec<u8>, depth: usize) -> io::Result<()> {
        let mut o = Object::open(out, depth);
        o.text("of", self.of)?;
        o.text("text", self.text)?;
        o.text("dates", &self.dates)?;
        o.text("anchor", self.anchor)?;
        if let Some(link) = &self.read_on {
            let d = o.depth + 1;
            link.write(o.key("read_on"), d)?;
        }
        if let Some(i) = &self.inferred {
            o.text("inferred", i)?;
        }
        o.close();
        Ok(())
    }
}

/// Everything in the document but the findings.
struct Head<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
    /// The standard rule pack, when its rules ran.
    pack: Option<Pack>,
}

#[derive(Serialize)]
struct Pack {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    outlets: usize,
    reports: usize,
    entities: usize,
    claims: usize,
    rules: usize,
    findings: usize,
    errors: usize,
    warnings: usize,
    info: usize,
    new: usize,
    known: usize,
    /// Findings silenced by suppression comments (not in `findings`).
    suppressed: usize,
    failing: usize,
    time_expressions: Times,
}

#[derive(Serialize)]
struct Times {
    total: usize,
    anchored: usize,
    borrowed: usize,
    inferred: usize,
    unresolved: usize,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    title: &'a str,
    severity: &'static str,
    category: &'static str,
    certainty: &'static str,
    message: &'a str,
    #[serde(serialize_with = "as_text")]
    fingerprint: crate::engine::Fingerprint,
    baseline: &'static str,
    counts: bool,
    claims: Vec<Location<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    role: &'static str,
    kind: &'static str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    relays: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dates: Option<Option<String>>,
    /// The chain, the report's outlet first, each link with its own date.
    #[serde(skip_serializing_if = "Option::is_none")]
    links: Option<Vec<Link<'a>>>,
    /// Each stated time, with how it was dated and on whose date.
    #[serde(skip_serializing_if = "Option::is_none")]
    times: Option<Vec<Time<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
}

/// One link of a claim's chain: an outlet and its own publication date (`null`: not given).
#[derive(Serialize)]
struct Link<'a> {
    outlet: &'a str,
    published: Option<String>,
}

/// One stated time of a claim.
#[derive(Serialize)]
struct Time<'a> {
    /// `when`, `arriving` or `signed`.
    of: &'static str,
    /// As written, in canonical form.
    text: &'a str,
    /// As outputs show it, saying whose date it rests on when it is not the origin's.
    dates: String,
    /// `absolute`, `origin` (read on the origin's own date), `borrowed` (on another
    /// outlet's date) or `unresolved`.
    anchor: &'static str,
    /// For `origin` and `borrowed`: the publication date it was read on, and whose.
    #[serde(skip_serializing_if = "Option::is_none")]
    read_on: Option<Link<'a>>,
    /// For `inferred`: the year and the evidence for it, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    inferred: Option<String>,
}

/// The links and stated times of a claim.
fn links_and_times<'a>(corpus: &'a Corpus, c: &'a Claim) -> (Vec<Link<'a>>, Vec<Time<'a>>) {
    let links = c
        .links
        .iter()
        .map(|l| Link {
            outlet: &corpus.outlets[l.outlet()].name,
            published: l.published.map(|d| d.to_string()),
        })
        .collect();
    let times = [
        ("when", TimeOf::When),
        ("arriving", TimeOf::Arriving),
        ("signed", TimeOf::Signed),
    ]
    .into_iter()
    .filter_map(|(of, which)| {
        let w = c.time_of(which)?;
        Some(Time {
            of,
            text: corpus.when_text(w),
            dates: corpus.time_text(w),
            anchor: match w.anchor.kind {
                AnchorKind::Absolute => "absolute",
                AnchorKind::Origin => "origin",
                AnchorKind::Borrowed => "borrowed",
                AnchorKind::Inferred => "inferred",
                AnchorKind::Unresolved => "unresolved",
            },
            read_on: match (
                w.anchor.kind,
                w.anchor.source.and_then(|s| corpus.anchor_outlet(s)),
                w.anchor.date,
            ) {
                (AnchorKind::Origin | AnchorKind::Borrowed, Some(o), Some(d)) => Some(Link {
                    outlet: &corpus.outlets[o].name,
                    published: Some(d.to_string()),
                }),
                _ => None,
            },
            inferred: match (w.anchor.kind, w.anchor.source) {
                (AnchorKind::Inferred, Some(AnchorSource::Inference(i))) => {
                    Some(corpus.inference_text(i))
                }
                _ => None,
            },
        })
    })
    .collect();
    (links, times)
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// The record of finding `i`.
fn finding<'a>(run: &'a Run, i: usize, f: &'a crate::engine::Finding) -> Finding<'a> {
    Finding {
        rule: &f.rule,
        title: &f.title,
        severity: f.level.as_str(),
        category: f.category.as_str(),
        certainty: f.certainty.as_str(),
        message: &f.message,
        fingerprint: f.fingerprint,
        baseline: if run.known[i] { "known" } else { "new" },
        counts: run.counts(i),
        claims: f
            .involved
            .iter()
            .map(|inv| {
                let p = place(run.sources, run.corpus, inv);
                let claim = inv.claim().map(|c| &run.corpus.claims[c]);
                let (links, times) = match claim {
                    Some(c) => {
                        let (l, t) = links_and_times(run.corpus, c);
                        (Some(l), Some(t))
                    }
                    None => (None, None),
                };
                Location {
                    role: inv.role.as_str(),
                    kind: if claim.is_some() { "claim" } else { "entity" },
                    file: p.file,
                    line: p.line,
                    column: p.column,
                    end_line: p.end_line,
                    end_column: p.end_column,
                    text: claim.map(|c| run.corpus.claim_text(c)),
                    origin: claim.map(|_| inv.origin(run.corpus)),
                    relays: claim.map(|c| {
                        c.relays()
                            .map(|o| run.corpus.outlets[o].name.as_str())
                            .collect()
                    }),
                    attribution: claim.map(|_| attribution(run.corpus, inv)),
                    dates: claim.map(|_| inv.dates(run.corpus)),
                    links,
                    times,
                    entity: inv.entity().map(|e| run.corpus.entities[e].id.as_str()),
                }
            })
            .collect(),
    }
}

/// The parts of the document other than the findings.
fn head<'a>(run: &'a Run<'a>) -> Head<'a> {
    let diagnostics = run
        .diagnostics
        .iter()
        .map(|d| {
            let p = diagnostic_place(run.sources, d);
            Diagnostic {
                severity: d.severity.as_str(),
                code: d.code,
                message: &d.message,
                line: p.as_ref().map(|p| p.line),
                column: p.as_ref().map(|p| p.column),
                file: p.map(|p| p.file),
                help: d.help.as_deref(),
            }
        })
        .collect();
    let count = |l: Level| run.findings.iter().filter(|f| f.level == l).count();
    let s = &run.summary;
    Head {
        version: VERSION,
        tool: Tool {
            name: "verify",
            version: env!("CARGO_PKG_VERSION"),
            pack: run.pack().map(|version| Pack {
                name: crate::rules::pack::NAME,
                version,
            }),
        },
        summary: Summary {
            files: s.files,
            outlets: s.outlets,
            reports: s.reports,
            entities: s.entities,
            claims: s.claims,
            rules: run.rules.len(),
            findings: run.findings.len(),
            errors: count(Level::Error),
            warnings: count(Level::Warning),
            info: count(Level::Info),
            new: run.known.iter().filter(|k| !**k).count(),
            known: run.known.iter().filter(|k| **k).count(),
            suppressed: run.suppressed,
            failing: (0..run.findings.len()).filter(|i| run.counts(*i)).count(),
            time_expressions: Times {
                total: s.times,
                anchored: s.anchored,
                borrowed: s.borrowed,
                inferred: s.inferred,
                unresolved: s.unresolved,
            },
        },
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings' records written by hand are byte for byte what serde_json writes with
    /// [`Indented`]: texts plain and to escape (quotes, backslashes, controls, DEL, bidi
    /// controls, accents, emoji, empty), every optional entry present, absent and null,
    /// arrays empty and full, objects nested, at several depths.
    #[test]
    fn records_written_by_hand_are_what_serde_json_writes() {
        let texts = [
            "plain text",
            "",
            "a \"quoted\" word",
            "back\\slash",
            "tab\tnew\nline\r\u{8}\u{c}",
            "control \u{1} and DEL \u{7f}",
            "bidi \u{202e}reversed\u{2066} and C1 \u{85}",
            "Beyrouth, Liban — été ✓ 🗞",
        ];
        let link = |i: usize| Link {
            outlet: texts[i % texts.len()],
            published: (i % 2 == 0).then(|| format!("2025-0{}-1{i}", i % 9 + 1)),
        };
        let time = |i: usize| Time {
            of: ["when", "arriving", "signed"][i % 3],
            text: texts[(i + 1) % texts.len()],
            dates: texts[(i + 2) % texts.len()].to_owned(),
            anchor: "borrowed",
            read_on: (i % 2 == 1).then(|| link(i)),
            inferred: (i % 3 == 0).then(|| texts[(i + 3) % texts.len()].to_owned()),
        };
        let location = |i: usize| Location {
            role: ["a", "b", "claim"][i % 3],
            kind: if i % 4 == 3 { "entity" } else { "claim" },
            file: texts[i % texts.len()],
            line: i * 1000 + 1,
            column: i,
            end_line: usize::MAX - i,
            end_column: 0,
            text: (i % 2 == 0).then_some(texts[(i + 4) % texts.len()]),
            origin: [None, Some(None), Some(Some(texts[(i + 5) % texts.len()]))][i % 3],
            relays: (i % 3 != 1).then(|| texts[..i % 4].to_vec()),
            attribution: (i % 2 == 1).then(|| texts[(i + 6) % texts.len()].to_owned()),
            dates: match i % 3 {
                0 => None,
                1 => Some(None),
                _ => Some(Some(texts[(i + 7) % texts.len()].to_owned())),
            },
            links: (i % 4 != 2).then(|| (0..i % 3).map(link).collect()),
            times: (i % 4 != 1).then(|| (0..i % 4).map(time).collect()),
            entity: (i % 4 == 3).then_some(texts[(i + 2) % texts.len()]),
        };
        for i in 0..24 {
            let finding = Finding {
                rule: texts[i % texts.len()],
                title: texts[(i + 1) % texts.len()],
                severity: "error",
                category: "contradiction",
                certainty: "possible",
                message: texts[(i + 3) % texts.len()],
                fingerprint: crate::engine::Fingerprint(0x0123_4567_89ab_cdef ^ i as u64),
                baseline: if i % 2 == 0 { "new" } else { "known" },
                counts: i % 3 == 0,
                claims: (0..i % 5).map(|j| location(i + j)).collect(),
            };
            for depth in [0, 1, 2, 5] {
                let (mut by_hand, mut by_serde) = (Vec::new(), Vec::new());
                finding.write(&mut by_hand, depth).unwrap();
                part(&mut by_serde, &finding, depth).unwrap();
                assert_eq!(
                    String::from_utf8(by_hand).unwrap(),
                    String::from_utf8(by_serde).unwrap(),
                    "record {i} at depth {depth}"
                );
            }
        }
    }

    /// Windows made while the one before is written come out in order, whatever the
    /// number of items, the window and the chunk; an error stops the output where it is.
    #[test]
    fn pipelined_windows_are_written_in_order() {
        let make = |items: std::ops::Range<usize>| -> io::Result<Vec<u8>> {
            Ok(items
                .map(|i| format!("{i},"))
                .collect::<String>()
                .into_bytes())
        };
        for n in [1, 2, 7, 64, 1000] {
            let whole: String = (0..n).map(|i| format!("{i},")).collect();
            for window in [1, 3, 16, 1 << 14] {
                for chunk in [1, 2, 5, 256] {
                    let mut out = Vec::new();
                    pipelined(&mut out, n, window, chunk, make).unwrap();
                    assert_eq!(
                        String::from_utf8(out).unwrap(),
                        whole,
                        "n {n}, window {window}, chunk {chunk}"
                    );
                }
            }
        }
        // Item 40 cannot be made: the windows before its own are written, nothing after.
        let failing = |items: std::ops::Range<usize>| -> io::Result<Vec<u8>> {
            if items.contains(&40) {
                return Err(io::Error::other("item 40"));
            }
            make(items)
        };
        let mut out = Vec::new();
        let err = pipelined(&mut out, 100, 16, 4, failing).unwrap_err();
        assert_eq!(err.to_string(), "item 40");
        let before: String = (0..32).map(|i| format!("{i},")).collect();
        assert_eq!(String::from_utf8(out).unwrap(), before);
    }

    /// The parts of the document are laid out exactly as serde_json's pretty printer lays
    /// out the whole, empty and nested containers included.
    #[test]
    fn parts_join_into_the_pretty_printed_document() {
        let value = serde_json::json!({
            "a": [],
            "b": {},
            "c": [{"d": [], "e": [1, {"f": {}}]}, [], [[]]],
            "g": "text \"quoted\"",
        });
        let whole = serde_json::to_string_pretty(
            &serde_json::json!({ "x": [value.clone(), value.clone()] }),
        )
        .unwrap();
        let mut parts = b"{\n  \"x\": [".to_vec();
        for (n, v) in [&value, &value].into_iter().enumerate() {
            parts.extend_from_slice(if n == 0 { b"\n    " } else { b",\n    " });
            part(&mut parts, v, 2).unwrap();
        }
        parts.extend_from_slice(b"\n  ]\n}");
        assert_eq!(String::from_utf8(parts).unwrap(), whole);
    }
}
