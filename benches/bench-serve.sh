#!/usr/bin/env bash
# Save-to-visible latency of `isms-site serve`.
#
#   benches/bench-serve.sh [SRC] [EDITS] [PORT]
#
# SRC defaults to sample-isms; it is copied to a temporary folder first, so
# the original is never edited. For a large corpus:
#   cargo run --release --example gen-corpus -- /tmp/corpus 5000
#   benches/bench-serve.sh /tmp/corpus/isms
# Prints each rebuild's time (from the server) and each edit's
# save-to-visible time, then the median and p90.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${1:-sample-isms}
EDITS=${2:-30}
PORT=${3:-8941}
cargo build --release --quiet --bin isms-site --example bench-serve
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -INT "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
cp -r "$SRC" "$WORK/src"
rm -rf "$WORK/src/public"
target/release/isms-site serve "$WORK/src" --port "$PORT" --as-of 2026-11-15 2>"$WORK/serve.log" &
SERVER_PID=$!
target/release/examples/bench-serve "$WORK/src" "$PORT" "$EDITS"
echo "--- server log (rebuild timings) ---"
grep -E '^\[serve\]' "$WORK/serve.log" | head -5
echo "..."
grep -E '^\[serve\] rebuilt' "$WORK/serve.log" | awk '{for(i=1;i<=NF;i++) if($i=="ms") {print $(i-1); break}}' | sort -n | awk '{a[NR]=$1} END {if (NR>0) printf "server rebuild times over %d rebuilds: median %.1f ms, p90 %.1f ms\n", NR, a[int((NR+1)/2)], a[int(NR*0.9+0.5)]}'
