# DocExchange: `make run` starts the server on its embedded defaults, `make test` runs every test.
SHELL := /bin/bash
CONFIG ?= Release
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1
LOGS := .test-tmp

.PHONY: all build run demo test test-dotnet test-interop deps clean

all: build

build:
	$(DOTNET) build DocExchange.sln -c $(CONFIG) --nologo -v quiet

## Starts the server: SQLite in ./data, sample certificates from certs-sample/, the development plaintext
## endpoint on loopback, and the sample password for the audit key. A deployment sets its own secrets.
run:
	$(DOTNET) build src/DocExchange.Server -c $(CONFIG) --nologo -v quiet
	DOCEXCHANGE__Development__PlaintextLoopback=true \
	DOCEXCHANGE__Audit__KeyPassword=$${DOCEXCHANGE__Audit__KeyPassword:-docexchange-sample} \
	$(DOTNET) src/DocExchange.Server/bin/$(CONFIG)/net10.0/DocExchange.Server.dll

## The README quickstart, end to end, against a fresh server on a temporary folder and a free port (runs beside
## `make run`); checks every step and cleans up. Needs jq.
demo:
	CONFIG=$(CONFIG) docs/demo.sh

deps:
	tests/setup/install-test-deps.sh

test: deps build
	@mkdir -p $(LOGS); rm -f $(LOGS)/*.log
	@status=0; \
	$(DOTNET) test DocExchange.sln -c $(CONFIG) --no-build --nologo 2>&1 | tee $(LOGS)/dotnet.log; [ $${PIPESTATUS[0]} -eq 0 ] || status=1; \
	(cd tests/interop && DOCEXCHANGE_CONFIG=$(CONFIG) node --test --test-reporter=tap 2>&1) | tee $(LOGS)/interop.log; [ $${PIPESTATUS[0]} -eq 0 ] || status=1; \
	tests/setup/summarize.sh $(LOGS)/dotnet.log $(LOGS)/interop.log; \
	exit $$status

clean:
	$(DOTNET) clean DocExchange.sln -c $(CONFIG) --nologo -v quiet
	rm -rf $(LOGS)
