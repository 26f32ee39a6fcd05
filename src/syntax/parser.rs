//! The claims-language parser: nom parsers for each construct, built bottom-up from small
//! token parsers, driven one line at a time so that an error costs at most its line (or the
//! block a broken `report`/`per` line opens) and every error in a file is reported.
//!
//! The grammar is documented in `docs/claims-language.md` and in the `syntax` module doc;
//! keep the three in sync. The parser does no IO: it takes text and returns a
//! [`Document`] and diagnostics.

use std::borrow::Cow;

use chrono::Weekday;
use nom::branch::alt;
use nom::combinator::{cut, opt};
use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};

use super::ast::*;
use crate::calendar::{self, month_name, weekday_name};
use crate::diag::{did_you_mean, Diagnostic, FileId};

/// Lines longer than this many bytes are rejected with an error (and skipped).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// At most this many errors are reported per file; the rest are counted.
pub const MAX_ERRORS_PER_FILE: usize = 100;
/// Columns a tab counts for in indentation.
const TAB_WIDTH: usize = 4;

/// Words that introduce a qualifier; they end a claim's list of terms.
pub const QUALIFIER_KEYWORDS: &[&str] = &[
    "to", "in", "coming", "by", "with", "parties", "on", "from", "until", "lasting", "arriving",
    "signed", "status", "extends", "during", "after", "before", "topic", "note",
];
/// The unit a lowercase word names (`days`, `week`), if any.
fn unit_by_name(w: &str) -> Option<Unit> {
    Some(match w {
        "hour" | "hours" => Unit::Hour,
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "month" | "months" => Unit::Month,
        "year" | "years" => Unit::Year,
        _ => return None,
    })
}
/// Whether `w` is one of [`QUALIFIER_KEYWORDS`] (a `match`, for the hot path).
fn is_qualifier(w: &str) -> bool {
    matches!(
        w,
        "to" | "in"
            | "coming"
            | "by"
            | "with"
            | "parties"
            | "on"
            | "from"
            | "until"
            | "lasting"
            | "arriving"
            | "signed"
            | "status"
            | "extends"
            | "during"
            | "after"
            | "before"
            | "topic"
            | "note"
    )
}

const DECL_KEYWORDS: &[&str] = &[
    "outlet", "person", "org", "country", "city", "place", "office", "event", "report",
];
// ---------------------------------------------------------------------------------------
// Errors

/// The parser's error: where it happened (the remaining input), and either what was
/// expected there or a complete message for errors that are not about a missing token.
#[derive(Debug, Clone)]
pub struct PErr<'a> {
    pub at: &'a str,
    /// Length in bytes of the offending text (0: point at `at`).
    pub len: usize,
    pub what: What,
}

#[derive(Debug, Clone)]
pub enum What {
    Expected(Cow<'static, str>),
    Message {
        message: String,
        label: String,
        help: Option<String>,
        /// Boxed: rare, and parse errors stay small on the hot path.
        fix: Option<Box<crate::diag::Fix>>,
    },
}

type PResult<'a, T> = IResult<&'a str, T, PErr<'a>>;

impl<'a> ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, kind: ErrorKind) -> Self {
        PErr {
            at: input,
            len: 0,
            what: What::Expected(Cow::Owned(format!("{kind:?}").to_lowercase())),
        }
    }
    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        other
    }
    fn or(self, other: Self) -> Self {
        // Keep the error that got furthest; on a tie, merge what was expected.
        match self.at.len().cmp(&other.at.len()) {
            std::cmp::Ordering::Less => self,
            std::cmp::Ordering::Greater => other,
            std::cmp::Ordering::Equal => match (&self.what, &other.what) {
                (What::Expected(a), What::Expected(b)) if a != b => PErr {
                    what: What::Expected(Cow::Owned(format!("{a} or {b}"))),
                    ..self
                },
                (What::Message { .. }, _) => self,
                _ => other,
            },
        }
    }
}

fn expected<'a, T>(at: &'a str, what: &'static str) -> PResult<'a, T> {
    Err(nom::Err::Error(PErr {
        at,
        len: 0,
        what: What::Expected(Cow::Borrowed(what)),
    }))
}

fn fail<'a, T>(
    at: &'a str,
    len: usize,
    message: String,
    label: &str,
    help: Option<String>,
) -> PResult<'a, T> {
    Err(nom::Err::Failure(PErr {
        at,
        len,
        what: What::Message {
            message,
            label: label.to_owned(),
            help,
            fix: None,
        },
    }))
}

/// Describes the text at `at` for "found …" in messages.
pub fn describe_found(at: &str) -> String {
    let at = at.trim_start_matches([' ', '\t']);
    match at.chars().next() {
        None => "end of line".to_owned(),
        Some('"') => "a quoted text".to_owned(),
        Some('#') => "a comment".to_owned(),
        Some('\0') => "a NUL byte".to_owned(),
        Some(c) if !is_word_char(c) => format!("`{c}`"),
        _ => {
            let word: String = at
                .chars()
                .take_while(|&c| is_word_char(c))
                .take(32)
                .collect();
            format!("`{word}`")
        }
    }
}

// ---------------------------------------------------------------------------------------
// Tokens

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.'
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Whether `s` is an identifier as the parser reads one: a letter or `_`, then letters,
/// digits, `_`, `-` or `.`, not ending in `-` or `.`.
pub fn is_identifier(s: &str) -> bool {
    s.starts_with(is_ident_start) && s.chars().all(is_word_char) && !s.ends_with(['-', '.'])
}

/// An identifier made from a name: lowercase, each run of characters an identifier cannot
/// hold made one `-` (`"Le Courrier de Dakar"` → `le-courrier-de-dakar`; lowercasing `İ`
/// adds a combining mark, which goes too), and `kind` put first when it would not start
/// with a letter or would be empty (`"24 Heures"` → `outlet-24-heures`).
pub fn id_from_name(name: &str, kind: &str) -> String {
    let mut id = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    match id {
        "" => kind.to_owned(),
        _ if id.starts_with(is_ident_start) => id.to_owned(),
        _ => format!("{kind}-{id}"),
    }
}

/// Skips spaces and tabs.
fn sp(i: &str) -> &str {
    let n = i
        .bytes()
        .position(|b| b != b' ' && b != b'\t')
        .unwrap_or(i.len());
    &i[n..]
}

/// The next word (letters, digits, `_`, `-`), without consuming it.
fn peek_word(i: &str) -> &str {
    let i = sp(i);
    // ASCII bytes are decided without decoding; the first other byte starts the general
    // (Unicode) scan.
    let b = i.as_bytes();
    let mut end = 0;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'_' | b'-')) {
        end += 1;
    }
    if end < b.len() && !b[end].is_ascii() {
        end += i[end..]
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .map(|(n, _)| n)
            .unwrap_or(i.len() - end);
    }
    &i[..end]
}

/// `w` in lowercase, borrowed when it already is.
fn lowercase(w: &str) -> Cow<'_, str> {
    if w.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

/// Matches the keyword `k` as a whole word.
fn kw<'a>(k: &'static str) -> impl FnMut(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        let s = sp(i);
        if peek_word(s) == k {
            Ok((&s[k.len()..], &s[..k.len()]))
        } else {
            expected(s, k)
        }
    }
}

/// Matches the punctuation `c`.
fn punct<'a>(c: char, what: &'static str) -> impl FnMut(&'a str) -> PResult<'a, &'a str> {
    move |i: &'a str| {
        let s = sp(i);
        if s.starts_with(c) {
            Ok((&s[c.len_utf8()..], &s[..c.len_utf8()]))
        } else {
            expected(s, what)
        }
    }
}

/// Computes spans from slices of the source text.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    src: &'a str,
    opts: ParseOptions,
}

impl<'a> Cx<'a> {
    fn off(&self, s: &str) -> usize {
        s.as_ptr() as usize - self.src.as_ptr() as usize
    }
    fn span(&self, s: &str) -> Span {
        let o = self.off(s);
        Span::new(o, o + s.len())
    }
    /// Span from the start of `from` to the start of `rest`.
    fn between(&self, from: &str, rest: &str) -> Span {
        Span::new(self.off(from), self.off(rest))
    }

    /// `[\p{L}_][\p{L}\p{N}_.-]*`, not ending in `.` or `-`.
    fn ident(&self, i: &'a str) -> PResult<'a, Ident<'a>> {
        let s = sp(i);
        match s.chars().next() {
            Some(c) if is_ident_start(c) => {}
            _ => return expected(s, "an identifier"),
        }
        let b = s.as_bytes();
        let mut end = 0;
        while end < b.len()
            && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'_' | b'-' | b'.'))
        {
            end += 1;
        }
        if end < b.len() && !b[end].is_ascii() {
            end += s[end..]
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map(|(n, _)| n)
                .unwrap_or(s.len() - end);
        }
        while s[..end].ends_with(['.', '-']) {
            end -= 1;
        }
        let text = &s[..end];
        Ok((
            &s[end..],
            Ident {
                text,
                span: self.span(text),
            },
        ))
    }

    /// An identifier that is not a qualifier keyword (for claim terms).
    fn term_ident(&self, i: &'a str) -> PResult<'a, Ident<'a>> {
        let s = sp(i);
        // Fast path: a lowercase ASCII identifier that ends where the word ends (no `.`, and
        // not before a `-` or `.` it left out) is its own word, scanned once.
        if let Ok((rest, id)) = self.ident(s) {
            let plain = id
                .text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
            let clean_end = !rest.starts_with(['.', '-']);
            if plain && clean_end {
                return if is_qualifier(id.text) {
                    expected(s, "a name")
                } else {
                    Ok((rest, id))
                };
            }
        }
        let w = peek_word(s);
        if is_qualifier(w) {
            return expected(s, "a name");
        }
        let lower = lowercase(w);
        if is_qualifier(&lower) {
            return fail(
                s,
                w.len(),
                format!("unexpected `{w}`: keywords are lowercase, expected `{lower}`"),
                "capitalised keyword",
                Some(format!(
                    "write `{lower}`; to name an entity with this id, quote its name"
                )),
            );
        }
        self.ident(s)
    }

    /// `"…"` with `\"` and `\\` escapes.
    fn quoted(&self, i: &'a str) -> PResult<'a, Str<'a>> {
        let s = sp(i);
        if let Some(c @ ('“' | '”' | '«' | '»' | '„')) = s.chars().next() {
            // The text up to its closing quote, straightened: the fix `verify fmt --fix`
            // applies and an editor offers.
            // (A straight quote inside is text: `straight_quotes` escapes it.)
            let close: &[char] = match c {
                '«' => &['»'],
                _ => &['”', '“'],
            };
            let body = &s[c.len_utf8()..];
            let fix = body.find(close).map(|n| {
                let end = c.len_utf8() + n + body[n..].chars().next().map_or(1, char::len_utf8);
                let start = self.off(s);
                Box::new(crate::diag::Fix {
                    span: Span::new(start, start + end),
                    replacement: crate::syntax::format::straight_quotes(&s[..end]).into_owned(),
                    title: "straight quotes".to_owned(),
                    kind: crate::diag::FixKind::Safe,
                })
            });
            return Err(nom::Err::Failure(PErr {
                at: s,
                len: c.len_utf8(),
                what: What::Message {
                    message: format!("expected a straight double quote `\"`, found `{c}`"),
                    label: "typographic quote".to_owned(),
                    help: Some("write names between straight quotes: \"…\" (`verify fmt --fix` replaces typographic quotes)".to_owned()),
                    fix,
                },
            }));
        }
        if !s.starts_with('"') {
            return expected(s, "a quoted text");
        }
        let body = &s[1..];
        let mut escaped = false;
        let mut has_escape = false;
        for (n, c) in body.char_indices() {
            if escaped {
                escaped = false;
                continue;
            }
            match c {
                '\\' => {
                    escaped = true;
                    has_escape = true;
                }
                '"' => {
                    let raw = &body[..n];
                    let value = if has_escape {
                        Cow::Owned(unescape(raw))
                    } else {
                        Cow::Borrowed(raw)
                    };
                    let rest = &body[n + 1..];
                    return Ok((
                        rest,
                        Str {
                            value,
                            span: self.between(s, rest),
                        },
                    ));
                }
                _ => {}
            }
        }
        fail(
            s,
            1,
            "unterminated quote: expected a closing `\"` before the end of the line".to_owned(),
            "this quote is never closed",
            Some("close the text with `\"`; write `\\\"` for a quote inside it".to_owned()),
        )
    }

    fn name_ref(&self, i: &'a str) -> PResult<'a, NameRef<'a>> {
        alt((
            |i| self.quoted(i).map(|(r, s)| (r, NameRef::Quoted(s))),
            |i| self.term_ident(i).map(|(r, s)| (r, NameRef::Id(s))),
        ))
        .parse(i)
        .map_err(|e| {
            e.map(|mut e| {
                if let What::Expected(_) = e.what {
                    e.what = What::Expected(Cow::Borrowed("a name (an id or a quoted name)"));
                }
                e
            })
        })
    }

    /// `REF (, REF)*`
    fn name_list(&self, i: &'a str) -> PResult<'a, Vec<NameRef<'a>>> {
        self.comma_list(i, |i| self.name_ref(i))
    }

    /// `ITEM (, ITEM)*`: one item, then more after commas (each one required once its
    /// comma is written).
    fn comma_list<T>(
        &self,
        i: &'a str,
        item: impl Fn(&'a str) -> PResult<'a, T>,
    ) -> PResult<'a, Vec<T>> {
        let (mut rest, first) = item(i)?;
        let mut out = vec![first];
        while let Ok((r, _)) = punct(',', "`,`")(rest) {
            let (r, n) = cut(&item).parse(r)?;
            out.push(n);
            rest = r;
        }
        Ok((rest, out))
    }

    /// `"…" (, "…")*` after `aka`.
    fn aliases(&self, i: &'a str) -> PResult<'a, Vec<Str<'a>>> {
        let (mut rest, first) = cut(|i| self.name(i)).parse(i)?;
        let mut out = vec![first];
        while let Ok((r, _)) = punct(',', "`,`")(rest) {
            let (r, n) = cut(|i| self.name(i)).parse(r)?;
            out.push(n);
            rest = r;
        }
        Ok((rest, out))
    }

    /// A quoted name or alias of a declaration: it must name something (an empty name would
    /// be "the same" as every other empty name).
    fn name(&self, i: &'a str) -> PResult<'a, Str<'a>> {
        let (r, q) = self.quoted(i)?;
        if q.value.trim().is_empty() {
            let at = sp(i);
            return fail(
                at,
                self.off(r) - self.off(at),
                "empty name: expected a name between the quotes".to_owned(),
                "names nothing",
                Some("write the name as the article gives it, or leave the alias out".to_owned()),
            );
        }
        Ok((r, q))
    }

    fn number(&self, i: &'a str) -> PResult<'a, (u32, &'a str)> {
        let s = sp(i);
        let end = s.bytes().take_while(u8::is_ascii_digit).count();
        if end == 0 {
            return expected(s, "a number");
        }
        match s[..end].parse::<u32>() {
            Ok(n) if end <= 9 => Ok((&s[end..], (n, &s[..end]))),
            _ => fail(
                s,
                end,
                format!("number too large: expected at most 9 digits, found {end}"),
                "too large",
                None,
            ),
        }
    }

    // -----------------------------------------------------------------------------------
    // Time

    fn month(&self, i: &'a str) -> PResult<'a, u32> {
        let s = sp(i);
        let w = peek_word(s);
        let lw = lowercase(w);
        if lw.len() >= 3 {
            if let Some(n) = calendar::month_by_prefix(&lw) {
                return Ok((&s[w.len()..], n));
            }
            // A misspelt month (`Jully`): say which one it looks like. A qualifier keyword
            // is tried as a month at every `on 26 …`, a unit at every `24 days ago`, and
            // neither is ever close to one (`no_qualifier_or_unit_looks_like_a_month`): no
            // similarity is computed for them.
            if let Some(m) = (!is_qualifier(&lw) && unit_by_name(&lw).is_none())
                .then(|| did_you_mean(&lw, calendar::MONTH_NAMES))
                .flatten()
            {
                return fail(
                    s,
                    w.len(),
                    format!("unknown month: expected a month name, found `{w}`"),
                    "not a month",
                    Some(crate::diag::did_you_mean_help(m)),
                );
            }
        }
        expected(s, "a month name")
    }

    fn weekday(&self, i: &'a str) -> PResult<'a, Weekday> {
        let s = sp(i);
        let w = peek_word(s);
        match calendar::weekday_by_name(&lowercase(w)) {
            Some(d) => Ok((&s[w.len()..], d)),
            None => expected(s, "a weekday"),
        }
    }

    fn unit(&self, i: &'a str) -> PResult<'a, Unit> {
        let s = sp(i);
        let w = peek_word(s);
        match unit_by_name(&lowercase(w)) {
            Some(u) => Ok((&s[w.len()..], u)),
            None => expected(s, "a unit (hours, days, weeks, months, years)"),
        }
    }

    /// Both days of a range exist in the month, and the first comes first (`9..11 July`,
    /// `July 9-11`).
    fn check_day_range(
        &self,
        at: &'a str,
        len: usize,
        y: Option<i32>,
        m: u32,
        d1: u32,
        d2: u32,
    ) -> Result<(), nom::Err<PErr<'a>>> {
        self.check_day(at, len, y, m, d1)?;
        self.check_day(at, len, y, m, d2)?;
        if d1 > d2 {
            return fail::<()>(
                at,
                len,
                format!("reversed range: day {d1} comes after day {d2}"),
                "ends before it starts",
                Some(format!("write `{d2}..{d1} {}`", month_name(m))),
            )
            .map(|_| ());
        }
        Ok(())
    }

    fn check_day(
        &self,
        at: &'a str,
        len: usize,
        y: Option<i32>,
        m: u32,
        d: u32,
    ) -> Result<(), nom::Err<PErr<'a>>> {
        if !(1..=12).contains(&m) {
            return fail::<()>(
                at,
                len,
                format!("impossible date: expected a month from 1 to 12, found {m}"),
                "no such month",
                None,
            )
            .map(|_| ());
        }
        let max = match y {
            Some(y) => days_in_month(y, m),
            None if m == 2 => 29,
            None => days_in_month(2001, m),
        };
        if d == 0 || d > max {
            let whose = match y {
                Some(y) => format!("{} {y}", month_name(m)),
                None => month_name(m).to_owned(),
            };
            return fail::<()>(
                at,
                len,
                format!("impossible date: {whose} has {max} days, found day {d}"),
                "no such day",
                None,
            )
            .map(|_| ());
        }
        Ok(())
    }

    /// The rest of `A/B/YYYY` after `A/`, read day first or month first as `date-order`
    /// says; without it, an error that says how to set it.
    fn numeric_date(&self, s: &'a str, a: u32, r: &'a str) -> PResult<'a, PointKind> {
        let (r, (b, _)) = cut(|i| self.number(i)).parse(r)?;
        let (r, _) = cut(punct('/', "`/`")).parse(r)?;
        let (r, y) = cut(|i| self.year4(i)).parse(r)?;
        let len = self.off(r) - self.off(s);
        let (d, m) = match self.opts.date_order {
            DateOrder::Dmy => (a, b),
            DateOrder::Mdy => (b, a),
            DateOrder::Unset => {
                return fail(
                    s,
                    len,
                    format!(
                        "numeric date `{}`: day first or month first?",
                        &s[..len]
                    ),
                    "ambiguous",
                    Some(
                        "set `date-order = \"dmy\"` (or \"mdy\") in verify.toml, or write the date as YYYY-MM-DD".to_owned(),
                    ),
                )
            }
        };
        self.check_day(s, len, Some(y), m, d)?;
        Ok((
            r,
            PointKind::Absolute {
                y,
                m: Some(m),
                d: Some(d),
            },
        ))
    }

    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`.
    fn iso_date(&self, i: &'a str) -> PResult<'a, PointKind> {
        let s = sp(i);
        let b = s.as_bytes();
        let digits = |from: usize, n: usize| -> Option<u32> {
            if b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit) {
                s[from..from + n].parse().ok()
            } else {
                None
            }
        };
        let ends_word = |at: usize| b.get(at).is_none_or(|c| !c.is_ascii_alphanumeric());
        let Some(y) = digits(0, 4) else {
            return expected(s, "a date (YYYY, YYYY-MM or YYYY-MM-DD)");
        };
        if !ends_word(4) && b.get(4) != Some(&b'-') {
            return expected(s, "a date (YYYY, YYYY-MM or YYYY-MM-DD)");
        }
        if b.get(4) == Some(&b'-') {
            let Some(m) = digits(5, 2) else {
                return fail(
                    s,
                    5,
                    "malformed date: expected YYYY-MM or YYYY-MM-DD".to_owned(),
                    "expected two digits for the month",
                    None,
                );
            };
            if b.get(7) == Some(&b'-') {
                let Some(d) = digits(8, 2).filter(|_| ends_word(10)) else {
                    return fail(
                        s,
                        8,
                        "malformed date: expected YYYY-MM-DD".to_owned(),
                        "expected two digits for the day",
                        None,
                    );
                };
                self.check_day(s, 10, Some(y as i32), m, d)?;
                return Ok((
                    &s[10..],
                    PointKind::Absolute {
                        y: y as i32,
                        m: Some(m),
                        d: Some(d),
                    },
                ));
            }
            if !ends_word(7) {
                return fail(
                    s,
                    7,
                    "malformed date: expected YYYY-MM or YYYY-MM-DD".to_owned(),
                    "malformed",
                    None,
                );
            }
            self.check_day(s, 7, Some(y as i32), m, 1)?;
            return Ok((
                &s[7..],
                PointKind::Absolute {
                    y: y as i32,
                    m: Some(m),
                    d: None,
                },
            ));
        }
        Ok((
            &s[4..],
            PointKind::Absolute {
                y: y as i32,
                m: None,
                d: None,
            },
        ))
    }

    /// A 4-digit year after a month name.
    fn year4(&self, i: &'a str) -> PResult<'a, i32> {
        let s = sp(i);
        let (r, (n, txt)) = self.number(s)?;
        if txt.len() == 4 {
            Ok((r, n as i32))
        } else {
            expected(s, "a four-digit year")
        }
    }

    fn point_core(&self, i: &'a str) -> PResult<'a, PointKind> {
        let s = sp(i);
        let first = s.chars().next();
        if first.is_some_and(|c| c.is_ascii_digit()) {
            let (r, (n, txt)) = self.number(s)?;
            if txt.len() == 4 {
                return self.iso_date(s);
            }
            // A numeric date, `11/07/2024`: read in the project's `date-order`.
            if let Some(r2) = r.strip_prefix('/') {
                return self.numeric_date(s, n, r2);
            }
            // N..M Month [YYYY]; as articles write it, N-M or N–M Month [YYYY].
            if let Some(r2) = r
                .strip_prefix("..")
                .or_else(|| r.strip_prefix('-'))
                .or_else(|| r.strip_prefix('–'))
                .filter(|r2| r2.starts_with(|c: char| c.is_ascii_digit()))
            {
                let (r3, (d2, _)) = cut(|i| self.number(i)).parse(r2)?;
                let (r4, m) = cut(|i| self.month(i)).parse(r3)?;
                let (r5, y) = opt(|i| self.year4(i)).parse(r4)?;
                let len = self.off(r5) - self.off(s);
                self.check_day_range(s, len, y, m, n, d2)?;
                return Ok((r5, PointKind::DayRange { d1: n, d2, m, y }));
            }
            // N Month [YYYY]
            let month = self.month(r);
            if let Err(nom::Err::Failure(e)) = month {
                return Err(nom::Err::Failure(e));
            }
            if let Ok((r2, m)) = month {
                let (r3, y) = opt(|i| self.year4(i)).parse(r2)?;
                let len = self.off(r3) - self.off(s);
                self.check_day(s, len, y, m, n)?;
                return Ok((
                    r3,
                    match y {
                        Some(y) => PointKind::Absolute {
                            y,
                            m: Some(m),
                            d: Some(n),
                        },
                        None => PointKind::DayMonth { d: Some(n), m },
                    },
                ));
            }
            // N unit ago
            if let Ok((r2, unit)) = self.unit(r) {
                let (r3, _) = cut(kw("ago")).parse(r2)?;
                return Ok((r3, PointKind::Ago { n, unit }));
            }
            if (1..=31).contains(&n) && txt.len() <= 2 {
                return Ok((r, PointKind::Day(n)));
            }
            return expected(s, "a date");
        }
        let w = peek_word(s);
        match w {
            "yesterday" => return Ok((&s[w.len()..], PointKind::DayOffset(-1))),
            "today" => return Ok((&s[w.len()..], PointKind::DayOffset(0))),
            "tomorrow" => return Ok((&s[w.len()..], PointKind::DayOffset(1))),
            "this" | "last" | "next" => {
                let offset = match w {
                    "this" => 0,
                    "last" => -1,
                    _ => 1,
                };
                let r = &s[w.len()..];
                if let Ok((r2, wd)) = self.weekday(r) {
                    if w == "this" {
                        return fail(
                            s,
                            self.off(r2) - self.off(s),
                            "ambiguous weekday: expected `last` or `next` before it, found `this`"
                                .to_owned(),
                            "ambiguous",
                            Some(
                                "write `last Wednesday`, `next Wednesday` or just `Wednesday`"
                                    .to_owned(),
                            ),
                        );
                    }
                    let which = if offset < 0 { Which::Last } else { Which::Next };
                    return Ok((r2, PointKind::Weekday { w: wd, which }));
                }
                let (r2, unit) = cut(|i| self.cal_unit(i)).parse(r)?;
                return Ok((
                    r2,
                    PointKind::Relative {
                        unit,
                        offset,
                        part: Part::Whole,
                    },
                ));
            }
            "end" | "start" => {
                let part = if w == "end" { Part::End } else { Part::Start };
                let r = &s[w.len()..];
                let (r, _) = cut(kw("of")).parse(r)?;
                let which = peek_word(r);
                let offset = match which {
                    "this" => 0,
                    "last" => -1,
                    "next" => 1,
                    _ => return cut(|i| expected(i, "`this`, `last` or `next`")).parse(sp(r)),
                };
                let r = &sp(r)[which.len()..];
                let (r, unit) = cut(|i| self.cal_unit(i)).parse(r)?;
                return Ok((r, PointKind::Relative { unit, offset, part }));
            }
            _ => {}
        }
        if let Ok((r, wd)) = self.weekday(s) {
            return Ok((
                r,
                PointKind::Weekday {
                    w: wd,
                    which: Which::Bare,
                },
            ));
        }
        let month = self.month(s);
        if let Err(nom::Err::Failure(e)) = month {
            return Err(nom::Err::Failure(e));
        }
        if let Ok((r, m)) = month {
            // Month [DD] [YYYY]
            let (r, d) = match self.number(r) {
                Ok((r2, (n, txt))) if txt.len() <= 2 => (r2, Some(n)),
                _ => (r, None),
            };
            // Month N-M [,] [YYYY], as US articles write it: `July 9-11, 2024`.
            if let Some(d1) = d {
                if let Some(r2) = r
                    .strip_prefix("..")
                    .or_else(|| r.strip_prefix('-'))
                    .or_else(|| r.strip_prefix('–'))
                    .filter(|r2| r2.starts_with(|c: char| c.is_ascii_digit()))
                {
                    let (r3, (d2, _)) = cut(|i| self.number(i)).parse(r2)?;
                    let r3 = punct(',', "`,`")(r3).map(|(r, _)| r).unwrap_or(r3);
                    let (r4, y) = opt(|i| self.year4(i)).parse(r3)?;
                    let len = self.off(r4) - self.off(s);
                    self.check_day_range(s, len, y, m, d1, d2)?;
                    return Ok((r4, PointKind::DayRange { d1, d2, m, y }));
                }
            }
            let r = punct(',', "`,`")(r).map(|(r, _)| r).unwrap_or(r);
            let (r, y) = opt(|i| self.year4(i)).parse(r)?;
            let len = self.off(r) - self.off(s);
            if let Some(d) = d {
                self.check_day(s, len, y, m, d)?;
            }
            return Ok((
                r,
                match y {
                    Some(y) => PointKind::Absolute { y, m: Some(m), d },
                    None => PointKind::DayMonth { d, m },
                },
            ));
        }
        expected(
            s,
            "a date (2024-06-26, 26 June, this year, end of this year, Wednesday, 3 days ago, …)",
        )
    }

    fn cal_unit(&self, i: &'a str) -> PResult<'a, Unit> {
        let s = sp(i);
        let w = peek_word(s);
        let u = match w {
            "year" => Unit::Year,
            "month" => Unit::Month,
            "week" => Unit::Week,
            _ => return expected(s, "`year`, `month` or `week`"),
        };
        Ok((&s[w.len()..], u))
    }

    /// A point with an optional stated weekday: `2024-06-29 (Friday)`.
    fn point(&self, i: &'a str) -> PResult<'a, Point> {
        let s = sp(i);
        // `early December 2024`, `mid-2025`, `mid 2025`, `late June`.
        let (third, s) = if let Some(rest) = s.strip_prefix("mid-") {
            (Some(Third::Mid), rest)
        } else {
            match peek_word(s) {
                "early" => (Some(Third::Early), sp(&s[5..])),
                "late" => (Some(Third::Late), sp(&s[4..])),
                "mid" => (Some(Third::Mid), sp(&s[3..])),
                _ => (None, s),
            }
        };
        let (r, kind) = self.point_core(s)?;
        if let Some(t) = third {
            let whole = matches!(
                kind,
                PointKind::Absolute { d: None, .. }
                    | PointKind::DayMonth { d: None, .. }
                    | PointKind::Relative {
                        unit: Unit::Month | Unit::Year,
                        part: Part::Whole,
                        ..
                    }
            );
            if !whole {
                return fail(
                    s,
                    self.off(r) - self.off(s),
                    format!(
                        "`{}` goes before a month or a year: expected `{} June`, `{} 2025` or `{} this year`",
                        t.as_str(),
                        t.as_str(),
                        t.as_str(),
                        t.as_str()
                    ),
                    "not a month or a year",
                    None,
                );
            }
        }
        let core_end = r;
        let (r, weekday) = match punct('(', "`(`")(r) {
            Ok((r2, open)) => {
                let (r3, w) = cut(|i| self.weekday(i)).parse(r2)?;
                let (r4, _) = cut(punct(')', "`)`")).parse(r3)?;
                (r4, Some((w, self.between(open, r4))))
            }
            Err(_) => (core_end, None),
        };
        let (r, time) = match self.time_of_day(r)? {
            (r2, Some((t, span))) => {
                let one_day = matches!(
                    kind,
                    PointKind::Absolute { d: Some(_), .. }
                        | PointKind::DayMonth { d: Some(_), .. }
                        | PointKind::Day(_)
                        | PointKind::DayOffset(_)
                        | PointKind::Weekday { .. }
                        | PointKind::Ago {
                            unit: Unit::Day,
                            ..
                        }
                );
                if !one_day {
                    let written = &self.src[self.off(s)..span.range().end];
                    return fail(
                        &self.src[span.range()],
                        span.range().len(),
                        format!(
                            "a time of day goes after a single day: expected `26 June 2024 {t}`, found `{written}`"
                        ),
                        "not after a single day",
                        None,
                    );
                }
                (r2, Some((t, span)))
            }
            (r2, None) => (r2, None),
        };
        Ok((
            r,
            Point {
                span: self.between(s, core_end),
                kind,
                weekday,
                third,
                time,
            },
        ))
    }

    /// An optional time of day after a day: `17:20`, `at 17:20`, `17h20`, `17h`, `evening`,
    /// `at noon`. `Ok(None)` when none is written.
    fn time_of_day(&self, i: &'a str) -> PResult<'a, Option<(TimeOfDay, Span)>> {
        let s = sp(i);
        let (at, t) = if peek_word(s).eq_ignore_ascii_case("at") {
            (true, sp(&s[2..]))
        } else {
            (false, s)
        };
        let w = peek_word(t);
        let lw = lowercase(w);
        if let Some(&(_, part)) = TimeOfDay::PARTS.iter().find(|(n, _)| *n == lw) {
            let r = &t[w.len()..];
            return Ok((r, Some((part, self.between(s, r)))));
        }
        let b = t.as_bytes();
        let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let sep = b.get(digits).copied();
        if digits == 0 || !matches!(sep, Some(b':' | b'h')) {
            return if at {
                fail(
                    t,
                    w.len(),
                    format!(
                        "expected a time of day after `at` (`17:20`, `noon`), found {}",
                        describe_found(t)
                    ),
                    "not a time of day",
                    None,
                )
            } else {
                Ok((i, None))
            };
        }
        let mins = b[digits + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let end = digits + 1 + mins;
        // What follows must end the word: `17hours` is no time.
        if t[end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            return if at {
                fail(
                    t,
                    end,
                    "expected a time of day after `at` (`17:20`, `noon`)".to_owned(),
                    "not a time of day",
                    None,
                )
            } else {
                Ok((i, None))
            };
        }
        // Seconds are not kept: articles give minutes at most.
        if t[end..].starts_with(':') && t[end + 1..].starts_with(|c: char| c.is_ascii_digit()) {
            let secs = t[end + 1..].bytes().take_while(u8::is_ascii_digit).count();
            return fail(
                t,
                end + 1 + secs,
                format!(
                    "a time of day with seconds: expected hours and minutes, found `{}`",
                    &t[..end + 1 + secs]
                ),
                "seconds",
                Some(format!("write `{}`", &t[..end])),
            );
        }
        let h: u32 = if digits <= 2 {
            t[..digits].parse().unwrap_or(99)
        } else {
            99
        };
        let m: Option<u32> = (mins > 0).then(|| t[digits + 1..end].parse().unwrap_or(99));
        let ok = h <= 23
            && match (sep, mins) {
                (Some(b':'), 2) | (Some(b'h'), 2) => m.is_some_and(|m| m <= 59),
                (Some(b'h'), 0) => true,
                _ => false,
            };
        if !ok {
            return fail(
                t,
                end,
                format!(
                    "invalid time of day: expected hours 0 to 23 and minutes 00 to 59 (`17:20`, `17h`), found `{}`",
                    &t[..end]
                ),
                "not a time of day",
                None,
            );
        }
        let r = &t[end..];
        let clock = TimeOfDay::Clock {
            h: h as u8,
            m: m.unwrap_or(0) as u8,
        };
        Ok((r, Some((clock, self.between(s, r)))))
    }

    /// A point that must not be a bare day number.
    fn full_point(&self, i: &'a str) -> PResult<'a, Point> {
        let (r, p) = self.point(i)?;
        if let PointKind::Day(d) = p.kind {
            return fail(
                sp(i),
                p.span.range().len(),
                format!("incomplete date: expected a month after day {d}"),
                "which month?",
                Some(format!(
                    "add the month and, if known, the year: `{d} June 2024`"
                )),
            );
        }
        if matches!(p.kind, PointKind::DayRange { .. }) {
            return fail(
                sp(i),
                p.span.range().len(),
                "unexpected day range: expected a single date here".to_owned(),
                "a range",
                Some("a range of days goes after `on`: `on 26..28 June`".to_owned()),
            );
        }
        Ok((r, p))
    }

    fn time_expr(&self, i: &'a str) -> PResult<'a, TimeExpr> {
        let s = sp(i);
        let w = peek_word(s);
        let r = &s[w.len()..];
        let (rest, kind) = match w {
            "on" => {
                // `on 26 to 28 June`, as articles write it: the canonical form as a fix.
                if let Some((len, canonical)) = super::journalist::range(sp(r)) {
                    let at = sp(r);
                    let span = Span::new(self.off(s), self.off(at) + len);
                    return Err(nom::Err::Failure(PErr {
                        at: s,
                        len: span.range().len(),
                        what: What::Message {
                            message: format!(
                                "a date range as articles write it: expected `{canonical}`"
                            ),
                            label: "a range of days".to_owned(),
                            help: Some(
                                "`verify fmt --fix` writes it in the canonical form".to_owned(),
                            ),
                            fix: Some(Box::new(crate::diag::Fix {
                                span,
                                replacement: canonical.clone(),
                                title: format!("`{canonical}`"),
                                kind: crate::diag::FixKind::Safe,
                            })),
                        },
                    }));
                }
                let (r, p) = cut(|i| self.point(i)).parse(r)?;
                if let (PointKind::DayRange { d1, d2, m, .. }, Some(_)) = (&p.kind, p.weekday) {
                    return fail(
                        s,
                        self.off(r) - self.off(s),
                        "a stated weekday after a range of days: which day is it?".to_owned(),
                        "one weekday for several days",
                        Some(format!(
                            "write each weekday after its own day: `from {d1} (weekday) to {d2} {} (weekday)`",
                            month_name(*m)
                        )),
                    );
                }
                if let PointKind::Day(d) = p.kind {
                    return fail(
                        s,
                        self.off(r) - self.off(s),
                        format!("incomplete date: expected a month after day {d}"),
                        "which month?",
                        Some(format!("write `on {d} June`")),
                    );
                }
                (r, TimeKind::On(p))
            }
            "from" => {
                let (r, p1) = cut(|i| self.point(i)).parse(r)?;
                // `from 9-11 July`, as articles write it: `from 9 to 11 July`.
                if let PointKind::DayRange { d1, d2, m, y } = p1.kind {
                    let next = peek_word(r);
                    if next != "to" && next != "until" && p1.weekday.is_none() {
                        let end = match y {
                            Some(y) => PointKind::Absolute {
                                y,
                                m: Some(m),
                                d: Some(d2),
                            },
                            None => PointKind::DayMonth { d: Some(d2), m },
                        };
                        let start = Point {
                            span: p1.span,
                            kind: PointKind::Day(d1),
                            weekday: None,
                            third: None,
                            time: None,
                        };
                        let end = Point {
                            span: p1.span,
                            kind: end,
                            weekday: None,
                            third: None,
                            time: None,
                        };
                        return Ok((
                            r,
                            TimeExpr {
                                span: self.between(s, r),
                                kind: TimeKind::Range(start, end, false),
                            },
                        ));
                    }
                }
                if let (PointKind::DayRange { d1, d2, m, .. }, Some(_)) = (&p1.kind, p1.weekday) {
                    return fail(
                        s,
                        self.off(r) - self.off(s),
                        "a stated weekday after a range of days: which day is it?".to_owned(),
                        "one weekday for several days",
                        Some(format!(
                            "write each weekday after its own day: `from {d1} (weekday) to {d2} {} (weekday)`",
                            month_name(*m)
                        )),
                    );
                }
                if matches!(p1.kind, PointKind::DayRange { .. }) {
                    return fail(
                        s,
                        self.off(r) - self.off(s),
                        "unexpected day range after `from`: expected a single date".to_owned(),
                        "a range",
                        Some("write `on 26..28 June` or `from 26 to 28 June`".to_owned()),
                    );
                }
                let end_kw = peek_word(r);
                if end_kw == "to" || end_kw == "until" {
                    let r2 = &sp(r)[end_kw.len()..];
                    let (r3, p2) = cut(|i| self.full_point(i)).parse(r2)?;
                    (r3, TimeKind::Range(p1, p2, end_kw == "until"))
                } else {
                    if let PointKind::Day(d) = p1.kind {
                        return fail(
                            s,
                            self.off(r) - self.off(s),
                            format!("incomplete date: expected a month after day {d}"),
                            "which month?",
                            Some(format!("write `from {d} June`, or `from {d} to 28 June`")),
                        );
                    }
                    (r, TimeKind::From(p1))
                }
            }
            "until" => {
                let (r, p) = cut(|i| self.full_point(i)).parse(r)?;
                (r, TimeKind::Until(p))
            }
            _ => return expected(s, "`on`, `from` or `until`"),
        };
        Ok((
            rest,
            TimeExpr {
                span: self.between(s, rest),
                kind,
            },
        ))
    }

    fn duration(&self, i: &'a str) -> PResult<'a, Duration> {
        let s = sp(i);
        let (r, (n, _)) = self.number(s)?;
        let (r, unit) = cut(|i| self.unit(i)).parse(r)?;
        if n == 0 {
            return fail(
                s,
                self.off(r) - self.off(s),
                format!(
                    "a duration of nothing: expected at least 1, found `0 {}`",
                    unit.as_str(0)
                ),
                "lasts no time",
                Some("leave `lasting` out when the article gives no duration".to_owned()),
            );
        }
        Ok((
            r,
            Duration {
                n,
                unit,
                span: self.between(s, r),
            },
        ))
    }

    /// `published DATE|unknown` (the keyword already consumed).
    fn published(&self, i: &'a str) -> PResult<'a, Published> {
        let s = sp(i);
        if peek_word(s) == "unknown" {
            return Ok((&s[7..], Published::Unknown(self.span(&s[..7]))));
        }
        let (r, p) = self.point(s)?;
        if p.kind.is_relative() || matches!(p.kind, PointKind::DayRange { .. }) {
            return fail(s, p.span.range().len(), "expected an absolute publication date (2025-04-12, 2025-04, 2025) or `unknown`, found a relative date".to_owned(), "relative", Some("a publication date is the anchor other dates are resolved against, so it must be absolute".to_owned()));
        }
        // A weekday next to a publication date is checked here: there is nothing else to
        // compare it with later.
        if let (
            Some((w, wspan)),
            PointKind::Absolute {
                y,
                m: Some(m),
                d: Some(d),
            },
        ) = (p.weekday, &p.kind)
        {
            let actual = calendar::day_from_ymd(*y, *m, *d).map(calendar::weekday);
            if actual != Some(w) {
                let at = &self.src[wspan.range()];
                let found = actual.map(weekday_name).unwrap_or("?");
                return fail(
                    at,
                    at.len(),
                    format!(
                        "weekday mismatch: {y:04}-{m:02}-{d:02} was a {found}, not a {}",
                        weekday_name(w)
                    ),
                    "wrong weekday",
                    Some(format!("write `({found})` or correct the date")),
                );
            }
        } else if let Some((_, wspan)) = p.weekday {
            let at = &self.src[wspan.range()];
            return fail(
                at,
                at.len(),
                "unexpected weekday: expected a full date (year, month and day) before a weekday"
                    .to_owned(),
                "needs a full date",
                None,
            );
        }
        Ok((r, Published::Date(p)))
    }

    // -----------------------------------------------------------------------------------
    // Lines

    fn outlet(&self, i: &'a str) -> PResult<'a, Outlet<'a>> {
        let (r, id) = cut(|i| self.ident(i)).parse(i)?;
        let (mut r, name) = cut(|i| self.name(i)).parse(r)?;
        let mut o = Outlet {
            id,
            name,
            aliases: Vec::new(),
            country: None,
            lang: None,
            kind: None,
            url: None,
        };
        loop {
            let s = sp(r);
            let w = peek_word(s);
            let after = &s[w.len()..];
            match w {
                "" if s.is_empty() => return Ok((s, o)),
                "aka" => {
                    let (r2, a) = self.aliases(after)?;
                    o.aliases.extend(a);
                    r = r2;
                }
                "country" | "lang" => {
                    let (r2, v) = cut(|i| self.ident(i)).parse(after)?;
                    dup(
                        s,
                        w,
                        if w == "country" {
                            o.country.is_some()
                        } else {
                            o.lang.is_some()
                        },
                    )?;
                    if w == "country" {
                        o.country = Some(v)
                    } else {
                        o.lang = Some(v)
                    }
                    r = r2;
                }
                "kind" => {
                    let (r2, v) = cut(|i| self.ident(i)).parse(after)?;
                    dup(s, w, o.kind.is_some())?;
                    let Some((k, _)) = OutletKind::ALL.iter().find(|(_, n)| *n == v.text) else {
                        let names: Vec<&str> = OutletKind::ALL.iter().map(|(_, n)| *n).collect();
                        return fail(
                            sp(after),
                            v.text.len(),
                            format!(
                                "unknown outlet kind: expected one of {}, found `{}`",
                                names.join(", "),
                                v.text
                            ),
                            "unknown kind",
                            did_you_mean(v.text, names.iter().copied())
                                .map(crate::diag::did_you_mean_help),
                        );
                    };
                    o.kind = Some((*k, v.span));
                    r = r2;
                }
                "url" => {
                    let (r2, v) = cut(|i| self.quoted(i)).parse(after)?;
                    dup(s, w, o.url.is_some())?;
                    o.url = Some(v);
                    r = r2;
                }
                _ => {
                    return unknown_word(
                        s,
                        "an outlet attribute",
                        &["aka", "country", "lang", "kind", "url"],
                    )
                }
            }
        }
    }

    fn entity(&self, kind: EntityKind, kind_span: Span, i: &'a str) -> PResult<'a, Entity<'a>> {
        let (r, id) = cut(|i| self.ident(i)).parse(i)?;
        let (mut r, name) = cut(|i| self.name(i)).parse(r)?;
        let mut e = Entity {
            kind,
            kind_span,
            id,
            name,
            aliases: Vec::new(),
            within: None,
            sole: None,
        };
        let within_kw = if kind == EntityKind::Office {
            "of"
        } else {
            "in"
        };
        let mut allowed = vec!["aka"];
        if !matches!(kind, EntityKind::Country | EntityKind::Person) {
            allowed.push(within_kw);
        }
        if kind == EntityKind::Office {
            allowed.push("sole");
        }
        loop {
            let s = sp(r);
            let w = peek_word(s);
            let after = &s[w.len()..];
            match w {
                "" if s.is_empty() => return Ok((s, e)),
                "aka" => {
                    let (r2, a) = self.aliases(after)?;
                    e.aliases.extend(a);
                    r = r2;
                }
                "sole" if allowed.contains(&"sole") => {
                    dup(s, w, e.sole.is_some())?;
                    e.sole = Some(self.span(&s[..4]));
                    r = after;
                }
                _ if w == within_kw && allowed.contains(&w) => {
                    dup(s, w, e.within.is_some())?;
                    let (r2, v) = cut(|i| self.name_ref(i)).parse(after)?;
                    e.within = Some(v);
                    r = r2;
                }
                _ => {
                    return unknown_word(
                        s,
                        &format!("{} attribute", article_for(kind.as_str())),
                        &allowed,
                    )
                }
            }
        }
    }

    fn report(&self, i: &'a str) -> PResult<'a, Report<'a>> {
        let (r, id) = cut(|i| self.ident(i)).parse(i)?;
        let (r, _) = cut(kw("by")).parse(r)?;
        let (mut r, by) = cut(|i| self.name_ref(i)).parse(r)?;
        let mut rep = Report {
            id,
            by,
            published: None,
            lang: None,
            url: None,
            title: None,
        };
        loop {
            let s = sp(r);
            let w = peek_word(s);
            let after = &s[w.len()..];
            match w {
                "" if s.is_empty() => return Ok((s, rep)),
                "published" => {
                    dup(s, w, rep.published.is_some())?;
                    let (r2, p) = cut(|i| self.published(i)).parse(after)?;
                    rep.published = Some(p);
                    r = r2;
                }
                "lang" => {
                    dup(s, w, rep.lang.is_some())?;
                    let (r2, v) = cut(|i| self.ident(i)).parse(after)?;
                    rep.lang = Some(v);
                    r = r2;
                }
                "url" | "title" => {
                    dup(
                        s,
                        w,
                        if w == "url" {
                            rep.url.is_some()
                        } else {
                            rep.title.is_some()
                        },
                    )?;
                    let (r2, v) = cut(|i| self.quoted(i)).parse(after)?;
                    if w == "url" {
                        rep.url = Some(v)
                    } else {
                        rep.title = Some(v)
                    }
                    r = r2;
                }
                _ => {
                    return unknown_word(
                        s,
                        "a report attribute",
                        &["published", "lang", "url", "title"],
                    )
                }
            }
        }
    }

    fn per(&self, i: &'a str) -> PResult<'a, Per<'a>> {
        let (r, outlet) = cut(|i| self.name_ref(i)).parse(i)?;
        let (r, published) = if peek_word(r) == "published" {
            let (r2, p) = cut(|i| self.published(i)).parse(&sp(r)[9..])?;
            (r2, Some(p))
        } else {
            (r, None)
        };
        let (r, _) = cut(punct(':', "`:` at the end of a `per` line")).parse(r)?;
        Ok((r, Per { outlet, published }))
    }

    fn claim(&self, kind: ClaimKind, kind_span: Span, i: &'a str) -> PResult<'a, Claim<'a>> {
        // Optional label: `ID:`, or a bare `:` for a claim without one.
        let (mut r, label) = match self.ident(i) {
            Ok((r2, id)) if sp(r2).starts_with(':') && !is_qualifier(id.text) => {
                (&sp(r2)[1..], Some(id))
            }
            _ => match sp(i).strip_prefix(':') {
                Some(r2) => (r2, None),
                None => (i, None),
            },
        };
        let mut terms = Vec::with_capacity(2);
        loop {
            let s = sp(r);
            let s = if !terms.is_empty() {
                punct(',', "`,`")(s).map(|(r, _)| r).unwrap_or(s)
            } else {
                s
            };
            if let Ok((r2, q)) = self.quoted(s) {
                terms.push(Term::Text(q));
                r = r2;
            } else if let Ok((r2, id)) = self.term_ident(s) {
                // `meeting m: a and b`: participants are separated by commas.
                if id.text == "and" && !terms.is_empty() {
                    return fail(
                        s,
                        3,
                        "unexpected `and` between terms: expected `,`".to_owned(),
                        "write a comma",
                        Some("separate participants with commas: `meeting m: a, b`".to_owned()),
                    );
                }
                terms.push(Term::Id(id));
                r = r2;
            } else {
                // A malformed quote or a capitalised keyword is an error of its own.
                if let Err(e @ nom::Err::Failure(_)) = self.quoted(s) {
                    return Err(e);
                }
                if let Err(e @ nom::Err::Failure(_)) = self.term_ident(s) {
                    return Err(e);
                }
                break;
            }
        }
        let mut quals: Vec<Qual<'a>> = Vec::with_capacity(4);
        loop {
            let s = sp(r);
            if s.is_empty() {
                break;
            }
            let w = peek_word(s);
            let after = &s[w.len()..];
            let (r2, q) = match w {
                "to" => cut(|i| self.name_ref(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::To(n)))?,
                "in" => cut(|i| self.name_ref(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::In(n)))?,
                "by" => cut(|i| self.name_ref(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::By(n)))?,
                "coming" => {
                    let (r, _) = cut(kw("from")).parse(after)?;
                    cut(|i| self.name_ref(i))
                        .parse(r)
                        .map(|(r, n)| (r, QualKind::ComingFrom(n)))?
                }
                "with" => cut(|i| self.name_list(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::With(n)))?,
                "parties" => cut(|i| self.name_list(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::Parties(n)))?,
                "on" | "from" | "until" => cut(|i| self.time_expr(i))
                    .parse(s)
                    .map(|(r, t)| (r, QualKind::Time(t)))?,
                "lasting" => cut(|i| self.duration(i))
                    .parse(after)
                    .map(|(r, d)| (r, QualKind::Lasting(d)))?,
                "arriving" => cut(|i| self.full_point(i))
                    .parse(after)
                    .map(|(r, p)| (r, QualKind::Arriving(p)))?,
                "signed" => cut(|i| self.full_point(i))
                    .parse(after)
                    .map(|(r, p)| (r, QualKind::Signed(p)))?,
                "status" => {
                    let (r, v) = cut(|i| self.ident(i)).parse(after)?;
                    let Some((st, _)) = Status::ALL.iter().find(|(_, n)| *n == v.text) else {
                        let names: Vec<&str> = Status::ALL.iter().map(|(_, n)| *n).collect();
                        return fail(
                            sp(after),
                            v.text.len(),
                            format!(
                                "unknown status: expected one of {}, found `{}`",
                                names.join(", "),
                                v.text
                            ),
                            "unknown status",
                            did_you_mean(v.text, names.iter().copied())
                                .map(crate::diag::did_you_mean_help),
                        );
                    };
                    (r, QualKind::Status(*st))
                }
                // `extends ap-2018, ap-2022`: one plan continues several.
                "extends" => cut(|i| self.comma_list(i, |i| self.ident(i)))
                    .parse(after)
                    .map(|(r, l)| (r, QualKind::Extends(l)))?,
                "during" => cut(|i| self.ident(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::During(n)))?,
                "after" => cut(|i| self.ident(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::After(n)))?,
                "before" => cut(|i| self.ident(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::Before(n)))?,
                "topic" => cut(|i| self.quoted(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::Topic(n)))?,
                "note" => cut(|i| self.quoted(i))
                    .parse(after)
                    .map(|(r, n)| (r, QualKind::Note(n)))?,
                _ => {
                    let allowed = kind.spec().quals;
                    if terms.is_empty() {
                        return Err(nom::Err::Failure(PErr {
                            at: s,
                            len: 0,
                            what: What::Expected(Cow::Owned(format!(
                                "a name or a quoted text after `{}`",
                                kind.as_str()
                            ))),
                        }));
                    }
                    return unknown_word(
                        s,
                        &format!("{} qualifier", article_for(kind.as_str())),
                        allowed,
                    );
                }
            };
            let allowed = kind.spec().quals;
            let word = if w == "coming" {
                "coming from"
            } else {
                q.keyword()
            };
            if !allowed.contains(&word) {
                return fail(
                    s,
                    w.len(),
                    format!(
                        "unexpected `{word}` in {} claim: expected one of {}",
                        article_for(kind.as_str()),
                        quote_list(allowed)
                    ),
                    "not allowed here",
                    None,
                );
            }
            let repeatable = matches!(q, QualKind::Topic(_) | QualKind::Note(_));
            let is_time = matches!(q, QualKind::Time(_));
            if !repeatable
                && quals.iter().any(|p| {
                    std::mem::discriminant(&p.kind) == std::mem::discriminant(&q)
                        || (is_time && matches!(p.kind, QualKind::Time(_)))
                })
            {
                return fail(
                    s,
                    w.len(),
                    format!("duplicate `{word}`: a claim states it at most once"),
                    "given twice",
                    Some(
                        "write a second claim with the same label for a differing account"
                            .to_owned(),
                    ),
                );
            }
            quals.push(Qual {
                span: self.between(s, r2),
                kind: q,
            });
            r = r2;
        }
        let claim = Claim {
            kind,
            kind_span,
            label,
            terms,
            quals,
        };
        self.check_claim_shape(&claim, r)?;
        Ok((r, claim))
    }

    /// Checks the number of terms and the required qualifiers of each claim kind.
    fn check_claim_shape(&self, c: &Claim<'a>, end: &'a str) -> Result<(), nom::Err<PErr<'a>>> {
        let n = c.terms.len();
        let spec = c.kind.spec();
        let (ok, want) = ((spec.terms_ok)(&c.terms), spec.form);
        if !ok {
            let at: &'a str = match c.terms.get(1).or(c.terms.first()) {
                Some(t) => &self.src[t.span().range().start..],
                None => sp(end),
            };
            let len = c
                .terms
                .last()
                .map(|t| t.span().end as usize)
                .unwrap_or(0)
                .saturating_sub(self.off(at));
            // `visit trip h to FR`: one term too many, the first of them a word, no label —
            // most likely a label without its colon.
            let (help, fix) = match c.terms.first() {
                // (`first()` is some, so `c.terms[1..]` is in range.)
                Some(Term::Id(id)) if c.label.is_none() && (spec.terms_ok)(&c.terms[1..]) => (
                    Some(format!(
                        "if `{}` is the event's label, end it with a colon: `{} {}: …`",
                        id.text,
                        c.kind.as_str(),
                        id.text
                    )),
                    Some(Box::new(crate::diag::Fix {
                        span: Span::new(id.span.end as usize, id.span.end as usize),
                        replacement: ":".to_owned(),
                        title: format!("`:` after the label `{}`", id.text),
                        kind: crate::diag::FixKind::Safe,
                    })),
                ),
                _ => (None, None),
            };
            let message = format!(
                "wrong terms for {} claim: expected {want}, found {n} term{}",
                article_for(c.kind.as_str()),
                if n == 1 { "" } else { "s" }
            );
            if fix.is_some() {
                return Err(nom::Err::Failure(PErr {
                    at,
                    len,
                    what: What::Message {
                        message,
                        label: "here".to_owned(),
                        help,
                        fix,
                    },
                }));
            }
            return fail::<()>(at, len, message, "here", help).map(|_| ());
        }
        if c.kind == ClaimKind::Visit && !c.quals.iter().any(|q| matches!(q.kind, QualKind::To(_)))
        {
            return fail::<()>(
                sp(end),
                0,
                "incomplete visit: expected `to PLACE`, found end of line".to_owned(),
                "where to?",
                Some("write `visit LABEL: WHO to PLACE`".to_owned()),
            )
            .map(|_| ());
        }
        Ok(())
    }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            // `\"` and `\\` are escapes; any other backslash is kept as written.
            match chars.next() {
                Some(n @ ('"' | '\\')) => out.push(n),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn days_in_month(y: i32, m: u32) -> u32 {
    calendar::days_in_month(y, m)
}

fn article_for(word: &str) -> String {
    let an = word.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {word}", if an { "an" } else { "a" })
}

fn quote_list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dup<'a>(at: &'a str, word: &str, seen: bool) -> Result<(), nom::Err<PErr<'a>>> {
    if seen {
        return fail::<()>(
            at,
            word.len(),
            format!("duplicate `{word}`: expected it at most once on a line"),
            "given twice",
            None,
        )
        .map(|_| ());
    }
    Ok(())
}

fn unknown_word<'a, T>(at: &'a str, what: &str, allowed: &[&str]) -> PResult<'a, T> {
    let word = peek_word(at);
    let help = if word.is_empty() {
        None
    } else {
        did_you_mean(word, allowed.iter().copied()).map(crate::diag::did_you_mean_help)
    };
    fail(
        at,
        word.len().max(1),
        format!(
            "expected {what} ({}), found {}",
            quote_list(allowed),
            describe_found(at)
        ),
        if word.is_empty() {
            "unexpected"
        } else {
            "unknown word"
        },
        help,
    )
}

// ---------------------------------------------------------------------------------------
// Driver

/// Splits a line into its code and its trailing comment (a `#` outside quotes).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    // Most lines have no `#` at all.
    if !line.contains('#') {
        return (line, None);
    }
    // The three bytes that matter are ASCII, and never part of another character in UTF-8.
    let mut in_quote = false;
    let mut escaped = false;
    for (n, &b) in line.as_bytes().iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' if in_quote => escaped = true,
            b'"' => in_quote = !in_quote,
            b'#' if !in_quote => return (&line[..n], Some(line[n..].trim_end())),
            _ => {}
        }
    }
    (line, None)
}

/// What kind of block the line opens, if any.
fn opens_block(item: &Item) -> bool {
    matches!(
        item,
        Item::Report(_) | Item::Per(_) | Item::Invalid { opens_block: true }
    )
}

/// Parses one time expression on its own (`on 26 June (Wednesday)`, `from 5 to 9 August`),
/// as a claim's time qualifier is written; `None` unless all of `text` is one. Spans are
/// offsets into `text`. The model uses it to read a stated time again on an anchor found
/// later (a year inferred from evidence).
pub fn parse_time_expr(text: &str) -> Option<TimeExpr> {
    let cx = Cx {
        src: text,
        opts: ParseOptions::default(),
    };
    match cx.time_expr(text) {
        Ok((rest, t)) if rest.trim().is_empty() => Some(t),
        _ => None,
    }
}

/// Parses a whole file. Never fails: problems come back as diagnostics, and every line that
/// parsed is in the document.
pub fn parse(src: &str, file: FileId) -> (Document<'_>, Vec<Diagnostic>) {
    parse_with(src, file, ParseOptions::default())
}

/// [`parse`] with the project's choices (`date-order` for numeric dates).
pub fn parse_with(src: &str, file: FileId, opts: ParseOptions) -> (Document<'_>, Vec<Diagnostic>) {
    let (doc, diags, _) = parse_lines(src, file, opts, false);
    (doc, diags)
}

/// The top-level lines of a file only — declarations and `report` lines, as [`parse_with`]
/// reads them — and the number of claim lines (lines inside a block that start with a
/// claim's keyword, whether they parse or not: at least the claims a whole reading finds).
/// What is inside a block is not read: this is the first of the two readings of a corpus
/// (see `pipeline`), which needs every file's declarations before any claim; on generated
/// corpora it takes a fifth to a sixth of the time of a whole reading. Its problems are
/// left to the whole reading, which meets them all.
pub fn parse_top_level(src: &str, file: FileId, opts: ParseOptions) -> (Document<'_>, usize) {
    let (doc, _, claims) = parse_lines(src, file, opts, true);
    (doc, claims)
}

/// The reading of a file, line by line; with `top_only`, indented lines are counted (the
/// claims among them) and skipped, keeping only what they do to the blocks.
fn parse_lines(
    src: &str,
    file: FileId,
    opts: ParseOptions,
    top_only: bool,
) -> (Document<'_>, Vec<Diagnostic>, usize) {
    let cx = Cx { src, opts };
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut errors = 0usize;
    let mut claims = 0usize;
    let mut lines = if top_only {
        Vec::new()
    } else {
        Vec::with_capacity(src.bytes().filter(|&b| b == b'\n').count() + 1)
    };
    // Indentation width of each open depth; levels[0] == 0.
    let mut levels: Vec<usize> = vec![0];
    let mut prev_opens = false;
    let mut tab_warned = false;
    let body = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut push = |diags: &mut Vec<Diagnostic>, d: Diagnostic| {
        if d.is_error() {
            errors += 1;
            if errors > MAX_ERRORS_PER_FILE {
                return;
            }
        }
        diags.push(d);
    };
    for raw in body.split_inclusive('\n') {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        let indent = &line[..indent_len];
        let (code, comment) = split_comment(&line[indent_len..]);
        let code = code.trim_end_matches([' ', '\t']);
        // A NUL in a comment loses nothing: said once for the line, and the line is read.
        if let Some(n) = comment.and_then(|c| c.find('\0').map(|n| cx.off(c) + n)) {
            push(
                &mut diags,
                Diagnostic::warning(
                    "nul",
                    file,
                    Span::new(n, n + 1),
                    "unexpected NUL byte in a comment",
                )
                .with_label("NUL byte")
                .with_help("the comment is kept; remove the byte"),
            );
        }
        if code.is_empty() {
            if top_only {
                continue;
            }
            lines.push(Line {
                depth: 0,
                span: Span::new(cx.off(code), cx.off(code)),
                item: Item::Blank,
                comment,
            });
            continue;
        }
        let width: usize = indent
            .chars()
            .map(|c| if c == '\t' { TAB_WIDTH } else { 1 })
            .sum();
        if indent.contains('\t') && !tab_warned {
            tab_warned = true;
            let at = cx.off(indent) + indent.find('\t').unwrap_or(0);
            push(&mut diags, Diagnostic::warning("tab", file, Span::new(at, at + 1), format!("tab in indentation: expected spaces, found a tab (counted as {TAB_WIDTH} columns)")).with_label("tab").with_help("`verify fmt` rewrites indentation with spaces"));
        }
        // Work out the block depth from the indentation.
        let top = *levels.last().unwrap_or(&0);
        let depth = if width > top {
            if prev_opens {
                levels.push(width);
            } else {
                push(&mut diags, Diagnostic::error("indent", file, cx.span(code).to(Span::new(cx.off(line), cx.off(line))), "unexpected indentation: only lines inside a `report` or a `per …:` block are indented").with_label("indented, but the line above opens no block"));
            }
            levels.len() - 1
        } else if let Some(k) = levels.iter().position(|&w| w == width) {
            levels.truncate(k + 1);
            k
        } else {
            let k = levels.iter().rposition(|&w| w < width).unwrap_or(0);
            levels.truncate(k + 1);
            push(
                &mut diags,
                Diagnostic::error(
                    "indent",
                    file,
                    Span::new(cx.off(line), cx.off(code)),
                    format!(
                        "inconsistent indentation: expected {} spaces, found {width}",
                        levels
                            .iter()
                            .map(|w| w.to_string())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                )
                .with_label("does not line up with any enclosing block"),
            );
            k
        };
        // A line that cannot be read keeps its place in the blocks (what is indented under
        // a `report` stays in it); one that opened a block has its lines skipped quietly.
        let opens = matches!(peek_word(code), "report" | "per");
        if top_only && depth > 0 {
            // Inside a block (an indented line that no block holds is read at depth 0, as
            // in a whole reading). For the lines below, it does what a whole reading would
            // do to the blocks: read or not, only a `per` (or a nested `report`) opens one.
            let w = peek_word(code);
            claims += usize::from(KINDS.iter().any(|k| k.keyword == w));
            prev_opens = opens;
            continue;
        }
        if line.len() > MAX_LINE_BYTES {
            let at = cx.off(line);
            push(
                &mut diags,
                Diagnostic::error(
                    "line-too-long",
                    file,
                    Span::new(at, at),
                    format!(
                        "line too long: expected at most {MAX_LINE_BYTES} bytes, found {}",
                        line.len()
                    ),
                )
                .with_help("split the line; a claims line holds one declaration or claim"),
            );
            lines.push(Line {
                depth: depth as u16,
                span: Span::new(at, at),
                item: Item::Invalid { opens_block: opens },
                comment: None,
            });
            prev_opens = opens;
            continue;
        }
        // A NUL in the code (one in the comment was said above).
        if let Some(n) = code.find('\0') {
            let at = cx.off(code) + n;
            push(
                &mut diags,
                Diagnostic::error(
                    "nul",
                    file,
                    Span::new(at, at + 1),
                    "unexpected NUL byte: expected text",
                )
                .with_label("NUL byte"),
            );
            lines.push(Line {
                depth: depth as u16,
                span: cx.span(code),
                item: Item::Invalid { opens_block: opens },
                comment: None,
            });
            prev_opens = opens;
            continue;
        }
        let item = match parse_line(&cx, code, depth) {
            Ok(item) => item,
            Err(e) => {
                push(&mut diags, to_diagnostic(&cx, file, code, e));
                let kw = peek_word(code);
                Item::Invalid {
                    opens_block: kw == "report" || kw == "per",
                }
            }
        };
        prev_opens = opens_block(&item);
        lines.push(Line {
            depth: depth as u16,
            span: cx.span(code),
            item,
            comment,
        });
    }
    if errors > MAX_ERRORS_PER_FILE {
        diags.push(Diagnostic::error(
            "too-many-errors",
            file,
            Span::default(),
            format!(
                "too many errors: {} more errors in this file not shown",
                errors - MAX_ERRORS_PER_FILE
            ),
        ));
    }
    (Document { lines }, diags, claims)
}

/// Parses the content of one line (indentation and comment removed) at block `depth`.
fn parse_line<'a>(cx: &Cx<'a>, code: &'a str, depth: usize) -> Result<Item<'a>, PErr<'a>> {
    let w = peek_word(code);
    let rest = &code[w.len()..];
    let kw_span = cx.span(&code[..w.len()]);
    let entity_kind = EntityKind::ALL
        .iter()
        .find(|(_, n)| *n == w)
        .map(|(k, _)| *k);
    let claim_kind = KINDS.iter().find(|k| k.keyword == w).map(|k| k.kind);
    let result = if depth == 0 {
        match (w, entity_kind) {
            ("outlet", _) => cx.outlet(rest).map(|(r, o)| (r, Item::Outlet(Box::new(o)))),
            ("report", _) => cx.report(rest).map(|(r, o)| (r, Item::Report(Box::new(o)))),
            (_, Some(k)) => cx
                .entity(k, kw_span, rest)
                .map(|(r, o)| (r, Item::Entity(Box::new(o)))),
            _ if claim_kind.is_some() || w == "per" => fail(
                code,
                w.len(),
                format!(
                    "`{w}` outside a report: expected a declaration or `report` at the top level"
                ),
                "belongs inside a report",
                Some("indent it under the `report` line it belongs to".to_owned()),
            ),
            _ => unknown_word(code, "a declaration", DECL_KEYWORDS),
        }
    } else {
        match (w, claim_kind) {
            ("per", _) => cx.per(rest).map(|(r, o)| (r, Item::Per(o))),
            (_, Some(k)) => cx.claim(k, kw_span, rest).map(|(r, o)| (r, Item::Claim(o))),
            ("report", _) => fail(
                code,
                w.len(),
                "nested `report`: expected a claim or `per` inside a report".to_owned(),
                "reports are not nested",
                Some("remove the indentation: each report starts at the top level".to_owned()),
            ),
            (_, _) if DECL_KEYWORDS.contains(&w) => fail(
                code,
                w.len(),
                format!("indented `{w}`: expected a claim or `per` inside a report"),
                "declarations go at the top level",
                Some("move the declaration to the top level (no indentation)".to_owned()),
            ),
            _ => {
                let block_keywords: Vec<&str> = std::iter::once("per")
                    .chain(KINDS.iter().map(|k| k.keyword))
                    .collect();
                unknown_word(code, "a claim or `per`", &block_keywords)
            }
        }
    };
    match result {
        Ok((r, item)) => {
            let r = sp(r);
            if r.is_empty() {
                Ok(item)
            } else {
                Err(PErr {
                    at: r,
                    len: peek_word(r).len().max(1),
                    what: What::Expected(Cow::Borrowed("end of line")),
                })
            }
        }
        Err(nom::Err::Error(e)) | Err(nom::Err::Failure(e)) => Err(e),
        Err(nom::Err::Incomplete(_)) => Err(PErr {
            at: "",
            len: 0,
            what: What::Expected(Cow::Borrowed("more input")),
        }),
    }
}

fn to_diagnostic<'a>(cx: &Cx<'a>, file: FileId, code: &'a str, e: PErr<'a>) -> Diagnostic {
    // `at` may be an empty slice not inside the source (from `Incomplete`): clamp to the line.
    let base = cx.src.as_ptr() as usize;
    let p = e.at.as_ptr() as usize;
    let at = if p >= base && p <= base + cx.src.len() {
        e.at
    } else {
        &code[code.len()..]
    };
    let start = cx.off(at).clamp(cx.off(code), cx.off(code) + code.len());
    let span = Span::new(start, (start + e.len).min(cx.off(code) + code.len()));
    match e.what {
        What::Expected(what) => {
            let found = describe_found(at);
            let mut d = Diagnostic::error(
                "syntax",
                file,
                span,
                format!("expected {what}, found {found}"),
            )
            .with_label(format!("expected {what}"));
            // A name that is close to a keyword gets a suggestion.
            let word = peek_word(at);
            if !word.is_empty() && what.contains('`') {
                let words: Vec<&str> = what.split('`').skip(1).step_by(2).collect();
                if let Some(m) = did_you_mean(word, words.iter().copied()) {
                    d = d.with_help(crate::diag::did_you_mean_help(m));
                }
            }
            d
        }
        What::Message {
            message,
            label,
            help,
            fix,
        } => {
            let mut d = Diagnostic::error("syntax", file, span, message).with_label(label);
            d.help = help;
            d.fixes.extend(fix.map(|f| *f));
            d
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_qualifier_or_unit_looks_like_a_month() {
        // The month parser skips its did-you-mean for qualifier keywords and units: that
        // must never lose a suggestion.
        for w in [
            "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
        ] {
            assert!(unit_by_name(w).is_some(), "{w} is a unit");
            assert_eq!(did_you_mean(w, calendar::MONTH_NAMES), None, "{w}");
        }
        for w in [
            "to", "in", "coming", "by", "with", "parties", "on", "from", "until", "lasting",
            "arriving", "signed", "status", "extends", "during", "after", "before", "topic",
            "note",
        ] {
            assert!(is_qualifier(w), "{w} is a qualifier");
            assert_eq!(did_you_mean(w, calendar::MONTH_NAMES), None, "{w}");
        }
    }

    use super::*;

    #[test]
    fn ids_made_from_names_parse() {
        for (name, id) in [
            ("Le Courrier de Dakar", "le-courrier-de-dakar"),
            ("24 Heures", "outlet-24-heures"),
            ("İstanbul", "i-stanbul"),
            ("«  »", "outlet"),
            ("الناظور24", "الناظور24"),
        ] {
            let made = id_from_name(name, "outlet");
            assert_eq!(made, id);
            assert!(is_identifier(&made), "{made}");
        }
        assert!(!is_identifier("abc-") && !is_identifier("9lives") && is_identifier("ap-2022"));
    }

    #[test]
    fn the_qualifier_match_agrees_with_the_list() {
        for w in QUALIFIER_KEYWORDS {
            assert!(is_qualifier(w), "{w}");
        }
        for w in ["To", "t", "tox", "", "visit", "per", "parties2"] {
            assert!(!is_qualifier(w), "{w}");
        }
    }

    #[test]
    fn words_end_where_letters_end_in_any_script() {
        assert_eq!(peek_word("  hammouchi, x"), "hammouchi");
        assert_eq!(peek_word("ap-2022."), "ap-2022");
        assert_eq!(peek_word("Céline x"), "Céline");
        assert_eq!(peek_word("حموشي x"), "حموشي");
        assert_eq!(peek_word("\"q\""), "");
    }
}
