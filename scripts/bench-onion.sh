#!/usr/bin/env bash
# The onion benchmark (a benchmark, not a test), on loopback with every service a plain process:
# directory-service, three relays (guard, middle, exit), the onion proxy and echo-service, each
# `java -jar target/quarkus-app/quarkus-run.jar` on 127.0.0.1. When the proxy has a circuit, the
# load generator's `onion` scenario measures request/reply latency, one stream's throughput (lines
# echoed, and one way: a download), parallel streams and circuit builds through the onion and, for
# comparison, directly; it writes its report as JSON (BENCH_JSON) and the figures are printed
# against the issue's targets.
#
# The exit reaches echo-service on 127.0.0.1 because its exit policy names those two ports on that
# one address (`accept 127.0.0.1:PORT`): a loopback address is refused unless a rule names it exactly.
#
# Settings (environment): DURATION (10s), WARMUP (5s: the relays are fresh JVMs), PREWARM (30s: an
# unmeasured pass of each measurement before the measured run; 0s skips it), MEASURE (all),
# BULK_SIZE (64MiB), DOWNLOAD_SIZE (256MiB), STREAMS (100), BENCH_BASE_PORT (19500: ports BASE..BASE+10 must be free), BENCH_JSON
# (/tmp/bench-onion.json), LOGS (/tmp/bench-onion), JAVA_OPTS (for the services), ONION_CURVE25519
# (auto, or bouncycastle: the relays' and the proxy's curve25519 engine); HOLD=1 starts the
# network, prints its ports and waits (Ctrl-C stops it) instead of running the load generator.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
duration=${DURATION:-10s}
warmup=${WARMUP:-5s}
prewarm=${PREWARM:-30s}
measure=${MEASURE:-all}
bulk_size=${BULK_SIZE:-64MiB}
download_size=${DOWNLOAD_SIZE:-256MiB}
streams=${STREAMS:-100}
base=${BENCH_BASE_PORT:-19500}
json=${BENCH_JSON:-/tmp/bench-onion.json}
logs=${LOGS:-/tmp/bench-onion}
java_opts=${JAVA_OPTS:-}

directory_http=$base
echo_tcp=$((base + 1)); echo_http=$((base + 2))
guard_link=$((base + 3)); guard_http=$((base + 4))
middle_link=$((base + 5)); middle_http=$((base + 6))
exit_link=$((base + 7)); exit_http=$((base + 8))
socks=$((base + 9)); proxy_http=$((base + 10))

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in $(seq "$base" $((base + 10))); do
  if port_in_use "$p"; then
    echo "port $p is in use: stop what listens there or pick other ports (BENCH_BASE_PORT=...)" >&2
    exit 1
  fi
done
command -v curl >/dev/null || { echo "curl is needed (apt-get install curl)" >&2; exit 1; }

build() {
  if [ ! -f "$root/$1/target/quarkus-app/quarkus-run.jar" ]; then
    echo "==> building $1"
    (cd "$root/$1" && ./mvnw -B -q -ntp package -DskipTests)
  fi
}
if [ ! -d "$HOME/.m2/repository/lab/onion/contracts" ]; then
  echo "==> installing contracts"
  (cd "$root/contracts" && ./mvnw -B -q -ntp install)
fi
for s in echo-service directory-service relay-service load-generator; do build "$s"; done

rm -rf "$logs"; mkdir -p "$logs"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME SERVICE -Dkey=value...: one service as a plain process, its log in $logs/NAME.log
start() {
  local name=$1 service=$2; shift 2
  # shellcheck disable=SC2086
  java $java_opts -Dquarkus.http.host=127.0.0.1 "$@" -jar "$root/$service/target/quarkus-app/quarkus-run.jar" \
    >"$logs/$name.log" 2>&1 &
  pids+=($!)
}

# wait_for WHAT SECONDS COMMAND...: until COMMAND succeeds, or fail with the logs' last lines
wait_for() {
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "timed out waiting for $what; last log lines:" >&2
  for f in "$logs"/*.log; do echo "--- $f" >&2; tail -n 5 "$f" >&2; done
  exit 1
}
ready() { curl -fs "http://127.0.0.1:$1/q/health/ready"; }

echo "==> starting echo-service and directory-service (logs in $logs)"
start echo echo-service -Decho.tcp.port="$echo_tcp" -Dquarkus.http.port="$echo_http"
start directory directory-service -Dquarkus.http.port="$directory_http" -Ddirectory.data-dir="$logs/directory-data"
wait_for "directory-service" 60 ready "$directory_http"
wait_for "echo-service" 60 ready "$echo_http"

relay() {
  local nickname=$1 flags=$2 link=$3 http=$4; shift 4
  start "$nickname" relay-service -Drelay.role=relay -Drelay.nickname="$nickname" -Drelay.flags="$flags" \
    -Drelay.link.host=127.0.0.1 -Drelay.link.port="$link" -Drelay.address=127.0.0.1 \
    -Drelay.key-directory="$logs/keys-$nickname" -Drelay.directory.url="127.0.0.1:$directory_http" \
    -Dquarkus.http.port="$http" "$@"
}
echo "==> starting the relays (guard, middle, exit) and the onion proxy"
relay guard guard "$guard_link" "$guard_http"
relay middle none "$middle_link" "$middle_http"
relay exit exit "$exit_link" "$exit_http" -Drelay.exit-policy="accept 127.0.0.1:$echo_tcp,accept 127.0.0.1:$echo_http,reject *:*"
start proxy relay-service -Drelay.role=proxy -Drelay.nickname=proxy -Drelay.socks.host=127.0.0.1 \
  -Drelay.socks.port="$socks" -Drelay.directory.url="127.0.0.1:$directory_http" \
  -Drelay.key-directory="$logs/keys-proxy" -Dquarkus.http.port="$proxy_http"
has_circuit() { curl -fs "http://127.0.0.1:$proxy_http/status" | grep -q '"state":"open"'; }
wait_for "an open circuit at the onion proxy" 90 has_circuit

if [ "${HOLD:-0}" = 1 ]; then
  echo "==> the onion network is up: SOCKS5 127.0.0.1:$socks, proxy HTTP 127.0.0.1:$proxy_http,"
  echo "    echo-service 127.0.0.1:$echo_tcp (the exit reaches it as 127.0.0.1:$echo_tcp); Ctrl-C stops it"
  while kill -0 "${pids[0]}" 2>/dev/null; do sleep 1; done
  exit 0
fi

if [ "$prewarm" != 0s ]; then
  # Fresh JVMs: C2 compiles the paths a circuit build takes only after a minute or so of builds
  # (measured: build p50 7 ms after 10 s, 2.5 ms after 100 s). One unmeasured pass first.
  echo "==> warming the JIT up: every measurement once, $prewarm each, not reported"
  java -jar "$root/load-generator/target/quarkus-app/quarkus-run.jar" onion \
    --socks "127.0.0.1:$socks" --proxy-http "http://127.0.0.1:$proxy_http" \
    --target "127.0.0.1:$echo_tcp" --download-target "127.0.0.1:$echo_http" --direct none \
    --measure "$measure" --duration "$prewarm" --warmup 0s --bulk-size "$bulk_size" \
    --download-size "$download_size" --streams "$streams" --no-progress >"$logs/prewarm.txt" 2>&1 || true
fi

echo "==> load-generator onion (--duration $duration --warmup $warmup --measure $measure)"
set +e
java -jar "$root/load-generator/target/quarkus-app/quarkus-run.jar" onion \
  --socks "127.0.0.1:$socks" --proxy-http "http://127.0.0.1:$proxy_http" \
  --target "127.0.0.1:$echo_tcp" --direct "127.0.0.1:$echo_tcp" \
  --download-target "127.0.0.1:$echo_http" --download-direct "127.0.0.1:$echo_http" \
  --measure "$measure" --duration "$duration" --warmup "$warmup" --bulk-size "$bulk_size" \
  --download-size "$download_size" --streams "$streams" --no-progress --json "$json"
status=$?
set -e

# metric_ms PORT SERIES: a series of that process's /q/metrics, in ms ("-" when absent)
metric_ms() {
  curl -fs "http://127.0.0.1:$1/q/metrics" | awk -v s="$2" 'index($0, s " ") == 1 {printf "%.3f", $NF * 1000; f = 1; exit}
    END {if (!f) printf "-"}'
}
echo
echo "==> where circuit builds spent their time: p50 over the last minute, from each node's /q/metrics"
for node in "guard $guard_http" "middle $middle_http" "exit $exit_http"; do
  set -- $node
  printf '  %-44s %8s ms\n' "$1: a CREATE2 answered (its ntor work)" \
    "$(metric_ms "$2" 'onion_relay_create2_seconds{quantile="0.5"}')"
done
for hop in 1 2 3; do
  printf '  %-44s %8s ms\n' "proxy: hop $hop extended (onion skin to reply)" \
    "$(metric_ms "$proxy_http" "onion_proxy_hop_seconds{hop=\"$hop\",quantile=\"0.5\"}")"
done
printf '  %-44s %8s ms\n' "proxy: circuit built" "$(metric_ms "$proxy_http" 'onion_proxy_build_seconds{quantile="0.5"}')"

if [ -f "$json" ] && command -v python3 >/dev/null; then
  echo
  echo "==> the issue's targets (loopback, plain processes), from $json"
  # which curve25519 engine the proxy logged at start (OpenSSL's libcrypto or BouncyCastle)
  sed -n 's/.*\(curve25519: .*\)/  \1/p' "$logs/proxy.log" | head -1
  python3 - "$json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))["onion"]
def at(*path):
    node = o
    for p in path:
        if not isinstance(node, dict) or node.get(p) is None:
            return None
        node = node[p]
    return node
rows = [
    ("circuit build (proxy's buildMillis) p50", at("build", "proxyBuildMs", "p50"), "<=", 2.0, "ms"),
    ("first stream after new-identity p50", at("build", "firstStream", "latencyMs", "p50"), None, None, "ms"),
    ("request/reply p50", at("rtt", "onion", "latencyMs", "p50"), "<=", 0.35, "ms"),
    ("request/reply p99", at("rtt", "onion", "latencyMs", "p99"), "<=", 2.0, "ms"),
    ("bulk, one circuit, one way (download)", at("download", "onion", "mbPerSecond"), ">=", 100.0, "MB/s"),
    ("bulk echoed (every byte both ways)", at("bulk", "onion", "mbPerSecond"), None, None, "MB/s"),
    ("100 parallel streams done, p50", at("parallel", "onion", "latencyMs", "p50"), "<=", 26.0, "ms"),
]
for name, value, op, target, unit in rows:
    if value is None:
        print(f"  {name:42s} {'-':>10s}")
        continue
    verdict = ""
    if op is not None:
        met = value <= target if op == "<=" else value >= target
        verdict = f"target {op} {target:g} {unit}: {'met' if met else 'MISSED'}"
    print(f"  {name:42s} {value:10.3f} {unit:5s} {verdict}")
PY
fi
exit $status
