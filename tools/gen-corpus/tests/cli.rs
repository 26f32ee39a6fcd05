//! The `gen-corpus` command line: it refuses bad arguments with exit status 2, does not
//! mix a new corpus with an earlier one unless `--force`d, and writes the same bytes as
//! the library called with the same options. (What it writes is tested with `verify` in
//! the main package's integration tests, `tests/it/peer.rs`.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the built `gen-corpus` binary with `args`.
fn gen_corpus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gen-corpus"))
        .args(args)
        .output()
        .expect("the gen-corpus binary runs")
}

/// Runs the binary with `args` and `--out dir`, which must succeed.
fn gen_corpus_ok(dir: &Path, args: &[&str]) {
    let mut args = args.to_vec();
    args.extend(["--out", dir.to_str().expect("a UTF-8 temporary path")]);
    let out = gen_corpus(&args);
    assert!(
        out.status.success(),
        "gen-corpus {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn bad_arguments_are_refused_with_exit_status_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().to_str().unwrap();
    for args in [
        vec!["--claims", "0", "--out", out_dir],
        vec!["--claims", "many", "--out", out_dir],
        vec!["--claims", "10"],
        vec!["--out", out_dir],
        vec!["--claims", "10", "--out", out_dir, "--bogus"],
        vec!["--claims", "10", "--out", out_dir, "--segment-claims", "0"],
        vec!["--claims", "10", "--out", out_dir, "--segment-claims", "x"],
    ] {
        let out = gen_corpus(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("error"), "{args:?}: {stderr}");
    }
    // An earlier corpus is not mixed with a new one by accident.
    gen_corpus_ok(tmp.path(), &["--claims", "50", "--seed", "1"]);
    let out = gen_corpus(&["--claims", "50", "--out", out_dir]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let out = gen_corpus(&["--claims", "50", "--out", out_dir, "--force"]);
    assert!(out.status.success());
    let help = gen_corpus(&["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Example:"));
}

#[test]
fn the_binary_writes_what_the_library_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let (bin, lib) = (tmp.path().join("bin"), tmp.path().join("lib"));
    gen_corpus_ok(
        &bin,
        &[
            "--claims",
            "900",
            "--seed",
            "3",
            "--per-file",
            "120",
            "--segment-claims",
            "400",
            "--mark-planted",
        ],
    );
    let options = gen_corpus::Options {
        per_file: 120,
        segment_claims: Some(400),
        mark_planted: true,
        ..gen_corpus::Options::new(900, 3)
    };
    let written = gen_corpus::generate(&lib, &options).expect("the library writes a corpus");
    let (fb, fl) = (files(&bin), files(&lib));
    assert!(fb == fl, "the binary and the library wrote different files");
    let parts = fb.keys().filter(|p| p.starts_with("claims")).count();
    assert_eq!(written.files, parts);
    assert!(written.claims >= 900, "{written:?}");

    // --facts-only writes the facts of the claims already there, as the library does.
    for dir in [&bin, &lib] {
        std::fs::remove_dir_all(dir.join("facts")).unwrap();
    }
    gen_corpus_ok(&bin, &["--facts-only"]);
    gen_corpus::write_facts(&lib).expect("the library writes the facts");
    let (fb, fl) = (files(&bin.join("facts")), files(&lib.join("facts")));
    assert!(fb.contains_key(Path::new("claims.csv")), "{:?}", fb.keys());
    assert!(
        fb == fl,
        "--facts-only and the library wrote different facts"
    );
}
