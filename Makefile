# obsgen: `make build` on a fresh machine creates .venv, installs and builds;
# `make test` installs promtool/amtool when missing and runs the whole suite.

PYTHON ?= python3
# The suite runs on every core: its tests start real promtool, Prometheus, Alertmanager and chromium
# processes and are independent (each writes under its own tmp_path). PYTEST_ARGS= runs it in one process.
PYTEST_ARGS ?= -n auto --dist worksteal
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := tools/node_modules/.installed
# The suite starts the obsgen command ~150 times: its processes share compiled bytecode, kept inside
# the virtualenv (never next to the sources), even where PYTHONDONTWRITEBYTECODE is set.
SHARED_BYTECODE := PYTHONPYCACHEPREFIX=$(abspath $(VENV))/pycache PYTHONDONTWRITEBYTECODE=

.PHONY: all build check test tools node lint smoke preview bench list clean realworld import-report

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

## build: compile every stack into build/ (and generated docs into docs/)
build: $(STAMP) $(NODE_STAMP)
	$(BIN)/obsgen build

## check: fail if build/ or the generated docs differ from the definitions
check: $(STAMP) $(NODE_STAMP)
	$(BIN)/obsgen build --check

## tools: install promtool, amtool, Prometheus and Alertmanager if missing
tools:
	tools/install-tools.sh

## node: install tools/ Node dependencies (the official LogQL grammar) from the lockfile
$(NODE_STAMP): tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)
node: $(NODE_STAMP)

## lint: every check, including promtool/amtool/LogQL, on every stack's build/
lint: $(STAMP) tools $(NODE_STAMP)
	$(BIN)/obsgen lint build

## smoke: synthetic data backfilled into a real Prometheus; every query must return data
smoke: $(STAMP) tools
	$(BIN)/obsgen smoke

## preview: every dashboard of every stack as an HTML page and a PNG in build-preview/ (smoke data, headless Chromium)
preview: $(STAMP) tools $(NODE_STAMP)
	$(BIN)/obsgen preview --out build-preview

## test: import directions (lint-imports), real promtool/amtool proofs on build/, lint, smoke, delivery through a real Alertmanager, then the pytest suite
test: $(STAMP) tools $(NODE_STAMP)
	$(BIN)/lint-imports --no-cache
	$(SHARED_BYTECODE) $(BIN)/obsgen test
	$(SHARED_BYTECODE) $(BIN)/obsgen lint build
	$(SHARED_BYTECODE) $(BIN)/obsgen smoke
	$(SHARED_BYTECODE) $(BIN)/obsgen deliver
	$(SHARED_BYTECODE) $(BIN)/pytest $(PYTEST_ARGS)

## realworld: lint the third-party mixins in ../shared/realworld and rewrite docs/realworld.md
realworld: $(STAMP) tools $(NODE_STAMP)
	$(BIN)/python tools/realworld.py

## bench: build/lint/test cost against the import floor and at fleet scale; rewrites docs/benchmarks.md
bench: $(STAMP) tools $(NODE_STAMP)
	$(BIN)/python tools/bench.py

## import-report: import and rebuild every dashboard and rule file in ../shared/realworld; rewrites docs/import.md's report
import-report: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m obsgen.importer.report

list: $(STAMP)
	$(BIN)/obsgen list

clean:
	rm -rf $(VENV) .pytest_cache tools/node_modules
