#!/usr/bin/env bash
# Fuzz the SwRel readers with AFL++ and SharpFuzz, each target for a bounded time. Not part of CI.
#
#   fuzz/run.sh [target ...]          targets: release manifest plan request (default: all four, one after another)
#
#   FUZZ_SECONDS   how long each target runs (default 600)
#   FUZZ_TIMEOUT   AFL++'s per-input time limit in milliseconds; an input that takes longer is a hang (default 5000)
#   FUZZ_OUT       where builds and AFL++ output go (default fuzz/out, ignored by git)
#
# It installs nothing: when afl-fuzz or the sharpfuzz tool is missing it prints the command that installs it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-600}"
timeout_ms="${FUZZ_TIMEOUT:-5000}"
out="${FUZZ_OUT:-fuzz/out}"
all_targets=(release manifest plan request)
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=("${all_targets[@]}")
fi

for target in "${targets[@]}"; do
  if [ ! -d "fuzz/corpus/$target" ]; then
    echo "There is no target '$target'; the targets are: ${all_targets[*]}." >&2
    exit 2
  fi
done
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "FUZZ_SECONDS must be a whole number of seconds, not '$seconds'." >&2
  exit 2
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
missing=0
if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "afl-fuzz is missing. On Debian or Ubuntu install it with (as root):" >&2
  echo "  apt-get update && apt-get install -y afl++" >&2
  missing=1
fi
# The manifest in .config/dotnet-tools.json pins SharpFuzz.CommandLine; `dotnet tool run` fails until it is restored.
if ! dotnet tool run sharpfuzz >/dev/null 2>&1; then
  echo "The sharpfuzz tool is missing. Restore it (pinned in .config/dotnet-tools.json) with:" >&2
  echo "  dotnet tool restore" >&2
  missing=1
fi
if [ "$missing" -ne 0 ]; then
  exit 1
fi

# SharpFuzz instruments assemblies in place, so publish a fresh copy and instrument the libraries under test in it.
bin="$out/bin"
rm -rf "$bin"
dotnet publish fuzz/SwRel.Fuzz/SwRel.Fuzz.csproj -c Release -o "$bin" --nologo -v quiet
for assembly in SwRel.Domain SwRel.Metadata SwRel.Repository; do
  echo "instrumenting $assembly.dll"
  dotnet tool run sharpfuzz "$bin/$assembly.dll"
done

# The harness is a .NET program, not an AFL-compiled binary: SharpFuzz speaks the fork-server protocol instead.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1

field() { sed -n "s/^$1 *: *//p" "$2"; }

for target in "${targets[@]}"; do
  findings="$out/$target"
  rm -rf "$findings"
  echo "fuzzing $target for ${seconds}s (AFL++ output in $findings)"
  status=0
  # -V ends the run; timeout is the backstop should AFL++ itself not stop. --foreground keeps AFL++ in this
  # process group, so that Ctrl-C stops it with the script.
  timeout --foreground --kill-after=30 "$((seconds + 120))" \
    afl-fuzz -V "$seconds" -t "$timeout_ms" -m none \
    -i "fuzz/corpus/$target" -o "$findings" -x "fuzz/dictionaries/$target.dict" \
    -- dotnet "$bin/SwRel.Fuzz.dll" "$target" >"$out/$target.log" 2>&1 || status=$?
  stats="$findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "afl-fuzz did not start for $target (exit $status); the end of $out/$target.log:" >&2
    tail -n 20 "$out/$target.log" >&2
    exit 1
  fi
  echo "$target: execs $(field execs_done "$stats"), corpus $(field corpus_count "$stats")," \
    "crashes $(field saved_crashes "$stats"), hangs $(field saved_hangs "$stats")"
  crashes=("$findings/default/crashes"/id:*)
  if [ -e "${crashes[0]}" ]; then
    echo "  crashes by cause (inputs, exception and where):"
    dotnet "$bin/SwRel.Fuzz.dll" "$target" "${crashes[@]}" | grep $'^FAILED\t' | cut -f3 | sort | uniq -c | sort -rn | sed 's/^/  /' || true
  fi
  hangs=("$findings/default/hangs"/id:*)
  for input in "${hangs[@]}"; do
    [ -e "$input" ] || continue
    # A real hang would stall a replay of many files, so each one gets its own bounded run.
    rc=0
    timeout 30 dotnet "$bin/SwRel.Fuzz.dll" "$target" "$input" >/dev/null 2>&1 || rc=$?
    case "$rc" in
      0) echo "  hang: $input (finishes when replayed alone: slow, not stuck)" ;;
      124) echo "  hang: $input (still running after 30s when replayed alone)" ;;
      *) echo "  hang: $input (fails when replayed alone, exit $rc)" ;;
    esac
  done
done

cat <<EOF
Replay an input with:  dotnet $bin/SwRel.Fuzz.dll <target> <file> ...
Keep each distinct finding as fuzz/findings/<target>/<what-it-shows>; tests/SwRel.Fuzz.Tests replays them.
EOF
