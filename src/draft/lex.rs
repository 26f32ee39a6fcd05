//! Words, numbers and punctuation of an article, each with its byte span in the original
//! text (so what is found can be quoted exactly). Words are folded for matching: lowercase,
//! Arabic diacritics and tatweel dropped, alef forms, taa marbuta and alef maqsura unified,
//! the typographic apostrophe made straight. Digits may be Western (26) or Arabic-Indic (٢٦,
//! ۲۶). Nothing is normalised in place: offsets stay those of the article.

use std::ops::Range;

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A folded word (letters, with `'` and `-` inside it: `l'année`, `mois-ci`).
    Word(String),
    /// A number and how many digits it was written with (`06` is 6 in two digits).
    Num(u32, u8),
    /// Any other character that is not a space.
    Punct(char),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Range<usize>,
    pub kind: Kind,
}

impl Token {
    pub fn word(&self) -> Option<&str> {
        match &self.kind {
            Kind::Word(w) => Some(w),
            _ => None,
        }
    }
    pub fn num(&self) -> Option<(u32, u8)> {
        match self.kind {
            Kind::Num(n, d) => Some((n, d)),
            _ => None,
        }
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

/// The value of a digit in any of the scripts articles use.
pub fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
        '\u{6f0}'..='\u{6f9}' => Some(c as u32 - 0x6f0),
        _ => None,
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{640}' | '\u{300}'..='\u{36f}')
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() || is_mark(c)
}

/// A word folded for matching.
pub fn fold_word(w: &str) -> String {
    w.chars()
        .filter(|c| !matches!(c, '\u{64b}'..='\u{65f}' | '\u{670}' | '\u{640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            '’' | '‘' | 'ʼ' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The tokens of `text`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if let Some(d) = digit(c) {
            let mut n = u64::from(d);
            let mut digits = 1u8;
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = it.peek() {
                let Some(d) = digit(c) else { break };
                n = n.saturating_mul(10).saturating_add(u64::from(d));
                digits = digits.saturating_add(1);
                end = i + c.len_utf8();
                it.next();
            }
            out.push(Token {
                span: start..end,
                kind: Kind::Num(u32::try_from(n).unwrap_or(u32::MAX), digits),
            });
            continue;
        }
        if is_letter(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = it.peek() {
                if is_letter(c) {
                    end = i + c.len_utf8();
                    it.next();
                    continue;
                }
                // `'` and `-` join letters: `l'année`, `après-midi`.
                if matches!(c, '\'' | '’' | '-') {
                    let next = text[i + c.len_utf8()..].chars().next();
                    if next.is_some_and(is_letter) {
                        end = i + c.len_utf8();
                        it.next();
                        continue;
                    }
                }
                break;
            }
            out.push(Token {
                span: start..end,
                kind: Kind::Word(fold_word(&text[start..end])),
            });
            continue;
        }
        out.push(Token {
            span: start..start + c.len_utf8(),
            kind: Kind::Punct(c),
        });
    }
    out
}

/// The ways an Arabic word may be read for matching: as written, then without a leading
/// conjunction (و, ف), a preposition (ب, ل, ك), or both (`وبحسب` is `بحسب`, `ليومين` is
/// `يومين`); other scripts only as written.
pub fn readings(w: &str) -> Vec<&str> {
    let mut out = vec![w];
    let strip = |s: &str, set: &[char]| -> Option<usize> {
        let c = s.chars().next()?;
        (set.contains(&c) && s.chars().count() > 2).then(|| c.len_utf8())
    };
    if let Some(n) = strip(w, &['و', 'ف']) {
        out.push(&w[n..]);
        if let Some(m) = strip(&w[n..], &['ب', 'ل', 'ك']) {
            out.push(&w[n + m..]);
        }
    }
    if let Some(n) = strip(w, &['ب', 'ل', 'ك']) {
        out.push(&w[n..]);
    }
    // French elision: `l'agence`, `d'après` read as `agence`, `après` too.
    if let Some(k) = w.find('\'') {
        if k <= 3 && k + 1 < w.len() {
            out.push(&w[k + 1..]);
        }
    }
    out
}

/// Whether `phrase` is at token `i`: the number of tokens it covers. The first word may
/// carry an Arabic clitic ([`readings`]).
pub fn phrase_at(toks: &[Token], i: usize, phrase: &[String]) -> Option<usize> {
    if phrase.is_empty() || i + phrase.len() > toks.len() {
        return None;
    }
    for (k, want) in phrase.iter().enumerate() {
        let t = &toks[i + k];
        let ok = match &t.kind {
            Kind::Word(w) if k == 0 => readings(w).contains(&want.as_str()),
            Kind::Word(w) => w == want,
            Kind::Num(n, _) => n.to_string() == *want,
            Kind::Punct(c) => want.chars().eq(std::iter::once(*c)),
        };
        if !ok {
            return None;
        }
    }
    Some(phrase.len())
}

/// The first of `phrases` (longest first) at token `i`, with the tokens it covers.
pub fn any_at<'p, T>(
    toks: &[Token],
    i: usize,
    phrases: &'p [(Vec<String>, T)],
) -> Option<(usize, &'p T)> {
    phrases
        .iter()
        .find_map(|(p, v)| phrase_at(toks, i, p).map(|n| (n, v)))
}

/// Whether one of `phrases` is at token `i`: the tokens it covers.
pub fn one_of(toks: &[Token], i: usize, phrases: &[Vec<String>]) -> Option<usize> {
    phrases.iter().find_map(|p| phrase_at(toks, i, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_numbers_and_spans() {
        let text = "و11 غشت، l’année ٢٦ après-midi";
        let t = tokens(text);
        let shown: Vec<String> = t
            .iter()
            .map(|t| format!("{:?}@{}", t.kind, &text[t.span.clone()]))
            .collect();
        assert_eq!(
            shown,
            [
                "Word(\"و\")@و",
                "Num(11, 2)@11",
                "Word(\"غشت\")@غشت",
                "Punct('،')@،",
                "Word(\"l'année\")@l’année",
                "Num(26, 2)@٢٦",
                "Word(\"après-midi\")@après-midi"
            ]
        );
        assert_eq!(readings("وبحسب"), ["وبحسب", "بحسب", "حسب"]);
        assert_eq!(fold_word("أبريل"), "ابريل");
    }
}
