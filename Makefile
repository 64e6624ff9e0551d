# mbs-warehouse: the two commands are `make warehouse` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The loader and dbt write the build file; mbs-publish atomically replaces the serving file with it.
WAREHOUSE ?= $(or $(MBS_WAREHOUSE),build/mbs.duckdb)
SERVING ?= $(or $(MBS_SERVING),warehouse/mbs.duckdb)

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
# A data build leaves out the dbt unit tests: they test the models' logic on given rows, not the data, and
# `make test` runs them (tests/python/test_dbt_unit_tests.py).
DBT_BUILD := $(BIN)/dbt build --exclude-resource-type unit_test

.PHONY: warehouse test lint load fetch build bench bench-floor fuzz venv clean

# Virtualenv with the pinned dependencies (re-installed when a pyproject.toml changes): the runtime
# package (loaders: mbs-load, mbs-publish) and the development tools (devtools/: the simulator, mbs-synth).
$(BIN)/.installed: pyproject.toml setup.py devtools/pyproject.toml loaders/_tables_native.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps -e ./devtools
	touch $@

# The oldest DuckDB release the warehouse file is claimed to open in (README, compatibility matrix):
# its Python client beside the venv, for tests/python/test_compatibility.py.
OLDEST_DUCKDB := 1.5.0
$(VENV)/compat/duckdb-$(OLDEST_DUCKDB)/.installed: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --no-deps --target $(VENV)/compat/duckdb-$(OLDEST_DUCKDB) duckdb==$(OLDEST_DUCKDB)
	touch $@

venv: $(BIN)/.installed $(VENV)/compat/duckdb-$(OLDEST_DUCKDB)/.installed

## Load the bundled sample filing, build and test every model, publish; print where the warehouse is.
warehouse: venv
	$(BIN)/mbs-load data/sample --warehouse $(WAREHOUSE) && \
	MBS_WAREHOUSE=$(WAREHOUSE) $(DBT_BUILD) && \
	$(BIN)/mbs-publish --from $(WAREHOUSE) --to $(SERVING)
	@echo ""
	@echo "Warehouse: $(abspath $(SERVING))"
	@echo "Query it:  $(BIN)/duckdb -readonly $(SERVING) -c \"select class_name, ending_balance, ending_factor from marts.fact_class_distribution order by class_id\""

## Load your own filings: make load FILINGS=path/to/folder
load: venv
	$(BIN)/mbs-load $(FILINGS) --warehouse $(WAREHOUSE)

## Fetch filings from EDGAR into FETCH_OUT and load them into the build warehouse, e.g.
##   make fetch CIK=1216897 SINCE=2003-01-01 USER_AGENT="Jane Doe jane@example.com"
## (also COMPANY, FORMS, UNTIL, SIC; any other mbs-fetch option in FETCH_ARGS). Then: make build.
FETCH_OUT ?= filings
fetch: venv
	$(BIN)/mbs-fetch --out $(FETCH_OUT) --load --warehouse $(WAREHOUSE) \
		$(if $(CIK),--cik $(CIK)) $(if $(COMPANY),--company '$(COMPANY)') $(if $(FORMS),--forms $(FORMS)) \
		$(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL)) $(if $(SIC),--sic $(SIC)) \
		$(if $(USER_AGENT),--user-agent '$(USER_AGENT)') $(FETCH_ARGS)

## Rebuild the dbt models and tests on the build warehouse, then publish it (only if the build passed).
build: venv
	MBS_WAREHOUSE=$(WAREHOUSE) $(DBT_BUILD) && \
	$(BIN)/mbs-publish --from $(WAREHOUSE) --to $(SERVING)

## Lint SQL (sqlfluff, dbt templater on an in-memory target) and Python (ruff).
lint: venv
	$(BIN)/ruff check loaders devtools tests bench
	$(BIN)/ruff format --check loaders devtools tests bench
	$(BIN)/sqlfluff lint models tests/dbt

## Lint, then pytest: unit tests, loads into real DuckDB files, dbt builds on the test fixtures.
## Two workers (pytest-xdist), one per core; a test module's fixtures stay on one worker.
TEST_WORKERS ?= 2
test: venv lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope

## Long fuzzing run (make test runs a short budget): FUZZ_EXAMPLES mutated filings.
fuzz: venv
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-2000} $(BIN)/pytest tests/python/test_fuzz.py -p no:cacheprovider

## Benchmark at scale (simulated corpora; BENCH_SIZES=1000,10000 to choose): bench/results.md
bench: venv
	$(BIN)/python bench/run.py

## What DuckDB alone can land per second on this machine (needs the 1k corpus of make bench)
bench-floor: venv
	$(BIN)/python bench/land_floor.py

clean:
	rm -rf build target logs .pytest_cache
