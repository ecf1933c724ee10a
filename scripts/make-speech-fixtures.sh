#!/usr/bin/env bash
# Regenerates audio-fixtures/speech/ from real read speech shipped in Debian packages
# (pocketsphinx-testdata: LibriVox public-domain recordings). Deterministic (sox -R, no dither).
# Usage: bash scripts/make-speech-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
src=/usr/share/pocketsphinx/test/data/librivox
out=audio-fixtures/speech
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# One caller: three utterances by the same LibriVox reader, with pauses and three keypad digits.
sil() { sox -R -n -r 8000 -b 16 -c 1 "$tmp/$1.wav" trim 0 "$2"; }
# A DTMF digit: two tones, each at about -16 dBm0, 80 ms tone + 80 ms gap.
dtmf() { sox -R -n -r 8000 -b 16 -c 1 "$tmp/$1.wav" synth 0.08 sine "$2" sine "$3" remix 1v0.5,2v0.5 gain -13 pad 0 0.08; }
tel() { sox -R "$src/$1" -r 8000 -b 16 -c 1 "$tmp/$2.wav" sinc 300-3400 rate -v 8000; }

sil s0 0.6; sil s1 1.2; sil s2 1.0; sil s3 1.0; sil s4 0.8
tel sense_and_sensibility_01_austen_64kb-0870.wav u1
tel sense_and_sensibility_01_austen_64kb-0880.wav u2
tel sense_and_sensibility_01_austen_64kb-0890.wav u3
dtmf d4 770 1209; dtmf d2 697 1336; dtmf dh 941 1477
sox -R "$tmp"/{s0,u1,s1,d4,d2,dh,s2,u2,s3,u3,s4}.wav -r 8000 -c 1 -e u-law -D \
  "$out/librivox-caller-pcmu.wav"
echo "wrote $out/librivox-caller-pcmu.wav ($(soxi -D "$out/librivox-caller-pcmu.wav") s)"
