//! The resolved facts as CSV (`DIR/facts/*.csv`), for the DuckDB peer: produced from the
//! corpus `verify`'s own loader resolved, numbered as `verify` numbers them when it reads
//! the whole corpus, and written part by part as the corpus is loaded in segments. The
//! columns are described in `bench/peer_duckdb.py`.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use verify::model::resolve_time::End;
use verify::model::time::{Fuzzy, Period};
use verify::model::{AnchorKind, AnchorSource, Corpus, Value, When};
use verify::syntax::{ClaimKind, EntityKind, Unit};

use crate::write;

/// The resolved facts, one CSV file per table, written part by part as the corpus is
/// loaded: the claims and reports of each part are numbered on from those of the parts
/// before it, as `verify` numbers them when it reads the whole corpus (files in path
/// order, then lines); the declarations, which every part loads alike, are written once.
pub(crate) struct Facts {
    dir: PathBuf,
    claims_csv: BufWriter<File>,
    people_csv: BufWriter<File>,
    reports_csv: BufWriter<File>,
    /// Claims and reports written so far.
    pub(crate) claims: usize,
    pub(crate) reports: usize,
    /// Entities and outlets of the first part, once written.
    pub(crate) entities: Option<usize>,
    outlets: usize,
}

impl Facts {
    pub(crate) fn create(dir: &Path) -> Result<Facts, String> {
        let open = |name: &str, header: &str| -> Result<BufWriter<File>, String> {
            let path = dir.join(name);
            let mut w = File::create(&path)
                .map(|f| BufWriter::with_capacity(1 << 20, f))
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            w.write_all(header.as_bytes())
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            Ok(w)
        };
        Ok(Facts {
            dir: dir.to_path_buf(),
            claims_csv: open("claims.csv", CLAIMS_HEADER)?,
            people_csv: open("claim_people.csv", PEOPLE_HEADER)?,
            reports_csv: open("reports.csv", REPORTS_HEADER)?,
            claims: 0,
            reports: 0,
            entities: None,
            outlets: 0,
        })
    }

    /// Appends the facts of `corpus`, the part of the corpus after those appended before.
    pub(crate) fn append(&mut self, corpus: &Corpus) -> Result<(), String> {
        match self.entities {
            None => {
                write(
                    &self.dir.join("entities.csv"),
                    entities_csv(corpus).as_bytes(),
                )?;
                write(
                    &self.dir.join("outlets.csv"),
                    outlets_csv(corpus).as_bytes(),
                )?;
                self.entities = Some(corpus.entities.len());
                self.outlets = corpus.outlets.len();
            }
            Some(n) if n != corpus.entities.len() || self.outlets != corpus.outlets.len() => {
                return Err(
                    "internal error: two parts of the corpus declare different entities".into(),
                );
            }
            Some(_) => {}
        }
        let (claims, reports) = (self.claims, self.reports);
        let failed = |name: &str, e: std::io::Error| {
            format!("cannot write `{}`: {e}", self.dir.join(name).display())
        };
        self.claims_csv
            .write_all(claims_csv(corpus, claims, reports).as_bytes())
            .map_err(|e| failed("claims.csv", e))?;
        self.people_csv
            .write_all(people_csv(corpus, claims).as_bytes())
            .map_err(|e| failed("claim_people.csv", e))?;
        self.reports_csv
            .write_all(reports_csv(corpus, reports).as_bytes())
            .map_err(|e| failed("reports.csv", e))?;
        self.claims += corpus.claims.len();
        self.reports += corpus.reports.len();
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<(), String> {
        for (name, w) in [
            ("claims.csv", &mut self.claims_csv),
            ("claim_people.csv", &mut self.people_csv),
            ("reports.csv", &mut self.reports_csv),
        ] {
            w.flush()
                .map_err(|e| format!("cannot write `{}`: {e}", self.dir.join(name).display()))?;
        }
        Ok(())
    }
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn anchor_name(k: AnchorKind) -> &'static str {
    k.as_str()
}

/// Days a `lasting` duration can be, as `duration_matches` in the engine reads it.
fn lasting_days(d: &verify::syntax::Duration) -> (u64, u64) {
    let n = u64::from(d.n);
    match d.unit {
        Unit::Day => (n, n),
        Unit::Week => (7 * n, 7 * n),
        Unit::Month => (28 * n, 31 * n),
        Unit::Year => (365 * n, 366 * n),
        Unit::Hour => (n.div_ceil(24).max(1), n.saturating_sub(1) / 24 + 2),
    }
}

/// The unit of a `lasting` duration, singular.
fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Hour => "hour",
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        Unit::Year => "year",
    }
}

/// FNV-1a (64 bits) of a claim's canonical text: the peer compares texts by it.
fn text_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn weekday_num(w: chrono::Weekday) -> u32 {
    w.num_days_from_monday()
}

fn period_fields(out: &mut String, w: Option<&When>) {
    match w {
        Some(w) => {
            let p: &Period = &w.period;
            let _ = write!(
                out,
                ",{},{},{},{},{},{}",
                p.start.earliest,
                p.start.latest,
                p.end.earliest,
                p.end.latest,
                u8::from(p.same_day),
                anchor_name(w.anchor.kind)
            );
        }
        None => out.push_str(",,,,,,"),
    }
}

const CLAIMS_HEADER: &str = "id,kind,label,report,origin,outlet,chain_len,\
w_s_lo,w_s_hi,w_e_lo,w_e_hi,w_same,w_anchor,w_start_wd,w_end_wd,\
lasting_lo,lasting_hi,\
arr_lo,arr_hi,arr_anchor,arr_wd,arr_wd_only,\
sig_lo,sig_hi,sig_anchor,\
pub_lo,pub_hi,pub_anchor,\
status,extends,during,holder,office,office_sole,where_ent,parties_key,name,\
text_hash,printed_lo,printed_hi,origin_pub_lo,origin_pub_hi,sig_e_hi,\
w_el_lo,w_el_hi,w_tod_lo,w_tod_hi,lasting_n,lasting_unit,after,before,year_conflict\n";

/// The rows of `claims.csv` for `c`, whose first claim and report are numbered
/// `first_claim` and `first_report`.
fn claims_csv(c: &Corpus, first_claim: usize, first_report: usize) -> String {
    let mut out = String::with_capacity(c.claims.len() * 200);
    for (i, cl) in c.claims.iter().enumerate() {
        let _ = write!(
            out,
            "{},{},{},{},{},{},{}",
            first_claim + i,
            cl.kind.as_str(),
            field(cl.label.as_deref().unwrap_or("")),
            first_report + cl.report(),
            cl.origin(),
            c.reports[cl.report()].outlet,
            cl.links.len()
        );
        period_fields(&mut out, cl.when.as_ref());
        let stated = |end: End| {
            cl.when
                .as_ref()
                .and_then(|w| w.weekdays().iter().find(|s| s.end == end))
                .map(|s| weekday_num(s.weekday))
        };
        let _ = write!(
            out,
            ",{},{}",
            opt(stated(End::Start)),
            opt(stated(End::End))
        );
        let (llo, lhi) = match cl.rare().lasting() {
            Some((d, _)) => {
                let (lo, hi) = lasting_days(d);
                (Some(lo), Some(hi))
            }
            None => (None, None),
        };
        let _ = write!(out, ",{},{}", opt(llo), opt(lhi));
        match cl.rare().arriving() {
            Some(a) => {
                let _ = write!(
                    out,
                    ",{},{},{},{},{}",
                    a.period.start.earliest,
                    a.period.start.latest,
                    anchor_name(a.anchor.kind),
                    opt(a.weekdays().first().map(|s| weekday_num(s.weekday))),
                    opt(a.weekday_only().map(weekday_num))
                );
            }
            None => out.push_str(",,,,,"),
        }
        match cl.rare().signed() {
            Some(s) => {
                let _ = write!(
                    out,
                    ",{},{},{}",
                    s.period.start.earliest,
                    s.period.start.latest,
                    anchor_name(s.anchor.kind)
                );
            }
            None => out.push_str(",,,"),
        }
        match cl.anchor.date {
            Some(Fuzzy { earliest, latest }) => {
                let _ = write!(out, ",{earliest},{latest},{}", anchor_name(cl.anchor.kind));
            }
            None => out.push_str(",,,"),
        }
        let ent = |i: usize| match cl.terms.get(i) {
            Some(Value::Entity(e)) => Some(*e),
            _ => None,
        };
        let (holder, office) = if cl.kind == ClaimKind::Holds {
            (ent(0), ent(1))
        } else {
            (None, None)
        };
        let sole = office.map(|o| u8::from(c.entities[o].sole));
        let mut parties = cl.rare().parties().to_vec();
        parties.sort_unstable();
        parties.dedup();
        let parties_key = format!(
            "{{{}}}",
            parties
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let name = match cl.kind {
            ClaimKind::Plan | ClaimKind::Agreement => cl.terms.first(),
            ClaimKind::Award => cl.terms.get(1),
            _ => None,
        }
        .and_then(|v| match v {
            Value::Text(t) => Some(&**t),
            Value::Entity(_) => None,
        });
        let _ = write!(
            out,
            ",{},{},{},{},{},{},{},{},{}",
            opt(cl.status.map(|s| s.as_str())),
            field(
                cl.rare()
                    .extends()
                    .first()
                    .map(|(l, _)| l.as_str())
                    .unwrap_or("")
            ),
            field(cl.rare().during().map(|(l, _)| l.as_str()).unwrap_or("")),
            opt(holder),
            opt(office),
            opt(sole),
            opt(cl.to.or(cl.place)),
            parties_key,
            field(name.unwrap_or(""))
        );
        let (printed, origin) = (cl.printed(), cl.origin_published());
        let elapsed = cl.when.as_ref().and_then(|w| w.elapsed_minutes());
        // The time of day written on a `when` that is one exact day: the moment it names.
        let moment = cl
            .when
            .as_ref()
            .filter(|w| w.period.same_day && w.period.start.is_precise())
            .and_then(|w| w.time_of_day()[0])
            .map(|t| t.minutes());
        // The article has no date and the corpus gives conflicting years for it.
        let year_conflict = match cl.anchor.source {
            Some(AnchorSource::Inference(i)) => c
                .inferences
                .get(i as usize)
                .is_some_and(|n| n.year.is_none()),
            _ => false,
        };
        let _ = writeln!(
            out,
            ",{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            text_hash(c.claim_text(cl)),
            opt(printed.map(|p| p.earliest)),
            opt(printed.map(|p| p.latest)),
            opt(origin.map(|p| p.earliest)),
            opt(origin.map(|p| p.latest)),
            opt(cl.rare().signed().map(|s| s.period.end.latest)),
            opt(elapsed.map(|e| e.0)),
            opt(elapsed.map(|e| e.1)),
            opt(moment.map(|m| m.0)),
            opt(moment.map(|m| m.1)),
            opt(cl.rare().lasting().map(|(d, _)| d.n)),
            opt(cl.rare().lasting().map(|(d, _)| unit_name(d.unit))),
            field(cl.rare().after().map_or("", |(l, _)| l.as_str())),
            field(cl.rare().before().map_or("", |(l, _)| l.as_str())),
            u8::from(year_conflict)
        );
    }
    out
}

const PEOPLE_HEADER: &str = "claim,entity\n";

/// Who takes part in each claim: the terms that are people or organisations, and the
/// `with` entities, without duplicates. The first claim of `c` is numbered `first_claim`.
fn people_csv(c: &Corpus, first_claim: usize) -> String {
    let mut out = String::new();
    for (i, cl) in c.claims.iter().enumerate() {
        let id = first_claim + i;
        let mut v: Vec<usize> = cl
            .terms
            .iter()
            .filter_map(|t| match t {
                Value::Entity(e)
                    if matches!(c.entities[*e].kind, EntityKind::Person | EntityKind::Org) =>
                {
                    Some(*e)
                }
                _ => None,
            })
            .collect();
        v.extend(&cl.with);
        v.sort_unstable();
        v.dedup();
        for e in v {
            let _ = writeln!(out, "{id},{e}");
        }
    }
    out
}

fn entities_csv(c: &Corpus) -> String {
    let mut out = String::from("id,ent_id,kind,name,within,sole\n");
    for (i, e) in c.entities.iter().enumerate() {
        let _ = writeln!(
            out,
            "{i},{},{},{},{},{}",
            field(&e.id),
            e.kind.as_str(),
            field(&e.name),
            opt(e.within),
            u8::from(e.sole)
        );
    }
    out
}

fn outlets_csv(c: &Corpus) -> String {
    let mut out = String::from("id,outlet_id,name,kind,country\n");
    for (i, o) in c.outlets.iter().enumerate() {
        let _ = writeln!(
            out,
            "{i},{},{},{},{}",
            field(&o.id),
            field(&o.name),
            opt(o.kind.map(|k| k.as_str())),
            field(o.country.as_deref().unwrap_or(""))
        );
    }
    out
}

const REPORTS_HEADER: &str = "id,report_id,outlet,pub_lo,pub_hi\n";

/// The rows of `reports.csv` for `c`, whose first report is numbered `first_report`.
fn reports_csv(c: &Corpus, first_report: usize) -> String {
    let mut out = String::new();
    for (i, r) in c.reports.iter().enumerate() {
        let _ = writeln!(
            out,
            "{},{},{},{},{}",
            first_report + i,
            field(&r.id),
            r.outlet,
            opt(r.published.map(|p| p.earliest)),
            opt(r.published.map(|p| p.latest))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published FNV-1a test vectors: the peer may recompute the hash from the text.
    #[test]
    fn the_text_hash_is_fnv_1a() {
        assert_eq!(text_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(text_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(text_hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn a_field_is_quoted_only_when_it_must_be() {
        assert_eq!(field("Gold medal"), "Gold medal");
        assert_eq!(field(""), "");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    /// The facts of the bundled claims: a row per claim and per report, numbered on from
    /// the numbers given, each row with every column; `Facts` writes them under their
    /// header.
    #[test]
    fn the_facts_have_a_row_per_claim_and_report() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../claims");
        let loaded = verify::pipeline::load_paths(&[root]);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let c = &loaded.corpus;
        let claims = claims_csv(c, 0, 0);
        assert_eq!(claims.lines().count(), c.claims.len());
        assert!(claims.starts_with("0,"), "{claims}");
        let columns = CLAIMS_HEADER.split(',').count();
        for row in claims.lines().filter(|r| !r.contains('"')) {
            assert_eq!(row.split(',').count(), columns, "{row}");
        }
        let reports = reports_csv(c, 10);
        assert_eq!(reports.lines().count(), c.reports.len());
        assert!(reports.starts_with("10,"), "{reports}");
        let dir = tempfile::tempdir().unwrap();
        let mut facts = Facts::create(dir.path()).unwrap();
        facts.append(c).unwrap();
        facts.finish().unwrap();
        let written = std::fs::read_to_string(dir.path().join("claims.csv")).unwrap();
        assert_eq!(written, format!("{CLAIMS_HEADER}{claims}"));
    }
}
