# SPDX-License-Identifier: GPL-2.0
#
#   make		build ksecdd against Debian's headers and show it at
#			work on Debian's own kernel in QEMU
#   make check		every test; results in build/results/results.json
#   make fuzz		fuzz the packed codec for $(KSECDD_FUZZ_SECONDS)
#			seconds (default 300); results in build/fuzz/result.json
#   make stress		the robustness tests for longer
#			(KSECDD_STRESS_SECONDS, default 300)
#   make bench		ksecdd's costs against the primitives underneath, as
#			ratios, on Debian's kernel; build/bench/bench.json
#   make modules	only build the module against Debian's headers
#   make docs		Documentation/ as HTML in build/docs/html (Sphinx,
#			with the kernel's kernel-doc; any warning fails)
#   make deb		the Debian packages, in build/deb
#   make dkms-install	install the module's source in /usr/src/ksecdd-VERSION
#			and build and install it with DKMS for every
#			installed kernel (as root; Documentation/install.rst)
#   make clean
#
# Kernel builds are cached in $(KSECDD_CACHE) (default ~/.cache/ksecdd).

all: deps
	kunit/demo

check: deps
	kunit/check

modules: deps
	kunit/build debian-6.1

fuzz: deps
	kunit/fuzz

stress: deps
	kunit/stress

bench: deps
	kunit/bench

docs: deps
	kunit/docs

deps:
	@kunit/deps

include version.mk

# What the DKMS tree holds: the module's sources and the Kbuild and
# dkms.conf it builds from, with the version filled in.
DKMS_SOURCES := Kbuild ksecdd include compat
DKMS_DIR ?= $(DESTDIR)/usr/src/ksecdd-$(KSECDD_VERSION)
dkms-source:
	rm -rf $(DKMS_DIR)
	mkdir -p $(DKMS_DIR)
	cp -R $(DKMS_SOURCES) $(DKMS_DIR)/
	sed 's/#MODULE_VERSION#/$(KSECDD_VERSION)/' dkms.conf >$(DKMS_DIR)/dkms.conf

# dkms skips kernels outside BUILD_EXCLUSIVE_KERNEL with status 77
dkms-install: dkms-source
	dkms add -m ksecdd -v $(KSECDD_VERSION)
	for k in $$(ls /lib/modules); do \
		[ -e /lib/modules/$$k/build ] || continue; \
		dkms install -m ksecdd -v $(KSECDD_VERSION) -k $$k || \
			[ $$? = 77 ] || exit 1; \
	done

# Built from a copy, so that the tree stays as it is.
deb: deps
	rm -rf build/deb
	mkdir -p build/deb
	git ls-files -z --cached --others --exclude-standard | rsync -a --from0 --files-from=- ./ build/deb/ksecdd-$(KSECDD_VERSION)/
	cd build/deb/ksecdd-$(KSECDD_VERSION) && dpkg-buildpackage -us -uc -b
	lintian --info build/deb/*.changes

clean:
	rm -rf build

.PHONY: all check fuzz stress bench docs modules deps clean deb \
	dkms-source dkms-install
