//! `verify.toml`: the project's configuration, parsed with serde + toml and checked with
//! the same care as rule files (unknown keys rejected with a did-you-mean, every error at
//! its line and column). Paths in it are relative to the file's directory, and must stay
//! inside it (no absolute path, no `..` or link leading out). Finding the file
//! (from the working directory upward) is the CLI's job; flags override what it says.
//!
//! ```toml
//! paths = ["claims"]        # what `verify` checks when no path is given
//! rules = "rules"           # a rules directory, added to the standard pack
//! default-rules = true      # false: only the rules directory, not the standard pack
//! disable = ["name-variants"]   # rule ids or categories never run
//! format = "human"          # human, concise, json, sarif, junit, github, markdown, html
//! fail-on = "error"         # error, warning, info or never
//! min-level = "info"        # findings shown: error, warning or info and above
//! baseline = "verify-baseline.json"
//! date-order = "dmy"        # how to read 11/07/2024: dmy (11 July) or mdy (7 November)
//! max-findings-per-group = 10000   # per rule and group of pairs; the rest are counted
//! max-pairs-per-group = 20000000   # pairs formed per rule and group; a warning past it
//!
//! [params.few-independent-origins]   # override a rule's [params]
//! min_origins = 3
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, FileId, Span};

/// The name of the configuration file.
pub const FILE_NAME: &str = "verify.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    paths: Option<Vec<Spanned<String>>>,
    rules: Option<Spanned<String>>,
    default_rules: Option<bool>,
    disable: Option<Vec<Spanned<String>>>,
    format: Option<Spanned<String>>,
    fail_on: Option<Spanned<String>>,
    min_level: Option<Spanned<String>>,
    baseline: Option<Spanned<String>>,
    date_order: Option<Spanned<String>>,
    max_findings_per_group: Option<Spanned<i64>>,
    max_pairs_per_group: Option<Spanned<i64>>,
    #[serde(default)]
    params: BTreeMap<String, BTreeMap<String, Spanned<toml::Value>>>,
}

/// What `verify.toml` says, with paths made relative to the working directory.
#[derive(Clone, Debug, Default)]
pub struct FileConfig {
    pub path: PathBuf,
    pub paths: Option<Vec<PathBuf>>,
    /// A rules directory added to the standard pack (or used alone, without it).
    pub rules: Option<PathBuf>,
    /// Whether the standard pack is used (`default-rules = false`: only `rules`).
    pub default_rules: Option<bool>,
    /// Rule ids or categories never run, each with its place in the file.
    pub disable: Vec<crate::rules::Named>,
    pub format: Option<String>,
    pub fail_on: Option<String>,
    /// Findings below this level are not shown (`error`, `warning` or `info`).
    pub min_level: Option<String>,
    pub baseline: Option<PathBuf>,
    /// How numeric dates (`11/07/2024`) in claims files are read.
    pub date_order: crate::syntax::DateOrder,
    /// Findings shown per group of pairs of one rule (the rest are counted).
    pub max_per_group: Option<usize>,
    /// Pairs evaluated per group of one rule (the rest are counted).
    pub max_pairs_per_group: Option<u64>,
    /// Rule id → parameter → value, applied over the rule's own `[params]`.
    pub params: BTreeMap<String, BTreeMap<String, crate::rules::ParamValue>>,
}

/// Parses the text of a configuration file found at `path` (file `file` in the source map).
/// `formats` and `levels` are the accepted values of `format` and `fail-on`.
pub fn parse(
    path: &Path,
    file: FileId,
    text: &str,
    formats: &[&str],
    levels: &[&str],
) -> Result<FileConfig, Vec<Diagnostic>> {
    let raw: Raw =
        toml::from_str(text).map_err(|e| vec![crate::rules::toml_error("config", file, &e)])?;
    let base = path.parent().unwrap_or(Path::new(""));
    let rel = |p: &str| -> PathBuf {
        let p = Path::new(p);
        if p.is_absolute() || base.as_os_str().is_empty() {
            p.to_path_buf()
        } else {
            base.join(p)
        }
    };
    let mut diags = Vec::new();
    // Paths stay inside the project: a configuration committed to a repository must not
    // make `verify` read (and quote) files elsewhere, nor write there.
    let root = std::fs::canonicalize(if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    })
    .ok();
    let mut inside = |key: &str, v: &Spanned<String>| -> Option<PathBuf> {
        let written = Path::new(v.get_ref());
        let mut depth: i32 = 0;
        let mut escapes = written.is_absolute();
        for c in written.components() {
            match c {
                std::path::Component::ParentDir => depth -= 1,
                std::path::Component::Normal(_) => depth += 1,
                std::path::Component::RootDir | std::path::Component::Prefix(_) => escapes = true,
                std::path::Component::CurDir => {}
            }
            escapes |= depth < 0;
        }
        let joined = rel(v.get_ref());
        // A link inside the project that leads out of it.
        if let (Some(root), Ok(real)) = (&root, std::fs::canonicalize(&joined)) {
            escapes |= !real.starts_with(root);
        }
        if escapes {
            diags.push(
                Diagnostic::error(
                    "config",
                    file,
                    Span::new(v.span().start, v.span().end),
                    format!(
                        "`{key}` is outside the project: expected a path inside the directory of verify.toml, found `{}`",
                        crate::diag::clean(v.get_ref())
                    ),
                )
                .with_label("outside the project")
                .with_help("name it on the command line to use it anyway"),
            );
            return None;
        }
        Some(joined)
    };
    let paths = raw.paths.as_ref().map(|v| {
        v.iter()
            .filter_map(|p| inside("paths", p))
            .collect::<Vec<_>>()
    });
    let rules = raw.rules.as_ref().and_then(|p| inside("rules", p));
    let baseline = raw.baseline.as_ref().and_then(|p| inside("baseline", p));
    let mut choice =
        |v: &Option<Spanned<String>>, what: &str, allowed: &[&str]| -> Option<String> {
            let v = v.as_ref()?;
            if allowed.contains(&v.get_ref().as_str()) {
                return Some(v.get_ref().clone());
            }
            let span = Span::new(v.span().start, v.span().end);
            let mut d = Diagnostic::error(
                "config",
                file,
                span,
                format!(
                    "unknown {what}: expected one of {}, found `{}`",
                    allowed.join(", "),
                    v.get_ref()
                ),
            )
            .with_label("unknown");
            if let Some(m) = crate::diag::did_you_mean(v.get_ref(), allowed.iter().copied()) {
                d = d.with_help(format!("did you mean `{m}`?"));
            }
            diags.push(d);
            None
        };
    let format = choice(&raw.format, "format", formats);
    let fail_on = choice(&raw.fail_on, "`fail-on` level", levels);
    let min_level = choice(&raw.min_level, "`min-level`", &["error", "warning", "info"]);
    let date_order = match choice(&raw.date_order, "`date-order`", &["dmy", "mdy"]).as_deref() {
        Some("dmy") => crate::syntax::DateOrder::Dmy,
        Some("mdy") => crate::syntax::DateOrder::Mdy,
        _ => crate::syntax::DateOrder::Unset,
    };
    let mut at_least_one = |v: &Option<Spanned<i64>>, key: &str| match v {
        Some(v) if *v.get_ref() >= 1 => u64::try_from(*v.get_ref()).ok(),
        Some(v) => {
            diags.push(
                Diagnostic::error(
                    "config",
                    file,
                    Span::new(v.span().start, v.span().end),
                    format!("`{key}` must be at least 1, found {}", v.get_ref()),
                )
                .with_label("too small"),
            );
            None
        }
        None => None,
    };
    let max_per_group = at_least_one(&raw.max_findings_per_group, "max-findings-per-group")
        .and_then(|n| usize::try_from(n).ok());
    let max_pairs_per_group = at_least_one(&raw.max_pairs_per_group, "max-pairs-per-group");
    let mut params = BTreeMap::new();
    for (rule, values) in raw.params {
        let mut out = BTreeMap::new();
        for (name, v) in values {
            let value = match v.get_ref() {
                toml::Value::Integer(i) => crate::rules::ParamValue::Int(*i),
                toml::Value::String(s) => crate::rules::ParamValue::Str(s.clone()),
                other => {
                    let span = Span::new(v.span().start, v.span().end);
                    diags.push(Diagnostic::error("config", file, span, format!("unsupported parameter value: expected an integer or a text, found a {}", other.type_str())).with_label("here"));
                    continue;
                }
            };
            out.insert(name, value);
        }
        params.insert(rule, out);
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(FileConfig {
        path: path.to_path_buf(),
        paths,
        rules,
        default_rules: raw.default_rules,
        disable: raw
            .disable
            .iter()
            .flatten()
            .map(|d| crate::rules::Named {
                name: d.get_ref().clone(),
                at: Some((file, Span::new(d.span().start, d.span().end))),
            })
            .collect(),
        format,
        fail_on,
        min_level,
        baseline,
        date_order,
        max_per_group,
        max_pairs_per_group,
        params,
    })
}

/// Applies parameter overrides to loaded rules, reporting overrides for unknown rules or
/// parameters (against the configuration file).
pub fn apply_params(cfg: &FileConfig, rules: &mut [crate::rules::Rule]) -> Vec<Diagnostic> {
    for r in rules.iter_mut() {
        r.max_per_group = cfg.max_per_group.unwrap_or(r.max_per_group);
        r.max_pairs_per_group = cfg.max_pairs_per_group.unwrap_or(r.max_pairs_per_group);
    }
    let mut diags = Vec::new();
    for (rule_id, values) in &cfg.params {
        let Some(rule) = rules.iter_mut().find(|r| &r.id == rule_id) else {
            diags.push(Diagnostic::global(
                "config",
                format!("{}: unknown rule in [params.{rule_id}]", cfg.path.display()),
            ));
            continue;
        };
        for (name, value) in values {
            match rule.params.iter_mut().find(|(n, _)| n == name) {
                Some((_, v)) if std::mem::discriminant(v) == std::mem::discriminant(value) => {
                    *v = value.clone()
                }
                Some(_) => diags.push(Diagnostic::global(
                    "config",
                    format!(
                        "{}: wrong type for [params.{rule_id}] {name}",
                        cfg.path.display()
                    ),
                )),
                None => diags.push(Diagnostic::global(
                    "config",
                    format!(
                        "{}: rule `{rule_id}` has no parameter `{name}`",
                        cfg.path.display()
                    ),
                )),
            }
        }
    }
    diags
}
