# Steerco: two commands do all on a fresh machine (Rust and Node 20 present).
#   make run    install what is missing, build, start on the demo workspace
#   make test   install what is missing, run every check and test, bench smoke
#   make check  the inner loop: formats, lints, type check, unit tests (no window)
#   make load   the sync server's load figures: SQLite beside PostgreSQL (not in make test)
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO_JOBS ?= 2
CARGO := cargo
DEMO := target/demo/demo.steerco
STAGE := tools/stage
export STAGE_LOG := target/stage-times.txt
# CI builds cold every time: incremental compilation only costs there (it
# writes the state a next build would reuse).
# And without debug info (line tables are the default here): half of each of
# the 80-odd test binaries was std's debug info, on a disk that once ran out;
# panics still say where they happened.
ifeq ($(CI),true)
export CARGO_INCREMENTAL := 0
export CARGO_PROFILE_DEV_DEBUG := false
endif

# The end-to-end tests' app (`make app`): with the test seams (the test clock,
# $STEERCO_SAVE_DIR). What a user runs (`make run`) and the release builds
# (`make bench`) have none; crates/steerco-tidy/tests/seams.rs checks that.
APP_FEATURES ?= custom-protocol,test-clock,test-seams
# `make run` builds into target/run, sharing the build cache with target/debug:
# it never overwrites the test builds of the app and the CLI, and only the
# crates whose features differ (those under steerco-domain) build twice.
RUN_DIR := target/run
RUN_BUILD := $(CARGO) build -j$(CARGO_JOBS) --target-dir $(RUN_DIR) --config 'build.build-dir="{workspace-root}/target"'
TEST_FEATURES := --features steerco-cli/test-clock,steerco-cli/failpoints,steerco-server/test-seams
CLIPPY := $(CARGO) clippy -j$(CARGO_JOBS) --workspace --all-targets $(TEST_FEATURES) -- -D warnings
# The formats and lints besides rustfmt and clippy (one stage each).
UI_FORMAT := bash -c 'cd ui && npm run --silent format:check'
UI_LINT := bash -c 'cd ui && npm run --silent lint'
RUFF := bash -c 'tools/ruff check tests/e2e tests/dist && tools/ruff format --check tests/e2e tests/dist'
SHELLCHECK := tools/shellcheck
# The code map, the shared lints, the schema registry and the test seams' absence
# from what users run (crates/steerco-tidy),
# built with the same features as the tests stage, so nothing builds twice.
TIDY := $(CARGO) test -j$(CARGO_JOBS) -q --workspace --exclude steerco-app $(TEST_FEATURES) --test code_map --test schema --test file_size --test seams
# `make check`'s tests: the core crates and the tidy tests, not the CLI's and the
# server's process tests, the app or the bench; 10 convergence seeds, not 200.
CHECK_TESTS := env SEEDS=10 $(CARGO) test -j$(CARGO_JOBS) -q -p steerco-domain -p steerco-store -p steerco-app-core \
  -p steerco-sync -p steerco-reports -p steerco-tidy --features steerco-domain/test-clock,steerco-sync/failpoints

# The tests stage runs each test as its own process with cargo-nextest where
# it is installed (these machines have it): every test binary's tests run side
# by side instead of one binary after another; plain `cargo test` elsewhere.
# The crates have no doc tests (nextest runs none).
# One throwaway PostgreSQL cluster for the whole stage (tools/pg-cluster sets
# $STEERCO_TEST_PG): the sync server's tests on PostgreSQL each make a database in it.
# The bench smoke is one of these tests (crates/steerco-bench/tests/smoke.rs):
# built with the tests' features, the bench needs no build of its own.
TEST_RUNNER := $(shell command -v cargo-nextest >/dev/null 2>&1 && echo 'nextest run --no-fail-fast --cargo-quiet --status-level slow --final-status-level slow' || echo test)

# The convergence harness must catch a deliberately wrong merge (the wrong rule
# is in the test, crates/steerco-sync/tests/convergence.rs); the test binary is
# the tests stage's, so nothing builds again.
WRONG_MERGE := $(CARGO) test -j$(CARGO_JOBS) -q --workspace --exclude steerco-app --exclude steerco-tidy $(TEST_FEATURES) \
  --test convergence -- --exact a_wrong_merge_is_caught

.PHONY: run test check bench load setup app bindings guide dist dist-check

setup:
	@tools/setup

# The desktop app on the demo workspace (made with the CLI the first time),
# built without test seams.
run: setup
	cd ui && npm run --silent build
	$(RUN_BUILD) -p steerco-cli -p steerco-app --features steerco-app/custom-protocol
	@tools/seam-free $(RUN_DIR)/debug/steerco $(RUN_DIR)/debug/steerco-app
	@[ -f $(DEMO) ] || $(RUN_DIR)/debug/steerco --workspace $(DEMO) init --demo
	$(RUN_DIR)/debug/steerco-app --workspace $(DEMO)

# The stages `make test` and `make check` both start with, and their summary.
LINT_STAGES = $(STAGE) setup tools/setup && \
	$(STAGE) fmt $(CARGO) fmt --all -- --check && \
	$(STAGE) clippy $(CLIPPY) && \
	$(STAGE) ui-format $(UI_FORMAT) && \
	$(STAGE) ui-lint $(UI_LINT) && \
	$(STAGE) ruff $(RUFF) && \
	$(STAGE) shellcheck $(SHELLCHECK)
STAGE_TIMES = { echo; echo "== stage times"; cat $(STAGE_LOG); echo "total          $$(( $$(date +%s) - start ))s"; }

test:
	@mkdir -p target && : > $(STAGE_LOG)
	@start=$$(date +%s); \
	$(LINT_STAGES) && \
	$(STAGE) tidy $(TIDY) && \
	$(STAGE) ui-check bash -c 'cd ui && npm run --silent check && npm run --silent test' && \
	$(STAGE) tests tools/pg-cluster -- $(CARGO) $(TEST_RUNNER) -j$(CARGO_JOBS) --workspace --exclude steerco-app --exclude steerco-tidy $(TEST_FEATURES) && \
	$(STAGE) wrong-merge $(WRONG_MERGE) && \
	$(STAGE) app $(MAKE) --no-print-directory app && \
	$(STAGE) e2e+api-fuzz tools/beside api-fuzz env STEERCO_SERVER_BIN=target/debug/steerco-server crates/steerco-server/tests/fuzz/run -- tests/e2e/run && \
	$(STAGE_TIMES)

# The inner loop: formats, lints, the UI type check, the core crates' tests and
# vitest, stage by stage like `make test`. No window, no end-to-end tests, no bench.
check:
	@mkdir -p target && : > $(STAGE_LOG)
	@start=$$(date +%s); \
	$(LINT_STAGES) && \
	$(STAGE) ui-check bash -c 'cd ui && npm run --silent check && npm run --silent test' && \
	$(STAGE) unit-tests $(CHECK_TESTS) && \
	$(STAGE_TIMES)

# The desktop app with the UI built in and the test seams (one build serves
# every end-to-end test; never the app a user runs).
app:
	cd ui && npm run --silent build
	$(CARGO) build -j$(CARGO_JOBS) -p steerco-app --features $(APP_FEATURES)

# The user guide's screenshots and axe figures (docs/guide/), from the
# end-to-end run of the views they show; never made by hand.
guide: setup app
	$(CARGO) build -j$(CARGO_JOBS) -p steerco-cli -p steerco-server $(TEST_FEATURES)
	E2E_GUIDE=1 tests/e2e/run -k "screenshots or accessibility"

# Regenerate what comes from Rust: ui/src/lib/bindings.ts (the types), and
# from the command list ui/src/lib/commands.ts (the client), the command
# names and the window's permissions (src-tauri).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -j$(CARGO_JOBS) -q -p steerco-app-core --test generated

# The release packages in target/dist/ with SHA256SUMS (tools/dist): the desktop
# app's .deb and .rpm (with the CLI) and the server's .deb, from the dist cargo
# profile, without test seams (checked inside the packages).
dist: setup
	tools/dist

# The packages installed and used on this machine (tools/dist-check): as root,
# with apt; outside `make test`. Builds them first when target/dist has none.
dist-check: setup
	@[ -f target/dist/SHA256SUMS ] || $(MAKE) --no-print-directory dist
	tools/dist-check

# The sync server's load figures (README, "Load figures"), from a release
# build: one instance on SQLite beside two on one PostgreSQL database (a
# throwaway cluster with fsync on, so both wait for the disk as a real one
# would), each in a closed loop and at a fixed offered load.
LOAD_ARGS ?= --clients 100 --seconds 30 --every-ms 500
load:
	$(CARGO) build -j$(CARGO_JOBS) --release -p steerco-server --bins --examples
	PG_CLUSTER_FSYNC=on tools/pg-cluster -- target/release/examples/load $(LOAD_ARGS)

# Every figure, from a release build on the seeded bench workspace.
bench:
	$(CARGO) build -j$(CARGO_JOBS) --release -p steerco-bench -p steerco-cli -p steerco-server
	target/release/steerco-bench
	cd ui && npm run --silent build
	$(CARGO) build -j$(CARGO_JOBS) --release -p steerco-app --features custom-protocol
	tools/seam-free target/release/steerco target/release/steerco-server target/release/steerco-app
	tools/app-bench
