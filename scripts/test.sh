#!/usr/bin/env bash
# The whole test suite, from a fresh Debian bookworm machine: installs what it needs, builds and
# runs every test. This is the README's test command and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc)

scripts/install-deps.sh all

# Preparatory stages (web build, fuzzer build and runs, sanitizer build and its ctest ...), each a
# script of its own in scripts/test.d, run in name order. They fail the run on any failure.
for stage in scripts/test.d/*.sh; do
  [ -e "$stage" ] || continue
  echo "== $(basename "$stage")"
  bash "$stage"
done

# Last: the main native build and ctest, whose summary closes the run. It includes the Catch2
# suites, the scenario library check, the pcap/tshark check, the browser end-to-end test and the
# native GUI smoke test and the front end's headless panel tests (they register themselves in
# tests/*.cmake; the GUI is built here too, TCPLAB_GUI=ON).
echo "== native build and the full ctest suite"
cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCPLAB_GUI=ON >/dev/null
cmake --build build/native -j"$jobs"
(cd build/native && ctest --output-on-failure -j"$jobs")
