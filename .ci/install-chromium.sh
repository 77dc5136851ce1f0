#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests of the review page (test/review-browser.test.ts,
# driven by playwright-core, which downloads no browser of its own).
# Idempotent: does nothing when chromium is installed; runs `apt-get update` only when the package
# is not known to apt yet. Quiet on success, loud on failure. Needs root (or sudo).
set -euo pipefail

PACKAGES=(chromium)

fail() {
  echo "install-chromium: $*" >&2
  exit 1
}

installed() {
  dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install by hand: apt-get install ${PACKAGES[*]} (or set CHROMIUM_PATH to a Chromium executable)"

missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done

if ((${#missing[@]} > 0)); then
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || fail "not root and no sudo: run as root: apt-get install --no-install-recommends ${missing[*]}"
    SUDO=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  candidate_missing=false
  for p in "${missing[@]}"; do
    if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]'; then candidate_missing=true; fi
  done
  if $candidate_missing; then
    "${SUDO[@]}" apt-get update -qq >/dev/null || fail "apt-get update failed"
  fi
  log=$(mktemp)
  if ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    fail "apt-get install ${missing[*]} failed"
  fi
  rm -f "$log"
fi

# Verify: the browser starts headless and renders a page (as root, as CI runs, it needs --no-sandbox).
command -v chromium >/dev/null 2>&1 || fail "chromium not on PATH after install"
dom=$(chromium --headless --no-sandbox --disable-gpu --dump-dom 'data:text/html,<p>ok-chromium</p>' 2>/dev/null) ||
  fail "chromium --headless failed to start (run it by hand: chromium --headless --no-sandbox --dump-dom about:blank)"
[[ $dom == *'ok-chromium'* ]] || fail "chromium --headless rendered no page (got: ${dom:0:200})"
