#!/usr/bin/env bash
# Builds one service's image with Jib into the local Docker daemon.
#   scripts/build-image.sh SERVICE          package without tests; skipped when the image of the
#                                           last build is still there and nothing in SERVICE/ or
#                                           contracts/ changed since (so `make up` after `make
#                                           test` does not build everything twice)
#   scripts/build-image.sh SERVICE --tests  run the service's tests first, always
set -euo pipefail
cd "$(dirname "$0")/.."
service=$1
stamp=$service/target/.image-id
mvn=(./mvnw -B -ntp)
if [ "${2:-}" = --tests ]; then
  echo "==> $service: tests and image"
  (cd "$service" && "${mvn[@]}" clean package jib:dockerBuild)
else
  if [ -f "$stamp" ] && docker image inspect "$(cat "$stamp")" >/dev/null 2>&1 \
     && [ -z "$(find "$service" contracts -path "*/target" -prune -o -path "*/node_modules" -prune -o -type f -newer "$stamp" -print -quit)" ]; then
    echo "==> $service: image up to date"
    exit 0
  fi
  echo "==> $service: package and image"
  (cd "$service" && "${mvn[@]}" -q clean package -DskipTests jib:dockerBuild)
fi
docker image inspect -f '{{.Id}}' "onion-lab/$service:latest" > "$stamp"
