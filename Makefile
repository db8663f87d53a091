# Two commands: `make run` sets everything up and serves; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The settings derive SITE_URL (links in QR codes, e-mails, the Wagtail site) from PORT unless set.
export PORT
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test install assets messages translations migrate seed lint check bench bench-xapi loadtest clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed node_modules/.installed

# --ignore-scripts: h5p-standalone's preinstall (`npx only-allow yarn`) refuses npm.
node_modules/.installed: package.json
	npm install --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p node_modules && touch $@

# Front-end packages copied into git-ignored static folders (served by us, no CDN).
H5P_VENDOR := quizzes/h5p/static/h5p/vendor
SCORM_VENDOR := scorm/static/scorm/vendor
# A stamp, not a phony target: CI runs two suites at once and neither may see the folder half-copied.
assets: $(H5P_VENDOR)/.copied $(SCORM_VENDOR)/.copied

$(H5P_VENDOR)/.copied: node_modules/.installed
	rm -rf $(H5P_VENDOR)
	mkdir -p $(H5P_VENDOR)
	cp -R node_modules/h5p-standalone/dist/main.bundle.js node_modules/h5p-standalone/dist/frame.bundle.js \
		node_modules/h5p-standalone/dist/styles node_modules/h5p-standalone/dist/fonts \
		node_modules/h5p-standalone/dist/images node_modules/h5p-standalone/LICENSE $(H5P_VENDOR)/
	touch $@

# scorm-again (MIT): the SCORM 1.2 and 2004 runtimes the launcher page loads.
$(SCORM_VENDOR)/.copied: node_modules/.installed
	rm -rf $(SCORM_VENDOR)
	mkdir -p $(SCORM_VENDOR)
	cp node_modules/scorm-again/dist/scorm12.min.js node_modules/scorm-again/dist/scorm2004.min.js \
		node_modules/scorm-again/LICENSE $(SCORM_VENDOR)/
	touch $@

messages: install
	$(PY) manage.py compile_translations

# Regenerate locale/vi/LC_MESSAGES/django.po from the code (needs GNU gettext).
translations: install
	$(PY) manage.py makemessages -l vi --no-obsolete --no-location -i ".venv/*" -i "node_modules/*" -i "tests/*" -i "staticfiles/*" -i "var/*" -i "media/*"
	$(PY) manage.py compile_translations

migrate: install messages
	mkdir -p var media
	$(PY) manage.py migrate --noinput

# The development PKI signs the demo's certificate PDFs (kept while valid).
seed: migrate
	$(PY) manage.py make_dev_pki
	$(PY) manage.py seed_demo

run: seed assets
	@echo "Tập huấn KH&CN: http://127.0.0.1:$(PORT)/  (admin / giangvien / quanly.quangtri / hocvien, mật khẩu demo12345)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy .

# SKIP_LINT=1: .ci/run lints once, then runs the suite on SQLite and on PostgreSQL side by side.
test: install assets messages $(if $(SKIP_LINT),,lint)
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles var

# xAPI ingest under load: gunicorn (2 workers) on PostgreSQL if DATABASE_URL is set, else SQLite,
# then N concurrent learners for a few seconds. Prints RESULT statements_per_s=… p95_ms=….
BENCH_PORT ?= 8771
LEARNERS ?= 50
BENCH_SECONDS ?= 20
bench-xapi: install
	mkdir -p var media
	DJANGO_SETTINGS_MODULE=config.settings.base PORT=$(BENCH_PORT) $(PY) manage.py migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.base PORT=$(BENCH_PORT) $(VENV)/bin/gunicorn config.wsgi \
		--workers 2 --bind 127.0.0.1:$(BENCH_PORT) --log-level warning & echo $$! > var/bench-xapi.pid; \
	for i in $$(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:$(BENCH_PORT)/ && break; sleep 0.5; done; \
	DJANGO_SETTINGS_MODULE=config.settings.base PORT=$(BENCH_PORT) $(PY) manage.py bench_xapi \
		--url http://127.0.0.1:$(BENCH_PORT) --learners $(LEARNERS) --seconds $(BENCH_SECONDS); \
	status=$$?; kill $$(cat var/bench-xapi.pid); rm -f var/bench-xapi.pid; uptime; exit $$status

# The learner's main path under load (Locust, headless, loopback only): gunicorn --workers 4 and a
# Celery worker on PostgreSQL + Redis (DATABASE_URL and CELERY_BROKER_URL, by default a `loadtest`
# database, created when missing, and Redis database 5), LOADTEST_USERS learners for
# LOADTEST_TIME seconds. Prints p50/p95 per request type and RESULT users=… errors=….
LOADTEST_USERS ?= 50
LOADTEST_TIME ?= 60
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/loadtest
LOADTEST_BROKER_URL ?= redis://127.0.0.1:6379/5
loadtest: install messages
	mkdir -p var media
	@db="$${DATABASE_URL:-$(LOADTEST_DATABASE_URL)}"; \
	case "$$db" in postgres*) \
		psql "$${db%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$${db##*/}'" | grep -q 1 \
		|| psql "$${db%/*}/postgres" -qc "CREATE DATABASE \"$${db##*/}\"";; \
	esac; \
	export DATABASE_URL="$$db" CELERY_BROKER_URL="$${CELERY_BROKER_URL:-$(LOADTEST_BROKER_URL)}" \
		DJANGO_SETTINGS_MODULE=config.settings.base; \
	$(PY) manage.py migrate --noinput -v0 \
	&& $(PY) manage.py run_loadtest --users $(LOADTEST_USERS) --seconds $(LOADTEST_TIME); \
	status=$$?; uptime; exit $$status
