#!/usr/bin/env bash
# `make demo`, third part: a live call on loopback. Starts `ivr serve`, places a call with
# `ivr call` (a fixture caller streamed as RTP in real time), prints the transcript and the
# caller's emotion per turn, and stops the server (SIGTERM: graceful shutdown).
set -euo pipefail
IVR=${IVR:-.build/release/ivr}
CALL=${1:-audio-fixtures/calls/irritated-caller.wav}
PORT=${DEMO_HTTP_PORT:-18080}
TOKEN="demo-$RANDOM$RANDOM"
log=$(mktemp)
"$IVR" serve --http-port "$PORT" --token "$TOKEN" --rtp-ports 24000-24099 --log-level warning >"$log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 600); do
  grep -q "control API on" "$log" && break
  kill -0 $server 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
grep "control API on" "$log"
"$IVR" call "$CALL" --server "http://127.0.0.1:$PORT" --token "$TOKEN" --out demo-live-call.wav
echo "(stereo recording of the live call: demo-live-call.wav)"
