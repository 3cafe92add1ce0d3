# The two commands of the README: `make serve` and `make test`.
# Each installs what it needs on a fresh Debian machine with a Rust toolchain.

PORT ?= 8080
# Must equal the `wasm-bindgen` version pinned in Cargo.toml (`=x.y.z`).
WASM_BINDGEN_VERSION := $(shell sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(PATH)
WASM := target/wasm32-unknown-unknown/release/segmento.wasm
SPREADSHEET_WASM := target/wasm32-unknown-unknown/release/segmento_xlsx.wasm
# The page's main module leaves the spreadsheet reader, the legacy text
# encodings and the XLSX writer to the second module (xlsx/); see
# ARCHITECTURE.md, "Two wasm modules".
MAIN_FEATURES := --no-default-features --features page-boundary
# binaryen's optimiser from npm (e2e/package.json; Debian's binaryen 108
# breaks current rustc output, see /work/shared/TOOLCHAIN.md). It reads the
# features rustc enabled (simd128, bulk memory...) from the module's
# target_features section. -O3 takes 4.5 KB gzipped off the main module
# (-Os 6 KB, -Oz 5 KB: kept -O3, the page's speed first); it makes the
# spreadsheet module 10 KB larger, so that one is left as rustc made it.
WASM_OPT := e2e/node_modules/.bin/wasm-opt

.PHONY: serve test wasm-test wasm tools wasm-target wasm-bindgen chromium node-modules demo lint native-test e2e bench

serve: wasm demo
	@echo "segmento: http://127.0.0.1:$(PORT)/"
	cargo run --release --quiet -- serve --dir www --port $(PORT)

test: lint native-test wasm-test wasm e2e

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown $(MAIN_FEATURES) -- -D warnings
	cargo clippy -p segmento-xlsx --target wasm32-unknown-unknown -- -D warnings

native-test:
	cargo test

# The library's wasm tests (the CSV splitter on its simd128 path, see
# .cargo/config.toml) in Node, through the runner the wasm-bindgen CLI installs.
wasm-test: tools
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
		cargo test --lib --target wasm32-unknown-unknown $(MAIN_FEATURES)

wasm-target:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# `--locked` fails against this registry mirror, hence the plain install.
wasm-bindgen:
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 5 minutes)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

tools: wasm-target wasm-bindgen

# Two cargo runs: in one, cargo would unify the features and put calamine
# and encoding_rs back into the main module.
wasm: tools node-modules
	cargo build --release --lib --target wasm32-unknown-unknown $(MAIN_FEATURES)
	wasm-bindgen --target web --no-typescript --remove-name-section --out-dir www/pkg $(WASM)
	$(WASM_OPT) -O3 www/pkg/segmento_bg.wasm -o www/pkg/segmento_bg.wasm
	cargo build --release -p segmento-xlsx --target wasm32-unknown-unknown
	wasm-bindgen --target web --no-typescript --remove-name-section --out-dir www/pkg $(SPREADSHEET_WASM)

demo:
	cargo run --release --quiet -- demo --out www/demo/commandes-demo.csv

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

node-modules:
	@cd e2e && if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -x node_modules/.bin/wasm-opt ]; then npm ci --no-audit --no-fund; fi

e2e: wasm demo chromium node-modules
	cd e2e && node --test *.test.mjs

bench:
	bash benches/run.sh
