# SPDX-License-Identifier: GPL-2.0
# The version of the tree, for everything that carries one: the top
# entry of debian/changelog, without a Debian revision.
KSECDD_VERSION := $(shell sed -n '1s/^ksecdd (\([^)-]*\).*/\1/p' \
	$(dir $(lastword $(MAKEFILE_LIST)))debian/changelog)
