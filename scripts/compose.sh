#!/usr/bin/env bash
# Runs Compose for the lab, whichever Compose this machine has: `docker compose` (v2) or
# Debian's `docker-compose` (v1.29). The project name is fixed so `make down` finds what `make up` made.
set -euo pipefail
cd "$(dirname "$0")/.."
project=${COMPOSE_PROJECT_NAME:-onion-lab}
if docker compose version >/dev/null 2>&1; then
  exec docker compose -p "$project" -f docker-compose.yml "$@"
elif command -v docker-compose >/dev/null 2>&1; then
  exec docker-compose -p "$project" -f docker-compose.yml "$@"
else
  echo "neither 'docker compose' nor 'docker-compose' found; run 'make up', which installs them on Debian" >&2
  exit 1
fi
