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

# The package built with its hot modules compiled by mypyc (setup.py; the list is pyproject.toml's
# [tool.xindex] compiled) into build/compiled, a whole copy of the package: `make test` runs the suite
# on it as well as on the sources, `make freeze` freezes it. Rebuilt when any source changes. Without a
# C compiler this says so and the sources alone are tested (the program is the same, only slower).
COMPILED := build/compiled/.built
$(COMPILED): $(SOURCES) pyproject.toml setup.py | $(VENV)/.installed-test
	rm -rf build/compiled build/lib build/lib.* build/temp.* build/bdist.* build/mypyc
	XINDEX_MYPYC=1 $(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --target build/compiled . \
		|| { rm -rf build/compiled; echo "make: compiling with mypyc failed (see above); only the sources are tested"; }
	mkdir -p build/compiled
	touch $@

compiled: $(COMPILED)

examples/sample.xix: examples/sample.txt examples/make_sample.py $(SOURCES) | $(VENV)/.installed
	$(BIN)/python examples/make_sample.py examples/sample.txt $@

sample: examples/sample.xix

run: $(VENV)/.installed examples/sample.xix
	$(BIN)/xindex-gui examples/sample.xix

list: $(VENV)/.installed examples/sample.xix
	$(BIN)/xindex list examples/sample.xix

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

# The suite twice: on the sources, then on the compiled build (when this machine could build it).
test: $(VENV)/.installed-test $(COMPILED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2
	if [ -d build/compiled/xindex ]; then \
		QT_QPA_PLATFORM=offscreen XINDEX_TEST_BUILD=build/compiled $(BIN)/python -m pytest -q -n 2; fi

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

freeze: $(VENV)/.installed-freeze $(COMPILED) $(GENERATED_ICONS) examples/sample.xix
	rm -rf build/xindex
	$(BIN)/python setup_freeze.py build_exe
	@du -sh build/xindex | sed 's/\t.*/ build\/xindex (frozen application)/'

installer: freeze
	$(BIN)/python installer/linux/build_deb.py
