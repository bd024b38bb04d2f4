#!/usr/bin/env bash
# One command from a fresh clone to a full test run: installs the Debian packages the tests need
# (when missing), the npm dependencies (when not already installed from this package-lock.json),
# code-server under .vscode-test/, then runs `npm test` (type-check, lint, unit tests, then the
# host and UI tests inside a real VS Code). Extra arguments go to nothing; use npm scripts for
# single layers (see README, "Tests").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$(date +%s)
scripts/setup.sh

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json || package.json -nt node_modules/.package-lock.json ]]; then
  echo "[test] npm ci"
  npm ci --no-audit --no-fund
else
  echo "[test] node_modules is up to date with package-lock.json"
fi

scripts/install-code-server.sh >/dev/null
echo "[test] set-up took $(($(date +%s) - started)) s; running npm test"
exec npm test
