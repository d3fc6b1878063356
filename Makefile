# DVC Academy: two commands on a fresh Debian/Ubuntu machine with python3 (>= 3.11) and make.
#
#   make demo   install, migrate, load the demo data and serve it on http://127.0.0.1:$(PORT)/
#   make test   install the test tools and Chromium, then lint, check migrations, run pytest
#
# Everything lives in .venv; a stamp file there re-runs `pip install` only when
# pyproject.toml changes. `make help` lists every target.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH

PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
MANAGE := $(PY) manage.py
TEST_ENV := DJANGO_SETTINGS_MODULE=training.settings.test

.DEFAULT_GOAL := help
.PHONY: help demo test lint format check-migrations translations browser install install-test clean clean-db

help: ## List the targets
	@echo "Usage: make TARGET [PORT=8000] [PYTEST_ARGS='-k login']"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

demo: install translations ## Migrate, load the demo data and serve it on 127.0.0.1:PORT (8000)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --url http://127.0.0.1:$(PORT)/
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install-test browser translations lint check-migrations ## Lint, check migrations and run the whole test suite
	rm -rf test-artifacts
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install-test ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test ## Reformat the code and apply ruff's safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-migrations: install-test ## Fail if a model change has no migration
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run

translations: install ## Compile the .po catalogues to .mo (pure Python, no gettext)
	$(MANAGE) compiletranslations

install: $(VENV)/.installed ## Create .venv and install the project
install-test: $(VENV)/.installed-test ## Create .venv and install the project with its test tools

# Debian and Ubuntu ship venv's ensurepip in a separate package; say so instead of
# leaving a half-made .venv behind.
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "DVC Academy needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) --version 2>&1)." >&2; \
	  exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "" >&2; \
	  echo "*** $(PYTHON) cannot create virtual environments (ensurepip is missing)." >&2; \
	  echo "*** Install it, then run make again:  sudo apt-get install python3-venv" >&2; \
	  echo "" >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet --editable .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PIP) install --quiet --editable '.[test]'
	@touch $@ $(VENV)/.installed

# Playwright drives Debian's Chromium: Playwright's own browser download cannot reach
# its servers here, so `playwright install` is never used.
browser: ## Install Debian's Chromium for the browser tests (as root), or warn
	@if [ -x "$(CHROMIUM_PATH)" ]; then \
	  :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 chromium >/dev/null; \
	elif [ -n "$$CI" ]; then \
	  echo "*** $(CHROMIUM_PATH) is missing and CI is set: browser tests cannot run." >&2; \
	  exit 1; \
	else \
	  echo ""; \
	  echo "************************************************************************"; \
	  echo "*** $(CHROMIUM_PATH) is missing: the browser tests will be SKIPPED."; \
	  echo "*** Install it with:  sudo apt-get install chromium"; \
	  echo "************************************************************************"; \
	  echo ""; \
	fi

clean: ## Remove caches, test screenshots and the install stamps (keeps .venv and db.sqlite3)
	rm -f $(VENV)/.installed $(VENV)/.installed-test
	rm -rf .pytest_cache .ruff_cache test-artifacts
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

clean-db: ## Delete db.sqlite3 and media/ without asking; `make demo` builds them again
	rm -rf db.sqlite3 media
