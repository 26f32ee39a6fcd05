//! The temporal expressions of a sentence, each with its span in the article and its value:
//! the expression as the claims language writes it, canonical (`2024-06-26`, `26 June`,
//! `from 26 to 28 June`, `26..28 June 2024`, `last Wednesday evening`, `end of this year`,
//! `2 days`). Dates are put together from the language's month, weekday and filler words
//! (its data file); every date value is read back by the claims parser and printed by its
//! formatter, so a value is always valid claims text.

use std::ops::Range;

use super::lang::Lang;
use super::lex::{any_at, one_of, Kind, Token};
use crate::calendar::{days_in_month, month_name, weekday_name};
use crate::syntax::DateOrder;

/// What sort of expression was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeKind {
    Date,
    Range,
    Weekday,
    Relative,
    Duration,
}

impl TimeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TimeKind::Date => "date",
            TimeKind::Range => "range",
            TimeKind::Weekday => "weekday",
            TimeKind::Relative => "relative",
            TimeKind::Duration => "duration",
        }
    }
}

/// One temporal expression found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Bytes of the article.
    pub span: Range<usize>,
    /// How the claims language writes it (after `on`, or a whole `from … to …`, or what
    /// follows `lasting`).
    pub value: String,
    pub kind: TimeKind,
}

/// A date as read: any part may be missing.
#[derive(Clone, Copy, Debug, Default)]
struct Parts {
    d: Option<u32>,
    m: Option<u32>,
    y: Option<i32>,
    weekday: Option<u32>,
    time: Option<&'static str>,
    /// `early`, `mid`, `late`: a third of the month or year.
    third: Option<&'static str>,
    clock: Option<(u32, u32)>,
}

impl Parts {
    /// The point as the claims language writes it before canonical formatting.
    fn point(&self) -> Option<String> {
        let mut s = match (self.d, self.m, self.y) {
            (Some(d), Some(m), Some(y)) => format!("{d} {} {y}", month_name(m)),
            (Some(d), Some(m), None) => format!("{d} {}", month_name(m)),
            (None, Some(m), Some(y)) => format!("{} {y}", month_name(m)),
            (None, Some(m), None) => month_name(m).to_owned(),
            (None, None, Some(y)) => y.to_string(),
            _ => return None,
        };
        if let Some(t) = self.third {
            if self.d.is_some() {
                return None;
            }
            s = format!("{t} {s}");
        }
        if let Some(w) = self.weekday {
            s.push_str(&format!(" ({})", weekday_name(weekday(w))));
        }
        if let Some((h, m)) = self.clock {
            s.push_str(&format!(" {h:02}:{m:02}"));
        } else if let Some(t) = self.time {
            s.push(' ');
            s.push_str(t);
        }
        Some(s)
    }

    /// A whole date, if it is one on the calendar.
    fn day(d: u32, m: u32, y: i32) -> Option<Parts> {
        let p = Parts {
            d: Some(d),
            m: Some(m),
            y: Some(y),
            ..Parts::default()
        };
        p.valid().then_some(p)
    }

    fn valid(&self) -> bool {
        match (self.d, self.m) {
            (Some(d), Some(m)) => d >= 1 && d <= days_in_month(self.y.unwrap_or(2024), m),
            (None, Some(m)) => (1..=12).contains(&m),
            _ => true,
        }
    }
}

fn weekday(n: u32) -> chrono::Weekday {
    chrono::Weekday::try_from(n as u8).unwrap_or(chrono::Weekday::Mon)
}

/// `on …` or `from …` text in canonical form, without a leading `on `; `None` when the
/// claims language does not read it.
pub fn canonical(expr: &str) -> Option<String> {
    let t = crate::syntax::parser::parse_time_expr(expr)?;
    let mut out = String::new();
    crate::syntax::format::time(&mut out, &t);
    Some(out.strip_prefix("on ").map(str::to_owned).unwrap_or(out))
}

struct Scanner<'a> {
    toks: &'a [Token],
    lang: &'a Lang,
    order: DateOrder,
}

impl Scanner<'_> {
    fn num(&self, i: usize) -> Option<(u32, u8)> {
        self.toks.get(i).and_then(Token::num)
    }

    /// A day number (with its ordinal suffix: `1st`, `1er`): (day, tokens).
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        let (d, digits) = self.num(i)?;
        if !(1..=31).contains(&d) || digits > 2 {
            return None;
        }
        // An ordinal written against the number.
        if let Some(t) = self.toks.get(i + 1) {
            if let Some(w) = t.word() {
                if t.span.start == self.toks[i].span.end
                    && self.lang.ordinals.iter().any(|o| o == w)
                {
                    return Some((d, 2));
                }
            }
        }
        Some((d, 1))
    }

    fn month(&self, i: usize) -> Option<(u32, usize)> {
        let (n, m) = any_at(self.toks, i, &self.lang.months)?;
        // `Sept.`, `Nov.`: the abbreviation's point (not a sentence's after `September`).
        let dot = n == 1
            && self.toks[i].span.len() <= 4
            && self
                .toks
                .get(i + n)
                .is_some_and(|t| t.is_punct('.') && t.span.start == self.toks[i + n - 1].span.end);
        Some((*m, n + usize::from(dot)))
    }

    /// A four-digit year, after an optional comma: (year, tokens).
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let comma = usize::from(
            self.toks
                .get(i)
                .is_some_and(|t| t.is_punct(',') || t.is_punct('،')),
        );
        let (y, digits) = self.num(i + comma)?;
        (digits == 4 && (1900..=2100).contains(&y)).then_some((y as i32, comma + 1))
    }

    fn weekday(&self, i: usize) -> Option<(u32, usize)> {
        any_at(self.toks, i, &self.lang.weekdays).map(|(n, w)| (*w, n))
    }

    fn fillers(&self, mut i: usize) -> usize {
        let start = i;
        while let Some(n) = one_of(self.toks, i, &self.lang.date_fillers) {
            i += n;
            if i - start > 3 {
                break;
            }
        }
        i - start
    }

    /// Words after a month meaning "this year" or "coming", kept in the span.
    fn current(&self, i: usize) -> usize {
        one_of(self.toks, i, &self.lang.month_current).unwrap_or(0)
    }

    fn time_of_day(&self, i: usize) -> Option<(&'static str, usize)> {
        let (n, t) = any_at(self.toks, i, &self.lang.times)?;
        let t: &'static str = match t.as_str() {
            "morning" => "morning",
            "noon" => "noon",
            "afternoon" => "afternoon",
            "evening" => "evening",
            _ => "night",
        };
        Some((t, n))
    }

    /// A date from token `i`: day-first, month-first, month and year, numeric, ISO. Returns
    /// the parts and the tokens read.
    fn date(&self, i: usize) -> Option<(Parts, usize)> {
        self.date_with(i, false)
    }

    /// A clock time: `17:20`, `17h20`, `17h`: ((hour, minute), tokens).
    fn clock(&self, i: usize) -> Option<((u32, u32), usize)> {
        let (h, hd) = self.num(i)?;
        if h > 23 || hd > 2 {
            return None;
        }
        let sep = self.toks.get(i + 1)?;
        // `17:20`, `10.30am`, `17h20`, `19 h 30`, `10 h`, `2 p.m.`, `10am`.
        let (mut h, mut m, mut n) = match &sep.kind {
            Kind::Punct(':' | '.') => {
                let (m, md) = self.num(i + 2)?;
                if m >= 60 || md != 2 {
                    return None;
                }
                // `10.30` is a time only with am/pm after it.
                if sep.is_punct('.') && self.meridiem(i + 3).is_none() {
                    return None;
                }
                (h, m, 3)
            }
            Kind::Word(w) if w == "h" => match self.num(i + 2) {
                Some((m, 2)) if m < 60 => (h, m, 3),
                _ => (h, 0, 2),
            },
            _ => (h, 0, 1),
        };
        match self.meridiem(i + n) {
            Some((pm, k)) => {
                if h == 0 || h > 12 {
                    return None;
                }
                h = match (pm, h) {
                    (true, 12) => 12,
                    (true, h) => h + 12,
                    (false, 12) => 0,
                    (false, h) => h,
                };
                n += k;
            }
            None if n == 1 => return None,
            None => {}
        }
        if m >= 60 {
            m = 0;
        }
        Some(((h, m), n))
    }

    /// `am`, `pm`, `a.m.`, `p.m.`: (afternoon, tokens).
    fn meridiem(&self, i: usize) -> Option<(bool, usize)> {
        let w = self.toks.get(i)?.word()?;
        match w {
            "am" | "pm" => Some((w == "pm", 1)),
            "a" | "p"
                if self.toks.get(i + 1)?.is_punct('.')
                    && self.toks.get(i + 2)?.word() == Some("m") =>
            {
                let dot = self.toks.get(i + 3).is_some_and(|t| t.is_punct('.'));
                Some((w == "p", 3 + usize::from(dot)))
            }
            _ => None,
        }
    }

    /// A clock time after a date, with the words before it: `at 17:20`, `à 17h20`.
    fn clock_after(&self, i: usize) -> Option<((u32, u32), usize)> {
        // `Sept. 30, at 2 p.m.`
        let comma = usize::from(self.toks.get(i).is_some_and(|t| t.is_punct(',')));
        let i = i + comma;
        let b = comma + one_of(self.toks, i, &self.lang.clock_before).unwrap_or(0);
        let i = i - comma;
        let (c, n) = self.clock(i + b)?;
        Some((c, b + n))
    }

    /// [`Scanner::date`]; `month_alone` accepts a month with no day or year (after `in`,
    /// `في`, or before `الجاري`).
    fn date_with(&self, i: usize, month_alone: bool) -> Option<(Parts, usize)> {
        // `mi-mai`: one word.
        if let Some(rest) = self
            .toks
            .get(i)
            .and_then(Token::word)
            .and_then(|w| w.strip_prefix("mi-"))
        {
            if let Some((_, m)) = self
                .lang
                .months
                .iter()
                .find(|(p, _)| p.len() == 1 && p[0] == rest)
            {
                let mut p = Parts {
                    m: Some(*m),
                    third: Some("mid"),
                    ..Parts::default()
                };
                let mut n = 1;
                if let Some((y, k)) = self.year(i + 1) {
                    p.y = Some(y);
                    n += k;
                }
                return Some((p, n));
            }
        }
        // `early July`, `mid 2026`, `منتصف عام ٢٠٢٦`.
        if let Some((n, t)) = any_at(self.toks, i, &self.lang.thirds) {
            let mut at = i + n;
            if self.toks.get(at).is_some_and(|t| t.is_punct('-')) {
                at += 1;
            }
            at += one_of(self.toks, at, &self.lang.year_before)
                .or_else(|| one_of(self.toks, at, &self.lang.date_fillers))
                .unwrap_or(0);
            if let Some((mut p, k)) = self.date_with(at, true) {
                if p.d.is_none() {
                    p.third = Some(t);
                    return Some((p, at - i + k));
                }
            }
            if let Some((y, k)) = self.year(at) {
                let p = Parts {
                    y: Some(y),
                    third: Some(t),
                    ..Parts::default()
                };
                return Some((p, at - i + k));
            }
            return None;
        }
        let mut p = Parts::default();
        // `26 June 2024`, `26 juin`, `1er juillet`, `26 de junio`.
        if let Some((d, n)) = self.day(i) {
            let f = self.fillers(i + n).min(1);
            if let Some((m, k)) = self.month(i + n + f) {
                p.d = Some(d);
                p.m = Some(m);
                let mut used = n + f + k;
                if let Some((y, k)) = self.year(i + used) {
                    p.y = Some(y);
                    used += k;
                }
                used += self.current(i + used);
                return Some((p, used));
            }
            // Numeric: 26/06/2024, 06/26/2024, 26.06.2024.
            if let Some(v) = self.numeric(i) {
                return Some(v);
            }
            return None;
        }
        // `June 26, 2024`, `June 2024`, `2024-06-26`.
        if let Some((m, n)) = self.month(i) {
            p.m = Some(m);
            if let Some((d, k)) = self.day(i + n) {
                if let Some((y, j)) = self.year(i + n + k) {
                    p.d = Some(d);
                    p.y = Some(y);
                    return Some((p, n + k + j));
                }
                // `June 26` without a year, English only (elsewhere a day follows a month
                // only in a list).
                if self.lang.code == super::lang::Code::En {
                    p.d = Some(d);
                    return Some((p, n + k));
                }
            }
            if let Some((y, k)) = self.year(i + n) {
                p.y = Some(y);
                return Some((p, n + k + self.current(i + n + k)));
            }
            // A month alone: `غشت الماضي`, `en octobre`.
            let c = self.current(i + n);
            if c > 0 || month_alone {
                return Some((p, n + c));
            }
            return None;
        }
        self.iso(i)
    }

    fn numeric(&self, i: usize) -> Option<(Parts, usize)> {
        let sep = self.toks.get(i + 1)?;
        let s = match sep.kind {
            Kind::Punct(c @ ('/' | '.' | '-')) => c,
            _ => return None,
        };
        let (a, _) = self.num(i)?;
        let (b, _) = self.num(i + 2)?;
        if !self.toks.get(i + 3)?.is_punct(s) {
            return None;
        }
        let (y, digits) = self.num(i + 4)?;
        if digits != 4 {
            return None;
        }
        let (d, m) = match self.order {
            DateOrder::Dmy => (a, b),
            DateOrder::Mdy => (b, a),
            // Not set: only a reading where one number cannot be a month.
            DateOrder::Unset if a > 12 && b <= 12 => (a, b),
            DateOrder::Unset if b > 12 && a <= 12 => (b, a),
            DateOrder::Unset => return None,
        };
        Parts::day(d, m, y as i32).map(|p| (p, 5))
    }

    fn iso(&self, i: usize) -> Option<(Parts, usize)> {
        let (y, digits) = self.num(i)?;
        if digits != 4
            || !self.toks.get(i + 1)?.is_punct('-')
            || !self.toks.get(i + 3)?.is_punct('-')
        {
            return None;
        }
        let (m, md) = self.num(i + 2)?;
        let (d, dd) = self.num(i + 4)?;
        if md != 2 || dd != 2 {
            return None;
        }
        Parts::day(d, m, y as i32).map(|p| (p, 5))
    }

    /// A range: `from 26 to 28 June`, `du 26 au 28 juin`, `من 26 إلى 28 يونيو`,
    /// `بين 26 يوليوز و11 غشت`, `26-28 June 2024`.
    fn range(&self, i: usize) -> Option<(String, usize)> {
        // `2025-2026`: a range of years.
        if let (Some((y1, 4)), Some(dash), Some((y2, 4))) =
            (self.num(i), self.toks.get(i + 1), self.num(i + 2))
        {
            if matches!(dash.kind, Kind::Punct('-' | '–' | '/'))
                && y2 > y1
                && y2 - y1 <= 10
                && (1900..=2100).contains(&y1)
            {
                return canonical(&format!("from {y1} to {y2}")).map(|v| (v, 3));
            }
        }
        // `Dec. 4-5`, `December 4-5, 2025`: a month, then a range of days.
        if let Some((m, n)) = self.month(i) {
            let (d1, k1) = self.day(i + n)?;
            let dash = self.toks.get(i + n + k1)?;
            if !matches!(dash.kind, Kind::Punct('-' | '–')) {
                return None;
            }
            let (d2, k2) = self.day(i + n + k1 + 1)?;
            let mut used = n + k1 + 1 + k2;
            let first = Parts {
                d: Some(d1),
                ..Parts::default()
            };
            let mut second = Parts {
                d: Some(d2),
                m: Some(m),
                ..Parts::default()
            };
            if let Some((y, k)) = self.year(i + used) {
                second.y = Some(y);
                used += k;
            }
            return self.range_value(first, second, true).map(|v| (v, used));
        }
        if let Some(f) = one_of(self.toks, i, &self.lang.range_from) {
            // `du lundi 3 au jeudi 6 mars 2025`: a weekday with each end.
            if let Some((w1, n1)) = self.weekday(i + f) {
                let (d1, k1) = self.day(i + f + n1)?;
                let mut at = i + f + n1 + k1;
                let t = one_of(self.toks, at, &self.lang.range_to)?;
                at += t;
                let (w2, n2) = self.weekday(at)?;
                let (mut b, k2) = self.date(at + n2)?;
                b.d?;
                let m = b.m?;
                let mut a = Parts {
                    d: Some(d1),
                    m: Some(m),
                    y: b.y,
                    weekday: Some(w1),
                    ..Parts::default()
                };
                if !a.valid() || a.d >= b.d {
                    return None;
                }
                b.weekday = Some(w2);
                a.y = b.y;
                let v = canonical(&format!("from {} to {}", a.point()?, b.point()?))?;
                return Some((v, at + n2 + k2 - i));
            }
            // `من أكتوبر 2024 إلى دجنبر 2025`: whole dates at both ends.
            if self.day(i + f).is_none() {
                let (a, n1) = self.date(i + f)?;
                let t = one_of(self.toks, i + f + n1, &self.lang.range_to)?;
                let (b, n2) = self.date(i + f + n1 + t)?;
                if a.d.is_some() || b.d.is_some() || a.y.is_none() || b.y.is_none() {
                    return None;
                }
                let v = canonical(&format!("from {} to {}", a.point()?, b.point()?))?;
                return Some((v, f + n1 + t + n2));
            }
            let (d1, n1) = self.day(i + f)?;
            let mut at = i + f + n1;
            let mut first = Parts {
                d: Some(d1),
                ..Parts::default()
            };
            if let Some((m, k)) = self.month(at) {
                first.m = Some(m);
                at += k;
                if let Some((y, k)) = self.year(at) {
                    first.y = Some(y);
                    at += k;
                }
            }
            let t = one_of(self.toks, at, &self.lang.range_to)?;
            at += t;
            let (second, k) = self.date(at)?;
            second.d?;
            at += k;
            return self.range_value(first, second, false).map(|v| (v, at - i));
        }
        // `26-28 June 2024`
        let (d1, n1) = self.day(i)?;
        let dash = self.toks.get(i + n1)?;
        if !matches!(dash.kind, Kind::Punct('-' | '–')) {
            return None;
        }
        let (second, k) = self.date(i + n1 + 1)?;
        second.d?;
        let first = Parts {
            d: Some(d1),
            ..Parts::default()
        };
        self.range_value(first, second, true)
            .map(|v| (v, n1 + 1 + k))
    }

    fn range_value(&self, mut a: Parts, b: Parts, dash: bool) -> Option<String> {
        let (d2, m2) = (b.d?, b.m?);
        let m1 = a.m.unwrap_or(m2);
        // A year written once, at the end, is the year of both ends (the start's a year
        // earlier when its month comes later).
        let y1 = a.y.or(b.y.map(|y| if m1 > m2 { y - 1 } else { y }));
        a.m = Some(m1);
        a.y = y1;
        if !a.valid() || !b.valid() {
            return None;
        }
        let expr = if m1 == m2 && a.y == b.y {
            let d1 = a.d?;
            if d2 <= d1 {
                return None;
            }
            let year = b.y.map(|y| format!(" {y}")).unwrap_or_default();
            if dash {
                format!("on {d1}..{d2} {}{year}", month_name(m2))
            } else {
                format!("from {d1} to {d2} {}{year}", month_name(m2))
            }
        } else {
            format!("from {} to {}", a.point()?, b.point()?)
        };
        canonical(&expr)
    }

    /// `last Wednesday`, `mercredi dernier`, `الأربعاء الماضي`, a bare `Wednesday`, with
    /// a time of day before or after.
    fn weekday_expr(&self, i: usize) -> Option<(String, usize)> {
        let mut at = i;
        let mut which = "";
        if self.lang.modifier_before {
            if let Some(n) = one_of(self.toks, at, &self.lang.weekday_last) {
                which = "last ";
                at += n;
            } else if let Some(n) = one_of(self.toks, at, &self.lang.weekday_next) {
                which = "next ";
                at += n;
            }
        }
        let (w, n) = self.weekday(at)?;
        at += n;
        if !self.lang.modifier_before {
            if let Some(n) = one_of(self.toks, at, &self.lang.weekday_last) {
                which = "last ";
                at += n;
            } else if let Some(n) = one_of(self.toks, at, &self.lang.weekday_next) {
                which = "next ";
                at += n;
            }
        }
        let mut value = format!("{which}{}", weekday_name(weekday(w)));
        if let Some((t, n)) = self.time_of_day(at) {
            value = format!("{value} {t}");
            at += n;
        }
        Some((value, at - i))
    }

    fn duration(&self, i: usize) -> Option<(String, usize)> {
        if let Some((n, v)) = any_at(self.toks, i, &self.lang.duration_words) {
            return Some((v.clone(), n));
        }
        let (count, n) = match self.num(i) {
            Some((c, _)) => (c, 1),
            None => {
                let (n, c) = any_at(self.toks, i, &self.lang.numbers)?;
                (*c, n)
            }
        };
        // `40-hour`: the number joined to its unit.
        let dash = usize::from(
            self.toks
                .get(i + n)
                .is_some_and(|t| t.is_punct('-') && t.span.start == self.toks[i + n - 1].span.end),
        );
        let (k, unit) = any_at(self.toks, i + n + dash, &self.lang.units)?;
        let k = k + dash;
        if count == 0 || count > 1000 {
            return None;
        }
        use crate::syntax::Unit;
        let unit = match *unit {
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            _ => Unit::Year,
        }
        .as_str(count);
        Some((format!("{count} {unit}"), n + k))
    }

    /// `2018 and 2022`: the years joined to the one just found, from token `i`; where the
    /// scan goes on.
    fn more_years(&self, mut i: usize, out: &mut Vec<Found>) -> usize {
        while let Some(k) = one_of(self.toks, i, &self.lang.range_to) {
            let Some((y, n)) = self.year(i + k) else {
                break;
            };
            out.push(Found {
                span: self.toks[i + k].span.start..self.toks[i + k + n - 1].span.end,
                value: y.to_string(),
                kind: TimeKind::Date,
            });
            i += k + n;
        }
        i
    }

    /// `in 2018`, `عام 2016`, and a year joined to one just found (`2018 and 2022`).
    fn year_expr(&self, i: usize) -> Option<(String, usize)> {
        let b = one_of(self.toks, i, &self.lang.year_before)?;
        let (y, n) = self.year(i + b)?;
        Some((y.to_string(), b + n))
    }
}

/// Every temporal expression of `toks` (one sentence).
pub fn find(toks: &[Token], lang: &Lang, order: DateOrder) -> Vec<Found> {
    let s = Scanner { toks, lang, order };
    // A sentence about what will happen: a bare weekday in it is the next one (`will leave on
    // Sunday`, `attendue à Douala mardi`), not the last one on or before the date.
    let future = (0..toks.len()).any(|k| one_of(toks, k, &lang.future).is_some());
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let span = |n: usize| toks[i].span.start..toks[i + n - 1].span.end;
        // A time of day before its date: `in the evening of 26 June`, `مساء يوم الأربعاء`;
        // or a clock time: `عند الساعة 17:20 من يوم الأحد 25 حزيران 2023`.
        let (mut tod, mut clock, mut lead) = (None, None, 0);
        if let Some((t, n)) = s.time_of_day(i) {
            tod = Some(t);
            lead = n + s.fillers(i + n);
        } else if let Some(b) = one_of(toks, i, &lang.clock_before) {
            if let Some((c, n)) = s.clock(i + b) {
                clock = Some(c);
                lead = b + n + s.fillers(i + b + n);
            }
        } else if let Some((c, n)) = s.clock(i).filter(|(_, n)| *n > 1) {
            // `10.30am on Thursday`: a clock time before its day.
            let f = n + s.fillers(i + n) + one_of(toks, i + n, &lang.clock_before).unwrap_or(0);
            if s.weekday(i + f).is_some() || s.date(i + f).is_some() {
                clock = Some(c);
                lead = f;
            }
        }
        let j = i + lead;
        // A month alone after `in`, `en`, `في` (the word itself is not part of the date).
        if lead == 0 {
            if let Some(b) = one_of(toks, i, &lang.month_before) {
                if let Some((p, n)) = s.date_with(i + b, true) {
                    if p.d.is_none() && p.y.is_none() && p.m.is_some() {
                        if let Some(v) = p.point().and_then(|e| canonical(&format!("on {e}"))) {
                            out.push(Found {
                                span: toks[i + b].span.start..toks[i + b + n - 1].span.end,
                                value: v,
                                kind: TimeKind::Date,
                            });
                            i += b + n;
                            continue;
                        }
                    }
                }
            }
        }
        if let Some((v, n)) = s.range(j) {
            out.push(Found {
                span: span(lead + n),
                value: v,
                kind: TimeKind::Range,
            });
            i += lead + n;
            continue;
        }
        // A weekday written with its date: `Wednesday 26 June`, `mercredi 26 juin`.
        let (wd, wn) = match s.weekday(j) {
            Some((w, n)) => {
                let f = n + usize::from(
                    toks.get(j + n)
                        .is_some_and(|t| t.is_punct(',') || t.is_punct('،')),
                );
                (Some(w), f + s.fillers(j + f))
            }
            None => (None, 0),
        };
        if let Some((mut p, n)) = s.date(j + wn).filter(|(p, _)| p.valid()) {
            p.weekday = wd.filter(|_| p.d.is_some());
            let mut used = lead + wn + n;
            p.time = tod;
            p.clock = clock;
            if p.time.is_none() && p.clock.is_none() && p.d.is_some() {
                if let Some((c, k)) = s.clock_after(i + used) {
                    p.clock = Some(c);
                    used += k;
                } else if let Some((t, k)) = s.time_of_day(i + used) {
                    p.time = Some(t);
                    used += k;
                }
            }
            if let Some(v) = p.point().and_then(|e| canonical(&format!("on {e}"))) {
                out.push(Found {
                    span: span(used),
                    value: v,
                    kind: TimeKind::Date,
                });
                i += used;
                if p.d.is_none() && p.m.is_none() {
                    i = s.more_years(i, &mut out);
                }
                continue;
            }
        }
        if let Some((v, mut n)) = s.weekday_expr(j) {
            let v = if future && !v.starts_with("last ") && !v.starts_with("next ") {
                format!("next {v}")
            } else {
                v
            };
            // `samedi à 19 h 30`, `10.30am on Thursday`: the clock time goes with the day.
            let clock = clock.or_else(|| {
                s.clock_after(j + n).map(|(c, k)| {
                    n += k;
                    c
                })
            });
            let v = match (clock, tod) {
                (Some((h, m)), _) => format!("{v} {h:02}:{m:02}"),
                (None, Some(t)) if !v.ends_with(t) => format!("{v} {t}"),
                _ => v,
            };
            if canonical(&format!("on {v}")).is_some() {
                out.push(Found {
                    span: span(lead + n),
                    value: v,
                    kind: TimeKind::Weekday,
                });
                i += lead + n;
                continue;
            }
        }
        // `late last year`, `أواخر العام الماضي`, `mid next year`.
        if let Some((t, third)) = any_at(toks, j, &lang.thirds) {
            if let Some((n, v)) = any_at(toks, j + t, &lang.relative) {
                let value = format!("{third} {v}");
                if canonical(&format!("on {value}")).is_some() {
                    out.push(Found {
                        span: toks[j].span.start..toks[j + t + n - 1].span.end,
                        value,
                        kind: TimeKind::Relative,
                    });
                    i = j + t + n;
                    continue;
                }
            }
        }
        // `two weeks ago`, `il y a trois ans`, `منذ أسبوعين`, `قبل ثمانية أشهر`.
        let ago = one_of(toks, i, &lang.ago_before).and_then(|b| {
            let (v, n) = s.duration(i + b)?;
            Some((v, b + n))
        });
        let ago = ago.or_else(|| {
            let (v, n) = s.duration(i)?;
            let a = one_of(toks, i + n, &lang.ago_after)?;
            Some((v, n + a))
        });
        if let Some((v, n)) = ago.filter(|(v, _)| canonical(&format!("on {v} ago")).is_some()) {
            out.push(Found {
                span: span(n),
                value: format!("{v} ago"),
                kind: TimeKind::Relative,
            });
            i += n;
            continue;
        }
        if let Some((n, v)) = any_at(toks, j, &lang.relative) {
            let mut value = v.clone();
            let mut used = lead + n;
            // A day named by its offset: its weekday and its time of day may be given
            // (`أمس الأربعاء`, `مساء أمس`, `yesterday evening`).
            if matches!(v.as_str(), "yesterday" | "today" | "tomorrow") {
                if let Some((w, k)) = s.weekday(i + used) {
                    value = format!("{value} ({})", weekday_name(weekday(w)));
                    used += k;
                }
                let t = tod.or_else(|| {
                    s.time_of_day(i + used).map(|(t, k)| {
                        used += k;
                        t
                    })
                });
                if let Some(t) = t {
                    value = format!("{value} {t}");
                }
            }
            // A time of day before anything but a day is not part of it.
            let from =
                if used > lead + n || matches!(v.as_str(), "yesterday" | "today" | "tomorrow") {
                    i
                } else {
                    used = n;
                    j
                };
            if canonical(&format!("on {value}")).is_some() {
                out.push(Found {
                    span: toks[from].span.start..toks[from + used - 1].span.end,
                    value,
                    kind: TimeKind::Relative,
                });
                i = from + used;
                continue;
            }
        }
        if let Some((v, n)) = s.duration(i) {
            out.push(Found {
                span: span(n),
                value: v,
                kind: TimeKind::Duration,
            });
            i += n;
            continue;
        }
        if let Some((v, n)) = s.year_expr(i) {
            // The span is the year itself, not the word before it.
            let b = n - 1;
            out.push(Found {
                span: toks[i + b].span.start..toks[i + n - 1].span.end,
                value: v,
                kind: TimeKind::Date,
            });
            i = s.more_years(i + n, &mut out);
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::lang::Code;

    fn found(code: Code, text: &str) -> Vec<(String, String)> {
        let toks = crate::draft::lex::tokens(text);
        find(&toks, Lang::get(code), DateOrder::Dmy)
            .into_iter()
            .map(|f| (text[f.span].to_owned(), f.value))
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn english() {
        assert_eq!(
            found(Code::En, "On Wednesday 26 June 2024 he arrived, and left on June 28, 2024 after two days; talks resume next week, by the end of the current year, from 26 to 28 June, 26-28 June 2024, last Wednesday in the evening, 26/06/2024, in 2018 and 2022."),
            pairs(&[
                ("Wednesday 26 June 2024", "2024-06-26 (Wednesday)"),
                ("June 28, 2024", "2024-06-28"),
                ("two days", "2 days"),
                ("next week", "next week"),
                ("the end of the current year", "end of this year"),
                ("from 26 to 28 June", "from 26 to 28 June"),
                ("26-28 June 2024", "26..28 June 2024"),
                ("last Wednesday in the evening", "last Wednesday evening"),
                ("26/06/2024", "2024-06-26"),
                ("2018", "2018"),
                ("2022", "2022"),
            ])
        );
    }

    #[test]
    fn french() {
        assert_eq!(
            found(Code::Fr, "Le mercredi 26 juin 2024, puis du 26 au 28 juin, le 1er juillet, mercredi dernier, la semaine dernière, pendant deux jours, fin de l'année en cours, en juin 2024."),
            pairs(&[
                ("mercredi 26 juin 2024", "2024-06-26 (Wednesday)"),
                ("du 26 au 28 juin", "from 26 to 28 June"),
                ("1er juillet", "1 July"),
                ("mercredi dernier", "last Wednesday"),
                ("la semaine dernière", "last week"),
                ("deux jours", "2 days"),
                ("fin de l'année en cours", "end of this year"),
                ("juin 2024", "2024-06"),
            ])
        );
    }

    #[test]
    fn arabic() {
        assert_eq!(
            found(Code::Ar, "خلال الفترة الممتدة من 26 إلى 28 يونيو الحالي، مساء يوم الأربعاء الماضي، في الفترة بين 26 يوليوز و11 غشت المقبلين، واستمرت ليومين، نهاية العام الجاري، في 2018 و2022، يوم ٢٦ حزيران ٢٠٢٤، 12 أغسطس 2024"),
            pairs(&[
                ("من 26 إلى 28 يونيو الحالي", "from 26 to 28 June"),
                ("مساء يوم الأربعاء الماضي", "last Wednesday evening"),
                ("بين 26 يوليوز و11 غشت المقبلين", "from 26 July to 11 August"),
                ("ليومين", "2 days"),
                ("نهاية العام الجاري", "end of this year"),
                ("2018", "2018"),
                ("2022", "2022"),
                ("٢٦ حزيران ٢٠٢٤", "2024-06-26"),
                ("12 أغسطس 2024", "2024-08-12"),
            ])
        );
    }
}
