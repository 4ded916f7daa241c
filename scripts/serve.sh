#!/usr/bin/env bash
# `make run`: the site (gunicorn, with the arguments given) and the background worker
# (manage.py run_worker: booklets, imports, reindexing; docs/tasks.md) side by side.
# Ctrl+C stops both; so does either one ending (the other is stopped, the script fails).
#
# gunicorn: 2 processes × 8 threads (SASAEAI_THREADS), each client socket waiting at most
# SASAEAI_SOCKET_TIMEOUT seconds (20) for a read or a write (sasaeai/lib/slowclients.py), so
# clients that send half a request or never read the answer cannot take every thread;
# a request may run 120 s. Arguments given here come after these and win.
set -u
BIN=${BIN:-.venv/bin}
"$BIN/python" manage.py run_worker --no-reload --interval 1 --verbosity 1 &
"$BIN/gunicorn" sasaeai.wsgi --workers 2 --worker-class sasaeai.lib.slowclients.ThreadWorker \
  --threads "${SASAEAI_THREADS:-8}" --timeout 120 --graceful-timeout 30 --no-control-socket "$@" &
stop() {
  trap - INT TERM EXIT
  kill $(jobs -p) 2>/dev/null
  wait
}
trap 'stop; exit 130' INT TERM
trap stop EXIT
wait -n
