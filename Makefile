# researchlib: `make run` builds everything from data/raw; `make test` checks it.
# Every target sets up .venv first (idempotent: a second `make setup` takes seconds).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.researchlib-installed
RAW    ?= data/raw
OUT    ?= data/processed
REPORTS ?= reports
GRID   ?= notebooks/grids/default.yaml
JOBS   ?=
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.DEFAULT_GOAL := help
.PHONY: help setup run prepare batch korean test test-pure lint lab bench verify clean lock

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml researchlib/_speedups.c
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install the locked dependencies and researchlib (editable)

prepare: setup ## clean, split, attribute, score and frame data/raw into data/processed
	$(BIN)/researchlib prepare $(RAW) --out $(OUT)

batch: setup ## run the report notebooks over the default grid into reports/
	$(BIN)/researchlib batch --grid $(GRID) --out $(REPORTS) $(if $(JOBS),--workers $(JOBS))

run: prepare batch ## the main job: prepare, then batch; ends with the path of reports/index.html

KOREAN ?= ../shared/corpora/dprk_new_year_addresses_ko/data
SOTU   ?= ../shared/corpora/us_sotu
TIMELINE_GRID ?= notebooks/grids/timeline.yaml
korean: setup ## prepare the DPRK New Year addresses (Korean) and the US State of the Union (English) from ../shared, then render the timeline reports into reports/timeline
	@if [ -d "$(KOREAN)" ] && [ -d "$(SOTU)" ]; then \
	  $(BIN)/researchlib prepare $(KOREAN) --out $(OUT)/korean && \
	  $(BIN)/researchlib prepare $(SOTU) --out $(OUT)/us_sotu && \
	  $(BIN)/researchlib batch --grid $(TIMELINE_GRID) --out $(REPORTS)/timeline $(if $(JOBS),--workers $(JOBS)); \
	else echo "make korean: $(KOREAN) or $(SOTU) is absent; nothing to do"; fi

test: setup ## run the test suite
	$(BIN)/python -m pytest

test-pure: setup ## the test suite again on the pure-Python path (RESEARCHLIB_PURE_PYTHON=1: no compiled module)
	RESEARCHLIB_PURE_PYTHON=1 $(BIN)/python -m pytest

lint: setup ## ruff over the package, tests and benchmarks; strip outputs and editor metadata from notebooks/
	$(BIN)/ruff check researchlib tests benchmarks
	$(BIN)/python -m researchlib.batch.strip notebooks/*.ipynb

lab: setup ## open JupyterLab with the project's environment as the kernel
	$(BIN)/jupyter lab notebooks/

bench: setup ## run every benchmark, print ratios against their baselines, update benchmarks/RESULTS.md
	$(BIN)/python benchmarks/run_all.py

verify: setup ## re-execute the last batch in a temporary folder and compare
	$(BIN)/researchlib verify $(REPORTS)

lock: ## re-resolve dependencies into requirements.lock (needs the package index)
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -viE '^(researchlib|pip)=' | sort -f > requirements.lock

clean: ## remove generated outputs (never data/raw)
	find $(OUT) -mindepth 1 ! -name README.md -exec rm -rf {} +
	find $(REPORTS) -mindepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache .hypothesis
