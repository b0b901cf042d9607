# Two commands for a new user: `make run` (install + web chat) and `make test` (install + all tests).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast eval bench bench-scale bench-city clean

install: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

run: install
	$(PY) app.py

test: install
	$(PY) -m pytest -q --durations=25

test-fast: install
	$(PY) -m pytest -q -m "not slow"

eval: install
	$(PY) -m eval run

bench: install
	$(PY) -m index bench
	$(PY) -m qa bench
	$(PY) -m bench load --seconds 15
	$(PY) -m bench load --seconds 15 --think 5

# Index build and query latency on 1, 10 and 100 synthetic documents, embedded Chroma and a Chroma server (long).
bench-scale: install
	$(PY) -m bench scale --sizes 1,10,100 --server

# A city's desk: 300 documents (the shared real ones + variants in their layouts), embedded and server Chroma,
# per-question latency, 32 clients on /api/ask, memory (long; figures in bench/city-300.json and docs/scale.md).
bench-city: install
	$(PY) -m bench city --documents 300 --real ../shared/corpus-wide ../shared/corpus-dev --server --clients 32 \
	    --json > bench/city-300.json

clean:
	rm -rf $(VENV) data

# The web UI's tests (fast and slow: server, browser); screenshots land in test-artifacts/.
.PHONY: test-web
test-web: install
	$(PY) -m pytest -q tests/web tests/test_app.py
