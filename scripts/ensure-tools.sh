#!/usr/bin/env bash
# The command-line tools the README's tour and the fault drills use: curl, jq, nc, ncat, python3,
# openssl (Debian packages) and wscat (npm, into tools/node_modules; Debian has no websocat).
# Installs what is missing on Debian as root; elsewhere says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[ensure-tools] %s\n' "$*" >&2; }

missing=()
for pair in curl:curl jq:jq nc:netcat-openbsd ncat:ncat python3:python3 openssl:openssl npm:npm; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
  else
    say "please install: ${missing[*]}"; exit 1
  fi
fi
if [ ! -x tools/node_modules/.bin/wscat ]; then
  say "installing wscat (npm) into tools/node_modules ..."
  (cd tools && npm ci --no-audit --no-fund --silent)
fi
