# mbs-warehouse: the two commands are `make warehouse` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WAREHOUSE ?= $(or $(MBS_WAREHOUSE),warehouse/mbs.duckdb)

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := False

.PHONY: warehouse test lint load build bench venv clean

# Virtualenv with the pinned dependencies (re-installed when pyproject.toml changes).
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

## Load the bundled sample filing, build and test every model; print where the warehouse is.
warehouse: venv
	$(BIN)/mbs-load data/sample --warehouse $(WAREHOUSE)
	MBS_WAREHOUSE=$(WAREHOUSE) $(BIN)/dbt build
	@echo ""
	@echo "Warehouse: $(abspath $(WAREHOUSE))"
	@echo "Query it:  $(BIN)/duckdb -readonly $(WAREHOUSE) -c \"select class_name, ending_balance, ending_factor from marts.fact_class_distribution order by class_id\""

## Load your own filings: make load FILINGS=path/to/folder
load: venv
	$(BIN)/mbs-load $(FILINGS) --warehouse $(WAREHOUSE)

## Rebuild the dbt models and tests on the current warehouse.
build: venv
	MBS_WAREHOUSE=$(WAREHOUSE) $(BIN)/dbt build

## Lint SQL (sqlfluff, dbt templater on an in-memory target) and Python (ruff).
lint: venv
	$(BIN)/ruff check loaders tests bench
	$(BIN)/ruff format --check loaders tests bench
	$(BIN)/sqlfluff lint models tests/dbt

## Lint, then pytest: unit tests, loads into real DuckDB files, dbt builds on the test fixtures.
test: venv lint
	$(BIN)/pytest

## Benchmark at scale (simulated corpora; BENCH_SIZES=1000,10000 to choose): bench/results.md
bench: venv
	$(BIN)/python bench/run.py

clean:
	rm -rf build target logs .pytest_cache
