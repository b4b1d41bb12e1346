#!/usr/bin/env bash
# Where the server's CPU per document goes: runs the load generator on one engine (signed PDFs, 100 KB unless told, 16 senders, after a
# 60 s warm-up so that tiered compilation has settled), samples the server process with `perf record -g` for 30 s of
# the measured phase, and prints the samples by resource with their milliseconds per document.
# Usage: bench/profile.sh [output folder] [engine] [document KiB] (default bench/results/profile, sqlite, 100; the engine
# may be postgresql, whose database's processes are not sampled: the load run reports their CPU; its scale-out phases are
# not run). Writes profile.md and profile.json (for `make bench`'s report) in the output folder. Needs perf (Debian:
# linux-perf, installed here when missing) and the Release builds of the server and the load generator (`make profile`
# builds them).
set -euo pipefail
out="${1:-bench/results/profile}"
engine="${2:-sqlite}"
size_kib="${3:-100}"
mkdir -p "$out"
loadgen=bench/DocExchange.LoadGenerator/bin/Release/net10.0/DocExchange.LoadGenerator.dll

if ! command -v perf >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null
fi

# The runtime writes /tmp/perf-PID.map so that perf can name JIT-compiled methods; W^X off so that their frames resolve.
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$loadgen" run --engine "$engine" --skip-memory --skip-edxml \
    --concurrency 16 --sizes-kib "$size_kib" --seconds 60 --warmup-seconds 60 --unary-seconds 1 --scale-out '' --out "$out/load.json" >"$out/run.log" 2>&1 &
run=$!
for _ in $(seq 1 300); do
    grep -q "^load ($engine" "$out/run.log" && break
    kill -0 "$run" 2>/dev/null || { cat "$out/run.log"; exit 1; }
    sleep 1
done
pid=$(sed -n 's/.*server 1 of 1, pid \([0-9]*\) .*/\1/p' "$out/run.log" | head -1)
sleep 10
perf record -F 499 -g -p "$pid" -o "$out/perf.data" -- sleep 30 2>"$out/perf-record.log"
wait "$run"
cat "$out/run.log"
perf script -i "$out/perf.data" -F comm,ip,sym,dso 2>/dev/null >"$out/perf.txt"
dotnet "$loadgen" profile --perf-script "$out/perf.txt" --load "$out/load.json" --json "$out/profile.json" | tee "$out/profile.md"
