#!/usr/bin/env bash
# Compares promoting a release from stage rollout into production with `swrel apply` against copying the same
# tree by hand, in the same run.
#
#   benchmarks/compare-promotion.sh                           # 1 GiB in 200 files, median of 5 runs
#   SIZE_MIB=64 FILES=50 RUNS=3 benchmarks/compare-promotion.sh   # a quick check
#   SWREL="/path/to/native/swrel /path/to/other/swrel" benchmarks/compare-promotion.sh   # time these builds instead
#
# Target: `swrel apply` of the planner's StageRollout -> Production plan (`swrel plan --format json`: promote the
# packages into production updates with its exclusions, the release's other files into its own production folder,
# refresh-index with `--index-command true`, set-repository-url, remove the stage-rollout copy) takes at most 0.15 of
# `cp -r` + `sync` of the same release, process start-up included; `cp -al` (hard links by hand) is shown beside them.
# SWREL lists the swrel executables to time (each its own side, e.g. the native AOT build and the Release build);
# without it the Release build is built and timed. Every side runs once untimed first (warm page cache), then RUNS
# times, interleaved; the median is printed. Before each timed run the tree is reset (untimed, then `sync`): the
# repository is a `cp -al` of a pristine tree, the copy's destination is removed. Data lives in a temporary folder
# that is deleted at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SIZE_MIB=${SIZE_MIB:-1024}
FILES=${FILES:-200}
RUNS=${RUNS:-5}

if [ -n "${SWREL:-}" ]; then
    read -r -a builds <<< "$SWREL"
else
    build_swrel
    builds=("$swrel")
fi
for swrel in "${builds[@]}"; do
    require_swrel "$swrel"
done

make_work

stage=sw/stagerollout/umd-4.bench.bench.centos7.x86_64/1/0/0
pristine="$work/pristine"

echo "Creating a release of ${FILES} files, ${SIZE_MIB} MiB in all, in $work..." >&2
mkdir -p "$pristine/$stage/repodata" "$pristine/$stage/repofiles"
make_rpms "$pristine/$stage/RPMS"
echo "<repomd/>" > "$pristine/$stage/repodata/repomd.xml"
echo "[bench]" > "$pristine/$stage/repofiles/BENCH.bench.centos7.x86_64.repo"
release_xml true rsync://127.0.0.1/bench/1.0.0/ > "$pristine/$stage/release.xml"
"${builds[0]}" plan "$pristine/$stage/release.xml" --major-release umd-4 --transition StageRollout:Production --format json > "$work/plan.json"
grep -q "\"$stage\"" "$work/plan.json" || { echo "compare-promotion: the planner's plan does not promote $stage:" >&2; cat "$work/plan.json" >&2; exit 1; }
disk=$(du -sh "$pristine" | cut -f1)

reset_swrel() { rm -rf "$work/repo"; cp -al "$pristine" "$work/repo"; sync; }
run_swrel() { timeout 600 "$swrel" apply "$work/plan.json" --root "$work/repo" --index-command true >/dev/null; }
reset_copy() { rm -rf "$work/copy"; sync; }
run_cp() { cp -r "$pristine/$stage" "$work/copy"; sync; }
run_cp_al() { cp -al "$pristine/$stage" "$work/copy"; }

echo "Warming up (one untimed run of each)..." >&2
for b in "${!builds[@]}"; do
    swrel=${builds[$b]}
    timed reset_swrel run_swrel >/dev/null
    : > "$work/swrel-$b.ns"
done
timed reset_copy run_cp >/dev/null
timed reset_copy run_cp_al >/dev/null

: > "$work/cp.ns"; : > "$work/cp-al.ns"
load_before=$(load_average)
for run in $(seq "$RUNS"); do
    echo "Run $run of $RUNS..." >&2
    for b in "${!builds[@]}"; do
        swrel=${builds[$b]}
        timed reset_swrel run_swrel >> "$work/swrel-$b.ns"
    done
    timed reset_copy run_cp >> "$work/cp.ns"
    timed reset_copy run_cp_al >> "$work/cp-al.ns"
done
load_after=$(load_average)

cp_s=$(median < "$work/cp.ns")
cp_al_s=$(median < "$work/cp-al.ns")

echo
echo "Release: $FILES files, $SIZE_MIB MiB ($disk on disk in $work, deleted at exit); median of $RUNS runs, seconds:"
for b in "${!builds[@]}"; do
    printf '  %-78s %8s\n' "swrel apply, StageRollout -> Production, start-up included: ${builds[$b]}" "$(median < "$work/swrel-$b.ns")"
done
printf '  %-78s %8s\n' "cp -r + sync" "$cp_s"
printf '  %-78s %8s\n' "cp -al" "$cp_al_s"
for b in "${!builds[@]}"; do
    echo "  every run (ns), ${builds[$b]}: $(paste -sd' ' "$work/swrel-$b.ns")"
done
echo "  every run (ns), cp -r + sync: $(paste -sd' ' "$work/cp.ns"); cp -al: $(paste -sd' ' "$work/cp-al.ns")"
echo "  load average before the timed runs: $load_before; after: $load_after"
for b in "${!builds[@]}"; do
    ratio=$(ratio "$(median < "$work/swrel-$b.ns")" "$cp_s" 3)
    verdict=$(verdict "$ratio" 0.15 "<=")
    echo "Ratio swrel apply / (cp -r + sync), ${builds[$b]}: $ratio (target <= 0.15: $verdict)"
done
