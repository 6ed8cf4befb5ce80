# Every target creates .venv on first use, so a fresh clone needs nothing but Python 3.11+.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint serve sandbox bench clean clean-data

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/invoiced-netsuite demo

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

serve: $(STAMP)
	$(BIN)/invoiced-netsuite serve --demo --port $(PORT)

sandbox: $(STAMP)
	$(BIN)/invoiced-netsuite sandbox serve --seed demo

# Issue 15's table for this machine (about ten minutes on two cores); ARGS=--large for the 100k sizes,
# ARGS="--json bench.json" to keep it. PostgreSQL's row uses BENCH_DATABASE_URL (its schema is wiped).
bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

# The virtualenv and caches only: ./data holds the embedded ledger and the key that opens its secrets.
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

clean-data:
	rm -rf data
