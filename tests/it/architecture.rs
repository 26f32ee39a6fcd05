//! The architecture is enforced, not just written: every `crate::…` path in a module of
//! `src/` must name a module listed before it in `ARCHITECTURE.md`'s layer list, and every
//! module declared in `src/lib.rs` must be in that list.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layer list: the lines of the ```` ```text layers ```` block of `ARCHITECTURE.md`.
fn layers(architecture: &str) -> Vec<String> {
    let start = architecture
        .find("```text layers\n")
        .expect("ARCHITECTURE.md has a ```text layers block");
    let body = &architecture[start + "```text layers\n".len()..];
    let end = body.find("```").expect("the layers block is closed");
    body[..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The top-level modules `crate::…` paths in `code` name, with the line they are on.
/// Comments are skipped (docs may name any module); `use crate::{a, b::c}` names both.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut group_depth = 0usize;
    for (n, line) in code.lines().enumerate() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut rest = line;
        // Inside `use crate::{ … }` spanning lines, each first path segment is a module.
        if group_depth > 0 {
            for part in line.split(',') {
                let part = part.trim().trim_start_matches('{').trim();
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && group_depth == 1 {
                    out.push((n + 1, name));
                }
                group_depth += part.matches('{').count();
                group_depth = group_depth.saturating_sub(part.matches('}').count());
            }
            continue;
        }
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().last();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `mycrate::`, not `crate::`
            }
            if let Some(group) = rest.strip_prefix('{') {
                let close = group.find('}');
                let inner = &group[..close.unwrap_or(group.len())];
                let mut depth = 0;
                for part in inner.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if depth == 0 && !name.is_empty() {
                        out.push((n + 1, name));
                    }
                    depth += part.matches('{').count();
                    depth = depth.saturating_sub(part.matches('}').count());
                }
                if close.is_none() {
                    group_depth = 1 + depth;
                }
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((n + 1, name));
            }
        }
    }
    out
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The top-level module a file of `src/` belongs to (`src/model/time.rs` → `model`);
/// `None` for the crate root and the binaries.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    if first == "bin" || rel == Path::new("lib.rs") || rel == Path::new("main.rs") {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_owned())
}

/// The backward imports in the files of `src`, as `file:line: a uses b`.
fn violations(src: &Path, order: &[String]) -> Vec<String> {
    let rank: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for file in rust_files(src) {
        let Some(module) = module_of(src, &file) else {
            continue;
        };
        let Some(&own) = rank.get(module.as_str()) else {
            out.push(format!(
                "{}: module `{module}` is not in the layer list",
                file.display()
            ));
            continue;
        };
        let code = std::fs::read_to_string(&file).unwrap();
        for (line, used) in crate_paths(&code) {
            if used == module || used == "self" || used == "super" {
                continue;
            }
            match rank.get(used.as_str()) {
                Some(&r) if r < own => {}
                Some(_) => out.push(format!(
                    "{}:{line}: `{module}` uses `{used}`, which comes after it in the layers",
                    file.display()
                )),
                None => out.push(format!(
                    "{}:{line}: `{module}` uses `{used}`, which is not in the layer list",
                    file.display()
                )),
            }
        }
    }
    out
}

#[test]
fn no_module_uses_one_after_it_in_the_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let order = layers(&std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap());
    let found = violations(&root.join("src"), &order);
    assert!(
        found.is_empty(),
        "backward imports (see ARCHITECTURE.md, Layers):\n{}",
        found.join("\n")
    );
}

#[test]
fn every_module_is_in_the_layer_list() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let order = layers(&std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap());
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert!(!declared.is_empty());
    for m in &declared {
        assert!(
            order.iter().any(|o| o == m),
            "`{m}` is declared in src/lib.rs but missing from ARCHITECTURE.md's layers"
        );
    }
    for o in &order {
        assert!(
            declared.contains(&o.as_str()),
            "`{o}` is in ARCHITECTURE.md's layers but not declared in src/lib.rs"
        );
    }
}

#[test]
fn the_checker_finds_a_backward_import() {
    // A scratch tree: `model` reaching up into `engine`, in each form a path can take.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir(src.join("model")).unwrap();
    std::fs::write(
        src.join("model/mod.rs"),
        "//! Docs may name crate::engine freely.\nuse crate::syntax::Item;\nuse crate::{calendar, engine::Finding};\nfn f() { crate::report::x(); }\n",
    )
    .unwrap();
    std::fs::write(
        src.join("syntax.rs"),
        "use crate::{\n    calendar::Day,\n    diag::{Span, Diagnostic},\n    rules,\n};\n",
    )
    .unwrap();
    let order: Vec<String> = [
        "calendar", "diag", "syntax", "model", "rules", "engine", "report",
    ]
    .map(String::from)
    .to_vec();
    let found = violations(src, &order);
    let names: Vec<&str> = found
        .iter()
        .map(|v| v.rsplit_once(": ").unwrap().1)
        .collect();
    assert_eq!(
        names,
        [
            "`model` uses `engine`, which comes after it in the layers",
            "`model` uses `report`, which comes after it in the layers",
            "`syntax` uses `rules`, which comes after it in the layers",
        ],
        "{found:#?}"
    );
}

/// The string literal that starts `text` (after spaces and line breaks), if any.
fn leading_literal(text: &str) -> Option<&str> {
    let t = text.trim_start().strip_prefix('"')?;
    t.find('"').map(|end| &t[..end])
}

/// Every diagnostic code written in `src/`: the first argument of `Diagnostic::error`,
/// `warning` and `global`, and of `toml_error`.
fn codes_in_source(src: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in rust_files(src) {
        let code = std::fs::read_to_string(&file).unwrap();
        for call in [
            "Diagnostic::error(",
            "Diagnostic::warning(",
            "Diagnostic::global(",
            "toml_error(",
        ] {
            for (at, _) in code.match_indices(call) {
                if let Some(lit) = leading_literal(&code[at + call.len()..]) {
                    out.push((lit.to_owned(), file.display().to_string()));
                }
            }
        }
    }
    out
}

#[test]
fn every_diagnostic_code_is_registered_once_and_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let registered: Vec<&str> = verify::diag::CODES.iter().map(|(c, _)| *c).collect();
    let mut sorted = registered.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        sorted, registered,
        "codes are listed once, in alphabetical order"
    );
    let used = codes_in_source(&root.join("src"));
    assert!(used.len() > 20, "{used:?}");
    for (code, file) in &used {
        assert!(
            registered.contains(&code.as_str()),
            "{file}: diagnostic code `{code}` is not in diag::CODES"
        );
    }
    for code in &registered {
        assert!(
            used.iter().any(|(c, _)| c == code),
            "diag::CODES lists `{code}`, which no diagnostic uses"
        );
    }
    // docs/output.md shows the registry's table.
    let path = root.join("docs/output.md");
    let docs = std::fs::read_to_string(&path).unwrap();
    let start = docs
        .find("<!-- diagnostic codes: ")
        .expect("docs/output.md has the codes marker");
    let body = start + docs[start..].find('\n').unwrap() + 1;
    let end = body + docs[body..].find("<!-- end of codes -->").unwrap();
    let want = format!(
        "{}{}{}",
        &docs[..body],
        verify::diag::codes_table(),
        &docs[end..]
    );
    crate::support::expect_file(&path, &want);
}
