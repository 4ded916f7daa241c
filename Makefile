# sasaeai: `make run` serves the demo, `make test` runs the whole suite on SQLite and PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# What the running site needs from Debian: Pango (WeasyPrint's text layout for the PDF
# 地域資源ガイド and マイリスト) and the Noto CJK fonts they are set in.
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
TEST_PACKAGES := postgresql postgresql-contrib chromium $(RUN_PACKAGES)

.PHONY: run test deps dev-deps demo lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# One stamp per lock file: dependencies are reinstalled only when a lock changes.
$(VENV)/.deps: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	touch $@

$(VENV)/.dev-deps: requirements-dev.lock $(VENV)/.deps
	$(BIN)/pip install -q -r requirements-dev.lock
	touch $@

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

demo: deps
	./scripts/system-deps.sh $(RUN_PACKAGES)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --if-empty
	SASAEAI_DEMO=1 $(BIN)/python manage.py create_demo_accounts

run: demo
	$(BIN)/python manage.py collectstatic --noinput -v 0
	@echo "http://$(HOST):$(PORT)/ で公開しています（止めるには Ctrl+C）"
	$(BIN)/gunicorn sasaeai.wsgi --bind $(HOST):$(PORT) --workers 2 --timeout 120 --access-logfile -

test: dev-deps
	./scripts/system-deps.sh $(TEST_PACKAGES)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo "== SQLite =="
	$(BIN)/python -m pytest
	@echo "== PostgreSQL =="
	./scripts/with-postgres.sh $(BIN)/python -m pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: dev-deps
	$(BIN)/python bench/search_bench.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*
