#!/usr/bin/env bash
# Compares `swrel checksum verify` with `sha256sum -c` where per-file overhead decides (many empty files), and
# measures its peak memory and its parallel speed-up, all in one run.
#
#   benchmarks/compare-verify.sh                       # 1,000,000 empty files; 10,000 files of 4-64 KiB; 5 runs
#   ENTRIES=100000 FILES=2000 RUNS=3 benchmarks/compare-verify.sh   # a quick check
#   SWREL=/path/to/published/swrel benchmarks/compare-verify.sh         # another build, e.g. the native AOT one
#
# Without SWREL the Release build of src/SwRel.Cli is built and measured.
#
# Targets: verifying the $ENTRIES-entry manifest takes at most the time of `sha256sum -c --quiet MANIFEST`
# run in the tree's folder on the same manifest and files, with a peak RSS under 256 MiB; verifying the $FILES-file
# tree with --format json peaks under 64 MiB; on that tree, the default parallelism is at least 1.6 times as fast
# as --parallel 1, wall time with process start-up. Every pair is run interleaved (A, B, A, B...) after one untimed
# run of each, so that both sides see the same page cache and the same load; figures are medians. Wall times
# include process start-up and manifest reading. Data lives in a temporary folder that is deleted at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ENTRIES=${ENTRIES:-1000000}
FILES=${FILES:-10000}
RUNS=${RUNS:-5}

require_tools sha256sum python3
[ -x /usr/bin/time ] && /usr/bin/time -f '%M' true >/dev/null 2>&1 ||
    die 2 "/usr/bin/time (GNU time) is required for peak memory (apt-get install time)"

if [ -n "${SWREL:-}" ]; then
    swrel=$SWREL
    [ -x "$swrel" ] || die 2 "SWREL=$swrel is not an executable"
else
    build_swrel
    [ -x "$swrel" ] || die 2 "$swrel was not built"
fi

make_work

# measure NAME CMD...: runs CMD once (output discarded), appending its wall seconds to $work/NAME.s and its peak
# RSS in KiB to $work/NAME.kib. Exit status 0 or 1 (a failed check) is accepted; anything else stops the script.
measure() {
    local name=$1 start end status=0
    shift
    start=$(now)
    /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null || status=$?
    end=$(now)
    [ "$status" -le 1 ] || die 1 "'$*' exited $status"
    awk -v ns=$(( end - start )) 'BEGIN { printf "%.4f\n", ns / 1e9 }' >> "$work/$name.s"
    tail -n 1 "$work/rss" >> "$work/$name.kib"
}

# median_of FILE: the median of the seconds in FILE, one a line.
median_of() { sort -g "$1" | awk '{ v[NR] = $1 } END { printf "%.4f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
max_mib() { sort -g "$1" | tail -n 1 | awk '{ printf "%.1f", $1 / 1024 }'; }

# interleave A_NAME A_DIR B_NAME B_DIR -- A... -- B...: one untimed run of each, then $RUNS timed pairs.
interleave() {
    local a=$1 adir=$2 b=$3 bdir=$4
    shift 4
    local -a acmd=() bcmd=()
    [ "$1" = "--" ] && shift
    while [ "$1" != "--" ]; do acmd+=("$1"); shift; done
    shift
    bcmd=("$@")
    (cd "$adir" && "${acmd[@]}" >/dev/null) || true
    (cd "$bdir" && "${bcmd[@]}" >/dev/null) || true
    for _ in $(seq "$RUNS"); do
        (cd "$adir" && measure "$a" "${acmd[@]}")
        (cd "$bdir" && measure "$b" "${bcmd[@]}")
    done
}

echo "Creating $ENTRIES empty files and $FILES files of 4-64 KiB in $work..." >&2
python3 - "$work" "$ENTRIES" "$FILES" <<'PY'
import os, random, sys
work, entries, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
empty = os.path.join(work, "empty")
for i in range(entries):
    folder = os.path.join(empty, f"d{i // 1000:04d}")
    if i % 1000 == 0:
        os.makedirs(folder)
    open(os.path.join(folder, f"f{i:07d}"), "wb").close()
rng = random.Random(20100501)
for i in range(files):
    folder = os.path.join(work, "tree", f"d{i % 100:03d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i:05d}.bin"), "wb") as f:
        f.write(os.urandom(rng.randint(4 * 1024, 64 * 1024)))
PY
# The manifest is written by sha256sum itself, in the tree's folder, as a user would.
(cd "$work/empty" && find . -type f ! -name MANIFEST -printf '%P\0' | sort -z | xargs -0 sha256sum > MANIFEST)
"$swrel" checksum create "$work/tree" -o "$work/tree.meta4" >/dev/null

echo "Measuring ($RUNS interleaved runs after one untimed run of each; medians)..." >&2
interleave sha256sum "$work/empty" swrel "$work/empty" -- sha256sum -c --quiet MANIFEST -- "$swrel" checksum verify MANIFEST
interleave tree_1 "$work" tree_n "$work" -- "$swrel" checksum verify tree.meta4 --root tree --parallel 1 -- "$swrel" checksum verify tree.meta4 --root tree
interleave tree_json "$work" tree_text "$work" -- "$swrel" checksum verify tree.meta4 --root tree --format json -- "$swrel" checksum verify tree.meta4 --root tree

t_sha=$(median_of "$work/sha256sum.s")
t_swrel=$(median_of "$work/swrel.s")
m_swrel=$(max_mib "$work/swrel.kib")
t_tree_1=$(median_of "$work/tree_1.s")
t_tree_n=$(median_of "$work/tree_n.s")
m_json=$(max_mib "$work/tree_json.kib")
r_time=$(ratio "$t_swrel" "$t_sha")
r_parallel=$(ratio "$t_tree_1" "$t_tree_n")

echo
echo "swrel: $swrel"
echo "SwRel verify comparison: $ENTRIES empty files; $FILES files of 4-64 KiB; $(nproc) cores; median of $RUNS; load average $(load_average)"
echo
printf '%-58s %10s %12s\n' "run" "seconds" "peak MiB"
printf '%-58s %10s %12s\n' "sha256sum -c --quiet MANIFEST ($ENTRIES entries)" "$t_sha" "$(max_mib "$work/sha256sum.kib")"
printf '%-58s %10s %12s\n' "swrel checksum verify MANIFEST ($ENTRIES entries)" "$t_swrel" "$m_swrel"
printf '%-58s %10s %12s\n' "swrel checksum verify --parallel 1 ($FILES files)" "$t_tree_1" "$(max_mib "$work/tree_1.kib")"
printf '%-58s %10s %12s\n' "swrel checksum verify, parallel $(nproc) ($FILES files)" "$t_tree_n" "$(max_mib "$work/tree_n.kib")"
printf '%-58s %10s %12s\n' "swrel checksum verify --format json ($FILES files)" "$(median_of "$work/tree_json.s")" "$m_json"
echo
printf '%-58s %8s  %-8s %s\n' "ratio" "value" "target" "verdict"
printf '%-58s %8s  %-8s %s\n' "swrel / sha256sum -c time, $ENTRIES empty files" "$r_time" "<= 1.00" "$(verdict "$r_time" 1 "<=")"
printf '%-58s %8s  %-8s %s\n' "peak memory, $ENTRIES entries, MiB" "$m_swrel" "< 256" "$(verdict "$m_swrel" 256 "<")"
printf '%-58s %8s  %-8s %s\n' "peak memory, $FILES files, --format json, MiB" "$m_json" "< 64" "$(verdict "$m_json" 64 "<")"
printf '%-58s %8s  %-8s %s\n' "parallel / --parallel 1 wall, $FILES files" "$r_parallel" ">= 1.60" "$(verdict "$r_parallel" 1.6 ">=")"
