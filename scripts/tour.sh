#!/usr/bin/env bash
# Runs the README's guided tour exactly as written, so it never goes stale: every command line of
# the ```bash blocks between <!-- tour --> and <!-- /tour --> in README.md, in order, from the
# repository root. A line fails the tour when it exits non-zero, or when its comment ends with
# "-> TEXT" and its output does not contain TEXT. Comment lines are skipped.
#
#   scripts/tour.sh            the whole tour (it starts with make up and ends with make down)
#   TOUR_LIST=1 scripts/tour.sh  only list the commands, numbered
#   TOUR_FROM=N scripts/tour.sh  start at the Nth command (the lab already up)
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"   # wscat, from scripts/ensure-tools.sh

mapfile -t commands < <(awk '
  /<!-- tour -->/ { tour = 1; next }
  /<!-- \/tour -->/ { tour = 0; next }
  tour && /^```bash/ { code = 1; next }
  tour && /^```/ { code = 0; next }
  tour && code && !/^[[:space:]]*(#|$)/ { print }
' README.md)
[ ${#commands[@]} -gt 0 ] || { echo "[tour] no commands found between <!-- tour --> and <!-- /tour --> in README.md" >&2; exit 1; }

if [ -n "${TOUR_LIST:-}" ]; then
  printf '%s\n' "${commands[@]}" | cat -n; exit 0
fi
if [ -z "${TOUR_FROM:-}" ]; then
  echo "[tour] from a fresh lab: make down first (volumes and .env are kept)"
  scripts/compose.sh --profile cgroups --profile tools down --remove-orphans >/dev/null 2>&1 || true
fi
commands=("${commands[@]:$(( ${TOUR_FROM:-1} - 1 ))}")

passed=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
for line in "${commands[@]}"; do
  expected=""
  if [[ "$line" =~ \ \#\ .*-\>\ (.*[^[:space:]]) ]]; then   # the text after the last "-> " of the comment
    expected=${BASH_REMATCH[1]}
  fi
  printf '\n\033[1m[tour] $ %s\033[0m\n' "$line"
  started=$(date +%s%3N)
  log="$logs/$passed"; : > "$log"
  bash -o pipefail -c "$line" > "$log" 2>&1 &
  tail -n +1 -f --pid=$! "$log" | head -n 40   # as it comes, at most 40 lines of it
  wait $!; status=$?
  wait 2>/dev/null
  output=$(cat "$log")
  if [ $status -ne 0 ]; then
    echo "[tour] FAILED (exit $status): $line" >&2; exit 1
  fi
  if [ -n "$expected" ] && [[ "$output" != *"$expected"* ]]; then
    echo "[tour] FAILED: the output does not contain '$expected': $line" >&2; exit 1
  fi
  passed=$((passed + 1))
  printf '[tour] ok (%s ms)\n' "$(( $(date +%s%3N) - started ))"
done
echo
echo "[tour] all ${passed} commands of the README's tour worked as written"
