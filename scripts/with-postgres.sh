#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL 15 server on loopback (a UTF-8 database),
# then stop the server and remove its files whatever the command's outcome.
# SASAEAI_PG_KEEP=<folder> keeps the cluster in that folder instead (created on first use,
# reused after, never removed; stopped after the command): for benchmark databases that
# take an hour to build. SASAEAI_PG_SETTINGS adds server settings ("-c shared_buffers=1GB").
set -euo pipefail
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PORT=${SASAEAI_PG_PORT:-54329}
KEEP=${SASAEAI_PG_KEEP:-}
if [ -n "$KEEP" ]; then
  mkdir -p "$KEEP"
  DIR=$(cd "$KEEP" && pwd)
else
  DIR=$(mktemp -d /tmp/sasaeai-pg.XXXXXX)
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -n "$KEEP" ] || rm -rf "$DIR"
}
trap cleanup EXIT
FRESH=
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth=trust >/dev/null
  FRESH=1
fi
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${SASAEAI_PG_SETTINGS:-}" start >/dev/null
if [ -n "$FRESH" ]; then
  as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres -E UTF8 -T template0 sasaeai
fi
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/sasaeai"
"$@"
