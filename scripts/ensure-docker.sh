#!/usr/bin/env bash
# Makes sure a Docker engine answers and a Compose command exists.
# On a Debian machine where we are root and nothing runs, installs Debian's
# docker.io and docker-compose and starts the daemon (saying so); elsewhere it
# fails with a message that says what is missing.
set -euo pipefail

say() { printf '[ensure-docker] %s\n' "$*" >&2; }

have_compose() {
  if docker compose version >/dev/null 2>&1; then return 0; fi
  command -v docker-compose >/dev/null 2>&1
}

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

if command -v docker >/dev/null 2>&1 && engine_answers && have_compose; then
  exit 0
fi

can_install=false
if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
  can_install=true
fi

if ! command -v dockerd >/dev/null 2>&1 || ! have_compose; then
  if ! $can_install; then
    say "no Docker engine or Compose found, and this is not a Debian machine where I am root."
    say "Install Docker Engine with Compose (https://docs.docker.com/engine/install/), start it, and run make again."
    exit 1
  fi
  say "installing Debian's docker.io and docker-compose (apt-get) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq docker.io docker-compose >&2
fi

if ! engine_answers; then
  if ! $can_install; then
    say "the Docker engine does not answer ('docker info' fails). Start it (e.g. 'sudo systemctl start docker') and run make again."
    exit 1
  fi
  say "starting dockerd (log: /var/log/dockerd.log) ..."
  if command -v systemctl >/dev/null 2>&1 && systemctl start docker >/dev/null 2>&1; then
    :
  else
    nohup dockerd >/var/log/dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 60); do
    engine_answers && break
    sleep 1
  done
  engine_answers || { say "dockerd did not come up within 60 s; see /var/log/dockerd.log"; exit 1; }
  say "Docker engine is up: $(docker version --format '{{.Server.Version}}' 2>/dev/null)"
fi
