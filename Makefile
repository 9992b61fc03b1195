# Two commands for a newcomer: `make demo` and `make test`. Needs Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: demo test lint install install-dev serve lock bench clean

# The venv is rebuilt only when a lock file changes, so re-running is fast.
$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

$(BIN)/.installed-dev: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $(BIN)/.installed $@

install: $(BIN)/.installed
install-dev: $(BIN)/.installed-dev

demo: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Demo accounts (e-mail / password):"
	@$(BIN)/python manage.py demo_accounts
	@echo "Serving on http://$(HOST)/  (Ctrl+C to stop)"
	$(BIN)/python manage.py runserver $(HOST)

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the lock files after editing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml -o requirements.lock --python-version 3.11
	uv pip compile pyproject.toml --extra dev -o requirements-dev.lock --python-version 3.11

# Benchmarks at scales 0.1, 1 and 3 on PostgreSQL (not part of `make test`; needs wrk):
# writes bench/RESULTS.md. BENCH_DATABASE_URL names the databases' prefix (one per scale,
# created if missing); BENCH_SCALES=0.1,1 runs fewer.
bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/staticfiles
