//! The canonical formatter behind `verify fmt`: prints a [`Document`] back as text with
//! two spaces per block level, single spaces between tokens, canonical spellings of dates
//! (`June 26 2024` becomes `2024-06-26`), at most one blank line in a row, and every comment
//! kept. Formatting is idempotent, and parsing the output gives back the same document
//! (apart from spans).

use std::fmt::Write as _;

use super::ast::*;
use crate::calendar::{month_name, weekday_name};

/// Formats a whole document. Only meaningful for documents that parsed without errors.
pub fn format(doc: &Document) -> String {
    let mut out = String::new();
    let lines = &doc.lines;
    let mut pending_blank = false;
    for (n, line) in lines.iter().enumerate() {
        if matches!(line.item, Item::Blank) && line.comment.is_none() {
            pending_blank = !out.is_empty();
            continue;
        }
        if pending_blank {
            out.push('\n');
            pending_blank = false;
        }
        // A comment-only line takes the depth of the next line with content.
        let depth = if matches!(line.item, Item::Blank) {
            lines[n + 1..]
                .iter()
                .find(|l| !matches!(l.item, Item::Blank))
                .map(|l| l.depth)
                .unwrap_or(0)
        } else {
            line.depth
        };
        for _ in 0..depth {
            out.push_str("  ");
        }
        let start = out.len();
        item(&mut out, &line.item);
        if let Some(c) = line.comment {
            if out.len() > start {
                out.push(' ');
            }
            out.push_str(c);
        }
        out.push('\n');
    }
    out
}

fn item(out: &mut String, it: &Item) {
    match it {
        Item::Blank | Item::Invalid { .. } => {}
        Item::Outlet(o) => {
            let _ = write!(out, "outlet {} ", o.id.text);
            string(out, &o.name.value);
            aliases(out, &o.aliases);
            if let Some(c) = &o.country {
                let _ = write!(out, " country {}", c.text);
            }
            if let Some(l) = &o.lang {
                let _ = write!(out, " lang {}", l.text);
            }
            if let Some((k, _)) = &o.kind {
                let _ = write!(out, " kind {}", k.as_str());
            }
            if let Some(u) = &o.url {
                out.push_str(" url ");
                string(out, &u.value);
            }
        }
        Item::Entity(e) => {
            let _ = write!(out, "{} {} ", e.kind.as_str(), e.id.text);
            string(out, &e.name.value);
            aliases(out, &e.aliases);
            if let Some(w) = &e.within {
                out.push_str(if e.kind == EntityKind::Office {
                    " of "
                } else {
                    " in "
                });
                name(out, w);
            }
            if e.sole.is_some() {
                out.push_str(" sole");
            }
        }
        Item::Report(r) => {
            let _ = write!(out, "report {} by ", r.id.text);
            name(out, &r.by);
            if let Some(p) = &r.published {
                published(out, p);
            }
            if let Some(l) = &r.lang {
                let _ = write!(out, " lang {}", l.text);
            }
            if let Some(u) = &r.url {
                out.push_str(" url ");
                string(out, &u.value);
            }
            if let Some(t) = &r.title {
                out.push_str(" title ");
                string(out, &t.value);
            }
        }
        Item::Per(p) => {
            out.push_str("per ");
            name(out, &p.outlet);
            if let Some(p) = &p.published {
                published(out, p);
            }
            out.push(':');
        }
        Item::Claim(c) => claim(out, c),
    }
}

/// A claim in canonical form, on one line, without indentation; its allocation is exact
/// (see [`exact`]).
pub fn claim_text(c: &Claim) -> String {
    exact(|out| claim(out, c))
}

/// [`claim_text`], or `None` when it is `written` (the claim as its line says it, for a
/// claim written in canonical form, as most are): made in the thread's buffer and copied
/// only when it differs.
pub fn claim_text_unless(c: &Claim, written: Option<&str>) -> Option<String> {
    exact_unless(|out| claim(out, c), written)
}

/// What `write` writes, as [`exact`] makes it, or `None` when it is `written`: made in
/// the thread's buffer and copied only when it differs.
pub fn exact_unless(write: impl FnOnce(&mut String), written: Option<&str>) -> Option<String> {
    in_buffer(write, |text| {
        (Some(text) != written).then(|| text.to_owned())
    })
}

/// What `write` writes, in a string allocated for exactly its length: written first in a
/// buffer kept by the thread, then copied. A string grown by pushes holds up to twice its
/// length, and the canonical texts of a million claims are kept for the whole run.
pub fn exact(write: impl FnOnce(&mut String)) -> String {
    in_buffer(write, str::to_owned)
}

/// What `write` writes in a buffer kept by the thread, given to `read`.
fn in_buffer<R>(write: impl FnOnce(&mut String), read: impl FnOnce(&str) -> R) -> R {
    thread_local!(static BUFFER: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) });
    // Taken, not borrowed: a `write` that itself calls `exact` gets a buffer of its own.
    let mut buffer = BUFFER.take();
    buffer.clear();
    write(&mut buffer);
    let out = read(&buffer);
    BUFFER.set(buffer);
    out
}

fn claim(out: &mut String, c: &Claim) {
    out.push_str(c.kind.as_str());
    if let Some(l) = &c.label {
        let _ = write!(out, " {}:", l.text);
    }
    let sep = if c.kind == ClaimKind::Meeting {
        ", "
    } else {
        " "
    };
    for (n, t) in c.terms.iter().enumerate() {
        out.push_str(if n == 0 { " " } else { sep });
        match t {
            Term::Id(i) => out.push_str(i.text),
            Term::Text(s) => string(out, &s.value),
        }
    }
    for q in &c.quals {
        out.push(' ');
        match &q.kind {
            QualKind::To(n) | QualKind::In(n) | QualKind::ComingFrom(n) | QualKind::By(n) => {
                out.push_str(q.kind.keyword());
                out.push(' ');
                name(out, n);
            }
            QualKind::With(ns) | QualKind::Parties(ns) => {
                out.push_str(q.kind.keyword());
                for (i, n) in ns.iter().enumerate() {
                    out.push_str(if i == 0 { " " } else { ", " });
                    name(out, n);
                }
            }
            QualKind::Time(t) => time(out, t),
            QualKind::Lasting(d) => {
                let _ = write!(out, "lasting {} {}", d.n, d.unit.as_str(d.n));
            }
            QualKind::Arriving(p) | QualKind::Signed(p) => {
                out.push_str(q.kind.keyword());
                out.push(' ');
                point(out, p);
            }
            QualKind::Status(s) => {
                let _ = write!(out, "status {}", s.as_str());
            }
            QualKind::Extends(labels) => {
                let labels: Vec<&str> = labels.iter().map(|l| l.text).collect();
                let _ = write!(out, "extends {}", labels.join(", "));
            }
            QualKind::During(i) | QualKind::After(i) | QualKind::Before(i) => {
                let _ = write!(out, "{} {}", q.kind.keyword(), i.text);
            }
            QualKind::Topic(s) | QualKind::Note(s) => {
                out.push_str(q.kind.keyword());
                out.push(' ');
                string(out, &s.value);
            }
        }
    }
}

fn published(out: &mut String, p: &Published) {
    out.push_str(" published ");
    match p {
        Published::Unknown(_) => out.push_str("unknown"),
        Published::Date(p) => point(out, p),
    }
}

fn aliases(out: &mut String, a: &[Str]) {
    for (n, s) in a.iter().enumerate() {
        out.push_str(if n == 0 { " aka " } else { ", " });
        string(out, &s.value);
    }
}

fn name(out: &mut String, n: &NameRef) {
    match n {
        NameRef::Id(i) => out.push_str(i.text),
        NameRef::Quoted(s) => string(out, &s.value),
    }
}

/// Writes `s` as a quoted string. `"` is escaped; a backslash is escaped only where it
/// would otherwise read as an escape (before `"`, before `\`, or at the end), so text such
/// as `a\nb` is written back as the editor typed it.
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' if matches!(chars.peek(), None | Some('"' | '\\')) => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a time expression in its canonical spelling.
pub fn time(out: &mut String, t: &TimeExpr) {
    match &t.kind {
        TimeKind::On(p) => {
            out.push_str("on ");
            point(out, p);
        }
        TimeKind::Range(a, b, until) => {
            out.push_str("from ");
            point(out, a);
            out.push_str(if *until { " until " } else { " to " });
            // `from 26 to 28 June 2024`: the end stays in words, so the bare start day reads.
            match (&a.kind, &b.kind) {
                (
                    PointKind::Day(_),
                    PointKind::Absolute {
                        y,
                        m: Some(m),
                        d: Some(d),
                    },
                ) => {
                    let _ = write!(out, "{d} {} {y:04}", month_name(*m));
                    suffix(out, b);
                }
                _ => point(out, b),
            }
        }
        TimeKind::From(p) => {
            out.push_str("from ");
            point(out, p);
        }
        TimeKind::Until(p) => {
            out.push_str("until ");
            point(out, p);
        }
    }
}

/// `text` with the typographic quotes editors paste from articles (“ ” „ and « », with
/// the space French puts inside them) replaced by straight double quotes where they open or
/// close a name or a text: what `verify fmt --fix` does before formatting. Quotes inside a
/// text already in straight quotes, and in comments, are part of what is written and stay.
pub fn straight_quotes(text: &str) -> std::borrow::Cow<'_, str> {
    straight_quotes_at(text).0
}

/// [`straight_quotes`], and the byte offset (in `text`) of each quote opened.
pub fn straight_quotes_at(text: &str) -> (std::borrow::Cow<'_, str>, Vec<usize>) {
    if !text.contains(['“', '”', '„', '«', '»']) {
        return (std::borrow::Cow::Borrowed(text), Vec::new());
    }
    let space = |c: &char| matches!(c, ' ' | '\u{a0}' | '\u{202f}');
    let mut out = String::with_capacity(text.len());
    let mut opened = Vec::new();
    let mut chars = text.char_indices().peekable();
    // Inside a straight-quoted text, inside one opened by a typographic quote, in a comment.
    let (mut straight, mut typographic, mut comment, mut escaped) = (false, false, false, false);
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            (straight, typographic, comment, escaped) = (false, false, false, false);
            out.push(c);
            continue;
        }
        if comment {
            out.push(c);
        } else if straight {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                straight = false;
            }
            out.push(c);
        } else if typographic {
            match c {
                '”' | '“' | '»' => {
                    while out.ends_with(['\u{a0}', '\u{202f}']) || (c == '»' && out.ends_with(' '))
                    {
                        out.pop();
                    }
                    out.push('"');
                    typographic = false;
                }
                // Written inside the text: escaped, so it stays part of it.
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            }
        } else {
            match c {
                '#' => {
                    comment = true;
                    out.push(c);
                }
                '"' => {
                    straight = true;
                    out.push(c);
                }
                '“' | '„' | '”' | '«' => {
                    opened.push(i);
                    out.push('"');
                    typographic = true;
                    if c == '«' {
                        while chars.peek().is_some_and(|(_, n)| space(n)) {
                            chars.next();
                        }
                    }
                }
                c => out.push(c),
            }
        }
    }
    (std::borrow::Cow::Owned(out), opened)
}

/// Writes a point in time in its canonical spelling.
pub fn point(out: &mut String, p: &Point) {
    if let Some(t) = p.third {
        out.push_str(t.as_str());
        out.push(' ');
    }
    let rel = |o: i8| match o {
        0 => "this",
        n if n < 0 => "last",
        _ => "next",
    };
    let unit = |u: Unit| match u {
        Unit::Hour => "hour",
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        Unit::Year => "year",
    };
    let _ = match &p.kind {
        PointKind::Absolute { y, m: None, .. } => write!(out, "{y:04}"),
        PointKind::Absolute {
            y,
            m: Some(m),
            d: None,
        } => write!(out, "{y:04}-{m:02}"),
        PointKind::Absolute {
            y,
            m: Some(m),
            d: Some(d),
        } => write!(out, "{y:04}-{m:02}-{d:02}"),
        PointKind::DayMonth { d: Some(d), m } => write!(out, "{d} {}", month_name(*m)),
        PointKind::DayMonth { d: None, m } => write!(out, "{}", month_name(*m)),
        PointKind::DayRange { d1, d2, m, y } => {
            let _ = write!(out, "{d1}..{d2} {}", month_name(*m));
            match y {
                Some(y) => write!(out, " {y:04}"),
                None => Ok(()),
            }
        }
        PointKind::Day(d) => write!(out, "{d}"),
        PointKind::Relative {
            unit: u,
            offset,
            part: Part::Whole,
        } => write!(out, "{} {}", rel(*offset), unit(*u)),
        PointKind::Relative {
            unit: u,
            offset,
            part,
        } => write!(
            out,
            "{} of {} {}",
            if *part == Part::Start { "start" } else { "end" },
            rel(*offset),
            unit(*u)
        ),
        PointKind::DayOffset(o) => write!(
            out,
            "{}",
            match o {
                -1 => "yesterday",
                0 => "today",
                _ => "tomorrow",
            }
        ),
        PointKind::Ago { n, unit: u } => write!(out, "{n} {} ago", u.as_str(*n)),
        PointKind::Weekday { w, which } => match which {
            Which::Bare => write!(out, "{}", weekday_name(*w)),
            Which::Last => write!(out, "last {}", weekday_name(*w)),
            Which::Next => write!(out, "next {}", weekday_name(*w)),
        },
    };
    suffix(out, p);
}

/// What follows a point's date: its stated weekday, then its time of day.
fn suffix(out: &mut String, p: &Point) {
    if let Some((w, _)) = p.weekday {
        let _ = write!(out, " ({})", weekday_name(w));
    }
    if let Some((t, _)) = p.time {
        let _ = write!(out, " {t}");
    }
}
