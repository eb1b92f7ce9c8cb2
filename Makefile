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

deps:
	@kunit/deps

clean:
	rm -rf build

.PHONY: all check fuzz stress bench modules deps clean
