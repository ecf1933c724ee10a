#!/usr/bin/env bash
# Makes the telephone copies the pitch evaluation runs on: each ORIGINAL in
# audio-fixtures/pitch-reference/manifest.tsv → 300–3400 Hz band-pass → 8 kHz → G.711 µ-law,
# no dither (deterministic), then decoded back to raw 32-bit float for the tracker.
# Usage: scripts/pitch-eval-copies.sh OUTDIR   → OUTDIR/<speaker>__<file>.f32 (+ .ulaw.wav)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/pitch-eval-sources.sh"
out="${1:?usage: pitch-eval-copies.sh OUTDIR}"
mkdir -p "$out"
command -v sox >/dev/null || { echo "sox is missing: bash scripts/setup.sh" >&2; exit 1; }
while IFS=$'\t' read -r speaker sex source; do
  [[ -z "$speaker" || "$speaker" == \#* ]] && continue
  input="$(pitch_source_path "$source")"
  stem="$out/$(pitch_track_stem "$speaker" "$source")"
  # sinc: linear-phase band-pass (delay compensated); rate -h: high-quality resampler.
  sox -D -V1 "$input" -c 1 -r 8000 -e u-law -b 8 "$stem.ulaw.wav" sinc 300-3400 rate -h 8000
  sox -D -V1 "$stem.ulaw.wav" -t raw -e floating-point -b 32 -L "$stem.f32"
done < "$here/../audio-fixtures/pitch-reference/manifest.tsv"
