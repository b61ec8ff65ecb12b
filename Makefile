# Footprint: `make run` starts the app, `make test` runs every test. Both set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# This machine only; `make run HOST=0.0.0.0` shares the map (the Add page then needs the editor password).
HOST ?= 127.0.0.1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint check clean mutation bench-load corpus

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Stamps re-run pip only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

run: $(VENV)/.runtime
	$(PY) -m streamlit run serve.py --server.port $(PORT) --server.address $(HOST)

test: $(VENV)/.dev /usr/bin/chromium
	$(PY) -m ruff check .
	$(PY) -m atlas check
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check: $(VENV)/.runtime
	$(PY) -m atlas check

clean:
	rm -rf $(VENV) static/vendor static/geo .pytest_cache .ruff_cache

# Reliability (README "Reliability"): the broken-data corpus with the map page run on every case (slow),
# the 25-session load benchmark, and the mutation run over atlas/ and the escaping paths (slow: ~30+ min).
corpus: $(VENV)/.dev
	nice -n 10 $(PY) tests/broken_corpus.py --app

bench-load: $(VENV)/.dev
	$(PY) bench/load.py

mutation: $(VENV)/.dev
	nice -n 10 $(PY) bench/mutation.py

# axe-core (accessibility checks in the browser tests), pinned in package.json / package-lock.json; not committed.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

test: node_modules/axe-core/axe.min.js
