#!/usr/bin/env bash
# Installs code-server (a real VS Code server, from the npm registry) under .vscode-test/ for the
# host tests and the demo. Idempotent: when the pinned version is already installed it prints its
# path and exits at once.
#
#   scripts/install-code-server.sh          # prints the absolute path of the code-server binary
#
# Pinned: code-server 4.100.3 = VS Code 1.100.3, the newest release whose engines.node is 20.
# Needs the Debian packages g++ make python3 libkrb5-dev ripgrep (scripts/setup.sh installs them).
# Fixes for the four things that break a plain `npm install code-server` on these machines
# (shared/recipes/vscode-host.md):
#   1. as root its postinstall refuses without npm_config_unsafe_perm=true;
#   2. the kerberos native module needs libkrb5-dev (gssapi/gssapi.h) -- checked below;
#   3. @vscode/ripgrep's postinstall downloads from GitHub unless it finds a cached tarball in
#      $TMPDIR/vscode-ripgrep-cache-<ver>/ -- we put Debian's rg there;
#   4. node-pty's postinstall runs `npx node-gyp` and aborts without npm_config_yes=true.
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
RIPGREP_PKG_VERSION="1.15.11"
RIPGREP_TARBALL="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/.vscode-test/code-server-$VERSION"
BIN="$DEST/node_modules/.bin/code-server"
MARKER="$DEST/.install-complete"

log() { echo "[install-code-server] $*" >&2; }

if [[ -f "$MARKER" && -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

missing=()
for tool in g++ make python3 rg; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[[ -f /usr/include/gssapi/gssapi.h ]] || missing+=("libkrb5-dev (gssapi/gssapi.h)")
if ((${#missing[@]})); then
  log "missing build prerequisites: ${missing[*]}"
  log "install them with: sudo scripts/setup.sh   (or apt-get install g++ make python3 libkrb5-dev ripgrep)"
  exit 1
fi

started=$(date +%s)
log "installing code-server $VERSION into ${DEST#"$ROOT"/} (about a minute, ~300 MB)"

STAGE="$DEST.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE"
WORK_TMP="$(mktemp -d)"
trap 'rm -rf "$WORK_TMP" "$STAGE"' EXIT

# Fix 3: a tarball holding Debian's rg binary at its top level satisfies @vscode/ripgrep.
mkdir -p "$WORK_TMP/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
RG_PATH="$(command -v rg)"
tar -czf "$WORK_TMP/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION/$RIPGREP_TARBALL" \
  -C "$(dirname "$RG_PATH")" "$(basename "$RG_PATH")"

cat >"$STAGE/package.json" <<EOF
{ "name": "code-server-host", "private": true, "dependencies": { "code-server": "$VERSION" } }
EOF

(
  cd "$STAGE"
  export TMPDIR="$WORK_TMP"
  export npm_config_unsafe_perm=true # fix 1
  export npm_config_yes=true         # fix 4
  npm install --no-audit --no-fund --loglevel=error
) >"$WORK_TMP/npm.log" 2>&1 || {
  log "npm install failed; last lines of its log:"
  tail -n 40 "$WORK_TMP/npm.log" >&2
  exit 1
}

if [[ ! -x "$STAGE/node_modules/.bin/code-server" ]]; then
  log "npm install finished but node_modules/.bin/code-server is missing"
  tail -n 40 "$WORK_TMP/npm.log" >&2
  exit 1
fi
# The extension host needs these native pieces; fail here rather than in a confusing test run.
for f in lib/vscode/node_modules/node-pty/build/Release/pty.node lib/vscode/node_modules/@vscode/ripgrep/bin/rg; do
  if [[ ! -e "$STAGE/node_modules/code-server/$f" ]]; then
    log "code-server installed without $f; last lines of the npm log:"
    tail -n 40 "$WORK_TMP/npm.log" >&2
    exit 1
  fi
done

rm -rf "$DEST"
mv "$STAGE" "$DEST"
date -u +%Y-%m-%dT%H:%M:%SZ >"$MARKER"
log "done in $(($(date +%s) - started)) s"
echo "$BIN"
