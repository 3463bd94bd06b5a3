#!/usr/bin/env bash
# Compares `swrel checksum verify` with the tools a user would otherwise run, on the same data in the same run.
#
#   benchmarks/compare-checksums.sh                 # 1 GiB file, 10,000 files of 4-64 KiB, best of 3 runs
#   SIZE_MIB=128 FILES=1000 RUNS=1 benchmarks/compare-checksums.sh   # a quick check
#
# Targets (SPEC §9 issue): one large file SHA-256 at >= 0.85x the throughput of `openssl dgst -sha256` and
# faster than `sha256sum`; on the tree, parallel verify >= 1.6x the verifier's own single-threaded throughput
# (on 2 cores); peak memory (max RSS) under 64 MiB whatever the file size (measured on the large file, and on the
# tree of $FILES files, whose figure grows with the number of manifest entries, not with file sizes).
# Wall-clock figures include process start-up for every tool; "internal" figures are the verifier's own
# measurement (JSON elapsedSeconds), without start-up. Data lives in a temporary folder that is deleted at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SIZE_MIB=${SIZE_MIB:-1024}
FILES=${FILES:-10000}
RUNS=${RUNS:-3}

require_tools openssl sha256sum
timer=""
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' true >/dev/null 2>&1; then
    timer=/usr/bin/time
else
    echo "compare-checksums: /usr/bin/time (GNU time) not found; peak memory is not measured (apt-get install time)." >&2
fi

build_swrel
[ -x "$swrel" ] || die 2 "$swrel was not built"

make_work

# best_seconds CMD...: runs CMD $RUNS times (output discarded) and prints the fastest wall time in seconds.
best_seconds() {
    local best="" start end elapsed
    for _ in $(seq "$RUNS"); do
        start=$(now)
        "$@" >/dev/null
        end=$(now)
        elapsed=$(( end - start ))
        if [ -z "$best" ] || [ "$elapsed" -lt "$best" ]; then best=$elapsed; fi
    done
    awk -v ns="$best" 'BEGIN { printf "%.4f", ns / 1e9 }'
}

# internal_seconds CMD...: the fastest elapsedSeconds the verifier reports over $RUNS runs (CMD must print JSON).
internal_seconds() {
    local best="" value
    for _ in $(seq "$RUNS"); do
        value=$("$@" | sed -n 's/.*"elapsedSeconds": *\([0-9.eE+-]*\).*/\1/p')
        if [ -z "$best" ] || awk -v a="$value" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$value; fi
    done
    echo "$best"
}

# peak_mib CMD...: maximum resident set size of CMD in MiB.
peak_mib() {
    if [ -z "$timer" ]; then echo "n/a"; return; fi
    local kib
    kib=$("$timer" -f '%M' "$@" 2>&1 >/dev/null | tail -n 1)
    awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }'
}

mibps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1048576 / s }'; }

echo "Creating a ${SIZE_MIB} MiB file and ${FILES} files of 4-64 KiB in $work..." >&2
mkdir -p "$work/large" "$work/tree"
head -c $(( SIZE_MIB * 1024 * 1024 )) /dev/urandom > "$work/large/large.bin"
if command -v python3 >/dev/null; then
    python3 - "$work/tree" "$FILES" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(20100501)
for i in range(count):
    folder = os.path.join(root, f"d{i % 100:03d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"f{i:05d}.bin"), "wb") as f:
        f.write(os.urandom(rng.randint(4 * 1024, 64 * 1024)))
PY
else
    for i in $(seq 0 $(( FILES - 1 ))); do
        folder="$work/tree/d$(( i % 100 ))"
        mkdir -p "$folder"
        head -c $(( 4096 + RANDOM * 2 % 61440 )) /dev/urandom > "$folder/f$i.bin"
    done
fi
large_bytes=$(stat -c %s "$work/large/large.bin")
tree_bytes=$(find "$work/tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')

# Warm the page cache so that every tool reads from memory, then write the manifests.
cat "$work/large/large.bin" > /dev/null
find "$work/tree" -type f -exec cat {} + > /dev/null
(cd "$work/large" && sha256sum large.bin > "$work/large.sha256")
"$swrel" checksum create "$work/tree" -o "$work/tree.meta4" >/dev/null

echo "Measuring (best of $RUNS)..." >&2
t_openssl=$(best_seconds openssl dgst -sha256 "$work/large/large.bin")
t_sha256sum=$(best_seconds sha256sum "$work/large/large.bin")
t_swrel_large=$(best_seconds "$swrel" checksum verify "$work/large.sha256" --root "$work/large" --parallel 1)
i_swrel_large=$(internal_seconds "$swrel" checksum verify "$work/large.sha256" --root "$work/large" --parallel 1 --format json)
m_swrel_large=$(peak_mib "$swrel" checksum verify "$work/large.sha256" --root "$work/large" --parallel 1)

t_tree_1=$(best_seconds "$swrel" checksum verify "$work/tree.meta4" --root "$work/tree" --parallel 1)
t_tree_n=$(best_seconds "$swrel" checksum verify "$work/tree.meta4" --root "$work/tree")
i_tree_1=$(internal_seconds "$swrel" checksum verify "$work/tree.meta4" --root "$work/tree" --parallel 1 --format json)
i_tree_n=$(internal_seconds "$swrel" checksum verify "$work/tree.meta4" --root "$work/tree" --format json)
m_tree_n=$(peak_mib "$swrel" checksum verify "$work/tree.meta4" --root "$work/tree")
t_tree_sha256sum=$(best_seconds find "$work/tree" -type f -exec sha256sum {} +)

r_openssl=$(ratio "$t_openssl" "$t_swrel_large")
r_openssl_internal=$(ratio "$t_openssl" "$i_swrel_large")
r_sha256sum=$(ratio "$t_sha256sum" "$t_swrel_large")
r_parallel=$(ratio "$t_tree_1" "$t_tree_n")
r_parallel_internal=$(ratio "$i_tree_1" "$i_tree_n")

cores=$(nproc)
echo
echo "SwRel checksum comparison: $(( large_bytes / 1048576 )) MiB file; $FILES files, $(( tree_bytes / 1048576 )) MiB; $cores cores; best of $RUNS"
echo
printf '%-46s %10s %10s\n' "run" "seconds" "MiB/s"
printf '%-46s %10s %10s\n' "openssl dgst -sha256 (large file)" "$t_openssl" "$(mibps "$large_bytes" "$t_openssl")"
printf '%-46s %10s %10s\n' "sha256sum (large file)" "$t_sha256sum" "$(mibps "$large_bytes" "$t_sha256sum")"
printf '%-46s %10s %10s\n' "swrel verify --parallel 1 (large file)" "$t_swrel_large" "$(mibps "$large_bytes" "$t_swrel_large")"
printf '%-46s %10s %10s\n' "  internal, without start-up" "$i_swrel_large" "$(mibps "$large_bytes" "$i_swrel_large")"
printf '%-46s %10s %10s\n' "sha256sum (tree)" "$t_tree_sha256sum" "$(mibps "$tree_bytes" "$t_tree_sha256sum")"
printf '%-46s %10s %10s\n' "swrel verify --parallel 1 (tree)" "$t_tree_1" "$(mibps "$tree_bytes" "$t_tree_1")"
printf '%-46s %10s %10s\n' "  internal, without start-up" "$i_tree_1" "$(mibps "$tree_bytes" "$i_tree_1")"
printf '%-46s %10s %10s\n' "swrel verify --parallel $cores (tree)" "$t_tree_n" "$(mibps "$tree_bytes" "$t_tree_n")"
printf '%-46s %10s %10s\n' "  internal, without start-up" "$i_tree_n" "$(mibps "$tree_bytes" "$i_tree_n")"
echo
printf '%-58s %8s  %-8s %s\n' "ratio" "value" "target" "verdict"
printf '%-58s %8s  %-8s %s\n' "swrel / openssl throughput, large file (wall)" "$r_openssl" ">= 0.85" "$(verdict "$r_openssl" 0.85 ">=")"
printf '%-58s %8s  %-8s %s\n' "swrel / openssl throughput, large file (internal)" "$r_openssl_internal" ">= 0.85" "$(verdict "$r_openssl_internal" 0.85 ">=")"
printf '%-58s %8s  %-8s %s\n' "swrel / sha256sum throughput, large file (wall)" "$r_sha256sum" "> 1.00" "$(verdict "$r_sha256sum" 1 ">")"
printf '%-58s %8s  %-8s %s\n' "parallel / single-threaded verify, tree (wall)" "$r_parallel" ">= 1.60" "$(verdict "$r_parallel" 1.6 ">=")"
printf '%-58s %8s  %-8s %s\n' "parallel / single-threaded verify, tree (internal)" "$r_parallel_internal" ">= 1.60" "$(verdict "$r_parallel_internal" 1.6 ">=")"
if [ "$m_swrel_large" = "n/a" ]; then
    printf '%-58s %8s  %-8s %s\n' "peak memory, large file, MiB (max RSS)" "n/a" "< 64" "not measured"
else
    printf '%-58s %8s  %-8s %s\n' "peak memory, large file, MiB (max RSS)" "$m_swrel_large" "< 64" "$(verdict "$m_swrel_large" 64 "<")"
    printf '%-58s %8s  %-8s %s\n' "peak memory, tree of $FILES files, MiB (max RSS)" "$m_tree_n" "< 64" "$(verdict "$m_tree_n" 64 "<") (grows with the entry count, not file size)"
fi
