//! What every page carries and how text gets into it: [`escape`] (every text taken from an
//! article goes through it), the inline script and style sheet, colours per level and claim
//! kind, and number and text formatting.

use super::*;

/// Escapes text for HTML element content and for double- or single-quoted attribute
/// values: `& < > " '` become references, control characters (other than tab and line
/// breaks) become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push('\n'),
            c if crate::diag::unsafe_char(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The inline script: optional (the page works without it). It highlights every mark of a
/// finding while one of them is hovered, and records that it ran (`data-ok`) or what went
/// wrong (`data-errors`) on the body, for the browser test.
pub const SCRIPT: &str = r#"(function () {
  var body = document.body, errors = [];
  function fail(message) { errors.push(String(message)); body.setAttribute("data-errors", errors.join("; ")); }
  window.addEventListener("error", function (e) { fail(e.message); });
  try {
    var marks = document.querySelectorAll("[data-f]");
    Array.prototype.forEach.call(marks, function (el) {
      var same = '[data-f="' + el.getAttribute("data-f") + '"]';
      function set(on) {
        Array.prototype.forEach.call(document.querySelectorAll(same), function (m) { m.classList.toggle("hl", on); });
      }
      el.addEventListener("mouseenter", function () { set(true); });
      el.addEventListener("mouseleave", function () { set(false); });
    });
    body.dataset.ok = "1";
  } catch (e) { fail(e); }
})();"#;

pub(super) const STYLE: &str = r#"
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa;
  --error: #c92a2a; --warning: #d9480f; --info: #1864ab; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Noto Sans", sans-serif; }
main { max-width: 1360px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 13px; margin: 12px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
p.sub, .muted { color: var(--muted); }
p.sub { margin: 0 0 14px; }
code { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: var(--soft); padding: 0 3px; border-radius: 3px; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 92px; background: var(--soft); }
.card b { display: block; font-size: 20px; line-height: 1.2; }
.card span { color: var(--muted); font-size: 12px; }
.card.error b { color: var(--error); } .card.warning b { color: var(--warning); } .card.info b { color: var(--info); }
.facts { margin: 4px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 10px 0 0; padding: 8px 12px;
  border: 1px solid var(--line); border-radius: 6px; font-size: 12px; color: var(--muted); }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.story-meta { color: var(--muted); margin: 0 0 8px; }
.story-title { margin: 0 0 2px; font-size: 15px; }
.story-body { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 16px; align-items: start; }
.timeline svg { width: 100%; height: auto; display: block; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
.strip { margin-top: 10px; }
.strip p { margin: 0 0 4px; font-size: 12px; color: var(--muted); }
aside { font-size: 13px; }
aside ul { list-style: none; padding: 0; margin: 0 0 8px; }
aside li { padding: 3px 0; border-bottom: 1px dotted var(--line); }
aside ul.undated { font-size: 12px; }
aside .when { display: block; color: var(--muted); }
.pin { display: inline-block; min-width: 20px; padding: 0 5px; border-radius: 10px; color: #fff;
  font-size: 11px; font-weight: 700; text-align: center; text-decoration: none; margin-left: 3px; }
.pin.error { background: var(--error); } .pin.warning { background: var(--warning); } .pin.info { background: var(--info); }
.pin.possible { background: #fff; border: 1.5px dashed currentColor; }
.pin.possible.error { color: var(--error); } .pin.possible.warning { color: var(--warning); } .pin.possible.info { color: var(--info); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-size: 12px; }
tr:target, tr.hl { background: #fff3bf; }
td ul { margin: 0; padding-left: 16px; }
td li { margin-bottom: 3px; }
.claim { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 11px; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
.tag { display: inline-block; font-size: 11px; border: 1px solid var(--line); border-radius: 3px; padding: 0 4px; margin: 1px 2px 1px 0; color: var(--muted); }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Noto Sans", sans-serif; fill: var(--fg); }
svg .tick { font-size: 12px; fill: var(--muted); }
svg .year { font-size: 13px; font-weight: 700; fill: var(--fg); }
svg .rl { font-size: 14px; font-weight: 600; }
svg .rs { font-size: 12px; fill: var(--muted); }
svg .dl { font-size: 12px; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .pn { font-size: 10px; font-weight: 700; fill: #fff; }
svg .pn.possible { fill: currentColor; }
svg .mk { font-size: 11px; font-weight: 700; }
svg a.mark:hover *, svg a.mark.hl * { stroke-width: 2.5px; }
svg a.mark.hl rect.band { fill-opacity: 1; }
@media (max-width: 1000px) { .story-body { grid-template-columns: 1fr; } }
"#;

pub(super) fn level_class(l: Level) -> &'static str {
    l.as_str()
}

pub(super) fn level_color(l: Level) -> &'static str {
    match l {
        Level::Error => "#c92a2a",
        Level::Warning => "#d9480f",
        Level::Info => "#1864ab",
    }
}

pub(super) fn kind_color(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::Plan | ClaimKind::Agreement => "#0b7285",
        ClaimKind::Visit => "#5f3dc4",
        ClaimKind::Event => "#a61e4d",
        ClaimKind::Holds => "#8f5b1d",
        ClaimKind::Meeting => "#2b8a3e",
        ClaimKind::Award => "#e67700",
        ClaimKind::Statement => "#495057",
    }
}

/// Fixed-precision numbers, so output is byte-identical across runs and platforms.
pub(super) fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// At most `max` characters, with an ellipsis when cut.
pub(super) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
