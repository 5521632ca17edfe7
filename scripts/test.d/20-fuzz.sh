#!/usr/bin/env bash
# Builds the libFuzzer targets with Debian's clang (-fsanitize=fuzzer + ASan + UBSan) in
# build/fuzz and runs each for a bounded time from its checked-in seed corpus
# (tests/fuzz/corpus/<target>). Fails on any crash, hang (-timeout), leak or sanitizer report.
#   FUZZ_SECONDS=45 (per target)   FUZZ_JOBS=2 (build parallelism)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${FUZZ_SECONDS:-45}
build=$root/build/fuzz

cmake -S . -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" \
  -DTCPLAB_FUZZ=ON -DTCPLAB_SANITIZE=ON -DTCPLAB_BENCH=OFF -DTCPLAB_GUI=OFF >/dev/null
targets=(fuzz_scenario_parser fuzz_pkt_parser fuzz_endpoint fuzz_capture)
cmake --build "$build" -j"${FUZZ_JOBS:-2}" --target "${targets[@]}"

export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "${targets[@]}"; do
  seeds=$root/tests/fuzz/corpus/$t
  work=$build/corpus/$t          # grows during the run; the checked-in seeds stay untouched
  artifacts=$build/artifacts/$t/
  mkdir -p "$work" "$artifacts"
  echo "-- $t: ${seconds}s from $(ls "$seeds" | wc -l) seeds"
  case $t in fuzz_scenario_parser) max_len=16384 ;; fuzz_pkt_parser|fuzz_capture) max_len=8192 ;; *) max_len=2048 ;; esac
  if ! "$build/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len \
        -print_final_stats=1 -artifact_prefix="$artifacts" "$work" "$seeds" >"$build/$t.log" 2>&1; then
    echo "FAIL: $t found a problem; reproducer in $artifacts (replay: $build/$t <file>)"
    grep -E "ERROR|runtime error|invariant|SUMMARY|Test unit written" "$build/$t.log" | head -20 || true
    status=1
  else
    grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE" "$build/$t.log" | tail -2 || true
  fi
done
exit $status
