# SPDX-License-Identifier: Apache-2.0
# RedGreen Bots. Two commands do all the set-up on a fresh Debian machine (as root):
#   make demo   installs the build packages, builds, and runs the whole fleet in one process
#   make test   installs what the tests need (TEST_PKGS), builds, checks Locales/, makes the man pages and completions, and runs every test
#   make test-faults  only the fault-injection suite (make test runs it too)
#   make install  release build, then installs the binary, locales, unit, example configs, man pages, completions (docs/operations.md)
#   make deb      release build, then redgreen-bot_<version>_<arch>.deb, checked with lintian (docs/operations.md)
#   make bench  release build, the fleet benchmark and the microbenchmarks (see docs/performance.md)
#   make chaos  release build, then a fleet whose bots are SIGKILLed at random: gaps and duplicates per locale and sink (docs/testing.md)
#   make soak   release build, then a 4-bot fleet for 10,000 draws: memory, descriptors, Redis memory and keys (docs/testing.md)
#   make plurals  regenerates the CLDR plural rules, list patterns and their test samples from babel's CLDR 47 (docs/locales.md)
SWIFT        ?= swift
BUILD_PKGS   := libhiredis-dev libcurl4-openssl-dev libcairo2-dev libpng-dev
# The tests also run Scripts/check-layers.py (python3), promtool and Prometheus (prometheus), stunnel4 with openssl's test certificates,
# redis-cli (redis-tools), build, lint and install the .deb (dpkg-dev, lintian), and load the translators' workbench in a
# headless browser (chromium, with fonts-noto-core and fonts-noto-color-emoji for the scripts and symbols of the shipped locales).
TEST_PKGS    := $(BUILD_PKGS) python3 python3-venv redis-server redis-sentinel redis-tools prometheus stunnel4 openssl dpkg-dev lintian chromium fonts-noto-core fonts-noto-color-emoji gettext translate-toolkit libxml2-utils gdb
DEB_PKGS     := $(BUILD_PKGS) dpkg-dev lintian
# translate-toolkit from PyPI, pinned, in a virtual environment of its own under .build: Debian's 3.8 (TEST_PKGS,
# for pofilter and the PO reader) reads no XLIFF 2.0; 3.20 does (translate.storage.xliff2). The tests find its
# Python through TRANSLATE_TOOLKIT_PYTHON.
TT_VERSION   := 3.20.4
TT_VENV      := .build/translate-toolkit
# The version, from the source: redgreen-bot --version prints it, the .deb is named after it.
VERSION      := $(shell grep -rhoE '(public|package) static let version = "[^"]+"' Sources/BotEngine/Engine | head -1 | cut -d'"' -f2)
SUDO         := $(shell [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null && echo sudo)
DEMO_ARGS    ?=
# make install: PREFIX for the binary and shared files, DESTDIR to stage into a directory.
PREFIX       ?= /usr/local
DESTDIR      ?=
SYSCONFDIR   ?= /etc
UNITDIR      ?= /etc/systemd/system
# The build configuration whose binary the man pages are generated from (make install and make deb: release).
CONFIGURATION ?= debug

.PHONY: all build release demo test test-faults deps deps-test deps-deb clean install install-files uninstall fuzz plurals check-bin generated deb deb-package

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
	@$(TT_VENV)/bin/python -c "import translate.storage.xliff2" 2>/dev/null || \
	  { python3 -m venv $(TT_VENV) && $(TT_VENV)/bin/pip install -q --disable-pip-version-check translate-toolkit==$(TT_VERSION); }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: build
	$$($(SWIFT) build --show-bin-path)/redgreen-bot demo $(DEMO_ARGS)

# The multi-process tests run the built binary; REDGREEN_BOT_BIN tells them where it is.
test: deps-test
	python3 Scripts/check-layers.py
	$(SWIFT) build --build-tests
	$$($(SWIFT) build --show-bin-path)/redgreen-bot locales check --dir Locales
	$(MAKE) generated BIN=$$($(SWIFT) build --show-bin-path)/redgreen-bot CONFIGURATION=debug
	REDGREEN_BOT_BIN=$$($(SWIFT) build --show-bin-path)/redgreen-bot TRANSLATE_TOOLKIT_PYTHON=$(CURDIR)/$(TT_VENV)/bin/python \
	  $(SWIFT) test --skip-build --disable-xctest

# The fault-injection suite alone (make test runs it with everything else): each scenario runs real
# bot processes against a real redis-server and the simulator; see docs/testing.md, Fault matrix.
test-faults: deps-test
	$(SWIFT) build --build-tests
	REDGREEN_BOT_BIN=$$($(SWIFT) build --show-bin-path)/redgreen-bot $(SWIFT) test --skip-build --disable-xctest --filter 'IntegrationTests\.Fault'

# Fuzzing (Fuzz/, libFuzzer): builds each target of the Fuzz package with the fuzzer instrumentation
# and runs it for FUZZ_SECONDS on its seed corpus (Fuzz/Corpus/<target>, read only) with its
# dictionary. Inputs it finds go to $(FUZZ_OUT)/corpus/<target>, crashes, timeouts and huge
# allocations to $(FUZZ_OUT)/crashes/<target>/ (git-ignored); any of them fails the run, after
# every target has had its turn. Swift's backtracer is off: libFuzzer keeps a signal handler that is
# already installed, and the backtracer's would end the process before the crashing input is saved.
# No build manifest caching: a cached plan of the Fuzz package misses source files added to BotEngine.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= upstream snapshot locale config chat
FUZZ_OUT     ?= .fuzz
FUZZ_SCRATCH ?= Fuzz/.build
FUZZ_BUILD   := $(SWIFT) build --package-path Fuzz --scratch-path $(FUZZ_SCRATCH) --disable-build-manifest-caching -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
FUZZ_ARGS    ?= -timeout=20 -rss_limit_mb=2048 -print_final_stats=1

fuzz: deps
	@status=0; bin=$$($(FUZZ_BUILD) --show-bin-path) || exit 1; \
	for t in $(FUZZ_TARGETS); do \
	  case $$t in locale|config) dict=yaml ;; chat) dict=chat ;; *) dict=json ;; esac; \
	  $(FUZZ_BUILD) --product fuzz-$$t || exit 1; \
	  mkdir -p $(FUZZ_OUT)/corpus/$$t $(FUZZ_OUT)/crashes/$$t; \
	  echo "== fuzz-$$t for $(FUZZ_SECONDS)s (crashes: $(FUZZ_OUT)/crashes/$$t/)"; \
	  SWIFT_BACKTRACE=enable=no $$bin/fuzz-$$t $(FUZZ_OUT)/corpus/$$t Fuzz/Corpus/$$t -dict=Fuzz/Dictionaries/$$dict.dict \
	    -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(FUZZ_OUT)/crashes/$$t/ $(FUZZ_ARGS) || status=1; \
	done; \
	if [ $$status -ne 0 ]; then echo "fuzz: an input crashed, hung or ran out of memory; see $(FUZZ_OUT)/crashes/" >&2; fi; \
	exit $$status

clean:
	rm -rf .build

# CLDR's plural rules (cardinal and ordinal, every language), parent locales, list patterns and sample numbers,
# generated from the CLDR data PyPI's babel ships (BABEL_VERSION 2.17.0: CLDR 47) into
# Sources/BotLocalization/Plurals/CLDRPluralData.swift, CLDRListData.swift and
# Tests/BotLocalizationTests/Generated/CLDRPluralSamples.swift; all are committed, so a build needs neither babel nor Python.
PLURALS_PKGS  := python3 python3-pip
BABEL_VERSION ?= 2.17.0
plurals:
	$(call apt_install,$(PLURALS_PKGS))
	python3 -c 'import babel, sys; sys.exit(babel.__version__ != "$(BABEL_VERSION)")' 2>/dev/null \
		|| python3 -m pip install --quiet 'babel==$(BABEL_VERSION)' \
		|| python3 -m pip install --quiet --break-system-packages 'babel==$(BABEL_VERSION)'
	python3 Scripts/generate-plurals.py

# The release build, then install-files with it.
install: release
	$(MAKE) install-files BIN="$$($(SWIFT) build -c release --show-bin-path)/redgreen-bot" CONFIGURATION=release

# Shell completions (bash, zsh, fish) and man pages, both generated by swift-argument-parser: the
# completions by BIN itself, the man pages (one per command) by its generate-manual plugin, which
# builds the package in $(CONFIGURATION) first. Made again when BIN is newer; make test makes them
# before the tests run, as the plugin cannot build while `swift test` holds the build directory.
GEN := .build/generated/$(CONFIGURATION)
check-bin:
	@[ -n "$(BIN)" ] && [ -x "$(BIN)" ] || { echo "install-files: BIN='$(BIN)' is not an executable (make install builds one)" >&2; exit 1; }

generated: check-bin $(GEN)/stamp

$(GEN)/stamp: $(wildcard $(BIN))
	rm -rf $(GEN) && mkdir -p $(GEN)/completions $(GEN)/man
	"$(BIN)" --generate-completion-script bash | sed '1{/^#!/d}' > $(GEN)/completions/redgreen-bot
	"$(BIN)" --generate-completion-script zsh > $(GEN)/completions/_redgreen-bot
	"$(BIN)" --generate-completion-script fish > $(GEN)/completions/redgreen-bot.fish
	$(SWIFT) package generate-manual --configuration $(CONFIGURATION) --multi-page --section 1 \
	  --authors 'the RedGreen Bots authors' --date 2026-01-01 > $(GEN)/manual.log 2>&1 || { cat $(GEN)/manual.log >&2; exit 1; }
	cp .build/plugins/GenerateManual/outputs/redgreen-bot/*.1 $(GEN)/man/
	touch $@

# Installs BIN (a built redgreen-bot) and the files a fleet needs; never overwrites a config in
# $(SYSCONFDIR)/redgreen-bot. The unit's paths follow PREFIX and SYSCONFDIR.
SHARE := $(DESTDIR)$(PREFIX)/share/redgreen-bot
ETC   := $(DESTDIR)$(SYSCONFDIR)/redgreen-bot
MAN1  := $(DESTDIR)$(PREFIX)/share/man/man1
BASHC := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHC  := $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions
FISHC := $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
install-files: check-bin generated
	install -d -m 0755 $(DESTDIR)$(PREFIX)/bin $(SHARE)/Locales $(SHARE)/examples/presets $(SHARE)/redis $(DESTDIR)$(UNITDIR) \
	  $(SHARE)/prometheus $(SHARE)/grafana $(SHARE)/stunnel $(SHARE)/systemd/redgreen-bot@.service.d $(MAN1) $(BASHC) $(ZSHC) $(FISHC)
	install -m 0755 "$(BIN)" $(DESTDIR)$(PREFIX)/bin/redgreen-bot
	install -m 0644 Locales/*.yaml $(SHARE)/Locales/
	install -m 0644 README.md $(SHARE)/README.md
	install -d -m 0755 $(SHARE)/docs
	install -m 0644 docs/*.md $(SHARE)/docs/
	install -m 0644 Config/*.yaml $(SHARE)/examples/
	install -m 0644 Config/presets/*.yaml $(SHARE)/examples/presets/
	install -m 0644 deploy/redis/users.acl deploy/redis/README.md deploy/redis/redis-tls.conf $(SHARE)/redis/
	install -m 0644 deploy/prometheus/alerts.yml deploy/prometheus/prometheus.yml $(SHARE)/prometheus/
	install -m 0644 deploy/grafana/redgreen-fleet.json $(SHARE)/grafana/
	install -m 0644 deploy/stunnel/redgreen-redis.conf $(SHARE)/stunnel/
	install -m 0644 deploy/systemd/redgreen-bot@.service.d/redis-tls.conf $(SHARE)/systemd/redgreen-bot@.service.d/
	install -m 0644 $(GEN)/man/*.1 $(MAN1)/
	install -m 0644 $(GEN)/completions/redgreen-bot $(BASHC)/redgreen-bot
	install -m 0644 $(GEN)/completions/_redgreen-bot $(ZSHC)/_redgreen-bot
	install -m 0644 $(GEN)/completions/redgreen-bot.fish $(FISHC)/redgreen-bot.fish
	sed -e 's|/usr/local|$(PREFIX)|g' -e 's|/etc/redgreen-bot|$(SYSCONFDIR)/redgreen-bot|g' \
	  deploy/systemd/redgreen-bot@.service > $(DESTDIR)$(UNITDIR)/redgreen-bot@.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/redgreen-bot@.service
	install -d -m 0755 $(ETC) $(ETC)/presets
	@for f in Config/*.yaml Config/presets/*.yaml; do \
	  t="$(ETC)/$${f#Config/}"; \
	  if [ -e "$$t" ]; then echo "Keeping $$t"; else install -m 0644 "$$f" "$$t" && echo "Installed $$t"; fi; \
	done
	@echo "Installed redgreen-bot in $(DESTDIR)$(PREFIX)/bin. Next: edit $(SYSCONFDIR)/redgreen-bot/<bot>.yaml, put its secrets in"
	@echo "$(SYSCONFDIR)/redgreen-bot/<bot>.env (mode 0600), then: systemctl daemon-reload && systemctl enable --now redgreen-bot@<bot>"

# Removes what install-files installed, except the configs in $(SYSCONFDIR)/redgreen-bot.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/redgreen-bot $(DESTDIR)$(UNITDIR)/redgreen-bot@.service $(MAN1)/redgreen-bot*.1 \
	  $(BASHC)/redgreen-bot $(ZSHC)/_redgreen-bot $(FISHC)/redgreen-bot.fish
	rm -rf $(SHARE)

# The Debian package: a release build, then deb-package with it, then lintian (errors fail it).
DEB_OUT   ?= .build/deb
# dpkg-deb's compressor: xz as Debian's own packages; the tests use gzip, faster on a debug binary.
DEB_COMPRESS ?= xz
DEB_STAGE := .build/deb-stage
# The binary links the Swift runtime statically, so the package needs only Debian's libraries; it is
# copied aside first, as the man page plugin's release build links it again.
deb: deps-deb
	$(SWIFT) build -c release --static-swift-stdlib --product redgreen-bot
	install -D -m 0755 "$$($(SWIFT) build -c release --static-swift-stdlib --show-bin-path)/redgreen-bot" .build/deb-bin/redgreen-bot
	$(MAKE) deb-package BIN=$(abspath .build/deb-bin/redgreen-bot) CONFIGURATION=release
	lintian --fail-on error --info $(DEB_OUT)/redgreen-bot_$(VERSION)_$$(dpkg --print-architecture).deb

deps-deb:
	$(call apt_install,$(DEB_PKGS))

# Stages BIN with install-files as Debian lays it out, then packages it (deploy/debian/build-deb.sh).
deb-package:
	rm -rf $(DEB_STAGE)
	$(MAKE) install-files DESTDIR=$(abspath $(DEB_STAGE)) PREFIX=/usr SYSCONFDIR=/etc UNITDIR=/lib/systemd/system
	DEB_COMPRESS=$(DEB_COMPRESS) deploy/debian/build-deb.sh $(abspath $(DEB_STAGE)) $(VERSION) $(abspath $(DEB_OUT))
	@echo "Built $(DEB_OUT)/redgreen-bot_$(VERSION)_$$(dpkg --print-architecture).deb"

# --- Benchmarks (docs/performance.md); results go to Benchmarks/results/ ---------------------
# make bench             bench-fleet, then bench-micro
# make bench-fleet       a release build, then Benchmarks/fleet.py: redis-server, the simulator, a master,
#                        a standby and N readers as processes, for each N in BENCH_N
# make bench-micro       the hot path's microbenchmarks (package-benchmark, in Benchmarks/Micro)
# BENCH_N: reader counts; BENCH_DRAW_PERIOD: seconds between draws; BENCH_ARGS: more fleet.py options
# (--healthy-draws, --idle-seconds, ...); BENCH_SCRATCH: a scratch path for both builds (default .build).
BENCH_N           ?= 4 32 128
BENCH_DRAW_PERIOD ?= 2
BENCH_ARGS        ?=
BENCH_SCRATCH     ?= .build
BENCH_PKGS        := $(TEST_PKGS) python3
BENCH_BUILD       := $(SWIFT) build -c release --scratch-path $(abspath $(BENCH_SCRATCH))
.PHONY: bench bench-fleet bench-micro deps-bench

deps-bench:
	$(call apt_install,$(BENCH_PKGS))

bench: bench-fleet bench-micro

# The fleet runs the binary as `make deb` ships it: the Swift runtime linked statically, which halves
# start to ready (the dynamic loader's share; docs/performance.md).
BENCH_FLEET_BUILD := $(BENCH_BUILD) --static-swift-stdlib
bench-fleet: deps-bench
	$(BENCH_FLEET_BUILD) --product redgreen-bot
	python3 Benchmarks/fleet.py --bin "$$($(BENCH_FLEET_BUILD) --show-bin-path)/redgreen-bot" \
	  --n $(BENCH_N) --draw-period $(BENCH_DRAW_PERIOD) $(BENCH_ARGS)

bench-micro: deps-bench
	cd Benchmarks/Micro && $(SWIFT) package --scratch-path $(abspath $(BENCH_SCRATCH))-micro \
	  benchmark --no-progress --format markdown > ../results/micro.md.tmp
	sed -n '/^## Baseline/,$$p' Benchmarks/results/micro.md.tmp > Benchmarks/results/micro.md && rm Benchmarks/results/micro.md.tmp
	@cat Benchmarks/results/micro.md

# --- Chaos and soak (docs/testing.md); neither is part of make test ------------------------------
# make chaos   Benchmarks/chaos.py: a master, a standby and two readers with Telegram, Discord and webhook
#              sinks on fake servers, draws every 3 s, bots SIGKILLed at random moments (mid-post, mid
#              rate-limit wait); prints gaps and duplicates per locale and sink, exits 1 on a gap.
#              CHAOS_DRAWS (default 200), CHAOS_SEED, CHAOS_ARGS (more chaos.py options).
# make soak    Benchmarks/soak.py: a 4-bot fleet for SOAK_DRAWS (default 10000) draws every SOAK_PERIOD
#              (default 0.1) seconds; resident memory, descriptors, Redis memory and keys at start and end.
# CHAOS_BIN: a built redgreen-bot to use instead of a release build (e.g. .build/debug/redgreen-bot).
CHAOS_BIN   ?=
CHAOS_ARGS  ?=
SOAK_ARGS   ?=
.PHONY: chaos soak

chaos: deps-bench
	@bin="$(CHAOS_BIN)"; if [ -z "$$bin" ]; then $(BENCH_BUILD) --product redgreen-bot && bin="$$($(BENCH_BUILD) --show-bin-path)/redgreen-bot"; fi; \
	  python3 Benchmarks/chaos.py --bin "$$bin" $(CHAOS_ARGS)

soak: deps-bench
	@bin="$(CHAOS_BIN)"; if [ -z "$$bin" ]; then $(BENCH_BUILD) --product redgreen-bot && bin="$$($(BENCH_BUILD) --show-bin-path)/redgreen-bot"; fi; \
	  python3 Benchmarks/soak.py --bin "$$bin" $(SOAK_ARGS)
