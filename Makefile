# Printshop: `make run` starts the whole store; `make test` runs lint and every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test bench lint format bootstrap install install-dev redis-up browser-ready clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

bootstrap: install
	$(FLASK) bootstrap

# `flask processes` names what to start: a private Redis too when none answers (or stops with what to install).
run: install
	@procs="$$($(FLASK) processes)" && $(FLASK) bootstrap && \
	echo "" && echo "  Printshop is starting at http://127.0.0.1:5000  (Ctrl-C stops everything)" && echo "" && \
	exec $(VENV)/bin/honcho start -f Procfile -c worker=2 $$procs

redis-up:
	@$(PY) scripts/redis_ready.py redis://127.0.0.1:6379/0 --quiet || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@$(PY) scripts/redis_ready.py redis://127.0.0.1:6379/0 --wait 10

# The browser tests need Debian's Chromium (Playwright never downloads a browser here): installed where apt can,
# else `make test` stops with one line naming the package.
CHROMIUM := /usr/lib/chromium/chromium
browser-ready:
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || true
	@test -x $(CHROMIUM) || { echo "make test needs Debian's chromium package for its browser tests: sudo apt-get install chromium"; exit 1; }

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install-dev redis-up browser-ready lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install-dev redis-up
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
