# sasaeai: `make run` serves the demo, `make test` runs the whole suite on SQLite and PostgreSQL (at once).
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

# The site refuses to start without SASAEAI_SECRET_KEY (sasaeai/settings.py). `make run`
# makes a random key of its own once, in a git-ignored file readable by this user only, and
# gives it to every command below (a key set in the environment wins): the demo's report
# form then keys its hash of senders' addresses with a secret, as a real site does.
SECRET_FILE := var/secret-key
WITH_KEY = SASAEAI_SECRET_KEY="$${SASAEAI_SECRET_KEY:-$$(cat $(SECRET_FILE))}"

$(SECRET_FILE): | $(BIN)/python
	mkdir -p $(dir $@)
	umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

demo: deps $(SECRET_FILE)
	./scripts/system-deps.sh $(RUN_PACKAGES)
	$(WITH_KEY) $(BIN)/python manage.py migrate --noinput
	$(WITH_KEY) $(BIN)/python manage.py load_demo --if-empty
	$(WITH_KEY) SASAEAI_DEMO=1 $(BIN)/python manage.py create_demo_accounts

run: demo
	$(WITH_KEY) $(BIN)/python manage.py collectstatic --noinput -v 0
	@echo "http://$(HOST):$(PORT)/ で公開しています（止めるには Ctrl+C）"
# gunicorn and the background worker (booklets, imports, e-mail: docs/tasks.md); Ctrl+C stops
# both. お知らせメール are printed on the console, never sent, whatever EMAIL_HOST says.
	$(WITH_KEY) EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend BIN=$(BIN) ./scripts/serve.sh --bind $(HOST):$(PORT) --access-logfile -

test: dev-deps
	./scripts/system-deps.sh $(TEST_PACKAGES)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
# mypy reads the settings through django-stubs: demo mode spares it a secret key.
	SASAEAI_DEMO=1 $(BIN)/mypy
	@echo "== manage.py check --deploy (sasaeai.settings_production) =="
	DJANGO_SETTINGS_MODULE=sasaeai.settings_production SASAEAI_ALLOWED_HOSTS=sasaeai.example.jp \
	  SASAEAI_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING
# Both databases' suites at once, each printed in full when both have ended; fails if either
# fails (one alone: `$(BIN)/python -m pytest`, or ./scripts/with-postgres.sh before it).
	PYTHON=$(BIN)/python ./scripts/test-both.sh

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# wrk (Debian) drives bench/load.py from a second process.
bench: dev-deps
	./scripts/system-deps.sh wrk
	$(BIN)/python bench/search_bench.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*
