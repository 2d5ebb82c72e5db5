# Everything runs from the project's own virtual environment, .venv; nothing is installed outside this folder.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck unit bench bench-http soak fuzz eval lock clean

install: $(STAMP) ## create or refresh .venv from the lock file

# The first two pip steps are exactly the Dockerfile's; then the dev tools, and the package in editable form.
PIP := $(BIN)/python -m pip --disable-pip-version-check install --quiet
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --require-hashes -r requirements-dev.lock
	$(PIP) --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: install ## run the bot: Slack when credentials are set, else the console chat
	$(BIN)/accord-bot run

test: lint typecheck unit ## ruff, mypy and the whole test suite

lint: install
	$(BIN)/ruff check bot tests scripts
	$(BIN)/ruff format --check bot tests scripts
	$(BIN)/hadolint Dockerfile

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/accord-bot kb check
	$(BIN)/pytest -q

bench: install ## per-answer latency and cold start
	$(BIN)/python scripts/bench_answer.py

fuzz: install ## property tests of answer() with 10,000+ examples each
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q tests/answering/test_properties.py

bench-http: install ## signed slash commands over loopback with wrk (Debian package) vs a bare endpoint
	@command -v wrk >/dev/null || { echo "bench-http needs wrk: apt-get install wrk"; exit 2; }
	$(BIN)/python scripts/bench_http.py

soak: install ## 10,000 mixed signed requests, then the counts: lost, 5xx, events answered once
	$(BIN)/python scripts/soak.py

SHARED_EVAL := ../shared/eval
eval: install ## score the development set (../shared/eval) if present, and our own held-out sets (tests/questions)
	@if [ -f $(SHARED_EVAL)/dev.jsonl ]; then \
	  $(BIN)/python $(SHARED_EVAL)/score.py $(SHARED_EVAL)/dev.jsonl --cmd "$(BIN)/accord-bot ask --json -" --show-failures; \
	else echo "no $(SHARED_EVAL)/dev.jsonl beside this clone: scoring our own sets only"; fi
	@for f in tests/questions/*.jsonl; do echo "== $$f"; $(BIN)/accord-bot eval $$f | head -16; done

UV := PYTHONPATH=.lock-tools .lock-tools/bin/uv pip compile --generate-hashes --python-version 3.11 --no-header
lock: ## re-resolve both lock files from pyproject.toml (needs network)
	$(PYTHON) -m pip install --quiet --target .lock-tools uv
	$(UV) pyproject.toml requirements-build.in -o requirements.lock
	$(UV) pyproject.toml --extra dev -c requirements.lock -o requirements-dev.lock
	rm -rf .lock-tools

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build *.egg-info
