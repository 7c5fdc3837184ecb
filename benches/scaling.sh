#!/usr/bin/env bash
# Compare isms-site binaries on the benchmark corpora at several thread
# counts: wall time (best of RUNS after a warm-up) and peak RSS.
#
#   benches/scaling.sh BIN_DIR [THREADS...]
#
# BIN_DIR holds `gen-corpus` and one or more `isms-site-*` binaries (built
# with `cargo build --release`; `strip` them to move them between machines).
# Corpora: 5,000 documents (`docs`) and 5,000 documents + 15,000 records
# (`records`), generated once into $SCALING_DIR (default /tmp/isms-scaling).
# Threads are pinned with taskset and RAYON_NUM_THREADS. Prints one line per
# binary, corpus and thread count, then whether every binary wrote the same
# files (sha256 of the whole output tree).
set -euo pipefail
bins=$(cd "${1:?usage: scaling.sh BIN_DIR [THREADS...]}" && pwd)
shift
threads=("$@")
[ "${#threads[@]}" -gt 0 ] || threads=(1 2 4 8 16)
dir=${SCALING_DIR:-/tmp/isms-scaling}
runs=${RUNS:-3}
as_of=2026-11-15
mkdir -p "$dir"

corpus() { # NAME DOCS RECORDS_PER_DOC
    [ -f "$dir/$1/.done" ] && return
    "$bins/gen-corpus" "$dir/$1" "$2" --records-per-doc "$3" >/dev/null
    touch "$dir/$1/.done"
}
corpus docs 5000 0
corpus records 5000 3

ncpu=$(nproc)
printf '%-28s %-8s %7s %9s %9s\n' binary corpus threads wall_s rss_mb
for bin in "$bins"/isms-site-*; do
    name=$(basename "$bin")
    for c in docs records; do
        for t in "${threads[@]}"; do
            [ "$t" -le "$ncpu" ] || continue
            cpus="0-$((t - 1))"
            best=""
            rss=0
            for i in $(seq 0 "$runs"); do
                out="$dir/out-$name-$c"
                rm -rf "$out"
                /usr/bin/time -f '%e %M' -o "$dir/time" env RAYON_NUM_THREADS="$t" \
                    taskset -c "$cpus" "$bin" build --quiet "$dir/$c/isms" -o "$out" --as-of "$as_of"
                read -r wall kb <"$dir/time"
                [ "$i" -eq 0 ] && continue # warm-up
                if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
                [ "$kb" -gt "$rss" ] && rss=$kb
            done
            printf '%-28s %-8s %7s %9s %9d\n' "$name" "$c" "$t" "$best" $((rss / 1024))
        done
        (cd "$dir/out-$name-$c" && find . -type f ! -name manifest.json | sort | xargs sha256sum | sha256sum) \
            | awk -v n="$name" -v c="$c" '{print "tree " n " " c " " $1}' >>"$dir/trees"
    done
done
echo "== output trees (manifest.json aside: it names the generator)"
sort -k3,3 -k2,2 "$dir/trees"
rm -f "$dir/trees"
