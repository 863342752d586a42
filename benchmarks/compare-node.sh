#!/usr/bin/env bash
# Throughput of MailAuth.Core's MessageAuthenticator.AuthenticateAsync against Node's mailauth authenticate() on the
# same 20 KB message (samples/message-20k.eml) and zone (samples/example.zone), DNS answered from memory on both sides,
# one caller, calls one after another. Needs the .NET SDK and node/npm (npm installs mailauth 7.1.0 from package-lock.json).
# Usage: bash benchmarks/compare-node.sh [SECONDS]   (default 10 s of measuring per side, after a 2 s warm-up)
set -euo pipefail
seconds="${1:-10}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

echo "== npm install (benchmarks/node-mailauth)"
(cd "$here/node-mailauth" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi)

echo "== Node mailauth"
node_out="$(node "$here/node-mailauth/bench.js" "$seconds" "$root/samples/message-20k.eml" "$root/samples/example.zone")"
echo "$node_out"
node_ops="$(printf '%s\n' "$node_out" | sed -n 's/^ops\/sec: \([0-9.]*\)$/\1/p')"

echo "== MailAuth.Core (dotnet, Release)"
dotnet build "$root/benchmarks/MailAuth.Benchmarks" -c Release --nologo -v q -clp:ErrorsOnly >/dev/null
# Full JIT optimization from the first call: the short warm-up then reaches steady state even on a busy machine, where
# background tier-up compilation can lag for many seconds. Set DOTNET_TieredCompilation=1 to measure with tiering.
dotnet_out="$(DOTNET_TieredCompilation="${DOTNET_TieredCompilation:-0}" dotnet run -c Release --no-build --project "$root/benchmarks/MailAuth.Benchmarks" -- facade-throughput "$seconds")"
echo "$dotnet_out"
dotnet_ops="$(printf '%s\n' "$dotnet_out" | sed -n 's/^ops\/sec: \([0-9.]*\)$/\1/p')"

if [ -z "$node_ops" ] || [ -z "$dotnet_ops" ]; then
  echo "a benchmark did not report ops/sec" >&2
  exit 1
fi

echo "== Result ($(nproc) CPU(s), $seconds s per side)"
printf 'Node mailauth authenticate():          %8s ops/sec\n' "$node_ops"
printf 'MailAuth.Core AuthenticateAsync():     %8s ops/sec\n' "$dotnet_ops"
awk -v a="$dotnet_ops" -v b="$node_ops" 'BEGIN { printf "ratio MailAuth.Core / Node:            %8.1fx (target >= 5x)\n", a / b }'
