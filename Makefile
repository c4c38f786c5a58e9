# One command runner. `make run` and `make test` do all the set-up on a fresh Debian/Ubuntu
# machine with Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: documents run test test-fast lint fmt migrations-check demo install system-deps messages makemessages serve clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@# Debian and Ubuntu ship venv separately (python3-venv); install it when it is missing.
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || (apt-get update -qq && \
		apt-get install -y -qq python3-venv python3-dev) || \
		{ echo "Please install python3-venv (sudo apt-get install python3-venv)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# gettext compiles the translations; everything else comes from PyPI.
system-deps:
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext) || \
		echo "Please install gettext (msgfmt) to compile translations."

messages: install system-deps
	$(PY) manage.py compilemessages -v0 --ignore=.venv

# Each app keeps its own catalogue (<app>/locale/vi); the project one (locale/vi) covers
# templates/, config/ and what Django and the add-on apps leave untranslated.
APPS := blocs awards conferences scoring proposals reports api
makemessages: install
	$(PY) manage.py makemessages -l vi --no-obsolete -v0 $(foreach a,$(APPS),-i '$(a)/*') -i '.venv/*' -i 'static/*' -i 'tests/*' -i 'var/*'
	for a in $(APPS); do (cd $$a && DJANGO_SETTINGS_MODULE=config.settings PYTHONPATH=$(CURDIR) $(CURDIR)/$(VENV)/bin/django-admin makemessages -l vi --no-obsolete -v0); done

demo: install messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# In parallel (pytest-xdist): one process per core, each with its own test database, live
# server and Chromium. `loadgroup` spreads tests one by one except those marked
# xdist_group (the `make serve` and backup round trips), which stay on one worker.
# Python's bytecode caches (__pycache__, ignored by git) are written even where
# PYTHONDONTWRITEBYTECODE is set: without them every worker rewrites the asserts of every test
# module again (pytest's assertion rewriting) each time it starts, 4 to 5 s of a core per worker.
TEST_WORKERS ?= auto
XDIST := -n $(TEST_WORKERS) --dist loadgroup
PYTEST := PYTHONDONTWRITEBYTECODE= $(VENV)/bin/pytest
test: install messages
	$(PYTEST) $(XDIST) $(PYTEST_ARGS)

test-fast: install
	$(PYTEST) -m "not browser" $(XDIST) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Production: gunicorn behind nginx, DEBUG=0, settings from the environment (exported, or a
# .env file beside this Makefile; see .env.example and docs/deployment.md). Django refuses to
# start without SECRET_KEY. WhiteNoise serves the compressed, hashed static files collected here.
WORKERS ?= 3
THREADS ?= 4
serve: messages
	@set -a; [ ! -f .env ] || . ./.env; set +a; export DEBUG=0; \
	[ -n "$$SECRET_KEY" ] || { echo "SECRET_KEY is not set: refusing to start (see .env.example)." >&2; exit 1; }; \
	$(PY) manage.py check --deploy && \
	$(PY) manage.py migrate --noinput -v0 && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	echo "gunicorn on http://$(HOST):$(PORT)/ ($(WORKERS) workers x $(THREADS) threads)" && \
	exec $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --threads $(THREADS) \
		--timeout 60 --graceful-timeout 30 --no-control-socket --access-logfile - --error-logfile -

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache

# The seed cases' documents (first page of each .docx/.xlsx) rendered from the demo data with
# LibreOffice and pdftoppm, for docs/documents.md.
documents: install messages
	$(PY) scripts/render_documents.py
