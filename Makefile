# BlendAdmin: `make run` (app on the embedded sandbox) and `make test` (lint + the suite; the slow
# browser and fuzz tests too when CI is set, as .ci/run runs it).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON312 := $(shell p=$$(pyenv prefix 3.12 2>/dev/null); if [ -x "$$p/bin/python3" ]; then echo "$$p/bin/python3"; else command -v python3.12; fi)
HOST ?= 127.0.0.1
PORT ?= 8000

# By hand the slow tests (browser, fuzz) are skipped; CI=1 runs them too (they need Debian's chromium).
SLOW := $(if $(CI),,-m "not slow")

.PHONY: run test test-only lint install install-dev sandbox bench bench-load clean

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON312)" || { echo "Python 3.12 not found (pyenv 3.12 or python3.12 on PATH)"; exit 1; }
	test -x $(PY) || $(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo_users
	@echo ""
	@echo "  BlendAdmin on the embedded Blend sandbox: http://$(HOST):$(PORT)/"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install-dev lint test-only

test-only:
	$(VENV)/bin/pytest -n 2 $(SLOW) $(PYTEST_ARGS)

sandbox: install
	DEBUG=1 $(PY) manage.py blend_sandbox --port 8001

bench: install-dev
	$(PY) bench/pages.py $(BENCH_ARGS)

bench-load: install-dev
	$(PY) bench/load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
