#!/usr/bin/env bash
# Makes sure the end-to-end suite can drive a real browser: Debian's Chromium (no browser
# download: none can be fetched here) and playwright-core from npm in e2e/browser.
# On a machine where it cannot install them, says so; the browser test is then skipped, visibly.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[ensure-browser] %s\n' "$*" >&2; }

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
  else
    say "chromium is not installed and I cannot install it: the browser test will be skipped"
    exit 0
  fi
fi
if ! command -v npm >/dev/null 2>&1; then
  say "npm is not installed: the browser test will be skipped"
  exit 0
fi
if [ ! -d e2e/browser/node_modules/playwright-core ]; then
  say "installing playwright-core (npm, no browser download) ..."
  (cd e2e/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi
