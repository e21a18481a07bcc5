# The two commands of the README, and the few steps they share.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: demo test install install-dev messages lint bench clean

demo: install messages
	$(BIN)/dealercrm demo --port $(PORT)

test: install-dev messages
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

install: $(BIN)/.installed
install-dev: $(BIN)/.installed-dev

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(BIN)/.installed-dev: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(BIN)/.installed

# Compiled catalogs are build output (see .gitignore): made from the committed .po files with polib.
messages:
	$(BIN)/dealercrm compilemessages

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: install-dev
	$(BIN)/python bench/lookup.py --customers 100000

clean:
	rm -rf $(VENV) var
