# HRD Desk developer commands. `make help` lists them; `make run` and `make test` do all set-up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
APP_STAMP  := $(VENV)/.stamp-app
TEST_STAMP := $(VENV)/.stamp-test
DEMO_VAULT ?= .demo-vault

.DEFAULT_GOAL := help
.PHONY: help run test lint format translations compile-translations clean demo screenshots
.PHONY: package package-test lock
.PHONY: bench test-faults

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

bench: $(APP_STAMP) ## benchmark at 10,000 defenders vs raw SQLCipher and plain SQLite (bench/results.json)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m hrd_desk.bench

test-faults: $(TEST_STAMP) ## fault-injection suite, full run (100 kill rounds per class; make test runs 10)
	HRD_FAULT_ROUNDS=100 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest \
	  tests/faults tests/ui/test_corrupt_vault_unlock.py tests/test_kill.py tests/test_storage_errors.py

screenshots: $(APP_STAMP) compile-translations ## render the main screens (English, Arabic) into docs/screenshots/
	$(BIN)/python tools/screenshots.py

lint: $(TEST_STAMP) ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP) ## apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## remove the virtualenv, caches, build output and the demo vault
	rm -rf $(VENV) $(BUILD_VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis $(DEMO_VAULT)
	find . -name __pycache__ -prune -exec rm -rf {} +

# -- packaging (packaging/README.md): a frozen app built in its own venv from a hashed lock -----
BUILD_VENV  := .venv-build
BUILD_BIN   := $(BUILD_VENV)/bin
BUILD_LOCK  := packaging/requirements-build.lock
BUILD_STAMP := $(BUILD_VENV)/.stamp-build

$(BUILD_BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "HRD Desk needs Python 3.11 or newer (set PYTHON=...)")'
	$(PYTHON) -m venv $(BUILD_VENV)

# Only pinned, hashed wheels from the lock; then hrd-desk itself from this tree without build
# isolation, so pip fetches nothing the lock does not name.
$(BUILD_STAMP): $(BUILD_LOCK) pyproject.toml | $(BUILD_BIN)/python
	$(BUILD_BIN)/python -m pip install --quiet --require-hashes --only-binary=:all: -r $(BUILD_LOCK)
	$(BUILD_BIN)/python packaging/check_lock.py
	$(BUILD_BIN)/python -m pip install --quiet --no-deps --no-build-isolation --no-index .
	@touch $@

package: $(BUILD_STAMP) ## build the frozen app in dist/hrd-desk/ (PyInstaller, in .venv-build from the lock)
	$(BUILD_BIN)/python -m hrd_desk.i18n_build compile
	rm -rf dist/hrd-desk
	$(BUILD_BIN)/pyinstaller --noconfirm --clean --log-level WARN \
	  --distpath dist --workpath build/pyinstaller packaging/hrd-desk.spec
	@du -sh dist/hrd-desk

package-test: | $(BUILD_STAMP) ## smoke-test the frozen app in dist/ (after make package)
	$(BUILD_BIN)/python packaging/smoke_test.py

lock: $(APP_STAMP) ## regenerate packaging/requirements-build.lock (hashes, all platforms; uses uv)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	  pyproject.toml packaging/requirements-build.in -o $(BUILD_LOCK)
