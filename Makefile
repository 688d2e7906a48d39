# IUC Asia portal. `make help` lists the targets.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
# `make run` shows what visitors see (DEBUG=0: translated 404 pages); `DEBUG=1 make run` for tracebacks.
DEBUG ?= 0
# Bulk PO exchange with a translation agency (`make export-po`, `make import-po`).
PO_FILE ?= translations-zh-hans.po
export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)

.DEFAULT_GOAL := help
.PHONY: help run test test-production bench loadtest wrk setup install migrate compilemessages messages identity-images content content-at-scale roles superuser export-po import-po fill-from-memory browser lint format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/$$(PORT)/$(PORT)/' | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# `make run` also publishes what editors schedule: publish_scheduled_loop (Wagtail's publish_scheduled every
# SCHEDULE_INTERVAL seconds) runs in the background and is stopped with the server (Ctrl-C), by the traps.
SCHEDULE_INTERVAL ?= 60

run: setup ## Set everything up and serve the portal on http://127.0.0.1:$(PORT)/ (SQLite), publishing scheduled pages
	@echo "Serving http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "Publishing scheduled pages and snippets every $(SCHEDULE_INTERVAL) s (manage.py publish_scheduled_loop)"
	@DEBUG=$(DEBUG) $(MANAGE) publish_scheduled_loop --interval $(SCHEDULE_INTERVAL) & loop=$$!; \
	trap 'kill $$loop 2>/dev/null' EXIT; trap 'exit 130' HUP INT TERM; \
	DEBUG=$(DEBUG) $(MANAGE) runserver --insecure 127.0.0.1:$(PORT)

# Parallel workers of `make test` (pytest-xdist; each worker is one process on one core); TEST_WORKERS=0
# runs the suite in a single process. PYTEST_ARGS adds options, e.g. PYTEST_ARGS="--randomly-seed=1234".
TEST_WORKERS ?= 2
PYTEST_ARGS ?=

test: install compilemessages browser ## Run the whole test suite in parallel, with coverage (DATABASE_URL picks the database; SQLite by default)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

test-production: install compilemessages ## Run the production-settings suite on the local PostgreSQL and Redis and an S3 server (see .ci/test-production)
	.ci/test-production

# `make bench` options, e.g. BENCH_ARGS="--duration 5 --pages home,news-page --langs en" (--help lists them all).
BENCH_ARGS ?=

bench: install compilemessages wrk ## Benchmark every public page type under gunicorn with the production settings (docs/performance.md; BENCH_ARGS=...)
	$(PY) -m tests.benchmarks.http $(BENCH_ARGS)

# `make loadtest` options, e.g. LOAD_ARGS="--duration 30 --overload-duration 0" (--help lists them all).
LOAD_ARGS ?=

loadtest: install compilemessages ## Load test: 64 connections for 60 s while an editor publishes, then overload (docs/performance.md; LOAD_ARGS=...)
	$(PY) -m tests.benchmarks.load $(LOAD_ARGS)

wrk: ## Make sure Debian's wrk (the HTTP load generator of make bench) is there (installs it as root)
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's wrk for the benchmark"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "The benchmark needs Debian's wrk: sudo apt-get install wrk"; \
	    exit 1; \
	  fi; \
	fi

browser: ## Make sure Debian's chromium and a CJK font are there for the browser tests (installs them as root)
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium and fonts-wqy-microhei for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  else \
	    echo "The browser tests need Debian's chromium and fonts-wqy-microhei: sudo apt-get install chromium fonts-wqy-microhei"; \
	    exit 1; \
	  fi; \
	fi

setup: install compilemessages migrate content roles superuser ## Install, migrate, compile translations, load content, roles, dev superuser

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned requirements

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

compilemessages: install ## Compile locale/*.po into .mo files (needs GNU gettext's msgfmt)
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install GNU gettext (e.g. apt-get install gettext)"; exit 1; }
	$(MANAGE) compilemessages --ignore=.venv -v0

messages: install ## Update locale/zh_Hans/LC_MESSAGES/django.po from the templates and code, regenerate locale/zh_Hant from it, then compile
	$(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=media --ignore=static_collected --ignore=tests --no-obsolete --add-location=file
	$(MANAGE) make_traditional_catalog
	$(MANAGE) compilemessages --ignore=.venv -v0

identity-images: compilemessages ## Redraw the EU emblem, logo mark, favicon and share images into portal/static/img/ (commit them)
	$(MANAGE) make_identity_images

content: migrate ## Load the IUC Asia content in English, Simplified and Traditional Chinese (keeps existing content), then rebuild the search index
	$(MANAGE) load_iuc_content
	$(MANAGE) update_index --verbosity 0

# Generated news items and events per language for `make content-at-scale` (docs/operations.md, "Content at scale").
NEWS ?= 10000
EVENTS ?= 2000
SEED ?= 1

content-at-scale: migrate ## Add generated news and events in the three languages, up to NEWS=10000 and EVENTS=2000 per language (minutes)
	$(MANAGE) load_iuc_content
	$(MANAGE) generate_content --news $(NEWS) --events $(EVENTS) --seed $(SEED)

roles: content ## Create or complete the "Editors", "Moderators", "Chinese translators" and "Traditional Chinese reviewers" groups and the approval workflow
	$(MANAGE) setup_roles

superuser: migrate ## Create a development superuser if none exists (DEV_SUPERUSER_USERNAME / _PASSWORD)
	$(MANAGE) create_dev_superuser

export-po: migrate ## Write the untranslated Chinese content strings to translations-zh-hans.po (PO_FILE=...; ALL=1: every string)
	$(MANAGE) export_translations --locale zh-hans $(if $(ALL),--all) --output $(PO_FILE)

import-po: migrate ## Import the translated PO_FILE and publish what is now complete (DRY_RUN=1: report only)
	$(MANAGE) import_translations $(PO_FILE) --publish $(if $(DRY_RUN),--dry-run)

fill-from-memory: migrate ## Fill untranslated Chinese strings from the translation memory, unpublished (DRY_RUN=1: report only)
	$(MANAGE) fill_from_memory --locale zh-hans $(if $(DRY_RUN),--dry-run)

lint: install ## Check code style (ruff), the dependency rules between apps (import-linter) and the templates (djLint)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/djlint portal home news events components --lint

format: install ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: ## Remove the virtualenv, the SQLite database, media files and compiled translations
	rm -rf $(VENV) db.sqlite3 media static_collected
	find locale -name '*.mo' -delete
