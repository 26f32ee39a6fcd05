//! What the user sees while a check runs: a progress line on a terminal, and with
//! `--timings` the time and peak memory of each stage and rule, fed by the pipeline's
//! [`Observer`](crate::pipeline::Observer).

use std::io::{IsTerminal as _, Write as _};

use super::plural;
use crate::pipeline;

/// A status line on standard error, only on a terminal, erased when done.
struct Progress {
    on: bool,
}

/// Wall time per stage, printed by `--timings`.
pub(super) struct Timings {
    on: bool,
    last: std::time::Instant,
    start: std::time::Instant,
}

impl Timings {
    fn new(on: bool) -> Self {
        let now = std::time::Instant::now();
        Timings {
            on,
            last: now,
            start: now,
        }
    }
    /// Ends the stage `name`, printing its duration and the peak memory so far.
    pub(super) fn stage(&mut self, name: &str) {
        if self.on {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {name:<8} {:>9.3} s{}",
                (now - self.last).as_secs_f64(),
                peak_memory()
            );
            self.last = now;
        }
    }
    pub(super) fn total(&self) {
        if self.on {
            eprintln!(
                "timing: {:<8} {:>9.3} s{}",
                "total",
                self.start.elapsed().as_secs_f64(),
                peak_memory()
            );
        }
    }
}

/// `, peak memory N MiB` where the system tells (Linux), else nothing.
pub(super) fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|kb| kb.trim().parse::<u64>().ok())
        .map(|kb| format!(", peak memory {} MiB", kb / 1024))
        .unwrap_or_default()
}

impl Progress {
    fn new(quiet: bool) -> Self {
        Progress {
            on: !quiet && std::io::stderr().is_terminal(),
        }
    }
    fn show(&self, msg: &str) {
        if self.on {
            let mut e = std::io::stderr().lock();
            let _ = write!(e, "\r\x1b[2K{msg}");
            let _ = e.flush();
        }
    }
    fn done(&self) {
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

/// The progress line and `--timings`, fed by the pipeline.
pub(super) struct Watch {
    progress: Progress,
    timings: std::sync::Mutex<Timings>,
}

impl Watch {
    /// No progress line when `quiet`; stage times on standard error with `timings`.
    pub(super) fn new(quiet: bool, timings: bool) -> Self {
        Watch {
            progress: Progress::new(quiet),
            timings: std::sync::Mutex::new(Timings::new(timings)),
        }
    }

    /// The stage times, to time the stages after the pipeline (output).
    pub(super) fn into_timings(self) -> Timings {
        self.timings.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl pipeline::Observer for Watch {
    fn progress(&self, what: pipeline::Progress) {
        use pipeline::Progress as P;
        match what {
            P::FindingFiles => self.progress.show("finding claims files…"),
            P::Reading { files } => self
                .progress
                .show(&format!("reading {}…", plural(files, "file", "files"))),
            P::Parsing { files } => self
                .progress
                .show(&format!("parsing {}…", plural(files, "file", "files"))),
            P::Resolving => self
                .progress
                .show("resolving names, attribution and dates…"),
            P::LoadingRules => self.progress.show("loading rules…"),
            P::RuleDone {
                done,
                total,
                claims,
            } => self.progress.show(&format!(
                "checking {claims} claims: {done}/{total} rules done…"
            )),
        }
    }
    fn stage_done(&self, stage: pipeline::Stage) {
        if stage == pipeline::Stage::Rules {
            self.progress.done();
        }
        if let Ok(mut t) = self.timings.lock() {
            t.stage(stage.name());
        }
    }
    fn rules_done(&self, stats: &[pipeline::RuleStat]) {
        let on = self.timings.lock().is_ok_and(|t| t.on);
        if on {
            // Rules run in parallel: their times overlap and add up to more than the stage.
            let mut slowest: Vec<&pipeline::RuleStat> = stats.iter().collect();
            slowest.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
            for r in slowest {
                eprintln!(
                    "timing:   rule {:<28} {:>8.3} s, {} candidates, {} findings",
                    crate::diag::clean(&r.id),
                    r.seconds,
                    r.candidates,
                    r.findings
                );
            }
        }
    }
}
