# Plumbing shared by the benchmark scripts in this folder. Each script sets `set -euo pipefail` and then sources it:
#
#   . "$(dirname "$0")/lib.sh"
#
# Sourcing only defines functions and the variables `repo` (the repository's root) and `bench` (the script's name
# without .sh, which starts every message a script prints on stderr); nothing is built, made or started until a
# script calls a function.
# shellcheck shell=bash

repo=$(cd "$(dirname "$0")/.." && pwd)
bench=$(basename "$0" .sh)

# die STATUS MESSAGE...: prints "<bench>: MESSAGE" on stderr and exits with STATUS.
die() {
    local status=$1
    shift
    echo "$bench: $*" >&2
    exit "$status"
}

# require_tools TOOL...: exits with status 2, naming the first TOOL that is not on the PATH.
require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die 2 "'$tool' is required"
    done
}

# build_swrel: builds src/SwRel.Cli in Release (progress on stderr) and sets `swrel` to its executable. It sets a
# variable instead of printing the path because a failed build must stop the script, which it would not do inside $( ).
build_swrel() {
    echo "Building swrel (Release)..." >&2
    timeout 900 dotnet build -c Release --nologo -v quiet "$repo/src/SwRel.Cli/SwRel.Cli.csproj" >&2
    swrel="$repo/src/SwRel.Cli/bin/Release/net10.0/swrel"
}

# require_swrel PATH: exits with status 2 unless PATH is an executable file.
require_swrel() { [ -x "$1" ] || die 2 "$1 is not an executable swrel"; }

# swrel_or_build: sets `swrel` to $SWREL when it is given, else to a fresh Release build, and checks that it is an
# executable.
swrel_or_build() {
    if [ -n "${SWREL:-}" ]; then
        swrel=$SWREL
    else
        build_swrel
    fi
    require_swrel "$swrel"
}

# stop PID: stops the background process PID (if PID is not empty) and waits for it, whether or not it still runs.
stop() {
    if [ -n "$1" ]; then
        kill "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
    fi
}

# stop_at_exit NAME...: the variables that hold the pids of background servers, stopped in this order at exit. The
# names, not the pids, are kept so that a server restarted between runs is stopped under its latest pid.
stopped_at_exit=()
stop_at_exit() { stopped_at_exit+=("$@"); }

# make_work: sets `work` to a new temporary folder (swrel-<bench>.XXXXXX under $TMPDIR) and, at exit, however the
# script ends (an error, Ctrl+C), stops the servers named with stop_at_exit and deletes the folder.
make_work() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/swrel-$bench.XXXXXX")
    trap cleanup EXIT
}

cleanup() {
    local name
    for name in "${stopped_at_exit[@]}"; do
        stop "${!name:-}"
    done
    rm -rf "$work"
}

# free_port: prints a TCP port on 127.0.0.1 that is free now.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for_url URL TRIES PAUSE: asks for URL up to TRIES times, PAUSE seconds apart, until it answers with a 2xx;
# fails when it still does not after the last pause.
wait_for_url() {
    local _
    for _ in $(seq "$2"); do
        curl -sf -o /dev/null "$1" && return 0
        sleep "$3"
    done
    curl -sf -o /dev/null "$1"
}

# load_average: the machine's 1, 5 and 15 minute load averages, which show other work running beside a benchmark.
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

now() { date +%s%N; }

# timed RESET RUN: resets (untimed), then prints RUN's wall time in nanoseconds.
timed() {
    local start end
    "$1"
    start=$(now)
    "$2"
    end=$(now)
    echo $(( end - start ))
}

# median: the median of the nanosecond figures on stdin, one a line, printed in seconds.
median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.4f", m / 1e9 }'; }

# ratio A B [DIGITS]: A / B with DIGITS decimals (2 unless given).
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { printf "%.*f", d, a / b }'; }

# verdict VALUE TARGET OP: "met" when VALUE OP TARGET holds (OP one of >=, >, <=, <), else "MISSED".
verdict() {
    awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {
        ok = (op == ">=") ? (v >= t) : (op == ">") ? (v > t) : (op == "<=") ? (v <= t) : (v < t)
        print ok ? "met" : "MISSED" }'
}

# release_xml INCREMENTAL SYNC_URL [ELEMENTS]: prints the benchmark release's release.xml (product
# BENCH.bench.centos7.x86_64, version 1.0.0, synchronised over rsync from SYNC_URL), with the lines ELEMENTS added
# after its yum repository.
release_xml() {
    local elements=""
    [ -z "${3:-}" ] || elements="$3"$'\n'
    cat <<XML
<?xml version="1.0" ?>
<release:release xmlns:UMDmeta="http://repo.egi.eu/0.2/UMDmeta" xmlns:release="http://repo.egi.eu/0.2/release" xmlns:repofile="http://repo.egi.eu/0.2/repofile" xmlns:repository="http://repo.egi.eu/0.2/repository">
	<release:productName>bench</release:productName>
	<release:productShortName>BENCH.bench.centos7.x86_64</release:productShortName>
	<release:technologyProvider>BENCH</release:technologyProvider>
	<release:technologyProviderShortName>BENCH</release:technologyProviderShortName>
	<release:contact>bench@example.org</release:contact>
	<release:technicalContact>bench@example.org</release:technicalContact>
	<release:description>A benchmark release</release:description>
	<release:documentationLink>https://example.org/bench/</release:documentationLink>
	<release:ISODate>20261206</release:ISODate>
	<release:incremental>$1</release:incremental>
	<release:emergency>false</release:emergency>
	<release:majorVersion>1</release:majorVersion>
	<release:minorVersion>0</release:minorVersion>
	<release:revisionVersion>0</release:revisionVersion>
	<release:releaseNotes>Benchmark data.</release:releaseNotes>
	<release:changeLog>https://example.org/bench/CHANGELOG</release:changeLog>
	<release:synchProtocol>rsync</release:synchProtocol>
	<release:synchURL>$2</release:synchURL>
	<UMDmeta:UMDmeta>
		<UMDmeta:targetPlatform>centos7</UMDmeta:targetPlatform>
		<UMDmeta:targetArch>x86_64</UMDmeta:targetArch>
		<UMDmeta:capability>Benchmark</UMDmeta:capability>
	</UMDmeta:UMDmeta>
	<repository:yumRepository external="false" id="BENCH.bench.centos7.x86_64" path="/"/>
${elements}</release:release>
XML
}

# make_rpms FOLDER: fills FOLDER with $FILES random files bench-NNN.rpm, $SIZE_MIB MiB in all.
make_rpms() {
    local bytes=$(( SIZE_MIB * 1024 * 1024 / FILES )) i
    mkdir -p "$1"
    for i in $(seq -w 1 "$FILES"); do
        head -c "$bytes" /dev/urandom > "$1/bench-$i.rpm"
    done
}
