# The two commands a fresh machine needs: `make demo` and `make test`. Both install what they
# need first (scripts/setup.sh is idempotent and quick when everything is there).
SWIFT ?= swift
IVR   := .build/release/ivr
comma := ,
DEMO_FIXTURE ?= audio-fixtures/speech/librivox-caller-pcmu.wav
DEMO_CALL    ?= audio-fixtures/calls/irritated-caller
DEMO_VOICE   ?= claims-24x7

.PHONY: setup build test demo bench clean eval-emotion train-emotion

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product ivr

# The live-call tests (and the records tests on a real server: kill -9 with 40 calls, shutdown) run
# real-time RTP against real peers (ffmpeg): they run after the rest, on
# a machine no longer busy with the CPU-heavy suites, against the release build a server runs
# (a debug build renders a line with a caller's value ~150 ms slower), so their timing measures
# the engine.
# (NetworkPlayoutTests, in the LiveCallTests module, runs calls on a virtual clock: CPU-heavy, not
# real-time, so with the unit tests.)
LIVE_TESTS := LiveCallTests\.(?!NetworkPlayoutTests)|FFmpegPeerTests|KillNineTests|ShutdownDeadlineTests
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip "$(LIVE_TESTS)"
	$(SWIFT) build -c release --product ivr
	IVR_TEST_BINARY=.build/release/ivr $(SWIFT) test --skip-build --filter "$(LIVE_TESTS)"

demo: build
	@echo "== What the engine hears: ivr analyze $(DEMO_FIXTURE)"
	$(IVR) analyze $(DEMO_FIXTURE) --format text
	@echo
	@echo "== A call replayed with the $(DEMO_VOICE) voice: ivr replay $(DEMO_CALL).wav (stereo recording: demo-call.wav)"
	$(IVR) replay $(DEMO_CALL).wav --voice $(DEMO_VOICE) --out demo-call.wav --expect $(DEMO_CALL).yaml
	@echo
	@echo "== A live call: ivr serve, then ivr call streams $(DEMO_CALL).wav as RTP in real time"
	IVR=$(IVR) bash scripts/demo-live-call.sh $(DEMO_CALL).wav

bench: build
	bash scripts/bench.sh

# The emotion model (README "Emotion model"): RAVDESS (English, 16 kHz) and nEMO (Polish, 8 kHz
# mu-law) in ../shared, release build. Each corpus is analysed through the lines into feature
# tables; the committed ones (RAVDESS on every line, nEMO on pcmu) train the shipped model and
# feed the tests. The model is fitted on pcmu; the other lines teach it what a change of line
# moves. nEMO's other lines are only needed by the evaluation (cached under .build).
RAVDESS ?= ../shared/corpora/ravdess
NEMO ?= ../shared/corpora/nemo
FIXTURES := Tests/EmotionTests/Fixtures
EMOTION_AUGMENT := pcmu+10,pcmu-10,pcma,l16,opus-nb,opus-wb
EMOTION_LINES := pcmu $(subst $(comma), ,$(EMOTION_AUGMENT))
EMOTION_TABLES := $(FIXTURES)/ravdess-pcmu-features.csv $(FIXTURES)/nemo-pcmu-features.csv \
	$(foreach l,$(filter-out pcmu,$(EMOTION_LINES)),$(FIXTURES)/ravdess-$(l)-features.csv)
NEMO_LINE_TABLES := $(foreach l,$(filter-out pcmu,$(EMOTION_LINES)),.build/emotion-tables/nemo-$(l)-features.csv)
# Calm calls of two IVR voices (not the calm-speech check's): the probability irritated/anxious
# need is raised until they are within 5 % (with the cost matrix it stays at 0).
CALM_CALLS := $(FIXTURES)/calm-calibration-features.csv
# Where the calm speech of both lives on this machine (Debian packages, scripts/setup.sh): data
# files, not code. CALM_VOICES makes the calibration calls; CALM_CLIPS is the false-alarm check's
# held-out speech (never trained or calibrated on), also the speech `eval` times the model on.
CALM_VOICES := scripts/emotion-calm-speech/calibration-voices.txt
CALM_CLIPS := scripts/emotion-calm-speech/check-clips.txt
EMOTION_MODEL_VERSION := ravdess-nemo-2026.4

.build/emotion-tables/nemo-%-features.csv: | build
	@mkdir -p .build/emotion-tables
	$(IVR) emotion features --corpus $(NEMO) --channel=$* --out $@

eval-emotion: build $(NEMO_LINE_TABLES)
	$(IVR) emotion eval $(foreach t,$(EMOTION_TABLES) $(NEMO_LINE_TABLES),--features $(t)) --calibration $(CALM_CALLS) --calm-clips $(CALM_CLIPS) | tee bench-results/emotion-eval.txt

train-emotion: build
	for l in $(EMOTION_LINES); do \
	  $(IVR) emotion features --corpus $(RAVDESS) --channel=$$l --out $(FIXTURES)/ravdess-$$l-features.csv || exit 1; \
	done
	$(IVR) emotion features --corpus $(NEMO) --channel=pcmu --out $(FIXTURES)/nemo-pcmu-features.csv
	$(IVR) emotion calm-calls --voices $(CALM_VOICES) --out $(CALM_CALLS)
	$(IVR) emotion train $(foreach t,$(EMOTION_TABLES),--features $(t)) --calibration $(CALM_CALLS) --out Sources/Emotion/Resources/emotion-model.json \
	    --swift-out Sources/Emotion/EmotionModel+Default.swift --model-version $(EMOTION_MODEL_VERSION) \
	    --trained-on "$$(sed -n 's/^TRAINED_ON=//p' scripts/emotion-model-note.txt)" \
	    --licence "$$(sed -n 's/^LICENCE=//p' scripts/emotion-model-note.txt)"

clean:
	rm -rf .build
