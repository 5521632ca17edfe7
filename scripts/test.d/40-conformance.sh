#!/usr/bin/env bash
# FreeBSD's packetdrill suite against tcplab (scripts/conformance.sh, docs/conformance.md), when the
# suite is present next to the project (../shared/conformance/freebsd-tcp-testsuite, or
# CONFORMANCE_SUITE=DIR). Fails when a folder's pass count drops below tests/conformance/baseline.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
suite=${CONFORMANCE_SUITE:-$PWD/../shared/conformance/freebsd-tcp-testsuite}
if [ ! -d "$suite" ]; then
  echo "conformance: no suite at $suite, stage skipped"
  exit 0
fi
# The same configuration as the main build in scripts/test.sh, so that build is reused.
cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCPLAB_GUI=ON >/dev/null
cmake --build build/native --target tcplab -j"$(nproc)"
scripts/conformance.sh --results build/native/conformance-results.txt "$suite"
