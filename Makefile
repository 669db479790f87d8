# The two commands that matter: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit integration e2e bench stack-down clean chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[local,dev]'
	$(BIN)/python -m local.bigquery_standin install-extension
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/courtside run

test: $(STAMP) lint chromium
	$(BIN)/python -m pytest -q

# The status page's browser test drives Debian's chromium; as root with apt it is installed, else the test skips loudly.
chromium:
	@test -x /usr/bin/chromium || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y --no-install-recommends chromium || { apt-get update && apt-get install -y --no-install-recommends chromium; } \
	      || echo "*** chromium could not be installed: the status page browser test will be SKIPPED ***"; \
	  else echo "*** chromium missing and not installable here (needs root and apt-get): the browser test will be SKIPPED ***"; fi; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

bench: $(STAMP)
	$(BIN)/python -m bench

stack-down: $(STAMP)
	$(BIN)/courtside stack down

clean:
	rm -rf $(VENV) .courtside .mypy_cache .pytest_cache .ruff_cache
