# Loket: two commands set everything up on a fresh machine.
#   make demo   install, migrate, seed demo data, serve on http://127.0.0.1:8000
#   make test   install, lint, checks, the whole suite on SQLite and PostgreSQL
SHELL := /bin/bash
PYTHON ?= $(shell PYENV_VERSION=3.13.0 command -v python3.13 >/dev/null 2>&1 && echo python3.13 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/loket
export PYENV_VERSION := 3.13.0
# Checks run against production settings (DEBUG off) with a throwaway key.
CHECK_ENV := env -u DATABASE_URL SECRET_KEY=make-check-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz DEBUG=0

.PHONY: demo test lint check test-sqlite test-postgres serve messages bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]' 2>&1 | { grep -v "is ignored: it is neither" || true; }
	@touch $(STAMP)

demo: $(STAMP)
	@mkdir -p var
	@test -s var/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	export SECRET_KEY=$$(cat var/secret_key) && \
	  $(BIN)/loket migrate && \
	  DEBUG=1 $(BIN)/loket seed-demo --if-empty && \
	  $(BIN)/loket demo-logins && \
	  { $(BIN)/loket worker & trap "kill $$! 2>/dev/null" EXIT; \
	    $(BIN)/loket serve --host 127.0.0.1 --port 8000 --workers 2; }

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(CHECK_ENV) $(BIN)/mypy

check: $(STAMP)
	$(CHECK_ENV) $(BIN)/loket check --fail-level WARNING
	$(CHECK_ENV) $(BIN)/loket makemigrations --check --dry-run

test: lint check
	@scripts/ensure-chromium
	@scripts/ensure-dovecot
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ] || scripts/pg-ready; then \
	  $(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432 and no DATABASE_URL: PostgreSQL leg skipped"; fi

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest -n 2 --dist loadgroup -q

test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -n 2 --dist loadgroup -q

messages: $(STAMP)
	cd src/loket && ../../$(BIN)/django-admin makemessages -l nl -l fr -l en --no-obsolete --ignore "*/migrations/*" && ../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
