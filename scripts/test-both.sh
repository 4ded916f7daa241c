#!/usr/bin/env bash
# The whole pytest suite on SQLite and on PostgreSQL at the same time (`make test` calls it):
# each suite is one pytest process, so the two keep a 2-core machine busy, and the slower one
# (PostgreSQL) sets the time instead of the sum of both.
#
# Each suite writes to its own log (var/test-logs/sqlite.log, postgresql.log: `tail -f` them to
# follow), has its own pytest temporary folder and guide cache, and is printed in full once
# both have ended. Exits non-zero if either suite failed. Arguments go to both pytest runs
# (`./scripts/test-both.sh tests/test_search.py -x`). One database alone: `pytest` (SQLite), or
# `./scripts/with-postgres.sh .venv/bin/python -m pytest` (PostgreSQL).
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
LOGS=var/test-logs
mkdir -p "$LOGS"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sasaeai-tests.XXXXXX")
NAMES=(sqlite postgresql)
TITLES=(SQLite PostgreSQL)
PIDS=()

# Each suite runs in a process group of its own (set -m), so an interrupt stops the whole of
# it: pytest, its Chromium and live servers, and with-postgres.sh (whose exit trap then stops
# its server and removes its files).
stop() {
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  wait
}
trap 'stop; exit 130' INT TERM
trap 'rm -rf "$WORK"' EXIT

suite() {
  local name=$1
  shift
  mkdir -p "$WORK/$name"
  SASAEAI_GUIDE_CACHE_DIR="$WORK/$name/guides" "$@" --basetemp="$WORK/$name/tmp" \
    >"$LOGS/$name.log" 2>&1
}

echo "== SQLite and PostgreSQL suites at the same time (logs: $LOGS/sqlite.log, $LOGS/postgresql.log) =="
set -m
# --durations: the slowest tests of each suite end its log, to see where the minutes go.
suite sqlite "$PYTHON" -m pytest --durations=20 "$@" &
PIDS+=($!)
suite postgresql ./scripts/with-postgres.sh "$PYTHON" -m pytest --durations=20 "$@" &
PIDS+=($!)
set +m

CODES=()
for i in "${!PIDS[@]}"; do
  wait "${PIDS[$i]}"
  CODES[i]=$?
done

failed=()
for i in "${!NAMES[@]}"; do
  echo
  echo "== ${TITLES[$i]} (exit ${CODES[$i]}) =="
  cat "$LOGS/${NAMES[$i]}.log"
  [ "${CODES[$i]}" = 0 ] || failed+=("${TITLES[$i]} (exit ${CODES[$i]})")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
