#!/usr/bin/env bash
# Install Debian's chromium for the browser test tier when it is missing.
# Never downloads a browser of its own: Playwright drives /usr/bin/chromium.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || true
  apt-get install -y -qq chromium >/dev/null || echo "warning: could not install chromium; the browser tests will fail" >&2
else
  echo "chromium is missing and cannot be installed here (need root and apt-get);" \
       "the browser tests will report it." >&2
fi
