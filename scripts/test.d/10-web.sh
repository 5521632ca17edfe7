#!/usr/bin/env bash
# Test stage: builds the browser app (build/web/site) that the browser end-to-end test
# (tests/e2e.cmake) serves, and installs the e2e test's npm packages (playwright-core; the browser
# is Debian's chromium). The native GUI is built by the main build (TCPLAB_GUI=ON in test.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/build-web.sh --no-deps
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
