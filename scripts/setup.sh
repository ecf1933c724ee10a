#!/usr/bin/env bash
# Installs the Debian packages the engine and its tests need. Idempotent: installs only what is
# missing, so `make test` / `make demo` can call it every time at little cost.
set -euo pipefail

# Libraries the engine links against (headers + pkg-config files).
BUILD_PKGS=(pkg-config libsndfile1-dev libopus-dev libfftw3-dev libwebrtc-audio-processing-dev
            libespeak-ng-dev espeak-ng libspandsp-dev libspeexdsp-dev)
# Real speech and real peers used by the tests and the demo (no run-time dependency).
TEST_PKGS=(pocketsphinx-testdata codec2-examples sox ffmpeg)
# A PostgreSQL server for the call records tests (started by the tests in a temporary folder).
TEST_PKGS+=(postgresql)
# Calm read speech the emotion model never trained on, for its false-alarm check (README
# "Emotion model"): professional IVR prompts of five women and calm game dialogue of several
# men (Czech dub).
TEST_PKGS+=(asterisk-core-sounds-en-gsm asterisk-core-sounds-fr-gsm asterisk-core-sounds-ru-gsm
            asterisk-prompt-es-co asterisk-prompt-it-menardi-gsm fillets-ng-data-cs)
# Calm IVR voices the model is calibrated on (other voices than the check's): an Italian man
# (installed) and a French woman, asterisk-prompt-fr-armelle, which conflicts with
# asterisk-core-sounds-fr-gsm, so it is unpacked beside, not installed.
TEST_PKGS+=(asterisk-core-sounds-it-gsm)
UNPACKED_PKGS=(asterisk-prompt-fr-armelle)
UNPACK_ROOT=/usr/local/share/ivr-engine
# Reference tools used only to regenerate committed references (scripts/praat-pitch-reference.sh).
EXTRA_PKGS=()
if [[ "${1:-}" == "--with-praat" ]]; then EXTRA_PKGS=(praat); fi

missing=()
for p in "${BUILD_PKGS[@]}" "${TEST_PKGS[@]}" "${EXTRA_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
unpack=()
for p in "${UNPACKED_PKGS[@]}"; do [[ -d "$UNPACK_ROOT/$p" ]] || unpack+=("$p"); done
if ((${#missing[@]} == 0 && ${#unpack[@]} == 0)); then exit 0; fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if ((${#missing[@]} > 0)); then
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for p in "${unpack[@]}"; do
  echo "setup: unpacking $p into $UNPACK_ROOT/$p" >&2
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq "$p" 2>/dev/null)
  $SUDO mkdir -p "$UNPACK_ROOT/$p.partial"
  $SUDO dpkg-deb -x "$tmp"/*.deb "$UNPACK_ROOT/$p.partial"
  $SUDO mv "$UNPACK_ROOT/$p.partial" "$UNPACK_ROOT/$p"
  rm -rf "$tmp"
done
