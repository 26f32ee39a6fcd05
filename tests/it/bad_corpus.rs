//! The bad-input corpus, `tests/data/bad/CASE/`: each case is a small project tree (claims,
//! rules, `verify.toml`) with a `case.toml` saying how to run `verify` on it and what it must
//! print. Inputs that cannot live in git (symbolic links, a 50 MB line, unreadable files)
//! are made by the case's `setup` line. Every case must finish without a panic within its
//! time limit, exit as expected, and print the expected messages — including the findings
//! of the good files beside the bad ones.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    setup: Option<String>,
    args: Vec<String>,
    exit: i32,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    stdout: Vec<String>,
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else if e.file_name() != "case.toml" {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Runs a setup line; returns false when the case cannot be set up here (skip it).
fn setup(dir: &Path, line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        ["link", link, target] => {
            std::os::unix::fs::symlink(target, dir.join(link)).unwrap();
            true
        }
        ["lock", path] => {
            use std::os::unix::fs::PermissionsExt;
            let p = dir.join(path);
            std::fs::write(&p, "outlet z \"Z\"\n").unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
            std::fs::read(&p).is_err()
        }
        ["huge", path, size] => {
            let size: usize = size.parse().unwrap();
            let mut text = vec![b'x'; size];
            text[..6].copy_from_slice(b"person");
            std::fs::write(dir.join(path), text).unwrap();
            true
        }
        ["nested", path, n] => {
            let n: usize = n.parse().unwrap();
            let text = format!(
                "outlet q \"{}\"\nreport r by q\n  event e: {}\n{}\n",
                "\"".repeat(n),
                "(".repeat(n),
                "[".repeat(n)
            );
            std::fs::write(dir.join(path), text).unwrap();
            true
        }
        _ => panic!("unknown setup `{line}`"),
    }
}

#[test]
fn every_bad_input_case() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad");
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "{cases:?}");
    for case_dir in cases {
        let name = case_dir.file_name().unwrap().to_string_lossy().into_owned();
        let case: Case =
            toml::from_str(&std::fs::read_to_string(case_dir.join("case.toml")).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        let tmp = tempfile::tempdir().unwrap();
        copy_tree(&case_dir, tmp.path());
        // `@rules` in verify.toml or arguments stands for the standard rules.
        let config = tmp.path().join("verify.toml");
        if config.is_file() {
            let text = std::fs::read_to_string(&config)
                .unwrap()
                .replace("@rules", rules.to_str().unwrap());
            std::fs::write(&config, text).unwrap();
        }
        if let Some(line) = &case.setup {
            if !setup(tmp.path(), line) {
                eprintln!("{name}: skipped (cannot be set up as this user)");
                continue;
            }
        }
        let args: Vec<String> = case
            .args
            .iter()
            .map(|a| a.replace("@rules", rules.to_str().unwrap()))
            .collect();
        let mut child = Command::new(env!("CARGO_BIN_EXE_verify"))
            .args(&args)
            .current_dir(tmp.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read the pipes on threads so a chatty child cannot block, and enforce a time limit.
        let mut out = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let out_t = std::thread::spawn(move || {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut out, &mut s).ok();
            s
        });
        let err_t = std::thread::spawn(move || {
            let mut s = Vec::new();
            std::io::Read::read_to_end(&mut err, &mut s).ok();
            String::from_utf8_lossy(&s).into_owned()
        });
        let start = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if start.elapsed() > Duration::from_secs(120) {
                child.kill().ok();
                panic!("{name}: hung for more than 120 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let (stdout, stderr) = (out_t.join().unwrap(), err_t.join().unwrap());
        assert!(!stderr.contains("panicked"), "{name}: panic\n{stderr}");
        assert_eq!(
            status.code(),
            Some(case.exit),
            "{name}: exit status\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        for want in &case.stderr {
            assert!(
                stderr.contains(want.as_str()),
                "{name}: stderr lacks `{want}`:\n{stderr}"
            );
        }
        for want in &case.stdout {
            assert!(
                stdout.contains(want.as_str()),
                "{name}: stdout lacks `{want}`:\n{stdout}"
            );
        }
    }
}
