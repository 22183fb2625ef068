# The two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
DEV_SETTINGS := cope_site.settings.dev
HOST_PORT ?= 127.0.0.1:8000

.PHONY: run test lint format install prod-run node-tools clean bench backup restore verify-backup

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@interpreter=$$(bin/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$interpreter"; "$$interpreter" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Node tools for the accessibility, validity and Lighthouse tests (package-lock.json pins
# them). Reinstalled only when the lockfile changes. Install scripts are skipped: none of
# these tools needs one, and vnu-jar's would look for Java online.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the axe, Nu Html Checker and Lighthouse tests will be skipped" \
			"(CI fails instead). Install Node.js 20+ and npm, e.g. apt-get install nodejs npm."; \
	fi

node-tools: node_modules/.installed
	@command -v java >/dev/null 2>&1 || echo "java not found: the Nu Html Checker test will be" \
		"skipped (CI fails instead). Install Java 17+, e.g. apt-get install default-jre-headless."

install: $(VENV)/.installed node-tools

run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST_PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_initial_content
	$(PY) manage.py create_dev_admin
	@echo "Serving the COPE site on http://$(HOST_PORT)/ (Ctrl+C stops it)"
	$(PY) manage.py runserver $(HOST_PORT)

test: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_SETTINGS_MODULE=cope_site.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Production shape on this machine: Varnish on HOST_PORT in front of gunicorn (WhiteNoise,
# hashed static files) on 127.0.0.1:8001 (bin/prod-run). Needs SECRET_KEY and
# ALLOWED_HOSTS in the environment (see README.md).
prod-run: install
	HOST_PORT=$(HOST_PORT) bin/prod-run

# Production configuration under load on loopback ports, figures vs targets into
# docs/performance.md (see bench/run.py). Set DATABASE_URL and REDIS_URL to measure
# the production shape: PostgreSQL and the shared Redis cache.
bench: install
	$(PY) bench/run.py

# Backups (docs/operations.md, "Backups"): the database and MEDIA_ROOT of the settings in
# use (DJANGO_SETTINGS_MODULE, DATABASE_URL, MEDIA_ROOT), one timestamped folder each.
BACKUP_DIR ?= backups
export BACKUP_DIR

backup: install
	$(PY) bin/backup create

# make restore BACKUP=backups/20261202T101500Z [REPLACE=1]
restore: install
	$(PY) bin/backup restore $(BACKUP) $(if $(REPLACE),--replace)

verify-backup: install
	$(PY) bin/backup verify $(BACKUP)

clean:
	rm -rf $(VENV) collected-static test-media .pytest_cache node_modules test-artifacts
