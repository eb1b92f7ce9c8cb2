// SPDX-License-Identifier: GPL-2.0
/*
 * Item 5 at the goal's count: bench_scale_count raw aes256-cts-hmac-sha1-96
 * contexts imported by a kernel caller, ImportSecurityContextW() into the
 * module keyring as an in-kernel server imports them, timed by tenths.
 * The last tenth's rate against the first's, and the slab growth per
 * context; then every context deleted, outside the time.
 *
 * The kernel path, not the ioctl's, because the ioctl charges each
 * context to the importer's key quota (8448 bytes and its names, for
 * Kerberos), and root_maxbytes stops at INT_MAX: one user holds about
 * 250,000 of them, not 1,000,000.  The module keyring is outside any
 * quota.
 */

#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#include "bench.h"

#define TENTHS	10

static s64 slab_bytes(void)
{
	return (s64)(global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B) +
		     global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B))
	       << PAGE_SHIFT;
}

/* One tenth's imports into @h; its rate in operations per second. */
static int tenth(CtxtHandle *h, u32 n, void *blob, u32 len, u64 *rate)
{
	SECURITY_STATUS st;
	u64 start = ktime_get_ns(), ns;
	u32 i;

	for (i = 0; i < n; i++) {
		st = bench_import("Kerberos", blob, len, &h[i]);
		if (st != SEC_E_OK)
			return ksecdd_status_to_errno(st);
		cond_resched();
	}
	ns = ktime_get_ns() - start;
	*rate = div64_u64((u64)n * NSEC_PER_SEC, ns ?: 1);
	return 0;
}

static int import_all(CtxtHandle *h, u32 per_tenth, void *blob, u32 len)
{
	struct bench_result res = { };
	u64 rate, first = 0, last = 0;
	char name[48];
	s64 slab;
	int i, err = 0;

	slab = slab_bytes();
	for (i = 0; i < TENTHS && !err; i++) {
		err = tenth(h + (size_t)i * per_tenth, per_tenth, blob, len,
			    &rate);
		if (err)
			break;
		snprintf(name, sizeof(name), "kernel-scale-rate-at-%llu",
			 (u64)(i + 1) * per_tenth);
		bench_value(5, name, rate, "ops/s");
		if (!i)
			first = rate;
		last = rate;
	}
	if (err)
		return err;
	slab = slab_bytes() - slab;
	bench_value(5, "kernel-scale-slab-per-context",
		    slab > 0 ? div_u64(slab, (u64)per_tenth * TENTHS) : 0,
		    "bytes");
	/* one measurement: no rounds, no spread */
	res.ksecdd_mrate = last * 1000;
	res.ref_mrate = first * 1000;
	res.ratio_ppm = div64_u64(last * 1000000, first ?: 1);
	res.ratio_lo_ppm = res.ratio_ppm;
	res.ratio_hi_ppm = res.ratio_ppm;
	bench_row(5, "kernel-scale-last-vs-first", &res);
	return 0;
}

/**
 * bench_scale() - item 5's import rate at bench_scale_count contexts
 *
 * Return: 0 or a negative errno.
 */
int bench_scale(void)
{
	u32 per_tenth = bench_scale_count / TENTHS, n = per_tenth * TENTHS, i;
	struct ksecdd_packed_ctx *p;
	u8 key[KSECDD_KRB5_KEY_MAX];
	CtxtHandle *h;
	u8 *blob = NULL;
	u32 len;
	int err = -ENOMEM;

	if (!per_tenth)
		return -EINVAL;
	p = kmalloc(sizeof(*p), GFP_KERNEL);
	/* zeroed: a handle left so says where the imports stopped */
	h = kvcalloc(n, sizeof(*h), GFP_KERNEL);
	if (!p || !h)
		goto out;
	get_random_bytes(key, sizeof(key));
	bench_krb5_ctx(p, KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96,
		       KSECDD_ROLE_ACCEPTOR, key);
	blob = bench_blob(p, &len);
	if (!blob)
		goto out;

	err = import_all(h, per_tenth, blob, len);
	for (i = 0; i < n && h[i].dwLower; i++) {
		DeleteSecurityContext(&h[i]);
		cond_resched();
	}
out:
	kfree(blob);
	kvfree(h);
	kfree(p);
	return err;
}
