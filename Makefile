# Two commands matter: `make run` (set up and serve the demo) and `make test` (set up and test).
# Both create the virtual environment and install the pinned dependencies when needed.
# With DATABASE_URL set they use PostgreSQL, otherwise a local SQLite file.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run dev serve demo test quality format bench worker beat backup restore clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 ou plus récent est nécessaire (trouvé : " + sys.version.split()[0] + ").")'
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { echo "Le module venv manque : sudo apt-get install python3-venv"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(INSTALLED)

install: $(INSTALLED)

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_territories
	$(MANAGE) seed_demo

# Served as users see it: DEBUG off (French error pages, nothing of the code shown), static
# files by whitenoise. `make dev` (or DEBUG=true make run) gives Django's debug pages.
run: demo
	@echo "Plateforme CLS : http://$(HOST):$(PORT)/ (comptes de démonstration dans le README)"
	DEBUG=$${DEBUG:-false} $(MANAGE) runserver $(HOST):$(PORT)

dev:
	DEBUG=true $(MAKE) run

# axe-core for the accessibility checks of the browser tests (skipped, with a message, without npm).
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm absent : les tests en navigateur seront ignorés."; fi

test: install node_modules/.package-lock.json
	$(BIN)/pytest

quality: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint templates --lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python tools/audit_dependencies.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Backups: the database (pg_dump or SQLite copy) and the uploaded and generated files.
BACKUP_DIR ?= var/backups
backup: install
	$(MANAGE) backup --destination $(BACKUP_DIR)

# make restore BACKUP=var/backups/20261122-093000 (asks for confirmation)
restore: install
	@test -n "$(BACKUP)" || { echo "Indiquez la sauvegarde : make restore BACKUP=var/backups/AAAAMMJJ-HHMMSS"; exit 1; }
	$(MANAGE) restore $(BACKUP)

# Background work (Celery): PDF documents, the schedule, e-mails. Both need Redis (REDIS_URL);
# without it, tasks run inside the web process and neither is needed.
worker: install
	@test -n "$$REDIS_URL" || { echo "REDIS_URL est nécessaire, par exemple : REDIS_URL=redis://127.0.0.1:6379/0 make worker"; exit 1; }
	$(BIN)/celery -A config worker -l info

# One scheduler only, whatever the number of workers.
beat: install
	@test -n "$$REDIS_URL" || { echo "REDIS_URL est nécessaire, par exemple : REDIS_URL=redis://127.0.0.1:6379/0 make beat"; exit 1; }
	@mkdir -p var
	$(BIN)/celery -A config beat -l info --schedule var/celerybeat-schedule

# Performance figures (DESIGN.md §7, docs/performance.md) on the national-scale dataset, on
# PostgreSQL: the database is created if missing, the dataset generated once (about a minute),
# then reused. The load test needs wrk (apt-get install wrk) and, like the nightly batch, Redis
# on 127.0.0.1:6379; without them those figures say why they were not measured. About 6 to 11
# minutes in all, depending on the machine.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench_dataset
BENCH_RUNS ?= 20
BENCH_LOAD_SECONDS ?= 30
BENCH_BATCH_SAMPLE ?= 40
bench: install
	DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) shell --no-imports -c 'from bench.database import database_create_if_missing; database_create_if_missing() and print("Base de mesure créée.")'
	DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) migrate --noinput
	DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) shell --no-imports -c 'import sys; from bench.dataset import dataset_exists; sys.exit(0 if dataset_exists() else 1)' \
		|| DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) generate_dataset
	DATABASE_URL=$(BENCH_DATABASE_URL) $(MANAGE) bench --runs $(BENCH_RUNS) \
		--load-seconds $(BENCH_LOAD_SECONDS) --batch-sample $(BENCH_BATCH_SAMPLE)

clean:
	rm -rf $(VENV) var db.sqlite3
