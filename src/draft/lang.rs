//! The patterns of one language, read from its data file (`src/draft/lang/LL.toml`, built
//! into the binary): month and weekday names, relative expressions, durations, times of day,
//! attribution cues, debris, the words that suggest each claim kind. Everything a language
//! needs is data; the matching code is shared.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::lex::fold_word;

/// A language `verify draft` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    En,
    Fr,
    Ar,
}

impl Code {
    pub const ALL: [(Code, &'static str); 3] =
        [(Code::En, "en"), (Code::Fr, "fr"), (Code::Ar, "ar")];

    pub fn as_str(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("en", |(_, s)| s)
    }

    pub fn from_name(s: &str) -> Option<Code> {
        Self::ALL.iter().find(|(_, n)| *n == s).map(|(c, _)| *c)
    }

    fn source(self) -> &'static str {
        match self {
            Code::En => include_str!("lang/en.toml"),
            Code::Fr => include_str!("lang/fr.toml"),
            Code::Ar => include_str!("lang/ar.toml"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[allow(dead_code)]
    name: String,
    months: Vec<Vec<String>>,
    weekdays: Vec<Vec<String>>,
    weekday_last: Vec<String>,
    weekday_next: Vec<String>,
    weekday_modifier_position: String,
    future: Vec<String>,
    date_fillers: Vec<String>,
    ordinals: Vec<String>,
    range_from: Vec<String>,
    range_to: Vec<String>,
    month_current: Vec<String>,
    year_before: Vec<String>,
    month_before: Vec<String>,
    clock_before: Vec<String>,
    third_early: Vec<String>,
    third_mid: Vec<String>,
    third_late: Vec<String>,
    anaphora: Vec<String>,
    titles: Vec<String>,
    times: HashMap<String, String>,
    relative: HashMap<String, String>,
    numbers: HashMap<String, u32>,
    units: HashMap<String, Vec<String>>,
    duration: DurationFile,
    attribution: AttributionFile,
    debris: Vec<String>,
    kinds: HashMap<String, Vec<String>>,
    places: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DurationFile {
    before: Vec<String>,
    ago_before: Vec<String>,
    ago_after: Vec<String>,
    words: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttributionFile {
    before: Vec<String>,
    after: Vec<String>,
    verb_first: Vec<String>,
    relay: Vec<String>,
    credit: Vec<String>,
    descriptors: Vec<String>,
    pronouns: Vec<String>,
    relay_from: Vec<String>,
    name_stops: Vec<String>,
}

/// A phrase as folded words.
pub type Phrase = Vec<String>;

/// One language's patterns, folded and ready to match.
pub struct Lang {
    pub code: Code,
    /// (phrase, month 1–12), longest phrases first.
    pub months: Vec<(Phrase, u32)>,
    /// (phrase, weekday 0 = Monday).
    pub weekdays: Vec<(Phrase, u32)>,
    pub weekday_last: Vec<Phrase>,
    pub weekday_next: Vec<Phrase>,
    /// Words that put a sentence in the future (a bare weekday in it is the next one).
    pub future: Vec<Phrase>,
    /// Whether `last`/`next` stands before the weekday (English) or after it.
    pub modifier_before: bool,
    pub date_fillers: Vec<Phrase>,
    pub ordinals: Vec<String>,
    pub range_from: Vec<Phrase>,
    pub range_to: Vec<Phrase>,
    pub month_current: Vec<Phrase>,
    pub year_before: Vec<Phrase>,
    /// A month alone is a date after one of these.
    pub month_before: Vec<Phrase>,
    pub clock_before: Vec<Phrase>,
    /// (phrase, `early` | `mid` | `late`).
    pub thirds: Vec<(Phrase, &'static str)>,
    /// Words after a descriptor that point back to the outlet named before.
    pub anaphora: Vec<Phrase>,
    /// Words before a person's name.
    pub titles: Vec<Phrase>,
    pub times: Vec<(Phrase, String)>,
    pub relative: Vec<(Phrase, String)>,
    pub numbers: Vec<(Phrase, u32)>,
    /// (phrase, unit name as the claims language writes it in the singular).
    pub units: Vec<(Phrase, &'static str)>,
    pub duration_before: Vec<Phrase>,
    /// `il y a`, `منذ` before a duration, `ago` after it: a point in the past.
    pub ago_before: Vec<Phrase>,
    pub ago_after: Vec<Phrase>,
    pub duration_words: Vec<(Phrase, String)>,
    pub attr_before: Vec<Phrase>,
    pub attr_after: Vec<Phrase>,
    pub attr_verb_first: Vec<Phrase>,
    pub attr_relay: Vec<Phrase>,
    pub attr_credit: Vec<Phrase>,
    pub descriptors: Vec<Phrase>,
    /// Pronouns that stand for the outlet named last (`il ajoute`).
    pub pronouns: Vec<Phrase>,
    /// After an outlet named in a sentence, the outlet it took the story from (`عن`).
    pub relay_from: Vec<Phrase>,
    /// Words that end an outlet's name after its descriptor.
    pub name_stops: Vec<Phrase>,
    /// Lowercase substrings of a debris line.
    pub debris: Vec<String>,
    /// (kind keyword, cue phrases), in the order they are tried.
    pub kinds: Vec<(&'static str, Vec<Phrase>)>,
    pub place_to: Vec<Phrase>,
    pub place_in: Vec<Phrase>,
}

/// A phrase's words, folded as the text's words are.
pub fn phrase(s: &str) -> Phrase {
    super::lex::tokens(s)
        .into_iter()
        .map(|t| match t.kind {
            super::lex::Kind::Word(w) => w,
            super::lex::Kind::Num(n, _) => n.to_string(),
            super::lex::Kind::Punct(c) => c.to_string(),
        })
        .collect()
}

fn phrases(v: &[String]) -> Vec<Phrase> {
    let mut out: Vec<Phrase> = v
        .iter()
        .map(|s| phrase(s))
        .filter(|p| !p.is_empty())
        .collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.len()));
    out
}

fn pairs<T: Clone>(m: &HashMap<String, T>) -> Vec<(Phrase, T)> {
    let mut out: Vec<(Phrase, T)> = m
        .iter()
        .map(|(k, v)| (phrase(k), v.clone()))
        .filter(|(p, _)| !p.is_empty())
        .collect();
    // Longest first, then alphabetical: a fixed order whatever the map's.
    out.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    out
}

const KIND_ORDER: [&str; 6] = ["award", "agreement", "plan", "meeting", "visit", "holds"];
const UNITS: [&str; 5] = ["hour", "day", "week", "month", "year"];

impl Lang {
    /// The patterns of `code` (parsed once).
    pub fn get(code: Code) -> &'static Lang {
        static LANGS: [OnceLock<Lang>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let i = Code::ALL.iter().position(|(c, _)| *c == code).unwrap_or(0);
        LANGS[i].get_or_init(|| Lang::load(code))
    }

    fn load(code: Code) -> Lang {
        // The data files are part of the binary and tested: a broken one is a bug.
        let f: File = toml::from_str(code.source())
            .unwrap_or_else(|e| panic!("src/draft/lang/{}.toml: {e}", code.as_str()));
        let numbered = |v: &[Vec<String>], base: u32| -> Vec<(Phrase, u32)> {
            let mut out: Vec<(Phrase, u32)> = v
                .iter()
                .enumerate()
                .flat_map(|(i, names)| names.iter().map(move |n| (phrase(n), i as u32 + base)))
                .collect();
            out.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
            out
        };
        let units = UNITS
            .iter()
            .flat_map(|u| {
                f.units
                    .get(*u)
                    .into_iter()
                    .flatten()
                    .map(move |w| (phrase(w), *u))
            })
            .collect();
        Lang {
            code,
            months: numbered(&f.months, 1),
            weekdays: numbered(&f.weekdays, 0),
            weekday_last: phrases(&f.weekday_last),
            weekday_next: phrases(&f.weekday_next),
            modifier_before: f.weekday_modifier_position == "before",
            future: phrases(&f.future),
            date_fillers: phrases(&f.date_fillers),
            ordinals: f.ordinals.iter().map(|s| fold_word(s)).collect(),
            range_from: phrases(&f.range_from),
            range_to: phrases(&f.range_to),
            month_current: phrases(&f.month_current),
            year_before: phrases(&f.year_before),
            month_before: phrases(&f.month_before),
            clock_before: phrases(&f.clock_before),
            thirds: {
                let mut t: Vec<(Phrase, &'static str)> = [
                    (&f.third_early, "early"),
                    (&f.third_mid, "mid"),
                    (&f.third_late, "late"),
                ]
                .into_iter()
                .flat_map(|(v, w)| v.iter().map(move |p| (phrase(p), w)))
                .collect();
                t.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
                t
            },
            anaphora: phrases(&f.anaphora),
            titles: phrases(&f.titles),
            times: pairs(&f.times),
            relative: pairs(&f.relative),
            numbers: pairs(&f.numbers),
            units,
            duration_before: phrases(&f.duration.before),
            ago_before: phrases(&f.duration.ago_before),
            ago_after: phrases(&f.duration.ago_after),
            duration_words: pairs(&f.duration.words),
            attr_before: phrases(&f.attribution.before),
            attr_after: phrases(&f.attribution.after),
            attr_verb_first: phrases(&f.attribution.verb_first),
            attr_relay: phrases(&f.attribution.relay),
            attr_credit: phrases(&f.attribution.credit),
            descriptors: phrases(&f.attribution.descriptors),
            pronouns: phrases(&f.attribution.pronouns),
            relay_from: phrases(&f.attribution.relay_from),
            name_stops: phrases(&f.attribution.name_stops),
            debris: f.debris.iter().map(|s| s.to_lowercase()).collect(),
            kinds: KIND_ORDER
                .iter()
                .map(|k| (*k, phrases(f.kinds.get(*k).map_or(&[][..], Vec::as_slice))))
                .collect(),
            place_to: phrases(f.places.get("to").map_or(&[][..], Vec::as_slice)),
            place_in: phrases(f.places.get("in").map_or(&[][..], Vec::as_slice)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every data file reads, and names every month and weekday.
    #[test]
    fn every_language_file_reads() {
        for (code, _) in Code::ALL {
            let l = Lang::get(code);
            for m in 1..=12 {
                assert!(l.months.iter().any(|(_, n)| *n == m), "{code:?} month {m}");
            }
            for d in 0..7 {
                assert!(
                    l.weekdays.iter().any(|(_, n)| *n == d),
                    "{code:?} weekday {d}"
                );
            }
            assert!(!l.relative.is_empty() && !l.debris.is_empty());
            // Every relative expression is one the claims language reads.
            for (p, v) in &l.relative {
                assert!(
                    crate::syntax::parser::parse_time_expr(&format!("on {v}")).is_some(),
                    "{code:?}: {p:?} = {v}"
                );
            }
        }
    }
}
