#!/usr/bin/env bash
# The directory's Ed25519 key pair for this checkout, written once into .env (git-ignored), which
# Compose reads: the directory signs with DIRECTORY_IDENTITY_PRIVATE_KEY, and the relays and the
# onion proxy pin DIRECTORY_PUBLIC_KEY, so a consensus signed by any other key is refused from the
# first start on (no trust on first use). Each checkout gets its own key; nothing is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
env_file=.env
if [ -f "$env_file" ] && grep -q '^DIRECTORY_PUBLIC_KEY=.' "$env_file" && grep -q '^DIRECTORY_IDENTITY_PRIVATE_KEY=.' "$env_file"; then
  exit 0
fi
command -v openssl >/dev/null || { echo "[lab-keys] openssl is needed to create the directory key" >&2; exit 1; }
pem=$(openssl genpkey -algorithm ED25519)
# PKCS#8 and SubjectPublicKeyInfo DER of an Ed25519 key end with the raw 32 bytes
private=$(printf '%s\n' "$pem" | openssl pkey -outform DER | tail -c 32 | base64 -w0)
public=$(printf '%s\n' "$pem" | openssl pkey -pubout -outform DER | tail -c 32 | base64 -w0)
umask 077
touch "$env_file"
sed -i '/^DIRECTORY_PUBLIC_KEY=/d; /^DIRECTORY_IDENTITY_PRIVATE_KEY=/d' "$env_file"
{
  echo "# the directory's key pair, made by scripts/ensure-lab-keys.sh: relays pin the public key"
  echo "DIRECTORY_IDENTITY_PRIVATE_KEY=$private"
  echo "DIRECTORY_PUBLIC_KEY=$public"
} >> "$env_file"
echo "[lab-keys] new directory key pair in $env_file; relays and the onion proxy pin $public"
