# Everything runs from the project's own virtual environment, .venv; nothing is installed outside this folder.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck unit bench eval lock clean

install: $(STAMP) ## create or refresh .venv from the lock file

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: install ## run the bot: Slack when credentials are set, else the console chat
	$(BIN)/accord-bot run

test: lint typecheck unit ## ruff, mypy and the whole test suite

lint: install
	$(BIN)/ruff check bot tests scripts
	$(BIN)/ruff format --check bot tests scripts

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/accord-bot kb check
	$(BIN)/pytest -q

bench: install ## per-answer latency and cold start
	$(BIN)/python scripts/bench_answer.py

eval: install ## score the development question set
	$(BIN)/python ../shared/eval/score.py ../shared/eval/dev.jsonl --cmd "$(BIN)/accord-bot ask --json -" --show-failures

lock: ## re-resolve requirements.lock from pyproject.toml (needs network)
	$(PYTHON) -m pip install --quiet --target .lock-tools uv
	PYTHONPATH=.lock-tools .lock-tools/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.11 --no-header -o requirements.lock
	rm -rf .lock-tools

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build *.egg-info
