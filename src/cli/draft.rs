//! `verify draft ARTICLE`: a first claims file from an article's text (see `crate::draft`),
//! written to standard output or to `-o FILE` (never over a file without `--force`), with a
//! summary of what was found on standard error.

use std::io::Write as _;

use super::args::DraftArgs;
use super::print_diagnostics;
use crate::diag::{Diagnostic, SourceMap};
use crate::draft::{self, Code, Options};
use crate::load;

pub(super) fn run(args: &DraftArgs, color: bool) -> i32 {
    // The article: a file, or standard input for `-`.
    let mut map = SourceMap::default();
    let diags = if args.article.as_os_str() == "-" {
        load::read_stdin_into(&mut map)
    } else {
        load::read_sources_into(std::slice::from_ref(&args.article), &mut map)
    };
    if diags.iter().any(Diagnostic::is_error) || map.files.is_empty() {
        print_diagnostics(&map, &diags, color);
        return 2;
    }
    print_diagnostics(&map, &diags, color);
    let article = map.files[0].text.clone();
    let published = match args.published.as_deref().map(publication_date) {
        Some(Ok(d)) => Some(d),
        Some(Err(e)) => {
            eprintln!("error: --published: {e}");
            return 2;
        }
        None => None,
    };
    if let Some(o) = &args.outlet {
        if !crate::syntax::is_identifier(o) {
            eprintln!(
                "error: --outlet: expected an outlet id (a letter, then letters, digits, `-`, `_` or `.`), found `{}`",
                crate::diag::clean(o)
            );
            return 2;
        }
    }
    // The declarations names are linked against: their problems are shown, the rest used.
    let loaded = args.declarations.as_ref().map(|dir| {
        let l = crate::pipeline::load_paths(std::slice::from_ref(dir));
        let problems: Vec<Diagnostic> = l
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        print_diagnostics(&l.sources, &problems, color);
        l
    });
    if let (Some(dir), Some(l)) = (&args.declarations, &loaded) {
        if l.files == 0 {
            eprintln!(
                "error: --declarations: no claims file in `{}`",
                crate::diag::clean(&dir.display().to_string())
            );
            return 2;
        }
    }
    let opts = Options {
        lang: args.lang.as_deref().and_then(Code::from_name),
        outlet: args.outlet.clone(),
        published,
        date_order: match args.date_order.as_deref() {
            Some("dmy") => crate::syntax::DateOrder::Dmy,
            Some("mdy") => crate::syntax::DateOrder::Mdy,
            _ => crate::syntax::DateOrder::Unset,
        },
        name: map.files[0].shown_path().to_owned(),
    };
    let d = draft::draft(&article, &opts, loaded.as_ref().map(|l| &l.corpus));
    match &args.output {
        None => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(d.text.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return 2;
            }
        }
        Some(path) => {
            let shown = crate::diag::clean(&path.display().to_string()).into_owned();
            // Never through a link (a link to /etc/passwd would replace it), never over what
            // is not a regular file, never over a file without --force.
            match std::fs::symlink_metadata(path) {
                Ok(m) if m.file_type().is_symlink() => {
                    eprintln!("error: `{shown}` is a symbolic link: not replaced (write to its target, or remove the link)");
                    return 2;
                }
                Ok(m) if !m.is_file() => {
                    eprintln!("error: `{shown}` is not a regular file: not replaced");
                    return 2;
                }
                Ok(_) if !args.force => {
                    eprintln!("error: `{shown}` exists: pass --force to replace it");
                    return 2;
                }
                _ => {}
            }
            if let Err(e) = load::write_atomic(path, d.text.as_bytes()) {
                eprintln!(
                    "error: cannot write `{}`: {}",
                    crate::diag::clean(&path.display().to_string()),
                    load::io_reason(&e)
                );
                return 2;
            }
        }
    }
    eprintln!(
        "drafted {} claim{}, {} TODO{}, {} time expression{} and {} attribution{} ({}{}){}",
        d.claims,
        if d.claims == 1 { "" } else { "s" },
        d.todos,
        if d.todos == 1 { "" } else { "s" },
        d.times.len(),
        if d.times.len() == 1 { "" } else { "s" },
        d.attributions.len(),
        if d.attributions.len() == 1 { "" } else { "s" },
        d.lang.as_str(),
        if args.lang.is_none() {
            ", detected"
        } else {
            ""
        },
        match &args.output {
            Some(p) => format!(" into {}", crate::diag::clean(&p.display().to_string())),
            None => String::new(),
        }
    );
    0
}

/// `--published`: `unknown`, or a date the claims language reads as absolute.
fn publication_date(s: &str) -> Result<String, String> {
    if s == "unknown" {
        return Ok(s.to_owned());
    }
    let found = crate::syntax::parser::parse_time_expr(&format!("on {s}"));
    match found.as_ref().map(|t| &t.kind) {
        Some(crate::syntax::TimeKind::On(p))
            if matches!(p.kind, crate::syntax::PointKind::Absolute { .. }) =>
        {
            Ok(crate::draft::time::canonical(&format!("on {s}")).unwrap_or_else(|| s.to_owned()))
        }
        _ => Err(format!(
            "expected a date (`2025-04-12`, `12 April 2025`, `2025-04`, `2025`) or `unknown`, found `{}`",
            crate::diag::clean(s)
        )),
    }
}
