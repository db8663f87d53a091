# Two commands: `make run` sets everything up and serves; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test install messages translations migrate seed lint check bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed node_modules/.installed

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p node_modules && touch $@

messages: install
	$(PY) manage.py compile_translations

# Regenerate locale/vi/LC_MESSAGES/django.po from the code (needs GNU gettext).
translations: install
	$(PY) manage.py makemessages -l vi --no-obsolete --no-location -i ".venv/*" -i "node_modules/*" -i "tests/*" -i "staticfiles/*" -i "var/*" -i "media/*"
	$(PY) manage.py compile_translations

migrate: install messages
	mkdir -p var media
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Tập huấn KH&CN: http://127.0.0.1:$(PORT)/  (admin / giangvien / quanly.quangtri / hocvien, mật khẩu demo12345)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy .

test: install messages lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest

clean:
	rm -rf $(VENV) node_modules staticfiles var
