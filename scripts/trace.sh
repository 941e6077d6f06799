#!/usr/bin/env bash
# Everything the lab's services logged about one id (a circuit id, a stream id, a topic, a relay
# nickname or fingerprint, ...), across all services, in time order:
#   scripts/trace.sh ID        (make trace ID=...)
# Matches the id anywhere in a log event (message or any field). A circuit id (0x + 8 hex digits)
# is followed across hops: a relay that logs "circ A -> circ B" links A on one link to B on the
# next, so the trace of the proxy's id shows the whole path, guard to exit, and the streams on it.
# NO_FOLLOW=1 matches the id alone.
set -euo pipefail
cd "$(dirname "$0")/.."
id=${1:?usage: scripts/trace.sh ID}
command -v python3 >/dev/null 2>&1 || { echo "make trace needs python3" >&2; exit 1; }
scripts/compose.sh logs --no-color 2>/dev/null | python3 -c '
import json, re, sys

wanted, follow = sys.argv[1], sys.argv[2] != "1"
circ = re.compile(r"\b0x[0-9a-f]{8}\b")
events = []
for raw in sys.stdin:
    prefix, sep, rest = raw.partition("| ")
    try:
        event = json.loads(rest if sep else raw)
    except ValueError:
        continue
    if not isinstance(event, dict) or "timestamp" not in event:
        continue
    # compose v1 prefixes "relay-1_1  ", v2 "relay-1-1  ": keep the service name
    name = re.sub(r"[-_][0-9]+$", "", prefix.strip()) or event.get("service", "")
    events.append((event["timestamp"], name, event.get("level", ""), event.get("message", ""), json.dumps(event)))

ids = {wanted}
chosen = set()
while True:  # grow the set of ids until no matching event names a new circuit id
    grown = False
    for i, (_, _, _, _, text) in enumerate(events):
        if i not in chosen and any(x in text for x in ids):
            chosen.add(i)
            if follow:
                for found in circ.findall(events[i][3]):
                    if found not in ids:
                        ids.add(found)
                        grown = True
    if not grown:
        break
for i in sorted(chosen, key=lambda i: events[i][0]):
    ts, name, level, message, _ = events[i]
    print(f"{ts[11:23]} {name[:17]:<17} {level:<5} {message}")
' "$id" "${NO_FOLLOW:-}"
