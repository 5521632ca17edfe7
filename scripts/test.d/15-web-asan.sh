#!/usr/bin/env bash
# Test stage: builds the browser app with AddressSanitizer (build/web-asan/site), which the browser
# journeys (tests/e2e/journeys.mjs, in the main ctest run) also drive: a memory error in the page
# prints an ASan report on the console, and that fails them.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
scripts/build-web.sh --no-deps --asan
echo "15-web-asan: the sanitizer site took $((SECONDS - start)) s"
