#!/usr/bin/env bash
# Takes docs/images/editor-neovim.png: Neovim in xterm on a virtual display (Xvfb), with
# `verify lsp` on the bundled claims, a finding on its line and the hover of a borrowed
# date (neovim.lua). Needs the Debian packages neovim, xvfb, xterm, imagemagick and
# fonts-dejavu-core.
#   bash docs/screenshots/take.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cargo build --locked --quiet
mkdir -p docs/images
out=docs/images/editor-neovim.png
VERIFY="$root/target/debug/verify" xvfb-run -a -s "-screen 0 1500x560x24" bash -c "
  xterm -geometry 150x25+0+0 -fa 'DejaVu Sans Mono' -fs 11 -bg '#1e1e2e' -fg '#cdd6f4' \
    -e nvim -u NONE -i NONE -n -c 'luafile docs/screenshots/neovim.lua' &
  sleep 8
  import -window root -crop 1356x500+0+0 $out
  kill %1 || true
"
echo "wrote $out"
