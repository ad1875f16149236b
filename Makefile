# Two commands on a fresh machine: `make demo` and `make test`. Python 3.11+ and make are all they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXTRAS := test
ifneq (,$(findstring mysql,$(GUIFAN_DATABASE_URL)))
EXTRAS := test,mysql
endif
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
PYTEST_ARGS ?= -n auto
SERVE_ARGS ?= --workers 2 --bind 127.0.0.1:8001
# The demo and the local production server read their keys from a key file made once (mode 0600, never committed).
# A database made before it, under the development keys, is rewritten with the new keys when the file is made.
KEYS := data/keys.json

.PHONY: demo test lint serve messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $@

$(KEYS): | $(STAMP)
	mkdir -p data
	$(BIN)/guifan keys generate --file $@ --legacy-field-key development-field-key-change-me
	GUIFAN_KEYRING_FILE=$(abspath $@) $(BIN)/guifan migrate --verbosity 0
	GUIFAN_KEYRING_FILE=$(abspath $@) $(BIN)/guifan keys rotate

demo serve: export GUIFAN_KEYRING_FILE ?= $(abspath $(KEYS))
# Demo accounts (printed passwords, `guifan demo_totp USER` codes) exist only with DEBUG on.
demo: export GUIFAN_DEBUG := 1
demo: $(STAMP) $(KEYS)
	$(BIN)/guifan migrate --verbosity 0
	$(BIN)/guifan seed --scale city --if-empty
	$(BIN)/guifan demo_figures
	$(BIN)/guifan demo_accounts
	$(BIN)/guifan runserver 127.0.0.1:8000

# The production server with DEBUG off, e.g. for `guifan bench pages --users 50 --url http://127.0.0.1:8001`.
serve: $(STAMP) $(KEYS)
	$(BIN)/guifan migrate --verbosity 0
	$(BIN)/gunicorn guifan.wsgi $(SERVE_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

messages: export GUIFAN_DEVELOPMENT_KEYS := 1
messages: $(STAMP)
	cd guifan && ../$(BIN)/guifan makemessages -l zh_Hans -l en --no-obsolete && ../$(BIN)/guifan compilemessages

clean:
	rm -rf $(VENV) data/*.sqlite3*
