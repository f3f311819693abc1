# The two commands of README.md. Both set up what they need first.
ADDR ?= 127.0.0.1:8080

.PHONY: run test setup build load embed-demo measure-offline bench size archive bench-search bench-throughput

setup:
	bash scripts/setup.sh

build: setup
	bash scripts/build.sh

# Serves the reader with the demo content at http://$(ADDR)
run: build
	./target/server/beboerblad-server --addr $(ADDR) --content content --dist dist

# The embedding demo: the reader on http://$(ADDR) inside the housing association's
# site on http://localhost:8081 (examples/host/), another origin.
embed-demo: build
	READER_ADDR=$(ADDR) bash scripts/embed-demo.sh

# Every test: host (cargo test), browser (wasm-bindgen-test in Chromium), end to end (Playwright).
test: build
	bash scripts/test.sh

# A load run, not part of `make test`: 200 simulated readers for 60 s against a real server
# on 127.0.0.1 with a copy of content/ and a new database; prints requests/s and latencies
# and fails on errors or lost writes. LOAD_READERS=20 LOAD_SECONDS=10 make load is a short one.
load: build
	cargo run --profile server -p beboerblad-server --example load -- --content content --dist dist

# The service worker's figures (issue 9), not part of `make test` (2–3 minutes):
# a repeat visit of a bookmarked article from the worker versus the same article as static
# HTML revalidated from the HTTP cache, and opening the app offline, on two throttled phone
# profiles; prints tables (docs/measurements.md explains them). RUNS=n for another count.
measure-offline: build
	cd tests/e2e && node measure/offline.mjs $(RUNS)

# Issue 11's figures, written to bench/results.md: sizes per file (raw, gzip, brotli), first
# paragraph and takeover versus static HTML on two throttled networks with the long tasks
# before takeover (RUNS=n, default 5), article-to-article navigation inside the app
# (median, p95), Lighthouse mobile on the front page and an article (LIGHTHOUSE_RUNS=n,
# default 3; installs the pinned Lighthouse once), the crate-by-crate breakdown of the
# WASM, issue 12's throughput (bench-throughput) and the same pages of the 10,000-article
# archive (`make archive`) against the demo's (bench/scale.mjs, server render time per
# page). About 25 minutes. `make size` only prints the sizes.
bench: build archive
	ARCHIVE=$(ARCHIVE) RUNS=$(RUNS) LIGHTHOUSE_RUNS=$(LIGHTHOUSE_RUNS) bash bench/results.sh

size:
	node bench/size.mjs

# Issue 12's throughput on this machine, printed as a table: pages and the feed under oha
# (THROUGHPUT_SECONDS per row, default 10) and rating PUTs under autocannon, against the
# release server on a loopback port; installs both load generators once (pinned).
bench-throughput: build
	bash bench/throughput.sh

# A made-up archive of 10,000 articles in 400 issues (issue 12's scale), written to
# $(ARCHIVE) as a paged feed; serve it with --content $(ARCHIVE). Not committed.
ARCHIVE ?= /tmp/beboerblad-archive
archive:
	cargo run --profile server -p beboerblad-server --example gen_archive -- --out $(ARCHIVE)

# Search latency on that archive (issue 12: p95 ≤ 100 ms), not part of `make test`.
bench-search: build archive
	cargo run --profile server -p beboerblad-server --example search_bench -- --content $(ARCHIVE) --dist dist
