# Bootstrap a virtual environment at .venv and run the project's jobs.
# Needs only Python 3.11 (with venv) and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The edition make demo crawls: en, or ar (the Arabic site's replica).
EDITION ?= en

.PHONY: demo browse test test-fast lint bench bench-scale clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall when the declared or locked dependencies change.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

## demo: serve the bundled replica on 127.0.0.1, crawl all of it, write data/demo/articles.{jsonl,csv}
##       (EDITION=ar: the Arabic edition's replica, into data/demo/ar/)
demo: $(STAMP)
	$(BIN)/python scripts/demo.py --edition $(EDITION)

# The history make demo writes (EDITION=ar: the Arabic demo's).
DEMO_HISTORY := data/demo/$(if $(filter en,$(EDITION)),,$(EDITION)/)history.sqlite3
BROWSE_PORT ?=

## browse: the demo's history in a web page (scrapy browse, read-only, on 127.0.0.1; EDITION=ar: the Arabic demo's; BROWSE_PORT=N)
browse: $(STAMP)
	@$(if $(filter en ar,$(EDITION)),,echo "EDITION=$(EDITION): the editions are en and ar" >&2; exit 2;) \
	test -f $(DEMO_HISTORY) || { echo "no history at $(DEMO_HISTORY): run make demo$(if $(filter en,$(EDITION)),, EDITION=$(EDITION)) first" >&2; exit 1; }
	$(BIN)/python -m scrapy browse --history $(DEMO_HISTORY) $(if $(BROWSE_PORT),--port $(BROWSE_PORT))

## test: the whole suite (lint included)
test: $(STAMP)
	$(BIN)/python -m pytest

FAST_WORKERS ?= 2

## test-fast: the fast tier: no service, no child process, nothing slow (under a minute)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m fast -n $(FAST_WORKERS)

## bench: every cost target: speed, extraction, memory, requests per run, the corpus (bench/results.json; about 20 min)
bench: $(STAMP)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[bench]'
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }
	$(BIN)/python bench/run.py

# Sizes of make bench-scale; SCALE_ARGS=--million adds 1,000,000 (hours on 2 cores).
SCALE_SIZES ?= 10000,100000
SCALE_ARGS ?=

## bench-scale: the corpus at 10k and 100k articles (1M: SCALE_ARGS=--million), SQLite and PostgreSQL: search, export, re-crawls, size (bench/scale-results.json)
bench-scale: $(STAMP)
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }
	$(BIN)/python bench/scale.py --sizes $(SCALE_SIZES) $(SCALE_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports --no-cache

clean:
	rm -rf build .pytest_cache .ruff_cache data/demo
