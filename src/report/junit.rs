//! The `junit` format: one test suite, one test case per rule that ran; a rule with
//! findings that count toward failure (new, at or above `--fail-on`) fails, and its
//! failure lists every such finding. Input errors fail a test case named `input`.

use std::fmt::Write as _;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{described, diagnostic_place, place, Emitter, Run};

pub struct Junit;

impl Emitter for Junit {
    fn emit(&self, run: &Run) -> String {
        let mut suite = TestSuite::new("verify");
        if let Some(version) = run.pack() {
            suite.add_property((
                "rule-pack".to_owned(),
                format!("{} {version}", crate::rules::pack::NAME),
            ));
        }
        let errors: Vec<&crate::diag::Diagnostic> =
            run.diagnostics.iter().filter(|d| d.is_error()).collect();
        let mut input = if errors.is_empty() {
            TestCase::new("input", TestCaseStatus::success())
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(format!("{} input error(s)", errors.len()));
            let mut body = String::new();
            for d in &errors {
                match diagnostic_place(run.sources, d) {
                    Some(p) => {
                        let _ = writeln!(body, "{}:{}:{}: {}", p.file, p.line, p.column, d.message);
                    }
                    None => {
                        let _ = writeln!(body, "{}", d.message);
                    }
                }
            }
            status.set_description(crate::diag::clean_lines(&body).into_owned());
            TestCase::new("input", status)
        };
        input.set_classname("verify");
        suite.add_test_case(input);
        let mut rules: Vec<&crate::rules::Rule> = run.rules.iter().collect();
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        for rule in rules {
            let failing: Vec<usize> = (0..run.findings.len())
                .filter(|&i| *run.findings[i].rule == *rule.id && run.counts(i))
                .collect();
            let other = run.findings.iter().filter(|f| *f.rule == *rule.id).count() - failing.len();
            let status = if failing.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(format!(
                    "{} finding(s): {}",
                    failing.len(),
                    crate::diag::clean(&rule.title)
                ));
                let mut body = String::new();
                for &i in &failing {
                    let f = &run.findings[i];
                    let _ = writeln!(
                        body,
                        "{} ({} {}): {}",
                        f.level.as_str(),
                        f.certainty.as_str(),
                        f.category.as_str(),
                        f.message
                    );
                    for inv in &f.involved {
                        let p = place(run.sources, run.corpus, inv);
                        let _ = writeln!(
                            body,
                            "  {}:{}:{} {}",
                            p.file,
                            p.line,
                            p.column,
                            described(run.corpus, inv)
                        );
                    }
                }
                status.set_description(crate::diag::clean_lines(&body).into_owned());
                status
            };
            let mut case = TestCase::new(crate::diag::clean(&rule.id).into_owned(), status);
            case.set_classname(format!("verify.{}", rule.category.as_str()));
            if other > 0 {
                case.set_system_out(format!(
                    "{other} finding(s) below the failure level or known in the baseline"
                ));
            }
            suite.add_test_case(case);
        }
        let mut report = Report::new("verify");
        report.add_test_suite(suite);
        report.to_string().unwrap_or_default()
    }
}
