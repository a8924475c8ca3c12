# cloudtrust-lab: the two commands a fresh machine needs are `make lab` and `make test`.
# Both install what they need first: a supported Node (the system's when it is 22.18+, 24 or 26,
# otherwise a pinned Node 26 in .cache/), the Debian packages for the real clients, then npm ci.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# Every recipe runs with the chosen Node first on PATH, so npm, npx and the lab all use it.
WITH_NODE = PATH="$$(bash scripts/node.sh):$$PATH"
RUNTIME_STAMP := node_modules/.ctlab-runtime
DEV_STAMP := node_modules/.ctlab-dev
OLDEST_NODE := .cache/node-22/bin/node

.PHONY: help apt apt-lab node npm-runtime npm-dev oldest-node lab test typecheck bench clean docker image

help:
	@echo "make lab    install, then run the lab on the default scenario"
	@echo "make test   install, then run every test suite (unit, vectors, fuzz, interop)"
	@echo "make bench  install, then run the benchmarks"
	@echo "make image  build the cloudtrust-lab container image (offline base when no registry)"

node:
	@$(WITH_NODE); echo "node: $$(node --version) from $$(dirname "$$(command -v node)")"

apt:
	@bash scripts/install-apt.sh test

apt-lab:
	@bash scripts/install-apt.sh lab

# make lab installs the runtime dependencies only; make test installs the development ones too.
npm-runtime: node
	@if [ -f $(DEV_STAMP) ] && [ $(DEV_STAMP) -nt package-lock.json ]; then exit 0; fi; \
	if [ -f $(RUNTIME_STAMP) ] && [ $(RUNTIME_STAMP) -nt package-lock.json ]; then exit 0; fi; \
	$(WITH_NODE); echo "npm: installing the lab's runtime dependencies"; \
	npm ci --omit=dev --no-audit --no-fund --loglevel=error && touch $(RUNTIME_STAMP)

npm-dev: node
	@if [ -f $(DEV_STAMP) ] && [ $(DEV_STAMP) -nt package-lock.json ]; then exit 0; fi; \
	$(WITH_NODE); echo "npm: installing the runtime and development dependencies"; \
	npm ci --no-audit --no-fund --loglevel=error && touch $(DEV_STAMP)

# The oldest supported line, for the second run of the unit, vector and fuzz suites.
oldest-node:
	@bash scripts/install-node.sh 22 >/dev/null

lab: apt-lab npm-runtime
	@$(WITH_NODE); exec node bin/ctlab.mjs up

typecheck: npm-dev
	@$(WITH_NODE); npx tsc --noEmit -p tsconfig.json

# A Docker engine for the container suite (test/containers): installed and started when missing.
# Without one the suite skips itself with one line, except under CI=true, where this fails.
docker:
	@bash scripts/install-docker.sh || { if [ "$${CI:-}" = true ]; then echo "make: CI=true needs a Docker engine for the container suite" >&2; exit 1; fi; echo "make: no Docker engine; the container suite will be skipped"; }

# The image (docker/Dockerfile) on node:26-bookworm-slim when a registry has it, else on the
# local base of docker/build-offline-base.sh.
image: node
	@bash scripts/install-docker.sh
	@$(WITH_NODE); bash docker/build-image.sh

test: apt npm-dev oldest-node typecheck docker
	@mkdir -p .stamp
	@$(WITH_NODE); echo "vitest on Node $$(node --version): every suite"; \
	npx vitest run --reporter=default --reporter=json --outputFile.json=.stamp/vitest.json
	@$(WITH_NODE); if [ "$$(node -p 'process.versions.node.split(".")[0]')" != 22 ]; then \
	  echo "Node 22 (the oldest supported line): the unit, vector and fuzz suites again on $$($(OLDEST_NODE) --version)"; \
	  $(OLDEST_NODE) node_modules/vitest/vitest.mjs run --project unit --reporter=dot --reporter=json --outputFile.json=.stamp/vitest-node22.json > .stamp/vitest-node22.log 2>&1 || { tail -n 60 .stamp/vitest-node22.log; exit 1; }; \
	  node scripts/test-summary.mjs .stamp/vitest-node22.json "vitest on Node 22 (unit project)"; fi
	@$(WITH_NODE); node scripts/test-summary.mjs .stamp/vitest.json

bench: apt npm-dev oldest-node
	@$(WITH_NODE); npm run bench

clean:
	rm -rf node_modules .ctlab .stamp .cache
