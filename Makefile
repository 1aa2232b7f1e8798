# The two commands: `make run` and `make test`. Both bootstrap a fresh machine.
# `make dev` is `make run` with Django's autoreloading runserver instead of gunicorn.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# One process (the local-memory cache and in-process tasks stay shared), several threads.
WEB_THREADS ?= 8
STAMP := $(VENV)/.installed
# `make test` runs the suite on every core up to 8 (pytest-xdist; each worker takes a Redis
# database of its own); PYTEST_ARGS="-n 0 tests/core" make test runs part of it serially.
PYTEST_ARGS ?= -n auto --maxprocesses 8

.PHONY: run dev serve-setup test bootstrap system-deps system-deps-test messages lint check worker beat clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@bash scripts/install-system-deps.sh

system-deps-test:
	@bash scripts/install-system-deps.sh --test

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v0

bootstrap: system-deps $(STAMP) messages

serve-setup: bootstrap
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py build_pdf_fonts

# gunicorn with threads holds several people booking at once (SQLite in WAL mode
# queues the writers); WhiteNoise serves the static files whatever DEBUG says.
# Beside it, `run_schedule` runs beat's periodic tasks (reminders, waitlist offers, slots,
# outbox retries, retention) in-process: with no broker, nobody else would.
run: serve-setup
	@$(PY) manage.py run_schedule & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-true} $(VENV)/bin/gunicorn config.wsgi:application \
	  --bind 127.0.0.1:$(PORT) --worker-class gthread --workers 1 --threads $(WEB_THREADS)

# Reloads on every code change; one request at a time is enough for one developer.
dev: serve-setup
	@$(PY) manage.py run_schedule & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: system-deps-test $(STAMP) messages
	@mkdir -p var
	$(PY) manage.py build_pdf_fonts
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run

worker: bootstrap
	$(PY) manage.py build_pdf_fonts
	$(VENV)/bin/celery -A config worker -l INFO --max-tasks-per-child 200

beat: bootstrap
	$(VENV)/bin/celery -A config beat -l INFO

clean:
	rm -rf $(VENV) var
