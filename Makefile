# Two commands: `make run` serves the product, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: run test install install-test assets lint format clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json
	$(BIN)/python scripts/copy_assets.py

run: install assets
	$(BIN)/fengqiao migrate --noinput -v0
	$(BIN)/fengqiao collectstatic --noinput -v0
	$(BIN)/fengqiao demo --if-empty
	$(BIN)/fengqiao serve --port $(PORT)

test: install-test assets
	$(BIN)/python -m pytest

lint:
	$(BIN)/ruff check fengqiao tests benchmarks scripts
	$(BIN)/ruff format --check fengqiao tests benchmarks scripts

format:
	$(BIN)/ruff format fengqiao tests benchmarks scripts
	$(BIN)/ruff check --fix fengqiao tests benchmarks scripts

clean:
	rm -rf $(VENV) node_modules fengqiao/static/vendor
