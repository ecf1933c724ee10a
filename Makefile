# The two commands a fresh machine needs: `make demo` and `make test`. Both install what they
# need first (scripts/setup.sh is idempotent and quick when everything is there).
SWIFT ?= swift
IVR   := .build/release/ivr
DEMO_FIXTURE ?= audio-fixtures/speech/librivox-caller-pcmu.wav
DEMO_CALL    ?= audio-fixtures/calls/irritated-caller
DEMO_VOICE   ?= claims-24x7

.PHONY: setup build test demo bench clean eval-emotion train-emotion

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product ivr

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	@echo "== What the engine hears: ivr analyze $(DEMO_FIXTURE)"
	$(IVR) analyze $(DEMO_FIXTURE) --format text
	@echo
	@echo "== A call replayed with the $(DEMO_VOICE) voice: ivr replay $(DEMO_CALL).wav (stereo recording: demo-call.wav)"
	$(IVR) replay $(DEMO_CALL).wav --voice $(DEMO_VOICE) --out demo-call.wav --expect $(DEMO_CALL).yaml

bench: build
	bash scripts/bench.sh

# The emotion model (README "Emotion model"): RAVDESS in ../shared, release build.
RAVDESS ?= ../shared/corpora/ravdess
EMOTION_FEATURES := Tests/EmotionTests/Fixtures/ravdess-pcmu-features.csv

eval-emotion: build
	$(IVR) emotion eval --corpus $(RAVDESS) | tee bench-results/emotion-eval.txt

train-emotion: build
	$(IVR) emotion features --corpus $(RAVDESS) --channel pcmu --out $(EMOTION_FEATURES)
	$(IVR) emotion train --features $(EMOTION_FEATURES) --out Sources/Emotion/Resources/emotion-model.json \
	    --swift-out Sources/Emotion/EmotionModel+Default.swift --model-version ravdess-pcmu-2025.1 \
	    --trained-on "$$(sed -n 's/^TRAINED_ON=//p' scripts/emotion-model-note.txt)" \
	    --licence "$$(sed -n 's/^LICENCE=//p' scripts/emotion-model-note.txt)"

clean:
	rm -rf .build
