// SPDX-License-Identifier: GPL-2.0
/*
 * The tests build blobs with the module's own codec, compiled into the
 * test module as libksecdd and the host tests compile it: packed.c has no
 * exports, being the same file everywhere.
 */
#include "../ksecdd/packed.c"
