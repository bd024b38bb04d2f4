#!/usr/bin/env bash
# Builds the extension and opens it in a real VS Code on demo/ (files with random, fake tokens).
#
#   scripts/demo.sh           with `code` on PATH: VS Code with --extensionDevelopmentPath;
#                             otherwise: code-server on 127.0.0.1 with the freshly built VSIX
#                             installed; prints the URL; Ctrl+C stops it
#
# Environment: DEMO_PORT (code-server port, default: a free one), DEMO_CODE_SERVER=1 (use
# code-server even when `code` is on PATH), DEMO_FOLDER (folder to open, default demo/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FOLDER="${DEMO_FOLDER:-$ROOT/demo}"

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "[demo] npm ci"
  npm ci --no-audit --no-fund
fi

# The local fake Gogs server (test/gogs-server), bundled on its own so the demo needs no test build.
GOGS_SERVER_JS="$ROOT/.vscode-test/demo-gogs-server.js"
mkdir -p "$ROOT/.vscode-test"
npx --no-install esbuild test/gogs-server/cli.ts --bundle --platform=node --target=node20 --log-level=warning --outfile="$GOGS_SERVER_JS"

if command -v code >/dev/null 2>&1 && [[ "${DEMO_CODE_SERVER:-0}" != 1 ]]; then
  echo "[demo] building"
  npm run --silent build
  echo "[demo] to try rotation, run a local fake Gogs server in another terminal: node $GOGS_SERVER_JS --port 3000"
  echo "[demo] opening VS Code on $FOLDER with the extension from $ROOT"
  exec code --new-window --extensionDevelopmentPath="$ROOT" "$FOLDER"
fi

# No desktop VS Code: code-server (a real VS Code server) in the browser.
scripts/setup.sh
echo "[demo] building the VSIX"
npm run --silent package >/dev/null
CODE_SERVER="$(scripts/install-code-server.sh)"

STATE="$ROOT/.vscode-test/demo-state"
rm -rf "$STATE"
mkdir -p "$STATE"/{user-data/User,extensions,xdg-config,xdg-data,xdg-cache,tmp}
cat >"$STATE/user-data/User/settings.json" <<'EOF'
{
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false
}
EOF
export XDG_CONFIG_HOME="$STATE/xdg-config" XDG_DATA_HOME="$STATE/xdg-data" XDG_CACHE_HOME="$STATE/xdg-cache"
export TMPDIR="$STATE/tmp" EXTENSIONS_GALLERY='{"serviceUrl":""}'
ARGS=(--user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions")

"$CODE_SERVER" "${ARGS[@]}" --install-extension "$ROOT/gogs-key-hygiene.vsix" >/dev/null

LOG="$STATE/code-server.log"
setsid "$CODE_SERVER" "${ARGS[@]}" --auth none --bind-addr "127.0.0.1:${DEMO_PORT:-0}" \
  --disable-telemetry --disable-update-check --disable-getting-started-override --ignore-last-opened \
  "$FOLDER" >"$LOG" 2>&1 &
PID=$!
stop() { kill -TERM -- "-$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
trap 'stop; exit 130' INT TERM
trap stop EXIT

URL=""
for _ in $(seq 1 600); do
  URL="$(sed -n 's|.*HTTP server listening on \(http://127\.0\.0\.1:[0-9]*/\).*|\1|p' "$LOG" | head -n1)"
  [[ -n "$URL" ]] && break
  if ! kill -0 "$PID" 2>/dev/null; then
    cat "$LOG" >&2
    echo "[demo] code-server exited" >&2
    exit 1
  fi
  sleep 0.1
done
[[ -n "$URL" ]] || { cat "$LOG" >&2; echo "[demo] code-server did not start within 60 s" >&2; exit 1; }

# A fake Gogs server on 127.0.0.1 to try Verify Token and Rotate Gogs Token against.
GOGS_INFO="$STATE/gogs-server.json"
setsid node "$GOGS_SERVER_JS" --port "${DEMO_GOGS_PORT:-0}" --mode "${DEMO_GOGS_MODE:-gogs}" --username alice --password demo-password >"$GOGS_INFO" 2>"$STATE/gogs-server.log" &
GOGS_PID=$!
stop() { kill -TERM -- "-$PID" 2>/dev/null || true; kill -TERM -- "-$GOGS_PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
for _ in $(seq 1 100); do [[ -s "$GOGS_INFO" ]] && break; sleep 0.1; done

ENCODED="$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$FOLDER")"
echo
echo "  Gogs Key Hygiene demo: open ${URL}?folder=${ENCODED}"
echo "  (code-server $("$CODE_SERVER" --version 2>/dev/null | head -n1); log: ${LOG#"$ROOT"/}; Ctrl+C stops it)"
if [[ -s "$GOGS_INFO" ]]; then
  node -e '
    const i = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log("\n  To try rotation: a fake " + i.mode + " server (made up for this demo) runs at " + i.url);
    console.log("  user " + i.username + ", password " + i.password + ". In the Gogs Tokens view choose Add Token,");
    console.log("  paste its demo token " + i.token + " and give " + i.url + " as the server;");
    console.log("  then Verify Token or Rotate Gogs Token on it.");' "$GOGS_INFO"
fi
echo
wait "$PID"
