# Two entry points for a fresh machine: `make site` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site serve test check lint typecheck browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## Set up, check the contract and articles, and build the sample site into site/.
site: $(STAMP)
	$(BIN)/scopebook build --strict
	@echo "Built site/. Preview it with: make serve"

## Live preview at http://127.0.0.1:8000 (rebuilds on edits to content/, scope/, theme/).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/scopebook check --strict

## Debian's chromium for the browser tests (needs root or sudo the first time).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi
	@/usr/bin/chromium --version

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

## Set up everything and run the whole test suite, browser tests included.
test: $(STAMP) browser
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_contract.py

clean:
	rm -rf site .site-tmp-* tests/artifacts
