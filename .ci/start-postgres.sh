#!/usr/bin/env bash
# Starts a private PostgreSQL server for the tests (own data directory and port) and prints the connection string.
# Usage: eval "$(bash .ci/start-postgres.sh)"   → exports ATTENDANCE_TEST_POSTGRES and PG_TEST_DIR
set -euo pipefail
port="${PG_TEST_PORT:-55432}"
dir="${PG_TEST_DIR:-/tmp/attendance-pg-$port}"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2
fi
bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")

# PostgreSQL refuses to run as root: run it as the postgres system user the package created.
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ -f "$dir/postmaster.pid" ] && run "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  :
else
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  run "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  run "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
    -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >&2
fi
echo "export PG_TEST_DIR='$dir'"
echo "export PG_TEST_BIN='$bin'"
echo "export ATTENDANCE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50'"
