//! Date ranges as articles write them but the claims language does not — `26 to 28 June
//! 2024`, `26 and 27 June`, `26 June-28 June`, `30 June-2 July 2024` after `on` — recognised
//! so that the parser can offer their canonical form as a fix (`verify fmt --fix` applies
//! it). Only readings with one meaning are rewritten: two days joined by `and` only when
//! they are consecutive; a year written once at the end applies to both ends, the start in
//! the year before when its month comes later (`30 December-2 January 2025`).

use crate::calendar::{days_in_month, month_by_prefix, month_name};

/// One word of a date: a number, a month, a connector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Num(u32),
    Month(u32),
    To,
    And,
    Dash,
}

/// Reads `text` (what follows `on `) for a journalist's range: the number of bytes it spans
/// and the time expression to write instead (`on 26..28 June 2024`, `from 30 June 2024 to
/// 2 July 2024`). `None` when it is not one (including every form the language accepts).
pub fn range(text: &str) -> Option<(usize, String)> {
    // Every form starts with a day number; most dates the parser reads do not have a second
    // one after `to`, `and` or a dash, and are turned away before any tokens are made.
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let toks = tokens(text, 6);
    let (d1, m1, rest) = match toks.as_slice() {
        [(Tok::Num(d), _), (Tok::Month(m), _), rest @ ..] => (*d, Some(*m), rest),
        [(Tok::Num(d), _), rest @ ..] => (*d, None, rest),
        _ => return None,
    };
    let [(join, _), (Tok::Num(d2), _), (Tok::Month(m2), end2), rest @ ..] = rest else {
        return None;
    };
    let (d2, m2) = (*d2, *m2);
    let (year, end) = match rest.first() {
        Some((Tok::Num(y), e)) if (1000..=9999).contains(y) => (Some(*y as i32), *e),
        _ => (None, *end2),
    };
    // `26-28 June` is the language's own; a dash matters only after a month.
    match (join, m1) {
        (Tok::Dash, None) | (Tok::Month(_) | Tok::Num(_), _) => return None,
        _ => {}
    }
    let m1 = m1.unwrap_or(m2);
    let ok = |d: u32, m: u32, y: Option<i32>| d >= 1 && d <= days_in_month(y.unwrap_or(2024), m);
    let y1 = year.map(|y| if m1 > m2 { y - 1 } else { y });
    if !ok(d1, m1, y1) || !ok(d2, m2, year) {
        return None;
    }
    let year_text = |y: Option<i32>| y.map(|y| format!(" {y}")).unwrap_or_default();
    let canonical = if m1 == m2 {
        let consecutive = d2 == d1 + 1;
        if d2 <= d1 || (*join == Tok::And && !consecutive) {
            return None;
        }
        format!("on {d1}..{d2} {}{}", month_name(m2), year_text(year))
    } else {
        if *join == Tok::And {
            return None;
        }
        format!(
            "from {d1} {}{} to {d2} {}{}",
            month_name(m1),
            year_text(y1),
            month_name(m2),
            year_text(year)
        )
    };
    // A weekday or a time of day written after it belongs to one day, which a range of days
    // cannot carry: no canonical form to offer.
    let rest = text[end..].trim_start();
    if rest.starts_with('(')
        || rest.starts_with(|c: char| c.is_ascii_digit())
        || rest.starts_with("at ")
    {
        return None;
    }
    Some((end, canonical))
}

/// Up to `max` tokens of `text`, each with the byte offset where it ends; stops at the
/// first word that is none of them.
fn tokens(text: &str, max: usize) -> Vec<(Tok, usize)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while out.len() < max {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        let tok = if b[i].is_ascii_digit() {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            // A comma after a day or a year, as in `June 26, 2024`.
            let n = text[start..i].parse().ok();
            if i < b.len() && b[i] == b',' {
                i += 1;
            }
            match n {
                Some(n) => Tok::Num(n),
                None => break,
            }
        } else if b[i] == b'-' {
            i += 1;
            Tok::Dash
        } else if text[i..].starts_with('–') {
            i += '–'.len_utf8();
            Tok::Dash
        } else if b[i].is_ascii_alphabetic() {
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            // (No copy: this runs on every `on` date the parser reads.)
            let w = &text[start..i];
            if w.eq_ignore_ascii_case("to") {
                Tok::To
            } else if w.eq_ignore_ascii_case("and") {
                Tok::And
            } else if w.len() >= 3 {
                match month_by_prefix(w) {
                    Some(m) => Tok::Month(m),
                    None => break,
                }
            } else {
                break;
            }
        } else {
            break;
        };
        out.push((tok, i));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> Option<String> {
        range(s).map(|(n, c)| format!("{c}|{}", &s[n..]))
    }

    #[test]
    fn journalist_ranges_in_canonical_form() {
        assert_eq!(
            fixed("26 to 28 June 2024 topic x").as_deref(),
            Some("on 26..28 June 2024| topic x")
        );
        assert_eq!(fixed("26 and 27 June").as_deref(), Some("on 26..27 June|"));
        assert_eq!(
            fixed("26 June-28 June 2024").as_deref(),
            Some("on 26..28 June 2024|")
        );
        assert_eq!(
            fixed("26 June – 28 June").as_deref(),
            Some("on 26..28 June|")
        );
        assert_eq!(
            fixed("30 June-2 July 2024").as_deref(),
            Some("from 30 June 2024 to 2 July 2024|")
        );
        assert_eq!(
            fixed("30 December to 2 January 2025").as_deref(),
            Some("from 30 December 2024 to 2 January 2025|")
        );
        assert_eq!(
            fixed("30 June to 2 July").as_deref(),
            Some("from 30 June to 2 July|")
        );
    }

    #[test]
    fn only_one_reading_is_rewritten() {
        // The language's own forms.
        assert_eq!(range("26-28 June 2024"), None);
        assert_eq!(range("26 June 2024"), None);
        // Two days that are not consecutive are two days, not a range.
        assert_eq!(range("26 and 28 June"), None);
        // Backwards, or days that do not exist.
        assert_eq!(range("28 to 26 June"), None);
        assert_eq!(range("30 to 31 June"), None);
        assert_eq!(range("26 to 28"), None);
        // A weekday or a time after it would belong to one day of the range.
        assert_eq!(range("26 to 28 June 2024 (Wednesday)"), None);
        assert_eq!(range("26 to 28 June 2024 17:00"), None);
    }
}
