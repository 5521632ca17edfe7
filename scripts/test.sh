#!/usr/bin/env bash
# The whole test suite, from a fresh Debian bookworm machine: installs what it needs, builds and
# runs every test. This is the README's test command and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc)

scripts/install-deps.sh all

echo "== native build and unit/scenario tests"
cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/native -j"$jobs"
(cd build/native && ctest --output-on-failure -j"$jobs")
