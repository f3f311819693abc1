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
