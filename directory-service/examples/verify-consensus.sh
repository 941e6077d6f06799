#!/usr/bin/env bash
# Verifies the directory's consensus with nothing but curl, python3 and openssl:
#   examples/verify-consensus.sh [BASE_URL]   (default http://localhost:7000)
# With DIRECTORY_PUBLIC_KEY (base64, as in the .env that `make up` writes) set, it checks the
# signature against that pinned key; without, it takes the key from GET /keys (a demonstration:
# a real client pins the key in advance, as the relays do).
set -euo pipefail
base=${1:-http://localhost:7000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

curl -fsS "$base/consensus" > "$work/consensus.json"
python3 "$here/consensus_signing_bytes.py" < "$work/consensus.json" > "$work/signed.bin"
python3 -c 'import json,sys,base64; sys.stdout.buffer.write(base64.b64decode(json.load(sys.stdin)["signature"]))' \
  < "$work/consensus.json" > "$work/signature.bin"
# The raw key behind the fixed X.509 prefix of an Ed25519 public key, as openssl reads it.
if [ -n "${DIRECTORY_PUBLIC_KEY:-}" ]; then
  echo "checking against the pinned key $DIRECTORY_PUBLIC_KEY"
  python3 -c 'import base64,sys; sys.stdout.buffer.write(bytes.fromhex("302a300506032b6570032100") + base64.b64decode(sys.argv[1]))' \
    "$DIRECTORY_PUBLIC_KEY" > "$work/key.der"
else
  curl -fsS "$base/keys" | python3 -c 'import json,sys; sys.stdout.buffer.write(bytes.fromhex("302a300506032b6570032100" + json.load(sys.stdin)["publicKeyHex"]))' \
    > "$work/key.der"
fi
openssl pkeyutl -verify -pubin -keyform DER -inkey "$work/key.der" -rawin -in "$work/signed.bin" -sigfile "$work/signature.bin"
