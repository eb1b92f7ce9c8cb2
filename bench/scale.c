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
 * Each reference turn is sized from the turn before to last as long as
 * the imports of its turn, so that it samples the machine's load over as
 * much time as they do; each tenth reports the median of the turns'
 * reference time over import time, which shows that it did, and the
 * reference's own rate.
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
/* Bounds a reference turn's count while it finds its length. */
#define REF_N_MAX	BIT(20)

struct scale_bench {
	CtxtHandle *h;
	u32 done;
	/* the next reference turn's count */
	u32 ref_n;
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

/* One tenth's figures. */
struct tenth_figures {
	u64 rate;
	u64 ratio;
	u64 ref_rate;
	u64 ref_time;
};

/* The count that makes a reference turn last @ns: @ref_n took @ref_ns. */
static u32 next_ref_n(u32 ref_n, u64 ref_ns, u64 ns)
{
	return clamp_t(u64, mul_u64_u64_div_u64(ref_n, ns, ref_ns ?: 1), 1,
		       REF_N_MAX);
}

/*
 * One tenth, in turns of imports and of the reference: the imports' rate
 * over the tenth, the median of the turns' ratios of the import rate
 * over the reference's, in millionths, the reference's rate and the
 * median of the turns' reference time over import time, in millionths.
 */
static int tenth(struct scale_bench *sb, u32 n, struct tenth_figures *f)
{
	u32 per_turn = n / TURNS, imp_n, ref_n, i;
	u64 turn[TURNS], share[TURNS], ns, ref_ns, total = 0, ref_total = 0;
	u64 ref_ops = 0;
	int err = 0;

	for (i = 0; i < TURNS; i++) {
		imp_n = i == TURNS - 1 ? n - per_turn * i : per_turn;
		ref_n = sb->ref_n;
		err = imports(sb, imp_n, &ns) ?:
		      reference(sb, ref_n, &ref_ns);
		if (err)
			break;
		total += ns;
		ref_total += ref_ns;
		ref_ops += ref_n;
		/* (imp_n / ns) over (ref_n / ref_ns) */
		turn[i] = mul_u64_u64_div_u64((u64)imp_n * 1000000, ref_ns,
					      ((u64)ref_n * ns) ?: 1);
		share[i] = div64_u64(ref_ns * 1000000, ns ?: 1);
		sb->ref_n = next_ref_n(ref_n, ref_ns,
				       div_u64(ns * per_turn, imp_n ?: 1));
	}
	if (err)
		return err;
	sort(turn, TURNS, sizeof(*turn), cmp_u64, NULL);
	sort(share, TURNS, sizeof(*share), cmp_u64, NULL);
	f->ratio = turn[TURNS / 2];
	f->ref_time = share[TURNS / 2];
	f->rate = div64_u64((u64)n * NSEC_PER_SEC, total ?: 1);
	f->ref_rate = div64_u64(ref_ops * NSEC_PER_SEC, ref_total ?: 1);
	return 0;
}

/* A tenth's figure, named by the count of contexts it ended at. */
static void tenth_value(struct scale_bench *sb, const char *what, u64 value,
			const char *unit)
{
	char name[48];

	snprintf(name, sizeof(name), "kernel-scale-%s-at-%u", what, sb->done);
	bench_value(5, name, value, unit);
}

static int import_all(struct scale_bench *sb, u32 per_tenth)
{
	struct bench_result res = { };
	u64 first = 0, last = 0, first_rate = 0, rate = 0;
	struct tenth_figures f;
	s64 slab;
	int i, err = 0;

	slab = slab_bytes();
	sb->ref_n = max(per_tenth / TURNS / 4, 1U);
	for (i = 0; i < TENTHS && !err; i++) {
		err = tenth(sb, per_tenth, &f);
		if (err)
			break;
		tenth_value(sb, "rate", f.rate, "ops/s");
		tenth_value(sb, "vs-ref", f.ratio, "ppm");
		tenth_value(sb, "ref-rate", f.ref_rate, "ops/s");
		tenth_value(sb, "ref-time", f.ref_time, "ppm");
		if (!i) {
			first = f.ratio;
			first_rate = f.rate;
		}
		last = f.ratio;
		rate = f.rate;
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
