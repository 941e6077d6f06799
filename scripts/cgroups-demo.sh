#!/usr/bin/env bash
# The lecture's cgroups slide with real services: echo-low (cpu_shares 20) and echo-high
# (cpu_shares 80) pinned to CPU 0, both saturated at once by the load generator's `cgroups`
# subcommand, itself pinned to CPU 1. It prints each copy's throughput and the CPU time it used
# over the measured window, read from the copy's own metrics; expect about 1:4. The JSON and HTML
# reports land in $REPORTS (default target/cgroups/).
# Extra arguments go to the subcommand, e.g. scripts/cgroups-demo.sh --connections 16.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-20s}     # measured, e.g. 20s
warmup=${WARMUP:-5s}          # before it: the JVMs warm up, CPU time is not yet counted
reports=${REPORTS:-target/cgroups}

scripts/compose.sh --profile cgroups up -d echo-low echo-high >/dev/null
scripts/wait-healthy.sh >/dev/null

# Detached, so that it can be pinned to CPU 1 (compose's `run` has no cpuset option); it spends
# its first seconds starting its JVM and connecting, before the warmup even begins.
id=$(scripts/compose.sh --profile cgroups run -d load-generator cgroups \
       --low echo-low:8081 --high echo-high:8081 --low-http http://echo-low:8080 --high-http http://echo-high:8080 \
       --connections "${CONNECTIONS:-8}" --in-flight "${INFLIGHT:-8}" --line-size "${LINE_SIZE:-16384}" \
       --duration "$duration" --warmup "$warmup" --no-progress \
       --json /tmp/cgroups.json --html /tmp/cgroups.html "$@")
cleanup() {
  docker rm -f "$id" >/dev/null 2>&1 || true
  scripts/compose.sh --profile cgroups rm -sf echo-low echo-high >/dev/null 2>&1 || true
}
trap cleanup EXIT
docker update --cpuset-cpus 1 "$id" >/dev/null

rc=$(docker wait "$id")
echo "cgroups demo: $duration measured after $warmup warmup; echo-low and echo-high on CPU 0, the load generator on CPU 1"
docker logs "$id" 2>&1
mkdir -p "$reports"
docker cp "$id:/tmp/cgroups.json" "$reports/cgroups.json" >/dev/null 2>&1 \
  && docker cp "$id:/tmp/cgroups.html" "$reports/cgroups.html" >/dev/null 2>&1 \
  && echo "reports: $reports/cgroups.json, $reports/cgroups.html"
exit "$rc"
