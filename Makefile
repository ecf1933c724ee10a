# The two commands a fresh machine needs: `make demo` and `make test`. Both install what they
# need first (scripts/setup.sh is idempotent and quick when everything is there).
SWIFT ?= swift
IVR   := .build/release/ivr
DEMO_FIXTURE ?= audio-fixtures/speech/telephone-two-speakers.wav

.PHONY: setup build test demo bench clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release --product ivr

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	$(IVR) analyze $(DEMO_FIXTURE) --format text

bench: build
	bash scripts/bench.sh

clean:
	rm -rf .build
