#!/usr/bin/env bash
# `make bench`: builds a 10-minute recording of real read speech (Debian's codec2-examples,
# telephone band) and measures the release build on it; then the live path, memory over 10,000
# calls, and the capacity ramp.
# Figures: bench-results/{bench,live,memory-10k,capacity}.txt (also printed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product ivr-bench >/dev/null
mkdir -p bench-results
audio=$(mktemp -d)/ten-minutes.wav
parts=()
for f in /usr/share/codec2/wav/{hts1a,hts2a,forig,morig,mmt1,vk5qi,david4,cross,big_dog}.wav; do parts+=("$f"); done
one=$(mktemp -d)/round.wav
sox -R "${parts[@]}" -r 8000 -c 1 -b 16 "$one"
# Repeat to at least 600 s.
reps=$(awk -v d="$(soxi -D "$one")" 'BEGIN { r = int(600 / d); if (r * d < 600) r++; print r }')
sox -R $(for _ in $(seq "$reps"); do echo "$one"; done) "$audio" trim 0 600
.build/release/ivr-bench "$audio" bench-results/bench.txt
echo "written: bench-results/bench.txt"
# The live path on loopback: barge-in and answer-start latency from the wire, per-hop time.
swift build -c release --product ivr-live-bench >/dev/null
.build/release/ivr-live-bench bench-results/live.txt 8
echo "written: bench-results/live.txt"
# Memory: 10,000 short scripted calls through the session driver in one process, RSS every 1,000.
.build/release/ivr-bench memory bench-results/memory-10k.txt 10000 3
echo "written: bench-results/memory-10k.txt"
# Capacity: concurrent PCMU calls on one in-process engine, ramped until two levels fail (0 late
# output packets, session hop p99 ≤ 10 ms); the load generator runs in the same process.
echo "load average before the capacity ramp: $(cut -d' ' -f1-3 /proc/loadavg) (a busy machine lowers the figure)"
.build/release/ivr-live-bench capacity bench-results/capacity.txt
echo "written: bench-results/capacity.txt"
