/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libksecdd internals shared by its files; not installed.
 */
#ifndef LIBKSECDD_INTERNAL_H
#define LIBKSECDD_INTERNAL_H

#include "../../ksecdd/packed.h"

int ksecdd_raw_encode(const struct ksecdd_packed_ctx *ctx, void **blob,
		      size_t *len);

#endif /* LIBKSECDD_INTERNAL_H */
