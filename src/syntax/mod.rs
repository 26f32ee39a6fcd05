//! The claims language: source text in, syntax tree and diagnostics out.
//!
//! [`source::decode`] turns raw bytes into text (reporting invalid UTF-8 and binary files),
//! [`parse`] turns text into a [`Document`] (recovering at every line, so all errors in a file
//! are reported), and [`format()`] prints a document back in canonical form (`verify fmt`).
//! Nothing here reads files or resolves names: that is [`crate::model`]'s job.
//!
//! # Grammar
//!
//! Line-oriented: one declaration or claim per line, `#` starts a comment (outside quotes),
//! blank lines are free, UTF-8 everywhere. Declarations and `report` lines start at column
//! one; what a report says is indented below it, and what a cited outlet says is indented
//! below a `per OUTLET:` line. This EBNF is the same as in `docs/claims-language.md` (a test
//! keeps the two in sync):
//!
//! ```text
//! file        = { line } ;
//! line        = indent [ item ] [ comment ] newline ;
//! comment     = "#" { character } ;                 (* outside quotes *)
//! item        = outlet | entity | report          (* at the top level *)
//!             | per | claim ;                     (* indented inside a report *)
//!
//! outlet      = "outlet" id string { outlet-attr } ;
//! outlet-attr = "aka" strings | "country" id | "lang" id | "kind" outlet-kind | "url" string ;
//! outlet-kind = "daily" | "weekly" | "magazine" | "site" | "agency" | "broadcaster"
//!             | "official" ;
//!
//! entity      = ( "person" | "country" ) id string { "aka" strings }
//!             | ( "org" | "city" | "place" | "event" ) id string { "aka" strings | "in" name }
//!             | "office" id string { "aka" strings | "of" name | "sole" } ;
//!
//! report      = "report" id "by" name { report-attr } ;
//! report-attr = "published" published | "lang" id | "url" string | "title" string ;
//! published   = point | "unknown" ;               (* absolute; a stated weekday is checked *)
//! per         = "per" name [ "published" published ] ":" ;
//!
//! claim       = claim-kind [ [ id ] ":" ] { term [ "," ] } { qualifier } ;
//! claim-kind  = "visit" | "meeting" | "plan" | "agreement" | "holds" | "event" | "award"
//!             | "statement" ;
//! term        = name ;                            (* an id that is no qualifier keyword *)
//! qualifier   = "to" name | "in" name | "coming" "from" name | "by" name
//!             | "with" names | "parties" names | time
//!             | "lasting" duration | "arriving" point | "signed" point
//!             | "status" ( "expected" | "signed" | "in-force" | "ended" )
//!             | "extends" id { "," id } | "during" id | "after" id | "before" id
//!             | "topic" string | "note" string ;
//!
//! time        = "on" point
//!             | "from" point [ ( "to" | "until" ) point ]
//!             | "until" point ;
//! point       = [ third ] point-core [ "(" weekday ")" ] [ time-of-day ] ;
//!                                                   (* a stated weekday, checked *)
//! third       = "early" | "mid" | "mid-" | "late" ;  (* before a month or a year only *)
//! time-of-day = [ "at" ] ( clock | "morning" | "noon" | "afternoon" | "evening" | "night" ) ;
//!                                                   (* after a single day only *)
//! clock       = digit [ digit ] ( ":" digit digit | "h" [ digit digit ] ) ; (* 17:20, 17h *)
//! point-core  = date
//!             | day month [ year ] | month [ day ] [ "," ] [ year ]
//!             | number "/" number "/" year       (* as date-order in verify.toml says *)
//!             | day ( ".." | "-" | "–" ) day month [ year ]  (* after "on", or "from" alone *)
//!             | month day ( ".." | "-" | "–" ) day [ "," ] [ year ]  (* likewise *)
//!             | ( "this" | "last" | "next" ) ( "year" | "month" | "week" )
//!             | ( "start" | "end" ) "of" ( "this" | "last" | "next" ) ( "year" | "month" | "week" )
//!             | "yesterday" | "today" | "tomorrow"
//!             | number unit "ago"
//!             | [ "last" | "next" ] weekday
//!             | day ;                             (* only in "from 26 to 28 June" *)
//! date        = year [ "-" mm [ "-" dd ] ] ;      (* 2024, 2024-06, 2024-06-26 *)
//! duration    = number unit ;
//! unit        = "hour" | "hours" | "day" | "days" | "week" | "weeks" | "month" | "months"
//!             | "year" | "years" ;                (* hours in durations and "ago" only *)
//! month       = "January" | … | "December" | "Jan" | … | "Dec" ;  (* any case *)
//! weekday     = "Monday" | … | "Sunday" | "Mon" | … | "Sun"
//!             | "Tues" | "Weds" | "Thur" | "Thurs" ;              (* any case *)
//! year        = digit digit digit digit ;
//! day         = digit [ digit ] ;
//! name        = id | string ;
//! names       = name { "," name } ;
//! strings     = string { "," string } ;
//! id          = ( letter | "_" ) { letter | digit | "_" | "-" | "." } ;  (* not ending in - or . *)
//! string      = '"' { character - '"' - "\" | "\" character } '"' ;
//! number      = digit { digit } ;
//! digit       = "0" | … | "9" ;
//! letter      = (* any Unicode letter *) ;
//! character   = (* any character except a line break *) ;
//! indent      = { " " | tab } ;                   (* a tab counts as four columns *)
//! newline     = LF | CR LF ;
//! ```
//!
//! Each claim kind takes fixed terms before its qualifiers: `visit` one visitor (and
//! requires `to`), `meeting` two or more participants, `plan`/`agreement` one quoted name,
//! `holds` a person and an office, `event` at most one named event, `award` a recipient and
//! the award, `statement` a subject, a predicate and an object. Each kind's terms, what
//! each term must be and the qualifiers it accepts are one entry of [`ast::KINDS`].

pub mod ast;
pub mod format;
pub mod journalist;
pub mod parser;
pub mod source;
pub mod suppress;

pub use ast::*;
pub use format::format;
pub use parser::{id_from_name, is_identifier, parse, parse_top_level, parse_with};
