#!/usr/bin/env bash
# Compares fetching and verifying a release over http with `swrel apply` against downloading the same files with
# curl, from the same local server, in the same run.
#
#   benchmarks/compare-fetch.sh                                 # 1 GiB in 200 files, median of 5 runs
#   SIZE_MIB=64 FILES=50 RUNS=3 benchmarks/compare-fetch.sh     # a quick check
#   SWREL=/path/to/native/swrel benchmarks/compare-fetch.sh     # time that build instead of a fresh Release build
#
# The release is served by python3's http.server (with sendfile, HTTP/1.1) on 127.0.0.1. Target: `swrel apply` of the planner's first two
# Submitted -> Unverified steps (fetch over http into the scratch folder, verify against the ticket's checksum manifest,
# given with --checksums so that every file is hashed as it is written) takes at most 1.1 times `curl -o` of the same
# files (the manifest and the 200 packages, one curl process, the download alone), process start-up included on both
# sides. A third side, shown for comparison, lets the verify step read the manifest fetched with the release
# (--allow-tree-manifest): the files are then hashed by a second read after the download. Every side runs once untimed
# first (warm page cache), then RUNS times, interleaved; the median is printed. Before each timed run the previous
# download is deleted (untimed). Data lives in a temporary folder that is deleted at exit, and the server is stopped.
set -euo pipefail

SIZE_MIB=${SIZE_MIB:-1024}
FILES=${FILES:-200}
RUNS=${RUNS:-5}
repo=$(cd "$(dirname "$0")/.." && pwd)

if [ -n "${SWREL:-}" ]; then
    swrel=$SWREL
else
    echo "Building swrel (Release)..." >&2
    timeout 900 dotnet build -c Release --nologo -v quiet "$repo/src/SwRel.Cli/SwRel.Cli.csproj" >&2
    swrel="$repo/src/SwRel.Cli/bin/Release/net10.0/swrel"
fi
[ -x "$swrel" ] || { echo "compare-fetch: $swrel is not an executable swrel" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/swrel-compare-fetch.XXXXXX")
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

release="$work/srv/argus/1.0.0"
scratch=.swrel/scratch/umd-4.bench.centos7.x86_64/1/0/0

echo "Creating a release of ${FILES} files, ${SIZE_MIB} MiB in all, in $work..." >&2
mkdir -p "$release/RPMS"
bytes=$(( SIZE_MIB * 1024 * 1024 / FILES ))
for i in $(seq -w 1 "$FILES"); do
    head -c "$bytes" /dev/urandom > "$release/RPMS/bench-$i.rpm"
done
# The provider's manifest, which the SyncURL names, and the ticket's copy of it (its ReleaseChecksums attachment).
(cd "$release" && sha256sum RPMS/* > SHA256SUMS)
cp "$release/SHA256SUMS" "$work/checksums.txt"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# python3's http.server, keeping connections open (HTTP/1.1) and sending file bodies with sendfile(2), so that the server
# costs both sides the same little CPU and neither side waits on python copying bytes.
cat > "$work/serve.py" <<'PY'
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def copyfile(self, source, outputfile):
        outputfile.flush()
        self.connection.sendfile(source)
    def log_message(self, *args):
        pass
handler = functools.partial(Handler, directory=sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
PY
timeout 7200 python3 "$work/serve.py" "$port" "$work/srv" >/dev/null 2>&1 &
server=$!
url="http://127.0.0.1:$port/argus/1.0.0"
for _ in $(seq 100); do
    curl -sf -o /dev/null "$url/SHA256SUMS" && break
    sleep 0.1
done
curl -sf -o /dev/null "$url/SHA256SUMS" || { echo "compare-fetch: the http server on 127.0.0.1:$port did not start" >&2; exit 2; }

cat > "$work/plan.json" <<JSON
{
  "from": "Submitted",
  "to": "Unverified",
  "target": "sw/unverified/umd-4.bench.centos7.x86_64/1/0/0",
  "steps": [
    { "kind": "fetch", "protocol": "http", "source": "$url/SHA256SUMS", "destination": "$scratch" },
    { "kind": "verify", "root": "$scratch", "manifest": "SHA256SUMS" }
  ]
}
JSON

# One curl process for every file, as swrel fetches them one after the other: the manifest, then each package.
{
    echo "url = \"$url/SHA256SUMS\""
    echo "output = \"$work/download/SHA256SUMS\""
    for i in $(seq -w 1 "$FILES"); do
        echo "url = \"$url/RPMS/bench-$i.rpm\""
        echo "output = \"$work/download/RPMS/bench-$i.rpm\""
    done
} > "$work/curl.config"

now() { date +%s%N; }

reset_curl() { rm -rf "$work/download"; }
run_curl() { timeout 600 curl -sf --create-dirs -K "$work/curl.config"; }
reset_swrel() { rm -rf "$work/repo"; mkdir "$work/repo"; }
run_swrel() {
    timeout 600 "$swrel" apply "$work/plan.json" --root "$work/repo" --checksums "$work/checksums.txt" > "$work/swrel.out"
}
run_swrel_two_reads() {
    timeout 600 "$swrel" apply "$work/plan.json" --root "$work/repo" --allow-tree-manifest > "$work/swrel.out"
}

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
timed reset_curl run_curl >/dev/null
timed reset_swrel run_swrel >/dev/null
grep -q "verified as they arrived" "$work/swrel.out" \
    || { echo "compare-fetch: swrel did not hash the files as they arrived:" >&2; cat "$work/swrel.out" >&2; exit 1; }
timed reset_swrel run_swrel_two_reads >/dev/null
cmp -s "$work/download/RPMS/bench-$(seq -w 1 "$FILES" | tail -1).rpm" "$work/repo/$scratch/RPMS/bench-$(seq -w 1 "$FILES" | tail -1).rpm" \
    || { echo "compare-fetch: curl and swrel did not fetch the same bytes" >&2; exit 1; }

: > "$work/curl.ns"; : > "$work/swrel.ns"; : > "$work/swrel-two.ns"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$RUNS"); do
    echo "Run $run of $RUNS..." >&2
    timed reset_curl run_curl >> "$work/curl.ns"
    timed reset_swrel run_swrel >> "$work/swrel.ns"
    timed reset_swrel run_swrel_two_reads >> "$work/swrel-two.ns"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

curl_s=$(median < "$work/curl.ns")
swrel_s=$(median < "$work/swrel.ns")
two_s=$(median < "$work/swrel-two.ns")
ratio=$(awk -v a="$swrel_s" -v b="$curl_s" 'BEGIN { printf "%.3f", a / b }')
two_ratio=$(awk -v a="$two_s" -v b="$curl_s" 'BEGIN { printf "%.3f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.1) ? "met" : "MISSED" }')

echo
echo "Release: $FILES files, $SIZE_MIB MiB, served by python3 http.server (sendfile) on 127.0.0.1; median of $RUNS runs, seconds:"
printf '  %-66s %8s\n' "curl -o of the manifest and every file (the download alone)" "$curl_s"
printf '  %-66s %8s\n' "swrel apply fetch + verify, --checksums (hashed as written)" "$swrel_s"
printf '  %-66s %8s\n' "swrel apply fetch + verify, --allow-tree-manifest (second read)" "$two_s"
echo "  every run (ns): curl $(paste -sd' ' "$work/curl.ns"); swrel $(paste -sd' ' "$work/swrel.ns"); second read $(paste -sd' ' "$work/swrel-two.ns")"
echo "  load average before the timed runs: $load_before; after: $load_after"
echo "Ratio swrel (one pass) / curl: $ratio (target <= 1.1: $verdict); with a second read: $two_ratio"
