#!/usr/bin/env bash
# Builds the browser app: the static site in build/web/site (index.html, tcplab-api.js, tcplab.js,
# tcplab.wasm, and tcplab.html, the single self-contained file) and prints its download size.
#   scripts/build-web.sh            installs missing Debian packages first
#   scripts/build-web.sh --no-deps  skips that (CI stages that already ran install-deps.sh)
# Dear ImGui and SDL2 come from Debian source packages; SDL2 is built for wasm once per machine
# into ~/.cache/tcplab (TCPLAB_CACHE overrides), see scripts/web-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = "--no-deps" ] || scripts/install-deps.sh web
export NODE_PATH=/usr/share/nodejs   # Debian's node does not search it; emcc -O1+ needs acorn from there
scripts/web-deps.sh all
if [ ! -f build/web/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/web -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel >/dev/null
fi
cmake --build build/web -j2
