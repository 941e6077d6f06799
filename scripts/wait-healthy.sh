#!/usr/bin/env bash
# Waits until every container of the lab's Compose project is healthy (Compose v1 has no
# `up --wait`). On a timeout, shows each unhealthy container's health log and last log lines.
set -euo pipefail
project=${COMPOSE_PROJECT_NAME:-onion-lab}
timeout=${WAIT_TIMEOUT:-180}

containers() { docker ps -a -q --filter "label=com.docker.compose.project=$project"; }
state() { docker inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}' "$@"; }

start=$(date +%s)
while :; do
  ids=$(containers)
  if [ -z "$ids" ]; then
    echo "no containers in project '$project': did 'compose up' run?" >&2
    exit 1
  fi
  # shellcheck disable=SC2086
  pending=$(state $ids | awk '$3 != "healthy" && $3 != "no-healthcheck"')
  if [ -z "$pending" ]; then
    echo "all $(echo "$ids" | wc -w) containers healthy after $(( $(date +%s) - start )) s"
    exit 0
  fi
  if [ $(( $(date +%s) - start )) -ge "$timeout" ]; then
    echo "not healthy after ${timeout} s:" >&2
    echo "$pending" >&2
    for name in $(echo "$pending" | awk '{print $1}'); do
      name=${name#/}
      echo "---- $name: last health checks" >&2
      docker inspect -f '{{range .State.Health.Log}}{{.Output}}{{end}}' "$name" 2>/dev/null | tail -5 >&2 || true
      echo "---- $name: last log lines" >&2
      docker logs --tail 30 "$name" 2>&1 | tail -30 >&2
    done
    exit 1
  fi
  sleep 1
done
