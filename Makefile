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

.PHONY: install run serve demo test quality format bench worker beat clean

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

run: demo
	@echo "Plateforme CLS : http://$(HOST):$(PORT)/ (comptes de démonstration dans le README)"
	DEBUG=$${DEBUG:-true} $(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest

quality: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint templates --lint
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var db.sqlite3
