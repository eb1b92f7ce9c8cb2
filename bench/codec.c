// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmarks build their packed contexts with the module's own codec,
 * compiled in as the KUnit module does: packed.c has no exports.
 */
#include "../ksecdd/packed.c"
