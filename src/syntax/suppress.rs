//! Inline suppression comments on a claim line: `# verify: ignore[RULE, …] REASON`. The rule
//! ids and the reason are read here; whether the ids exist is checked once the rules are
//! loaded, and which findings they silence is decided after evaluation.

/// What a suppression comment says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub rules: Vec<String>,
    pub reason: String,
}

/// The marker a suppression comment starts with (after `#` and spaces).
const MARKER: &str = "verify:";

/// Reads a comment (starting at `#`): `None` when it is not a suppression, an error message
/// when it is one but malformed (no `ignore[…]`, no rule, no reason).
pub fn parse(comment: &str) -> Option<Result<Suppression, String>> {
    let body = comment.trim_start_matches('#').trim_start();
    let rest = body.strip_prefix(MARKER)?.trim_start();
    let Some(inner) = rest.strip_prefix("ignore[") else {
        return Some(Err(format!(
            "expected `ignore[RULE] REASON` after `verify:`, found `{}`",
            rest.chars().take(40).collect::<String>()
        )));
    };
    let Some((ids, reason)) = inner.split_once(']') else {
        return Some(Err("expected `]` after the rule ids".to_owned()));
    };
    let rules: Vec<String> = ids
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if rules.is_empty() {
        return Some(Err("expected a rule id in `ignore[…]`".to_owned()));
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Some(Err(format!(
            "a suppression needs a reason: expected `# verify: ignore[{}] WHY`, found none",
            rules.join(", ")
        )));
    }
    Some(Ok(Suppression {
        rules,
        reason: reason.to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_and_reason() {
        assert_eq!(
            parse("# verify: ignore[weekday-mismatch, date-disagreement] the paper's own error"),
            Some(Ok(Suppression {
                rules: vec!["weekday-mismatch".into(), "date-disagreement".into()],
                reason: "the paper's own error".into()
            }))
        );
        assert_eq!(parse("# an ordinary comment"), None);
        assert!(parse("# verify: ignore[weekday-mismatch]")
            .unwrap()
            .unwrap_err()
            .contains("needs a reason"));
        assert!(parse("# verify: skip[x] y").unwrap().is_err());
        assert!(parse("# verify: ignore[] y").unwrap().is_err());
    }
}
