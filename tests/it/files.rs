//! What `verify` writes (`fmt`, `--write-baseline`, `init`) respects what is at the path: a
//! symbolic link is written through and stays a link, a device, a FIFO or a directory is
//! refused, a read-only file is left alone, permissions and hard links are kept, and new
//! files get the permissions the umask allows.
#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;

use crate::support::run;

/// A claims file that `verify fmt` rewrites (extra spaces).
const UNFORMATTED: &str = "outlet   o \"O\"\nevent g \"G\"\nreport r by o published 2024-06-30\n  event e: g on 2024-06-26\n";

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn rules() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn fmt_writes_through_a_symbolic_link_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.claims");
    std::fs::write(&real, UNFORMATTED).unwrap();
    let link = dir.path().join("link.claims");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let r = run(dir.path(), &["fmt", "link.claims"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .starts_with("outlet o \"O\""));
}

#[test]
fn fmt_keeps_permissions_and_hard_links_and_leaves_read_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.claims");
    std::fs::write(&a, UNFORMATTED).unwrap();
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    let twin = dir.path().join("twin.claims.bak");
    std::fs::hard_link(&a, &twin).unwrap();
    let r = run(dir.path(), &["fmt", "a.claims"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(mode(&a), 0o640);
    assert_eq!(
        std::fs::metadata(&a).unwrap().ino(),
        std::fs::metadata(&twin).unwrap().ino()
    );
    assert!(std::fs::read_to_string(&twin)
        .unwrap()
        .starts_with("outlet o \"O\""));

    let ro = dir.path().join("ro.claims");
    std::fs::write(&ro, UNFORMATTED).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let r = run(dir.path(), &["fmt", "ro.claims"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), UNFORMATTED);
    assert_eq!(mode(&ro), 0o444);
}

#[test]
fn a_baseline_is_written_through_a_link_and_never_over_a_special_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir(p.join("claims")).unwrap();
    std::fs::write(
        p.join("claims/a.claims"),
        "outlet a \"A\"\nevent g \"Games\"\nreport x by a\n  event e: g on 2024-06-29 (Friday)\n",
    )
    .unwrap();
    let rules = rules();
    // Through a link: the target gets the baseline, the link stays.
    std::fs::write(p.join("real.json"), "").unwrap();
    std::os::unix::fs::symlink("real.json", p.join("baseline.json")).unwrap();
    let r = run(
        p,
        &[
            "claims",
            "--rules",
            &rules,
            "--write-baseline",
            "baseline.json",
        ],
    );
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert!(std::fs::symlink_metadata(p.join("baseline.json"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(p.join("real.json"))
        .unwrap()
        .contains("weekday-mismatch"));
    // A directory, and a FIFO when the system can make one: refused, left as they are.
    std::fs::create_dir(p.join("dir.json")).unwrap();
    let r = run(
        p,
        &["claims", "--rules", &rules, "--write-baseline", "dir.json"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    assert!(p.join("dir.json").is_dir());
    let made = std::process::Command::new("mkfifo")
        .arg(p.join("fifo.json"))
        .status();
    if made.is_ok_and(|s| s.success()) {
        let r = run(
            p,
            &["claims", "--rules", &rules, "--write-baseline", "fifo.json"],
        );
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
        assert!(std::fs::symlink_metadata(p.join("fifo.json"))
            .unwrap()
            .file_type()
            .is_fifo());
    }
}

/// New files follow the umask (they were created 0600 whatever it said).
#[test]
fn new_files_get_the_permissions_the_umask_allows() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let verify = env!("CARGO_BIN_EXE_verify");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask 022 && exec '{verify}' init proj"))
        .current_dir(p)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&p.join("proj/verify.toml")), 0o644);
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 027 && exec '{verify}' proj/claims --write-baseline b.json -q"
        ))
        .current_dir(p)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_ne!(status.code(), Some(2));
    assert_eq!(mode(&p.join("b.json")), 0o640);
}
