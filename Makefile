# DocExchange: `make run` starts the server on its embedded defaults, `make test` runs every test.
SHELL := /bin/bash
CONFIG ?= Release
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1
LOGS := .test-tmp

.PHONY: all build run demo test pack test-dotnet test-interop deps clean bench bench-quick bench-smoke profile

all: build

build:
	$(DOTNET) build DocExchange.sln -c $(CONFIG) --nologo -v quiet

## Starts the server: SQLite in ./data, sample certificates from certs-sample/, the development plaintext
## endpoint and the Prometheus scrape endpoint (http://127.0.0.1:9464/metrics) on loopback, and the sample password for the audit key. A deployment sets its own secrets.
run:
	$(DOTNET) build src/DocExchange.Server -c $(CONFIG) --nologo -v quiet
	DOCEXCHANGE__Development__PlaintextLoopback=true \
	DOCEXCHANGE__Telemetry__PrometheusPort=$${DOCEXCHANGE__Telemetry__PrometheusPort:-9464} \
	DOCEXCHANGE__Audit__KeyPassword=$${DOCEXCHANGE__Audit__KeyPassword:-docexchange-sample} \
	$(DOTNET) src/DocExchange.Server/bin/$(CONFIG)/net10.0/DocExchange.Server.dll

## The README quickstart, end to end, against a fresh server on a temporary folder and a free port (runs beside
## `make run`); checks every step and cleans up. Needs jq.
demo:
	CONFIG=$(CONFIG) docs/demo.sh

deps:
	tests/setup/install-test-deps.sh

## The client library's packages, with what it depends on, for agencies' integrators (docs/CLIENT.md): the .nupkg and
## .snupkg of GovVn.DocExchange.Core, .Protocol, .Audit and .Client, at the version in Directory.Build.props, in
## $(PACKAGES) (./artifacts/packages unless given).
PACKAGES ?= artifacts/packages
PACKED_PROJECTS := Core Protocol Audit Client
pack:
	@mkdir -p $(PACKAGES)
	@set -e; for p in $(PACKED_PROJECTS); do \
	  $(DOTNET) pack src/DocExchange.$$p -c $(CONFIG) --nologo -v quiet -o $(PACKAGES); \
	done
	@ls $(PACKAGES)

## A test that runs longer than this is reported by name and its test host stopped, so that a hang fails the run with
## the test to look at instead of using up CI's time. The whole .NET suite takes about 10 minutes on 2 cores.
TEST_HANG = --blame-hang-timeout 15m --blame-hang-dump-type none

test: deps build
	@mkdir -p $(LOGS); rm -f $(LOGS)/*.log $(LOGS)/*.tap
	@status=0; \
	$(DOTNET) test DocExchange.sln -c $(CONFIG) --no-build --nologo $(TEST_HANG) 2>&1 | tee $(LOGS)/dotnet.log; [ $${PIPESTATUS[0]} -eq 0 ] || status=1; \
	(cd tests/interop && DOCEXCHANGE_CONFIG=$(CONFIG) node --test --test-reporter=tap 2>&1) | tee $(LOGS)/interop.log; [ $${PIPESTATUS[0]} -eq 0 ] || status=1; \
	$(MAKE) --no-print-directory bench-smoke BENCH_BUILT=1 2>&1 | tee $(LOGS)/bench.log; [ $${PIPESTATUS[0]} -eq 0 ] || status=1; \
	tests/setup/summarize.sh $(LOGS)/dotnet.log $(LOGS)/interop.log $(LOGS)/bench-smoke.tap; \
	exit $$status

## Benchmarks: `make bench` measures everything (about 15 minutes on 2 cores) and rewrites docs/BENCHMARKS.md; that
## includes audit proofs from 1M- and 10M-event trees (in memory and SQLite; the 10M trees add about a minute).
## `make bench ARGS=--quick` (or `make bench-quick`) is a smoke run of a minute or two, with small inputs (no 10M-event
## trees), that writes bench/results/ only.
## The load generator runs on SQLite and on PostgreSQL (a throwaway cluster from the machine's binaries: `make deps`),
## and against 2 and 3 instances sharing one PostgreSQL; `ARGS="--engine sqlite"` runs one engine only.
## `make bench BASELINE=<commit>` also runs the same load against that commit's server, built in a temporary worktree
## (.bench-baseline, removed afterwards), in two rounds whose order alternates (baseline, this, this, baseline) so that
## a drift of the machine weighs on both alike; the report shows the means side by side with each round's ratio. The
## baseline's runs leave out the edXML phase and package run (an older server may not speak edXML), the extra runs the
## large-document memory runs; the audit-append micro-benchmark of both runs one after the other; the whole takes
## about 40 minutes on 2 cores.
## BASELINE_LOAD=<load.json> shows an existing run instead (the smoke run passes its own, to exercise the report).
BENCH_BIN = bench/$(1)/bin/$(CONFIG)/net10.0/$(1).dll
BENCH_REPORT = $(if $(findstring --quick,$(ARGS)),bench/results/BENCHMARKS-quick.md,docs/BENCHMARKS.md)
BASELINE_DIR = $(CURDIR)/.bench-baseline
BASELINE_SERVER = $(BASELINE_DIR)/src/DocExchange.Server/bin/$(CONFIG)/net10.0/DocExchange.Server.dll
COMMA := ,
BASELINE_LOAD ?= $(if $(BASELINE),bench/results/load-baseline-1.json$(COMMA)bench/results/load-baseline-2.json,)
LOAD_RUN = $(DOTNET) $(call BENCH_BIN,DocExchange.LoadGenerator) run $(ARGS) --configuration $(CONFIG) $(1)
## A load run whose phases had errors (exit 3) has still written its results: the runs after it and the report go on,
## and make fails at the end when this commit's runs had them (errors of the baseline's server alone are reported, not
## failed on: they say nothing about this commit). Any other failure stops the chain.
LOAD_ERRORS = bench/results/.load-errors
BASELINE_ERRORS = bench/results/.load-errors-baseline
LOAD_RUN_KEEP = { $(call LOAD_RUN,$(1)) || { status=$$?; [ $$status -eq 3 ] && touch $(or $(2),$(LOAD_ERRORS)); }; }
BASELINE_LABEL = $(if $(BASELINE),$$(git rev-parse --short $(BASELINE)),this run)
## After the load runs, `make bench` profiles this commit's server on each engine (bench/profile.sh, about 3 minutes each:
## 100 KB, 16 senders), and the report shows where its CPU goes and names the largest shares in the reasons of the targets
## the CPU keeps from being met. Not in a quick run; PROFILE_ENGINES= skips it, and a profile that cannot run (no perf
## events on the machine) is said so, the report then pointing to the last profile kept in bench/OPTIMISATIONS.md.
PROFILE_ENGINES ?= $(if $(findstring --quick,$(ARGS)),,$(if $(findstring --engine sqlite,$(ARGS)),sqlite,$(if $(findstring --engine postgresql,$(ARGS)),postgresql,sqlite postgresql)))
PROFILE_DIR = bench/results/profile-$(1)
bench: $(if $(BENCH_BUILT),,deps)
ifndef BENCH_BUILT
	$(DOTNET) build src/DocExchange.Server -c $(CONFIG) --nologo -v quiet
	$(DOTNET) build bench/DocExchange.Benchmarks -c $(CONFIG) --nologo -v quiet
	$(DOTNET) build bench/DocExchange.LoadGenerator -c $(CONFIG) --nologo -v quiet
endif
	@mkdir -p bench/results
	@rm -f $(LOAD_ERRORS) $(BASELINE_ERRORS)
	@rm -rf $(call PROFILE_DIR,sqlite) $(call PROFILE_DIR,postgresql)
	$(DOTNET) $(call BENCH_BIN,DocExchange.Benchmarks) $(ARGS) --out bench/results/micro.json
ifdef BASELINE
	git worktree remove --force $(BASELINE_DIR) 2>/dev/null; git worktree prune; \
	git worktree add --detach $(BASELINE_DIR) $(BASELINE) && \
	$(DOTNET) build $(BASELINE_DIR)/src/DocExchange.Server -c $(CONFIG) --nologo -v quiet && \
	rm -f bench/results/micro-append-baseline.json bench/results/micro-append.json && \
	{ $(DOTNET) build $(BASELINE_DIR)/bench/DocExchange.Benchmarks -c $(CONFIG) --nologo -v quiet && \
	  $(DOTNET) $(BASELINE_DIR)/bench/DocExchange.Benchmarks/bin/$(CONFIG)/net10.0/DocExchange.Benchmarks.dll --filter MerkleAppend --out bench/results/micro-append-baseline.json && \
	  $(DOTNET) $(call BENCH_BIN,DocExchange.Benchmarks) --filter MerkleAppend --out bench/results/micro-append.json \
	  || echo "bench: the audit-append comparison with $(BASELINE) did not run; the report leaves it out"; } && \
	$(call LOAD_RUN_KEEP,--skip-memory --skip-edxml --server-dll $(BASELINE_SERVER) --out bench/results/load-baseline-1.json,$(BASELINE_ERRORS)) && \
	$(call LOAD_RUN_KEEP,--skip-memory --skip-edxml --out bench/results/load-round-1.json) && \
	$(call LOAD_RUN_KEEP,--out bench/results/load.json) && \
	$(call LOAD_RUN_KEEP,--skip-memory --skip-edxml --server-dll $(BASELINE_SERVER) --out bench/results/load-baseline-2.json,$(BASELINE_ERRORS)); \
	status=$$?; git worktree remove --force $(BASELINE_DIR); exit $$status
else
	$(call LOAD_RUN_KEEP,--out bench/results/load.json)
endif
	@for engine in $(PROFILE_ENGINES); do \
	  echo "bench: profiling the server on $$engine (bench/profile.sh)"; \
	  bench/profile.sh $(call PROFILE_DIR,$$engine) $$engine 100 > bench/results/profile-$$engine.log 2>&1 \
	    || echo "bench: the $$engine profile did not run (bench/results/profile-$$engine.log); the report points to bench/OPTIMISATIONS.md instead"; \
	done
	$(DOTNET) $(call BENCH_BIN,DocExchange.LoadGenerator) report --micro bench/results/micro.json --load bench/results/load.json \
	  --profiles "$$(for engine in $(PROFILE_ENGINES); do f=$(call PROFILE_DIR,$$engine)/profile.json; [ -e $$f ] && printf '%s,' $$f; done)" \
	  --out $(BENCH_REPORT) --commit $$(git rev-parse --short HEAD 2>/dev/null || echo unknown) \
	  $(if $(BASELINE_LOAD),--baseline-load $(BASELINE_LOAD) --baseline-commit "$(BASELINE_LABEL)",) \
	  $(if $(BASELINE),--rounds-load bench/results/load-round-1.json$(COMMA)bench/results/load.json --baseline-append bench/results/micro-append-baseline.json$(COMMA)bench/results/micro-append.json,)
	@if [ -e $(BASELINE_ERRORS) ]; then rm -f $(BASELINE_ERRORS); \
	  echo "bench: some load phases of the baseline's server had errors (named above); the report shows them and leaves them out of the comparisons"; fi
	@if [ -e $(LOAD_ERRORS) ]; then rm -f $(LOAD_ERRORS); \
	  echo "bench: some load phases of this commit's server had errors (named above); the report shows them and leaves them out of the comparisons"; exit 1; fi

bench-quick:
	$(MAKE) --no-print-directory bench ARGS=--quick

## Where the server's CPU per 100 KB document goes (SQLite, 16 senders): perf samples of the server under the load
## generator, by resource, in milliseconds per document (bench/results/profile/profile.md; about 3 minutes).
## `make profile ENGINE=postgresql` profiles the server on PostgreSQL instead (about 3 minutes too: no scale-out phases);
## `make profile SIZE_KIB=1024` sends 1 MB documents instead.
profile:
	$(DOTNET) build src/DocExchange.Server -c Release --nologo -v quiet
	$(DOTNET) build bench/DocExchange.LoadGenerator -c Release --nologo -v quiet
	bench/profile.sh bench/results/profile $(or $(ENGINE),sqlite) $(or $(SIZE_KIB),100)

## The quick benchmark run as one smoke test of `make test` (about 2 minutes, SQLite and PostgreSQL with 2 and 3 instances): it proves the instruments run and
## produce numbers, and asserts nothing about speed. Its result is a TAP count that tests/setup/summarize.sh adds up.
bench-smoke:
	@mkdir -p $(LOGS)
	@if $(MAKE) --no-print-directory bench ARGS=--quick BASELINE_LOAD=bench/results/load.json > $(LOGS)/bench-smoke.log 2>&1; then \
	  printf '# pass 1\n# fail 0\n' > $(LOGS)/bench-smoke.tap; echo "ok - bench smoke: make bench ARGS=--quick produced bench/results/BENCHMARKS-quick.md"; \
	else \
	  printf '# pass 0\n# fail 1\n' > $(LOGS)/bench-smoke.tap; echo "not ok - bench smoke failed; see $(LOGS)/bench-smoke.log"; tail -n 30 $(LOGS)/bench-smoke.log; exit 1; \
	fi

clean:
	$(DOTNET) clean DocExchange.sln -c $(CONFIG) --nologo -v quiet
	rm -rf $(LOGS)
