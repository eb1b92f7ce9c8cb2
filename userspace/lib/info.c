// SPDX-License-Identifier: GPL-2.0
/*
 * What every raw packed context converted from another library's context
 * shares: the refusal messages, the names and identity of struct
 * ksecdd_lucid_info, the lifespan, and the encoding.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libksecdd.h"
#include "internal.h"

int ksecdd_fail(struct ksecdd_error *e, const char *fmt, ...)
{
	va_list ap;

	if (e->len) {
		va_start(ap, fmt);
		vsnprintf(e->buf, e->len, fmt, ap);
		va_end(ap);
	}
	errno = EINVAL;
	return -1;
}

int ksecdd_set_name(struct ksecdd_error *e, const char *what, const char *in,
		    size_t n, const char **out, u32 *len)
{
	/* an absent name has no record rather than an empty one */
	if (!in || !n)
		return 0;
	if (n > KSECDD_PACKED_NAME_MAX)
		return ksecdd_fail(e, "the %s name is longer than %d bytes",
				   what, KSECDD_PACKED_NAME_MAX);
	*out = in;
	*len = n;
	return 0;
}

static int compare_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The packed format wants groups strictly ascending: sort, drop repeats. */
int ksecdd_set_identity(struct ksecdd_error *e,
			const struct ksecdd_lucid_info *info,
			struct ksecdd_packed_ctx *c)
{
	size_t i;

	if (!info->has_identity)
		return 0;
	if (c->role != KSECDD_ROLE_ACCEPTOR)
		return ksecdd_fail(e, "an identity is for acceptor contexts only");
	if (info->ngroups > KSECDD_PACKED_GROUPS_MAX)
		return ksecdd_fail(e, "%zu groups; at most %d", info->ngroups,
				   KSECDD_PACKED_GROUPS_MAX);
	c->has_identity = true;
	c->uid = info->uid;
	c->gid = info->gid;
	if (!info->ngroups)
		return 0;
	memcpy(c->groups, info->groups, info->ngroups * sizeof(u32));
	qsort(c->groups, info->ngroups, sizeof(u32), compare_u32);
	c->ngroups = 1;
	for (i = 1; i < info->ngroups; i++)
		if (c->groups[i] != c->groups[c->ngroups - 1])
			c->groups[c->ngroups++] = c->groups[i];
	return 0;
}

/*
 * The context starts now and ends at @expiry.  One that already ended
 * starts and ends then, so that the import reports SEC_E_CONTEXT_EXPIRED
 * rather than a malformed blob.
 */
void ksecdd_set_lifespan(struct ksecdd_packed_ctx *c, s64 expiry)
{
	s64 now = time(NULL);

	c->expiry = expiry;
	c->start = now < expiry ? now : expiry;
}

int ksecdd_raw_finish(struct ksecdd_error *e,
		      const struct ksecdd_packed_ctx *c, void **blob,
		      size_t *len)
{
	if (!ksecdd_raw_encode(c, blob, len))
		return 0;
	if (errno == EINVAL)
		ksecdd_fail(e, "not a valid context (names must be UTF-8 "
			    "without control characters, ids below "
			    "0xffffffff)");
	return -1;
}
