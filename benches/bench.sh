#!/usr/bin/env bash
# Build benchmark: isms-site against Hugo on generated corpora.
#
#   benches/bench.sh [--runs N] [--dir DIR] [--docs N] [--records R] [--large N] [--hugo-large]
#
# Scenarios (see docs/performance.md):
#   1. N documents (default 5000), no records: isms-site and Hugo on the same Markdown.
#   2. N documents + R x N findings and actions (default R = 3): isms-site full build.
#   3. LARGE documents (default 20000): isms-site, compared with scenario 1 (linearity).
# Every tool gets one warm-up run per scenario, then RUNS (default 3) timed runs;
# isms-site and Hugo alternate, so load from other processes hits both alike.
# Output folders are deleted before each run (outside the timing), for both tools.
# Wall time, CPU time (user + system) and peak RSS come from `/usr/bin/time -v`;
# the script prints medians. CPU time is shown because wall time on a shared
# machine mostly measures the other processes.
# Needs: hugo and GNU time (`apt-get install -y hugo time`).
# DIR defaults to /dev/shm/isms-bench (RAM, less disk noise) else /tmp/isms-bench.
set -euo pipefail

runs=3
docs=5000
records=3
large=20000
hugo_large=0
if [ -d /dev/shm ] && [ -w /dev/shm ]; then dir=/dev/shm/isms-bench; else dir=/tmp/isms-bench; fi
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --docs) docs=$2; shift 2 ;;
        --records) records=$2; shift 2 ;;
        --large) large=$2; shift 2 ;;
        --hugo-large) hugo_large=1; shift ;;
        -h|--help) sed -n 2,20p "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done

for tool in hugo /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y hugo time" >&2; exit 2; }
done

repo=$(cd "$(dirname "$0")/.." && pwd)
(cd "$repo" && cargo build --release --quiet --bin isms-site --example gen-corpus)
isms="$repo/target/release/isms-site"
gen="$repo/target/release/examples/gen-corpus"
as_of=2026-11-15
mkdir -p "$dir"

corpus() { # NAME DOCS RECORDS_PER_DOC
    if [ ! -f "$dir/$1/.done" ]; then
        "$gen" "$dir/$1" "$2" --records-per-doc "$3" >/dev/null
        touch "$dir/$1/.done"
    fi
}

# run LABEL COMMAND...: one timed run; appends "wall_seconds rss_kb cpu_seconds"
# (cpu = user + system, all threads) to $dir/LABEL.times
run() {
    local label=$1; shift
    local log="$dir/$label.time"
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$dir/$label.err" || {
        echo "$label failed:" >&2; tail -5 "$dir/$label.err" >&2; exit 1; }
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
        /Maximum resident set size/ { rss = $2 }
        /User time \(seconds\)|System time \(seconds\)/ { cpu += $2 }
        END { printf "%.3f %d %.2f\n", s, rss, cpu }' "$log" >>"$dir/$label.times"
}

isms_build() { # CORPUS
    rm -rf "$dir/out-$1"
    run "isms-$1" "$isms" build --quiet "$dir/$1/isms" -o "$dir/out-$1" --as-of "$as_of"
}

hugo_build() { # CORPUS
    rm -rf "$dir/hout-$1"
    run "hugo-$1" hugo --quiet --source "$dir/$1/hugo" --destination "$dir/hout-$1"
}

median() { # FILE COLUMN
    sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

scenario() { # CORPUS WITH_HUGO
    rm -f "$dir"/isms-"$1".times "$dir"/hugo-"$1".times
    isms_build "$1"; [ "$2" = 1 ] && hugo_build "$1"          # warm-up
    rm -f "$dir"/isms-"$1".times "$dir"/hugo-"$1".times
    for _ in $(seq "$runs"); do
        isms_build "$1"
        [ "$2" = 1 ] && hugo_build "$1"
    done
    return 0
}

echo "corpora in $dir; $runs timed runs each after a warm-up; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
corpus "docs$docs" "$docs" 0
corpus "docs$docs-r$records" "$docs" "$records"
corpus "docs$large" "$large" 0

scenario "docs$docs" 1
scenario "docs$docs-r$records" 0
scenario "docs$large" "$hugo_large"

row() { # SCENARIO CORPUS
    local t r c
    t=$(median "$dir/isms-$2.times" 1); r=$(median "$dir/isms-$2.times" 2); c=$(median "$dir/isms-$2.times" 3)
    if [ -s "$dir/hugo-$2.times" ]; then
        local ht hr hc
        ht=$(median "$dir/hugo-$2.times" 1); hr=$(median "$dir/hugo-$2.times" 2); hc=$(median "$dir/hugo-$2.times" 3)
        printf "%-34s %8.2f s %8.2f s %6.2fx | %7.2f s %7.2f s %6.2fx | %6d MB %6d MB %6.2fx\n" "$1" \
            "$t" "$ht" "$(echo "$t / $ht" | bc -l)" "$c" "$hc" "$(echo "$c / $hc" | bc -l)" \
            $((r / 1024)) $((hr / 1024)) "$(echo "$r / $hr" | bc -l)"
    else
        printf "%-34s %8.2f s %10s %7s | %7.2f s %9s %7s | %6d MB %9s %7s\n" "$1" "$t" - - "$c" - - $((r / 1024)) - -
    fi
}

echo
printf "%-34s %10s %10s %7s | %9s %9s %7s | %9s %9s %7s\n" scenario "wall isms" "wall Hugo" ratio \
    "cpu isms" "cpu Hugo" ratio "RSS isms" "RSS Hugo" ratio
row "$docs docs" "docs$docs"
row "$docs docs + $((docs * records)) findings/actions" "docs$docs-r$records"
row "$large docs" "docs$large"
small=$(median "$dir/isms-docs$docs.times" 1)
big=$(median "$dir/isms-docs$large.times" 1)
printf "\n%d docs / %d docs (isms-site): %.2fx for %.1fx the documents\n" "$large" "$docs" \
    "$(echo "$big / $small" | bc -l)" "$(echo "$large / $docs" | bc -l)"
small=$(median "$dir/isms-docs$docs.times" 3)
big=$(median "$dir/isms-docs$large.times" 3)
printf "%d docs / %d docs (isms-site CPU time): %.2fx\n" "$large" "$docs" "$(echo "$big / $small" | bc -l)"
echo
echo "all runs (wall seconds, peak RSS KB, CPU seconds):"
# Only this run's scenarios (other corpus sizes may have left files in DIR).
for label in "hugo-docs$docs" "isms-docs$docs" "isms-docs$docs-r$records" "isms-docs$large"; do
    if [ -s "$dir/$label.times" ]; then
        printf "  %-28s %s\n" "$label" "$(tr '\n' ';' <"$dir/$label.times")"
    fi
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
