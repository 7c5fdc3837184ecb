#!/usr/bin/env bash
# The thread-scaling table of issue 19, as one command: isms-site (one or
# more binaries) against Hugo on the same generated Markdown, pinned to N
# cores for each N given.
#
#   benches/scaling.sh BIN_DIR [THREADS...]          # default threads: 1 2 4 8 16
#
# BIN_DIR holds prebuilt binaries and nothing is built here, so the script
# can be carried to another machine with them:
#   gen-corpus      cargo build --release --example gen-corpus
#                   (target/release/examples/gen-corpus)
#   isms-site-*     one or more isms-site builds (`strip -o` them to carry)
#   hugo            optional; else `hugo` on PATH; else Hugo is left out
#
# Corpora (generated once into $SCALING_DIR, default /dev/shm/isms-scaling,
# else /tmp/isms-scaling): `docs` 5,000 documents of about 8 KB (with its
# Hugo twin), `records` the same documents + 15,000 findings and actions,
# and `large` 20,000 documents (LARGE=0 leaves it out; DOCS and LARGE_DOCS
# change the sizes, for a smoke test).
#
# Each cell is the best wall time of RUNS timed builds (default 2) after
# one warm-up, with the process pinned by `taskset -c 0-(N-1)` and
# RAYON_NUM_THREADS=N (GOMAXPROCS=N for Hugo); the peak RSS is the largest
# of those runs. Thread counts above the machine's cores are skipped.
# It prints, per binary:
#   - the issue's table: threads | isms-site 5k | Hugo 5k | ratio, with the
#     5,000 documents + 15,000 records time and its ratio to Hugo's 5k;
#   - the speed-up from the first to each thread count, peak RSS per corpus,
#     and the 20k/5k time ratio (linearity);
#   - the SHA-256 of each output tree (manifest.json aside), so one run also
#     shows whether every binary writes the same site.
set -euo pipefail
bins=$(cd "${1:?usage: scaling.sh BIN_DIR [THREADS...]}" && pwd)
shift
threads=("$@")
[ "${#threads[@]}" -gt 0 ] || threads=(1 2 4 8 16)
default_dir=/tmp/isms-scaling
[ -d /dev/shm ] && [ -w /dev/shm ] && default_dir=/dev/shm/isms-scaling
dir=${SCALING_DIR:-$default_dir}
runs=${RUNS:-2}
large=${LARGE:-1}
n_docs=${DOCS:-5000}        # smaller for a smoke test
n_large=${LARGE_DOCS:-20000}
as_of=2026-11-15
mkdir -p "$dir"
command -v taskset >/dev/null || { echo "missing taskset (util-linux)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "missing /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
[ -x "$bins/gen-corpus" ] || { echo "missing $bins/gen-corpus" >&2; exit 2; }
hugo=""
if [ -x "$bins/hugo" ]; then hugo="$bins/hugo"; elif command -v hugo >/dev/null; then hugo=$(command -v hugo); fi
[ -n "$hugo" ] || echo "(no hugo in $bins or on PATH: Hugo columns left empty)" >&2

corpus() { # NAME DOCS RECORDS_PER_DOC
    [ -f "$dir/$1/.done" ] && return
    rm -rf "${dir:?}/$1"
    "$bins/gen-corpus" "$dir/$1" "$2" --records-per-doc "$3" >/dev/null
    touch "$dir/$1/.done"
}
corpus "docs$n_docs" "$n_docs" 0
corpus "records$n_docs" "$n_docs" 3
[ "$large" = 1 ] && corpus "large$n_large" "$n_large" 0

ncpu=$(nproc)
run_threads=()
for t in "${threads[@]}"; do [ "$t" -le "$ncpu" ] && run_threads+=("$t"); done
[ "${#run_threads[@]}" -gt 0 ] || { echo "no thread count fits $ncpu cores" >&2; exit 2; }

# measure LABEL THREADS CMD...: best wall time (s) and peak RSS (MB) of RUNS
# runs after a warm-up, output folder $dir/out removed before each run.
measure() {
    local t=$1 best="" rss=0 wall kb i
    shift
    for i in $(seq 0 "$runs"); do
        rm -rf "$dir/out"
        /usr/bin/time -f '%e %M' -o "$dir/time" env RAYON_NUM_THREADS="$t" GOMAXPROCS="$t" \
            taskset -c "0-$((t - 1))" "$@" >/dev/null 2>"$dir/stderr" || {
            echo "failed: $*" >&2
            cat "$dir/stderr" >&2
            exit 1
        }
        read -r wall kb <"$dir/time"
        [ "$i" -eq 0 ] && continue # warm-up
        if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
        [ "$kb" -gt "$rss" ] && rss=$kb
    done
    echo "$best $((rss / 1024))"
}

tree() { (cd "$dir/out" && find . -type f ! -name manifest.json | sort | xargs sha256sum | sha256sum | cut -c1-16); }

declare -A hugo_s hugo_mb
if [ -n "$hugo" ]; then
    for t in "${run_threads[@]}"; do
        read -r s mb < <(measure "$t" "$hugo" --quiet --source "$dir/docs$n_docs/hugo" --destination "$dir/out")
        hugo_s[$t]=$s
        hugo_mb[$t]=$mb
    done
fi

ratio() { [ -n "${2:-}" ] && awk "BEGIN{printf \"%.2f\", $1 / $2}" || echo "-"; }

trees=()
for bin in "$bins"/isms-site-*; do
    name=$(basename "$bin")
    echo
    echo "== $name ($ncpu cores; best of $runs after a warm-up; $(date -u +%Y-%m-%dT%H:%MZ))"
    printf '| threads | isms-site 5k | Hugo 5k | ratio | 5k + 15k records | ratio to Hugo 5k | 20k docs | 20k/5k |\n'
    printf '|---|---|---|---|---|---|---|---|\n'
    declare -A docs_s=() rec_s=() large_s=() docs_mb=() rec_mb=() large_mb=()
    for t in "${run_threads[@]}"; do
        isms() { measure "$t" "$bin" build --quiet "$dir/$1/isms" -o "$dir/out" --as-of "$as_of"; }
        read -r docs_s[$t] docs_mb[$t] < <(isms "docs$n_docs")
        [ "$t" = "${run_threads[0]}" ] && trees+=("$name docs $(tree)")
        read -r rec_s[$t] rec_mb[$t] < <(isms "records$n_docs")
        [ "$t" = "${run_threads[0]}" ] && trees+=("$name records $(tree)")
        large_cell="-"
        linear="-"
        if [ "$large" = 1 ]; then
            read -r large_s[$t] large_mb[$t] < <(isms "large$n_large")
            large_cell="${large_s[$t]} s"
            linear=$(ratio "${large_s[$t]}" "${docs_s[$t]}")
        fi
        h=${hugo_s[$t]:-}
        printf '| %s | %s s | %s | %s | %s s | %s | %s | %s |\n' "$t" "${docs_s[$t]}" \
            "${h:+$h s}" "$(ratio "${docs_s[$t]}" "$h")" "${rec_s[$t]}" \
            "$(ratio "${rec_s[$t]}" "$h")" "$large_cell" "$linear"
    done
    first=${run_threads[0]}
    echo
    printf '| threads | speed-up 5k | speed-up records | peak RSS 5k | Hugo 5k | records | 20k docs |\n'
    printf '|---|---|---|---|---|---|---|\n'
    for t in "${run_threads[@]}"; do
        printf '| %s | %sx | %sx | %s MB | %s | %s MB | %s |\n' "$t" \
            "$(ratio "${docs_s[$first]}" "${docs_s[$t]}")" "$(ratio "${rec_s[$first]}" "${rec_s[$t]}")" \
            "${docs_mb[$t]}" "${hugo_mb[$t]:+${hugo_mb[$t]} MB}" "${rec_mb[$t]}" \
            "${large_mb[$t]:+${large_mb[$t]} MB}"
    done
done
echo
echo "== output trees (sha256 of every file but manifest.json, first 16 hex digits)"
printf '%s\n' "${trees[@]}" | sort -k2,2 -k1,1
rm -rf "$dir/out"
