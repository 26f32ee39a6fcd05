//! No text from an input reaches a terminal or a document unescaped: names, titles, notes,
//! labels, rule texts and file names carrying ESC, CR, BEL, C1 controls or bidi overrides
//! are run through every command and output format, and what is printed is scanned for
//! them. Text meant for a terminal shows them as `\u{1b}`; documents escape them for their
//! own syntax.

use std::path::Path;

use crate::support::{run, Run};

/// What a hostile name carries: an escape sequence that clears the line and rewrites the
/// summary, a carriage return, a bell, a C1 control sequence introducer and a right-to-left
/// override.
const HOSTILE: &str = "\u{1b}[2K\r0 errors, 0 warnings\u{7}\u{9b}31m\u{202e}x";

/// Characters that must never reach a terminal raw: C0 controls but tab and line feed, DEL,
/// C1 controls, and the bidi embeddings, overrides and isolates.
fn hostile_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn assert_clean(what: &str, text: &str) {
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| hostile_char(c)) {
        let from = text[..i].rfind('\n').map_or(0, |n| n + 1);
        let to = text[i..].find('\n').map_or(text.len(), |n| i + n);
        panic!(
            "{what}: raw {:?} at byte {i}, in line {:?}",
            c,
            &text[from..to]
        );
    }
}

/// A project whose claims put the hostile text everywhere an editor writes text, in a file
/// whose name carries it too, with a rule whose title and message carry it.
fn hostile_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let claims = dir.path().join("claims");
    std::fs::create_dir(&claims).unwrap();
    let q = HOSTILE;
    let text = format!(
        "outlet a \"Agency {q}\" aka \"A {q}\"\n\
         outlet b \"Paper {q}\"\n\
         person h \"Hammouchi {q}\" aka \"H {q}\"\n\
         person h2 \"Hammouchi {q}\"\n\
         country FR \"France {q}\"\n\
         report a-1 by a published 2024-06-20 title \"{q}\" url \"https://e.test/{q}\"\n  \
         visit trip: h to FR on 2024-06-26 (Friday) note \"{q}\" topic \"{q}\"\n\
         report b-1 by b published 2024-06-30\n  \
         visit trip: h to FR from 2024-07-01 to 2024-07-03 lasting 2 days\n  \
         visit other: h to \"Nowhere {q}\" on 2024-06-26\n"
    );
    // A file name with the hostile text (and a newline) beside a plain one.
    let name = format!(
        "story {}\n<img src=x onerror=alert(1)>`\\.claims",
        HOSTILE.replace('/', "_")
    );
    std::fs::write(claims.join(name), &text).unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, rules.join(path.file_name().unwrap())).unwrap();
    }
    let esc = "\\u001b[2K\\r\\u0007\\u009b31m\\u202e";
    std::fs::write(
        rules.join("hostile.toml"),
        format!(
            "id = \"hostile\"\ntitle = \"Title {esc}\"\nseverity = \"warning\"\ncategory = \"gap\"\n\
             shape = \"single\"\nkinds = [\"visit\"]\ncondition = 'has(a.note)'\n\
             message = 'Note {esc}: {{a.note}}'\n\n[explain]\nchecks = \"Checks {esc}\"\n\
             why = \"Why {esc}\"\nexample = \"Example {esc}\"\n"
        ),
    )
    .unwrap();
    dir
}

fn check(what: &str, r: &Run) {
    assert_ne!(r.code, 101, "{what} panicked: {}", r.stderr);
    assert_clean(&format!("{what} (stdout)"), &r.stdout);
    assert_clean(&format!("{what} (stderr)"), &r.stderr);
}

/// Every terminal output: the check in human form (findings and input diagnostics), with
/// and without colour, `explain`, `test`, `fmt --check`, `list`-like commands.
#[test]
fn terminal_output_shows_control_characters_escaped() {
    let dir = hostile_project();
    let p = dir.path();
    let r = run(p, &["claims", "--fail-on", "never"]);
    check("check", &r);
    assert!(
        r.stdout.contains("\\u{1b}[2K"),
        "the escape is shown: {}",
        r.stdout
    );
    // The summary is the program's own: no name rewrites it.
    assert!(r.stdout.contains("findings:"), "{}", r.stdout);
    for args in [
        vec!["explain", "hostile"],
        vec!["test", "hostile"],
        vec!["fmt", "--check", "claims"],
        vec!["claims", "--format", "github", "--fail-on", "never"],
    ] {
        check(&args.join(" "), &run(p, &args));
    }
    // Colour on: our own escape sequences only, so the text between them is checked.
    let r = crate::support::run_env(
        p,
        &["claims", "--color", "always", "--fail-on", "never"],
        &[],
    );
    let plain = strip_own_styles(&r.stdout);
    assert_clean("check --color always (stdout)", &plain);
}

/// Removes the SGR sequences the renderer writes (`ESC [ digits ; … m`), so what is left
/// must be clean.
fn strip_own_styles(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            let mut seq = String::new();
            for d in chars.by_ref() {
                seq.push(d);
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            if seq.ends_with('m')
                && seq[1..seq.len() - 1]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b';')
            {
                continue;
            }
            out.push(c);
            out.push_str(&seq);
        } else {
            out.push(c);
        }
    }
    out
}

/// Documents escape for their own syntax: Markdown keeps no raw control character and no
/// raw HTML from a name or a file name; HTML and JSON and SARIF and JUnit are parsed by
/// their own rules, so only raw controls (not allowed in them) are checked.
#[test]
fn documents_carry_no_raw_control_characters_or_markup() {
    let dir = hostile_project();
    let p = dir.path();
    for format in ["markdown", "html", "json", "sarif", "junit"] {
        let r = run(p, &["claims", "--format", format, "--fail-on", "never"]);
        check(format, &r);
        match format {
            // A file name with a line feed and markup stays inside its code span.
            "markdown" => {
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&r.stdout));
                assert!(
                    !html.contains("<img"),
                    "rendered Markdown holds markup:\n{html}"
                );
                assert!(html.contains("&lt;img"), "the name is still shown:\n{html}");
            }
            "html" => assert!(!r.stdout.contains("<img"), "raw markup from a file name"),
            // JSON escapes, and keeps the data: a reader gets the name as written.
            "json" => {
                let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
                assert!(doc.to_string().contains("\\u001b[2K"), "{doc}");
                let text = serde_json::to_string(&doc["findings"]).unwrap();
                let back: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert!(back.to_string().contains('\u{202e}') || text.contains("\\u202e"));
            }
            // SARIF URIs are percent-encoded.
            "sarif" => {
                let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
                let mut uris = Vec::new();
                collect_uris(&doc, &mut uris);
                assert!(!uris.is_empty());
                for u in &uris {
                    assert!(
                        u.bytes()
                            .all(|b| b.is_ascii_alphanumeric()
                                || b"-._~!$&'()*+,;=:@/%".contains(&b)),
                        "not a URI: {u:?}"
                    );
                }
                assert!(uris.iter().any(|u| u.contains("%5C")), "{uris:?}");
            }
            _ => {}
        }
    }
}

fn collect_uris(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("uri", serde_json::Value::String(s)) => out.push(s.clone()),
                    _ => collect_uris(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_uris(x, out)),
        _ => {}
    }
}
