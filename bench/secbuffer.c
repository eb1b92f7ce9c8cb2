// SPDX-License-Identifier: GPL-2.0
/*
 * The SecBufferDesc parse of the message calls, compiled in for item 4's
 * parts (bench/msgparts.c): secbuffer.c has no exports.
 */
#include "../ksecdd/secbuffer.c"
