# The two commands that matter: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit integration e2e bench fuzz stack-down clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[local,dev]'
	$(BIN)/python -m local.bigquery_standin install-extension
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/courtside run

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

bench: $(STAMP)
	$(BIN)/python -m bench

fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --examples $(or $(EXAMPLES),100)

stack-down: $(STAMP)
	$(BIN)/courtside stack down

clean:
	rm -rf $(VENV) .courtside .mypy_cache .pytest_cache .ruff_cache
