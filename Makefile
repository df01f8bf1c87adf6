# Høringsrunde: the two commands a newcomer needs.
#   make run   installs everything, prepares SQLite with the 2019 demo hearing, serves on :5000
#   make test  installs what tests need and runs the whole suite (on PostgreSQL too
#              when TEST_DATABASE_URL is set)
# and for developers:
#   make lint      ruff (with its bandit-derived security rules)
#   make security  bandit on app/, pip-audit on every locked package (CI runs both)
#   make lock      after editing requirements.txt or requirements-dev.txt: pins them and
#                  everything they pull in, with hashes, into requirements.lock and
#                  requirements-dev.lock, which `make run` and `make test` install.
#                  Commit the .txt and .lock files together. Pins stay as they are unless
#                  the .txt asks otherwise; `make lock LOCK_ARGS=--upgrade` (or
#                  `LOCK_ARGS="--upgrade-package NAME"`) moves the unpinned ones forward.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
DKFDS := static/vendor/dkfds
# pip-compile runs from a venv of its own (so `make lock` works while .venv is out of date),
# with the pip it is known to work with.
LOCK_TOOLS := $(VENV)/lock-tools
LOCK_TOOLS_PINS := pip==26.3 pip-tools==7.6.2
LOCK_TOOLS_STAMP := $(LOCK_TOOLS)/.installed-$(subst ==,-,$(subst $() ,_,$(LOCK_TOOLS_PINS)))
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

# The suite runs in parallel workers (pytest-xdist), each with its own database. Browser tests,
# their Chromium, the live server and the database share the cores: one worker per core keeps
# the browser tests' timing well inside their time-outs. `make test PYTEST_PARALLEL=` runs it
# in one process.
PYTEST_PARALLEL ?= -n 2 --dist worksteal
# Each pass ends with its slowest tests: where CI's minutes go (it must stay under 60).
PYTEST_DURATIONS ?= --durations=25

.PHONY: run test install install-test assets translations extract-messages lint security lock check-tools

run: install assets translations
	$(FLASK) db upgrade
	$(FLASK) demo load
	@# One background worker beside the app (memos as Word and PDF are made there). With nothing set, its
	@# broker is a folder in instance/ (no Redis needed); it stops with the app.
	$(VENV)/bin/celery -A app.jobs.worker worker --pool=solo --loglevel=WARNING & \
		trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
		$(FLASK) run --host 127.0.0.1 --port 5000

test: install-test assets translations
	@test -x /usr/bin/chromium || echo "NOTE: Chromium is missing, browser tests will be skipped (CI requires it): sudo apt-get install chromium"
	env -u TEST_DATABASE_URL $(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_DURATIONS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "Running the suite's database tests again on $$TEST_DATABASE_URL"; \
		$(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_DURATIONS) --database-tests-only; \
	fi

check-tools:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	@command -v npm >/dev/null || \
		{ echo "npm (Node.js) is needed for the design system DKFDS: sudo apt-get install nodejs npm"; exit 1; }
	@{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p; } | grep -q libpangoft2-1.0 || \
		{ echo "Pango is needed for PDFs (WeasyPrint): sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; exit 1; }

# Installs from the lock files (exact versions and hashes of every package); the check
# stops with "run make lock" when a .txt asks for something its lock file does not pin.
$(VENV)/.installed: requirements.lock requirements.txt | check-tools
	$(PYTHON) tools/check_lock.py requirements.txt requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed requirements-dev.lock requirements-dev.txt
	$(PYTHON) tools/check_lock.py requirements-dev.txt requirements-dev.lock
	$(PY) -m pip install --quiet -r requirements-dev.lock
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

# A bandit false positive gets `# nosec BXXX` at the end of its line, after a comment saying why.
# Bandit also warns "nosec encountered (BXXX), but no failed test" when another part of such a
# line passes the same test (PyCQA/bandit#1041): those warnings are left out, the rest is shown.
# pip-audit fails on a known vulnerability; when its service cannot be reached it says so and passes,
# and (with AUDIT_SUMMARY_FILE, as .ci/run sets it) leaves one line for the end of the CI run.
security: install-test
	@echo "bandit: app/"
	@$(VENV)/bin/bandit --quiet --recursive app 2>$(VENV)/bandit.log; status=$$?; \
		grep -v 'nosec encountered (B[0-9]*), but no failed test' $(VENV)/bandit.log >&2; \
		[ $$status -eq 0 ] && echo "bandit: no issues"; exit $$status
	@echo "pip-audit: requirements-dev.lock (every package that make test installs)"
	@$(PY) tools/audit_deps.py requirements-dev.lock

$(LOCK_TOOLS_STAMP): | check-tools
	rm -rf $(LOCK_TOOLS)
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet $(LOCK_TOOLS_PINS)
	touch $@

# requirements-dev.lock is built on requirements.lock, so both pin the same versions.
lock: $(LOCK_TOOLS_STAMP)
	$(PIP_COMPILE) $(LOCK_ARGS) --output-file requirements.lock requirements.txt
	$(PIP_COMPILE) $(LOCK_ARGS) --constraint requirements.lock --output-file requirements-dev.lock requirements-dev.txt
