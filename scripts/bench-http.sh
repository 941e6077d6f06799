#!/usr/bin/env bash
# The wrk comparison (a benchmark, not a test): echo-service runs as a plain process on a free
# loopback port; wrk, then the load generator's echo-http, drive GET /upper?text=... with the
# same connections for the same time, and the requests/s of both are printed side by side. The
# load generator checks every reply, wrk checks none. Figures are only as quiet as the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${CONNECTIONS:-64}
duration=${DURATION:-10}   # seconds, each tool
warmup=${WARMUP:-3}        # seconds of load before each tool's measurement
threads=${WRK_THREADS:-2}
text=${TEXT:-abcdefghijklmnopqrstuvwxyz012345}   # 32 characters, as the load generator's default --text-size
root=$PWD

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> installing wrk (Debian package)"
    apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "wrk is missing: apt-get install wrk (or your system's package), then run this again" >&2
    exit 1
  fi
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${BENCH_HTTP_PORT:-18180}
while port_in_use "$port"; do port=$((port + 1)); done

# Built when missing; BUILD=1 rebuilds both (after a change to either).
if [ "${BUILD:-0}" = 1 ] || [ ! -f echo-service/target/quarkus-app/quarkus-run.jar ]; then
  echo "==> building echo-service"
  (cd contracts && ./mvnw -B -ntp -q install)
  (cd echo-service && ./mvnw -B -ntp -q package -DskipTests)
fi
if [ "${BUILD:-0}" = 1 ] || [ ! -f load-generator/target/quarkus-app/quarkus-run.jar ]; then
  echo "==> building the load generator"
  (cd contracts && ./mvnw -B -ntp -q install)
  (cd load-generator && ./mvnw -B -ntp -q package -DskipTests)
fi

log=$(mktemp /tmp/bench-http-echo-service.XXXXXX.log)
java -Decho.tcp.port=0 -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -jar echo-service/target/quarkus-app/quarkus-run.jar >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs -o /dev/null "localhost:$port/q/health/ready" && break; sleep 0.5; done
kill -0 $server 2>/dev/null || { echo "echo-service did not start; see $log" >&2; exit 1; }
url="http://127.0.0.1:$port/upper?text=$text"
[ "$(curl -fs "$url")" = "$(echo "$text" | tr a-z A-Z)" ] || { echo "echo-service does not answer $url" >&2; exit 1; }
echo "==> echo-service on 127.0.0.1:$port; $connections connections, ${duration}s each after ${warmup}s of warmup; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "==> wrk -t$threads -c$connections -d${duration}s --latency $url"
wrk -t"$threads" -c"$connections" -d"${warmup}s" "$url" >/dev/null
wrk_out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url")
echo "$wrk_out" | sed 's/^/    /'

echo "==> load-generator echo-http --connections $connections --duration ${duration}s --warmup ${warmup}s"
lg_json=$(mktemp /tmp/bench-http-load-generator.XXXXXX.json)
java -jar "$root/load-generator/target/quarkus-app/quarkus-run.jar" echo-http --host 127.0.0.1 --port "$port" \
  --connections "$connections" --duration "${duration}s" --warmup "${warmup}s" --no-progress --json "$lg_json" | sed 's/^/    /'

wrk_rps=$(echo "$wrk_out" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')
wrk_p50=$(echo "$wrk_out" | awk '$1 == "50%" {print $2}')
wrk_p99=$(echo "$wrk_out" | awk '$1 == "99%" {print $2}')
lg() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($1)" "$lg_json"; }
lg_rps=$(lg 'round(r["throughput"]["okPerSecond"])')
lg_p50=$(lg '"%.2fms" % r["latencyMs"]["p50"]')
lg_p99=$(lg '"%.2fms" % r["latencyMs"]["p99"]')
lg_errors=$(lg 'sum(e["count"] for e in r["errors"].values())')
echo
printf '%-16s %14s %10s %10s  %s\n' tool requests/s p50 p99 "replies checked"
printf '%-16s %14s %10s %10s  %s\n' wrk "$wrk_rps" "$wrk_p50" "$wrk_p99" "no"
printf '%-16s %14s %10s %10s  %s\n' load-generator "$lg_rps" "$lg_p50" "$lg_p99" "yes ($lg_errors errors)"
printf 'load-generator / wrk: %.2f\n' "$(echo "$lg_rps / $wrk_rps" | bc -l)"
