#!/usr/bin/env bash
# Test stage: builds the browser app (build/web/site) and the native GUI (build/gui) that the
# browser end-to-end test and the GUI smoke test (tests/e2e.cmake) run, and installs the e2e
# test's npm packages (playwright-core; the browser is Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-web.sh --no-deps
cmake -S . -B build/gui -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCPLAB_GUI=ON -DTCPLAB_TESTS=OFF \
  -DTCPLAB_BENCH=OFF >/dev/null
cmake --build build/gui -j2 --target tcplab_gui
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
