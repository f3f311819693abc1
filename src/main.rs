//! Browser entry: Trunk's loader runs this once the WASM is in.

fn main() {
    #[cfg(target_arch = "wasm32")]
    beboerblad::start();
}
