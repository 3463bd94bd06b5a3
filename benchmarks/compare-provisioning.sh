#!/usr/bin/env bash
# Compares provisioning one release end to end through the pipeline (Submitted -> Unverified -> InVerification ->
# StageRollout -> Production, driven by `swrel ticket set` against `swrel serve`) with the same repository work done
# by hand in shell, in the same run.
#
#   benchmarks/compare-provisioning.sh                                 # 1 GiB in 200 files, median of 5 runs
#   SIZE_MIB=64 FILES=50 RUNS=3 benchmarks/compare-provisioning.sh     # a quick check
#   SWREL=/path/to/native/swrel benchmarks/compare-provisioning.sh     # time that build instead of a fresh Release build
#
# The provider's release is served by `rsync --daemon` on 127.0.0.1. The pipeline side is the daemon (`swrel serve`
# with its embedded ticket store, no index command and no signing key, so refresh-index steps are skipped) and one
# ticket carrying release.xml and the checksum manifest; the clock runs from the first `swrel ticket set` until the
# daemon has carried out the move to Production, each move made once the daemon finished the one before, as a person
# would. The daemon polls its queue every 50 ms here (Pipeline:PollInterval; 5 s by default), and is started before
# the clock and stopped after it. The shell side does the same repository work with `rsync`, `sha256sum -c`, `cp -al`,
# `mv`, `rm -rf` and the same repo files, and no index or signing commands either. Target: the pipeline takes at most
# 1.2 times the shell. Every side runs once untimed first (warm page cache), then RUNS times, interleaved; the median
# is printed. Data lives in a temporary folder that is deleted at exit; the daemons are stopped.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SIZE_MIB=${SIZE_MIB:-1024}
FILES=${FILES:-200}
RUNS=${RUNS:-5}

swrel_or_build
command -v rsync >/dev/null || die 2 "install rsync"

make_work
rsyncd=""
daemon=""
stop_at_exit daemon rsyncd

# The placement the planner derives from release.xml (EgiRepository layout, major release umd-4).
name=umd-4.bench.bench.centos7.x86_64
unverified=sw/unverified/$name/1/0/0
stagerollout=sw/stagerollout/$name/1/0/0
base=sw/production/umd/4/centos7/x86_64/base
releases=sw/production/umd/4/releases/$name/1/0/0
scratch=.swrel/scratch/umd-4/BENCH.bench.centos7.x86_64/1.0.0

provider="$work/provider/bench/1.0.0"
echo "Creating a release of ${FILES} files, ${SIZE_MIB} MiB in all, in $work..." >&2
make_rpms "$provider/RPMS"

rsync_port=$(free_port)
cat > "$work/rsyncd.conf" <<CONF
use chroot = no
pid file = $work/rsyncd.pid
log file = /dev/null
[bench]
    path = $work/provider/bench
    read only = yes
CONF
timeout 7200 rsync --daemon --no-detach --address=127.0.0.1 --port="$rsync_port" --config="$work/rsyncd.conf" &
# shellcheck disable=SC2034 # stopped at exit by name (stop_at_exit above)
rsyncd=$!
sync_url="rsync://127.0.0.1:$rsync_port/bench/1.0.0/"

# release.xml describes one repo file, which the planner's plans write (see repo_file below).
repofile=$(cat <<XML
	<repofile:yumRepofile filename="BENCH.bench.centos7.x86_64.repo" relativePath="repofiles">
		<repofile:yumRepository>
			<repofile:repoid>BENCH.bench.centos7.x86_64</repofile:repoid>
			<repofile:id>BENCH.bench.centos7.x86_64</repofile:id>
			<repofile:name>BENCH.bench.centos7.x86_64</repofile:name>
			<repofile:baseUrl type="relative">/</repofile:baseUrl>
			<repofile:enabled>1</repofile:enabled>
			<repofile:priority>1</repofile:priority>
			<repofile:protect>1</repofile:protect>
		</repofile:yumRepository>
	</repofile:yumRepofile>
XML
)
release_xml false "$sync_url" "$repofile" > "$work/release.xml"

# The ticket's checksum manifest (Metalink, its ReleaseChecksums attachment) and the same digests for sha256sum -c;
# neither lists release.xml, which the provider's tree carries too.
mkdir -p "$work/attachments"
"$swrel" checksum create "$provider" --output "$work/attachments/checksums.xml" >/dev/null
(cd "$provider" && sha256sum RPMS/* > "$work/SHA256SUMS")
cp "$work/release.xml" "$provider/release.xml"
cp "$work/release.xml" "$work/attachments/release.xml"

# The repo files the planner writes, taken from its plans so that the shell writes the same bytes.
plan_json() { "$swrel" plan "$work/release.xml" --major-release umd-4 --transition "$1" --sync-url "$sync_url" --format json; }
repo_file() { plan_json "$1" | python3 -c 'import json, sys
plan = json.load(sys.stdin)
plan = plan[0] if isinstance(plan, list) else plan
step = next(s for s in plan["steps"] if s["kind"] == "write-repo-file")
print(step["path"]); sys.stdout.write(step["content"])' ; }
repo_file Submitted:Unverified > "$work/unverified.repo"
repo_file InVerification:StageRollout > "$work/stagerollout.repo"
unverified_repo=$(head -1 "$work/unverified.repo"); tail -n +2 "$work/unverified.repo" > "$work/unverified.repo.content"
stagerollout_repo=$(head -1 "$work/stagerollout.repo"); tail -n +2 "$work/stagerollout.repo" > "$work/stagerollout.repo.content"

# --- the pipeline ---------------------------------------------------------------------------------------------

token=$(head -c 24 /dev/urandom | base64)
export SWREL_API_TOKEN=$token

reset_pipeline() {
    stop "$daemon"; daemon=""
    rm -rf "$work/data"; mkdir -p "$work/data"
    port=$(free_port)
    cat > "$work/data/appsettings.json" <<JSON
{ "Urls": "http://127.0.0.1:$port", "Pipeline": { "PollInterval": "00:00:00.050" }, "Logging": { "LogLevel": { "Default": "Warning" } } }
JSON
    timeout 7200 "$swrel" serve --data-dir "$work/data" > "$work/serve.log" 2>&1 &
    daemon=$!
    wait_for_url "http://127.0.0.1:$port/readyz" 300 0.1 || { echo "compare-provisioning: swrel serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1; }
    "$swrel" ticket create --data-dir "$work/data" --submitted-by bench \
        --field AssociatedMajorRelease=umd-4 --field SyncProtocol=rsync --field "SyncURL=$sync_url" \
        --attach "$work/attachments/release.xml" --attach "$work/attachments/checksums.xml" >/dev/null
    sync
}

# Waits until the daemon has taken every request off its queue and carried it out (or failed it).
wait_done() {
    local expected=$1
    for _ in $(seq 12000); do
        if curl -sf "http://127.0.0.1:$port/api/requests" | python3 -c 'import json, sys
view = json.load(sys.stdin)
sys.exit(0 if not view["queue"] and len(view["recent"]) >= int(sys.argv[1]) else 1)' "$expected"; then
            return 0
        fi
        sleep 0.02
    done
    die 1 "the daemon did not finish request $expected in time"
}

move() {
    local n=$1; shift
    if ! timeout 600 "$swrel" ticket set 1 "$@" --data-dir "$work/data" >/dev/null; then
        "$swrel" ticket show 1 --data-dir "$work/data" >&2
        exit 1
    fi
    wait_done "$n"
}

run_pipeline() {
    move 1 RolloutProgress=Unverified --as VerificationTeam
    move 2 RolloutProgress=InVerification --as VerificationTeam
    move 3 VerificationReport=https://example.org/report RolloutProgress=StageRollout --as VerificationTeam
    move 4 StageRolloutReport=https://example.org/early-adopters RolloutProgress=Production --as StageRolloutTeam
}

check_pipeline() {
    local state
    state=$("$swrel" ticket show 1 --data-dir "$work/data" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["rolloutProgress"])')
    [ "$state" = Production ] || { echo "compare-provisioning: the ticket ended in $state, not Production:" >&2; "$swrel" ticket show 1 --data-dir "$work/data" >&2; exit 1; }
    [ "$(find "$work/data/repository/$base" -name '*.rpm' | wc -l)" -eq "$FILES" ] \
        || die 1 "production does not hold the release's $FILES packages"
    [ ! -e "$work/data/repository/$stagerollout" ] || die 1 "the stage-rollout copy is left"
}

# --- the same by hand -----------------------------------------------------------------------------------------

reset_shell() { rm -rf "$work/shell"; mkdir -p "$work/shell"; sync; }

run_shell() {
    local r="$work/shell"
    # Submitted -> Unverified: fetch into scratch, verify, publish by hard link, repo file, clean scratch.
    mkdir -p "$r/$scratch"
    rsync -a --delete --no-links --no-devices --no-specials --no-owner --no-group "$sync_url" "$r/$scratch/"
    (cd "$r/$scratch" && sha256sum -c --quiet "$work/SHA256SUMS" >/dev/null)
    mkdir -p "$(dirname "$r/$unverified")"
    cp -al "$r/$scratch" "$r/$unverified"
    mkdir -p "$(dirname "$r/$unverified_repo")"
    cp "$work/unverified.repo.content" "$r/$unverified_repo"
    rm -rf "$r/.swrel/scratch"
    # Unverified -> InVerification: no repository work.
    # InVerification -> StageRollout: promote, repo file, remove the unverified copy.
    mkdir -p "$(dirname "$r/$stagerollout")"
    cp -al "$r/$unverified" "$r/$stagerollout"
    rm -f "$r/$stagerollout/repofiles/"*
    cp "$work/stagerollout.repo.content" "$r/$stagerollout_repo"
    rm -rf "$r/sw/unverified"
    # StageRollout -> Production: link the packages into base, move the rest into the release's own folder.
    mkdir -p "$r/$base" "$(dirname "$r/$releases")"
    cp -al "$r/$stagerollout/RPMS" "$r/$base/"
    mv "$r/$stagerollout" "$r/$releases"
    rm -rf "$r/$releases/RPMS" "$r/sw/stagerollout"
}

echo "Warming up (one untimed run of each)..." >&2
timed reset_pipeline run_pipeline >/dev/null
check_pipeline
timed reset_shell run_shell >/dev/null

: > "$work/pipeline.ns"; : > "$work/shell.ns"
load_before=$(load_average)
for run in $(seq "$RUNS"); do
    echo "Run $run of $RUNS..." >&2
    timed reset_pipeline run_pipeline >> "$work/pipeline.ns"
    check_pipeline
    timed reset_shell run_shell >> "$work/shell.ns"
done
load_after=$(load_average)

pipeline_s=$(median < "$work/pipeline.ns")
shell_s=$(median < "$work/shell.ns")
ratio=$(ratio "$pipeline_s" "$shell_s" 3)
verdict=$(verdict "$ratio" 1.2 "<=")

echo
echo "Release: $FILES files, $SIZE_MIB MiB, from rsync --daemon on 127.0.0.1; median of $RUNS runs, seconds:"
printf '  %-70s %8s\n' "pipeline: swrel ticket set x4 -> swrel serve, until Production is done" "$pipeline_s"
printf '  %-70s %8s\n' "shell: rsync, sha256sum -c, cp -al, mv, rm -rf" "$shell_s"
echo "  every run (ns): pipeline $(paste -sd' ' "$work/pipeline.ns"); shell $(paste -sd' ' "$work/shell.ns")"
echo "  load average before the timed runs: $load_before; after: $load_after"
echo "Ratio pipeline / shell: $ratio (target <= 1.2: $verdict)"
