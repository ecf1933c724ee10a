#!/usr/bin/env bash
# `make bench`: builds a 10-minute recording of real read speech (Debian's codec2-examples,
# telephone band) and measures the release build on it.
# Figures: bench-results/bench.txt (also printed).
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
