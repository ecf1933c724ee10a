#!/usr/bin/env bash
# Regenerates the committed Praat F0 references in audio-fixtures/pitch-reference/tracks from the
# ORIGINAL recordings listed in manifest.tsv. Needs Praat (scripts/setup.sh --with-praat).
# The tests never run this: they read the committed tracks.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/pitch-eval-sources.sh"
dir="$here/../audio-fixtures/pitch-reference"
mkdir -p "$dir/tracks"
command -v praat >/dev/null || { echo "praat is missing: bash scripts/setup.sh --with-praat" >&2; exit 1; }
while IFS=$'\t' read -r speaker sex source; do
  [[ -z "$speaker" || "$speaker" == \#* ]] && continue
  input="$(pitch_source_path "$source")"
  output="$dir/tracks/$(pitch_track_stem "$speaker" "$source").txt"
  [[ -f "$input" ]] || { echo "missing source $input (install codec2-examples / pocketsphinx-testdata)" >&2; exit 1; }
  praat --run "$here/praat-pitch-reference.praat" "$input" "$output"
  echo "$output"
done < "$dir/manifest.tsv"
