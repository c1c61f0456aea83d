# Developer entry points. A fresh machine needs only `make quickstart` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)
GEN_OUT := generated/_agb_api
STAMP  := $(VENV)/.installed

.PHONY: install quickstart test lint typecheck spec stale-check generate pytest bench peer-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Start the mock on loopback, run the guide's quickstart against it, stop the mock.
quickstart: $(STAMP)
	$(BIN)/python scripts/quickstart.py

## Lint, types, spec validity, generated-client freshness, then the test suite.
test: lint typecheck spec stale-check pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

spec: $(STAMP)
	$(BIN)/openapi-spec-validator openapi.yaml

## Regenerate generated/ from openapi.yaml (never edit generated/ by hand).
generate: $(STAMP)
	rm -rf $(GEN_OUT)
	$(BIN)/openapi-python-client generate --path openapi.yaml --config openapi-python-client.yaml \
		--meta none --output-path $(GEN_OUT)

## Fail when generated/ differs from what the spec produces.
stale-check: $(STAMP)
	@tmp=$$(mktemp -d) && \
	$(BIN)/openapi-python-client generate --path openapi.yaml --config openapi-python-client.yaml \
		--meta none --output-path $$tmp/_agb_api >/dev/null && \
	if diff -r -x __pycache__ $$tmp/_agb_api $(GEN_OUT); then echo "generated/ is up to date"; rm -rf $$tmp; \
	else echo "generated/ is stale: run 'make generate' and commit the result"; rm -rf $$tmp; exit 1; fi

pytest: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench --write

## Run the official SDK's own tests and examples (and our user guide) against the mock, with the
## official agbcloud-sdk and then with ours instead; not part of `make test` (needs the checkouts).
PEER_SRC     ?= ../agbcloud-sdk
COOKBOOK_SRC ?= ../cookbook
PEER_ARGS    ?=
peer-check: $(STAMP)
	$(BIN)/python scripts/peer_check/run.py --peer-src $(PEER_SRC) --cookbook-src $(COOKBOOK_SRC) $(PEER_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
