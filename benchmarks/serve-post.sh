#!/usr/bin/env bash
# POST throughput and latency of `swrel serve` with wrk on the same machine, the durable SQLite write included.
#
#   benchmarks/serve-post.sh                          # builds swrel (Release), 32 connections, 2 wrk threads, 15 s
#   SWREL=/path/to/swrel CONNECTIONS=64 DURATION=30s benchmarks/serve-post.sh
#
# Target: >= 2,000 accepted requests per second with p99 < 50 ms. Every request names a
# different ticket, so none is answered as a duplicate without its write; the tickets do not exist, so the
# processor, running at the same time, takes each request from the queue and drops it (a light, realistic load).
# Reports wrk's figures, the share of the machine's CPU time that wrk (the generator) and the daemon used, the
# load average before and after the run (other work on the machine shows there), and how many requests reached
# the queue. Data lives in a temporary folder that is deleted at exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
DURATION=${DURATION:-15s}
command -v wrk >/dev/null || die 2 "'wrk' is required (apt-get install wrk)"

if [ -z "${SWREL:-}" ]; then
    build_swrel
    SWREL="dotnet $swrel.dll"
fi

make_work
server=""
stop_at_exit server

port=$(free_port)
token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
cat > "$work/post.lua" <<LUA
local counter = 1
local threads = {}
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  -- The warm-up passes a different base, so that the measured run never repeats one of its tickets.
  base = tonumber(args[1] or "0")
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Authorization"] = "Bearer $token"
end
function request()
  n = n + 1
  local ticket = (base + id) * 100000000 + n
  return wrk.format(nil, "/api/requests", nil,
    "Ticket_Id=" .. ticket .. "&Previous_Rollout_Progress=Submitted&Current_Rollout_Progress=Unverified&Emergency_Release=No")
end
function done(summary, latency, requests)
  io.write(string.format("p50_ms %.2f\np99_ms %.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

SWREL_API_TOKEN=$token SWREL_Logging__LogLevel__Default=Warning $SWREL serve --data-dir "$work/data" --listen "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
wait_for_url "http://127.0.0.1:$port/healthz" 100 0.2 || true
# Warm-up, not measured: JIT and SQLite pages.
wrk -t1 -c4 -d3s -s "$work/post.lua" "http://127.0.0.1:$port" -- 10 >/dev/null

load_before=$(load_average)
ticks=$(getconf CLK_TCK)
cpu_of() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }
machine_before=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat)
serve_before=$(cpu_of "$server")
/usr/bin/time -f 'wrk_cpu_seconds %U %S' -o "$work/wrk.time" \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/post.lua" "http://127.0.0.1:$port" | tee "$work/wrk.out"
serve_after=$(cpu_of "$server")
machine_after=$(awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8}' /proc/stat)
load_after=$(load_average)

read -r _ wrk_user wrk_sys < "$work/wrk.time"
machine=$((machine_after - machine_before))
awk -v u="$wrk_user" -v s="$wrk_sys" -v t="$ticks" -v m="$machine" -v d0="$serve_before" -v d1="$serve_after" 'BEGIN {
  printf "wrk CPU: %.2f s = %.0f%% of the machine'"'"'s CPU time in the run\n", u + s, 100 * (u + s) * t / m;
  printf "swrel serve CPU: %.2f s = %.0f%% of the machine'"'"'s CPU time in the run\n", (d1 - d0) / t, 100 * (d1 - d0) / m }'
echo "load average (1, 5, 15 min) on $(nproc) cores: $load_before before, $load_after after"
echo "non-2xx answers: $(grep -c 'Non-2xx' "$work/wrk.out" || true) line(s) (see above)"
curl -fs "http://127.0.0.1:$port/metrics" | grep '^swrel_api_requests_total'
