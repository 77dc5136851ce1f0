#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests of the review page (test/review-browser.test.ts,
# driven by playwright-core, which downloads no browser of its own), then check that it renders.
# Quiet on success, loud on failure. Needs root (or sudo).
set -euo pipefail

APT_INSTALL_HINT="or set CHROMIUM_PATH to a Chromium executable" bash "$(dirname "$0")/apt-install.sh" install-chromium chromium

fail() {
  echo "install-chromium: $*" >&2
  exit 1
}

# Verify: the browser starts headless and renders a page (as root, as CI runs, it needs --no-sandbox).
command -v chromium >/dev/null 2>&1 || fail "chromium not on PATH after install"
dom=$(chromium --headless --no-sandbox --disable-gpu --dump-dom 'data:text/html,<p>ok-chromium</p>' 2>/dev/null) ||
  fail "chromium --headless failed to start (run it by hand: chromium --headless --no-sandbox --dump-dom about:blank)"
[[ $dom == *'ok-chromium'* ]] || fail "chromium --headless rendered no page (got: ${dom:0:200})"
