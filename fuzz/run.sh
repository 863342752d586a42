#!/usr/bin/env bash
# Fuzzing driver for MailAuth.Core (docs/fuzzing.md).
#
#   fuzz/run.sh build                      build the targets and instrument MailAuth.Core.dll with SharpFuzz
#   fuzz/run.sh list                       the registered targets
#   fuzz/run.sh run TARGET SECONDS         one afl++ session on TARGET (findings in $FUZZ_WORK/TARGET)
#   fuzz/run.sh smoke [SECONDS]            every target for SECONDS (default 8) each; exit 1 on any crash or hang
#   fuzz/run.sh long EXECS [TARGET...]     every (or the given) target until EXECS executions each; exit 1 on a crash
#   fuzz/run.sh repro TARGET FILE|DIR...   replay inputs in-process (uninstrumented) with stack traces
#   fuzz/run.sh timing [ARGS...]           the timing fuzz (inputs up to 1 MiB, flags time/byte >= 10x median)
#
# Environment: FUZZ_WORK (default fuzz/.work), FUZZ_TIMEOUT_MS (per-input hang limit, default 5000),
# FUZZ_NICE (default 19: the machine is shared), FUZZ_NO_BUILD=1 (reuse the instrumented build in FUZZ_WORK).
# One afl-fuzz process runs per invocation; use several FUZZ_WORK folders to run in parallel.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=${FUZZ_WORK:-$root/fuzz/.work}
timeout_ms=${FUZZ_TIMEOUT_MS:-5000}
nice_level=${FUZZ_NICE:-19}
plain="$root/fuzz/MailAuth.Fuzz/bin/Release/net10.0"
inst="$work/bin"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# afl++ in containers and as root: no CPU governor checks, no core pinning on a shared machine, no UI.
# dotnet itself is not instrumented (SharpFuzz reports coverage from the instrumented assembly), hence SKIP_BIN_CHECK.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
export AFL_FORKSRV_INIT_TMOUT=${AFL_FORKSRV_INIT_TMOUT:-60000}
# Keep the .NET child small and predictable.
export DOTNET_gcServer=0 DOTNET_TieredPGO=0

build() {
  if [ "${FUZZ_NO_BUILD:-0}" = 1 ] && [ -f "$inst/MailAuth.Core.dll" ]; then return 0; fi
  dotnet tool restore >/dev/null
  dotnet build "$root/fuzz/MailAuth.Fuzz" -c Release -nologo -v q 2>&1 | grep -E "error|warn" && return 1
  rm -rf "$inst" "$work/targets.txt"
  mkdir -p "$work"
  cp -r "$plain" "$inst"
  # Only the library under test is instrumented; the driver and the runtime stay as they are.
  dotnet tool run sharpfuzz "$inst/MailAuth.Core.dll" >/dev/null
  echo "built and instrumented: $inst/MailAuth.Core.dll"
}

registry() { [ -s "$work/targets.txt" ] || { mkdir -p "$work"; dotnet "$plain/MailAuth.Fuzz.dll" list >"$work/targets.txt"; }; cat "$work/targets.txt"; }
targets() { registry | awk '{print $1}'; }
grammar() { registry | awk -v t="$1" '$1 == t {print $2}'; }

# count DIR: findings in an afl++ crashes/ or hangs/ folder (README.txt is afl's own note)
count() { find "$1" -maxdepth 1 -type f ! -name 'README.txt' 2>/dev/null | wc -l; }

stat_of() { awk -F' *: *' -v k="$2" '$1 == k {print $2}' "$1/default/fuzzer_stats" 2>/dev/null || true; }

# session TARGET LIMIT_FLAG LIMIT: one afl-fuzz run; prints a summary line; returns 1 on crashes/hangs
session() {
  local target=$1 flag=$2 limit=$3 out="$work/$1"
  local g; g=$(grammar "$target")
  [ -n "$g" ] || { echo "unknown target: $target"; return 2; }
  rm -rf "$out"
  local dict=()
  [ -f "$root/fuzz/dict/$g.dict" ] && dict=(-x "$root/fuzz/dict/$g.dict")
  local rc=0
  nice -n "$nice_level" afl-fuzz -i "$root/fuzz/corpus/$target" -o "$out" "${dict[@]}" -t "$timeout_ms" -m none \
    "$flag" "$limit" -- dotnet "$inst/MailAuth.Fuzz.dll" afl "$target" >"$work/$target.log" 2>&1 || rc=$?
  local crashes hangs execs speed
  crashes=$(count "$out/default/crashes"); hangs=$(count "$out/default/hangs")
  execs=$(stat_of "$out" execs_done); speed=$(stat_of "$out" execs_per_sec)
  printf '%-16s execs %10s  execs/s %8s  crashes %s  hangs %s\n' "$target" "${execs:-0}" "${speed:-0}" "$crashes" "$hangs"
  if [ "$rc" -ne 0 ] || [ -z "$execs" ]; then
    echo "afl-fuzz failed for $target (exit $rc); last lines of $work/$target.log:"; tail -20 "$work/$target.log"; return 1
  fi
  if [ "$crashes" -ne 0 ] || [ "$hangs" -ne 0 ]; then
    dotnet "$plain/MailAuth.Fuzz.dll" repro "$target" "$out/default/crashes" "$out/default/hangs" | head -60 || true
    return 1
  fi
}

cmd=${1:-}
case "$cmd" in
  build) build ;;
  list) targets ;;
  run)
    [ $# -eq 3 ] || { echo "usage: $0 run TARGET SECONDS"; exit 2; }
    build; session "$2" -V "$3" ;;
  smoke)
    seconds=${2:-8}; build; failed=0
    for t in $(targets); do session "$t" -V "$seconds" || failed=1; done
    if [ "$failed" -ne 0 ]; then echo "fuzz smoke: FAILED (crash, hang or afl error above)"; exit 1; fi
    echo "fuzz smoke: every target ran, no crash, no hang" ;;
  long)
    [ $# -ge 2 ] || { echo "usage: $0 long EXECS [TARGET...]"; exit 2; }
    execs=$2; shift 2; build; failed=0
    list=("$@"); [ ${#list[@]} -gt 0 ] || mapfile -t list < <(targets)
    for t in "${list[@]}"; do session "$t" -E "$execs" || failed=1; done
    exit "$failed" ;;
  repro)
    shift; dotnet build "$root/fuzz/MailAuth.Fuzz" -c Release -nologo -v q >/dev/null
    dotnet "$plain/MailAuth.Fuzz.dll" repro "$@" ;;
  timing)
    shift; dotnet build "$root/fuzz/MailAuth.Fuzz" -c Release -nologo -v q >/dev/null
    nice -n "$nice_level" dotnet "$plain/MailAuth.Fuzz.dll" timing "$@" ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
