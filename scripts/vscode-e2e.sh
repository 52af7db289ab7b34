#!/usr/bin/env bash
# The VS Code extension in a real VS Code workbench: code-server (VS Code in a
# browser, from the npm registry) with the freshly built .vsix installed, the
# example corpus as the workspace, driven by playwright-core in Debian's headless
# Chromium. See docs/vscode-e2e.md.
#
#   scripts/vscode-e2e.sh [--update-screenshot]
#
# --update-screenshot  copy the overview screenshot to docs/vscode-e2e.png
#
# Environment: NEWSDESK_BIN (the server binary; default target/release/newsdesk,
# then target/debug/newsdesk), CHROMIUM (default /usr/bin/chromium),
# NEWSDESK_E2E_OUT (screenshots and logs; default editors/vscode/e2e/out),
# NEWSDESK_E2E_REINSTALL=1 (run npm ci in editors/vscode/e2e even when its
# node_modules matches the lock file).
#
# Exits non-zero when a step or a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
e2e=editors/vscode/e2e
t0=$(date +%s)
phase() { echo "== vscode-e2e: $1 ($(($(date +%s) - t0)) s)"; }

for arg in "$@"; do
  case "$arg" in
    --update-screenshot) export NEWSDESK_E2E_SCREENSHOT="$repo/docs/vscode-e2e.png" ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "vscode-e2e: unknown argument $arg" >&2; exit 2 ;;
  esac
done

# code-server 4.100.x runs on node 20 only (its install script refuses others)
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ]; then
  echo "vscode-e2e: code-server (editors/vscode/e2e/package.json) needs node 20, this is node $(node --version)" >&2
  exit 1
fi

phase "system packages"
# chromium: the browser; libkrb5-dev: headers for code-server's kerberos module,
# built from source at install; ripgrep: stands in for the rg download below
need=()
if [ -z "${CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then need+=(chromium); fi
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "vscode-e2e: missing Debian packages: ${need[*]} (apt-get install them as root)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
chromium_bin=${CHROMIUM:-/usr/bin/chromium}
"$chromium_bin" --version 2>/dev/null | grep -v '^/' || true

phase "code-server and playwright-core (npm ci in $e2e)"
stamp=$e2e/node_modules/.newsdesk-e2e-lock
lock_sum=$(sha256sum "$e2e/package-lock.json" | cut -d' ' -f1)
if [ "${NEWSDESK_E2E_REINSTALL:-}" = 1 ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  # code-server's install runs `npm install` in its bundled VS Code, which builds
  # native modules and runs @vscode/ripgrep 1.15.11's postinstall. That one
  # downloads rg from GitHub, which is out of reach here, unless the download
  # is already in its cache: put Debian's rg there.
  rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  rg_asset="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -f "$rg_asset" ] && [ "$(uname -m)" = x86_64 ]; then
    mkdir -p "$rg_cache/rg-bin"
    cp "$(command -v rg)" "$rg_cache/rg-bin/rg"
    tar czf "$rg_asset" -C "$rg_cache/rg-bin" rg
    rm -rf "$rg_cache/rg-bin"
  fi
  # unsafe-perm: code-server's postinstall refuses to run as root without it;
  # yes: node-pty's postinstall calls `npx node-gyp`, which would ask first;
  # nodedir: node-gyp takes the headers of the installed node instead of
  # downloading them (from a host out of reach here)
  if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
    export npm_config_nodedir=/usr
  fi
  (cd "$e2e" && npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund)
  echo "$lock_sum" >"$stamp"
else
  echo "node_modules matches package-lock.json, kept (NEWSDESK_E2E_REINSTALL=1 to reinstall)"
fi

phase "the extension's .vsix"
vsix_dir=$(mktemp -d)
trap 'rm -rf "$vsix_dir"' EXIT
(cd editors/vscode && npm ci --no-audit --no-fund && npm run package -- --out "$vsix_dir/newsdesk.vsix")

phase "the workbench"
status=0
CHROMIUM="$chromium_bin" node "$e2e/run.mjs" "$vsix_dir/newsdesk.vsix" || status=$?
phase "done, exit $status"
exit "$status"
