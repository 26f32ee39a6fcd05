//! The stages composed once: read → parse (in parallel) → resolve → load rules → evaluate
//! (rules in parallel) → baseline. [`check`] is what `verify [PATHS]` runs; the stage
//! functions it is made of ([`load_corpus`], [`load_rules`], [`evaluate`]) are what
//! `verify test`, the tests, the benchmarks, the fuzz targets and the corpus generator
//! call, so that all of them load a corpus the way users do.
//!
//! Nothing here prints. Progress and per-stage timings reach the caller through an
//! [`Observer`]; problems are [`Diagnostic`]s in the [`Outcome`], sorted by file and
//! position.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::config::FileConfig;
use crate::diag::{Diagnostic, FileId, Severity, SourceFile, SourceMap};
use crate::engine::{self, Finding};
use crate::model::{self, Corpus};
use crate::rules::{Level, Rule};
use crate::{load, report, syntax};

/// A stage of [`check`], in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Finding and reading the claims files.
    Read,
    /// Parsing their top-level lines, declarations and reports (in parallel).
    Parse,
    /// Parsing each file whole in its turn and resolving names, attribution and dates into
    /// the model.
    Resolve,
    /// Loading rules and the baseline, and evaluating the rules (in parallel).
    Rules,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Parse => "parse",
            Stage::Resolve => "resolve",
            Stage::Rules => "rules",
        }
    }
}

/// What the pipeline is doing, for a progress line.
#[derive(Clone, Copy, Debug)]
pub enum Progress {
    FindingFiles,
    Reading {
        files: usize,
    },
    Parsing {
        files: usize,
    },
    Resolving,
    LoadingRules,
    /// `done` of `total` rules have run over `claims` claims.
    RuleDone {
        done: usize,
        total: usize,
        claims: usize,
    },
}

/// How one rule's evaluation went, for `--timings`.
#[derive(Clone, Debug)]
pub struct RuleStat {
    pub id: String,
    /// Wall time of the rule alone; rules run in parallel, so these add up to more than
    /// the stage.
    pub seconds: f64,
    /// Claims, entities or pairs its condition was evaluated on.
    pub candidates: usize,
    pub findings: usize,
}

/// Receives progress and the end of each stage. Every method has a default that does
/// nothing; [`Quiet`] is the observer that wants nothing.
pub trait Observer: Sync {
    fn progress(&self, _what: Progress) {}
    /// Called when `stage` ends, in stage order.
    fn stage_done(&self, _stage: Stage) {}
    /// Called once the rules have run, before [`Stage::Rules`] ends.
    fn rules_done(&self, _stats: &[RuleStat]) {}
}

/// An observer that ignores everything.
pub struct Quiet;

impl Observer for Quiet {}

/// Where the claims come from.
pub enum Claims<'a> {
    /// Files and directories on disk (directories are walked for `*.claims`).
    Paths {
        paths: &'a [PathBuf],
        follow_links: bool,
    },
    /// Files already in memory, each with the name outputs show for it.
    Memory(Vec<(PathBuf, Vec<u8>)>),
}

/// Where the rules come from.
pub enum Rules {
    /// The standard pack and rule directories (see [`RuleSet`]).
    Load(RuleSet),
    /// Rules compiled already (their files are not in the outcome's source map).
    Given(Vec<Rule>),
}

/// Which rules a run loads: the standard pack built into the binary (unless `pack` is
/// false), the `*.toml` files of each of `dirs` (asked for: a missing one is an error), and
/// of `implicit` when it exists (the default `rules/`, beside the claims).
#[derive(Clone, Debug)]
pub struct RuleSet {
    pub pack: bool,
    pub dirs: Vec<PathBuf>,
    pub implicit: Option<PathBuf>,
    /// Rule ids and categories to run (empty: all), and to leave out (`--ignore`,
    /// `disable` in verify.toml).
    pub select: Vec<crate::rules::Named>,
    pub ignore: Vec<crate::rules::Named>,
}

impl RuleSet {
    /// Only the rule files of `dir` (no standard pack).
    pub fn dir(dir: impl Into<PathBuf>) -> Self {
        RuleSet {
            pack: false,
            dirs: vec![dir.into()],
            implicit: None,
            select: Vec::new(),
            ignore: Vec::new(),
        }
    }

    /// Loads the rules ([`RuleSet::load`]) and keeps those selected (`select`, `ignore`).
    pub fn load_selected(&self, sources: &mut SourceMap) -> (Vec<Rule>, Vec<Diagnostic>) {
        let (rules, mut diags) = self.load(sources);
        let (rules, d) = crate::rules::select(rules, &self.select, &self.ignore);
        diags.extend(d);
        (rules, diags)
    }

    /// Loads the rules, adding their files to `sources`. A rule met twice with the same
    /// text (this project's `rules/` beside the pack built from it) is one rule; two
    /// different rules with one id are an error naming both files; no rule at all is an
    /// error.
    pub fn load(&self, sources: &mut SourceMap) -> (Vec<Rule>, Vec<Diagnostic>) {
        let (mut rules, mut diags) = if self.pack {
            load::load_pack(sources)
        } else {
            (Vec::new(), Vec::new())
        };
        let implicit = self.implicit.iter().filter(|d| load::has_rule_files(d));
        for dir in self.dirs.iter().chain(implicit) {
            let (r, d) = load::load_rules(dir, sources);
            rules.extend(r);
            diags.extend(d);
        }
        let text = |r: &Rule| sources.files[r.loc.file].text.as_str();
        let mut seen: std::collections::BTreeMap<&str, &str> = Default::default();
        let mut same = vec![false; rules.len()];
        for (i, r) in rules.iter().enumerate() {
            match seen.get(r.id.as_str()) {
                Some(t) if *t == text(r) => same[i] = true,
                Some(_) => {}
                None => {
                    seen.insert(&r.id, text(r));
                }
            }
        }
        let mut i = 0;
        rules.retain(|_| {
            i += 1;
            !same[i - 1]
        });
        let in_pack = |f: FileId| sources.files[f].path.starts_with(crate::rules::pack::DIR);
        diags.extend(crate::rules::remove_duplicates_with(&mut rules, in_pack));
        if rules.is_empty() && !diags.iter().any(Diagnostic::is_error) {
            let what = match (&self.implicit, self.dirs.is_empty()) {
                (Some(d), true) => format!(
                    "the standard pack is off and `{}/` holds no rule files",
                    d.display()
                ),
                _ => "the standard pack is off and no rules directory was given".to_owned(),
            };
            diags.push(
                Diagnostic::global("rule", format!("no rules: {what}, so no rule checked the claims"))
                    .with_help("drop `--no-default-rules` (or `default-rules = false` in verify.toml), or pass a rules directory with `--rules DIR`"),
            );
        }
        (rules, diags)
    }
}

/// Everything [`check`] needs.
pub struct Inputs<'a> {
    pub claims: Claims<'a>,
    /// The project's choices for reading claims (`date-order`).
    pub parse: syntax::ParseOptions,
    pub rules: Rules,
    /// The configuration, for its rule parameter overrides.
    pub config: Option<&'a FileConfig>,
    /// Findings whose fingerprints are in this baseline file are known.
    pub baseline: Option<&'a Path>,
    /// Files already read (the configuration), so their diagnostics render with
    /// snippets; the claims, rules and baseline files are added after them.
    pub sources: SourceMap,
}

/// A corpus read, parsed and resolved, with every problem met on the way.
pub struct Loaded {
    pub sources: SourceMap,
    pub corpus: Corpus,
    pub diagnostics: Vec<Diagnostic>,
    /// How many claims files were read.
    pub files: usize,
}

/// Everything a check run found.
pub struct Outcome {
    pub sources: SourceMap,
    pub corpus: Corpus,
    pub rules: Vec<Rule>,
    pub findings: Vec<Finding>,
    /// Parallel to `findings`: whether the finding is in the baseline.
    pub known: Vec<bool>,
    /// Findings silenced by a suppression comment (not in `findings`), each message ending
    /// with `(suppressed: REASON)`.
    pub suppressed: Vec<Finding>,
    /// Problems with the input, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many claims files were read.
    pub files: usize,
    pub rule_stats: Vec<RuleStat>,
}

impl Outcome {
    /// Whether a problem with the input (claims, rules, configuration, baseline) is an
    /// error.
    pub fn has_input_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The run as emitters see it.
    pub fn run(&self, fail_on: Option<Level>, color: bool, width: usize) -> report::Run<'_> {
        report::Run {
            sources: &self.sources,
            corpus: &self.corpus,
            rules: &self.rules,
            findings: &self.findings,
            known: &self.known,
            diagnostics: &self.diagnostics,
            summary: self.corpus.summary(self.files),
            fail_on,
            color,
            width,
            base: None,
            suppressed: self.suppressed.len(),
        }
    }
}

/// Runs every stage: reads, parses and resolves the claims, loads the rules (with the
/// configuration's parameters) and the baseline, and evaluates the rules.
pub fn check(inputs: Inputs, observer: &dyn Observer) -> Outcome {
    let first = inputs.sources.files.len();
    let on_disk = matches!(inputs.claims, Claims::Paths { .. });
    let Loaded {
        mut sources,
        corpus,
        mut diagnostics,
        files,
    } = load_corpus_with(inputs.claims, inputs.sources, inputs.parse, observer);
    if let Some(note) = on_disk
        .then(|| checked_alone(&sources, first, &diagnostics))
        .flatten()
    {
        diagnostics.push(note);
    }
    observer.progress(Progress::LoadingRules);
    let (mut rules, d) = match &inputs.rules {
        Rules::Load(set) => set.load(&mut sources),
        Rules::Given(rules) => (rules.clone(), Vec::new()),
    };
    diagnostics.extend(d);
    // Suppressions may name any rule loaded, selected or not.
    let loaded: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
    if let Rules::Load(set) = &inputs.rules {
        let (selected, d) = crate::rules::select(rules, &set.select, &set.ignore);
        rules = selected;
        diagnostics.extend(d);
    }
    if let Some(cfg) = inputs.config {
        diagnostics.extend(crate::config::apply_params(cfg, &mut rules));
    }
    let baseline = match inputs.baseline {
        None => Baseline::default(),
        Some(path) => read_baseline(path, &mut sources, &mut diagnostics),
    };
    let (findings, rule_stats) = evaluate(&rules, &corpus, observer);
    observer.rules_done(&rule_stats);
    observer.stage_done(Stage::Rules);
    let (findings, suppressed) = suppress(&corpus, &loaded, findings, &mut diagnostics);
    load::sort_diagnostics(&sources, &mut diagnostics);
    let known = findings.iter().map(|f| baseline.contains(f)).collect();
    Outcome {
        sources,
        corpus,
        rules,
        findings,
        known,
        suppressed,
        diagnostics,
        files,
        rule_stats,
    }
}

/// Sets aside the findings a claim's `# verify: ignore[RULE] REASON` silences (a finding is
/// silenced when any claim it involves names its rule), each with its reason appended to
/// its message. A suppression naming a rule that is not loaded is an error, with a
/// did-you-mean.
fn suppress(
    corpus: &Corpus,
    rules: &[String],
    findings: Vec<Finding>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Finding>, Vec<Finding>) {
    let with: Vec<&model::Claim> = corpus
        .claims
        .iter()
        .filter(|c| c.suppress().is_some())
        .collect();
    if with.is_empty() {
        return (findings, Vec::new());
    }
    let ids: std::collections::BTreeSet<&str> = rules.iter().map(String::as_str).collect();
    for c in &with {
        for id in c.suppress().iter().flat_map(|s| &s.rules) {
            if !ids.contains(id.as_str()) {
                let mut d = Diagnostic::error(
                    "suppress",
                    c.loc.file,
                    c.loc.span,
                    format!("unknown rule in a suppression: expected a rule id, found `{id}`"),
                )
                .with_label("this claim's suppression comment");
                if let Some(m) = crate::diag::did_you_mean(id, ids.iter().copied()) {
                    d = d.with_help(format!("did you mean `{m}`?"));
                }
                diagnostics.push(d);
            }
        }
    }
    let reason = |f: &Finding| -> Option<&str> {
        f.involved.iter().find_map(|inv| {
            let s = corpus.claims[inv.claim()?].suppress()?;
            s.rules
                .iter()
                .any(|r| *r == *f.rule)
                .then_some(s.reason.as_str())
        })
    };
    let (mut kept, mut set_aside) = (Vec::new(), Vec::new());
    for mut f in findings {
        match reason(&f).map(str::to_owned) {
            Some(why) => {
                f.message = format!("{} (suppressed: {why})", f.message).into();
                set_aside.push(f);
            }
            None => kept.push(f),
        }
    }
    (kept, set_aside)
}

/// Reads, parses (in parallel) and resolves the claims, after the files already in
/// `sources`. Diagnostics are sorted by file and position.
pub fn load_corpus(claims: Claims, sources: SourceMap, observer: &dyn Observer) -> Loaded {
    load_corpus_with(claims, sources, syntax::ParseOptions::default(), observer)
}

/// [`load_corpus`] with the project's choices for reading claims.
pub fn load_corpus_with(
    claims: Claims,
    mut sources: SourceMap,
    parse: syntax::ParseOptions,
    observer: &dyn Observer,
) -> Loaded {
    let first = sources.files.len();
    let mut diagnostics = Vec::new();
    match claims {
        Claims::Paths {
            paths,
            follow_links,
        } => {
            observer.progress(Progress::FindingFiles);
            // `-` (or /dev/stdin) is the claims on standard input.
            let (stdin, paths): (Vec<&PathBuf>, Vec<&PathBuf>) = paths
                .iter()
                .partition(|p| p.as_os_str() == "-" || p.as_os_str() == "/dev/stdin");
            let paths: Vec<PathBuf> = paths.into_iter().cloned().collect();
            let (files, d) = if paths.is_empty() && !stdin.is_empty() {
                (Vec::new(), Vec::new())
            } else {
                load::find_files_with(&paths, follow_links)
            };
            diagnostics.extend(d);
            observer.progress(Progress::Reading { files: files.len() });
            diagnostics.extend(load::read_sources_into(&files, &mut sources));
            if !stdin.is_empty() {
                diagnostics.extend(load::read_stdin_into(&mut sources));
            }
        }
        Claims::Memory(files) => {
            for (name, bytes) in files {
                let id = sources.files.len();
                let (text, d) = syntax::source::decode_owned(bytes, id);
                sources.add(SourceFile::new(name, text));
                diagnostics.extend(d);
            }
        }
    }
    let files = sources.files.len() - first;
    observer.stage_done(Stage::Read);
    observer.progress(Progress::Parsing { files });
    // Files are read twice, in parallel. First their top-level lines only (declarations and
    // reports), which resolving needs for every file before any claim. Then, when a file's
    // claims' turn comes in resolving, the whole file: its tree is dropped once its claims
    // are resolved, so the whole trees of the corpus (ten times its text) are never in
    // memory at once. The syntax problems are the whole reading's, put in file order before
    // what resolving finds, as if each file had been read whole at first.
    let docs: Vec<_> = {
        let map = &sources;
        (first..map.files.len())
            .into_par_iter()
            .map(|id| {
                let (mut doc, claims) = syntax::parse_top_level(&map.files[id].text, id, parse);
                model::keep_declarations(&mut doc);
                (id, doc, claims)
            })
            .collect()
    };
    observer.stage_done(Stage::Parse);
    observer.progress(Progress::Resolving);
    let syntax_problems = std::sync::Mutex::new(Vec::new());
    let full = |id: FileId| {
        let (doc, d) = syntax::parse_with(&sources.files[id].text, id, parse);
        if !d.is_empty() {
            let mut problems = syntax_problems.lock().unwrap_or_else(|e| e.into_inner());
            problems.push((id, d));
        }
        doc
    };
    let texts = (0..sources.files.len())
        .map(|id| (id >= first).then(|| std::sync::Arc::clone(&sources.files[id].text)))
        .collect();
    let (corpus, d) = model::resolve_streamed(docs, &full, texts);
    let mut syntax_problems = syntax_problems
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    syntax_problems.sort_unstable_by_key(|(id, _)| *id);
    diagnostics.extend(syntax_problems.into_iter().flat_map(|(_, d)| d));
    diagnostics.extend(d);
    observer.stage_done(Stage::Resolve);
    load::sort_diagnostics(&sources, &mut diagnostics);
    Loaded {
        sources,
        corpus,
        diagnostics,
        files,
    }
}

/// When files checked on their own use names they do not declare and other claims files lie
/// beside them, one warning says so (the names are probably declared there), instead of
/// leaving the reader with only one error per line.
fn checked_alone(sources: &SourceMap, first: FileId, diags: &[Diagnostic]) -> Option<Diagnostic> {
    let loaded: Vec<&Path> = sources.files[first..]
        .iter()
        .map(|f| f.path.as_path())
        .collect();
    let mut files: Vec<FileId> = diags
        .iter()
        .filter(|d| d.code == "undeclared")
        .filter_map(|d| d.file)
        .filter(|&f| f >= first)
        .collect();
    files.sort_unstable();
    files.dedup();
    let mut elsewhere: Vec<std::path::PathBuf> = Vec::new();
    for f in &files {
        for s in load::sibling_claims(&sources.get(*f).path) {
            if !loaded.contains(&s.as_path()) && !elsewhere.contains(&s) {
                elsewhere.push(s);
            }
        }
    }
    if elsewhere.is_empty() {
        return None;
    }
    let count = diags.iter().filter(|d| d.code == "undeclared").count();
    let shown = |p: &std::path::Path| format!("`{}`", p.display().to_string().replace('\\', "/"));
    let others: Vec<String> = elsewhere.iter().map(|p| shown(p)).collect();
    let mut d = Diagnostic::global(
        "undeclared",
        format!(
            "{count} undeclared name{} in files checked without the claims files beside them: {}",
            if count == 1 { "" } else { "s" },
            others.join(", ")
        ),
    )
    .with_help(format!(
        "names are often declared in another file: check the folder (`verify {}/`) or pass those files too",
        elsewhere[0]
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or(".".to_owned(), |p| p.display().to_string().replace('\\', "/"))
    ));
    d.severity = Severity::Warning;
    Some(d)
}

/// [`load_corpus`] of files in memory, with no observer: for tests, rule cases and tools.
pub fn load_texts<N: Into<PathBuf>>(files: impl IntoIterator<Item = (N, String)>) -> Loaded {
    let files = files
        .into_iter()
        .map(|(n, t)| (n.into(), t.into_bytes()))
        .collect();
    load_corpus(Claims::Memory(files), SourceMap::default(), &Quiet)
}

/// [`load_corpus`] of files and directories on disk, with no observer.
pub fn load_paths(paths: &[PathBuf]) -> Loaded {
    let claims = Claims::Paths {
        paths,
        follow_links: false,
    };
    load_corpus(claims, SourceMap::default(), &Quiet)
}

/// Loads the rule files of `dir`, adding them to `sources`. When the directory was not
/// asked for (`explicit` false) and does not exist, there are no rules: an error (exit 2),
/// since a CI job that forgot its rules would otherwise pass every article; the claims are
/// still read and their own problems reported.
pub fn load_rules(
    dir: &Path,
    explicit: bool,
    sources: &mut SourceMap,
) -> (Vec<Rule>, Vec<Diagnostic>) {
    if !explicit && !dir.exists() {
        let e = Diagnostic::global(
            "rule",
            format!(
                "no rules: `{}/` not found, so no rule checked the claims",
                dir.display()
            ),
        )
        .with_help("pass a rules directory with `--rules DIR`, or run `verify init` to create one");
        return (Vec::new(), vec![e]);
    }
    load::load_rules(dir, sources)
}

/// Evaluates `rules` over `corpus` in parallel and puts the findings in their one
/// deterministic order; also how each rule went.
pub fn evaluate(
    rules: &[Rule],
    corpus: &Corpus,
    observer: &dyn Observer,
) -> (Vec<Finding>, Vec<RuleStat>) {
    let done = AtomicUsize::new(0);
    // What every rule reads of every claim, made once for all of them.
    let columns = engine::Columns::new(corpus);
    let per_rule: Vec<(Vec<Finding>, RuleStat)> = rules
        .par_iter()
        .map(|rule| {
            let started = Instant::now();
            let (found, candidates) = engine::run_rule_in(rule, corpus, &columns);
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            observer.progress(Progress::RuleDone {
                done: n,
                total: rules.len(),
                claims: corpus.claims.len(),
            });
            let stat = RuleStat {
                id: rule.id.clone(),
                seconds: started.elapsed().as_secs_f64(),
                candidates,
                findings: found.len(),
            };
            (found, stat)
        })
        .collect();
    let mut stats = Vec::with_capacity(per_rule.len());
    let mut all = Vec::with_capacity(per_rule.iter().map(|(found, _)| found.len()).sum());
    for (found, stat) in per_rule {
        all.extend(found);
        stats.push(stat);
    }
    (engine::finish(corpus, all), stats)
}

/// Reads and parses a baseline file, adding it to `sources`; a problem is a diagnostic
/// and leaves the baseline empty.
fn read_baseline(path: &Path, sources: &mut SourceMap, diags: &mut Vec<Diagnostic>) -> Baseline {
    match load::read_bytes(path) {
        Ok(bytes) => {
            let id: FileId = sources.files.len();
            sources.add(SourceFile::new(
                path.to_path_buf(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
            crate::baseline::parse(id, &sources.files[id].text).unwrap_or_else(|d| {
                diags.push(*d);
                Baseline::default()
            })
        }
        Err(e) => {
            diags.push(
                Diagnostic::global(
                    "baseline",
                    format!(
                        "cannot read baseline `{}`: {}",
                        path.display(),
                        load::io_reason(&e)
                    ),
                )
                .with_help("create one with `--write-baseline FILE`"),
            );
            Baseline::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records what an observer is told.
    #[derive(Default)]
    struct Log(std::sync::Mutex<Vec<String>>);

    impl Observer for Log {
        fn stage_done(&self, stage: Stage) {
            self.0.lock().unwrap().push(stage.name().to_owned());
        }
        fn rules_done(&self, stats: &[RuleStat]) {
            self.0
                .lock()
                .unwrap()
                .push(format!("{} rules", stats.len()));
        }
    }

    const RULE: &str = "id = \"visits\"\ntitle = \"T\"\nseverity = \"warning\"\ncategory = \"gap\"\nshape = \"each\"\nmessage = 'a visit'\ncondition = 'a.kind == \"visit\"'\n[explain]\nchecks = \"c\"\nwhy = \"w\"\nexample = \"e\"\n";

    #[test]
    fn check_runs_every_stage_in_order_and_sorts_problems_by_file() {
        let rule = crate::rules::compile(0, RULE).unwrap();
        let log = Log::default();
        let files = vec![
            (
                PathBuf::from("b.claims"),
                b"outlet o \"O\"\nperson p \"P\"\ncountry X \"X\"\nreport r by o\n  visit v: p to X\n  visit w: nobody to X\n".to_vec(),
            ),
            (PathBuf::from("a.claims"), b"outlet\n".to_vec()),
        ];
        let outcome = check(
            Inputs {
                parse: syntax::ParseOptions::default(),
                claims: Claims::Memory(files),
                rules: Rules::Given(vec![rule]),
                config: None,
                baseline: None,
                sources: SourceMap::default(),
            },
            &log,
        );
        assert_eq!(
            *log.0.lock().unwrap(),
            ["read", "parse", "resolve", "1 rules", "rules"]
        );
        assert_eq!(outcome.files, 2);
        assert_eq!(outcome.findings.len(), 1, "the visit that resolved");
        assert_eq!(outcome.known, [false]);
        let files: Vec<&str> = outcome
            .diagnostics
            .iter()
            .map(|d| outcome.sources.get(d.file.unwrap()).shown_path())
            .collect();
        assert_eq!(
            files,
            ["a.claims", "b.claims"],
            "sorted by file, not read order"
        );
        assert!(outcome.has_input_errors());
    }
}
