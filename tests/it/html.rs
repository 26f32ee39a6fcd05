//! The `html` format through the built binary: one self-contained document, one table row
//! per finding, timeline marks that link to the table, text from articles kept as text, and
//! the same bytes on every run. (A real browser renders it in `tests/browser/run.sh`.)

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::run;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seed_html() -> String {
    let r = run(repo(), &["claims", "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

/// One tag of the document: its name (lowercase, `/name` for an end tag) and attributes.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Every tag of an HTML document, read the way a browser tokenizer would: comments and
/// the doctype skipped, the raw text of `script` and `style` not read as markup. Since text
/// from articles is escaped, every `<` that starts a tag here was written by the emitter.
fn tags(doc: &str) -> Vec<Tag> {
    let b = doc.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = doc[i..].find('<') {
        i += off + 1;
        if doc[i..].starts_with("!--") {
            i += doc[i..].find("-->").expect("comment closed") + 3;
            continue;
        }
        if doc[i..].starts_with('!') {
            i += doc[i..].find('>').expect("doctype closed") + 1;
            continue;
        }
        let end = doc[i..].starts_with('/');
        if end {
            i += 1;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        let name = doc[start..i].to_ascii_lowercase();
        assert!(
            !name.is_empty(),
            "a `<` that starts no tag: {}",
            &doc[start.saturating_sub(40)..(start + 40).min(doc.len())]
        );
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i] as char).is_ascii_whitespace() {
                i += 1;
            }
            assert!(i < b.len(), "unclosed tag <{name}");
            if b[i] == b'>' {
                i += 1;
                break;
            }
            if b[i] == b'/' {
                i += 1;
                continue;
            }
            let s = i;
            while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            let attr = doc[s..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                let q = b[i];
                assert!(
                    q == b'"' || q == b'\'',
                    "unquoted value of `{attr}` in <{name}>"
                );
                let close = doc[i + 1..].find(q as char).expect("value closed");
                value = doc[i + 1..i + 1 + close].to_owned();
                i += close + 2;
            }
            attrs.push((attr, value));
        }
        if !end && (name == "script" || name == "style") {
            let close = format!("</{name}>");
            i += doc[i..].find(&close).expect("raw text closed");
        }
        out.push(Tag {
            name: if end { format!("/{name}") } else { name },
            attrs,
        });
    }
    out
}

/// Everything the emitter may write. No `img`, `iframe`, `object`, `embed`, `link`,
/// `form`, `input`, `base`, `foreignobject`, …
const ALLOWED: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "section",
    "div",
    "h1",
    "h2",
    "h3",
    "p",
    "span",
    "b",
    "code",
    "bdi",
    "br",
    "ul",
    "li",
    "a",
    "aside",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "script",
    "svg",
    "defs",
    "pattern",
    "linearGradient",
    "stop",
    "g",
    "rect",
    "line",
    "path",
    "circle",
    "text",
];

/// Checks what a browser could execute or load: only allowed tags, no event-handler
/// attribute, no `src`, links only to `#anchors`, one script (the emitter's own), no URL
/// in an inline style but `url(#…)`.
fn assert_inert(doc: &str) {
    let allowed: BTreeSet<String> = ALLOWED.iter().map(|t| t.to_ascii_lowercase()).collect();
    let mut scripts = 0;
    for t in tags(doc) {
        let bare = t.name.trim_start_matches('/');
        assert!(allowed.contains(bare), "unexpected tag <{}>", t.name);
        if t.name == "script" {
            scripts += 1;
        }
        for (a, v) in &t.attrs {
            assert!(
                !a.starts_with("on"),
                "event handler {a}={v:?} in <{}>",
                t.name
            );
            assert!(
                !matches!(
                    a.as_str(),
                    "src" | "srcdoc" | "srcset" | "action" | "formaction" | "xlink:href"
                ),
                "{a}={v:?} in <{}>",
                t.name
            );
            if a == "href" {
                assert!(v.starts_with('#'), "link leaving the page: {v:?}");
            }
            if a == "style" || a == "fill" {
                assert!(!v.contains("url(") || v.starts_with("url(#"), "{a}={v:?}");
            }
        }
    }
    assert_eq!(scripts, 1, "exactly the emitter's own script");
    let own = format!("<script>\n{}\n</script>", verify::report::html::SCRIPT);
    assert!(doc.contains(&own), "the script is the emitter's own");
    assert!(!doc.contains("http://") && !doc.contains("https://"));
    assert!(!doc.contains("@import"));
}

#[test]
fn the_seed_report_is_one_self_contained_document() {
    let doc = seed_html();
    assert!(
        doc.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{}",
        &doc[..80]
    );
    assert!(doc.ends_with("</body>\n</html>\n"));
    for (what, n) in [("<html", 1), ("</html>", 1), ("<head>", 1), ("<body>", 1)] {
        assert_eq!(doc.matches(what).count(), n, "{what}");
    }
    assert!(doc.contains("<svg"), "a timeline is drawn");
    assert!(doc.contains("<meta charset=\"utf-8\">"));
    assert_inert(&doc);
    // Balanced: every element opened is closed, in order (void elements aside).
    let void = ["meta", "br", "stop", "rect", "line", "path", "circle"];
    let mut stack: Vec<String> = Vec::new();
    for t in tags(&doc) {
        if let Some(name) = t.name.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "</{name}> closes");
        } else if !void.contains(&t.name.as_str()) {
            stack.push(t.name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn one_table_row_per_finding() {
    let doc = seed_html();
    let json = run(repo(), &["claims", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let n = v["findings"].as_array().unwrap().len();
    assert!(n > 0);
    assert_eq!(doc.matches("<tr class=\"finding ").count(), n);
    for i in 1..=n {
        assert_eq!(doc.matches(&format!(" id=\"f-{i}\"")).count(), 1, "f-{i}");
    }
    assert!(!doc.contains(&format!("id=\"f-{}\"", n + 1)));
    assert!(doc.contains(&format!("<h2>Findings ({n})</h2>")));
}

#[test]
fn every_timeline_mark_links_to_an_existing_id() {
    let doc = seed_html();
    let ids: BTreeSet<String> = tags(&doc)
        .into_iter()
        .flat_map(|t| t.attrs)
        .filter(|(a, _)| a == "id")
        .map(|(_, v)| v)
        .collect();
    let mut marks = 0;
    let mut in_svg = false;
    for t in tags(&doc) {
        match t.name.as_str() {
            "svg" => in_svg = true,
            "/svg" => in_svg = false,
            _ => {}
        }
        for (a, v) in &t.attrs {
            if a == "href" {
                let target = v.strip_prefix('#').expect("an anchor");
                assert!(ids.contains(target), "{v} links to no id");
                if in_svg && t.name == "a" {
                    marks += 1;
                    assert!(target.starts_with("f-"), "a mark links to a finding: {v}");
                }
            }
        }
    }
    assert!(marks > 0, "findings are drawn on the timelines");
    // The possible overlap of the 2022 and 2025-2026 plans is a band over the span they
    // may share, dashed because it rests on a borrowed anchor.
    let json = run(repo(), &["claims", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let overlap = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| f["rule"] == "overlapping-plans")
        .expect("the seed corpus has its overlap")
        + 1;
    let band = doc
        .split("<a class=\"mark\"")
        .find(|m| m.starts_with(&format!(" href=\"#f-{overlap}\"")) && m.contains("class=\"band\""))
        .expect("the overlap is drawn as a band");
    assert!(band.contains("-hatch-warning)"), "{band}");
    assert!(
        band.contains("stroke-dasharray"),
        "possible: dashed: {band}"
    );
}

#[test]
fn the_seed_timelines_draw_what_is_known_and_list_the_rest() {
    let doc = seed_html();
    // Belgium: the three plans on one axis, the 2022 plan's borrowed end marked.
    for s in [
        "Action plan 2018",
        "Action plan 2022",
        "Action plan 2025-2026",
        "from 2018, end unknown",
        "2022 to 2025-12-31 (borrowed anchor)",
        "read on 2025-04-12, the date of report `alfajr-2025-04-12`",
        "(borrowed: not the origin&#39;s own date)",
        "stroke-dasharray=\"4 3\"",
        "overlap?",
    ] {
        assert!(doc.contains(s), "{s}");
    }
    // France: Nador24 prints no date, but the communique dates the Olympics 2024 and Jeune
    // Afrique dates the same Olympics "26 July to 11 August": the year is inferred, the
    // dates are placed, dashed, and say why.
    for s in [
        "2024-06-26 to 2024-06-28 (year inferred)",
        "year 2024 inferred: the same event paris-2024 is dated 2024 by DGSN security communique",
    ] {
        assert!(doc.contains(s), "{s}");
    }
}

/// The seeds with the communique's "Paris 2024" left out: no evidence for a year, so
/// nothing is guessed. The unresolved dates are listed, and their month and day (as
/// written) are drawn on a strip that says the year is unknown.
#[test]
fn without_evidence_undated_dates_are_listed_not_placed() {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir(&claims).unwrap();
    for f in ["entities.claims", "belgium.claims", "france.claims"] {
        let text = std::fs::read_to_string(repo().join("claims").join(f)).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.contains("event paris-2024: paris-2024 in paris on 2024"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(claims.join(f), text).unwrap();
    }
    let rules = repo().join("rules");
    let r = run(
        dir.path(),
        &[
            "claims",
            "--rules",
            rules.to_str().unwrap(),
            "--format",
            "html",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc = r.stdout;
    for s in [
        "Not placed: date unresolved",
        "“from 26 to 28 June”: 26–28 June, year unknown",
        "“from 26 July to 11 August”: 26 July – 11 August, year unknown",
        "“arriving last Wednesday”: a Wednesday, date unknown",
        "Month and day as written, year unknown.",
    ] {
        assert!(doc.contains(s), "{s}");
    }
    assert!(
        !doc.contains("2024-06-26"),
        "no year is guessed for 26 June"
    );
}

#[test]
fn text_from_articles_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("claims")).unwrap();
    std::fs::write(
        dir.path().join("claims/a.claims"),
        concat!(
            "outlet a \"<script>alert(1)</script>\" country BE\n",
            "outlet b \"\\\"><img src=x onerror=alert(1)>\"\n",
            "person p \"](javascript:alert(1))\" aka \"<svg onload=alert(1)>\"\n",
            "country FR \"France\"\n",
            "report r by a published 2024-07-01 title \"<script>alert('t')</script>\\\"><img src=x onerror=alert(2)>](javascript:alert(3))\"\n",
            "  visit v: p to FR from 26 to 28 June note \"<b onclick=alert(5)>x</b>\"\n",
            "  event e: on 2024-06-29 (Friday)\n",
            "  per b:\n",
            "    visit v: p to FR from 1 to 3 July\n",
            "    plan x: \"<iframe src=javascript:alert(4)>\" parties FR from 2020 to 2021\n",
            "  per \"<svg onload=alert(1)>\":\n",
        ),
    )
    .unwrap();
    let rules = repo().join("rules");
    let r = run(
        dir.path(),
        &["--format", "html", "--rules", rules.to_str().unwrap()],
    );
    assert!((0..=2).contains(&r.code), "{}", r.stderr);
    let doc = r.stdout;
    assert!(doc.contains("<svg"), "the hostile corpus is still drawn");
    assert_inert(&doc);
    for raw in [
        "<script>alert",
        "<img",
        "<iframe",
        "<svg onload",
        "<b onclick",
    ] {
        assert!(!doc.contains(raw), "{raw} in the output");
    }
    // The names are all there, as text.
    for escaped in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
        "](javascript:alert(1))",
        "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;",
        "&lt;iframe src=javascript:alert(4)&gt;",
    ] {
        assert!(doc.contains(escaped), "{escaped} missing");
    }
}

#[test]
fn escape_covers_text_and_attributes() {
    use verify::report::html::escape;
    assert_eq!(
        escape("<a href=\"x\" title='y'>&</a>"),
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
    );
    assert_eq!(escape("a\u{0}b\u{1b}c"), "a\u{fffd}b\u{fffd}c");
    assert_eq!(escape("حموشي — Céline"), "حموشي — Céline");
}

#[test]
fn html_output_is_identical_across_runs() {
    assert_eq!(seed_html(), seed_html());
}
