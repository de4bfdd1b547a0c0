# Two commands on a fresh machine: `make site` (set up + build the sample guides), `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-stamp
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

ORACLE  := tests/oracle/node_modules/.package-lock.json
MIN     := .venv-min
MIN_STAMP := $(MIN)/.installed-stamp
# The core of the suite, run again with the lowest supported versions (constraints/minimum.txt).
MIN_TESTS := tests/test_parse.py tests/test_build.py tests/test_mkdocs_plugin.py \
  tests/test_code_highlight.py tests/test_min_versions.py

.PHONY: site test test-min lint format bench serve chromium node clean mutation

site: $(STAMP)
	$(VENV)/bin/hubdocs build
	@echo "Preview it: $(VENV)/bin/hubdocs serve   (then open http://127.0.0.1:8000/)"

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

chromium:
	@command -v /usr/bin/chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

node:
	@command -v npm >/dev/null || { \
	  echo "Installing Debian's nodejs and npm for the test-only oracles (MDX 3, axe-core)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }

# The test-only oracles, exactly as pinned in tests/oracle/package-lock.json (never shipped).
$(ORACLE): tests/oracle/package-lock.json | node
	npm ci --prefix tests/oracle --no-audit --no-fund --prefer-offline

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# In parallel on every core (tests that share a server or a browser are grouped).
test: $(STAMP) chromium $(ORACLE) lint
	$(VENV)/bin/pytest -q -n auto --dist loadgroup
	$(MAKE) --no-print-directory test-min

$(MIN_STAMP): pyproject.toml constraints/minimum.txt
	python3 -m venv $(MIN)
	$(MIN)/bin/python -m pip install -q --disable-pip-version-check -c constraints/minimum.txt -e '.[test]'
	touch $(MIN_STAMP)

test-min: $(MIN_STAMP)
	$(MIN)/bin/pytest -q -n auto -p no:cacheprovider $(MIN_TESTS)

# Mutation testing (slow, not part of `make test`): mutmut over the modules that carry the
# guarantees, then the hand-written template/JS mutation list; results in .mutation/ and
# tests/MUTATION.md. `make mutation MODULES="leaks vary"` runs only those modules.
mutation: $(STAMP) chromium
	$(PY) tests/run_mutation.py $(MODULES)
	$(PY) tests/mutate_templates.py

serve: $(STAMP)
	$(VENV)/bin/hubdocs serve

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf site .hubdocs .pytest_cache .ruff_cache .mutation
