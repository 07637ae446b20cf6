# Steerco: two commands do all on a fresh machine (Rust and Node 20 present).
#   make run    install what is missing, build, start on the demo workspace
#   make test   install what is missing, run every check and test, bench smoke
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO_JOBS ?= 2
CARGO := cargo
DEMO := target/demo/demo.steerco
STAGE := tools/stage
export STAGE_LOG := target/stage-times.txt

APP_FEATURES ?= custom-protocol,test-clock,test-seams

.PHONY: run test bench setup app bindings

setup:
	@tools/setup

# The desktop app on the demo workspace (made with the CLI the first time).
run: setup app
	$(CARGO) build -j$(CARGO_JOBS) -p steerco-cli
	@[ -f $(DEMO) ] || target/debug/steerco --workspace $(DEMO) init --demo
	target/debug/steerco-app --workspace $(DEMO)

test:
	@mkdir -p target && : > $(STAGE_LOG)
	@start=$$(date +%s); \
	$(STAGE) setup tools/setup && \
	$(STAGE) fmt $(CARGO) fmt --all -- --check && \
	$(STAGE) clippy $(CARGO) clippy -j$(CARGO_JOBS) --workspace --all-targets --features steerco-cli/test-clock,steerco-cli/failpoints -- -D warnings && \
	$(STAGE) ui-check bash -c 'cd ui && npm run --silent check && npm run --silent test' && \
	$(STAGE) tests $(CARGO) test -j$(CARGO_JOBS) --workspace --exclude steerco-app --features steerco-cli/test-clock,steerco-cli/failpoints && \
	$(STAGE) wrong-merge env EXPECT_DIVERGENCE=1 $(CARGO) test -j$(CARGO_JOBS) -q -p steerco-sync --features steerco-store/wrong-merge --test convergence && \
	$(STAGE) app $(MAKE) --no-print-directory app && \
	$(STAGE) e2e tests/e2e/run && \
	$(STAGE) api-fuzz crates/steerco-server/tests/fuzz/run && \
	$(STAGE) bench-smoke $(CARGO) run -j$(CARGO_JOBS) -q -p steerco-bench -- --quick && \
	{ echo; echo "== stage times"; cat $(STAGE_LOG); echo "total          $$(( $$(date +%s) - start ))s"; }

# The desktop app with the UI built in (one build serves every end-to-end test).
app:
	cd ui && npm run --silent build
	$(CARGO) build -j$(CARGO_JOBS) -p steerco-app --features $(APP_FEATURES)

# Regenerate ui/src/lib/bindings.ts from the Rust types.
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -j$(CARGO_JOBS) -q -p steerco-store --test it bindings

# Every figure, from a release build on the seeded bench workspace.
bench:
	$(CARGO) build -j$(CARGO_JOBS) --release -p steerco-bench -p steerco-cli -p steerco-server
	target/release/steerco-bench
	cd ui && npm run --silent build
	$(CARGO) build -j$(CARGO_JOBS) --release -p steerco-app --features custom-protocol
	tools/app-bench
