# Sourced by the scripts: puts the pinned tools on PATH.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/tests/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# The app's panic locations name a crate's file from its own folder on, not this
# machine's paths: fewer bytes (issue 11) and the same on every machine (the size check).
# When several prefixes match, rustc applies the last.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$registry/= --remap-path-prefix=$registry/index.crates.io-1949cf8c6b5b557f/="
if sysroot="$(rustc --print sysroot 2>/dev/null)"; then
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS+=" --remap-path-prefix=$sysroot/lib/rustlib/src/rust/="
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS
unset registry sysroot

# The app's release WASM (Trunk's build, bench/crates.sh) rebuilds the standard library
# for size (issue 11: −19 KB brotli): panics abort at once, with no message, no location
# and no formatting code behind them (release builds had no panic hook before either:
# a panic was an uncaught `RuntimeError: unreachable`, and still is), and `{:?}` prints
# nothing (nothing the reader sees is formatted with Debug). These are unstable options
# of the pinned 1.95 toolchain, taken with RUSTC_BOOTSTRAP and the toolchain's own
# rust-src (scripts/setup.sh); another toolchain that changes them fails the build
# loudly. Only in a subshell around the release build: tests, lints and the server
# keep the ordinary standard library.
app_release_env() {
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
}
