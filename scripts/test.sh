#!/usr/bin/env bash
# Runs every test: host, browser (WASM in Chromium) and end to end. Expects `make build`.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

echo "== app size (issue 11: fails above the budget in bench/size.mjs) and the build's post-build steps"
node --test bench/ scripts/
node bench/size.mjs --check

echo "== format and lints (host, and the browser build)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p beboerblad --target wasm32-unknown-unknown --features hydrate --all-targets --quiet -- -D warnings

echo "== host tests (cargo test)"
cargo test --workspace --quiet

# The server's tests that touch the database, again on PostgreSQL: a server of their own
# from the distribution's packages (scripts/with-postgres.sh starts it on a loopback port
# in a temporary directory and stops it afterwards, also when a test fails); each test
# server gets a new database there (server/tests/common/db.rs).
DB_TESTS=(api_admin api_clients api_comments api_errors api_idempotency api_load api_ratings
  api_readers backup crash deadlines desk pages security shared_db)
echo "== database tests on PostgreSQL (${DB_TESTS[*]})"
# --workspace like the run above, so the same build is reused (-p would unify features
# differently and rebuild); only the server has these test targets.
started=$SECONDS
bash scripts/with-postgres.sh cargo test --workspace --quiet "${DB_TESTS[@]/#/--test=}"
echo "== database tests on PostgreSQL: $((SECONDS - started)) s"

echo "== browser tests (wasm-bindgen-test in headless Chromium)"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export WASM_BINDGEN_TEST_TIMEOUT=120
cargo test -p beboerblad --target wasm32-unknown-unknown --features hydrate --test "web_*"

echo "== API fuzzing (schemathesis against the real server)"
bash scripts/fuzz-api.sh

echo "== end-to-end tests (Playwright, real server, release build)"
(cd tests/e2e && npm test)
