#!/usr/bin/env bash
# Verifies the directory's consensus with nothing but curl, python3 and openssl:
#   examples/verify-consensus.sh [BASE_URL]   (default http://localhost:7000)
# Pins the key from GET /keys here for the demonstration; a real client pins it in advance.
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
curl -fsS "$base/keys" | python3 -c 'import json,sys; sys.stdout.buffer.write(bytes.fromhex("302a300506032b6570032100" + json.load(sys.stdin)["publicKeyHex"]))' \
  > "$work/key.der"
openssl pkeyutl -verify -pubin -keyform DER -inkey "$work/key.der" -rawin -in "$work/signed.bin" -sigfile "$work/signature.bin"
