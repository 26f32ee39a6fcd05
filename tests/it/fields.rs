//! The field registry (`rules::fields`) is the one place fields are defined: the docs'
//! field tables are generated from it, and every field it lists reads a value somewhere in
//! a sample corpus (a field whose accessor always says "missing" would make every rule
//! that reads it silently never fire).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use verify::rules::expr::Ty;
use verify::rules::fields;

use crate::support::expect_file;

/// `docs/rules.md` with each generated table replaced by the registry's.
fn docs_with_generated_tables(docs: &str) -> String {
    let mut out = String::new();
    let mut rest = docs;
    for (kind, ty) in [
        ("claim", Ty::Claim),
        ("entity", Ty::Entity),
        ("outlet", Ty::Outlet),
    ] {
        let marker = format!("<!-- fields of {kind}: ");
        let start = rest
            .find(&marker)
            .unwrap_or_else(|| panic!("docs/rules.md has no `{marker}…` marker"));
        let body = start + rest[start..].find('\n').expect("a line after the marker") + 1;
        let end = body
            + rest[body..]
                .find("<!-- end of fields -->")
                .expect("the table ends with `<!-- end of fields -->`");
        out.push_str(&rest[..body]);
        out.push_str(&fields::docs_table(ty));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_docs_field_tables_are_the_registry() {
    let path = Path::new("docs/rules.md");
    let docs = std::fs::read_to_string(path).unwrap();
    expect_file(path, &docs_with_generated_tables(&docs));
}

/// Every `*.claims` file of the worked examples and of the parser's good fixtures, each
/// directory loaded as its own corpus through the pipeline.
fn sample_corpora() -> Vec<verify::pipeline::Loaded> {
    ["claims", "tests/data/parse/ok", "tests/data/fields"]
        .into_iter()
        .map(|d| verify::pipeline::load_paths(&[PathBuf::from(d)]))
        .collect()
}

#[test]
fn every_field_has_a_value_somewhere_in_the_sample_corpus() {
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for loaded in sample_corpora() {
        let k = &loaded.corpus;
        for f in fields::CLAIM {
            if k.claims.iter().any(|c| (f.get)(k, c).is_ok()) {
                seen.insert(("claim", f.name));
            }
        }
        for f in fields::ENTITY {
            if k.entities.iter().any(|e| (f.get)(k, e).is_ok()) {
                seen.insert(("entity", f.name));
            }
        }
        for f in fields::OUTLET {
            if k.outlets.iter().any(|o| (f.get)(k, o).is_ok()) {
                seen.insert(("outlet", f.name));
            }
        }
    }
    let listed = fields::CLAIM
        .iter()
        .map(|f| ("claim", f.name))
        .chain(fields::ENTITY.iter().map(|f| ("entity", f.name)))
        .chain(fields::OUTLET.iter().map(|f| ("outlet", f.name)));
    let never: Vec<String> = listed
        .filter(|k| !seen.contains(k))
        .map(|(r, f)| format!("{r}.{f}"))
        .collect();
    assert!(
        never.is_empty(),
        "fields that are missing on every record of the sample corpus: {never:?}"
    );
}

#[test]
fn field_names_are_unique_and_the_type_checker_knows_each() {
    for (ty, names) in [
        (
            Ty::Claim,
            fields::CLAIM.iter().map(|f| f.name).collect::<Vec<_>>(),
        ),
        (Ty::Entity, fields::ENTITY.iter().map(|f| f.name).collect()),
        (Ty::Outlet, fields::OUTLET.iter().map(|f| f.name).collect()),
    ] {
        let unique: BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(
            unique.len(),
            names.len(),
            "duplicate field of {}",
            ty.name()
        );
        for n in names {
            assert!(fields::type_of(ty, n).is_some());
            let var = match ty {
                Ty::Claim => "a",
                Ty::Entity => "a.subject",
                _ => "a.origin",
            };
            let mut e = verify::rules::expr::parse(&format!("has({var}.{n})")).unwrap();
            let scope = verify::rules::expr::Scope {
                vars: &[("a", Ty::Claim)],
                params: &[],
            };
            verify::rules::expr::check(&mut e, &scope)
                .unwrap_or_else(|err| panic!("{var}.{n}: {err:?}"));
        }
    }
}
