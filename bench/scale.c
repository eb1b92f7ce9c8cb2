// SPDX-License-Identifier: GPL-2.0
/*
 * Item 5 at the goal's count: bench_scale_count raw aes256-cts-hmac-sha1-96
 * contexts imported by a kernel caller, ImportSecurityContextW() into the
 * module keyring as an in-kernel server imports them, by tenths.  Each
 * tenth alternates turns of imports with turns of a reference whose cost
 * does not grow with the count (a keyed hmac(sha1) and cts(cbc(aes))
 * allocated and freed), and keeps the median of the turns' ratios of the
 * import rate over the reference's: other work on a shared machine
 * slows both, a slowdown of the imports with the count shows alone.
 * The row is the last tenth's ratio over the first's; the raw rates of
 * each tenth are values beside it, with the slab growth per context.
 * Then every context is deleted, outside the time.
 *
 * The kernel path, not the ioctl's, because the ioctl charges each
 * context to the importer's key quota (8448 bytes and its names, for
 * Kerberos), and root_maxbytes stops at INT_MAX: one user holds about
 * 250,000 of them, not 1,000,000.  The module keyring is outside any
 * quota.
 */

#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmstat.h>

#include "bench.h"

#define TENTHS		10
/* Turns of imports and reference per tenth (odd: the median is one). */
#define TURNS		21
#define REF_KEY_LEN	32

struct scale_bench {
	CtxtHandle *h;
	u32 done;
	void *blob;
	u32 len;
	u8 key[REF_KEY_LEN];
};

/*
 * Contexts hold only unreclaimable slab; the reclaimable part moves with
 * the page cache under the run's memory pressure.
 */
static s64 slab_bytes(void)
{
	return (s64)global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B)
	       << PAGE_SHIFT;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* @n more imports; *@ns their time. */
static int imports(struct scale_bench *sb, u32 n, u64 *ns)
{
	u64 start = ktime_get_ns();
	SECURITY_STATUS st;
	u32 i;

	for (i = 0; i < n; i++) {
		st = bench_import("Kerberos", sb->blob, sb->len,
				  &sb->h[sb->done]);
		if (st != SEC_E_OK)
			return ksecdd_status_to_errno(st);
		sb->done++;
		cond_resched();
	}
	*ns = ktime_get_ns() - start;
	return 0;
}

/*
 * The reference: an import's largest part that does not depend on how
 * many contexts there are, a keyed hmac(sha1) and cts(cbc(aes)) allocated
 * and freed.  Its rate moves with the machine's load only.
 */
static int reference(struct scale_bench *sb, u32 n, u64 *ns)
{
	u64 start = ktime_get_ns();
	struct crypto_sync_skcipher *cts;
	struct crypto_shash *hmac;
	int err = 0;
	u32 i;

	for (i = 0; i < n && !err; i++) {
		hmac = crypto_alloc_shash("hmac(sha1)", 0, 0);
		if (IS_ERR(hmac))
			return PTR_ERR(hmac);
		cts = crypto_alloc_sync_skcipher("cts(cbc(aes))", 0, 0);
		err = PTR_ERR_OR_ZERO(cts) ?:
		      crypto_shash_setkey(hmac, sb->key, REF_KEY_LEN) ?:
		      crypto_sync_skcipher_setkey(cts, sb->key, REF_KEY_LEN);
		if (!IS_ERR(cts))
			crypto_free_sync_skcipher(cts);
		crypto_free_shash(hmac);
		cond_resched();
	}
	*ns = ktime_get_ns() - start;
	return err;
}

/*
 * One tenth, in turns of imports and of the reference: *@rate the
 * imports' rate over the tenth, *@ratio the median of the turns' ratios
 * of the import rate over the reference's, in millionths.
 */
static int tenth(struct scale_bench *sb, u32 n, u64 *rate, u64 *ratio)
{
	u32 per_turn = n / TURNS, ref_n = max(per_turn / 4, 1U), imp_n, i;
	u64 turn[TURNS], ns, ref_ns, total = 0;
	int err = 0;

	for (i = 0; i < TURNS && !err; i++) {
		imp_n = i == TURNS - 1 ? n - per_turn * i : per_turn;
		err = imports(sb, imp_n, &ns) ?:
		      reference(sb, ref_n, &ref_ns);
		total += ns;
		/* (imp_n / ns) over (ref_n / ref_ns) */
		turn[i] = mul_u64_u64_div_u64((u64)imp_n * 1000000, ref_ns,
					      ((u64)ref_n * ns) ?: 1);
	}
	if (err)
		return err;
	sort(turn, TURNS, sizeof(*turn), cmp_u64, NULL);
	*ratio = turn[TURNS / 2];
	*rate = div64_u64((u64)n * NSEC_PER_SEC, total ?: 1);
	return 0;
}

static int import_all(struct scale_bench *sb, u32 per_tenth)
{
	struct bench_result res = { };
	u64 rate, ratio, first = 0, last = 0, first_rate = 0;
	char name[48];
	s64 slab;
	int i, err = 0;

	slab = slab_bytes();
	for (i = 0; i < TENTHS && !err; i++) {
		err = tenth(sb, per_tenth, &rate, &ratio);
		if (err)
			break;
		snprintf(name, sizeof(name), "kernel-scale-rate-at-%u",
			 sb->done);
		bench_value(5, name, rate, "ops/s");
		snprintf(name, sizeof(name), "kernel-scale-vs-ref-at-%u",
			 sb->done);
		bench_value(5, name, ratio, "ppm");
		if (!i) {
			first = ratio;
			first_rate = rate;
		}
		last = ratio;
	}
	if (err)
		return err;
	slab = slab_bytes() - slab;
	bench_value(5, "kernel-scale-slab-per-context",
		    slab > 0 ? div_u64(slab, sb->done) : 0, "bytes");
	/* one measurement: no rounds, no spread */
	res.ksecdd_mrate = rate * 1000;
	res.ref_mrate = first_rate * 1000;
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
	u32 per_tenth = bench_scale_count / TENTHS, i;
	struct scale_bench sb = { };
	struct ksecdd_packed_ctx *p;
	u8 key[KSECDD_KRB5_KEY_MAX];
	int err = -ENOMEM;

	if (per_tenth < TURNS)
		return -EINVAL;
	p = kmalloc(sizeof(*p), GFP_KERNEL);
	sb.h = kvcalloc((size_t)per_tenth * TENTHS, sizeof(*sb.h),
			GFP_KERNEL);
	if (!p || !sb.h)
		goto out;
	get_random_bytes(key, sizeof(key));
	get_random_bytes(sb.key, sizeof(sb.key));
	bench_krb5_ctx(p, KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96,
		       KSECDD_ROLE_ACCEPTOR, key);
	sb.blob = bench_blob(p, &sb.len);
	if (!sb.blob)
		goto out;

	err = import_all(&sb, per_tenth);
	for (i = 0; i < sb.done; i++) {
		DeleteSecurityContext(&sb.h[i]);
		cond_resched();
	}
out:
	kfree(sb.blob);
	kvfree(sb.h);
	kfree(p);
	return err;
}
