# The two commands of the README: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test check lint format install install-test schema

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $(VENV)/.installed-run $@

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

# Links in e-mails and calendar files point at the address served here (mentoring/apps.py
# writes it into the sites framework at migrate).
run: export SITE_DOMAIN ?= 127.0.0.1:$(PORT)
run: export COMPANY_NAME ?= Northwind
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# What keeps the structure: lint, format, migrations that match the models, types.
check: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/mypy .

lint: check

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The API's OpenAPI schema, checked in: api/tests/test_schema.py fails when it differs.
schema: install-test
	$(BIN)/python manage.py spectacular --file api/openapi.yaml --validate --fail-on-warn
