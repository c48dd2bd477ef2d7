# Everyday commands. `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup setup-dev lint format messages check-messages clean-db bench-inbox bench-transparency bench cluster

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py load_demo_history

setup-dev: $(VENV)/.installed-dev

## Set up everything and run the site with demo content at http://127.0.0.1:8000
run: setup
	$(PY) manage.py set_site_root http://$(HOST):$(PORT)
	$(PY) manage.py demo_api_client
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/  (user: admin, password: procon-demo)"
	@echo "  API:    http://$(HOST):$(PORT)/api/v1/docs  (X-Api-Key: pcn_demo0000_chave-de-demonstracao-do-procon)"
	@echo ""
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

## Set up everything and run the whole test suite (browser tests need /usr/bin/chromium)
# One test process per CPU (pytest-xdist); PYTEST_ARGS="-n 0" runs them in one.
PYTEST_ARGS ?= -n auto
test: $(VENV)/.installed-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	PYTHONPATH=. $(VENV)/bin/lint-imports

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Extract strings to locale/pt_BR (needs gettext) and compile the catalogue
messages: $(VENV)/.installed-dev
	$(PY) manage.py makemessages -l pt_BR --no-obsolete --ignore=.venv --ignore=var --ignore=tests
	$(PY) scripts/compile_messages.py

## Inbox benchmark on PostgreSQL (fills BENCH_DATABASE_URL; see docs/performance.md)
BENCH_ROWS ?= 1000000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/procon_bench
bench-inbox: $(VENV)/.installed
	psql "$(BENCH_DATABASE_URL)" -c "SELECT 1" >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres procon_bench
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(PY) bench/inbox.py all --rows $(BENCH_ROWS)

## Transparency benchmark on PostgreSQL (fills TRANSPARENCY_BENCH_DATABASE_URL; see docs/performance.md)
TRANSPARENCY_BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/procon_transp_bench
bench-transparency: $(VENV)/.installed
	psql "$(TRANSPARENCY_BENCH_DATABASE_URL)" -c "SELECT 1" >/dev/null 2>&1 || createdb -h 127.0.0.1 -U postgres procon_transp_bench
	DATABASE_URL="$(TRANSPARENCY_BENCH_DATABASE_URL)" $(PY) bench/transparency.py all --rows $(BENCH_ROWS)

## Site benchmark: pages (wrk), complaint journey vs Wagtail's stock form (locust),
## the same complaint through the API, inbox figures; writes the "Site" and "API
## journey" sections of docs/performance.md and fails when the API journey misses
## its check (about 16 minutes without the inbox part)
SITE_BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/procon_sitebench
BENCH_ARGS ?=
$(VENV)/.installed-bench: bench/requirements.txt $(VENV)/.installed
	$(PIP) install --quiet -r bench/requirements.txt
	touch $@

bench: $(VENV)/.installed-bench
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/site.py --database-url "$(SITE_BENCH_DATABASE_URL)" --write-docs $(BENCH_ARGS)

## Several nodes on one machine: nginx in front of two gunicorn nodes, db_worker,
## PostgreSQL, Redis and SeaweedFS (S3), all on 127.0.0.1; checks what the nodes
## share, kills a node under 50 users, writes the report into docs/deployment.md
## and stops everything it started (about 5 minutes; see docs/deployment.md)
CLUSTER_ARGS ?=
$(VENV)/.installed-cluster: bench/requirements-cluster.txt $(VENV)/.installed
	$(PIP) install --quiet -r bench/requirements-cluster.txt
	touch $@

cluster: $(VENV)/.installed-cluster
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx)
	$(PY) bench/cluster.py --write-docs $(CLUSTER_ARGS)
