//! `verify --watch`: check, then check again whenever a claims file, a rule file or
//! `verify.toml` changes (file system events through `notify`, gathered for a moment so one
//! save is one run), clearing a terminal between runs; Ctrl-C stops it.

use std::collections::BTreeSet;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher as _};

use super::args::Cli;
use super::{check, print_diagnostics, settings};
use crate::diag::SourceMap;

/// How long events are gathered after the first, so that an editor's save (write, rename,
/// metadata) is one run.
const SETTLE: Duration = Duration::from_millis(200);

/// What to watch: a folder, and whether below it too.
type Spot = (PathBuf, bool);

pub(super) fn watch(cli: &Cli, color: bool) -> i32 {
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return 2;
        }
    };
    let mut watched: BTreeSet<Spot> = BTreeSet::new();
    let terminal = std::io::stdout().is_terminal();
    let mut run = 0usize;
    loop {
        run += 1;
        if terminal && run > 1 {
            // Clear the screen and go home, as watch tools do.
            print!("\x1b[2J\x1b[H");
        }
        let mut map = SourceMap::default();
        let (code, spots) = match settings::settings(cli, color, &mut map) {
            Ok(s) => {
                let spots = spots(&s);
                (check::run_check(&s, map, check::Done::Free), spots)
            }
            Err(diags) => {
                print_diagnostics(&map, &diags, color);
                // A broken verify.toml: watch the working directory for its fix.
                (2, vec![(PathBuf::from("."), false)])
            }
        };
        for spot in spots {
            if !watched.contains(&spot) {
                let mode = if spot.1 {
                    RecursiveMode::Recursive
                } else {
                    RecursiveMode::NonRecursive
                };
                // A path that does not exist yet is not watched; the run said so.
                if watcher.watch(&spot.0, mode).is_ok() {
                    watched.insert(spot);
                }
            }
        }
        println!("\nwatching for changes (exit status of this run: {code}); Ctrl-C to stop");
        let _ = std::io::stdout().flush();
        // Wait for a change that matters, then let the burst settle.
        loop {
            match rx.recv() {
                Ok(Ok(event))
                    if changes(&event.kind) && event.paths.iter().any(|p| relevant(p)) =>
                {
                    break
                }
                Ok(_) => {}
                Err(_) => return 2,
            }
        }
        while rx.recv_timeout(SETTLE).is_ok() {}
    }
}

/// The folders a run read: each claims directory (and below), the folder of each claims
/// file, each rules directory, and the folder of `verify.toml`.
fn spots(s: &settings::Settings) -> Vec<Spot> {
    let mut out = Vec::new();
    for p in &s.paths {
        if p.is_dir() {
            out.push((p.clone(), true));
        } else if let Some(parent) = p.parent() {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            out.push((parent.to_path_buf(), false));
        }
    }
    for d in s.rules.dirs.iter().chain(&s.rules.implicit) {
        if d.is_dir() {
            out.push((d.clone(), false));
        }
    }
    match s.config.as_ref().and_then(|c| c.path.parent()) {
        Some(dir) if !dir.as_os_str().is_empty() => out.push((dir.to_path_buf(), false)),
        _ => out.push((PathBuf::from("."), false)),
    }
    out
}

/// Whether an event changes what a file holds (a run's own reads, and the access times
/// they touch, are events too: they must not start another run).
fn changes(kind: &notify::EventKind) -> bool {
    use notify::event::{EventKind, ModifyKind};
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        _ => false,
    }
}

/// Whether a changed path can change a run: a claims file, a rule file, `verify.toml`.
fn relevant(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "claims" || x == "toml")
}
