# Sijil: the two commands are `make demo` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 5
DEMO_DIR   ?= demo
CMAKE_FLAGS ?=

.PHONY: all bootstrap build web asan test test-release test-asan test-browser demo bench fuzz fuzz-build fuzz-smoke format tidy clean

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/build.ninja: CMakeLists.txt | bootstrap
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: bootstrap $(BUILD)/build.ninja web
	cmake --build $(BUILD) -j $(JOBS)

# The web UI (web/dist), with the locked npm packages; skipped when up to date.
web: bootstrap
	scripts/build-web

$(ASAN_BUILD)/build.ninja: CMakeLists.txt | bootstrap
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-Og -g1" -DSIJIL_SANITIZE=ON \
	  -DSIJIL_BUILD_BENCH=OFF $(CMAKE_FLAGS)

asan: bootstrap $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# Browser tests: sijil serve + the web UI in Debian's Chromium (playwright-core).
test-browser: build
	scripts/browser-test $(BUILD)

test: test-release test-asan test-browser fuzz-smoke

# The whole pipeline on generated lists: import, link, estimate, the lists
# kept as evidence in the vault and the custody log verified; ends with the
# server running on the demo data and prints the demo login.
DEMO_DB := $(DEMO_DIR)/sijil.db
demo: build
	$(BUILD)/sijil demo --dir $(DEMO_DIR)
	$(BUILD)/sijil --db $(DEMO_DB) estimate
	$(BUILD)/sijil --db $(DEMO_DB) vault add $(DEMO_DIR)/lists/list_*.csv --case demo \
	  --description "generated list as received" --key-file $(DEMO_DIR)/vault.key
	$(BUILD)/sijil --db $(DEMO_DB) log verify
	scripts/demo-serve $(BUILD) $(DEMO_DIR)

bench: build
	scripts/bench $(BUILD)

$(FUZZ_BUILD)/build.ninja: CMakeLists.txt | bootstrap
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSIJIL_FUZZ=ON -DSIJIL_BUILD_TESTS=OFF -DSIJIL_BUILD_BENCH=OFF $(CMAKE_FLAGS)

fuzz-build: bootstrap $(FUZZ_BUILD)/build.ninja
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzzers

fuzz-smoke: fuzz-build
	scripts/fuzz $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS)

fuzz: fuzz-build
	scripts/fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS)

format:
	git ls-files '*.h' '*.cc' | xargs clang-format -i

tidy: build
	git ls-files 'src/*.cc' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
