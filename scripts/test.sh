#!/usr/bin/env bash
# One command from a fresh clone to a full test run: installs the Debian packages the tests need
# (when missing), the npm dependencies (when not already installed from this package-lock.json),
# code-server under .vscode-test/, then runs `npm test` (type-check, lint, unit tests, then the
# host and UI tests inside a real VS Code). Its last line, `total: N passed, N failed`, sums the
# unit, host and UI layers. Use the npm scripts for single layers (see README, "Tests").
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

# npm test as is; then one closing line that counts every layer: the unit tests' mocha summary
# ("N passing" / "N failing", before the host runner starts) plus the host runner's own
# "N passed, N failed" (host + UI layers).
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
npm test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
plain="$(sed 's/\x1b\[[0-9;]*m//g' "$log")"
unit_part="$(printf '%s\n' "$plain" | sed '/^\[run-host-tests\]/,$d')"
unit_passed="$(printf '%s\n' "$unit_part" | sed -n 's/^ *\([0-9][0-9]*\) passing.*/\1/p' | tail -n1)"
unit_failed="$(printf '%s\n' "$unit_part" | sed -n 's/^ *\([0-9][0-9]*\) failing.*/\1/p' | tail -n1)"
host_passed=0
host_failed=0
host_line="$(printf '%s\n' "$plain" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n1 || true)"
if [[ "$host_line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  host_passed="${BASH_REMATCH[1]}"
  host_failed="${BASH_REMATCH[2]}"
fi
passed=$((${unit_passed:-0} + host_passed))
failed=$((${unit_failed:-0} + host_failed))
# A stage that failed without counting (type-check, lint, a crash) still counts as a failure.
if (( status != 0 && failed == 0 )); then failed=1; fi
echo "total: ${passed} passed, ${failed} failed"
exit "$status"
