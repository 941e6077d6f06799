#!/usr/bin/env bash
# Network namespaces at work: from inside each onion container, who can open a TCP connection to
# the backends, and who can get out of the lab at all. Checks every cell against ARCHITECTURE.md
# (only the exit reaches the backends; the relays, on internal networks only, cannot leave) and
# exits 1 on a surprise. No packet leaves the machine: "the internet" is played by a network
# namespace on this host (onionlab-outside, 198.51.100.2, a documentation address that is never
# routed anywhere), reached the way any packet out of the lab would go: through the container's
# gateway and the host's forwarding. Needs root and iproute2; the namespace is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lab.sh
reaches() { # service url: can the service open it (any HTTP answer)?
  docker exec "$(container "$1")" curl -s -o /dev/null -m 3 "$2"
}
outside=198.51.100.2
gets_out() { # can the service open a connection to the stand-in for the internet?
  docker exec "$(container "$1")" curl -s -o /dev/null -m 3 "http://$outside:8000/"
}
cleanup() {
  ip netns pids onionlab-outside 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns delete onionlab-outside 2>/dev/null || true
  ip link delete olab-out0 2>/dev/null || true
}
[ "$(id -u)" = 0 ] && command -v ip >/dev/null || { echo "isolation: needs root and iproute2 (ip) for the stand-in internet" >&2; exit 2; }
cleanup
trap cleanup EXIT
ip netns add onionlab-outside
ip link add olab-out0 type veth peer name olab-out1
ip link set olab-out1 netns onionlab-outside
ip addr add 198.51.100.1/24 dev olab-out0
ip link set olab-out0 up
ip netns exec onionlab-outside ip addr add "$outside/24" dev olab-out1
ip netns exec onionlab-outside ip link set olab-out1 up
ip netns exec onionlab-outside ip link set lo up
ip netns exec onionlab-outside ip route add default via 198.51.100.1
ip netns exec onionlab-outside python3 -m http.server 8000 --bind "$outside" >/dev/null 2>&1 &
for _ in $(seq 50); do curl -s -o /dev/null -m 1 "http://$outside:8000/" && break; sleep 0.1; done

surprises=0
printf '%-12s %-20s %-20s %s\n' "from" "echo-service:8080" "push-service:8080" "out of the lab ($outside:8000)"
for service in relay-1 relay-2 relay-3 onion-proxy; do
  container "$service" >/dev/null || exit 2
  row=()
  for url in http://echo-service:8080/q/health/live http://push-service:8080/q/health/live; do
    if reaches "$service" "$url"; then got=reach; else got=blocked; fi
    want=blocked; [ "$service" = relay-3 ] && want=reach
    [ "$got" = "$want" ] || { got="$got (UNEXPECTED)"; surprises=$((surprises + 1)); }
    row+=("$got")
  done
  if gets_out "$service"; then out=reach; else out=blocked; fi
  # the relays sit on internal networks only; the onion proxy is published: its edge network is a way out
  want=blocked; [ "$service" = onion-proxy ] && want=reach
  [ "$out" = "$want" ] || { out="$out (UNEXPECTED)"; surprises=$((surprises + 1)); }
  printf '%-12s %-20s %-20s %s\n' "$service" "${row[0]}" "${row[1]}" "$out"
done
if [ "$surprises" -gt 0 ]; then
  echo "isolation: $surprises unexpected results" >&2; exit 1
fi
echo "isolation: as designed: only relay-3, the exit, reaches the backends; no relay gets out of the lab"
