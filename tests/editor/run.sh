#!/usr/bin/env bash
# Real clients of `verify lsp` on the fixture workspace (tests/editor/workspace/: a story
# whose declarations are in another file, a relay's borrowed date, a wrong weekday):
#  1. headless Neovim, its built-in LSP client asserting the diagnostics, a hover and a
#     definition it receives (check.lua); Neovim is installed from Debian when it can be;
#  2. the VS Code extension's wiring (editors/vscode/tests/client.test.js; needs node);
#  3. the protocol library VS Code's client is built on, against the server
#     (editors/vscode/tests/protocol.test.js; needs npm and its registry).
# Each part says when it skips, and why.
#   bash tests/editor/run.sh [path/to/verify]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
verify=${1:-$repo/target/debug/verify}
if [ ! -x "$verify" ]; then
  (cd "$repo" && cargo build --locked --quiet)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/workspace" "$work/ws"
ws=$(cd "$work/ws" && pwd -P)
status=0

echo "-- Neovim's LSP client"
if ! command -v nvim >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Neovim (Debian package)"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim) >/dev/null 2>&1 || true
fi
if command -v nvim >/dev/null 2>&1; then
  echo "$(nvim --version | head -1)"
  VERIFY="$verify" WORKSPACE="$ws" RESULT="$work/result" \
    timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile $here/check.lua" >/dev/null 2>&1 || true
  if [ -f "$work/result" ] && head -1 "$work/result" | grep -qx ok; then
    cat "$work/result"
  else
    echo "FAILED"; cat "$work/result" 2>/dev/null || echo "Neovim wrote no result"
    status=1
  fi
else
  echo "skipped: Neovim is not installed and cannot be installed here"
fi

echo "-- the VS Code extension starts verify lsp"
if command -v node >/dev/null 2>&1; then
  node "$repo/editors/vscode/tests/client.test.js" || status=1
else
  echo "skipped: node is not installed"
fi

echo "-- VS Code's protocol library against verify lsp"
if command -v npm >/dev/null 2>&1 && timeout 60 npm view vscode-languageserver-protocol@3.17.5 version >/dev/null 2>&1; then
  (cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund vscode-languageserver-protocol@3.17.5 >/dev/null)
  NODE_PATH="$work/node_modules" node "$repo/editors/vscode/tests/protocol.test.js" "$verify" "$ws" || status=1
else
  echo "skipped: npm, or its registry (to fetch vscode-languageserver-protocol), is not available"
fi
exit $status
