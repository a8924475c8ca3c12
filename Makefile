# cloudtrust-lab: the two commands a fresh machine needs are `make lab` and `make test`.
# Both install what they need first (Debian packages for the real clients, then npm ci).
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPM_STAMP := node_modules/.ctlab-installed

.PHONY: help deps apt npm node22 lab test typecheck bench clean

help:
	@echo "make lab    install, then run the lab on the default scenario"
	@echo "make test   install, then run every test suite (unit, vectors, fuzz, interop)"
	@echo "make bench  install, then run the benchmarks"

deps: apt npm

# Node 22 beside the project for the tests that run the lab on it too (not an npm dependency:
# npm would put its `node` first on every npx/npm-run PATH and Node 20 would go untested).
node22:
	@bash scripts/install-node22.sh

apt:
	@bash scripts/install-apt.sh

npm: $(NPM_STAMP)

$(NPM_STAMP): package.json package-lock.json
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node 20.19+ is required, found "+process.version); process.exit(1) }'
	npm ci --no-audit --no-fund
	@touch $@

# `node bin/ctlab.mjs` is what `npx ctlab` runs, without npx's ~0.4 s of resolving first.
lab: deps
	node bin/ctlab.mjs up

typecheck: npm
	npx tsc --noEmit -p tsconfig.json

test: deps node22 typecheck
	@mkdir -p .stamp
	npx vitest run --reporter=default --reporter=json --outputFile.json=.stamp/vitest.json
	@echo "Node 22: the unit, vector and fuzz suites again on $$(.cache/node22/bin/node --version)"
	.cache/node22/bin/node node_modules/vitest/vitest.mjs run --project unit --reporter=dot --reporter=json --outputFile.json=.stamp/vitest-node22.json > .stamp/vitest-node22.log 2>&1 || { tail -n 60 .stamp/vitest-node22.log; exit 1; }
	@node scripts/test-summary.mjs .stamp/vitest-node22.json "vitest on Node 22 (unit project)"
	@node scripts/test-summary.mjs .stamp/vitest.json

bench: deps
	npm run bench

clean:
	rm -rf node_modules .ctlab .stamp .cache
