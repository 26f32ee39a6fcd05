//! Helpers shared by the integration tests: running the built CLI in a directory, and a
//! text dump of a resolved corpus that expected-output files compare against.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use verify::diag::{render, SourceMap};
use verify::model::{Corpus, Value};

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the built `verify` binary with `args` in `dir`, without colour.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

/// Runs the built `verify` binary with `args` in `dir`, without colour, with extra
/// environment variables.
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_verify"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("the verify binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Generates `claims` claims with `seed` into `dir`, with the generator's defaults.
pub fn generate(dir: &Path, claims: usize, seed: u64) {
    generate_with(dir, &gen_corpus::Options::new(claims, seed));
}

/// Generates the corpus `options` describe into `dir`.
pub fn generate_with(dir: &Path, options: &gen_corpus::Options) {
    if let Err(e) = gen_corpus::generate(dir, options) {
        panic!("gen-corpus failed:\n{e}");
    }
}

/// A deterministic pseudo-random source (xorshift): `next(n)` is in `0..n`.
pub fn xorshift(mut state: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    }
}

/// Findings as sorted (fingerprint, certainty, message) triples: for comparing two ways
/// of running a rule.
pub fn finding_keys(
    findings: &[verify::engine::Finding],
) -> Vec<(verify::engine::Fingerprint, verify::rules::Sureness, String)> {
    let mut v: Vec<_> = findings
        .iter()
        .map(|f| (f.fingerprint, f.certainty, f.message.to_string()))
        .collect();
    v.sort();
    v
}

/// A temporary directory holding `files` (relative path, contents).
pub fn temp_corpus(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// Renders diagnostics as the CLI does, without colour.
pub fn render_all(map: &SourceMap, diags: &[verify::diag::Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| render(map, d, false) + "\n")
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares `actual` with the contents of `expected_path`, or rewrites the file when
/// `UPDATE_EXPECT` is set.
pub fn expect_file(expected_path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(expected_path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(expected_path).unwrap_or_else(|_| {
        panic!(
            "missing {}; run with UPDATE_EXPECT=1 to create it",
            expected_path.display()
        )
    });
    pretty_assertions::assert_eq!(expected, actual, "{}", expected_path.display());
}

/// A readable dump of everything the resolver produced.
pub fn dump(map: &SourceMap, c: &Corpus) -> String {
    let mut out = String::new();
    for o in &c.outlets {
        let _ = writeln!(
            out,
            "outlet {} {:?} kind={} country={} lang={} aliases={:?}",
            o.id,
            o.name,
            o.kind.map(|k| k.as_str()).unwrap_or("-"),
            o.country.as_deref().unwrap_or("-"),
            o.lang.as_deref().unwrap_or("-"),
            o.aliases
        );
    }
    for e in &c.entities {
        let _ = writeln!(
            out,
            "{} {} {:?} aliases={:?}{}{}",
            e.kind.as_str(),
            e.id,
            e.name,
            e.aliases,
            e.within
                .map(|w| format!(" within={}", c.entities[w].id))
                .unwrap_or_default(),
            if e.sole { " sole" } else { "" }
        );
    }
    for r in &c.reports {
        let _ = writeln!(
            out,
            "report {} by {} published={}",
            r.id,
            c.outlets[r.outlet].id,
            r.published
                .map(|p| p.to_string())
                .unwrap_or("unknown".into())
        );
    }
    let ent = |e: &usize| c.entities[*e].id.clone();
    for cl in &c.claims {
        let f = map.get(cl.loc.file);
        let (line, col) = f.line_col(cl.loc.span.start as usize);
        // Each link with its own date: `paper@2024-03-05>agency@?`.
        let chain: Vec<String> = cl
            .links
            .iter()
            .map(|l| {
                let date = l.published.map_or("?".to_owned(), |d| d.to_string());
                format!("{}@{date}", c.outlets[l.outlet()].id)
            })
            .collect();
        let _ = writeln!(
            out,
            "claim {line}:{col} {} {} report={} chain={} origin={}",
            cl.kind.as_str(),
            cl.label.as_deref().unwrap_or("-"),
            c.reports[cl.report()].id,
            chain.join(">"),
            c.outlets[cl.origin()].id
        );
        let terms: Vec<String> = cl
            .terms
            .iter()
            .map(|t| match t {
                Value::Entity(e) => ent(e),
                Value::Text(s) => format!("{s:?}"),
            })
            .collect();
        if !terms.is_empty() {
            let _ = writeln!(out, "  terms: {}", terms.join(", "));
        }
        for (k, v) in [
            ("to", cl.to()),
            ("in", cl.place()),
            ("coming from", cl.rare().coming_from()),
            ("by", cl.by()),
        ] {
            if let Some(v) = v {
                let _ = writeln!(out, "  {k}: {}", ent(&v));
            }
        }
        for (k, v) in [("with", &cl.with[..]), ("parties", cl.rare().parties())] {
            if !v.is_empty() {
                let v: Vec<String> = v.iter().map(ent).collect();
                let _ = writeln!(out, "  {k}: {}", v.join(", "));
            }
        }
        for (k, w) in [
            ("when", cl.when.as_ref()),
            ("arriving", cl.rare().arriving()),
            ("signed", cl.rare().signed()),
        ] {
            if let Some(w) = w {
                let _ = write!(
                    out,
                    "  {k}: `{}` = {} [{}",
                    c.when_text(w),
                    w.period_with_times(),
                    w.anchor.kind.as_str()
                );
                if let (Some(d), Some(s)) = (&w.anchor.date, w.anchor.source) {
                    let _ = write!(out, " on {d} of {}", c.describe_source(s));
                }
                out.push(']');
                for sw in w.weekdays() {
                    let _ = write!(out, " stated {:?} for {:?} {}", sw.weekday, sw.end, sw.day);
                }
                if let Some(wd) = w.weekday_only() {
                    let _ = write!(out, " weekday {wd:?}");
                }
                out.push('\n');
            }
        }
        if let Some((d, _)) = cl.rare().lasting() {
            let _ = writeln!(out, "  lasting: {} {}", d.n, d.unit.as_str(d.n));
        }
        if let Some(s) = cl.status {
            let _ = writeln!(out, "  status: {}", s.as_str());
        }
        for (l, _) in cl.rare().extends() {
            let _ = writeln!(out, "  extends: {l}");
        }
        for (k, v) in [
            ("during", cl.rare().during()),
            ("after", cl.rare().after()),
            ("before", cl.rare().before()),
        ] {
            if let Some((l, _)) = v {
                let _ = writeln!(out, "  {k}: {l}");
            }
        }
        for t in cl.rare().topics() {
            let _ = writeln!(out, "  topic: {t:?}");
        }
        for t in cl.rare().notes() {
            let _ = writeln!(out, "  note: {t:?}");
        }
    }
    out
}

/// The debug form of a parsed document with every span and blank line removed, to compare
/// two parses of differently laid-out text.
pub fn shape(doc: &verify::syntax::Document) -> String {
    // Blank lines are layout (the formatter collapses runs of them); comments are content.
    let lines: Vec<_> = doc
        .lines
        .iter()
        .filter(|l| !matches!(l.item, verify::syntax::Item::Blank) || l.comment.is_some())
        .map(|l| (&l.item, l.depth, l.comment))
        .collect();
    let dbg = format!("{lines:?}");
    let mut out = String::with_capacity(dbg.len());
    let mut rest = dbg.as_str();
    while let Some(n) = rest.find("Span { start: ") {
        out.push_str(&rest[..n]);
        let after = &rest[n..];
        let end = after.find('}').map(|e| e + 1).unwrap_or(after.len());
        out.push_str("Span");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Runs the built `verify` binary on one claims file, `claims/story.claims` in a temporary
/// project, with the standard rules and `args` after them.
pub fn run_story(claims: &str, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    std::fs::write(dir.path().join("claims/story.claims"), claims).unwrap();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut all = vec!["claims", "--rules", rules.to_str().unwrap()];
    all.extend(args);
    run(dir.path(), &all)
}

/// Runs `verify claims` on `dir` with this project's rules, as JSON, never failing on
/// findings: every finding, in output order.
pub fn findings(dir: &Path) -> Vec<serde_json::Value> {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let r = run(
        dir,
        &[
            "claims",
            "--rules",
            rules.to_str().unwrap(),
            "--format",
            "json",
            "--fail-on",
            "never",
        ],
    );
    let mut doc: serde_json::Value = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", r.stdout, r.stderr));
    match doc["findings"].take() {
        serde_json::Value::Array(v) => v,
        other => panic!("no findings list: {other}"),
    }
}

/// [`findings`]: the messages of `rule`'s findings, in output order.
pub fn messages_of(dir: &Path, rule: &str) -> Vec<String> {
    findings(dir)
        .iter()
        .filter(|f| f["rule"] == rule)
        .filter_map(|f| Some(f["message"].as_str()?.to_owned()))
        .collect()
}

/// The records of a CSV text (RFC 4180: quotes doubled inside quoted fields).
pub fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let (mut rec, mut field) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => rec.push(std::mem::take(&mut field)),
            (false, '\n') => {
                rec.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut rec));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !rec.is_empty() {
        rec.push(field);
        records.push(rec);
    }
    records
}
