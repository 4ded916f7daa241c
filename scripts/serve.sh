#!/usr/bin/env bash
# `make run`: the site (gunicorn, with the arguments given) and the background worker
# (manage.py db_worker: booklets, imports, reindexing; docs/tasks.md) side by side.
# Ctrl+C stops both; so does either one ending (the other is stopped, the script fails).
set -u
BIN=${BIN:-.venv/bin}
"$BIN/python" manage.py db_worker --no-reload --interval 1 --verbosity 1 &
"$BIN/gunicorn" sasaeai.wsgi "$@" &
stop() {
  trap - INT TERM EXIT
  kill $(jobs -p) 2>/dev/null
  wait
}
trap 'stop; exit 130' INT TERM
trap stop EXIT
wait -n
