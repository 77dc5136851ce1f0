#!/usr/bin/env bash
# Install Apertium, the Indonesian→Malay pair and the apertium-apy server (Debian/Ubuntu), then
# check that the engine translates. Quiet on success, loud on failure. Needs root (or sudo).
set -euo pipefail

bash "$(dirname "$0")/apt-install.sh" install-apertium apertium apertium-ind-zlm apertium-apy

fail() {
  echo "install-apertium: $*" >&2
  exit 1
}

# Verify: the engine lists the pair and translates.
pairs=$(apertium -l) || fail "apertium -l failed"
grep -Eq '^[[:space:]]*ind-zlm$' <<<"$pairs" || fail "apertium does not list ind-zlm after install (apertium -l: $(tr '\n' ' ' <<<"$pairs"))"
out=$(echo 'Perang Dingin' | APERTIUM_TRANSFUSE=no apertium -u ind-zlm) || fail "apertium ind-zlm failed"
[[ $out == *'Perang Sejuk'* ]] || fail "apertium ind-zlm translated 'Perang Dingin' as '$out', expected 'Perang Sejuk'"
command -v apertium-apy >/dev/null 2>&1 || fail "apertium-apy not on PATH after install"
