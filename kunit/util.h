/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the context suites: blobs, callers and leak checks.
 */
#ifndef _KSECDD_KUNIT_UTIL_H
#define _KSECDD_KUNIT_UTIL_H

#include <kunit/test.h>
#include <linux/cred.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/packed.h"

#define TEST_UID	4242
#define TEST_OTHER_UID	4343

/* Counts that must come back to where a test started. */
struct leak_baseline {
	int contexts;
	int creds;
	unsigned long keys;
};

void leak_baseline(struct leak_baseline *base);
void expect_no_leak(struct kunit *test, const struct leak_baseline *base);
bool wait_for_contexts(int count);

void krb5_template(struct ksecdd_packed_ctx *p);
void ntlm_template(struct ksecdd_packed_ctx *p);
u8 *raw_blob(struct kunit *test, const struct ksecdd_packed_ctx *p,
	     u32 *len);

SECURITY_STATUS import_blob(const char *package, void *blob, u32 len,
			    void *token, CtxtHandle *h);
SECURITY_STATUS import_raw(struct kunit *test,
			   const struct ksecdd_packed_ctx *p, CtxtHandle *h);
u8 *export_blob(struct kunit *test, CtxtHandle *h, u32 flags, u32 *len);
SECURITY_STATUS export_status(CtxtHandle *h, u32 flags);

void unhex(const char *hex, u8 *out, size_t *len);
void expect_hex(struct kunit *test, const u8 *got, size_t len,
		const char *want);

/*
 * @n pages mapped one after the other in vmalloc space, no two of them
 * physically adjacent (or, @adjacent, all of them in one run), so that a
 * scatterlist over them takes one entry per page (or one in all).
 */
struct scattered {
	u8 *addr;
	struct page **pages;
	unsigned int n;
	bool adjacent;
};

void scattered_map(struct kunit *test, struct scattered *s, unsigned int n,
		   bool adjacent);
void scattered_unmap(struct scattered *s);

const struct cred *become(struct kunit *test, uid_t uid, bool admin);
void page_data_buffers(struct kunit *test, struct page **pages, SecBuffer *b,
		       const u8 *data, unsigned int n);
struct cred *user_cred(struct kunit *test, uid_t uid, u32 ngroups);

#endif /* _KSECDD_KUNIT_UTIL_H */
