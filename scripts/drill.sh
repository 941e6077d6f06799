#!/usr/bin/env bash
# Fault drills on the running lab: break one thing, show what every side saw, measure recovery.
#
#   scripts/drill.sh relay       kill relay-2 under an open stream, then start it again
#   scripts/drill.sh directory   restart directory-service while clients use the onion network
#   scripts/drill.sh exit-net    cut the exit relay off the backend network, then reconnect it
#   scripts/drill.sh push        restart push-service under a subscriber that resumes
#
# Each prints what happened and how long recovery took, and exits 1 when the lab did not
# recover within its limit (RECOVERY_LIMIT seconds, default 60), so the tests run them too.
# Works on the lab of `make up`; COMPOSE_PROJECT_NAME and the *_HOST_PORT variables point it at
# another one.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lab.sh
socks=${SOCKS_HOST_PORT:-9050}
directory=${DIRECTORY_HOST_PORT:-7000}
push=${PUSH_HOST_PORT:-8090}
token=${PUSH_PUBLISH_TOKEN:-onion-lab-demo-token}
limit=${RECOVERY_LIMIT:-60}

say() { printf '[drill %s] %s\n' "$drill" "$*"; }
now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }
# one new stream through the onion: echo-service answers with the address it saw (the exit's)
onion_whoami() { curl -sS --max-time 5 --socks5-hostname "127.0.0.1:$socks" http://echo-service:8080/whoami; }
# waits until "$@" succeeds; prints the seconds it took; fails after $limit seconds
await() {
  local started; started=$(now_ms)
  until "$@" >/dev/null 2>&1; do
    if [ $(( $(now_ms) - started )) -gt $(( limit * 1000 )) ]; then
      say "NOT RECOVERED after ${limit} s: $*"; exit 1
    fi
    sleep 0.2
  done
  seconds_since "$started"
}
# what a service logged since a moment, as readable lines, about streams and circuits
logged_since() { # service since-epoch-seconds pattern
  docker logs --since "$2" "$(container "$1")" 2>&1 | jq -Rr 'fromjson? | .message' 2>/dev/null | grep -E "$3" | head -n "${4:-6}" | sed 's/^/    /' || true
}
relay_count() { curl -sf --max-time 3 "localhost:$directory/consensus" | jq '.relays | length'; }
has_relays() { [ "$(relay_count)" = "${1:-3}" ]; }

# A long-lived stream through the onion: a line every 50 ms, each reply checked; tells how it ended.
stream_client() {
  python3 - "$socks" <<'PY'
import socket, struct, sys, time
port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"\x05\x01\x00")
assert s.recv(2) == b"\x05\x00", "SOCKS greeting refused"
host = b"echo-service"
s.sendall(b"\x05\x01\x00\x03" + bytes([len(host)]) + host + struct.pack(">H", 8081))
reply = s.recv(10)
if reply[1] != 0:
    print(f"SOCKS CONNECT refused: reply code {reply[1]}", flush=True); sys.exit(1)
f = s.makefile("rb")
n = 0
while True:
    line = b"line %d through the onion\n" % n
    try:
        s.sendall(line)
        got = f.readline()
    except OSError as e:
        print(f"stream failed after {n} lines at {time.time():.3f}: {e}", flush=True); break
    if not got:
        print(f"stream closed by the onion proxy after {n} lines at {time.time():.3f}", flush=True); break
    if got != line.upper():
        print(f"WRONG REPLY after {n} lines: {got!r}", flush=True); sys.exit(1)
    n += 1
    if n == 10:
        print("open: 10 lines echoed", flush=True)
    time.sleep(0.05)
PY
}

drill_relay() {
  local out; out=$(mktemp)
  await onion_whoami >/dev/null
  stream_client >"$out" &
  local client=$!
  local waited=0
  until grep -q '^open' "$out" || [ $waited -gt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
  grep -q '^open' "$out" || { say "the stream did not open: $(cat "$out")"; exit 1; }
  say "a stream to echo-service:8081 is open through relay-1 -> relay-2 -> relay-3 (a line every 50 ms)"
  local since; since=$(date +%s)
  local killed; killed=$(now_ms)
  docker kill "$(container relay-2)" >/dev/null
  say "killed relay-2 (the middle of every circuit)"
  wait "$client" || true
  say "client: $(tail -1 "$out" | sed 's/ at [0-9.]*$//') ($(seconds_since "$killed") s after the kill)"
  rm -f "$out"
  say "relay-1 logged:"; logged_since relay-1 "$since" "destroyed" 3
  say "the onion proxy logged:"; logged_since onion-proxy "$since" "circuit closed|stream .*closed|refused" 4
  if onion_whoami >/dev/null 2>&1; then
    say "UNEXPECTED: a new stream worked with relay-2 dead"; exit 1
  fi
  say "new streams fail while relay-2 is down (three relays: every path needs it); starting it again"
  local started; started=$(now_ms)
  docker start "$(container relay-2)" >/dev/null
  local listed; listed=$(await has_relays 3)
  say "relay-2 is back in the consensus ${listed} s after it started (JVM start, registration, a new signed consensus)"
  await onion_whoami >/dev/null
  say "RECOVERED: new streams work again $(seconds_since "$started") s after relay-2 started ($(seconds_since "$killed") s after the kill); exit seen by echo-service: $(onion_whoami)"
}

drill_directory() {
  await onion_whoami >/dev/null
  local ok=0 failed=0
  local restarted; restarted=$(now_ms)
  docker restart -t 5 "$(container directory-service)" >/dev/null &
  local restart=$!
  say "restarting directory-service; meanwhile a new stream through the onion every 0.3 s until the relays are back:"
  sleep 1
  local listed=""
  while [ -z "$listed" ]; do
    if onion_whoami >/dev/null 2>&1; then ok=$((ok + 1)); else failed=$((failed + 1)); fi
    if ! kill -0 "$restart" 2>/dev/null && has_relays 3 2>/dev/null; then listed=$(seconds_since "$restarted"); fi
    [ $(( $(now_ms) - restarted )) -lt $(( limit * 1000 )) ] || { say "NOT RECOVERED: the consensus lists $(relay_count) relays after ${limit} s"; exit 1; }
    sleep 0.3
  done
  wait "$restart"
  say "RECOVERED: the consensus lists all $(relay_count) relays again ${listed} s after the restart began (JVM start, then each relay re-registers)"
  say "streams meanwhile: $ok worked, $failed failed (the proxy keeps its circuits and its verified consensus)"
  [ "$failed" -eq 0 ] || { say "FAILED: $failed streams failed while the directory restarted"; exit 1; }
}

drill_exit_net() {
  await onion_whoami >/dev/null
  local network="${project}_backend" exit_id; exit_id=$(container relay-3)
  local cut; cut=$(now_ms)
  docker network disconnect "$network" "$exit_id"
  say "disconnected relay-3 (the exit) from $network"
  local answer
  # the exit now cannot resolve or reach echo-service: give it time to say so (DNS, connect timeout)
  if answer=$(curl -sS --max-time 25 --socks5-hostname "127.0.0.1:$socks" http://echo-service:8080/whoami 2>&1); then
    say "UNEXPECTED: a stream reached echo-service without the backend network: $answer"; exit 1
  fi
  say "a new stream now fails: ${answer}"
  say "relay-3 logged:"; logged_since relay-3 "$(( cut / 1000 ))" "refused" 2
  docker network connect "$network" "$exit_id"
  local took; took=$(await onion_whoami)
  say "RECOVERED: reconnected; new streams work again after ${took} s ($(seconds_since "$cut") s after the cut); exit seen by echo-service: $(onion_whoami)"
}

drill_push() {
  local topic="drill-$RANDOM$RANDOM" base="localhost:$push"
  publish() { curl -sf -H "Authorization: Bearer $token" -d "$1" "$base/topics/$topic" >/dev/null; }
  for m in one two three; do publish "$m"; done
  local first; first=$(curl -sf "$base/topics/$topic/messages?after=0")
  local epoch; epoch=$(jq -r .epoch <<<"$first")
  say "published 3 messages to topic $topic; a subscriber has seq 1..$(jq -r .next <<<"$first") of epoch $epoch"
  local restarted; restarted=$(now_ms)
  docker restart -t 5 "$(container push-service)" >/dev/null
  local took; took=$(await curl -sf "$base/q/health/ready")
  say "push-service restarted and ready in $(seconds_since "$restarted") s (ready ${took} s after docker restart returned)"
  local resumed; resumed=$(curl -sf "$base/topics/$topic/messages?after=3&epoch=$epoch")
  local reset; reset=$(jq -c '.reset // empty' <<<"$resumed")
  [ -n "$reset" ] || { say "FAILED: resuming with the old epoch was not told of the restart: $resumed"; exit 1; }
  say "the subscriber resumes with after=3&epoch=$epoch and is told: reset $reset (history is memory only: nothing older survives a restart, and it is said, never skipped silently)"
  publish four; publish five
  local next_epoch; next_epoch=$(jq -r .epoch <<<"$resumed")
  local after; after=$(jq -r .next <<<"$resumed")
  local got; got=$(curl -sf "$base/topics/$topic/messages?after=$after&epoch=$next_epoch" | jq -r '[.messages[].data] | join(",")')
  [ "$got" = "four,five" ] || { say "FAILED: after the reset the subscriber got '$got', expected four,five"; exit 1; }
  say "RECOVERED: from the new epoch it receives every new message: $got"
}

drill=${1:-}
case "$drill" in
  relay) drill_relay ;;
  directory) drill_directory ;;
  exit-net) drill_exit_net ;;
  push) drill_push ;;
  *) echo "usage: scripts/drill.sh relay|directory|exit-net|push" >&2; exit 2 ;;
esac
