# Caseworks. `make run` = demo on SQLite; `make test` = the whole suite.
# Needs only Python 3.11+; everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Plain pip works everywhere; set PIP="uv pip" style commands via INSTALL if you have uv.
INSTALL ?= $(PY) -m pip install --quiet --disable-pip-version-check
DEMO_ENV := DEBUG=true DEMO_MODE=true TWO_FACTOR_REQUIRED=false SECRET_KEY=demo-only-not-secret DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 CELERY_BROKER_URL= REDIS_URL=

.PHONY: install run test bench lint check clean messages

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(INSTALL) --upgrade pip setuptools
	$(INSTALL) -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py seed_demo
	$(DEMO_ENV) $(PY) manage.py seed_demo_flights
	@echo
	@echo "  Caseworks demo: http://127.0.0.1:8000"
	@echo "  Log in as coordinator, caseworker, lawyer or monitor; password: caseworks-demo"
	@echo
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: install
	$(PY) -m bench $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -ll -c pyproject.toml -r caseworks cases detention deportation

check: install
	$(DEMO_ENV) $(PY) manage.py check
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run

# Rebuild the Russian catalogue after changing strings (the .mo is committed: no gettext needed).
messages: install
	$(DEMO_ENV) $(PY) manage.py makemessages -l ru --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	$(PY) -c "import polib; polib.pofile('locale/ru/LC_MESSAGES/django.po').save_as_mofile('locale/ru/LC_MESSAGES/django.mo')"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media .pytest_cache
