//! Running the test cases embedded in rule files (`verify test`, and `cargo test`): each
//! case's claims are loaded on their own through the pipeline (as a file in memory), the
//! rule is evaluated on them as in a check run, and the
//! findings are compared with the expected ones. A rule must fire in at least one of its
//! cases and stay silent in at least one.

use crate::diag::{render, Diagnostic, SourceMap};
use crate::pipeline;
use crate::rules::{Rule, Sureness};

/// The outcome of one case.
#[derive(Debug)]
pub struct CaseOutcome {
    pub name: String,
    /// Where the case's claims start, `file:line:col`.
    pub location: String,
    pub expected: Vec<String>,
    pub actual: Vec<String>,
    /// Rendered errors in the case's claims, if they did not load.
    pub errors: Option<String>,
}

impl CaseOutcome {
    pub fn passed(&self) -> bool {
        self.errors.is_none() && self.expected == self.actual
    }
}

#[derive(Debug)]
pub struct RuleOutcome {
    pub rule: String,
    pub cases: Vec<CaseOutcome>,
    /// Problems with the rule's cases as a whole (never fires, never silent).
    pub problems: Vec<String>,
}

impl RuleOutcome {
    pub fn passed(&self) -> usize {
        self.cases.iter().filter(|c| c.passed()).count()
    }
    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed() + self.problems.len()
    }
}

fn line(certainty: Sureness, severity: Option<crate::rules::Level>, message: &str) -> String {
    match severity {
        Some(l) => format!("{} {}: {message}", certainty.as_str(), l.as_str()),
        None => format!("{}: {message}", certainty.as_str()),
    }
}

/// Runs the cases of `rule`. `rules_map` holds the rule files, for locations.
pub fn run_rule_cases(rule: &Rule, rules_map: &SourceMap) -> RuleOutcome {
    let rule_file = rules_map.get(rule.loc.file);
    let mut cases = Vec::new();
    for case in &rule.tests {
        let (l, c) = rule_file.line_col(case.loc.span.start as usize);
        let location = format!("{}:{l}:{c}", rule_file.path.display());
        let name = format!("{}#{}", rule_file.path.display(), case.name);
        let pipeline::Loaded {
            sources: map,
            corpus,
            diagnostics: diags,
            ..
        } = pipeline::load_texts([(name, case.claims.clone())]);
        let mut expected: Vec<String> = case
            .expect
            .iter()
            .map(|e| line(e.certainty, e.severity, &e.message))
            .collect();
        expected.sort();
        let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
        if !errors.is_empty() {
            let text = errors
                .iter()
                .map(|d| render(&map, d, false))
                .collect::<Vec<_>>()
                .join("\n");
            cases.push(CaseOutcome {
                name: case.name.clone(),
                location,
                expected,
                actual: Vec::new(),
                errors: Some(text),
            });
            continue;
        }
        // The severity is compared only where the case states it for that message.
        let with_severity = |m: &str| {
            case.expect
                .iter()
                .any(|e| e.message == m && e.severity.is_some())
        };
        let (findings, _) =
            pipeline::evaluate(std::slice::from_ref(rule), &corpus, &pipeline::Quiet);
        let mut actual: Vec<String> = findings
            .iter()
            .map(|f| {
                line(
                    f.certainty,
                    with_severity(&f.message).then_some(f.level),
                    &f.message,
                )
            })
            .collect();
        actual.sort();
        cases.push(CaseOutcome {
            name: case.name.clone(),
            location,
            expected,
            actual,
            errors: None,
        });
    }
    let mut problems = Vec::new();
    if !rule.tests.iter().any(|t| !t.expect.is_empty()) {
        problems.push(
            "the rule never fires in any of its cases: add a case with an `expect` finding"
                .to_owned(),
        );
    }
    if !rule.tests.iter().any(|t| t.expect.is_empty()) {
        problems.push(
            "the rule has no case where it must stay silent: add a close case with `expect = []`"
                .to_owned(),
        );
    }
    RuleOutcome {
        rule: rule.id.clone(),
        cases,
        problems,
    }
}

/// Renders outcomes as `verify test` prints them, ending with `N passed, M failed`.
/// `broken` lists rule files that did not load; each counts as one failure.
pub fn render_outcomes(outcomes: &[RuleOutcome], broken: &[String]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let (mut passed, mut failed) = (0, broken.len());
    for b in broken {
        let _ = writeln!(
            out,
            "FAILED {b}: the rule file does not load (see the errors above)"
        );
    }
    for o in outcomes {
        let _ = writeln!(out, "rule {}", o.rule);
        for c in &o.cases {
            if c.passed() {
                let _ = writeln!(out, "  ok     {}", c.name);
                continue;
            }
            let _ = writeln!(out, "  FAILED {} ({})", c.name, c.location);
            if let Some(e) = &c.errors {
                let _ = writeln!(out, "    the case's claims do not load:");
                for l in e.lines() {
                    let _ = writeln!(out, "    {l}");
                }
                continue;
            }
            let _ = writeln!(out, "    - expected   + actual");
            for l in &c.expected {
                let sign = if c.actual.contains(l) { ' ' } else { '-' };
                let _ = writeln!(out, "    {sign} {l}");
            }
            for l in c.actual.iter().filter(|l| !c.expected.contains(l)) {
                let _ = writeln!(out, "    + {l}");
            }
            if c.expected.is_empty() && c.actual.is_empty() {
                let _ = writeln!(out, "    (no findings either way)");
            }
        }
        for p in &o.problems {
            let _ = writeln!(out, "  FAILED {p}");
        }
        passed += o.passed();
        failed += o.failed();
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    out
}
