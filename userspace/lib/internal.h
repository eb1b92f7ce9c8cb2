/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libksecdd internals shared by its files; not installed.
 */
#ifndef LIBKSECDD_INTERNAL_H
#define LIBKSECDD_INTERNAL_H

#include "../../ksecdd/packed.h"

struct ksecdd_lucid_info;

/* The kernel's name for the attribute; userspace headers have none. */
#ifndef __printf
#define KSECDD_FORMAT	format
#define __printf(a, b)	__attribute__((KSECDD_FORMAT(printf, a, b)))
#endif

int ksecdd_raw_encode(const struct ksecdd_packed_ctx *ctx, void **blob,
		      size_t *len);

/* Where a converter says what it refused (info.c). */
struct ksecdd_error {
	char *buf;
	size_t len;
};

__printf(2, 3)
int ksecdd_fail(struct ksecdd_error *e, const char *fmt, ...);
int ksecdd_set_name(struct ksecdd_error *e, const char *what, const char *in,
		    size_t n, const char **out, u32 *len);
int ksecdd_set_identity(struct ksecdd_error *e,
			const struct ksecdd_lucid_info *info,
			struct ksecdd_packed_ctx *c);
void ksecdd_set_lifespan(struct ksecdd_packed_ctx *c, s64 expiry);
int ksecdd_raw_finish(struct ksecdd_error *e,
		      const struct ksecdd_packed_ctx *c, void **blob,
		      size_t *len);

#endif /* LIBKSECDD_INTERNAL_H */
