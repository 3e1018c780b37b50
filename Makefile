# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := $(shell find xindex -name '*.py')

.PHONY: run list test lint typecheck sample bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

examples/sample.xix: examples/sample.txt examples/make_sample.py $(SOURCES) | $(VENV)/.installed
	$(BIN)/python examples/make_sample.py examples/sample.txt $@

sample: examples/sample.xix

run: $(VENV)/.installed examples/sample.xix
	$(BIN)/xindex-gui examples/sample.xix

list: $(VENV)/.installed examples/sample.xix
	$(BIN)/xindex list examples/sample.xix

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/store.py

clean:
	rm -rf $(VENV) build dist *.egg-info examples/sample.xix .pytest_cache .mypy_cache .ruff_cache
