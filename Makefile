# The two commands: `make run` (demo portal on SQLite, tasks eager) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run migrate seed test lint format bench loadtest faults scan worker beat clean audit

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Serving http://$(HOST):$(PORT)/ (demo logins in README.md)"
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates core/templates --lint
	$(VENV)/bin/djlint templates core/templates --check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates core/templates --reformat

# Most tests on every core (pytest-xdist; each worker has its own test database and Redis
# cache database); then, one at a time, the browser journeys (live server) and the tests of
# real services (a Celery worker thread reads the shared broker queue).
test: lint
	$(PY) -m pytest -n auto --maxprocesses 4 -m "not system and not services"
	$(PY) -m pytest -m "system or services"

# Known vulnerabilities in the installed dependencies, from PyPI's advisory data. Needs
# PyPI's per-release JSON pages (not reachable from every build network: see README).
audit: install
	$(VENV)/bin/pip-audit --strict --progress-spinner off

# 200 staff sending surveys for 5 minutes while OD leads read dashboards, on PostgreSQL,
# Redis and a real Celery worker (both must answer on 127.0.0.1, as for `make bench`).
loadtest: install
	$(PY) -m pip install --quiet -e '.[load]'
	$(PY) -m benchmarks.loadtest

# Scripted failures (worker killed, Redis stopped, PostgreSQL restarted, storage failing):
# it stops and starts this machine's Redis and PostgreSQL, so not beside other work.
faults: install
	$(PY) -m benchmarks.faults

bench: install
	$(PY) -m benchmarks

# wapiti and sqlmap (apt-get install wapiti sqlmap) against the portal on loopback; about
# half an hour. SCAN_MINUTES bounds each of wapiti's three runs (8).
scan: install
	$(PY) -m benchmarks.scan

worker: install
	$(VENV)/bin/celery -A culture_portal worker --loglevel=INFO --concurrency=2 --without-gossip --without-mingle --without-heartbeat

beat: install
	$(VENV)/bin/celery -A culture_portal beat --loglevel=INFO

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
