#!/usr/bin/env bash
# Starts (or stops, with "stop") a throw-away redis-server for the tests on 127.0.0.1:${MAILAUTH_REDIS_PORT:-6390}:
# no persistence, daemonized, pid file in /tmp. Idempotent: does nothing when one already answers on the port.
set -euo pipefail
port=${MAILAUTH_REDIS_PORT:-6390}
pidfile=/tmp/mailauth-redis-$port.pid

if [ "${1:-start}" = stop ]; then
  if [ -f "$pidfile" ]; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  fi
  exit 0
fi

command -v redis-server >/dev/null || { echo "redis-server not installed (apt-get install redis-server)"; exit 1; }
if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
  echo "redis already answers on 127.0.0.1:$port"
  exit 0
fi

redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
  --pidfile "$pidfile" --dir /tmp --logfile "/tmp/mailauth-redis-$port.log" --maxmemory 64mb --maxmemory-policy allkeys-lru
for _ in $(seq 1 50); do
  if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
    echo "redis started on 127.0.0.1:$port"
    exit 0
  fi
  sleep 0.1
done
echo "redis did not start on 127.0.0.1:$port"; cat "/tmp/mailauth-redis-$port.log" || true
exit 1
