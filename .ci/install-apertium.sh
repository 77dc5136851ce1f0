#!/usr/bin/env bash
# Install Apertium, the Indonesian→Malay pair and the apertium-apy server (Debian/Ubuntu).
# Idempotent: does nothing when all three are installed; runs `apt-get update` only when a
# package is not known to apt yet. Quiet on success, loud on failure. Needs root (or sudo).
set -euo pipefail

PACKAGES=(apertium apertium-ind-zlm apertium-apy)

fail() {
  echo "install-apertium: $*" >&2
  exit 1
}

installed() {
  dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install by hand: apt-get install ${PACKAGES[*]}"

missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done

if ((${#missing[@]} > 0)); then
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || fail "not root and no sudo: run as root: apt-get install ${missing[*]}"
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

# Verify: the engine lists the pair and translates.
pairs=$(apertium -l) || fail "apertium -l failed"
grep -Eq '^[[:space:]]*ind-zlm$' <<<"$pairs" || fail "apertium does not list ind-zlm after install (apertium -l: $(tr '\n' ' ' <<<"$pairs"))"
out=$(echo 'Perang Dingin' | APERTIUM_TRANSFUSE=no apertium -u ind-zlm) || fail "apertium ind-zlm failed"
[[ $out == *'Perang Sejuk'* ]] || fail "apertium ind-zlm translated 'Perang Dingin' as '$out', expected 'Perang Sejuk'"
command -v apertium-apy >/dev/null 2>&1 || fail "apertium-apy not on PATH after install"
