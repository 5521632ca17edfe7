#!/usr/bin/env bash
# Builds the browser app: the static site in build/web/site (index.html, tcplab-api.js, tcplab.js,
# tcplab.wasm, and tcplab.html, the single self-contained file) and prints its download size.
#   scripts/build-web.sh            installs missing Debian packages first
#   scripts/build-web.sh --no-deps  skips that (CI stages that already ran install-deps.sh)
#   scripts/build-web.sh --asan     the AddressSanitizer build for the browser journeys instead:
#                                   build/web-asan/site (TCPLAB_WEB_ASAN; no single file, no budget)
# Dear ImGui and SDL2 come from Debian source packages; SDL2 is built for wasm once per machine
# into ~/.cache/tcplab (TCPLAB_CACHE overrides), see scripts/web-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
deps=1 build=build/web asan=OFF
for a in "$@"; do
  case "$a" in
    --no-deps) deps=0 ;;
    --asan) build=build/web-asan asan=ON ;;
    *) echo "usage: $0 [--no-deps] [--asan]" >&2; exit 2 ;;
  esac
done
[ "$deps" = 0 ] || scripts/install-deps.sh web
export NODE_PATH=/usr/share/nodejs   # Debian's node does not search it; emcc -O1+ needs acorn from there
scripts/web-deps.sh all
if [ ! -f "$build/CMakeCache.txt" ]; then
  emcmake cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel -DTCPLAB_WEB_ASAN=$asan >/dev/null
fi
cmake --build "$build" -j2
