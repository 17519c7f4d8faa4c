#!/usr/bin/env bash
# Run every test that can run here; arguments go to pytest.
# The browser tests need Debian's chromium: if it is missing, this installs it when it can (apt-get as
# root or through sudo, waiting up to 5 minutes for a busy apt lock). If it cannot, the other tests still
# run and pytest prints one line saying how to get the browser tests.
# NN_PLAYGROUND_REQUIRE_BROWSER=1 (CI) makes a missing chromium a failure instead.
# NN_PLAYGROUND_CHROMIUM overrides where chromium is looked for (default /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${NN_PLAYGROUND_CHROMIUM:-/usr/bin/chromium}"
apt_log="${TMPDIR:-/tmp}/nn-playground-apt.log"

# apt-get as root, or through sudo (without a password prompt unless someone is at the terminal).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null && { [ -t 0 ] || sudo -n true 2>/dev/null; }; then
    sudo "$@"
  else
    return 1
  fi
}

install_chromium() {
  command -v apt-get >/dev/null || return 1
  local wait=(-o DPkg::Lock::Timeout=300)
  echo "Installing Debian's chromium for the browser tests (log: $apt_log)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" update -qq >"$apt_log" 2>&1 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" install -y -qq chromium \
    >>"$apt_log" 2>&1
}

if [ ! -x "$chromium" ] && ! install_chromium; then
  if [ "${NN_PLAYGROUND_REQUIRE_BROWSER:-0}" = "1" ]; then
    echo "chromium is required (NN_PLAYGROUND_REQUIRE_BROWSER=1) but could not be installed; see $apt_log" >&2
    exit 1
  fi
fi

exec python -m pytest "$@"
