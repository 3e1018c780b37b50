# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := $(shell find xindex -name '*.py')

.PHONY: run list test lint typecheck sample bench clean icons freeze installer compiled soak

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Editable installs in setuptools' "compat" mode: a .pth line naming this folder. The default mode's
# import hook loads pathlib and more at every Python start (10 ms for each `xindex makeindex`).
EDITABLE := --config-settings editable_mode=compat -e

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(EDITABLE) .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(EDITABLE) '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-freeze: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(EDITABLE) '.[freeze]'
	touch $@ $(VENV)/.installed

# mypyc-compiled copies of the hot modules (xindex/compiled.py says how they are used; without a C
# compiler the sources run). Rebuilt when their sources change; a stale copy is never used anyway.
COMPILED_SOURCES := xindex/core/formatter.py xindex/core/locators.py xindex/core/ranges.py xindex/core/sorting.py \
	xindex/formats/ind.py xindex/formats/makeindex/entries.py xindex/formats/makeindex/latex_text.py \
	xindex/formats/makeindex/links.py xindex/formats/makeindex/reader.py xindex/formats/makeindex/writer.py \
	xindex/compiled.py setup_compiled.py  # (the MODULES of xindex/compiled.py)

$(VENV)/.compiled: $(COMPILED_SOURCES) | $(VENV)/.installed-test
	$(BIN)/python setup_compiled.py
	touch $@

compiled: $(VENV)/.compiled

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

test: $(VENV)/.installed-test $(VENV)/.compiled
	$(BIN)/ruff check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: $(VENV)/.installed
	$(BIN)/python bench/store.py

# The GUI soak (2,000 real key presses and clicks) here and on every other CPython 3.11+ found (.ci/soak).
soak: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.gui.soak --events 2000
	bash .ci/soak

clean:
	rm -rf $(VENV) .venv-soak build dist *.egg-info examples/sample.xix .pytest_cache .mypy_cache .ruff_cache

# Shipping: icons (PNG/ICO/ICNS from the SVGs), the frozen application in build/xindex (cx_Freeze),
# and the Linux installer dist/xindex_VERSION_ARCH.deb. `.ci/freeze` runs all three and smoke-tests them.
GENERATED_ICONS := icons/generated/xindex.ico

$(GENERATED_ICONS): icons/make_icons.py icons/xindex.svg icons/xindex-document.svg | $(VENV)/.installed
	$(BIN)/python icons/make_icons.py

icons: $(GENERATED_ICONS)

freeze: $(VENV)/.installed-freeze $(VENV)/.compiled $(GENERATED_ICONS) examples/sample.xix
	rm -rf build/xindex
	$(BIN)/python setup_freeze.py build_exe
	@du -sh build/xindex | sed 's/\t.*/ build\/xindex (frozen application)/'

installer: freeze
	$(BIN)/python installer/linux/build_deb.py
