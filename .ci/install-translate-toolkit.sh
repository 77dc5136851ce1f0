#!/usr/bin/env bash
# Install Debian's Translate Toolkit (the independent TMX and XLIFF reader/writer of the exchange
# tests: test/tmx-translate-toolkit.test.ts, test/xliff-translate-toolkit.test.ts) and xmllint (the
# schema and DTD validator of the exchange tests), then check that both work. The tests run the
# toolkit with /usr/bin/python3, Debian's Python, which the package installs into.
# Quiet on success, loud on failure. Needs root (or sudo).
set -euo pipefail

bash "$(dirname "$0")/apt-install.sh" install-translate-toolkit translate-toolkit libxml2-utils

fail() {
  echo "install-translate-toolkit: $*" >&2
  exit 1
}

# Verify: the library's TMX and XLIFF stores import, po2tmx runs, xmllint runs.
/usr/bin/python3 -c 'import translate.storage.tmx, translate.storage.xliff' ||
  fail "/usr/bin/python3 cannot import translate.storage.tmx after install (is another python3 first on PATH? the tests use /usr/bin/python3)"
command -v po2tmx >/dev/null 2>&1 || fail "po2tmx not on PATH after install"
command -v xmllint >/dev/null 2>&1 || fail "xmllint not on PATH after install (package libxml2-utils)"
