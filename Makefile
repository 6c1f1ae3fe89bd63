# The README's two commands are `make run` and `make test`; everything else serves them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements-dev.lock | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)
CSS := static/build/app.css static/build/print.css
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup check lint format bench stop-db clean-db help lock audit-deps load

help:
	@echo "make run    set everything up and serve the demo on http://$(HOST):$(PORT), with the worker"
	@echo "make test   lint, type-check and run the whole test suite"
	@echo "make bench  measure the audit log, exports, the decision log, the home page and the question pages at scale (slow)"
	@echo "make stop-db   stop the embedded PostgreSQL server, unless a process still uses it"
	@echo "make clean-db  stop it and delete its data (var/postgres)"
	@echo "make lock      regenerate the hashed lock files from pyproject.toml"
	@echo "make audit-deps  check the locked dependencies for known vulnerabilities (pip-audit)"
	@echo "make load      5 minutes of locust against gunicorn on loopback, then verify_audit"

# Dependencies come from the hashed lock file (docs/adr/0016): pip refuses any file whose
# hash is not in it. The project itself is then installed without its dependencies.
$(STAMP): pyproject.toml requirements-dev.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-*
	touch $@

$(CSS): $(NODE_STAMP) $(wildcard assets/scss/*.scss)
	npm run --silent build

setup: $(STAMP) $(CSS)

run: setup
	@# Migrations run as the owner role; everything else as the runtime role (ADR 0017).
	$(PY) manage.py migrate --database owner --noinput
	$(PY) manage.py demo_data
	$(PY) manage.py audit_checkpoint
	@# The procrastinate worker (checkpoints every minute, ADR 0019) runs beside runserver.
	@# Ctrl-C ends runserver and the worker; the shell outlives the Ctrl-C, makes sure the
	@# worker has stopped (or stops it, if runserver ended some other way) and then stops
	@# the embedded server (stop-db's rule: not while anything else uses it).
	trap : INT TERM HUP; $(PY) manage.py procrastinate worker & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT); status=$$?; \
	kill -TERM $$worker 2>/dev/null; wait $$worker; \
	$(PY) -m config.embedded stop >/dev/null 2>&1; exit $$status

check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/lint_rules.py

test: setup check
	$(PY) -m pytest

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	$(PY) -m bench
	$(PY) -m bench.cases
	$(PY) -m bench.review
	$(PY) -m bench.questions
	$(PY) -m bench.pdf_engines

# Lock files: requirements.lock (what production runs; the Dockerfile installs it) and
# requirements-dev.lock (that and the development tools; make setup and CI install it).
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links --no-emit-trusted-host
lock: $(STAMP)
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) --output-file requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile $(LOCK_FLAGS) --extra dev --output-file requirements-dev.lock pyproject.toml

audit-deps: $(STAMP)
	@scripts/audit_deps.sh $(VENV)/bin/pip-audit requirements.lock

load: setup
	@scripts/load.sh

# The embedded server stops by itself when the last process using it exits (docs/adr/0002);
# this is for one left behind, e.g. by a process killed with SIGKILL.
stop-db:
	@if [ -x $(PY) ]; then $(PY) -m config.embedded stop; fi

clean-db: stop-db
	rm -rf var/postgres var/postgres.users
