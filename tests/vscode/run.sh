#!/usr/bin/env bash
# End-to-end test of the NCA VS Code extension inside a real VS Code: code-server in Debian's
# headless chromium, driven through playwright-core (tests/vscode/drive.mjs). Needs nothing beyond
# PyPI, npm and Debian apt. Run it through `make test-vscode`, which builds what it needs first.
#
# It installs code-server (cached under tests/vscode/.cache/), installs this checkout's .vsix
# into it, points nca.interpreter at this checkout's Python, opens a workspace with two broken
# files, applies NCA's quick fixes (Ctrl+.), saves, checks the files on disk, then changes
# nca.http.port in the Settings UI and checks that the server restarted on the new port.
#
# Environment (all optional):
#   NCA_PYTHON        the Python whose nca the extension runs (default: .venv/bin/python)
#   VSIX              the extension package (default: vscode-client/nca.vsix)
#   CS_VERSION        code-server from npm (default 4.99.4: the last one that runs on Node 20)
#   CHROMIUM          browser executable (default: chromium or chromium-browser from PATH)
#   VSCODE_E2E_CACHE  cache and scratch folder (default: tests/vscode/.cache)
#   ARTIFACTS         results.json, logs, screenshots on failure (default: $VSCODE_E2E_CACHE/last-run)
#   VSCODE_E2E_OPTIONAL=1   missing prerequisites (Node 20, chromium, a compiler...) that apt
#                     cannot install print a skip message and exit 0 (what `make test` sets)
#   SKIP_APT=1        never run apt-get
#   KEEP=1            leave code-server running at the end (prints its URL)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CS_VERSION="${CS_VERSION:-4.99.4}"
PY="${NCA_PYTHON:-$ROOT/.venv/bin/python}"
VSIX="${VSIX:-$ROOT/vscode-client/nca.vsix}"
CACHE="${VSCODE_E2E_CACHE:-$HERE/.cache}"
ARTIFACTS="${ARTIFACTS:-$CACHE/last-run}"

T0=$(date +%s)
lap_start=$T0
say() { printf '== %s\n' "$*"; }
lap() { local now; now=$(date +%s); echo "   ($1: $((now - lap_start)) s)"; echo "$1: $((now - lap_start)) s" >> "$ARTIFACTS/timings.txt"; lap_start=$now; }
skip_or_fail() {
  if [ "${VSCODE_E2E_OPTIONAL:-0}" = 1 ]; then
    echo "VS Code end-to-end test skipped: $*"; exit 0
  fi
  echo "VS Code end-to-end test cannot run: $*" >&2; exit 1
}

rm -rf "$ARTIFACTS"
mkdir -p "$CACHE" "$ARTIFACTS/shots" "$ARTIFACTS/logs"
: > "$ARTIFACTS/timings.txt"

# ------------------------------------------------------------------ 1. prerequisites
[ -x "$PY" ] || { echo "no Python at $PY (run make dev, or set NCA_PYTHON)" >&2; exit 1; }
[ -f "$VSIX" ] || { echo "no $VSIX (run make vsix)" >&2; exit 1; }
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || skip_or_fail "node and npm not found"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || skip_or_fail "code-server $CS_VERSION needs Node 20; this is $(node --version)"

have_tools() {
  command -v rg >/dev/null && command -v g++ >/dev/null && command -v make >/dev/null \
    && command -v pkg-config >/dev/null && [ -e /usr/include/gssapi/gssapi.h ] \
    && { [ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null || command -v chromium-browser >/dev/null; }
}
if ! have_tools && [ "${SKIP_APT:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
  say "apt-get install chromium ripgrep libkrb5-dev build-essential pkg-config"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
      --no-install-recommends chromium ripgrep libkrb5-dev build-essential pkg-config fonts-dejavu-core; } \
    > "$ARTIFACTS/apt.log" 2>&1 || { tail -5 "$ARTIFACTS/apt.log"; echo "apt-get failed"; }
fi
have_tools || skip_or_fail "missing chromium, ripgrep, a C++ compiler, pkg-config or libkrb5-dev (apt-get install chromium ripgrep libkrb5-dev build-essential pkg-config)"
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}"

# native modules: node-gyp must use the local Node headers (it would download them otherwise)
nodedir_cfg="$(npm config get nodedir 2>/dev/null || true)"
if [ -z "${npm_config_nodedir:-}" ] && { [ -z "$nodedir_cfg" ] || [ "$nodedir_cfg" = undefined ] || [ "$nodedir_cfg" = null ]; }; then
  NODE_PREFIX="$(dirname "$(dirname "$(command -v node)")")"
  [ -f "$NODE_PREFIX/include/node/node.h" ] && export npm_config_nodedir="$NODE_PREFIX"
fi
nodedir="${npm_config_nodedir:-$nodedir_cfg}"
[ -f "$nodedir/include/node/node.h" ] || skip_or_fail "no Node headers (node.h) next to $(command -v node): node-gyp would download them"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
echo "node $(node --version), chromium $("$CHROMIUM" --version 2>/dev/null | tail -1), python $PY"
lap "prerequisites"

# ------------------------------------------------------------------ 2. code-server (cached)
# its npm postinstall downloads from GitHub: the same steps by hand, with --ignore-scripts
CSROOT="$CACHE/code-server-$CS_VERSION-node$(node -p process.versions.modules)"
CS="$CSROOT/node_modules/.bin/code-server"
if [ ! -f "$CSROOT/.nca-complete" ]; then
  say "code-server $CS_VERSION: installing into $CSROOT (once; later runs reuse it)"
  rm -rf "$CSROOT"; mkdir -p "$CSROOT"
  echo '{"name":"cs-host","private":true}' > "$CSROOT/package.json"
  (
    set -e
    cd "$CSROOT"
    npm install --ignore-scripts --loglevel=error "code-server@$CS_VERSION"
    # argon2 (loaded at start-up even with --auth none): build it instead of fetching a binary
    npm_config_build_from_source=true npm rebuild argon2 --foreground-scripts
    cd node_modules/code-server/lib/vscode
    npm install --omit=dev --ignore-scripts --loglevel=error
    # @vscode/ripgrep's postinstall downloads rg unless bin/ exists: Debian's rg instead
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
    # native modules (kerberos, node-pty, spdlog...); node-pty's postinstall runs `npx node-gyp`
    npm_config_yes=true npm rebuild --foreground-scripts
    ln -sfn node_modules node_modules.asar
    ( cd bin/remote-cli && ln -sfn code-linux.sh code-server )
    ( cd bin/helpers && ln -sfn browser-linux.sh browser.sh )
    cd extensions
    npm install --omit=dev --ignore-scripts --loglevel=error
    node ./postinstall.mjs
  ) > "$ARTIFACTS/code-server-install.log" 2>&1 || { tail -30 "$ARTIFACTS/code-server-install.log"; echo "code-server install failed (log: $ARTIFACTS/code-server-install.log)" >&2; exit 1; }
  touch "$CSROOT/.nca-complete"
fi
CS_CONFIG="$CACHE/code-server.yaml"; : > "$CS_CONFIG"   # keeps code-server off ~/.config
"$CS" --config "$CS_CONFIG" --version | head -1
lap "code-server"

# ------------------------------------------------------------------ 3. the browser driver
DRIVER_MARK="$HERE/node_modules/.nca-installed"
if [ ! -f "$DRIVER_MARK" ] || [ "$HERE/package-lock.json" -nt "$DRIVER_MARK" ]; then
  say "playwright-core (drives the system chromium; no browser download)"
  npm ci --prefix "$HERE" --ignore-scripts --loglevel=error > "$ARTIFACTS/driver-npm.log" 2>&1 \
    || { tail -20 "$ARTIFACTS/driver-npm.log"; exit 1; }
  touch "$DRIVER_MARK"
fi
lap "playwright-core"

# ------------------------------------------------------------------ 4. profile, extension, workspace
RUN="$CACHE/run"
rm -rf "$RUN"
UD="$RUN/user-data"; EXT="$RUN/extensions"; WS="$RUN/workspace"
mkdir -p "$UD/User" "$EXT" "$WS"
"$CS" --config "$CS_CONFIG" --user-data-dir "$UD" --extensions-dir "$EXT" --install-extension "$VSIX" \
  > "$ARTIFACTS/install-extension.log" 2>&1 || { cat "$ARTIFACTS/install-extension.log"; exit 1; }
PY_ABS="$(cd "$(dirname "$PY")" && pwd)/$(basename "$PY")"
"$PY_ABS" -c "import json, sys; json.dump({
  'nca.interpreter': sys.argv[1],
  'nca.http.port': 0,
  'nca.trace.server': 'messages',
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': False,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': False,
  'workbench.enableExperiments': False,
  'extensions.ignoreRecommendations': True,
  'extensions.autoCheckUpdates': False,
  'extensions.autoUpdate': False,
  'update.mode': 'none',
  'files.autoSave': 'off',
  'editor.lightbulb.enabled': 'on',
  'workbench.welcomePage.walkthroughs.openOnInstall': False,
}, open(sys.argv[2], 'w'), indent=2)" "$PY_ABS" "$UD/User/settings.json"
printf 'def cwd():\n    return os.getcwd()\n' > "$WS/missing_import.py"
printf 'def total(items):\n    count = 0\n    for item in items:\n        count += item\n    return coutn\n' > "$WS/misspelled.py"
free_port() { "$PY_ABS" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT="${PORT:-$(free_port)}"
NEW_HTTP_PORT="$(free_port)"
while [ "$NEW_HTTP_PORT" = "$PORT" ]; do NEW_HTTP_PORT="$(free_port)"; done
lap "profile + extension"

# ------------------------------------------------------------------ 5. code-server on loopback
say "code-server on 127.0.0.1:$PORT"
setsid "$CS" --config "$CS_CONFIG" --auth none --bind-addr "127.0.0.1:$PORT" \
  --user-data-dir "$UD" --extensions-dir "$EXT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override "$WS" > "$ARTIFACTS/code-server.log" 2>&1 &
CS_PID=$!
collect_logs() {
  find "$UD/logs" -type f \( -name 'NCA.log' -o -name 'remoteexthost.log' -o -name 'remoteagent.log' \) 2>/dev/null \
    | while read -r f; do cp "$f" "$ARTIFACTS/logs/$(echo "${f#"$UD/logs/"}" | tr / _)"; done
  for f in "$WS"/*.py; do cp "$f" "$ARTIFACTS/logs/"; done
}
stop() {
  collect_logs || true
  if [ "${KEEP:-0}" != 1 ]; then
    # the whole process group: code-server, its extension host and the nca server it started
    kill -- "-$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$CS_PID" 2>/dev/null || true
  fi
}
trap stop EXIT
"$PY_ABS" - "$PORT" <<'EOF' || { cat "$ARTIFACTS/code-server.log"; exit 1; }
import sys, time, urllib.request
for _ in range(240):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2)
        sys.exit(0)
    except OSError:
        time.sleep(0.25)
sys.exit("code-server did not answer /healthz within 60 s")
EOF
lap "code-server start"

# ------------------------------------------------------------------ 6. drive it
say "headless chromium: diagnostics, Quick Fix, save, a setting that restarts the server"
set +e
CS_URL="http://127.0.0.1:$PORT/?folder=$WS" WS_DIR="$WS" ARTIFACTS="$ARTIFACTS" \
  CHROMIUM="$CHROMIUM" PLAYWRIGHT_CORE="$HERE/node_modules/playwright-core" \
  USER_SETTINGS="$UD/User/settings.json" USER_LOGS="$UD/logs" NEW_HTTP_PORT="$NEW_HTTP_PORT" \
  timeout 420 node "$HERE/drive.mjs" 2>&1 | tee "$ARTIFACTS/drive.log"
rc=${PIPESTATUS[0]}
set -e
lap "browser session"

echo "total: $(( $(date +%s) - T0 )) s" | tee -a "$ARTIFACTS/timings.txt"
if [ "$rc" != 0 ]; then
  echo "VS Code end-to-end test FAILED (exit $rc): results, logs and screenshots in $ARTIFACTS" >&2
  grep -hE '\[(error|warning)\]' "$ARTIFACTS"/logs/*.log 2>/dev/null | grep -v 'open-vsx.org' | cut -c1-300 | tail -20 >&2 || true
else
  echo "VS Code end-to-end test passed (results: $ARTIFACTS/results.json)"
fi
[ "${KEEP:-0}" = 1 ] && echo "code-server still running: http://127.0.0.1:$PORT/?folder=$WS (process group $CS_PID)"
exit "$rc"
