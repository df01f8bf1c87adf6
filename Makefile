# Høringsrunde: the two commands a newcomer needs.
#   make run   installs everything, prepares SQLite with the 2019 demo hearing, serves on :5000
#   make test  installs what tests need and runs the whole suite (on PostgreSQL too
#              when TEST_DATABASE_URL is set)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
DKFDS := static/vendor/dkfds

.PHONY: run test install install-test assets translations extract-messages lint check-tools

run: install assets translations
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install-test assets translations
	@test -x /usr/bin/chromium || echo "NOTE: Chromium is missing, browser tests will be skipped (CI requires it): sudo apt-get install chromium"
	env -u TEST_DATABASE_URL $(PY) -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "Running the suite again on $$TEST_DATABASE_URL"; \
		$(PY) -m pytest; \
	fi

check-tools:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	@command -v npm >/dev/null || \
		{ echo "npm (Node.js) is needed for the design system DKFDS: sudo apt-get install nodejs npm"; exit 1; }
	@{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p; } | grep -q libpangoft2-1.0 || \
		{ echo "Pango is needed for PDFs (WeasyPrint): sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }

$(VENV)/.installed: requirements.txt | check-tools
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.test-installed

node_modules/.installed: package.json package-lock.json | check-tools
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# DKFDS is served from our own static folder (no CDN), copied from npm.
assets: node_modules/.installed
	rm -rf $(DKFDS) && mkdir -p static/vendor && cp -r node_modules/dkfds/dist $(DKFDS)

translations: install
	$(VENV)/bin/pybabel compile --use-fuzzy -d app/translations -f -q 2>/dev/null || \
		$(VENV)/bin/pybabel compile -d app/translations

# After adding or changing texts: refresh the catalogues, then translate in app/translations/en.
extract-messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs='.* node_modules' \
		-o app/translations/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

lint: install-test
	$(VENV)/bin/ruff check .
