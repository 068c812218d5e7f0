# The two commands of the README's Quick start: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# The PostgreSQL leg of the tests; it skips where no server answers (and fails under CI).
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test install install-test translations lint messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory translations

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	$(MAKE) --no-print-directory translations

# .mo files are built from the committed .po catalogues at install time, never committed.
translations:
	$(BIN)/pybabel -q compile -d translations -D "messages office"

run: install
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi seed
	$(BIN)/flask --app wsgi run --host $(HOST) --port $(PORT)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install-test lint
	@echo "== tests on SQLite"
	DATABASE_URL= $(BIN)/pytest
	@echo "== tests on PostgreSQL ($(PG_TEST_URL))"
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

# Re-extract the API's own strings (eight languages) and the back office's (it, en) after
# changing them, then translate the new entries.
messages:
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k Message -k _l --no-location --sort-output \
		--project=distretto -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel extract -F office/babel.cfg -k lazy_gettext --no-location --sort-output \
		--project=distretto-office -o translations/office.pot .
	$(BIN)/pybabel update -D office -i translations/office.pot -d translations --no-fuzzy-matching --ignore-obsolete

# The benchmark of bench/ (see README, Performance): a synthetic catalogue in its own databases,
# gunicorn, a ceiling, wrk or a Python load generator. `make bench BENCH_ARGS="--quick"`.
BENCH_ARGS ?=
.PHONY: bench
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# schemathesis against gunicorn from the OpenAPI 3 document (see README, The contract, checked
# from outside). `make contract CONTRACT_ARGS=--short`.
CONTRACT_ARGS ?=
.PHONY: contract
contract: install-test
	$(BIN)/python -m contract $(CONTRACT_ARGS)

# The load and soak run of issue 9 (see README, Load and soak): gunicorn, mixed reads and
# writes, then every acknowledged write checked in the database. CI: SOAK_ARGS=--short.
SOAK_ARGS ?=
.PHONY: soak
soak: install
	$(BIN)/python -m soak $(SOAK_ARGS)
