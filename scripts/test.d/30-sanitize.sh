#!/usr/bin/env bash
# Builds the Catch2 suite with AddressSanitizer + UndefinedBehaviorSanitizer (TCPLAB_SANITIZE)
# in build/asan and runs its ctest. Any sanitizer report aborts the test, which fails the stage.
# The front end is built too (TCPLAB_GUI=ON), so test_web_ui's native journeys (the real buttons
# and the scrubber clicked on headless ImGui frames) run under ASan: how memory errors of the UI fail CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=$PWD/build/asan
jobs=${SANITIZE_JOBS:-2}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTCPLAB_SANITIZE=ON -DTCPLAB_BENCH=OFF -DTCPLAB_GUI=ON >/dev/null
cmake --build "$build" -j"$jobs"

export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The browser and GUI end-to-end tests check the web build (10-web.sh), not the engine: not rerun here.
(cd "$build" && ctest --output-on-failure -j"$jobs" -E "^e2e:")
