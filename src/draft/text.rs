//! An article as scraped: debris lines dropped (PHP warnings, comment forms, share buttons,
//! menus), the dateline (`Rabat, le 26 novembre 2023`, `أبريل 12, 2025`) and the title found
//! at the top, a byline naming the outlet (`الفجر الجديد: متابعة`), a credit at the foot
//! (`عن الموقع …`, `Source : …`), and the body cut into sentences, each a byte range of the
//! article.

use std::ops::Range;

use super::lang::Lang;
use super::lex;

/// The parts of an article.
#[derive(Debug, Default)]
pub struct Article {
    /// The dateline's date as the claims language writes it (`2025-04-12`), and its line.
    pub dateline: Option<(String, Range<usize>)>,
    pub title: Option<Range<usize>>,
    /// A byline's outlet name (`الفجر الجديد` in `الفجر الجديد: متابعة`).
    pub byline: Option<Range<usize>>,
    /// The line crediting the article to another outlet, and the name in it.
    pub credit: Option<(Range<usize>, Range<usize>)>,
    /// Sentences of the body, in order, with the paragraph each is in.
    pub sentences: Vec<(Range<usize>, usize)>,
    /// Lines dropped as debris.
    pub debris: Vec<Range<usize>>,
}

/// Reads `text` in language `lang`.
pub fn read(text: &str, lang: &Lang) -> Article {
    read_with(text, lang, crate::syntax::DateOrder::Unset)
}

/// [`read`], numeric dates in the dateline read in `order`.
pub fn read_with(text: &str, lang: &Lang, order: crate::syntax::DateOrder) -> Article {
    let mut a = Article::default();
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            lines.push(start + lead..start + lead + trimmed.len());
        }
        start += line.len();
    }
    let mut body: Vec<Range<usize>> = Vec::new();
    // After "Related articles" or a comment form, the rest of the page is not the article.
    let mut tail = false;
    for r in lines {
        let line = &text[r.clone()];
        if !tail && ends_article(line) && !body.is_empty() {
            tail = true;
        }
        if tail || is_debris(line, lang) {
            a.debris.push(r);
        } else {
            body.push(r);
        }
    }
    // The top: a dateline, a title, a byline, in any order, before the first paragraph.
    let mut first = 0;
    while first < body.len() && first < 4 {
        let r = body[first].clone();
        let line = &text[r.clone()];
        if a.dateline.is_none() {
            if let Some(d) = dateline(line, lang, order) {
                a.dateline = Some((d, r));
                first += 1;
                continue;
            }
        }
        if a.byline.is_none() {
            if let Some(b) = byline(line) {
                a.byline = Some(r.start + b.start..r.start + b.end);
                first += 1;
                continue;
            }
        }
        if a.title.is_none() && looks_like_title(line) {
            a.title = Some(r);
            first += 1;
            continue;
        }
        break;
    }
    // The foot: a credit line among the last few (tags and bylines may follow it).
    let mut last = body.len();
    for k in (first.max(body.len().saturating_sub(3))..body.len()).rev() {
        let r = body[k].clone();
        if let Some(name) = credit(&text[r.clone()], lang) {
            a.credit = Some((r.clone(), r.start + name.start..r.start + name.end));
            last = k;
            break;
        }
    }
    for (p, r) in body[first..last].iter().enumerate() {
        for s in sentences(&text[r.clone()]) {
            a.sentences.push((r.start + s.start..r.start + s.end, p));
        }
    }
    a
}

/// A line after which the page holds no more of the article: lists of other articles, the
/// comment form.
fn ends_article(line: &str) -> bool {
    let l = line.to_lowercase();
    let heads = [
        "related articles",
        "related posts",
        "you may also like",
        "sur le même sujet",
        "ذات صلة",
        "أضف تعليق",
        "مقالات ذات صلة",
        "articles similaires",
        "leave a comment",
        "leave a reply",
        "laisser un commentaire",
        "اترك تعليق",
    ];
    line.chars().count() < 60 && heads.iter().any(|h| l.contains(h))
}

fn is_debris(line: &str, lang: &Lang) -> bool {
    let l = line.to_lowercase();
    let short = line.chars().count() < 160;
    let starts = [
        "warning:",
        "notice:",
        "fatal error",
        "deprecated:",
        "parse error",
        "tags :",
        "tags:",
        "الوسوم",
        "mots-clés",
    ];
    starts.iter().any(|s| l.starts_with(s))
        || (short && lang.debris.iter().any(|d| l.contains(d.as_str())))
}

/// A line that is only a date (`أبريل 12, 2025`), or a place and a date (`Rabat, le 26
/// novembre 2023`, `PARIS, June 26 (Agency) –`): the date with a year, canonical.
fn dateline(line: &str, lang: &Lang, order: crate::syntax::DateOrder) -> Option<String> {
    if line.chars().count() > 80 {
        return None;
    }
    let toks = lex::tokens(line);
    let found = super::time::find(&toks, lang, order);
    let f = found.first()?;
    if f.kind != super::time::TimeKind::Date || !f.value.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // The date is most of the line: at most a place and a few words around it.
    let outside = toks
        .iter()
        .filter(|t| t.span.end <= f.span.start || t.span.start >= f.span.end)
        .filter(|t| t.word().is_some())
        .count();
    // The day itself (a weekday or a time written with it is not the date).
    let day = f
        .value
        .get(..10)
        .filter(|d| d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-')?;
    (outside <= 4).then(|| day.to_owned())
}

/// `الفجر الجديد: متابعة`, `Nador24: follow-up`: a short line `NAME: متابعة`.
fn byline(line: &str) -> Option<Range<usize>> {
    let (name, rest) = line.split_once(':')?;
    let rest = rest.trim();
    let follow = ["متابعة", "متابعات", "follow-up", "suivi"];
    (line.chars().count() < 60 && follow.contains(&rest) && !name.trim().is_empty()).then(|| {
        let lead = name.len() - name.trim_start().len();
        lead..lead + name.trim().len()
    })
}

fn looks_like_title(line: &str) -> bool {
    let n = line.chars().count();
    (8..=220).contains(&n) && !line.ends_with(['.', '!', '؟', '?', ':'])
}

/// `عن الموقع …`, `Source : AFP`, `Via Le Monde`: the credited name.
fn credit(line: &str, lang: &Lang) -> Option<Range<usize>> {
    if line.chars().count() > 120 {
        return None;
    }
    let toks = lex::tokens(line);
    let n = lex::one_of(&toks, 0, &lang.attr_credit)?;
    // The name: what follows the cue (and a `:`), to the end of the line.
    let mut i = n;
    while toks.get(i).is_some_and(|t| t.is_punct(':')) {
        i += 1;
    }
    let first = toks.get(i)?;
    let end = toks.last()?.span.end;
    // A credit is a name, not a sentence.
    (toks.len() - i <= 12).then_some(first.span.start..end)
}

/// Words written with a point that does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "janv",
    "févr", "avr", "juil", "déc", "mr", "mrs", "ms", "dr", "st", "no", "gen", "col", "p.m", "a.m",
    "vs", "approx",
];

/// Sentences of a paragraph: cut after `.`, `!`, `?`, `؟` followed by a space or the end
/// (not inside a number, not after one capital letter as in `J. Smith`).
fn sentences(p: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '؟') {
            continue;
        }
        let next = chars.get(k + 1).map(|x| x.1);
        if !next.is_none_or(char::is_whitespace) {
            continue;
        }
        // `J. Smith`, `M. Dupont`: one capital before the point.
        let before: Vec<char> = p[start..i].chars().rev().take(2).collect();
        if c == '.'
            && before.first().is_some_and(|b| b.is_uppercase())
            && before.get(1).is_none_or(|b| b.is_whitespace())
        {
            continue;
        }
        // `Sept. 30`, `Mr. Roe`, `2 p.m. on`: an abbreviation's point, when a word or a
        // number follows in lowercase or digits (a capital may start a sentence).
        if c == '.' {
            let word: String = p[start..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic() || *c == '.')
                .collect::<String>()
                .chars()
                .rev()
                .collect::<String>()
                .to_lowercase();
            let next_word = p[i + 1..].trim_start().chars().next();
            let abbreviation = ABBREVIATIONS.contains(&word.as_str())
                && next_word.is_some_and(|n| {
                    n.is_ascii_digit()
                        || n.is_lowercase()
                        || word.len() <= 3
                            && n.is_uppercase()
                            && matches!(
                                word.as_str(),
                                "mr" | "mrs" | "ms" | "dr" | "st" | "gen" | "col"
                            )
                });
            if abbreviation {
                continue;
            }
        }
        let end = i + c.len_utf8();
        if !p[start..end].trim().is_empty() {
            let lead = p[start..end].len() - p[start..end].trim_start().len();
            out.push(start + lead..end);
        }
        start = end;
    }
    if !p[start..].trim().is_empty() {
        let lead = p[start..].len() - p[start..].trim_start().len();
        out.push(start + lead..p.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::lang::Code;

    #[test]
    fn the_seed_article_top_and_foot() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/draft/ar-seed-000/article.txt"
        ))
        .unwrap();
        let a = read(&text, Lang::get(Code::Ar));
        assert_eq!(
            a.dateline.as_ref().map(|d| d.0.as_str()),
            Some("2025-04-12")
        );
        assert_eq!(&text[a.byline.clone().unwrap()], "الفجر الجديد");
        assert!(text[a.title.clone().unwrap()].starts_with("صحف بلجيكية"));
        assert!(text[a.credit.clone().unwrap().1].starts_with("الموقع الملكي"));
        assert_eq!(a.debris.len(), 3, "the PHP warning and the comment form");
    }

    #[test]
    fn sentences_and_datelines() {
        let p = "J. Smith met him on Tuesday, Sept. 30, at 2 p.m. and left. Mr. Roe left. Then 2.5 days";
        let s: Vec<&str> = sentences(p).into_iter().map(|r| &p[r]).collect();
        assert_eq!(
            s,
            [
                "J. Smith met him on Tuesday, Sept. 30, at 2 p.m. and left.",
                "Mr. Roe left.",
                "Then 2.5 days"
            ]
        );
        let fr = Lang::get(Code::Fr);
        let order = crate::syntax::DateOrder::Unset;
        assert_eq!(
            dateline("Rabat, le 26 novembre 2023", fr, order).as_deref(),
            Some("2023-11-26")
        );
        assert_eq!(
            dateline(
                "Le ministre est arrivé le 26 novembre 2023 à Rabat pour une visite de deux jours",
                fr,
                order
            ),
            None
        );
    }
}
