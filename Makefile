# The two commands of README.md. Both set up what they need first.
ADDR ?= 127.0.0.1:8080

.PHONY: run test setup build

setup:
	bash scripts/setup.sh

build: setup
	bash scripts/build.sh

# Serves the reader with the demo content at http://$(ADDR)
run: build
	./target/server/beboerblad-server --addr $(ADDR) --content content --dist dist

# Every test: host (cargo test), browser (wasm-bindgen-test in Chromium), end to end (Playwright).
test: build
	bash scripts/test.sh
