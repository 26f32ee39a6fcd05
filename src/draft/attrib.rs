//! Who the article says said it: cues from the language's data (`according to X`, `X
//! reported`, `selon X`, `وفق X`, `ذكرت مجلة X`, `نقلا عن X`), the outlet named after (or
//! before) the cue — a declared outlet by any of its names, a name in quotes (« », “ ”, " "),
//! or a name after a descriptor (`the daily`, `صحيفة`) — and relays (`X, citing Y`: Y's
//! words reached the article through X).

use std::ops::Range;

use super::lang::Lang;
use super::lex::{one_of, Kind, Token};
use super::link::{Mention, Target};

/// An outlet as the article names it: declared, or a name to declare.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    Declared(String),
    /// A name not declared (bytes of the article).
    Named(String),
    /// `the same agency`, `المنبر الإعلامي`: the outlet credited last.
    Previous,
}

/// One attribution found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribution {
    /// The cue and the name, bytes of the article.
    pub span: Range<usize>,
    pub source: Source,
    /// The outlet it was relayed through, when the sentence says so (`X, citing Y`).
    pub within: Option<Source>,
}

const OPEN: [char; 5] = ['«', '“', '"', '”', '„'];
const CLOSE: [char; 4] = ['»', '”', '"', '“'];

/// The outlet named at token `i` (after descriptors): (source, tokens read).
fn outlet_at(
    toks: &[Token],
    i: usize,
    text: &str,
    mentions: &[Mention],
    lang: &Lang,
) -> Option<(Source, usize)> {
    let arabic = lang.code == super::lang::Code::Ar;
    let mut at = i;
    // Descriptors: `the daily`, `le quotidien`, `صحيفة`, `مجلة`.
    let mut described = false;
    for _ in 0..3 {
        match one_of(toks, at, &lang.descriptors) {
            Some(n) => {
                at += n;
                described = true;
            }
            None => break,
        }
    }
    // `le quotidien malien « Bamako Matin »`: an adjective or two before a quoted name.
    if !arabic {
        for skip in 1..=2 {
            let lower = (at..at + skip).all(|k| {
                toks.get(k).is_some_and(|t| {
                    t.word().is_some() && !text[t.span.clone()].starts_with(char::is_uppercase)
                })
            });
            if lower && is_open(toks.get(at + skip)) {
                at += skip;
                break;
            }
        }
    }
    // Lowercase words may stand between the descriptor and the name (`the industry
    // newsletter PharmaLine Weekly`, `the state news agency Nusantara Wire`).
    let lower = |k: usize| lowercase_word(toks, k, text);
    // A declared outlet mentioned here (descriptors may be part of its name: `the Ghana
    // Wire Service`, `وكالة أنباء نجد`).
    let declared = mentions.iter().find(|m| {
        (m.toks.start <= at && m.toks.end > i)
            || (m.toks.start == at + 1 && is_open(toks.get(at)))
            || (!arabic
                && described
                && m.toks.start > at
                && m.toks.start <= at + 3
                && (at..m.toks.start).all(lower))
    });
    if let Some(m) = declared {
        if let Target::Outlet { id } = &m.target {
            let mut end = m.toks.end;
            if toks
                .get(end)
                .is_some_and(|t| matches!(t.kind, Kind::Punct(c) if CLOSE.contains(&c)))
            {
                end += 1;
            }
            return Some((Source::Declared(id.clone()), end - i));
        }
    }
    // `المنبر الإعلامي`, `الوكالة ذاتها`, `وقال المصدر،`: a descriptor pointing back.
    if arabic && described && !is_open(toks.get(at)) {
        let back = match toks.get(at).and_then(Token::word) {
            None => Some(0),
            Some(_) if one_of(toks, at, &lang.name_stops).is_some() => Some(0),
            Some(_) if one_of(toks, at, &lang.anaphora).is_some() => Some(1),
            Some(w) if w.starts_with("ال") && !mentions.iter().any(|m| m.toks.contains(&at)) => {
                Some(1 + usize::from(one_of(toks, at + 1, &lang.anaphora).is_some()))
            }
            Some(_) => None,
        };
        if let Some(k) = back {
            return Some((Source::Previous, at + k - i));
        }
    }
    // A quoted name: up to the closing quote, at most 8 tokens.
    if is_open(toks.get(at)) {
        let close = (at + 1..toks.len().min(at + 10))
            .find(|&k| matches!(toks[k].kind, Kind::Punct(c) if CLOSE.contains(&c)))?;
        if close > at + 1 {
            let name = text[toks[at + 1].span.start..toks[close - 1].span.end].trim();
            return Some((Source::Named(name.to_owned()), close + 1 - i));
        }
        return None;
    }
    // After a descriptor (Arabic), or capitalised words (small words may join them:
    // `Courrier de Dakar`, `Diário do Tejo`).
    let capital = |t: &Token| capitalised_word(t, text);
    let joins = [
        "de", "du", "des", "do", "da", "del", "of", "the", "la", "le", "and", "et",
    ];
    if !arabic && described {
        if let Some(k) = (at..at + 4).find(|&k| !lower(k)) {
            if k > at && toks.get(k).is_some_and(&capital) {
                at = k;
            }
        }
    }
    let mut end = at;
    let mut last = at;
    while end < toks.len() && end < at + 7 {
        let t = &toks[end];
        let join = end > at && t.word().is_some_and(|w| joins.contains(&w));
        let ok = if arabic {
            described && (t.word().is_some() || t.num().is_some()) && end < at + 3
        } else {
            capital(t) || (t.num().is_some() && end > at) || join
        };
        if !ok {
            break;
        }
        end += 1;
        if arabic || !join {
            last = end;
        }
    }
    if last > at {
        let name = &text[toks[at].span.start..toks[last - 1].span.end];
        return Some((Source::Named(name.to_owned()), last - i));
    }
    // `selon le quotidien genevois`, `précise l'agence`: a descriptor with no name points
    // back to the outlet credited last.
    if described {
        let adjectives = (at..at + 2).take_while(|&k| lower(k)).count();
        return Some((Source::Previous, at + adjectives - i));
    }
    None
}

/// Whether a token is a word written with a capital (the start of a name).
fn capitalised_word(t: &Token, text: &str) -> bool {
    t.word().is_some() && text[t.span.clone()].starts_with(char::is_uppercase)
}

/// Whether token `k` is a word written in lowercase (not the start of a name).
fn lowercase_word(toks: &[Token], k: usize, text: &str) -> bool {
    toks.get(k).is_some_and(|t| {
        t.word().is_some() && !text[t.span.clone()].starts_with(char::is_uppercase)
    })
}

fn is_open(t: Option<&Token>) -> bool {
    t.is_some_and(|t| matches!(t.kind, Kind::Punct(c) if OPEN.contains(&c)))
}

/// The attributions of one sentence.
pub fn find(toks: &[Token], text: &str, mentions: &[Mention], lang: &Lang) -> Vec<Attribution> {
    let mut out: Vec<Attribution> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let relay = one_of(toks, i, &lang.attr_relay).is_some();
        // Cue, then the outlet: `according to X`, `وفق X`, `ذكرت مجلة X`.
        // `ونقل موقع X عن إذاعة Y`: after an outlet, the one it took the story from.
        let from = (!out.is_empty())
            .then(|| one_of(toks, i, &lang.relay_from))
            .flatten();
        let relay = relay || from.is_some();
        let cue = from
            .or_else(|| one_of(toks, i, &lang.attr_before))
            .or_else(|| one_of(toks, i, &lang.attr_verb_first));
        if let Some(n) = cue {
            if let Some((source, k)) = outlet_at(toks, i + n, text, mentions, lang) {
                let span = toks[i].span.start..toks[i + n + k - 1].span.end;
                // `X, citing Y`: Y within the X just named.
                // (With no outlet named before it in the sentence, the one credited last:
                // `Citing Y, the paper said`.)
                let within = if relay {
                    out.last()
                        .map(|a| a.source.clone())
                        .or_else(|| before_outlet(toks, i, mentions).map(Source::Declared))
                        .or(Some(Source::Previous))
                } else {
                    None
                };
                // The relay itself is credited too (`The Accra Mirror, citing …`).
                if let Some(w @ Source::Declared(_)) = &within {
                    if !out.iter().any(|a| &a.source == w) {
                        out.push(Attribution {
                            span: span.clone(),
                            source: w.clone(),
                            within: None,
                        });
                    }
                }
                out.push(Attribution {
                    span,
                    source,
                    within,
                });
                i += n + k;
                continue;
            }
        }
        // The outlet, then the cue: `Jeune Afrique reported`.
        if let Some(n) = one_of(toks, i, &lang.attr_after) {
            if let Some(m) = mentions.iter().rev().find(|m| {
                m.toks.end <= i && m.toks.end + 2 >= i && matches!(m.target, Target::Outlet { .. })
            }) {
                let id = m.target.id().to_owned();
                if !out.iter().any(|a| a.source == Source::Declared(id.clone())) {
                    out.push(Attribution {
                        span: m.span.start..toks[i + n - 1].span.end,
                        source: Source::Declared(id),
                        within: None,
                    });
                }
            } else if let Some(start) = pointing_back(toks, i, text, lang) {
                out.push(Attribution {
                    span: toks[start].span.start..toks[i + n - 1].span.end,
                    source: Source::Previous,
                    within: None,
                });
            } else if let Some((name, start)) = named_before(toks, i, text) {
                // Only a quoted name: a capitalised one before `said` is mostly a person.
                if text[start..].starts_with(OPEN) {
                    out.push(Attribution {
                        span: start..toks[i + n - 1].span.end,
                        source: Source::Named(name),
                        within: None,
                    });
                }
            }
            i += n;
            continue;
        }
        i += 1;
    }
    out
}

/// `the paper said`, `Le journal rwandais rapporte`, `il ajoute`: a descriptor (with a
/// lowercase word or two after it) or a pronoun just before the cue at `i`; where it starts.
fn pointing_back(toks: &[Token], i: usize, text: &str, lang: &Lang) -> Option<usize> {
    if i > 0 && one_of(toks, i - 1, &lang.pronouns) == Some(1) {
        return Some(i - 1);
    }
    let lower = |k: usize| lowercase_word(toks, k, text);
    (1..=4).filter(|&k| k <= i).find_map(|k| {
        let n = one_of(toks, i - k, &lang.descriptors)?;
        let end = i - k + n;
        (end <= i && end + 2 >= i && (end..i).all(lower)).then_some(i - k)
    })
}

/// A declared outlet just before token `i` (`The Accra Mirror, citing …`).
fn before_outlet(toks: &[Token], i: usize, mentions: &[Mention]) -> Option<String> {
    let _ = toks;
    mentions
        .iter()
        .rev()
        .find(|m| {
            m.toks.end <= i && m.toks.end + 2 >= i && matches!(m.target, Target::Outlet { .. })
        })
        .map(|m| m.target.id().to_owned())
}

/// A quoted or capitalised name ending just before token `i`.
fn named_before(toks: &[Token], i: usize, text: &str) -> Option<(String, usize)> {
    let mut k = i;
    // A closing quote: the quoted name.
    if k > 0 && matches!(toks[k - 1].kind, Kind::Punct(c) if CLOSE.contains(&c)) {
        let open = (k.saturating_sub(10)..k - 1)
            .rev()
            .find(|&j| is_open(Some(&toks[j])))?;
        if open + 1 < k - 1 {
            let name = text[toks[open + 1].span.start..toks[k - 2].span.end]
                .trim()
                .to_owned();
            return Some((name, toks[open].span.start));
        }
        return None;
    }
    let capital = |t: &Token| capitalised_word(t, text);
    while k > 0 && capital(&toks[k - 1]) && i - k < 5 {
        k -= 1;
    }
    (k < i).then(|| {
        (
            text[toks[k].span.start..toks[i - 1].span.end].to_owned(),
            toks[k].span.start,
        )
    })
}
