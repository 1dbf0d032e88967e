# BlendAdmin: `make run` (app on the embedded sandbox) and `make test` (lint + the suite; the slow
# browser and fuzz tests too when CI is set, as .ci/run runs it).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON312 := $(shell p=$$(pyenv prefix 3.12 2>/dev/null); if [ -x "$$p/bin/python3" ]; then echo "$$p/bin/python3"; else command -v python3.12; fi)
HOST ?= 127.0.0.1
PORT ?= 8000
SANDBOX_PORT ?= 8001
# The sandbox's orders move by themselves this many times faster than at Blend (0: never).
BLEND_SANDBOX_PROGRESS ?= 120

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

# The web server and the queue worker are two processes, so without a configured Blend (environment
# or .env) they share one sandbox served over HTTP on SANDBOX_PORT, as gunicorn's workers do. The
# sandbox and the worker run in the background and stop with the server (Ctrl+C stops all three).
# webhook_setup subscribes the server to Blend's events and generates the webhook secret.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	@set -e; trap 'kill $$worker $$sandbox 2>/dev/null; wait' EXIT; \
	if [ -z "$$(DEBUG=1 $(PY) manage.py shell -v0 -c 'from django.conf import settings; print(settings.BLEND_API_URL)')" ]; then \
	  if (exec 3<>/dev/tcp/127.0.0.1/$(SANDBOX_PORT)) 2>/dev/null; then \
	    echo "Port $(SANDBOX_PORT) is taken: choose another with SANDBOX_PORT=..."; exit 1; fi; \
	  DEBUG=1 BLEND_SANDBOX_PROGRESS=$(BLEND_SANDBOX_PROGRESS) $(PY) manage.py blend_sandbox --port $(SANDBOX_PORT) & sandbox=$$!; \
	  export BLEND_API_URL=http://127.0.0.1:$(SANDBOX_PORT)/api/v1 BLEND_API_EMAIL=sandbox@example.com BLEND_API_PASSWORD=sandbox; \
	  until (exec 3<>/dev/tcp/127.0.0.1/$(SANDBOX_PORT)) 2>/dev/null; do kill -0 $$sandbox; sleep 0.2; done; \
	fi; \
	DEBUG=1 $(PY) manage.py seed_demo_users; \
	DEBUG=1 $(PY) manage.py webhook_setup --url http://$(HOST):$(PORT)/webhooks/blend/; \
	DEBUG=1 $(PY) manage.py run_worker --no-reload & worker=$$!; \
	echo ""; echo "  BlendAdmin on the Blend sandbox: http://$(HOST):$(PORT)/ (queue worker running)"; echo ""; \
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
