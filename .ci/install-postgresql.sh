#!/usr/bin/env bash
# Install Debian's PostgreSQL server and its contrib modules (pg_trgm) for the shared translation
# memory's tests (test/helpers/postgres-cluster.ts starts a throwaway cluster of its own on a free
# port; the packaged cluster this install may create is not used), then check that initdb exists
# and that pg_trgm is installed. Quiet on success, loud on failure. Needs root (or sudo).
set -euo pipefail

bash "$(dirname "$0")/apt-install.sh" install-postgresql postgresql postgresql-contrib

fail() {
  echo "install-postgresql: $*" >&2
  exit 1
}

# Verify: a server version directory with initdb, postgres and the pg_trgm extension files.
shopt -s nullglob
initdbs=(/usr/lib/postgresql/*/bin/initdb)
((${#initdbs[@]} > 0)) || fail "no /usr/lib/postgresql/*/bin/initdb after install (is postgresql-<version> installed? dpkg -l 'postgresql*')"
bin=$(dirname "$(printf '%s\n' "${initdbs[@]}" | sort -V | tail -n 1)") # the newest version
[[ -x $bin/postgres && -x $bin/pg_ctl ]] || fail "$bin has initdb but no postgres or pg_ctl"
"$bin/initdb" --version >/dev/null || fail "$bin/initdb --version failed"
share=$("$bin/pg_config" --sharedir 2>/dev/null || echo "/usr/share/postgresql/$(basename "$(dirname "$bin")")")
[[ -f $share/extension/pg_trgm.control ]] || fail "pg_trgm is not installed ($share/extension/pg_trgm.control missing; apt-get install postgresql-contrib)"
