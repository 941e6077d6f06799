#!/usr/bin/env bash
# Image layers, the lecture's OverlayFS and snapshot-size points with the lab's own images:
#  1. every service image's layers (Jib: the shared JRE base, the dependencies, the application);
#  2. a code change, for real: a copy of echo-service with one more class is built into
#     onion-lab/echo-service:layers-demo, and its layers are compared with the image's. Only the
#     application layer differs; everything else is the same content-addressed layer, stored once.
# SKIP_REBUILD=1 shows only the table.
set -euo pipefail
cd "$(dirname "$0")/.."

layers() { docker image inspect -f '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1" | sed '/^$/d'; }
layer_sizes() { # image: "digest<TAB>size|comment" per layer, base first (one history entry per Jib layer)
  paste <(layers "$1") <(docker history --format '{{.Size}}|{{.Comment}}' "$1" | tac)
}

echo "images (docker history; the 'base' layer is onion-lab/jre:17, stored once for all of them):"
printf '  %-29s %-12s %-14s %-14s %s\n' image base dependencies application total
for image in $(docker image ls --filter label=lab.onion.service --format '{{.Repository}}:{{.Tag}}' | grep -v layers-demo | sort); do
  base="" deps="" app=""
  while IFS='|' read -r size comment; do
    case "$comment" in
      quarkus-lib) deps=$size ;;
      quarkus-app) app=$size ;;
      "Imported from -") base=$size ;;
    esac
  done < <(docker history --format '{{.Size}}|{{.Comment}}' "$image")
  printf '  %-29s %-12s %-14s %-14s %s\n' "${image%:latest}" "$base" "$deps" "$app" \
    "$(docker image inspect -f '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1000000 }')"
done
[ -z "${SKIP_REBUILD:-}" ] || exit 0

echo
echo "a code change: one more class in a copy of echo-service, rebuilt by Jib ..."
work=$(mktemp -d)
trap 'rm -rf "$work"; docker image rm -f onion-lab/echo-service:layers-demo >/dev/null 2>&1 || true' EXIT
tar -C echo-service --exclude=./target -cf - . | tar -C "$work" -xf -
mkdir -p "$work/src/main/java/lab/onion/echo"
cat > "$work/src/main/java/lab/onion/echo/LayersDemo.java" <<'JAVA'
package lab.onion.echo;

/** Added by scripts/layers.sh to show what a code change costs an image. */
final class LayersDemo {
    static final String WHY = "one more class: only the application layer changes";
}
JAVA
(cd "$work" && ./mvnw -B -ntp -q package -DskipTests jib:dockerBuild -Djib.to.image=onion-lab/echo-service:layers-demo)
before=$(layers onion-lab/echo-service:latest)
after=$(layers onion-lab/echo-service:layers-demo)
shared=$(comm -12 <(sort <<<"$before") <(sort <<<"$after") | wc -l)
total=$(wc -l <<<"$after")
while IFS=$'\t' read -r digest size_comment; do
  grep -qx "$digest" <<<"$before" || echo "  new layer: ${size_comment%%|*} (${size_comment#*|}), ${digest:7:12}"
done < <(layer_sizes onion-lab/echo-service:layers-demo)
echo "  $shared of $total layers are the very same layers as before (same digests): the base and the dependencies"
echo "  are not rebuilt, pushed or stored again; the change costs one small layer, the application's."
