# Two entry points for a fresh machine (Python 3.11, make and bash present):
#   make lab    installs everything into .venv and opens JupyterLab on the first notebook
#   make test   installs everything into .venv and runs the whole test suite
# The install step re-runs only when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp-install
EXTRAS ?= lab,workshop,test
FIRST_NOTEBOOK := notebooks/00-check-environment.ipynb

.PHONY: lab test install browser lint bench clean sync-data check-wheel

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

install: $(STAMP)

## Open the workbench: JupyterLab on the first notebook.
## (Jupyter refuses to run as root unless told to: containers and CI machines often are root.)
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) --LabApp.default_url=/lab/tree/$(FIRST_NOTEBOOK)

## Run every test: unit and property tests, doctests, notebooks (nbval), browser tier.
test: $(STAMP) browser
	timeout 3000 $(BIN)/python -m pytest

## Debian's Chromium for the browser tests (never a browser download).
browser:
	@bash scripts/ensure_chromium.sh

lint: $(STAMP)
	$(BIN)/ruff check .

## Copy data/ and references.bib into the package (real files; run after editing either).
sync-data:
	$(PYTHON) scripts/sync_package_data.py

## Build the wheel and the sdist, install the wheel into a fresh venv outside the checkout, run the
## README's command-line examples there and the sdist's own packaging tests (about 1-2 minutes; pip uses the network).
check-wheel: $(STAMP)
	bash scripts/check_wheel.sh $(BIN)/python

## Every benchmark (a few minutes; networkx's exact betweenness on 5,000 members is the slow part).
## The end-to-end workshop of 25 participants: $(BIN)/python scripts/bench_ui.py --participants 25
bench: $(STAMP)
	$(BIN)/python scripts/bench_import.py
	$(BIN)/python scripts/bench_cli.py
	$(BIN)/python scripts/bench_widgets.py
	$(BIN)/python scripts/bench_ui.py
	$(BIN)/python scripts/bench_assess.py
	$(BIN)/python scripts/bench_portfolio.py
	$(BIN)/python scripts/bench_measures.py
	$(BIN)/python scripts/bench_dynamics.py
	$(BIN)/python scripts/bench_large.py

clean:
	rm -rf $(VENV) build dist *.egg-info
