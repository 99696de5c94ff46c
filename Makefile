# obsgen: `make build` on a fresh machine creates .venv, installs and builds;
# `make test` installs promtool/amtool when missing and runs the whole suite.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build check test tools list clean

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

## build: compile every stack into build/ (and generated docs into docs/)
build: $(STAMP)
	$(BIN)/obsgen build

## check: fail if build/ or the generated docs differ from the definitions
check: $(STAMP)
	$(BIN)/obsgen build --check

## tools: install promtool, amtool, Prometheus and Alertmanager if missing
tools:
	tools/install-tools.sh

## test: real promtool/amtool proofs on build/, then the pytest suite
test: $(STAMP) tools
	$(BIN)/obsgen test
	$(BIN)/pytest

list: $(STAMP)
	$(BIN)/obsgen list

clean:
	rm -rf $(VENV) .pytest_cache
