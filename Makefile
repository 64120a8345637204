# OpenQI: `make run` to try it, `make test` to check it. Both set everything up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run serve smoke test lint typecheck contracts unit browser worker install install-dev lock clean sbom mutation

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3

$(VENV)/.runtime: requirements.lock | $(VENV)/bin/activate
	bash scripts/ensure-weasyprint.sh
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock | $(VENV)/bin/activate
	bash scripts/ensure-weasyprint.sh
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@ $(VENV)/.runtime

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.runtime node_modules/.installed
install-dev: $(VENV)/.dev node_modules/.installed

# The demo with its task worker beside it (emails print to the console); links use this port.
run: install
	PORT=$(PORT) bash scripts/run.sh

# A task worker on its own with `make run`'s settings (`make run` already starts one).
worker: install
	DEBUG=1 DEMO_MODE=1 SITE_URL=http://127.0.0.1:$(PORT) $(MANAGE) db_worker

# Production on one machine: deploy checks, collectstatic, migrate, gunicorn and the task worker.
serve: install
	PORT=$(PORT) bash scripts/serve.sh

# `make serve` on a fresh PostgreSQL database, driven through the real sign-in form (CI runs it).
smoke: install
	bash scripts/smoke.sh

# Test runs keep compiled bytecode, and pytest's assertion-rewritten test modules, in .pycache/:
# with PYTHONDONTWRITEBYTECODE=1 (this container sets it) every pytest process, each xdist worker
# and each of CI's two `make test` runs compiled all ~300 test modules again; the same for the
# ~420 Jinja2 templates (openqi/test_settings.py, docs/testing.md).
PYCACHE := $(CURDIR)/.pycache
lint typecheck contracts unit browser: export PYTHONDONTWRITEBYTECODE :=
lint typecheck contracts unit browser: export PYTHONPYCACHEPREFIX := $(PYCACHE)
lint typecheck contracts unit browser: export JINJA_BYTECODE_CACHE := $(PYCACHE)/jinja2

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -c pyproject.toml -r openqi scripts -q

typecheck: install-dev
	$(VENV)/bin/mypy openqi --exclude openqi/spc
	$(VENV)/bin/mypy --strict openqi/spc --exclude openqi/spc/tests --cache-dir .mypy_cache/strict

contracts: install-dev
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q -p no:randomly openqi/core/tests/test_import_rules.py openqi/core/tests/test_import_contracts.py

unit: install-dev
	$(PY) -m pytest -m "not browser" -n 2 -q

# Two workers, as the unit run: each has its own live server, test database, media folder and
# Chromium (session fixtures are per worker), and much of a browser test is waiting for a page.
browser: install-dev
	bash scripts/ensure-chromium.sh
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -m browser -n 2 -q

test: lint typecheck contracts unit browser

# A CycloneDX SBOM of the pinned runtime set (docs/dependencies.md); CI prints it.
sbom: install-dev
	$(PY) scripts/sbom.py --output sbom.json

# Mutation testing of the statistics engine (docs/spc.md): slow (tens of minutes), not part of
# `make test` or CI. mutmut and its terminal UI live in their own virtualenv, out of the lock files.
# One module at a time on a shared machine: make mutation MUTATE='openqi.spc.icons.*' MUTATION_CHILDREN=1
MUTATE ?= openqi.spc.*
MUTATION_CHILDREN ?= 2
mutation: install-dev
	test -x .venv-mutation/bin/mutmut || ($(PYTHON) -m venv .venv-mutation && \
	  .venv-mutation/bin/pip install --quiet -r requirements-dev.lock mutmut==3.8.1)
	rm -rf mutants
	.venv-mutation/bin/mutmut run --max-children $(MUTATION_CHILDREN) "$(MUTATE)" || true
	.venv-mutation/bin/python scripts/mutation_report.py

lock:
	rm -rf /tmp/openqi-lock && $(PYTHON) -m venv /tmp/openqi-lock
	/tmp/openqi-lock/bin/pip install --quiet -e .
	/tmp/openqi-lock/bin/pip freeze --exclude-editable > requirements.lock
	/tmp/openqi-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/openqi-lock/bin/pip freeze --exclude-editable > requirements-dev.lock

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
