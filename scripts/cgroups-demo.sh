#!/usr/bin/env bash
# The lecture's cgroups slide with real services: echo-low (cpu_shares 20) and echo-high
# (cpu_shares 80) pinned to CPU 0, each saturated by its own load generator pinned to CPU 1.
# Prints each one's throughput and the CPU time its cgroup used; expect about 1:4.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-20s}   # in seconds, e.g. 20s
project=${COMPOSE_PROJECT_NAME:-onion-lab}
scripts/compose.sh --profile cgroups up -d echo-low echo-high >/dev/null
scripts/wait-healthy.sh >/dev/null

cpu_ns() { # CPU time the container's cgroup has used, in nanoseconds (cgroup v1 or v2)
  local id; id=$(docker ps -q --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$1")
  docker exec "$id" sh -c 'cat /sys/fs/cgroup/cpuacct/cpuacct.usage 2>/dev/null || cat /sys/fs/cgroup/cpu,cpuacct/cpuacct.usage 2>/dev/null || awk "/usage_usec/ {print \$2*1000}" /sys/fs/cgroup/cpu.stat'
}
load() { # one load generator on CPU 1 against one echo copy
  local id
  id=$(scripts/compose.sh run -d load-generator echo-tcp --host "$1" --port 8081 -c 8 --in-flight 8 --line-size "${LINE_SIZE:-16384}" \
       --duration "$duration" --warmup 3s --no-progress)
  docker update --cpuset-cpus 1 "$id" >/dev/null
  echo "$id"
}
low_run=$(load echo-low); high_run=$(load echo-high)
# CPU time is sampled inside the measured run only (after the JVMs start and warm up, before
# they stop), when both copies want CPU 0 all the time.
seconds=${duration%s}
sleep 8
low0=$(cpu_ns echo-low); high0=$(cpu_ns echo-high)
sleep $((seconds - 5))
low1=$(cpu_ns echo-low); high1=$(cpu_ns echo-high)
docker wait "$low_run" "$high_run" >/dev/null 2>&1 || true
throughput() { docker logs "$1" 2>/dev/null | awk '/^throughput/ {print $2}'; }
echo "cgroups demo ($duration of load, CPU time over $((seconds - 5)) s of it; both copies on CPU 0, load generators on CPU 1):"
printf '  %-10s cpu_shares %-3s CPU time %6.1f s   lines/s %s\n' echo-low 20 \
  "$(echo "($low1 - $low0) / 1000000000" | bc -l)" "$(throughput "$low_run")"
printf '  %-10s cpu_shares %-3s CPU time %6.1f s   lines/s %s\n' echo-high 80 \
  "$(echo "($high1 - $high0) / 1000000000" | bc -l)" "$(throughput "$high_run")"
docker rm -f "$low_run" "$high_run" >/dev/null
printf '  share of CPU 0 used by echo-high: %.1f %%\n' "$(echo "100 * ($high1 - $high0) / (($low1 - $low0) + ($high1 - $high0))" | bc -l)"
scripts/compose.sh --profile cgroups rm -sf echo-low echo-high >/dev/null 2>&1
