# Two commands matter: `make demo` and `make test`. Both create .venv and install into it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --disable-pip-version-check -q
EDITABLE := --config-settings editable_mode=strict

.PHONY: install dev relink demo test test-fast lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(PY) pyproject.toml
	$(PIP) -e . $(EDITABLE)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) -e '.[dev,bench]' $(EDITABLE)
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

# strict editable installs link files one by one: run after adding a module
relink: $(PY)
	$(PIP) --no-deps -e . $(EDITABLE)

demo: install
	@$(VENV)/bin/nca fix examples/inventory.py

test: dev relink
	$(PY) -m pytest -q

test-fast: dev
	$(PY) -m pytest -q -m "not e2e and not slow"

lint: dev
	$(VENV)/bin/ruff check server admin workers tests benchmarks

bench: dev relink
	$(PY) -m benchmarks.repair --seed 7 --per-kind 40
	$(PY) -m benchmarks.speed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
