//! Code actions: the repairs an editor offers on a range of a file. From the input errors
//! there: each diagnostic's fixes (a missing `:`, straight quotes — the ones `verify fmt
//! --fix` applies — and the skeleton declaration of an undeclared name) and its
//! did-you-mean. From the findings about claims there: a suppression comment naming the
//! rule, with a reason to write.

use crate::diag::{FileId, FixKind, Span};
use crate::syntax::suppress;

use super::Analysis;

/// One edit of a file: replace `span` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub text: String,
}

/// A repair an editor offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    /// A mechanical repair that cannot change meaning: the one to apply first.
    pub preferred: bool,
    pub edits: Vec<Edit>,
    /// The input error it repairs (an index into the outcome's diagnostics).
    pub diagnostic: Option<usize>,
}

/// The reason a new suppression comment starts with, for the editor to replace.
pub const REASON_TODO: &str = "TODO: say why this finding does not apply";

/// The actions for the part `range` of `file` (its lines, whole).
pub fn actions(a: &Analysis, file: FileId, range: Span) -> Vec<Action> {
    let f = a.outcome.sources.get(file);
    let text = &f.text;
    let first = f.line_col(range.start as usize).0;
    let last = f.line_col(range.end as usize).0;
    let on_lines = |span: Span| {
        let l = f.line_col(span.start as usize).0;
        first <= l && l <= last
    };
    let mut out = Vec::new();
    for (n, d) in a.outcome.diagnostics.iter().enumerate() {
        if d.file != Some(file) || !on_lines(d.span) {
            continue;
        }
        for fix in &d.fixes {
            let edit = match fix.kind {
                FixKind::Safe | FixKind::Suggestion => Edit {
                    file,
                    span: fix.span,
                    text: fix.replacement.clone(),
                },
                FixKind::Declaration => {
                    let at = top_level_line_start(text, fix.span.start as usize);
                    Edit {
                        file,
                        span: Span::new(at, at),
                        text: format!("{}\n", fix.replacement),
                    }
                }
            };
            out.push(Action {
                title: fix.title.clone(),
                preferred: fix.kind == FixKind::Safe,
                edits: vec![edit],
                diagnostic: Some(n),
            });
        }
        let suggestion = d.help.as_deref().and_then(crate::diag::suggested);
        let was = text.get(d.span.range()).unwrap_or("");
        // A did-you-mean replaces one word, or one quoted name: never a span that holds
        // more (a diagnostic about a whole claim may suggest a word inside it).
        let one_word = !was.is_empty()
            && (crate::syntax::is_identifier(was)
                || (was.starts_with('"') && was.ends_with('"') && was.len() >= 2));
        if let (Some(m), true) = (suggestion, one_word) {
            // A quoted name stays quoted: unquoted, a word is looked up as an id first.
            let by = if was.starts_with('"') {
                let mut q = String::new();
                crate::syntax::format::string(&mut q, m);
                q
            } else if crate::syntax::is_identifier(m) {
                m.to_owned()
            } else {
                continue;
            };
            out.push(Action {
                title: format!("replace `{was}` with `{by}`"),
                preferred: false,
                edits: vec![Edit {
                    file,
                    span: d.span,
                    text: by,
                }],
                diagnostic: Some(n),
            });
        }
    }
    out.extend(suppressions(a, file, &on_lines));
    out
}

/// A suppression comment for each rule with a finding about a claim on these lines: a new
/// comment at the end of the claim's line, or the rule added to the one already there.
fn suppressions(a: &Analysis, file: FileId, on_lines: &dyn Fn(Span) -> bool) -> Vec<Action> {
    let f = a.outcome.sources.get(file);
    let text = &f.text;
    let c = a.corpus();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for finding in &a.outcome.findings {
        for inv in &finding.involved {
            let Some(id) = inv.claim() else { continue };
            let claim = &c.claims[id];
            if claim.loc.file != file || !on_lines(claim.loc.span) {
                continue;
            }
            if !seen.insert((id, finding.rule.clone())) {
                continue;
            }
            let line = f.line_range(f.line_col(claim.loc.span.start as usize).0);
            let body = &text[line.clone()];
            let comment_at = comment_start(body).map(|n| line.start + n);
            let edit = match comment_at.map(|n| (n, suppress::parse(&text[n..line.end]))) {
                // `# verify: ignore[A] why` becomes `# verify: ignore[A, RULE] why; RULE:
                // TODO…`: the new rule gets a reason of its own to write.
                Some((n, Some(Ok(_)))) => {
                    let close = text[n..line.end].find(']').map(|k| n + k);
                    let Some(close) = close else { continue };
                    let end = line.start + body.trim_end().len();
                    out.push(Action {
                        title: format!("suppress {} on this claim (with a reason)", finding.rule),
                        preferred: false,
                        edits: vec![
                            Edit {
                                file,
                                span: Span::new(close, close),
                                text: format!(", {}", finding.rule),
                            },
                            Edit {
                                file,
                                span: Span::new(end, end),
                                text: format!("; {}: {REASON_TODO}", finding.rule),
                            },
                        ],
                        diagnostic: None,
                    });
                    continue;
                }
                // Before any other comment, which the reason then runs into.
                Some((n, _)) => Edit {
                    file,
                    span: Span::new(n, n),
                    text: format!("# verify: ignore[{}] {REASON_TODO}: ", finding.rule),
                },
                None => {
                    let end = line.start + body.trim_end().len();
                    Edit {
                        file,
                        span: Span::new(end, end),
                        text: format!(" # verify: ignore[{}] {REASON_TODO}", finding.rule),
                    }
                }
            };
            out.push(Action {
                title: format!("suppress {} on this claim (with a reason)", finding.rule),
                preferred: false,
                edits: vec![edit],
                diagnostic: None,
            });
        }
    }
    out
}

/// Where the comment of a line starts: the first `#` outside quotes.
pub(crate) fn comment_start(line: &str) -> Option<usize> {
    let mut quoted = false;
    let mut escaped = false;
    for (n, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '#' if !quoted => return Some(n),
            _ => {}
        }
    }
    None
}

/// The start of the top-level line that opens the block holding `offset` (the `report`
/// line above a claim), where a declaration can go.
fn top_level_line_start(text: &str, offset: usize) -> usize {
    let mut start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |n| n + 1);
    loop {
        let line = &text[start..];
        let first = line.chars().next();
        if !matches!(first, Some(' ' | '\t' | '#' | '\n' | '\r') | None) || start == 0 {
            return start;
        }
        start = text[..start - 1].rfind('\n').map_or(0, |n| n + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_goes_above_the_block() {
        let text = "# notes\nreport r by o\n  # a comment\n  visit v: x to y\n";
        let claim = text.find("visit").unwrap();
        assert_eq!(
            top_level_line_start(text, claim),
            text.find("report").unwrap()
        );
        assert_eq!(top_level_line_start(text, 3), 0);
    }

    #[test]
    fn comments_start_outside_quotes() {
        assert_eq!(comment_start(r##"note "a # b" # c"##), Some(13));
        assert_eq!(comment_start(r##"note "a \" # b""##), None);
    }
}
