# RedGreen Bots. Two commands do all the set-up on a fresh Debian machine (as root):
#   make demo   installs the build packages, builds, and runs the whole fleet in one process
#   make test   installs what the tests need (adds redis-server), builds, checks Locales/, and runs every test
SWIFT        ?= swift
BUILD_PKGS   := libhiredis-dev libcurl4-openssl-dev
TEST_PKGS    := $(BUILD_PKGS) redis-server
SUDO         := $(shell [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null && echo sudo)
DEMO_ARGS    ?=

.PHONY: all build release demo test deps deps-test clean

all: build

# Installs, with apt-get, whichever of the packages in $(1) are missing.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(BUILD_PKGS))

deps-test:
	$(call apt_install,$(TEST_PKGS))

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: build
	$$($(SWIFT) build --show-bin-path)/redgreen-bot demo $(DEMO_ARGS)

# The multi-process tests run the built binary; REDGREEN_BOT_BIN tells them where it is.
test: deps-test
	$(SWIFT) build --build-tests
	$$($(SWIFT) build --show-bin-path)/redgreen-bot locales check --dir Locales
	REDGREEN_BOT_BIN=$$($(SWIFT) build --show-bin-path)/redgreen-bot $(SWIFT) test --skip-build --disable-xctest

clean:
	rm -rf .build
