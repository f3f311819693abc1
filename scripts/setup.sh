#!/usr/bin/env bash
# Installs everything the build and the tests need. Idempotent and quick when all is
# in place: each tool is installed only when missing or at the wrong version.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing_apt=()
command -v chromium >/dev/null 2>&1 || missing_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing_apt+=(chromium-driver)
command -v brotli >/dev/null 2>&1 || missing_apt+=(brotli)
command -v pkg-config >/dev/null 2>&1 || missing_apt+=(pkg-config)
# PostgreSQL's server: scripts/test.sh runs the database tests against one of its own too
# (scripts/with-postgres.sh; the binaries are in /usr/lib/postgresql/NN/bin).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing_apt+=(postgresql)
if [ ${#missing_apt[@]} -gt 0 ]; then
  say "apt: installing ${missing_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_apt[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# rust-src: the app's release build rebuilds the standard library (scripts/env.sh).
for component in rustfmt clippy rust-src; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "rustup: adding $component"
    rustup component add "$component"
  fi
done

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "cargo: installing trunk $TRUNK_VERSION (takes a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "cargo: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file names a yanked crate.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# twiggy: the crate-by-crate size breakdown (bench/crates.sh, make bench).
TWIGGY_VERSION=0.8.0
if [ "$(twiggy --version 2>/dev/null || true)" != "twiggy-opt $TWIGGY_VERSION" ]; then
  say "cargo: installing twiggy $TWIGGY_VERSION"
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi

# Node tools (Playwright, axe, binaryen's wasm-opt) at the versions in package-lock.json.
if ! (cd tests/e2e && npm ls --depth=0 >/dev/null 2>&1); then
  say "npm: installing tests/e2e packages"
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

# The API fuzzer (schemathesis, pinned) in a virtual environment of the project's own.
SCHEMATHESIS_VERSION=4.32.5
if [ "$(.venv/bin/schemathesis --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  say "pip: installing schemathesis $SCHEMATHESIS_VERSION"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

say "cargo: fetching crates"
cargo fetch --quiet
# The standard library's own dependencies, for the app's release build that rebuilds it
# (scripts/env.sh): Trunk builds offline, and a fresh cargo home has none of them.
(source scripts/env.sh && app_release_env && cargo fetch --quiet --target wasm32-unknown-unknown)
