#!/usr/bin/env bash
# Installs the Debian packages the build, the demo and the tests need, when some are missing.
# Idempotent: with everything present it only checks and exits.
#
#   scripts/setup.sh          install what is missing (as root, or through sudo)
#   scripts/setup.sh --list   print the package names, one line (used by .ci/run)
#
# Why each package:
#   chromium      headless browser that opens the VS Code workbench for the host and UI tests
#   ripgrep       code-server's search; its npm package would download rg from GitHub
#   libkrb5-dev   headers for code-server's kerberos native module
#   g++ make python3  node-gyp builds of code-server's native modules (kerberos, node-pty, argon2)
#   git           the extension's git-aware checks and their tests
#   ca-certificates  TLS to the package registries
#   gnome-keyring dbus-x11 libsecret-tools libsecret-1-0  a real OS keychain for the tests: the test
#                 commands start a PRIVATE D-Bus session (dbus-daemon) with a fresh unlocked
#                 gnome-keyring (Secret Service); keytar needs libsecret-1-0 at run time;
#                 secret-tool reads items as a user would
set -euo pipefail

PACKAGES=(chromium ripgrep libkrb5-dev g++ make python3 git ca-certificates gnome-keyring dbus-x11 libsecret-tools libsecret-1-0)

if [[ "${1:-}" == "--list" ]]; then
  echo "${PACKAGES[*]}"
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "[setup] Debian packages present: ${PACKAGES[*]}"
  exit 0
fi

SUDO=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "[setup] missing Debian packages: ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

echo "[setup] installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
