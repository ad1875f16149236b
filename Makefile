# Two commands on a fresh machine: `make demo` and `make test`. Python 3.11+ and make are all they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo and the server install the runtime dependencies only; the test tools come with `make test` (and lint).
RUNTIME_EXTRAS :=
TEST_EXTRAS := test
ifneq (,$(findstring mysql,$(GUIFAN_DATABASE_URL)))
RUNTIME_EXTRAS := mysql
TEST_EXTRAS := test,mysql
endif
comma := ,
RUNTIME_STAMP := $(VENV)/.installed-runtime$(if $(RUNTIME_EXTRAS),-$(RUNTIME_EXTRAS))
TEST_STAMP := $(VENV)/.installed-$(subst $(comma),-,$(TEST_EXTRAS))
# Phases make times for `guifan demo_setup` to print with its own: "name seconds" per line.
PHASES := $(VENV)/.demo-phases
now := $(PYTHON) -c 'import time; print(time.time())'
since = $(PYTHON) -c 'import sys, time; print("$(1)", round(time.time() - float(sys.argv[1]), 1))'
PYTEST_ARGS ?= -n auto
SERVE_ARGS ?= --workers 2 --bind 127.0.0.1:8001
# The demo and the local production server read their keys from a key file made once (mode 0600, never committed).
# A database made before it, under the development keys, is rewritten with the new keys when the file is made.
KEYS := data/keys.json

.PHONY: demo test lint serve messages clean

$(BIN)/python:
	@echo "== Python environment ($(VENV)) =="
	@start=$$($(now)); $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet --upgrade pip && \
	  $(call since,install) $$start >> $(PHASES)

$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	@echo "== Installing the runtime dependencies (a minute or two on a fresh machine) =="
	@start=$$($(now)); $(BIN)/python -m pip install --quiet -e '.$(if $(RUNTIME_EXTRAS),[$(RUNTIME_EXTRAS)])' && \
	  $(call since,install) $$start >> $(PHASES)
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[$(TEST_EXTRAS)]'
	touch $@

$(KEYS): | $(RUNTIME_STAMP)
	@echo "== Making the demo's keys ($(KEYS)) =="
	@mkdir -p data
	@start=$$($(now)); \
	  $(BIN)/guifan keys generate --file $@ --legacy-field-key development-field-key-change-me \
	    --legacy-hash-key development-hash-key-change-me && \
	  GUIFAN_KEYRING_FILE=$(abspath $@) $(BIN)/guifan migrate --verbosity 0 && \
	  GUIFAN_KEYRING_FILE=$(abspath $@) $(BIN)/guifan keys rotate && \
	  $(call since,keys) $$start >> $(PHASES)

demo serve: export GUIFAN_KEYRING_FILE ?= $(abspath $(KEYS))
# Demo accounts (printed passwords, `guifan demo_totp USER` codes) exist only with DEBUG on.
demo: export GUIFAN_DEBUG := 1
# Migrate, seed, figures, accounts (with progress bars on a terminal), the time of each phase, then the server and,
# beside it, the worker of background jobs (long exports…), stopped with the server.
demo: $(RUNTIME_STAMP) $(KEYS)
	$(BIN)/guifan demo_setup --scale city --phases $(PHASES)
	$(BIN)/guifan reminders && $(BIN)/guifan reminders --schedule
	$(BIN)/guifan db_worker --interval 1 --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/guifan runserver 127.0.0.1:8000

# The production server with DEBUG off, e.g. for `guifan bench pages --users 50 --url http://127.0.0.1:8001`.
serve: $(RUNTIME_STAMP) $(KEYS)
	$(BIN)/guifan migrate --verbosity 0
	$(BIN)/guifan reminders --schedule
	$(BIN)/guifan db_worker --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn guifan.wsgi $(SERVE_ARGS)

test: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

messages: export GUIFAN_DEVELOPMENT_KEYS := 1
messages: $(RUNTIME_STAMP)
	cd guifan && ../$(BIN)/guifan makemessages -l zh_Hans -l en --no-obsolete && ../$(BIN)/guifan compilemessages

clean:
	rm -rf $(VENV) data/*.sqlite3*
