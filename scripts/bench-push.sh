#!/usr/bin/env bash
# The push benchmark (a benchmark, not a test): push-service against Nchan (nginx's pub/sub module, the
# yardstick), both as plain processes on loopback, driven by the load generator's `push` scenario.
#   1. latency:    1,000 WebSocket subscribers on one topic at 50 msg/s -> publish-to-delivery p99
#   2. throughput: 100 WebSocket, then 100 SSE subscribers at HIGH_RATE msg/s -> deliveries/s
#   3. modes:      push-service's four modes (and Nchan's long poll), 100 subscribers at 50 msg/s
#                  -> requests per delivered message and latency
# Prints a comparison table and leaves every JSON report in OUT. Installs nginx and libnginx-mod-nchan with
# apt-get when they are missing (Debian 12; sudo when not root); builds push-service and the load generator
# when their jars are missing. Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
duration=${DURATION:-10s}
warmup=${WARMUP:-3s}
high_rate=${HIGH_RATE:-1000}
out=${OUT:-$root/bench-results/push-$(date -u +%Y%m%d-%H%M%S)}
push_port=${BENCH_PUSH_PORT:-18090}
nchan_port=${BENCH_NCHAN_PORT:-18093}
token=bench-token
# The JVM flags of the push-service image that matter here (push-service/pom.xml, jib entrypoint): C1 only.
# PUSH_JAVA_OPTS= (empty) measures the JVM's defaults instead.
push_java_opts=${PUSH_JAVA_OPTS--XX:TieredStopAtLevel=1}
nchan_module=/usr/lib/nginx/modules/ngx_nchan_module.so

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$push_port" "$nchan_port"; do
  if port_in_use "$p"; then
    echo "port $p is in use: stop what listens there or pick others (BENCH_PUSH_PORT=... BENCH_NCHAN_PORT=...)" >&2
    exit 1
  fi
done

if ! command -v nginx >/dev/null 2>&1 || [ ! -f "$nchan_module" ]; then
  echo "==> installing nginx and libnginx-mod-nchan (apt-get)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx libnginx-mod-nchan
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ ! -f push-service/target/quarkus-app/quarkus-run.jar ]; then
  echo "==> building push-service"
  (cd push-service && ./mvnw -B -q -ntp package -DskipTests)
fi
if [ ! -f load-generator/target/quarkus-app/quarkus-run.jar ]; then
  echo "==> building the load generator (and the contracts it needs)"
  (cd contracts && ./mvnw -B -q -ntp install)
  (cd load-generator && ./mvnw -B -q -ntp package -DskipTests)
fi

mkdir -p "$out"
prefix=$(mktemp -d /tmp/bench-push-nginx.XXXXXX)
push_pid=""
nginx_pid=""
lg_pid=""
cleanup() {
  set +e
  for pid in $lg_pid $push_pid $nginx_pid; do
    kill "$pid" 2>/dev/null
  done
  for pid in $lg_pid $push_pid $nginx_pid; do
    wait "$pid" 2>/dev/null
  done
  rm -rf "$prefix"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_up() { # url pid name log
  for _ in $(seq 1 120); do
    curl -fs -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.5
  done
  echo "$3 did not start; its log ($4):" >&2
  tail -20 "$4" >&2
  exit 1
}

echo "==> push-service on 127.0.0.1:$push_port (java $push_java_opts)"
# shellcheck disable=SC2086 # the options are words
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$push_port PUSH_PUBLISH_TOKEN=$token \
  java $push_java_opts -jar push-service/target/quarkus-app/quarkus-run.jar >"$out/push-service.log" 2>&1 &
push_pid=$!
wait_up "http://127.0.0.1:$push_port/q/health/ready" "$push_pid" push-service "$out/push-service.log"

echo "==> nginx $("$nginx_bin" -v 2>&1 | cut -d/ -f2) + nchan on 127.0.0.1:$nchan_port (prefix $prefix)"
mkdir -p "$prefix/logs" "$prefix/tmp"
sed "s/__PORT__/$nchan_port/" bench/nchan/nginx.conf >"$prefix/nginx.conf"
"$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf" >"$out/nginx.log" 2>&1 &
nginx_pid=$!
wait_up "http://127.0.0.1:$nchan_port/health" "$nginx_pid" nginx "$out/nginx.log"

lg() { # name server args...
  local name=$1 server=$2 url
  shift 2
  if [ "$server" = nchan ]; then url=http://127.0.0.1:$nchan_port; else url=http://127.0.0.1:$push_port; fi
  echo "==> $name: push --server $server $*"
  # In the background and waited for, so that Ctrl-C reaches the trap at once and stops it too.
  java -jar load-generator/target/quarkus-app/quarkus-run.jar push --server "$server" --url "$url" --token "$token" \
    --duration "$duration" --warmup "$warmup" --no-progress --json "$out/$name.json" "$@" >"$out/$name.txt" 2>&1 &
  lg_pid=$!
  local rc=0
  wait "$lg_pid" || rc=$?
  lg_pid=""
  [ "$rc" -eq 0 ] || echo "    (exit $rc: see $out/$name.txt)"
  grep -E '^(deliveries|anomalies|requests) ' "$out/$name.txt" | sed 's/^/    /' || true
}

for server in push-service nchan; do
  lg "latency-ws1000-$server" "$server" --mode ws --subscribers 1000 --publish-rate 50
done
for server in push-service nchan; do
  lg "throughput-ws100-$server" "$server" --mode ws --subscribers 100 --publish-rate "$high_rate"
  lg "throughput-sse100-$server" "$server" --mode sse --subscribers 100 --publish-rate "$high_rate"
done
for mode in short-poll long-poll sse ws; do
  lg "mode-$mode-push-service" push-service --mode "$mode" --subscribers 100 --publish-rate 50
done
lg "mode-long-poll-nchan" nchan --mode long-poll --subscribers 100 --publish-rate 50

echo
echo "==> results (JSON in $out; the machine's load during the run: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
rows = []
for name in sorted(os.listdir(out)):
    if not name.endswith(".json"):
        continue
    r = json.load(open(os.path.join(out, name)))
    p, l = r["push"], r["latencyMs"]
    rows.append((name[:-5], p["server"], p["mode"], p["subscribers"], r["rate"], p["deliveriesPerSecond"],
                 l["p50"], l["p99"], l["max"], p["lost"], p["duplicated"], p["outOfOrder"], p["requestsPerDelivery"],
                 sum(e["count"] for e in r["errors"].values())))
head = ("run", "server", "mode", "subs", "msg/s", "deliv/s", "p50 ms", "p99 ms", "max ms", "lost", "dup", "ooo", "req/deliv", "errors")
fmt = "%-28s %-12s %-10s %5s %6s %10s %8s %8s %9s %6s %4s %4s %9s %6s"
print(fmt % head)
for row in rows:
    print(fmt % (row[0], row[1], row[2], row[3], "%g" % row[4], "%.0f" % row[5], "%.2f" % row[6], "%.2f" % row[7],
                 "%.1f" % row[8], row[9], row[10], row[11], "%.3f" % row[12], row[13]))
PY
