#!/usr/bin/env bash
# Makes sure the JRE base image every service image is built on exists in the
# local daemon as onion-lab/jre:17. Where a registry answers, tags the usual
# eclipse-temurin:17-jre; where none does (this lab's CI), builds one from
# Debian packages with debootstrap (~1 min).
set -euo pipefail

IMAGE=${BASE_IMAGE:-onion-lab/jre:17}
say() { printf '[ensure-base-image] %s\n' "$*" >&2; }

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  exit 0
fi

say "trying to pull eclipse-temurin:17-jre (gives up after 20 s) ..."
if timeout 20 docker pull -q eclipse-temurin:17-jre >/dev/null 2>&1; then
  docker tag eclipse-temurin:17-jre "$IMAGE"
  say "tagged eclipse-temurin:17-jre as $IMAGE"
  exit 0
fi

say "no registry answers: building $IMAGE from Debian packages with debootstrap ..."
if ! command -v debootstrap >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing debootstrap (apt-get) ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2 \
      || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2; }
  else
    say "debootstrap is missing and I cannot install it; pull eclipse-temurin:17-jre and tag it $IMAGE"
    exit 1
  fi
fi

# The Debian mirror this machine's apt already uses (debootstrap's own default otherwise).
mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)

rootfs=$(mktemp -d /tmp/onion-lab-jre.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
# curl for the health checks; libssl3 (which curl would bring anyway) for the relays' curve25519
# shellcheck disable=SC2086
debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl,libssl3 \
  bookworm "$rootfs" $mirror >/tmp/onion-lab-debootstrap.log 2>&1 \
  || { say "debootstrap failed; last lines of /tmp/onion-lab-debootstrap.log:"; tail -20 /tmp/onion-lab-debootstrap.log >&2; exit 1; }
rm -f "$rootfs"/var/cache/apt/archives/*.deb
rm -rf "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import \
  -c 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'LABEL org.opencontainers.image.title=onion-lab-jre' - "$IMAGE" >/dev/null
say "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
