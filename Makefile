# HRD Desk developer commands. `make help` lists them; `make run` and `make test` do all set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP_STAMP  := $(VENV)/.stamp-app
TEST_STAMP := $(VENV)/.stamp-test
DEMO_VAULT ?= .demo-vault

.DEFAULT_GOAL := help
.PHONY: help run test lint format translations compile-translations clean demo

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-22s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "HRD Desk needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(APP_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(APP_STAMP)

compile-translations: $(APP_STAMP) ## compile translations/*.po to .mo (done by run and test)
	@$(BIN)/python -m hrd_desk.i18n_build compile

translations: $(APP_STAMP) ## extract strings, update the .po files, compile and check them
	$(BIN)/python -m hrd_desk.i18n_build extract
	$(BIN)/python -m hrd_desk.i18n_build update
	$(BIN)/python -m hrd_desk.i18n_build compile
	$(BIN)/python -m hrd_desk.i18n_build check

$(DEMO_VAULT)/vault.header: | $(APP_STAMP)
	$(BIN)/hrd-desk demo $(DEMO_VAULT) --cases 200 --seed 1

demo: $(DEMO_VAULT)/vault.header ## create the demo vault (passphrase: demo)

run: $(APP_STAMP) compile-translations $(DEMO_VAULT)/vault.header ## set up and open the app on a demo vault (passphrase: demo)
	$(BIN)/hrd-desk --vault $(DEMO_VAULT)

test: $(TEST_STAMP) compile-translations ## set up and run ruff and the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(TEST_STAMP) ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP) ## apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## remove the virtualenv, caches, build output and the demo vault
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis $(DEMO_VAULT)
	find . -name __pycache__ -prune -exec rm -rf {} +
