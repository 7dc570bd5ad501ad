# floe — the two commands a newcomer runs are `make demo` and `make test`.
# Everything else (build dirs, flags) lives in CMakeLists.txt and scripts/.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
MAKEFLAGS += --no-print-directory

.PHONY: all build build-asan bootstrap test unit demo bench clean

all: build

bootstrap:
	@scripts/bootstrap

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan:
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DFLOE_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

# bootstrap, build (release + sanitizers, gcc and clang), then every test
test:
	@scripts/test

# only the fast unit tests under the sanitizers
unit: build-asan
	@cd $(ASAN_BUILD) && ctest -L unit --output-on-failure -j $(JOBS)

demo: bootstrap build
	@scripts/demo

bench: bootstrap build
	@for b in bench/*.sh; do bash $$b || exit 1; done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-clang build-fuzz build-release-gcc build-release-clang build-release-*.log
