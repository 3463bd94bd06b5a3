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
. "$(dirname "$0")/lib.sh"

SIZE_MIB=${SIZE_MIB:-1024}
FILES=${FILES:-200}
RUNS=${RUNS:-5}

swrel_or_build

make_work
server=""
stop_at_exit server

release="$work/srv/argus/1.0.0"
scratch=.swrel/scratch/umd-4.bench.centos7.x86_64/1/0/0

echo "Creating a release of ${FILES} files, ${SIZE_MIB} MiB in all, in $work..." >&2
make_rpms "$release/RPMS"
# The provider's manifest, which the SyncURL names, and the ticket's copy of it (its ReleaseChecksums attachment).
(cd "$release" && sha256sum RPMS/* > SHA256SUMS)
cp "$release/SHA256SUMS" "$work/checksums.txt"

port=$(free_port)
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
# shellcheck disable=SC2034 # stopped at exit by name (stop_at_exit above)
server=$!
url="http://127.0.0.1:$port/argus/1.0.0"
wait_for_url "$url/SHA256SUMS" 100 0.1 || die 2 "the http server on 127.0.0.1:$port did not start"

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

reset_curl() { rm -rf "$work/download"; }
run_curl() { timeout 600 curl -sf --create-dirs -K "$work/curl.config"; }
reset_swrel() { rm -rf "$work/repo"; mkdir "$work/repo"; }
run_swrel() {
    timeout 600 "$swrel" apply "$work/plan.json" --root "$work/repo" --checksums "$work/checksums.txt" > "$work/swrel.out"
}
run_swrel_two_reads() {
    timeout 600 "$swrel" apply "$work/plan.json" --root "$work/repo" --allow-tree-manifest > "$work/swrel.out"
}

echo "Warming up (one untimed run of each)..." >&2
timed reset_curl run_curl >/dev/null
timed reset_swrel run_swrel >/dev/null
grep -q "verified as they arrived" "$work/swrel.out" \
    || { echo "compare-fetch: swrel did not hash the files as they arrived:" >&2; cat "$work/swrel.out" >&2; exit 1; }
timed reset_swrel run_swrel_two_reads >/dev/null
cmp -s "$work/download/RPMS/bench-$(seq -w 1 "$FILES" | tail -1).rpm" "$work/repo/$scratch/RPMS/bench-$(seq -w 1 "$FILES" | tail -1).rpm" \
    || die 1 "curl and swrel did not fetch the same bytes"

: > "$work/curl.ns"; : > "$work/swrel.ns"; : > "$work/swrel-two.ns"
load_before=$(load_average)
for run in $(seq "$RUNS"); do
    echo "Run $run of $RUNS..." >&2
    timed reset_curl run_curl >> "$work/curl.ns"
    timed reset_swrel run_swrel >> "$work/swrel.ns"
    timed reset_swrel run_swrel_two_reads >> "$work/swrel-two.ns"
done
load_after=$(load_average)

curl_s=$(median < "$work/curl.ns")
swrel_s=$(median < "$work/swrel.ns")
two_s=$(median < "$work/swrel-two.ns")
ratio=$(ratio "$swrel_s" "$curl_s" 3)
two_ratio=$(ratio "$two_s" "$curl_s" 3)
verdict=$(verdict "$ratio" 1.1 "<=")

echo
echo "Release: $FILES files, $SIZE_MIB MiB, served by python3 http.server (sendfile) on 127.0.0.1; median of $RUNS runs, seconds:"
printf '  %-66s %8s\n' "curl -o of the manifest and every file (the download alone)" "$curl_s"
printf '  %-66s %8s\n' "swrel apply fetch + verify, --checksums (hashed as written)" "$swrel_s"
printf '  %-66s %8s\n' "swrel apply fetch + verify, --allow-tree-manifest (second read)" "$two_s"
echo "  every run (ns): curl $(paste -sd' ' "$work/curl.ns"); swrel $(paste -sd' ' "$work/swrel.ns"); second read $(paste -sd' ' "$work/swrel-two.ns")"
echo "  load average before the timed runs: $load_before; after: $load_after"
echo "Ratio swrel (one pass) / curl: $ratio (target <= 1.1: $verdict); with a second read: $two_ratio"
