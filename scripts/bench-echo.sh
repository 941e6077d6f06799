#!/usr/bin/env bash
# The echo TCP benchmark (a benchmark, not a test). echo-service runs as a plain process on
# loopback and EchoTcpBench drives it: CONNECTIONS connections, each with INFLIGHT lines in
# flight, every reply checked. If Go is installed (apt-get install golang-go), the same client
# then drives the idiomatic Go server in bench/go-echo, the yardstick the README compares with,
# and, if Node.js is installed, the lecture's Node.js server made line-correct (bench/node-echo).
# Prints throughput, latency percentiles and the JVM's resident memory idle and under load.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${CONNECTIONS:-64}
inflight=${INFLIGHT:-16}
duration=${DURATION:-10}
warmup=${WARMUP:-5}
threads=${CLIENT_THREADS:-2}
tcp_port=${BENCH_TCP_PORT:-18081}
http_port=${BENCH_HTTP_PORT:-18080}
root=$PWD

rss() { awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$1/status"; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$tcp_port" "$http_port"; do
  if port_in_use "$p"; then
    echo "port $p is in use: stop what listens there or pick others (BENCH_TCP_PORT=... BENCH_HTTP_PORT=...)" >&2
    exit 1
  fi
done

cd echo-service
echo "==> building echo-service and the benchmark client"
./mvnw -B -ntp -q package -DskipTests
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
client_cp="target/test-classes:$(cat target/bench-classpath.txt)"
run_client() { java -cp "$client_cp" lab.onion.echo.bench.EchoTcpBench 127.0.0.1 "$1" "$connections" "$inflight" "$duration" "$warmup" "$threads"; }

java -Decho.tcp.port="$tcp_port" -Dquarkus.http.port="$http_port" -jar target/quarkus-app/quarkus-run.jar >/tmp/bench-echo-service.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; [ -n "${yardstick:-}" ] && kill $yardstick 2>/dev/null; true' EXIT
for _ in $(seq 1 60); do curl -fs -o /dev/null "localhost:$http_port/q/health/ready" && break; sleep 0.5; done
kill -0 $server 2>/dev/null || { echo "echo-service did not start; see /tmp/bench-echo-service.log" >&2; exit 1; }
echo "==> echo-service (JVM $(java -version 2>&1 | head -1 | cut -d'"' -f2)), idle RSS $(rss $server)"
( sleep $((warmup + duration / 2)); echo "    RSS under load: $(rss $server)" ) &
sampler=$!
run_client "$tcp_port"
wait $sampler
kill $server; wait $server 2>/dev/null || true

if command -v go >/dev/null 2>&1; then
  echo "==> idiomatic Go server (bench/go-echo, $(go version | awk '{print $3}'))"
  (cd "$root/bench/go-echo" && GO111MODULE=off go build -o /tmp/go-echo main.go)
  /tmp/go-echo -addr "127.0.0.1:$tcp_port" &
  yardstick=$!
  sleep 0.5
  echo "    idle RSS $(rss $yardstick)"
  ( sleep $((warmup + duration / 2)); echo "    RSS under load: $(rss $yardstick)" ) &
  sampler=$!
  run_client "$tcp_port"
  wait $sampler
  kill $yardstick; wait $yardstick 2>/dev/null || true; yardstick=
else
  echo "(Go not installed: apt-get install golang-go to run the Go yardstick too)"
fi

if command -v node >/dev/null 2>&1; then
  echo "==> the lecture's Node.js server, made line-correct (bench/node-echo, node $(node --version))"
  node "$root/bench/node-echo/server.js" "$tcp_port" &
  yardstick=$!
  sleep 0.5
  ( sleep $((warmup + duration / 2)); echo "    RSS under load: $(rss $yardstick)" ) &
  sampler=$!
  run_client "$tcp_port"
  wait $sampler
fi
