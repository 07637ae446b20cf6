# Steerco: two commands do all on a fresh machine (Rust and Node 20 present).
#   make run    install what is missing, build, start on the demo workspace
#   make test   install what is missing, run every check and test, bench smoke
#   make check  the inner loop: formats, lints, type check, unit tests (no window)
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO_JOBS ?= 2
CARGO := cargo
DEMO := target/demo/demo.steerco
STAGE := tools/stage
export STAGE_LOG := target/stage-times.txt

APP_FEATURES ?= custom-protocol,test-clock,test-seams
TEST_FEATURES := --features steerco-cli/test-clock,steerco-cli/failpoints
CLIPPY := $(CARGO) clippy -j$(CARGO_JOBS) --workspace --all-targets $(TEST_FEATURES) -- -D warnings
# The formats and lints besides rustfmt and clippy (one stage each).
UI_FORMAT := bash -c 'cd ui && npm run --silent format:check'
UI_LINT := bash -c 'cd ui && npm run --silent lint'
RUFF := bash -c 'tools/ruff check tests/e2e && tools/ruff format --check tests/e2e'
SHELLCHECK := tools/shellcheck
# The code map, the shared lints and the schema registry (crates/steerco-tidy),
# built with the same features as the tests stage, so nothing builds twice.
TIDY := $(CARGO) test -j$(CARGO_JOBS) -q --workspace --exclude steerco-app $(TEST_FEATURES) --test code_map --test schema --test file_size
# `make check`'s tests: the core crates and the tidy tests, not the CLI's and the
# server's process tests, the app or the bench; 10 convergence seeds, not 200.
CHECK_TESTS := env SEEDS=10 $(CARGO) test -j$(CARGO_JOBS) -q -p steerco-domain -p steerco-store -p steerco-app-core \
  -p steerco-sync -p steerco-reports -p steerco-tidy --features steerco-domain/test-clock,steerco-sync/failpoints

.PHONY: run test check bench setup app bindings

setup:
	@tools/setup

# The desktop app on the demo workspace (made with the CLI the first time).
run: setup app
	$(CARGO) build -j$(CARGO_JOBS) -p steerco-cli
	@[ -f $(DEMO) ] || target/debug/steerco --workspace $(DEMO) init --demo
	target/debug/steerco-app --workspace $(DEMO)

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
	$(STAGE) tests $(CARGO) test -j$(CARGO_JOBS) --workspace --exclude steerco-app --exclude steerco-tidy $(TEST_FEATURES) && \
	$(STAGE) wrong-merge env EXPECT_DIVERGENCE=1 $(CARGO) test -j$(CARGO_JOBS) -q -p steerco-sync --features steerco-store/wrong-merge --test convergence && \
	$(STAGE) app $(MAKE) --no-print-directory app && \
	$(STAGE) e2e tests/e2e/run && \
	$(STAGE) api-fuzz crates/steerco-server/tests/fuzz/run && \
	$(STAGE) bench-smoke $(CARGO) run -j$(CARGO_JOBS) -q -p steerco-bench -- --quick && \
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

# The desktop app with the UI built in (one build serves every end-to-end test).
app:
	cd ui && npm run --silent build
	$(CARGO) build -j$(CARGO_JOBS) -p steerco-app --features $(APP_FEATURES)

# Regenerate what comes from Rust: ui/src/lib/bindings.ts (the types), and
# from the command list ui/src/lib/commands.ts (the client), the command
# names and the window's permissions (src-tauri).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -j$(CARGO_JOBS) -q -p steerco-app-core --test generated

# Every figure, from a release build on the seeded bench workspace.
bench:
	$(CARGO) build -j$(CARGO_JOBS) --release -p steerco-bench -p steerco-cli -p steerco-server
	target/release/steerco-bench
	cd ui && npm run --silent build
	$(CARGO) build -j$(CARGO_JOBS) --release -p steerco-app --features custom-protocol
	tools/app-bench
