# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml .python-version | cksum | cut -d' ' -f1)

.PHONY: run test lint audit format bench resilience lighthouse clean

# A venv on the pinned Python (pyenv installs it when missing), reinstalled when pyproject changes.
$(STAMP): pyproject.toml .python-version
	@command -v pyenv >/dev/null 2>&1 && { pyenv versions --bare | grep -qx '$(PYTHON_VERSION)' || pyenv install -s $(PYTHON_VERSION); } || true
	@test -x $(PY) || python$(basename $(PYTHON_VERSION)) -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*; touch $@

run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit --quiet --recursive storefront whmcs_gateway --severity-level medium
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m bandit --quiet --recursive storefront whmcs_gateway --severity-level medium
	$(VENV)/bin/lint-imports --no-cache

# Needs a vulnerability database (PyPI's JSON API or OSV) reachable from this machine.
audit: $(STAMP)
	$(PY) -m pip install --quiet pip-audit
	$(PY) -m pip_audit --skip-editable --strict

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) -m bench.benchmark

resilience: $(STAMP)
	$(PY) -m bench.resilience

# Lighthouse (pinned in tools/lighthouse/package-lock.json) with Debian's Chromium and Node.
LIGHTHOUSE_STAMP := tools/lighthouse/node_modules/.installed-$(shell cat tools/lighthouse/package-lock.json | cksum | cut -d' ' -f1)
$(LIGHTHOUSE_STAMP): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	@command -v npm >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq nodejs npm)
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	@rm -f tools/lighthouse/node_modules/.installed-*; touch $@

lighthouse: $(STAMP) $(LIGHTHOUSE_STAMP)
	$(PY) -m bench.lighthouse

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache tools/lighthouse/node_modules
