#!/usr/bin/env bash
# Peak memory of `ivr analyze` on two hours of real read speech (issue 12: analyze streams, so
# memory must not grow with the recording): 8 kHz µ-law-band PCM and 48 kHz. Writes
# bench-results/analyze-rss.txt, with the same for `ivr replay` of a short call in a 2 h file. Usage: scripts/analyze-rss.sh [path/to/ivr] (default: release build);
# FORMATS="json text" (default) picks the output formats measured.
set -euo pipefail
cd "$(dirname "$0")/.."
IVR=${1:-.build/release/ivr}
[ -x "$IVR" ] || swift build -c release --product ivr >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
parts=()
for f in /usr/share/codec2/wav/{hts1a,hts2a,forig,morig,mmt1,vk5qi,david4,cross,big_dog}.wav; do parts+=("$f"); done
sox -R "${parts[@]}" -r 8000 -c 1 -b 16 "$work/round.wav"
reps=$(awk -v d="$(soxi -D "$work/round.wav")" 'BEGIN { r = int(7200 / d); if (r * d < 7200) r++; print r }')
sox -R $(for _ in $(seq "$reps"); do echo "$work/round.wav"; done) "$work/two-hours-8k.wav" trim 0 7200
sox -R "$work/two-hours-8k.wav" -r 48000 "$work/two-hours-48k.wav"
out=bench-results/analyze-rss.txt
mkdir -p bench-results
{
  echo "# Peak RSS of ivr analyze on 2 h of real read speech (codec2-examples, repeated); $(date -u +%F), $(nproc) cores"
  echo "# binary: $IVR; limits (issue 12): 8 kHz <= 64 MiB, 48 kHz <= 96 MiB"
  for rate in 8k 48k; do
    for format in ${FORMATS:-json text}; do
      /usr/bin/time -f "%M %e" -o "$work/time" "$IVR" analyze "$work/two-hours-$rate.wav" --format "$format" --quiet > "$work/out"
      read -r kb sec < "$work/time"
      printf '%-4s %-5s peak RSS %6.1f MiB  (%s s; output %s bytes)\n' "$rate" "$format" "$(echo "$kb/1024" | bc -l)" "$sec" "$(stat -c %s "$work/out")"
    done
  done
  # Replay streams too: a fixture caller (transferred after about 67 s) at the start of a 2 h
  # recording; the call ends first, and only what it consumed is read.
  sox -R audio-fixtures/calls/irritated-caller.wav "$work/two-hours-8k.wav" "$work/call-then-2h.wav" trim 0 7200
  /usr/bin/time -f "%M %e" -o "$work/time" "$IVR" replay "$work/call-then-2h.wav" --format json > "$work/out" 2> "$work/err"
  read -r kb sec < "$work/time"
  printf 'replay of a call at the start of a 2 h recording: peak RSS %.1f MiB (%s s); %s\n' "$(echo "$kb/1024" | bc -l)" "$sec" \
    "$(grep -o 'the call ended.*' "$work/err")"
} | tee "$out"
