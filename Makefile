# Doorstep: two commands. `make run` serves the demo council site; `make test` runs every check.
# Both set up what is missing (venv, Python and npm dependencies, assets) and are safe to repeat.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make
ASSET_SOURCES := $(shell find static/src -type f 2>/dev/null) static/build.mjs package-lock.json

# A throwaway key, long and varied enough for `check --deploy`; never used to serve anything.
# Production settings refuse to load without PostgreSQL, Redis and SMTP; neither `check --deploy`
# nor `collectstatic` connects to any of them, so these addresses need not exist.
DEPLOY_CHECK_ENV := DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=deploy-check-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ \
	ALLOWED_HOSTS=council.example \
	DATABASE_URL=postgres://deploy-check@deploy-check.invalid:5432/deploy-check \
	REDIS_URL=redis://deploy-check.invalid:6379/0 EMAIL_HOST=deploy-check.invalid

.PHONY: run test setup venv assets lint migrate demo clean lighthouse

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup lint
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(DEPLOY_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	rm -rf $(STAMPS)/static-check
	$(DEPLOY_CHECK_ENV) STATIC_ROOT=$(CURDIR)/$(STAMPS)/static-check \
		$(PY) manage.py collectstatic --noinput --verbosity 0
	rm -rf $(STAMPS)/static-check
	$(VENV)/bin/pytest

setup: venv assets

venv: $(STAMPS)/venv

$(STAMPS)/venv: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Doorstep needs Python 3.11 or newer"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@mkdir -p $(STAMPS) && touch $@

assets: $(STAMPS)/assets

$(STAMPS)/npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/assets: $(STAMPS)/npm $(ASSET_SOURCES)
	npm run --silent build
	@mkdir -p $(STAMPS) && touch $@

# Lighthouse and page weight on home, a service page and a form step, served as in production
# (needs PostgreSQL, Redis and Chromium; budgets in docs/performance.md). 2 to 4 minutes.
lighthouse: setup
	benchmarks/lighthouse.sh

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) node_modules static/build $(STAMPS) staticfiles
