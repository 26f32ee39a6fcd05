#!/usr/bin/env bash
# Renders the HTML report of the seed corpus (claims/) in a real browser, headless
# Chromium, takes a screenshot and checks the page as the browser built it:
#   - the page loads with no script error (the inline script sets body data-ok="1" and
#     collects errors in data-errors);
#   - one findings-table row per finding, as many as `--format json` reports;
#   - the timelines (svg) are there, and every link on the page points to an id on it;
#   - nothing is fetched: the browser runs with every host unresolvable, and the page has
#     no src attribute and no link leaving it.
#
# Usage: bash tests/browser/run.sh [--update-screenshot]
#   --update-screenshot   also copy the screenshot to docs/timeline.png
# Environment: BROWSER_OUT=DIR keeps the report, DOM and screenshot in DIR (default: a
# temporary directory, printed). CARGO_TARGET_DIR is honoured.
#
# Installs Debian's `chromium` when it is missing (apt-get, as root or with sudo). When it
# cannot be installed (no network, no apt), the test is skipped with a message and exits 0.
# Exit status: 0 all checks passed (or skipped), 1 a check failed, 2 it could not run.
set -uo pipefail
cd "$(dirname "$0")/../.."

update=0
for arg in "$@"; do
  case "$arg" in
    --update-screenshot) update=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "browser: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

find_browser() {
  command -v chromium || command -v chromium-browser || true
}

browser=$(find_browser)
if [ -z "$browser" ]; then
  echo "browser: chromium not found; installing Debian's chromium…"
  as_root=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo -n"; fi
  fi
  log=$(mktemp)
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$as_root" ]; } \
    && $as_root apt-get update >"$log" 2>&1 \
    && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y chromium >>"$log" 2>&1; then
    browser=$(find_browser)
  fi
  if [ -z "$browser" ]; then
    tail -n 5 "$log" 2>/dev/null | sed 's/^/  apt: /'
    echo "browser: SKIPPED: chromium is not installed and could not be installed (no network or no apt-get); nothing was checked"
    exit 0
  fi
fi
echo "browser: using $browser ($("$browser" --version 2>/dev/null | head -n 1))"

out=${BROWSER_OUT:-$(mktemp -d)}
mkdir -p "$out"
echo "browser: files in $out"

echo "browser: building verify…"
if ! cargo build --quiet --locked --bin verify; then
  echo "browser: could not build verify" >&2
  exit 2
fi
verify="${CARGO_TARGET_DIR:-target}/debug/verify"

# 0: no error finding, 1: error findings (both valid reports); 2: bad input.
status=0
"$verify" claims/ --format html >"$out/report.html" || status=$?
if [ "$status" -ge 2 ]; then
  echo "browser: verify claims/ --format html failed with status $status" >&2
  exit 2
fi
status=0
"$verify" claims/ --format json >"$out/report.json" || status=$?
if [ "$status" -ge 2 ]; then
  echo "browser: verify claims/ --format json failed with status $status" >&2
  exit 2
fi
expected=$(grep -c '"fingerprint":' "$out/report.json" || true)

chrome() {
  local profile
  profile=$(mktemp -d)
  timeout 180 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-extensions --hide-scrollbars --host-resolver-rules="MAP * ~NOTFOUND" \
    --user-data-dir="$profile" "$@"
  local rc=$?
  rm -rf "$profile"
  return $rc
}

page="file://$(cd "$out" && pwd)/report.html"
rm -f "$out/timeline.png"
chrome --screenshot="$out/timeline.png" --window-size=1400,1800 "$page" >"$out/screenshot.log" 2>&1
chrome --dump-dom "$page" >"$out/dom.html" 2>"$out/dom.log"

passed=0
failed=0
check() {
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok     - $what"
  else
    failed=$((failed + 1))
    echo "FAILED - $what"
  fi
}

png_ok() {
  [ -s "$out/timeline.png" ] && [ "$(head -c 8 "$out/timeline.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]
}
dom_loaded() { grep -q '</html>' "$out/dom.html"; }
script_ran() { grep -q '<body[^>]* data-ok="1"' "$out/dom.html"; }
no_script_errors() { ! grep -q 'data-errors=' "$out/dom.html"; }
rows=$(grep -o '<tr class="finding ' "$out/dom.html" | wc -l | tr -d ' ')
rows_match() { [ "$expected" -gt 0 ] && [ "$rows" -eq "$expected" ]; }
svg_count=$(grep -o '<svg viewBox=' "$out/dom.html" | wc -l | tr -d ' ')
has_svg() { [ "$svg_count" -ge 1 ]; }
targets() { grep -o 'href="#[^"]*"' "$out/dom.html" | sed 's/^href="#//; s/"$//' | sort -u; }
ids() { grep -o ' id="[^"]*"' "$out/dom.html" | sed 's/^ id="//; s/"$//' | sort -u; }
links_resolve() {
  local missing
  missing=$(comm -23 <(targets) <(ids))
  [ -z "$missing" ] || { echo "  links to no id: $missing"; return 1; }
}
marks=$(grep -o '<a class="mark" href="#f-' "$out/dom.html" | wc -l | tr -d ' ')
has_marks() { [ "$marks" -ge 1 ]; }
nothing_fetched() {
  ! grep -Eq ' (src|srcset|srcdoc)=' "$out/dom.html" \
    && ! grep -Eq 'href="[^#]' "$out/dom.html" \
    && ! grep -Eq 'https?://' "$out/dom.html"
}

check "the screenshot is a PNG ($out/timeline.png)" png_ok
check "the page loaded and its DOM was dumped" dom_loaded
check "the inline script ran (body data-ok=\"1\")" script_ran
check "no script error (no data-errors on body)" no_script_errors
check "one findings-table row per finding ($rows rows, $expected in the JSON report)" rows_match
check "the timelines are drawn ($svg_count svg)" has_svg
check "findings are marked on the timelines ($marks marks)" has_marks
check "every link points to an id on the page" links_resolve
check "nothing is fetched: no src, no link leaving the page, no URL" nothing_fetched

if [ "$failed" -gt 0 ]; then
  echo "browser: logs in $out/screenshot.log and $out/dom.log"
fi
if [ "$update" = 1 ] && [ "$failed" -eq 0 ]; then
  cp "$out/timeline.png" docs/timeline.png
  echo "browser: screenshot copied to docs/timeline.png"
fi
echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
