#!/usr/bin/env bash
# Follows the logs of every service, merged, as readable lines:
#   12:04:35.343 echo-service  INFO  echo TCP server listening on 0.0.0.0:8081 ...
# Services log JSON (one object per line); lines that are not JSON pass through unchanged.
# Pass Compose log options through, e.g. `scripts/logs.sh --tail=0` or a service name.
set -euo pipefail
cd "$(dirname "$0")/.."
follow=(-f)
[ "${NO_FOLLOW:-}" = 1 ] && follow=()
if ! command -v jq >/dev/null 2>&1; then
  exec scripts/compose.sh logs "${follow[@]}" --no-color "$@"
fi
scripts/compose.sh logs "${follow[@]}" --no-color "$@" | jq -R -r --unbuffered '
  (capture("^(?<prefix>[^ |]+)\\s*\\| (?<rest>.*)$") // {prefix: "", rest: .}) as $line
  | ($line.rest | fromjson? ) as $j
  | if ($j | type) == "object" then
      "\(($j.timestamp // "")[11:23]) \((if $line.prefix != "" then ($line.prefix | sub("[-_][0-9]+$"; "")) else ($j.service // "") end) | .[0:17] | . + " " * (17 - length)) \(($j.level // "") | . + " " * (5 - length)) \($j.message // "")\(if $j.exception then " " + ($j.exception.exceptionType // "") + ": " + ($j.exception.message // "") else "" end)"
    else . end'
