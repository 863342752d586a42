#!/usr/bin/env bash
# Node mailauth for the ARC interop tests (tests/MailAuth.Interop.Tests/Arc): installs the npm package into
# ~/.cache/mailauth-interop/node (idempotent: nothing to do when the pinned versions are there). undici is pinned as in
# benchmarks/node-mailauth: the version mailauth 7.1.0 pulls in needs a newer Node than Debian's.
set -euo pipefail
version=7.1.0
undici=7.30.2
prefix="${MAILAUTH_NODE_PREFIX:-$HOME/.cache/mailauth-interop/node}"
if [ -f "$prefix/node_modules/mailauth/package.json" ] && grep -q "\"version\": \"$version\"" "$prefix/node_modules/mailauth/package.json" \
   && [ -f "$prefix/node_modules/undici/package.json" ] && grep -q "\"version\": \"$undici\"" "$prefix/node_modules/undici/package.json"; then
  echo "mailauth $version already in $prefix"
  exit 0
fi
command -v npm >/dev/null || { echo "npm not found (apt-get install npm)" >&2; exit 1; }
mkdir -p "$prefix"
cat > "$prefix/package.json" <<JSON
{ "name": "mailauth-interop-peer", "version": "1.0.0", "private": true,
  "dependencies": { "mailauth": "$version" }, "overrides": { "undici": "$undici" } }
JSON
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error
echo "mailauth $version installed in $prefix"
