#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1:55432 for tests/MailAuth.Reports.Tests (user mailauth, database
# mailauth_reports, trust authentication on loopback only). Idempotent: a running cluster is left as it is.
# The tests default to this address; MAILAUTH_POSTGRES overrides it. Stop with: bash .ci/setup.d/postgres.sh stop
set -euo pipefail
port=${MAILAUTH_POSTGRES_PORT:-55432}
dir=${MAILAUTH_POSTGRES_DIR:-/tmp/mailauth-postgres}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ]; then echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; fi

# The server refuses to run as root: run it as the postgres user then.
as_owner() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

if [ "${1:-start}" = stop ]; then
  if [ -f "$dir/data/postmaster.pid" ]; then as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast stop" || true; fi
  exit 0
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  as_owner "'$bin/initdb' -D '$dir/data' -U mailauth --auth=trust" >/dev/null
fi

if ! as_owner "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
  as_owner "'$bin/pg_ctl' -D '$dir/data' -w -l '$dir/log' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1\" start" >/dev/null
fi

if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U mailauth -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'mailauth_reports'" | grep -q 1; then
  "$bin/psql" -h 127.0.0.1 -p "$port" -U mailauth -d postgres -qc "CREATE DATABASE mailauth_reports"
fi
echo "PostgreSQL on 127.0.0.1:$port (Host=127.0.0.1;Port=$port;Username=mailauth;Database=mailauth_reports)"
