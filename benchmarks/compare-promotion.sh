#!/usr/bin/env bash
# Compares promoting a release from stage rollout into production with `swrel apply` against copying the same
# tree by hand, in the same run.
#
#   benchmarks/compare-promotion.sh                           # 1 GiB in 200 files, median of 5 runs
#   SIZE_MIB=64 FILES=50 RUNS=3 benchmarks/compare-promotion.sh   # a quick check
#
# Target: `swrel apply` of the planner's StageRollout -> Production plan (promote into production updates with
# its exclusions, refresh-index with `--index-command true`, set-repository-url, remove the stage-rollout copy)
# takes at most 0.15 of `cp -r` + `sync` of the same release, process start-up included; `cp -al` (hard links
# by hand) is shown beside them. Every side runs once untimed first (warm page cache), then RUNS times,
# interleaved; the median is printed. Before each timed run the tree is reset (untimed, then `sync`): the
# repository is a `cp -al` of a pristine tree, the copy's destination is removed. Data lives in a temporary folder
# that is deleted at exit.
set -euo pipefail

SIZE_MIB=${SIZE_MIB:-1024}
FILES=${FILES:-200}
RUNS=${RUNS:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)

echo "Building swrel (Release)..." >&2
dotnet build -c Release --nologo -v quiet "$repo/src/SwRel.Cli/SwRel.Cli.csproj" >&2
swrel="$repo/src/SwRel.Cli/bin/Release/net10.0/swrel"
[ -x "$swrel" ] || { echo "compare-promotion: $swrel was not built" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/swrel-compare-promotion.XXXXXX")
trap 'rm -rf "$work"' EXIT

stage=sw/stagerollout/umd-4.bench.centos7.x86_64/1/0/0
updates=sw/production/umd/4/centos7/x86_64/updates
pristine="$work/pristine"

echo "Creating a release of ${FILES} files, ${SIZE_MIB} MiB in all, in $work..." >&2
mkdir -p "$pristine/$stage/RPMS" "$pristine/$stage/repodata" "$pristine/$stage/repofiles" "$pristine/$updates"
bytes=$(( SIZE_MIB * 1024 * 1024 / FILES ))
for i in $(seq -w 1 "$FILES"); do
    head -c "$bytes" /dev/urandom > "$pristine/$stage/RPMS/bench-$i.rpm"
done
echo "<repomd/>" > "$pristine/$stage/repodata/repomd.xml"
echo "[bench]" > "$pristine/$stage/repofiles/bench.repo"
cat > "$work/plan.json" <<JSON
{
  "from": "StageRollout",
  "to": "Production",
  "target": "$updates",
  "steps": [
    { "kind": "promote", "source": "$stage", "destination": "$updates", "merge": true,
      "exclude": ["repofiles", "repodata", "checksums.meta4"] },
    { "kind": "refresh-index", "path": "$updates" },
    { "kind": "set-repository-url", "path": "$updates" },
    { "kind": "remove", "path": "$stage" }
  ]
}
JSON
disk=$(du -sh "$pristine" | cut -f1)

now() { date +%s%N; }

reset_swrel() { rm -rf "$work/repo"; cp -al "$pristine" "$work/repo"; sync; }
run_swrel() { "$swrel" apply "$work/plan.json" --root "$work/repo" --index-command true >/dev/null; }
reset_copy() { rm -rf "$work/copy"; sync; }
run_cp() { cp -r "$pristine/$stage" "$work/copy"; sync; }
run_cp_al() { cp -al "$pristine/$stage" "$work/copy"; }

# timed RESET RUN: resets (untimed), then prints RUN's wall time in nanoseconds.
timed() {
    local start end
    "$1"
    start=$(now)
    "$2"
    end=$(now)
    echo $(( end - start ))
}

median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.4f", m / 1e9 }'; }

echo "Warming up (one untimed run of each)..." >&2
timed reset_swrel run_swrel >/dev/null
timed reset_copy run_cp >/dev/null
timed reset_copy run_cp_al >/dev/null

: > "$work/swrel.ns"; : > "$work/cp.ns"; : > "$work/cp-al.ns"
for run in $(seq "$RUNS"); do
    echo "Run $run of $RUNS..." >&2
    timed reset_swrel run_swrel >> "$work/swrel.ns"
    timed reset_copy run_cp >> "$work/cp.ns"
    timed reset_copy run_cp_al >> "$work/cp-al.ns"
done

swrel_s=$(median < "$work/swrel.ns")
cp_s=$(median < "$work/cp.ns")
cp_al_s=$(median < "$work/cp-al.ns")
ratio=$(awk -v a="$swrel_s" -v b="$cp_s" 'BEGIN { printf "%.3f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 0.15) ? "met" : "MISSED" }')

echo
echo "Release: $FILES files, $SIZE_MIB MiB ($disk on disk in $work, deleted at exit); median of $RUNS runs, seconds:"
printf '  %-58s %8s\n' "swrel apply (StageRollout -> Production, start-up included)" "$swrel_s"
printf '  %-58s %8s\n' "cp -r + sync" "$cp_s"
printf '  %-58s %8s\n' "cp -al" "$cp_al_s"
echo "  every run (ns): swrel $(paste -sd' ' "$work/swrel.ns"); cp -r + sync $(paste -sd' ' "$work/cp.ns"); cp -al $(paste -sd' ' "$work/cp-al.ns")"
echo "Ratio swrel apply / (cp -r + sync): $ratio (target <= 0.15: $verdict)"
