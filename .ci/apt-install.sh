#!/usr/bin/env bash
# Install Debian packages for CI, shared by install-apertium.sh and install-chromium.sh:
#   bash .ci/apt-install.sh NAME PACKAGE…   (NAME prefixes messages; APT_INSTALL_HINT adds a hint)
# Idempotent: does nothing when every package is installed; runs `apt-get update` only when a
# package is not known to apt yet. Quiet on success, loud on failure. Needs root (or sudo).
set -euo pipefail

NAME=$1
shift
PACKAGES=("$@")

fail() {
  echo "$NAME: $*" >&2
  exit 1
}

installed() {
  dpkg-query -W -f '${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install by hand: apt-get install ${PACKAGES[*]}${APT_INSTALL_HINT:+ ($APT_INSTALL_HINT)}"
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
