# Human entry points. `make demo` builds a real kernel (Debian's linux-source)
# through podman and boots it; `make test` runs every test (unit, integration,
# system). Both install what they need first (`make deps`).

BUILD_DIR ?= build
PREFIX    ?= /usr/local
JOBS      ?= $(shell nproc)
CTEST_ARGS ?=

# Exactly the Debian packages the project needs (see README "Requirements").
DEPS_BUILD   = g++ cmake make pkg-config libcli11-dev libfmt-dev libyaml-cpp-dev \
               libcurl4-openssl-dev libarchive-dev nlohmann-json3-dev libssl-dev \
               libgtest-dev libgmock-dev clang libclang-rt-14-dev libre2-dev
DEPS_RUNTIME = podman runc uidmap fuse-overlayfs mmdebstrap ccache sccache distcc git busybox-static python3 \
               gpgv gnupg debian-archive-keyring e2fsprogs cpio xz-utils zstd python3-jsonschema \
               qemu-system-x86 qemu-system-arm qemu-system-misc qemu-system-ppc qemu-system-mips qemu-system-sparc opensbi chromium docker.io \
               llvm crash
DEPS_KERNEL  = linux-source-6.1
DEPS         = $(DEPS_BUILD) $(DEPS_RUNTIME) $(DEPS_KERNEL)

.PHONY: docker-daemon all deps build test test-extended test-all unit integration system fuzz demo bench install clean

all: build

# Idempotent and fast when everything is there: apt only runs for what is missing.
deps:
	@missing=$$(for p in $(DEPS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "I: installing:" $$missing; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "I: all Debian packages present"; fi

# The docker runtime's system tests need a running docker daemon, which
# Debian's docker.io starts only where systemd runs (not in a container or a
# fresh chroot): started here when it does not answer, through systemd when
# there is one, else as a background dockerd logging to $(BUILD_DIR)/dockerd.log.
docker-daemon:
	@if docker info >/dev/null 2>&1; then echo "I: docker daemon running"; \
	else SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); mkdir -p $(BUILD_DIR); \
	  if [ -d /run/systemd/system ]; then $$SUDO systemctl start docker; \
	  else echo "I: starting dockerd (log: $(BUILD_DIR)/dockerd.log)"; \
	    $$SUDO sh -c 'nohup dockerd >"$$1" 2>&1 &' sh $(BUILD_DIR)/dockerd.log; fi; \
	  for i in $$(seq 30); do docker info >/dev/null 2>&1 && break; sleep 1; done; \
	  docker info >/dev/null 2>&1 || echo "W: docker daemon not answering; see $(BUILD_DIR)/dockerd.log"; fi

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)

# Unit, integration and the x86_64 kernel's system tests, so that a cold
# 2-core machine's CI run fits its budget; test-extended runs the rest (the
# other kernels and devices, the debug kernel, LAVA, distcc, perf: label
# system-extended, tests/CMakeLists.txt) and the fuzz targets for
# FUZZ_SECONDS each; test-all runs both.
test: deps docker-daemon build
	cd $(BUILD_DIR) && ctest --output-on-failure -LE 'system-extended|fuzz' $(CTEST_ARGS)
test-extended: deps docker-daemon build
	cd $(BUILD_DIR) && ctest --output-on-failure -L 'system-extended|fuzz' $(CTEST_ARGS)
test-all: deps docker-daemon build
	cd $(BUILD_DIR) && ctest --output-on-failure $(CTEST_ARGS)

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L unit
integration: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L integration
system: deps docker-daemon build
	cd $(BUILD_DIR) && ctest --output-on-failure -L '^system$$'
# The parsers' fuzz targets (clang, libFuzzer): FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
fuzz: deps build
	cmake -S . -B $(BUILD_DIR) -DKPROJECT_FUZZ_SECONDS=$(FUZZ_SECONDS)
	cd $(BUILD_DIR) && ctest --output-on-failure -L fuzz

# The main job builds only the two tools it runs, not the test programs.
demo: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS) --target kbuild krun
	./tests/demo.sh $(BUILD_DIR)

bench: deps build
	./bench/run.sh $(BUILD_DIR)

install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD_DIR)
