//! `verify export`: the resolved corpus as tables, for engines that run the rule pack
//! elsewhere (DuckDB, Spark, DataFusion) from the SQL `verify sql` compiles.
//!
//! Every field a condition can read (the one registry, `rules::fields`) becomes columns of
//! its record's table, read through the same accessor the evaluator calls, so a query over
//! the tables sees exactly what a rule sees. The schema follows from the registry: one
//! naming function ([`field_columns`]) serves the writer and the SQL compiler. Tables are
//! written one at a time, row by row, each to a temporary file renamed into place; a
//! `schema.json` beside them names the schema version, the tables and their columns.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::diag::SourceMap;
use crate::engine::eval;
use crate::model::{AnchorKind, Corpus};
use crate::rules::expr::Ty;
use crate::rules::fields::{self, Field};
use crate::rules::value::{R, V};

/// The version of the exported schema: raised when a column changes meaning or is removed
/// (a column added keeps it).
pub const SCHEMA_VERSION: u32 = 1;

/// The type of an exported column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    /// A 64-bit signed integer.
    Int,
    /// UTF-8 text.
    Text,
}

impl ColType {
    pub fn name(self) -> &'static str {
        match self {
            ColType::Int => "int64",
            ColType::Text => "text",
        }
    }
}

/// One column of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub ty: ColType,
}

fn col(name: impl Into<String>, ty: ColType) -> Column {
    Column {
        name: name.into(),
        ty,
    }
}

/// The parts of a period value, as column suffixes (`when__s_lo`), with their meaning.
pub const PERIOD_PARTS: &[(&str, ColType, &str)] = &[
    (
        "s_lo",
        ColType::Int,
        "earliest possible first day (days since 1970-01-01)",
    ),
    ("s_hi", ColType::Int, "latest possible first day"),
    ("e_lo", ColType::Int, "earliest possible last day"),
    ("e_hi", ColType::Int, "latest possible last day"),
    (
        "same",
        ColType::Int,
        "1 when the first and last day are one and the same (possibly unknown) day",
    ),
    (
        "anchor",
        ColType::Text,
        "absolute, origin, borrowed, inferred or unresolved",
    ),
    (
        "guessed",
        ColType::Int,
        "1 when the year was guessed (a day near 31 December)",
    ),
    (
        "el_lo",
        ColType::Int,
        "minutes elapsed from start to end, least (times of day of both ends written)",
    ),
    ("el_hi", ColType::Int, "minutes elapsed, most"),
    (
        "tod_lo",
        ColType::Int,
        "a single precise day's time of day, earliest minute",
    ),
    ("tod_hi", ColType::Int, "its latest minute"),
    (
        "smin",
        ColType::Int,
        "the earliest first day of a reading (a single day: the earliest day)",
    ),
    ("smax", ColType::Int, "the latest first day of a reading"),
    ("emin", ColType::Int, "the earliest last day of a reading"),
    ("emax", ColType::Int, "the latest last day of a reading"),
    (
        "ok",
        ColType::Int,
        "1 when some reading exists (the period does not surely end before it starts)",
    ),
    ("text", ColType::Text, "as messages write it"),
];

/// The bounds of the readings of a period (first day `s`, last day `e`, `s <= e`, and
/// `s = e` for a single day), each side projected: `(smin, smax, emin, emax)`; some reading
/// exists when `smin <= smax` and `emin <= emax`. Days are clamped to the sentinels, as
/// the constraint solver of `model::time` clamps them.
pub fn reading_bounds(p: &crate::model::time::Period) -> (i64, i64, i64, i64) {
    let c = |d: i32| i64::from(d.clamp(crate::calendar::NEG_INF, crate::calendar::POS_INF));
    let (s_lo, s_hi, e_lo, e_hi) = (
        c(p.start.earliest),
        c(p.start.latest),
        c(p.end.earliest),
        c(p.end.latest),
    );
    let (smax, emin) = (s_hi.min(e_hi), e_lo.max(s_lo));
    if p.same_day {
        (emin, smax, emin, smax)
    } else {
        (s_lo, smax, emin, e_hi)
    }
}

/// The parts of a duration value.
pub const DURATION_PARTS: &[(&str, ColType, &str)] = &[
    ("n", ColType::Int, "the number written"),
    ("unit", ColType::Text, "hour, day, week, month or year"),
    ("lo", ColType::Int, "the fewest days it can stand for"),
    ("hi", ColType::Int, "the most days it can stand for"),
    ("text", ColType::Text, "as messages write it"),
];

/// The parts of a list value (its elements are rows of a side table `TABLE__FIELD`).
pub const LIST_PARTS: &[(&str, ColType, &str)] = &[
    ("n", ColType::Int, "how many elements"),
    (
        "set",
        ColType::Text,
        "the elements as a set: sorted, without duplicates, each between `|` (`|3|17|`)",
    ),
    ("text", ColType::Text, "as messages write it"),
];

/// The columns a field of type `ty` is exported as: scalars under their own name, entities,
/// outlets and weekdays with a `NAME__text`, periods, durations and lists as parts.
pub fn field_columns(name: &str, ty: Ty) -> Vec<Column> {
    let parts = |ps: &[(&str, ColType, &str)]| {
        ps.iter()
            .map(|(p, t, _)| col(format!("{name}__{p}"), *t))
            .collect()
    };
    match ty {
        Ty::Str => vec![col(name, ColType::Text)],
        Ty::Int | Ty::Truth => vec![col(name, ColType::Int)],
        Ty::Entity | Ty::Outlet | Ty::Weekday => vec![
            col(name, ColType::Int),
            col(format!("{name}__text"), ColType::Text),
        ],
        Ty::Period => parts(PERIOD_PARTS),
        Ty::Duration => parts(DURATION_PARTS),
        Ty::ListStr | Ty::ListEntity | Ty::ListOutlet | Ty::ListAny => parts(LIST_PARTS),
        Ty::Claim | Ty::Any => Vec::new(),
    }
}

/// How many columns a field of type `ty` has ([`field_columns`]'s length, without making
/// them: this runs for every field of every claim).
fn width(ty: Ty) -> usize {
    match ty {
        Ty::Str | Ty::Int | Ty::Truth => 1,
        Ty::Entity | Ty::Outlet | Ty::Weekday => 2,
        Ty::Period => PERIOD_PARTS.len(),
        Ty::Duration => DURATION_PARTS.len(),
        Ty::ListStr | Ty::ListEntity | Ty::ListOutlet | Ty::ListAny => LIST_PARTS.len(),
        Ty::Claim | Ty::Any => 0,
    }
}

/// The type of a list field's elements in its side table.
fn element_type(ty: Ty) -> Option<ColType> {
    match ty {
        Ty::ListStr => Some(ColType::Text),
        Ty::ListEntity | Ty::ListOutlet => Some(ColType::Int),
        _ => None,
    }
}

/// A table of the export: its name (the file is `NAME.csv`) and columns.
#[derive(Clone, Debug)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// What one row is.
    pub row: &'static str,
}

/// The three record tables: their key columns, then their fields' columns.
const RECORDS: &[(&str, &str, &str)] = &[
    (
        "claims",
        "claim_id",
        "one claim (the index verify gives it: files in path order, then lines)",
    ),
    (
        "entities",
        "entity_id",
        "one declared person, organisation, place, office or event",
    ),
    ("outlets", "outlet_id", "one declared outlet"),
];

fn record_fields(table: &str) -> Vec<(&'static str, Ty)> {
    match table {
        "claims" => fields::of(Ty::Claim),
        "entities" => fields::of(Ty::Entity),
        _ => fields::of(Ty::Outlet),
    }
}

/// Every table of the export, in the order they are written.
pub fn schema() -> Vec<Table> {
    let mut tables = Vec::new();
    for &(name, key, row) in RECORDS {
        let mut columns = vec![col(key, ColType::Int)];
        match name {
            "claims" => columns.extend([
                col("claim_file", ColType::Text),
                col("claim_line", ColType::Int),
                col("claim_fp", ColType::Int),
            ]),
            "entities" => columns.extend([
                col("entity_up", ColType::Text),
                col("entity_fp", ColType::Int),
                col("entity_file", ColType::Text),
                col("entity_line", ColType::Int),
            ]),
            _ => {}
        }
        for (f, ty) in record_fields(name) {
            columns.extend(field_columns(f, ty));
        }
        tables.push(Table {
            name: name.to_owned(),
            columns,
            row,
        });
    }
    for &(name, key, _) in RECORDS {
        for (f, ty) in record_fields(name) {
            if let Some(t) = element_type(ty) {
                tables.push(Table {
                    name: side_table(name, f),
                    columns: vec![
                        col(key, ColType::Int),
                        col("pos", ColType::Int),
                        col("value", t),
                    ],
                    row: "one element of a list field, in its place (pos from 0)",
                });
            }
        }
    }
    let mut spellings = vec![
        col("entity_id", ColType::Int),
        col("pos", ColType::Int),
        col("text", ColType::Text),
        col("normalised", ColType::Text),
        col("skeleton", ColType::Text),
        col("meets", ColType::Text),
    ];
    spellings.extend(
        (0..=crate::model::names::step_names().count())
            .map(|i| col(format!("stage{i}"), ColType::Text)),
    );
    tables.push(Table {
        name: SPELLINGS.into(),
        columns: spellings,
        row: "one spelling of an entity (pos 0 its name, then its aliases), as verify compares \
              names: `normalised` and `skeleton` as the rule functions of those names give them, \
              `meets` its last non-empty stage (`STAGE:WORDS`: two spellings meet by the steps \
              exactly when these are equal), `stageN` the words after the N-th step of the \
              skeleton (0: folded); each NULL where nothing is left",
    });
    tables.push(Table {
        name: "reports".into(),
        columns: vec![
            col("report_id", ColType::Int),
            col("id", ColType::Text),
            col("outlet", ColType::Int),
            col("published__lo", ColType::Int),
            col("published__hi", ColType::Int),
            col("file", ColType::Text),
            col("line", ColType::Int),
        ],
        row: "one report (`report ID by OUTLET`)",
    });
    tables.push(Table {
        name: "links".into(),
        columns: vec![
            col("claim_id", ColType::Int),
            col("pos", ColType::Int),
            col("outlet", ColType::Int),
            col("published__lo", ColType::Int),
            col("published__hi", ColType::Int),
        ],
        row: "one link of a claim's attribution chain: 0 is the report's outlet, the last the origin",
    });
    tables
}

/// The table of entities' spellings, for the name functions (`normalised`, `skeleton`,
/// `same_spelling`, `name_match`).
pub const SPELLINGS: &str = "entities__spellings";

/// The side table of list field `field` of `table`: `claims__people`.
pub fn side_table(table: &str, field: &str) -> String {
    format!("{table}__{field}")
}

/// A value of one cell: absent (an empty field), a number, or a text.
enum Cell<'a> {
    Null,
    Int(i64),
    Text(Cow<'a, str>),
}

/// Writes CSV as RFC 4180 says, an absent value as an empty field and a text that needs it
/// quoted (a comma, a quote, a line break, or nothing at all: an empty text stays a text).
struct Csv<W: Write> {
    out: W,
    first: bool,
}

/// Where a table's rows go, a cell at a time: a CSV file or a Parquet file.
trait Sink {
    fn cell(&mut self, c: &Cell) -> io::Result<()>;
    /// Ends a row.
    fn end(&mut self) -> io::Result<()>;
    /// Ends the table.
    fn finish(self) -> io::Result<()>;
}

impl<W: Write> Csv<W> {
    /// A CSV file whose header line names `columns`.
    fn new(out: W, columns: &[Column]) -> io::Result<Self> {
        let mut csv = Csv { out, first: true };
        for c in columns {
            csv.cell(&Cell::Text(Cow::Borrowed(&c.name)))?;
        }
        csv.end()?;
        Ok(csv)
    }
}

impl<W: Write> Sink for Csv<W> {
    fn cell(&mut self, c: &Cell) -> io::Result<()> {
        if !self.first {
            self.out.write_all(b",")?;
        }
        self.first = false;
        match c {
            Cell::Null => Ok(()),
            Cell::Int(i) => write!(self.out, "{i}"),
            Cell::Text(t) => {
                let quote =
                    t.is_empty() || t.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
                if quote {
                    self.out.write_all(b"\"")?;
                    self.out.write_all(t.replace('"', "\"\"").as_bytes())?;
                    self.out.write_all(b"\"")
                } else {
                    self.out.write_all(t.as_bytes())
                }
            }
        }
    }

    fn end(&mut self) -> io::Result<()> {
        self.first = true;
        self.out.write_all(b"\n")
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The cells of one field value, parallel to [`field_columns`].
fn field_cells<'c>(corpus: &'c Corpus, ty: Ty, v: R<'c>, out: &mut Vec<Cell<'c>>) {
    let text = |v: &V| Cell::Text(Cow::Owned(eval::display(corpus, v)));
    let n = width(ty);
    let Ok(v) = v else {
        out.extend((0..n).map(|_| Cell::Null));
        return;
    };
    match (ty, &v) {
        (Ty::Str, V::Str(s)) => out.push(Cell::Text(s.clone())),
        (Ty::Truth, V::Truth(c)) => out.push(Cell::Int(*c as i64)),
        (Ty::Int, V::Int(i)) => out.push(Cell::Int(*i)),
        (Ty::Entity, V::Entity(e)) => out.extend([Cell::Int(*e as i64), text(&v)]),
        (Ty::Outlet, V::Outlet(o)) => out.extend([Cell::Int(*o as i64), text(&v)]),
        (Ty::Weekday, V::Weekday(w)) => {
            out.extend([Cell::Int(i64::from(w.num_days_from_monday())), text(&v)])
        }
        (Ty::Period, V::Period(p, k, _)) => {
            let opt = |x: Option<i64>| x.map_or(Cell::Null, Cell::Int);
            let el = eval::elapsed_of(&v);
            let tod = eval::moment_of(&v);
            let day = |d: i32| {
                Cell::Int(i64::from(
                    d.clamp(crate::calendar::NEG_INF, crate::calendar::POS_INF),
                ))
            };
            let (smin, smax, emin, emax) = reading_bounds(p);
            out.extend([
                day(p.start.earliest),
                day(p.start.latest),
                day(p.end.earliest),
                day(p.end.latest),
                Cell::Int(i64::from(p.same_day)),
                Cell::Text(Cow::Borrowed(anchor_name(*k))),
                Cell::Int(i64::from(eval::year_guessed(&v))),
                opt(el.map(|e| e.0)),
                opt(el.map(|e| e.1)),
                opt(tod.map(|t| i64::from(t.1))),
                opt(tod.map(|t| i64::from(t.2))),
                Cell::Int(smin),
                Cell::Int(smax),
                Cell::Int(emin),
                Cell::Int(emax),
                Cell::Int(i64::from(smin <= smax && emin <= emax)),
                text(&v),
            ]);
        }
        (Ty::Duration, V::Duration(d)) => {
            let (lo, hi) = eval::duration_days(*d);
            let int = |x: u64| Cell::Int(i64::try_from(x).unwrap_or(i64::MAX));
            out.extend([
                Cell::Int(i64::from(d.n)),
                Cell::Text(Cow::Borrowed(d.unit.as_str(1))),
                int(lo),
                int(hi),
                text(&v),
            ]);
        }
        (Ty::ListStr | Ty::ListEntity | Ty::ListOutlet, _) => {
            let mut keys: Vec<String> = list_elements(&v)
                .into_iter()
                .map(|c| match c {
                    Cell::Int(i) => i.to_string(),
                    Cell::Text(t) => t.into_owned(),
                    Cell::Null => String::new(),
                })
                .collect();
            let len = keys.len();
            keys.sort();
            keys.dedup();
            let set = if keys.is_empty() {
                "|".to_owned()
            } else {
                format!("|{}|", keys.join("|"))
            };
            out.extend([Cell::Int(len as i64), Cell::Text(Cow::Owned(set)), text(&v)]);
        }
        // A value of another type than the registry says: absent, as the evaluator would
        // find no field of that type there.
        _ => out.extend((0..n).map(|_| Cell::Null)),
    }
}

fn list_elements<'c>(v: &V<'c>) -> Vec<Cell<'c>> {
    match v {
        V::Strs(s) => s
            .iter()
            .map(|x| Cell::Text(Cow::Owned(x.clone())))
            .collect(),
        V::Ents(e) => e.iter().map(|x| Cell::Int(*x as i64)).collect(),
        V::Outs(o) => o.iter().map(|x| Cell::Int(*x as i64)).collect(),
        _ => Vec::new(),
    }
}

/// The name of an anchor kind in the export.
pub fn anchor_name(k: AnchorKind) -> &'static str {
    match k {
        AnchorKind::Absolute => "absolute",
        AnchorKind::Origin => "origin",
        AnchorKind::Borrowed => "borrowed",
        AnchorKind::Inferred => "inferred",
        AnchorKind::Unresolved => "unresolved",
    }
}

/// A fingerprint part's hash (`engine::fnv` of `engine::claim_part` or `entity_part`) as a
/// signed 64-bit number, the integer type every engine has.
fn fp(pieces: &[&[u8]]) -> i64 {
    crate::engine::fnv(pieces) as i64
}

/// The entity and every place or body it lies in (`in`, `of`), each between `|`.
fn entity_up(corpus: &Corpus, e: usize) -> String {
    let mut out = String::from("|");
    let mut cur = Some(e);
    let mut steps = 0;
    while let Some(x) = cur {
        out.push_str(&x.to_string());
        out.push('|');
        steps += 1;
        if steps > 64 {
            break;
        }
        cur = corpus.entities[x].within;
    }
    out
}

/// What was written: each table with its rows.
#[derive(Debug, PartialEq, Eq)]
pub struct Written {
    pub tables: Vec<(String, usize)>,
}

/// Why an export was not written.
#[derive(Debug)]
pub enum Refused {
    /// `dir` exists, holds files and no earlier export (no `schema.json`): nothing is
    /// written into it.
    NotAnExport(PathBuf),
    Io(PathBuf, io::Error),
}

/// The file format of the tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    /// Apache Parquet, in builds with the `parquet` feature.
    Parquet,
}

/// Why a build without the `parquet` feature writes no Parquet.
pub const NO_PARQUET: &str =
    "this verify was built without Parquet (build it with `--features parquet`, or export with `--format csv`)";

impl TableFormat {
    /// Parquet where this build writes it, else CSV.
    pub const DEFAULT: TableFormat = if cfg!(feature = "parquet") {
        TableFormat::Parquet
    } else {
        TableFormat::Csv
    };

    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Parquet => "parquet",
        }
    }

    /// Whether this build writes it.
    pub fn available(self) -> bool {
        self == TableFormat::Csv || cfg!(feature = "parquet")
    }
}

/// Writes the corpus as CSV tables into `dir`: [`write`] in CSV.
pub fn write_csv(corpus: &Corpus, sources: &SourceMap, dir: &Path) -> Result<Written, Refused> {
    write(corpus, sources, dir, TableFormat::Csv)
}

/// Writes the corpus as tables into `dir` (created if needed), each table to a temporary
/// file renamed into place, then `schema.json`. A directory that holds anything but an
/// earlier export is left alone. Tables of the other format left by an earlier export
/// are removed, so that the directory holds one export.
pub fn write(
    corpus: &Corpus,
    sources: &SourceMap,
    dir: &Path,
    format: TableFormat,
) -> Result<Written, Refused> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |e| Refused::Io(p, e)
    };
    if dir.exists() {
        let earlier = dir.join("schema.json").is_file();
        let empty = std::fs::read_dir(dir).map_err(io(dir))?.next().is_none();
        if !earlier && !empty {
            return Err(Refused::NotAnExport(dir.to_path_buf()));
        }
    } else {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    if !format.available() {
        return Err(Refused::Io(dir.to_path_buf(), io::Error::other(NO_PARQUET)));
    }
    let mut written = Vec::new();
    for table in schema() {
        let path = dir.join(format!("{}.{}", table.name, format.extension()));
        let rows = write_table(corpus, sources, &table, &path, format).map_err(io(&path))?;
        written.push((table.name, rows));
    }
    let path = dir.join("schema.json");
    refuse_link(&path).map_err(io(&path))?;
    crate::load::write_atomic(&path, schema_json(&written, format).as_bytes())
        .map_err(io(&path))?;
    // The other format's tables, from an earlier export, would be read as this one's.
    for other in [TableFormat::Csv, TableFormat::Parquet] {
        if other != format {
            for table in schema() {
                let stale = dir.join(format!("{}.{}", table.name, other.extension()));
                if stale.is_file() && !stale.is_symlink() {
                    std::fs::remove_file(&stale).map_err(io(&stale))?;
                }
            }
        }
    }
    Ok(Written { tables: written })
}

/// `schema.json`: the version, then each table's file, rows and typed columns.
pub fn schema_json(written: &[(String, usize)], format: TableFormat) -> String {
    let tables: Vec<serde_json::Value> = schema()
        .into_iter()
        .map(|t| {
            let rows = written.iter().find(|(n, _)| *n == t.name).map(|w| w.1);
            serde_json::json!({
                "name": t.name,
                "file": format!("{}.{}", t.name, format.extension()),
                "row": t.row,
                "rows": rows,
                "columns": t.columns.iter().map(|c| serde_json::json!({
                    "name": c.name,
                    "type": c.ty.name(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "format": "verify-export",
        "schema_version": SCHEMA_VERSION,
        "verify_version": env!("CARGO_PKG_VERSION"),
        "table_format": format.extension(),
        "null": if format == TableFormat::Csv { "an empty field" } else { "a null" },
        "tables": tables,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes one table as `load::write_atomic_with` writes a file (a temporary file renamed
/// into place, permissions as for any new file). A symbolic link where a table goes is
/// refused: an export writes its own files, never through a link to another.
fn write_table(
    corpus: &Corpus,
    sources: &SourceMap,
    table: &Table,
    path: &Path,
    format: TableFormat,
) -> io::Result<usize> {
    refuse_link(path)?;
    let mut rows = 0;
    crate::load::write_atomic_with(path, |file| {
        rows = match format {
            TableFormat::Csv => {
                let out = io::BufWriter::with_capacity(1 << 16, file);
                let mut csv = Csv::new(out, &table.columns)?;
                let rows = write_rows(corpus, sources, table, &mut csv)?;
                csv.finish()?;
                rows
            }
            #[cfg(feature = "parquet")]
            TableFormat::Parquet => {
                let mut pq = parquet_sink::Parquet::new(file, &table.columns)?;
                let rows = write_rows(corpus, sources, table, &mut pq)?;
                pq.finish()?;
                rows
            }
            #[cfg(not(feature = "parquet"))]
            TableFormat::Parquet => return Err(io::Error::other(NO_PARQUET)),
        };
        Ok(())
    })?;
    Ok(rows)
}

fn refuse_link(path: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::other(
            "a symbolic link where the export writes a file; not written",
        ));
    }
    Ok(())
}

fn write_rows<S: Sink>(
    corpus: &Corpus,
    sources: &SourceMap,
    table: &Table,
    csv: &mut S,
) -> io::Result<usize> {
    let mut rows = 0;
    let mut cells: Vec<Cell> = Vec::with_capacity(table.columns.len());
    let mut row = |csv: &mut S, cells: &mut Vec<Cell>| -> io::Result<()> {
        for c in cells.iter() {
            csv.cell(c)?;
        }
        cells.clear();
        rows += 1;
        csv.end()
    };
    let line_of = |loc: crate::model::Loc| {
        let f = sources.get(loc.file);
        (
            f.shown_path().to_owned(),
            f.line_col(loc.span.start as usize).0 as i64,
        )
    };
    fn record<'c, T>(
        corpus: &'c Corpus,
        fs: &'static [Field<T>],
        x: &'c T,
        cells: &mut Vec<Cell<'c>>,
    ) {
        for f in fs {
            field_cells(corpus, f.ty, (f.get)(corpus, x), cells);
        }
    }
    match table.name.as_str() {
        "claims" => {
            for (i, c) in corpus.claims.iter().enumerate() {
                let (file, line) = line_of(c.loc);
                cells.extend([
                    Cell::Int(i as i64),
                    Cell::Text(Cow::Owned(file)),
                    Cell::Int(line),
                    Cell::Int(fp(&crate::engine::claim_part(corpus, i))),
                ]);
                record(corpus, fields::CLAIM, c, &mut cells);
                row(csv, &mut cells)?;
            }
        }
        "entities" => {
            for (i, e) in corpus.entities.iter().enumerate() {
                let (file, line) = line_of(e.loc);
                cells.extend([
                    Cell::Int(i as i64),
                    Cell::Text(Cow::Owned(entity_up(corpus, i))),
                    Cell::Int(fp(&crate::engine::entity_part(corpus, i))),
                    Cell::Text(Cow::Owned(file)),
                    Cell::Int(line),
                ]);
                record(corpus, fields::ENTITY, e, &mut cells);
                row(csv, &mut cells)?;
            }
        }
        "outlets" => {
            for (i, o) in corpus.outlets.iter().enumerate() {
                cells.push(Cell::Int(i as i64));
                record(corpus, fields::OUTLET, o, &mut cells);
                row(csv, &mut cells)?;
            }
        }
        "reports" => {
            for (i, r) in corpus.reports.iter().enumerate() {
                let (file, line) = line_of(r.loc);
                cells.extend([
                    Cell::Int(i as i64),
                    Cell::Text(Cow::Borrowed(&r.id)),
                    Cell::Int(r.outlet as i64),
                    r.published
                        .map_or(Cell::Null, |p| Cell::Int(i64::from(p.earliest))),
                    r.published
                        .map_or(Cell::Null, |p| Cell::Int(i64::from(p.latest))),
                    Cell::Text(Cow::Owned(file)),
                    Cell::Int(line),
                ]);
                row(csv, &mut cells)?;
            }
        }
        SPELLINGS => {
            use crate::model::names;
            let some = |s: String| {
                if s.is_empty() {
                    Cell::Null
                } else {
                    Cell::Text(Cow::Owned(s))
                }
            };
            for (i, e) in corpus.entities.iter().enumerate() {
                for (pos, n) in std::iter::once(&e.name).chain(&e.aliases).enumerate() {
                    let stages = names::stages(n);
                    cells.extend([
                        Cell::Int(i as i64),
                        Cell::Int(pos as i64),
                        Cell::Text(Cow::Borrowed(n.as_str())),
                        some(names::fold(n)),
                        some(stages.last().cloned().unwrap_or_default()),
                        names::meeting_key(&stages).map_or(Cell::Null, some),
                    ]);
                    cells.extend(stages.into_iter().map(some));
                    row(csv, &mut cells)?;
                }
            }
        }
        "links" => {
            for (i, c) in corpus.claims.iter().enumerate() {
                for (pos, l) in c.links.iter().enumerate() {
                    cells.extend([
                        Cell::Int(i as i64),
                        Cell::Int(pos as i64),
                        Cell::Int(l.outlet() as i64),
                        l.published
                            .map_or(Cell::Null, |p| Cell::Int(i64::from(p.earliest))),
                        l.published
                            .map_or(Cell::Null, |p| Cell::Int(i64::from(p.latest))),
                    ]);
                    row(csv, &mut cells)?;
                }
            }
        }
        side => {
            let (owner, field) = side.split_once("__").unwrap_or((side, ""));
            let mut elements = |id: usize, v: R<'_>, csv: &mut S| -> io::Result<()> {
                if let Ok(v) = v {
                    for (pos, x) in list_elements(&v).into_iter().enumerate() {
                        for c in [Cell::Int(id as i64), Cell::Int(pos as i64), x] {
                            csv.cell(&c)?;
                        }
                        csv.end()?;
                        rows += 1;
                    }
                }
                Ok(())
            };
            match owner {
                "claims" => {
                    let f = fields::claim(field).expect("a side table of a claim field");
                    for (i, c) in corpus.claims.iter().enumerate() {
                        elements(i, (f.get)(corpus, c), csv)?;
                    }
                }
                "entities" => {
                    let f = fields::entity(field).expect("a side table of an entity field");
                    for (i, e) in corpus.entities.iter().enumerate() {
                        elements(i, (f.get)(corpus, e), csv)?;
                    }
                }
                _ => {
                    let f = fields::outlet(field).expect("a side table of an outlet field");
                    for (i, o) in corpus.outlets.iter().enumerate() {
                        elements(i, (f.get)(corpus, o), csv)?;
                    }
                }
            }
        }
    }
    Ok(rows)
}

/// The Markdown description of every table, as `docs/export.md` shows it (a test keeps the
/// two the same): each table's row, then its columns with their types. The columns of a
/// field follow its type (see [`field_columns`]); their parts are described once, after.
pub fn docs_table() -> String {
    let mut out = String::new();
    for t in schema() {
        out.push_str(&format!(
            "### `{}` ({}.csv)\n\nOne row: {}.\n\n",
            t.name, t.name, t.row
        ));
        out.push_str("| Column | Type |\n|---|---|\n");
        for c in &t.columns {
            out.push_str(&format!("| `{}` | {} |\n", c.name, c.ty.name()));
        }
        out.push('\n');
    }
    for (what, parts) in [
        ("a period", PERIOD_PARTS),
        ("a duration", DURATION_PARTS),
        ("a list", LIST_PARTS),
    ] {
        out.push_str(&format!(
            "### The columns of {what} field `F`\n\n| Column | Type | Meaning |\n|---|---|---|\n"
        ));
        for (p, ty, meaning) in parts {
            out.push_str(&format!("| `F__{p}` | {} | {meaning} |\n", ty.name()));
        }
        out.push('\n');
    }
    out
}

/// The Parquet sink: each column's values gathered in an Arrow builder, written as a row
/// group of Parquet every [`parquet_sink::BATCH`] rows (no compression: the codecs would
/// add to the build what a scan of a local file does not need).
#[cfg(feature = "parquet")]
mod parquet_sink {
    use std::io;
    use std::sync::Arc;

    use arrow_array::builder::{Int64Builder, StringBuilder};
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema, SchemaRef};
    use parquet::arrow::ArrowWriter;

    use super::{Cell, ColType, Column, Sink};

    pub const BATCH: usize = 65_536;

    enum Builder {
        Int(Int64Builder),
        Text(StringBuilder),
    }

    pub struct Parquet<W: io::Write + Send> {
        writer: ArrowWriter<W>,
        schema: SchemaRef,
        columns: Vec<Builder>,
        at: usize,
        rows: usize,
    }

    fn err(e: impl std::fmt::Display) -> io::Error {
        io::Error::other(e.to_string())
    }

    impl<W: io::Write + Send> Parquet<W> {
        pub fn new(out: W, columns: &[Column]) -> io::Result<Self> {
            let fields: Vec<Field> = columns
                .iter()
                .map(|c| {
                    let ty = match c.ty {
                        ColType::Int => DataType::Int64,
                        ColType::Text => DataType::Utf8,
                    };
                    Field::new(c.name.as_str(), ty, true)
                })
                .collect();
            let schema: SchemaRef = Arc::new(Schema::new(fields));
            let writer = ArrowWriter::try_new(out, schema.clone(), None).map_err(err)?;
            let columns = columns
                .iter()
                .map(|c| match c.ty {
                    ColType::Int => Builder::Int(Int64Builder::new()),
                    ColType::Text => Builder::Text(StringBuilder::new()),
                })
                .collect();
            Ok(Parquet {
                writer,
                schema,
                columns,
                at: 0,
                rows: 0,
            })
        }

        fn flush(&mut self) -> io::Result<()> {
            if self.rows == 0 {
                return Ok(());
            }
            let arrays: Vec<ArrayRef> = self
                .columns
                .iter_mut()
                .map(|b| match b {
                    Builder::Int(b) => Arc::new(b.finish()) as ArrayRef,
                    Builder::Text(b) => Arc::new(b.finish()) as ArrayRef,
                })
                .collect();
            let batch = RecordBatch::try_new(self.schema.clone(), arrays).map_err(err)?;
            self.writer.write(&batch).map_err(err)?;
            self.rows = 0;
            Ok(())
        }
    }

    impl<W: io::Write + Send> Sink for Parquet<W> {
        fn cell(&mut self, c: &Cell) -> io::Result<()> {
            let b = self
                .columns
                .get_mut(self.at)
                .ok_or_else(|| io::Error::other("a row with more cells than columns"))?;
            self.at += 1;
            match (b, c) {
                (Builder::Int(b), Cell::Null) => b.append_null(),
                (Builder::Text(b), Cell::Null) => b.append_null(),
                (Builder::Int(b), Cell::Int(i)) => b.append_value(*i),
                (Builder::Text(b), Cell::Int(i)) => b.append_value(i.to_string()),
                (Builder::Text(b), Cell::Text(t)) => b.append_value(t),
                (Builder::Int(_), Cell::Text(_)) => {
                    return Err(io::Error::other("a text in a column of numbers"))
                }
            }
            Ok(())
        }

        fn end(&mut self) -> io::Result<()> {
            if self.at != self.columns.len() {
                return Err(io::Error::other("a row with fewer cells than columns"));
            }
            self.at = 0;
            self.rows += 1;
            if self.rows >= BATCH {
                self.flush()?;
            }
            Ok(())
        }

        fn finish(mut self) -> io::Result<()> {
            self.flush()?;
            self.writer.close().map_err(err)?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells written for a field are as many as its columns, for every type.
    #[test]
    fn width_is_the_number_of_a_fields_columns() {
        for (_, ty) in fields::of(Ty::Claim)
            .into_iter()
            .chain(fields::of(Ty::Entity))
            .chain(fields::of(Ty::Outlet))
        {
            assert_eq!(width(ty), field_columns("f", ty).len(), "{ty:?}");
        }
    }
}
