#!/usr/bin/env bash
# Integration tests of the claimcheck extension inside a REAL VS Code.
#
#   bash scripts/test-integration.sh            (npm run test:integration)
#   bash scripts/test-integration.sh --install-only
#
# Host (test/integration/pickHost.mjs decides, fast):
#   - desktop VS Code through @vscode/test-electron when VSCODE_EXECUTABLE_PATH is set, a desktop
#     build is already cached in .vscode-test/, or one can be downloaded (probe with a short timeout);
#   - otherwise the VS Code 1.100.3 server + web workbench shipped in the `code-server` npm package,
#     driven by Debian's Chromium (headless) through playwright-core. Needs only npm + apt.
# Installs whatever is missing (apt packages, code-server into .vscode-test/), builds the extension
# and the test bundle, runs the mocha suite in the real extension host, isolated in a private
# network + pid namespace when unshare works (loopback only; everything started dies with it).
# runTests.mjs launches VS Code twice: the main suite (Workspace Trust off), then the Restricted Mode
# suite (trust on, an untrusted folder). Exit code = the runner's: non-zero when a test failed, when
# no test ran (e.g. a CLAIMS_TEST_GREP that matches nothing) or when an unfiltered run ran fewer
# tests than MIN_TESTS in test/integration/runTests.mjs. The last line printed is the combined
# 'N passed, N failed, N skipped'.
#
# Env knobs:
#   VSCODE_TEST_HOST=electron|code-server   force a host
#   VSCODE_EXECUTABLE_PATH=/path/to/code     desktop VS Code to use (no download)
#   CODE_SERVER_VERSION (4.100.3)           pinned; 4.100.3 is the last release running on Node 20
#   CLAIMS_TEST_GREP=<regex>                run only matching tests (a run where none matches fails)
#   SUITE_TIMEOUT_S (600)                   hard limit for the test run itself
#   NO_NETNS=1                              do not isolate the run in a namespace
#   CLAIMS_TEST_VERBOSE=1                   show the workbench's start-up chatter too
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
INSTALL_ONLY=0
[ "${1:-}" = --install-only ] && INSTALL_ONLY=1

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
VSCODE_TEST_DIR="$ROOT/.vscode-test"
CS_DIR="$VSCODE_TEST_DIR/code-server"
ARTIFACTS="$VSCODE_TEST_DIR/artifacts"
RG_CACHE_VERSION=1.15.11                      # @vscode/ripgrep version pinned by code-server 4.100.3
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
log() { printf '[test-integration] %s\n' "$*"; }
now() { date +%s; }
T_START=$(now)
mkdir -p "$VSCODE_TEST_DIR"

# ---------------------------------------------------------------------------------------------
# 0. Preconditions
[ "$(id -u)" = 0 ] || { log "run as root (apt-get, npm --unsafe-perm, chromium --no-sandbox)"; exit 2; }
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')

apt_install() {   # installs only the missing packages; `apt-get update` only if something is missing
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq
  timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The project's own dependencies (a fresh clone may not have them yet).
if [ ! -d node_modules/@vscode/test-electron ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/mocha ]; then
  log "npm ci (project dependencies)"
  timeout 900 npm ci --no-audit --no-fund --loglevel=error
fi
T_NPM=$(now)

# ---------------------------------------------------------------------------------------------
# 1. Pick the host (fast: a cached/explicit desktop VS Code, else a short reachability probe).
apt_install util-linux iproute2          # unshare, ip (tiny; normally present)
HOST_LINE="$(node test/integration/pickHost.mjs)"
HOST="${HOST_LINE%% *}"
if [ "$HOST" = electron ]; then
  export VSCODE_EXECUTABLE_PATH="${HOST_LINE#electron }"
  log "host: desktop VS Code ($VSCODE_EXECUTABLE_PATH) via @vscode/test-electron"
else
  log "host: code-server $CODE_SERVER_VERSION + headless Chromium:${HOST_LINE#code-server}"
fi
T_PICK=$(now)

# ---------------------------------------------------------------------------------------------
# 2. What the host needs.
NEED_CODE_SERVER=0; NEED_XVFB=0
if [ "$HOST" = code-server ]; then
  NEED_CODE_SERVER=1
else
  case "$VSCODE_EXECUTABLE_PATH" in
    *.mjs|*.js) NEED_CODE_SERVER=1 ;;  # test/integration/code-server-as-vscode.mjs stands in for desktop VS Code
    *) [ -z "${DISPLAY:-}" ] && [ "$(uname -s)" = Linux ] && NEED_XVFB=1 ;;
  esac
fi
if [ "$NEED_XVFB" = 1 ]; then
  # Desktop VS Code (Electron) without a display: Xvfb and the libraries Electron links.
  apt_install xvfb xauth libnss3 libgbm1 libasound2 libgtk-3-0 libxkbfile1 libsecret-1-0 libxss1 fonts-dejavu-core
fi
if [ "$NEED_CODE_SERVER" = 1 ]; then
  [ "$(uname -m)" = x86_64 ] || { log "code-server host: only x86_64 is handled (ripgrep cache asset name)"; exit 2; }
  [ "$NODE_MAJOR" = 20 ] || { log "code-server $CODE_SERVER_VERSION's postinstall requires node 20 (found $NODE_MAJOR)"; exit 2; }
  # chromium: the browser; libkrb5-dev, python3, make, g++: native modules of code-server (kerberos,
  # argon2, node-pty) are compiled locally; ripgrep: seeds @vscode/ripgrep's download cache.
  apt_install chromium fonts-dejavu-core libkrb5-dev ripgrep python3 make g++
  if [ ! -x "$CS_DIR/node_modules/.bin/code-server" ] || [ "$(cat "$CS_DIR/.installed" 2>/dev/null)" != "$CODE_SERVER_VERSION" ]; then
    # @vscode/ripgrep's postinstall downloads rg from GitHub unless the asset is already in
    # $(os.tmpdir())/vscode-ripgrep-cache-<version>/: seed that cache from Debian's rg.
    RG_CACHE_DIR="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_CACHE_VERSION"
    if [ ! -s "$RG_CACHE_DIR/$RG_ASSET" ]; then
      log "seeding ripgrep cache $RG_CACHE_DIR/$RG_ASSET from /usr/bin/rg"
      stage="$(mktemp -d)"
      cp /usr/bin/rg "$stage/rg"
      mkdir -p "$RG_CACHE_DIR"
      tar -C "$stage" -czf "$RG_CACHE_DIR/$RG_ASSET" rg
      rm -rf "$stage"
    fi
    log "npm install code-server@$CODE_SERVER_VERSION into $CS_DIR (compiles native modules; a few minutes)"
    rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
    printf '{ "name": "code-server-host", "private": true, "dependencies": { "code-server": "%s" } }\n' \
      "$CODE_SERVER_VERSION" > "$CS_DIR/package.json"
    # npm_config_yes: node-pty's postinstall runs `npx node-gyp ...` (npx must not prompt)
    # npm_config_nodedir: node-gyp uses the local node headers instead of downloading them
    # npm_config_build_from_source: argon2 (node-pre-gyp) and kerberos (prebuild-install) would
    #   otherwise first try to download prebuilt binaries from github.com
    # --unsafe-perm: code-server's postinstall refuses to run as root without it
    # JOBS: node-gyp parallelism
    [ -f /usr/include/node/node.h ] && NODEDIR_DEFAULT=/usr || NODEDIR_DEFAULT="$(dirname "$(dirname "$(command -v node)")")"
    if ! ( cd "$CS_DIR" && npm_config_yes=true npm_config_nodedir="${npm_config_nodedir:-$NODEDIR_DEFAULT}" \
        npm_config_build_from_source=true JOBS="$(nproc)" \
        timeout 1500 npm install --unsafe-perm --no-audit --no-fund --no-package-lock --loglevel=error ) \
        > "$VSCODE_TEST_DIR/code-server-install.log" 2>&1; then
      log "code-server install failed (log: $VSCODE_TEST_DIR/code-server-install.log):"
      tail -40 "$VSCODE_TEST_DIR/code-server-install.log"
      exit 3
    fi
    "$CS_DIR/node_modules/.bin/code-server" --version >/dev/null
    echo "$CODE_SERVER_VERSION" > "$CS_DIR/.installed"
  fi
fi
T_INSTALL=$(now)
if [ "$INSTALL_ONLY" = 1 ]; then
  log "install-only: done in $((T_INSTALL - T_START)) s"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# 3. Build: the extension (client + server, scripts/build.mjs) and the test bundle (ours).
log "build"
node scripts/build.mjs
node test/integration/build.mjs
T_BUILD=$(now)

# ---------------------------------------------------------------------------------------------
# 4. Run. When possible inside a private network + pid namespace: only loopback exists (nothing
#    can leave the machine) and every process started in it dies with it.
rm -rf "$ARTIFACTS"; mkdir -p "$ARTIFACTS"
RUNNER=(node test/integration/runTests.mjs)
[ "$NEED_XVFB" = 1 ] && RUNNER=(xvfb-run -a "${RUNNER[@]}")
USE_NS=0
if [ "${NO_NETNS:-}" != 1 ] && unshare --net --pid --fork --kill-child --mount-proc true 2>/dev/null; then
  USE_NS=1
  log "running in a private network/pid namespace (loopback only)"
  # no exec: sh stays PID 1 of the namespace and reaps orphans
  CMD=(unshare --net --pid --fork --kill-child --mount-proc sh -c 'ip link set lo up && "$@"' sh "${RUNNER[@]}")
else
  log "running without namespace isolation"
  CMD=("${RUNNER[@]}")
fi

RUN_PID=""
PIDFILE="$ARTIFACTS/host.pgid"; rm -f "$PIDFILE"
# Private TMPDIR and HOME: code-server state, Chromium's profile/temp files, the workspace copy and
# extension-host sockets land here and are removed at the end. Short path: socket paths < 108 bytes.
RUN_TMP="$(mktemp -d /tmp/cci.XXXXXX)"
mkdir -p "$RUN_TMP/home"
cleanup() {
  # Only what we started, by recorded PID. The runner stops its own children; in the namespace the
  # kernel kills whatever is left when its PID 1 exits.
  if [ -n "$RUN_PID" ] && kill -0 "$RUN_PID" 2>/dev/null; then
    kill -TERM "$RUN_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$RUN_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$RUN_PID" 2>/dev/null || true
  fi
  # Runner SIGKILLed before its own cleanup (no-namespace mode): kill the process group it recorded.
  if [ -s "$PIDFILE" ]; then
    pg=$(cat "$PIDFILE")
    if grep -qE 'code-server|code' "/proc/$pg/cmdline" 2>/dev/null; then   # guard against PID reuse
      kill -TERM -- "-$pg" 2>/dev/null || true; sleep 2; kill -KILL -- "-$pg" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
  fi
  rm -rf "$RUN_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export VSCODE_TEST_HOST="$HOST" CODE_SERVER_DIR="$CS_DIR" TEST_ARTIFACTS_DIR="$ARTIFACTS" CLAIMS_RUN_DIR="$RUN_TMP"
[ "$USE_NS" = 1 ] || export HOST_PIDFILE="$PIDFILE"   # PIDs inside a namespace mean nothing out here
set +e
TMPDIR="$RUN_TMP" HOME="$RUN_TMP/home" timeout --kill-after=20 "${SUITE_TIMEOUT_S:-600}" "${CMD[@]}" &
RUN_PID=$!
wait "$RUN_PID"
RC=$?
set -e
RUN_PID=""
T_END=$(now)

SUMMARY=""
[ -s "$ARTIFACTS/summary.txt" ] && SUMMARY="$(tail -1 "$ARTIFACTS/summary.txt")"
if [ "$RC" -eq 0 ] && ! printf '%s' "$SUMMARY" | grep -Eq '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$'; then
  log "the suite reported no 'N passed, N failed, N skipped' line: failing the run"
  RC=1
fi
# runTests.mjs already fails a run without tests (and checks MIN_TESTS); this guards the guard.
if [ "$RC" -eq 0 ] && printf '%s' "$SUMMARY" | grep -Eq '^0 passed, 0 failed, '; then
  log "no test ran: failing the run"
  RC=1
fi
log "timings (s): npm=$((T_NPM - T_START)) pick-host=$((T_PICK - T_NPM)) install=$((T_INSTALL - T_PICK)) build=$((T_BUILD - T_INSTALL)) suite=$((T_END - T_BUILD)) total=$((T_END - T_START))"
log "artifacts: $ARTIFACTS"
if [ "$RC" -eq 0 ]; then log "PASS"; else log "FAIL (exit $RC)"; fi
# Closing line: the suite's own summary (or an explicit one when the suite never reported).
if [ -n "$SUMMARY" ]; then echo "$SUMMARY"; else echo "0 passed, 1 failed, 0 skipped"; fi
exit "$RC"
