# Two commands: `make run` serves the product, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PATH := $(CURDIR)/$(BIN):$(PATH)
comma := ,
# Unified identity (LDAP) login needs python-ldap, which compiles against libldap2-dev and
# libsasl2-dev: install the [ldap] extra where a C compiler and those headers exist (the LDAP
# tests skip, saying why, elsewhere).
LDAP_HEADERS := $(shell [ -f /usr/include/ldap.h ] && [ -f /usr/include/sasl/sasl.h ] \
  && command -v cc >/dev/null && $(PYTHON) -c "import os, sys, sysconfig; \
  sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" \
  2>/dev/null && echo yes)
EXTRAS := $(if $(LDAP_HEADERS),[ldap],)
TEST_EXTRAS := $(if $(LDAP_HEADERS),[test$(comma)ldap],[test])

.PHONY: run test install install-test assets lint format clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".$(EXTRAS)"
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".$(TEST_EXTRAS)"
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
