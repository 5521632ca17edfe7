#!/usr/bin/env bash
# The benchmarks (separate from the tests: they print figures and assert nothing about speed).
#   engine:   tcplab bench --connections 100000, and the Google Benchmark target engine_bench
#   frontend: ui_frame_bench (ImGui work per frame with a 10,000-segment trace, no GPU), and the
#             browser's frame time and rate with the same trace (tests/e2e/bench_frames.mjs)
#   going back: step_back_bench (step back and scrubbing back at 1k, 10k, 100k segments) and the
#             same in the page (tests/e2e/bench_step_back.mjs)
# Expects the builds scripts/test.sh makes (build/native with the GUI, build/web/site).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/native/engine/tcplab ] || { echo "bench: build first (scripts/test.sh)" >&2; exit 1; }
echo "== tcplab bench --connections 100000"
build/native/engine/tcplab bench --connections 100000
echo "== engine_bench"
build/native/bench/engine_bench --benchmark_min_time=0.5
if [ -x build/native/bench/ui_frame_bench ]; then
  echo "== ui_frame_bench (10,000 segments, 1280x800, draw lists only)"
  build/native/bench/ui_frame_bench
fi
if [ -x build/native/bench/step_back_bench ]; then
  echo "== step_back_bench (step back / seek back at 1k, 10k, 100k segments; goal <= 5 ms, flat)"
  build/native/bench/step_back_bench
fi
if [ -f build/web/site/index.html ] && [ -d tests/e2e/node_modules ]; then
  echo "== browser frames (10,000 segments, headless Chromium, WebGL2 on SwiftShader)"
  (cd tests/e2e && node bench_frames.mjs --site ../../build/web/site)
  echo "== browser step back (1k, 10k, 100k segments; goal <= 30 ms, flat)"
  (cd tests/e2e && node bench_step_back.mjs --site ../../build/web/site)
fi
