//! The file system, for the stages above it: finding claims files, reading them, loading
//! rule files, finding `verify.toml`, and writing files atomically. With the CLI, the only
//! place that touches the file system; it parses and resolves nothing (that is
//! [`crate::pipeline`]'s job).
//!
//! Directories are walked recursively for `*.claims` files in a stable (sorted) order.
//! Symbolic links are skipped with a warning unless `--follow-links` is given, and even
//! then never followed out of the walked directory nor back into one that contains them.
//! A file that cannot be read or decoded is reported and the others are still read.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, SourceFile, SourceMap};
use crate::syntax;

/// The extension of claims files.
pub const EXTENSION: &str = "claims";

/// Lists the claims files under `paths`: files given explicitly are taken as they are,
/// directories are walked for `*.claims` without following symbolic links. Missing paths
/// and unreadable directories are reported.
pub fn find_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    find_files_with(paths, false)
}

/// For a `claims` folder that is not there (what `verify` checks when given no path), run
/// from a folder that holds claims files itself: how to check them.
fn claims_beside(p: &Path, e: &std::io::Error) -> Option<String> {
    if e.kind() != std::io::ErrorKind::NotFound || p.file_name()? != "claims" {
        return None;
    }
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let holds_claims = std::fs::read_dir(parent)
        .ok()?
        .flatten()
        .any(|f| f.path().extension().is_some_and(|x| x == "claims"));
    // Rendering makes the path printable, as it does the message's.
    holds_claims.then(|| {
        if parent == Path::new(".") {
            "this folder holds `.claims` files itself: `verify .` checks them".to_owned()
        } else {
            let dir = parent.display();
            format!("`{dir}` holds `.claims` files itself: `verify {dir}` checks them")
        }
    })
}

/// Like [`find_files`]; with `follow_links`, symbolic links inside a walked directory are
/// followed as long as they stay inside it. A link that points outside the directory is
/// never followed (an error), nor is one that loops back to a directory containing it;
/// without `follow_links` other links are skipped with a warning.
pub fn find_files_with(paths: &[PathBuf], follow_links: bool) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                let mut d = Diagnostic::global(
                    "path",
                    format!("cannot read `{}`: {}", p.display(), io_reason(&e)),
                );
                if let Some(help) = claims_beside(p, &e) {
                    d = d.with_help(help);
                }
                diags.push(d);
                continue;
            }
        };
        if meta.is_file() {
            files.push(p.clone());
            continue;
        }
        if !meta.is_dir() {
            // A FIFO or a device: reading it could block or never end.
            diags.push(
                Diagnostic::global(
                    "path",
                    format!(
                        "cannot read `{}`: not a regular file or a directory",
                        p.display()
                    ),
                )
                .with_help("name a claims file or a directory of them"),
            );
            continue;
        }
        let root = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        let mut found = Vec::new();
        let errors_before = diags.len();
        let mut link_diags = Vec::new();
        let walker = walkdir::WalkDir::new(p)
            .follow_links(follow_links)
            .sort_by_file_name();
        let walker = walker.into_iter().filter_entry(|e| {
            if e.depth() == 0 || !e.path_is_symlink() {
                return true;
            }
            match check_link(e.path(), &root, p, follow_links) {
                None => true,
                Some(d) => {
                    link_diags.push(d);
                    false
                }
            }
        });
        for entry in walker {
            match entry {
                Ok(e) => {
                    if e.file_type().is_file()
                        && e.path().extension().is_some_and(|x| x == EXTENSION)
                    {
                        found.push(e.into_path());
                    }
                }
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| p.display().to_string());
                    let reason = match (e.loop_ancestor(), e.io_error()) {
                        (Some(a), _) => {
                            format!("symbolic link loop: it leads back to `{}`", a.display())
                        }
                        (None, Some(io)) => io_reason(io),
                        (None, None) => e.to_string(),
                    };
                    diags.push(Diagnostic::global(
                        "path",
                        format!("cannot read `{path}`: {reason}"),
                    ));
                }
            }
        }
        diags.extend(link_diags);
        if found.is_empty() && diags.len() == errors_before {
            diags.push(Diagnostic::warning(
                "empty",
                0,
                Default::default(),
                format!("no `*.{EXTENSION}` files found in `{}`", p.display()),
            ));
            if let Some(d) = diags.last_mut() {
                d.file = None;
            }
        }
        files.extend(found);
    }
    (files, diags)
}

/// Decides whether a symbolic link met while walking `shown` (canonically `root`) may be
/// followed (`None`): never outside the root, never back into a directory that contains it.
fn check_link(link: &Path, root: &Path, shown: &Path, follow: bool) -> Option<Diagnostic> {
    let target = match std::fs::canonicalize(link) {
        Ok(t) => t,
        Err(e) => {
            let mut d = Diagnostic::global(
                "path",
                format!(
                    "skipped symbolic link `{}`: its target cannot be read ({})",
                    link.display(),
                    io_reason(&e)
                ),
            );
            d.severity = crate::diag::Severity::Warning;
            return Some(d);
        }
    };
    if !target.starts_with(root) {
        return Some(
            Diagnostic::global(
                "path",
                format!(
                    "not following symbolic link `{}`: it points outside `{}`",
                    link.display(),
                    shown.display()
                ),
            )
            .with_help("copy the file into the directory, or pass the target's path explicitly"),
        );
    }
    let parent = link.parent().and_then(|p| std::fs::canonicalize(p).ok());
    if target.is_dir() && parent.is_some_and(|p| p.starts_with(&target)) {
        return Some(Diagnostic::global("path", format!("not following symbolic link `{}`: symbolic link loop, it points back to `{}`, which contains it", link.display(), target.display())));
    }
    if !follow {
        let mut d = Diagnostic::global(
            "path",
            format!("skipped symbolic link `{}`", link.display()),
        );
        d.severity = crate::diag::Severity::Warning;
        return Some(d.with_help(
            "pass `--follow-links` to follow links that stay inside the checked directory",
        ));
    }
    None
}

/// A plain, lowercase reason for an IO error.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".to_owned(),
        PermissionDenied => "permission denied".to_owned(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(n) => s[..n].to_lowercase(),
                None => s.to_lowercase(),
            }
        }
    }
}

/// Reads standard input as one claims file, shown as `<stdin>` (`verify -`).
pub fn read_stdin_into(map: &mut SourceMap) -> Vec<Diagnostic> {
    use std::io::Read;
    let mut bytes = Vec::new();
    let id = map.files.len();
    match std::io::stdin().lock().read_to_end(&mut bytes) {
        Ok(_) => {
            let (text, diags) = crate::syntax::source::decode_owned(bytes, id);
            map.add(SourceFile::new("<stdin>", text));
            diags
        }
        Err(e) => vec![Diagnostic::global(
            "read",
            format!("cannot read standard input: {}", io_reason(&e)),
        )],
    }
}

/// Reads and decodes each file into a new [`SourceMap`]. Unreadable files are reported
/// and left out.
pub fn read_sources(files: &[PathBuf]) -> (SourceMap, Vec<Diagnostic>) {
    let mut map = SourceMap::default();
    let diags = read_sources_into(files, &mut map);
    (map, diags)
}

/// Reads and decodes each file, adding it to `map` after the files already there, in the
/// order given. Unreadable files are reported and left out.
pub fn read_sources_into(files: &[PathBuf], map: &mut SourceMap) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (path, read) in files.iter().zip(read_all(files)) {
        match read {
            Ok(bytes) => {
                let id = map.files.len();
                let (text, d) = syntax::source::decode_owned(bytes, id);
                map.add(SourceFile::new(path.clone(), text));
                diags.extend(d);
            }
            Err(e) => diags.push(Diagnostic::global(
                "read",
                format!("cannot read `{}`: {}", path.display(), io_reason(&e)),
            )),
        }
    }
    diags
}

/// At most this many files are read at once.
const READERS: usize = 8;

/// The bytes of each file, in the order given. Many files are read by several threads at
/// once: a storage device not yet holding them in the page cache serves parallel reads
/// faster (a 985 MB corpus of 32,000 files, out of the page cache: 5.8 s read one after
/// the other, 3.2 s four at a time, 2.3 s eight at a time), and the work is waiting, not
/// computing, so more threads than cores.
fn read_all(files: &[PathBuf]) -> Vec<std::io::Result<Vec<u8>>> {
    if files.len() < 2 * READERS {
        return files.iter().map(std::fs::read).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut read: Vec<(usize, std::io::Result<Vec<u8>>)> = std::thread::scope(|scope| {
        // A thread the system refuses is one reader fewer: the others take its files, and
        // files no reader returned are read below, on this thread.
        let workers: Vec<_> = (0..READERS)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, || {
                        let mut mine = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(path) = files.get(i) else { break };
                            mine.push((i, std::fs::read(path)));
                        }
                        mine
                    })
                    .ok()
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    read.sort_unstable_by_key(|(i, _)| *i);
    let mut out: Vec<std::io::Result<Vec<u8>>> = Vec::with_capacity(files.len());
    let mut got = read.into_iter().peekable();
    for (i, path) in files.iter().enumerate() {
        match got.next_if(|(j, _)| *j == i) {
            Some((_, r)) => out.push(r),
            None => out.push(std::fs::read(path)),
        }
    }
    out
}

/// The `*.claims` files in the directory of `file`, other than it, sorted: where names a
/// file uses may be declared when it is checked alone.
pub fn sibling_claims(file: &Path) -> Vec<PathBuf> {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == EXTENSION)
                && p.is_file()
                && p.file_name() != file.file_name()
        })
        .map(|p| match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => p,
            // Shown as the user wrote the file: `a.claims`, not `./a.claims`.
            _ => p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p),
        })
        .collect();
    out.sort();
    out
}

/// The bytes of one file (a baseline, a configuration).
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// Orders diagnostics by file path, then position, so output does not depend on the order
/// in which files were found or stages ran.
pub fn sort_diagnostics(map: &SourceMap, diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.file.map(|f| map.get(f).path.clone()), d.span.start);
        key(a).cmp(&key(b))
    });
}

/// Writes `contents` to `path` safely; see [`write_atomic_with`].
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| std::io::Write::write_all(f, contents))
}

/// Writes `path` with `write`, which fills a temporary file in the same directory; only
/// when it succeeds (and the data is synced) does the new text replace the old. On any error
/// the original is left untouched and the temporary file is removed. What is at `path` is
/// respected:
///
/// - a symbolic link is written through, to the regular file it names (the link stays);
/// - anything but a regular file (a device, a FIFO, a directory) is refused;
/// - a read-only file is refused;
/// - an existing file keeps its permissions and (where the system allows) its owner; one
///   with other hard links is rewritten in place, so the links keep sharing it;
/// - a new file gets the permissions the umask allows (`0666 & !umask`), like any file a
///   program creates.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    let refuse = |why: &str| Err(Error::other(why.to_owned()));
    // The file the text goes to: a symbolic link's target.
    let target: PathBuf = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match std::fs::canonicalize(path) {
            Ok(t) => t,
            Err(_) => return refuse("a symbolic link to nothing; not written"),
        },
        _ => path.to_path_buf(),
    };
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(m) = &existing {
        if !m.is_file() {
            return refuse("not a regular file; not written");
        }
        if m.permissions().readonly() {
            return refuse("the file is read-only; not written");
        }
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".verify-").suffix(".tmp");
    #[cfg(unix)]
    let new_mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    };
    #[cfg(unix)]
    builder.permissions(match &existing {
        Some(m) => m.permissions(),
        None => new_mode,
    });
    let mut tmp = builder.tempfile_in(dir)?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    #[cfg(unix)]
    if let Some(m) = &existing {
        use std::os::unix::fs::MetadataExt;
        // The umask may have narrowed the mode: set it exactly, then the owner if allowed.
        tmp.as_file().set_permissions(m.permissions())?;
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(m.uid()), Some(m.gid()));
        if m.nlink() > 1 {
            // Hard links share the file: rewrite it in place rather than replace it.
            let mut from = std::fs::File::open(tmp.path())?;
            let mut to = std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&target)?;
            std::io::copy(&mut from, &mut to)?;
            to.sync_all()?;
            return Ok(());
        }
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Reads and compiles every `*.toml` rule file in `dir` (sorted), adding the files to
/// `map` so rule errors render with snippets. A broken rule file is reported and the
/// others still load; duplicate ids and an empty directory are errors.
pub fn load_rules(dir: &Path, map: &mut SourceMap) -> (Vec<crate::rules::Rule>, Vec<Diagnostic>) {
    let mut rules = Vec::new();
    let mut diags = Vec::new();
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            diags.push(Diagnostic::global(
                "rule",
                format!(
                    "cannot read rules from `{}`: expected a directory, found a file",
                    dir.display()
                ),
            ));
            return (rules, diags);
        }
        Err(e) => {
            diags.push(
                Diagnostic::global(
                    "rule",
                    format!(
                        "cannot read rules from `{}`: {}",
                        dir.display(),
                        io_reason(&e)
                    ),
                )
                .with_help("pass the rules directory with `--rules DIR`"),
            );
            return (rules, diags);
        }
    }
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .max_depth(1)
        .follow_links(false)
        .sort_by_file_name()
    {
        match entry {
            Ok(e)
                if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml") =>
            {
                files.push(e.into_path())
            }
            Ok(_) => {}
            Err(e) => diags.push(Diagnostic::global(
                "rule",
                format!("cannot read `{}`: {e}", dir.display()),
            )),
        }
    }
    if files.is_empty() {
        diags.push(Diagnostic::global(
            "rule",
            format!(
                "no rules: expected `*.toml` rule files in `{}`, found none",
                dir.display()
            ),
        ));
        return (rules, diags);
    }
    for path in files {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::global(
                    "read",
                    format!("cannot read `{}`: {}", path.display(), io_reason(&e)),
                ));
                continue;
            }
        };
        compile_rule_file(path, &bytes, map, &mut rules, &mut diags);
    }
    diags.extend(crate::rules::remove_duplicates(&mut rules));
    (rules, diags)
}

/// Adds one rule file to `map` and compiles it.
fn compile_rule_file(
    path: PathBuf,
    bytes: &[u8],
    map: &mut SourceMap,
    rules: &mut Vec<crate::rules::Rule>,
    diags: &mut Vec<Diagnostic>,
) {
    let id = map.files.len();
    let (text, d) = crate::syntax::source::decode(bytes, id);
    map.add(SourceFile::new(path, text));
    if !d.is_empty() {
        diags.extend(d);
        return;
    }
    match crate::rules::compile(id, &map.files[id].text) {
        Ok(r) => rules.push(r),
        Err(d) => diags.extend(d),
    }
}

/// Compiles the standard pack built into the binary (its files shown as
/// `<standard pack>/NAME.toml`).
pub fn load_pack(map: &mut SourceMap) -> (Vec<crate::rules::Rule>, Vec<Diagnostic>) {
    let (mut rules, mut diags) = (Vec::new(), Vec::new());
    for (name, text) in crate::rules::pack::FILES {
        let path = Path::new(crate::rules::pack::DIR).join(name);
        compile_rule_file(path, text.as_bytes(), map, &mut rules, &mut diags);
    }
    (rules, diags)
}

/// Whether `dir` is a directory holding at least one `*.toml` file.
pub fn has_rule_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
    })
}

/// Finds `verify.toml` in `start` or the nearest directory above it.
pub fn discover_config(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(crate::config::FILE_NAME))
        .find(|p| p.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files read several at a time are added in the order given, each with its own text,
    /// and one that cannot be read is reported in its place and left out.
    #[test]
    fn files_read_at_once_keep_their_order_and_a_missing_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for i in 0..(3 * READERS) {
            if i == 7 {
                paths.push(dir.path().join("missing.claims"));
            }
            let p = dir.path().join(format!("f{:02}.claims", (i * 7) % 50));
            std::fs::write(&p, format!("# file {i}\n")).unwrap();
            paths.push(p);
        }
        let mut map = SourceMap::default();
        let diags = read_sources_into(&paths, &mut map);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].message.contains("missing.claims"),
            "{:?}",
            diags[0]
        );
        let read: Vec<&PathBuf> = map.files.iter().map(|f| &f.path).collect();
        let expected: Vec<&PathBuf> = paths.iter().filter(|p| p.exists()).collect();
        assert_eq!(read, expected);
        for (i, f) in map.files.iter().enumerate() {
            assert_eq!(*f.text, format!("# file {i}\n"));
        }
    }

    #[test]
    fn an_interrupted_write_leaves_the_original_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.claims");
        std::fs::write(&path, "original\n").unwrap();
        let result = write_atomic_with(&path, |f| {
            std::io::Write::write_all(f, b"half of the new con")?;
            Err(std::io::Error::other("interrupted"))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "original\n");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            vec![std::ffi::OsString::from("a.claims")],
            "no temporary file is left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_rewrite_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.claims");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o604)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o604
        );
    }
}
