#!/usr/bin/env bash
# Everything the lab's services logged about one id (a circuit id, a stream id, a topic, a relay
# nickname or fingerprint, ...), across all services, in time order:
#   scripts/trace.sh ID        (make trace ID=...)
# Matches the id anywhere in a log event (message or any field). Needs jq.
set -euo pipefail
cd "$(dirname "$0")/.."
id=${1:?usage: scripts/trace.sh ID}
command -v jq >/dev/null 2>&1 || { echo "make trace needs jq (apt-get install jq)" >&2; exit 1; }
scripts/compose.sh logs --no-color 2>/dev/null \
  | jq -R -r --arg id "$id" '
      (capture("^(?<prefix>[^ |]+)\\s*\\| (?<rest>.*)$") // {prefix: "", rest: .}) as $line
      | ($line.rest | fromjson?) as $j
      | select(($j | type) == "object" and ($j | tostring | contains($id)))
      | [($j.timestamp | sub("Z$"; "") | . + "000000000" | .[0:29]), "\($j.timestamp[11:23]) \((if $line.prefix != "" then ($line.prefix | sub("[-_][0-9]+$"; "")) else ($j.service // "") end) | .[0:17] | . + " " * (17 - length)) \($j.level | . + " " * (5 - length)) \($j.message)"]
      | @tsv' \
  | sort -t $'\t' -k1,1 | cut -f2-
