# The two commands that matter: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

LOCK := requirements.lock
UV_VERSION := 0.13.8

.PHONY: run test lint unit integration e2e bench soak fuzz stack-down clean lock chromium

# Every package at the version requirements.lock pins (the images install from the same lock).
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[local,dev]'
	# local/, bench/ and tests/ are not in the wheel: the checkout itself goes on the virtualenv's path.
	$(BIN)/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_path("purelib"), "courtside-checkout.pth").write_text("$(CURDIR)\n")'
	$(BIN)/python -m local.bigquery_standin install-extension
	touch $(STAMP)

# Re-pin every dependency (runtime and extras) after editing pyproject.toml; commit the lock with it.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --all-extras --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu -o $(LOCK)

run: $(STAMP)
	$(BIN)/courtside run

# Three workers on CI's 2 cores (much of the suite waits on served processes; measured 535 s against 578 s with two),
# one module per worker at a time so module fixtures are built once, long modules first; the 20 slowest listed.
test: $(STAMP) lint chromium
	$(BIN)/python -m pytest -q -n 3 --dist loadscope --durations=20

# The status page's browser test drives Debian's chromium; as root with apt it is installed, else the test skips loudly.
chromium:
	@test -x /usr/bin/chromium || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y --no-install-recommends chromium || { apt-get update && apt-get install -y --no-install-recommends chromium; } \
	      || echo "*** chromium could not be installed: the status page browser test will be SKIPPED ***"; \
	  else echo "*** chromium missing and not installable here (needs root and apt-get): the browser test will be SKIPPED ***"; fi; }

# ruff, mypy, and the layering contracts in .importlinter (ARCHITECTURE.md states the same rules).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests/unit

bench: $(STAMP)
	$(BIN)/python -m bench

# A whole regular season under the hostile profile on a stack of its own (resumable: run it again after Ctrl-C).
soak: $(STAMP)
	$(BIN)/courtside season

fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz --examples $(or $(EXAMPLES),100) --seed $(or $(SEED),19)

stack-down: $(STAMP)
	$(BIN)/courtside stack down

clean:
	rm -rf $(VENV) .courtside .mypy_cache .pytest_cache .ruff_cache
