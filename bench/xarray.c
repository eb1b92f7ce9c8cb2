// SPDX-License-Identifier: GPL-2.0
/*
 * Item 2's bound: what an xarray indexed by key serial would cost an
 * import and a delete, as ksecdd's handle table was before it became a
 * hash table.  Key serials are random 31-bit numbers: each entry stands
 * alone in its part of the index space, so its store allocates the
 * xarray nodes of a path of its own and its erase frees them, a grace
 * period later.  A private xarray measures
 * that against the same stores and erases at dense indices (xa_alloc()),
 * which share their nodes, in chunks of CHUNK entries stored then erased:
 * a chunk of one is a lone context (as the import and delete pairs run),
 * a larger one a server holding a thousand.  Then the slab of each per
 * entry, COUNT of them at once (the counters of /proc/meminfo's Slab,
 * reclaimable too: the xarray's node cache is reclaimable).
 */

#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/vmstat.h>
#include <linux/xarray.h>

#include "bench.h"

#define CHUNK_MAX	1024
#define COUNT		8192

struct xa_bench {
	struct xarray random;
	struct xarray dense;
	u32 chunk;
	/* a chunk's indices; the random ones drawn outside the time */
	u32 *idx;
};

static s64 slab_bytes(void)
{
	return (s64)(global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) +
		     global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B))
	       << PAGE_SHIFT;
}

/* Fresh random nonzero 31-bit indices, as key serials are. */
static void draw(u32 *idx, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		idx[i] = (get_random_u32() >> 1) ?: 1;
}

/* Stores @n entries at @idx, skipping an index drawn twice. */
static int store_random(struct xarray *xa, u32 *idx, u32 n)
{
	u32 i;
	int err;

	for (i = 0; i < n; i++) {
		err = xa_insert(xa, idx[i], xa_mk_value(i), GFP_KERNEL);
		if (err == -EBUSY)
			idx[i] = 0;
		else if (err)
			return err;
	}
	return 0;
}

static void erase(struct xarray *xa, const u32 *idx, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (idx[i])
			xa_erase(xa, idx[i]);
}

static int store_dense(struct xarray *xa, u32 *idx, u32 n)
{
	u32 i;
	int err;

	for (i = 0; i < n; i++) {
		err = xa_alloc(xa, &idx[i], xa_mk_value(i), xa_limit_31b,
			       GFP_KERNEL);
		if (err) {
			idx[i] = 0;
			return err;
		}
	}
	return 0;
}

static int run_random(void *arg, u32 n, u64 *ns)
{
	struct xa_bench *xb = arg;
	u32 done, c;
	u64 start;
	int err = 0;

	*ns = 0;
	for (done = 0; done < n && !err; done += c) {
		c = min(xb->chunk, n - done);
		draw(xb->idx, c);
		start = ktime_get_ns();
		err = store_random(&xb->random, xb->idx, c);
		erase(&xb->random, xb->idx, c);
		*ns += ktime_get_ns() - start;
	}
	return err;
}

static int run_dense(void *arg, u32 n, u64 *ns)
{
	struct xa_bench *xb = arg;
	u32 done, c;
	u64 start;
	int err = 0;

	*ns = 0;
	for (done = 0; done < n && !err; done += c) {
		c = min(xb->chunk, n - done);
		memset(xb->idx, 0, c * sizeof(*xb->idx));
		start = ktime_get_ns();
		err = store_dense(&xb->dense, xb->idx, c);
		erase(&xb->dense, xb->idx, c);
		*ns += ktime_get_ns() - start;
	}
	return err;
}

/* Lets the grace periods of the erases pass, outside the time. */
static void settle(void *arg)
{
	rcu_barrier();
}

static int measure(struct xa_bench *xb, u32 chunk, const char *name)
{
	struct bench_side random = { .run = run_random, .settle = settle,
				     .arg = xb, .threads = 1 };
	struct bench_side dense = { .run = run_dense, .settle = settle,
				    .arg = xb, .threads = 1 };
	struct bench_result res;
	int err;

	xb->chunk = chunk;
	err = bench_pair_interleaved(&random, &dense, &res);
	if (!err)
		bench_row(2, name, &res);
	return err;
}

/* COUNT entries at once, and the slab they took each. */
static int slab_per_entry(struct xa_bench *xb, bool dense, const char *name)
{
	struct xarray *xa = dense ? &xb->dense : &xb->random;
	u32 *idx = kvcalloc(COUNT, sizeof(*idx), GFP_KERNEL);
	s64 slab;
	int err;

	if (!idx)
		return -ENOMEM;
	if (!dense)
		draw(idx, COUNT);
	rcu_barrier();
	slab = slab_bytes();
	err = dense ? store_dense(xa, idx, COUNT) :
		      store_random(xa, idx, COUNT);
	slab = slab_bytes() - slab;
	if (!err)
		bench_value(2, name, slab > 0 ? div_u64(slab, COUNT) : 0,
			    "bytes");
	erase(xa, idx, COUNT);
	rcu_barrier();
	kvfree(idx);
	return err;
}

/**
 * bench_xarray() - item 2's handle table: random against dense indices
 *
 * Return: 0 or a negative errno.
 */
int bench_xarray(void)
{
	struct xa_bench xb = { };
	int err;

	xa_init(&xb.random);
	xa_init_flags(&xb.dense, XA_FLAGS_ALLOC1);
	xb.idx = kcalloc(CHUNK_MAX, sizeof(*xb.idx), GFP_KERNEL);
	if (!xb.idx)
		return -ENOMEM;
	err = measure(&xb, 1, "kernel-xarray-random-vs-dense-1") ?:
	      measure(&xb, CHUNK_MAX, "kernel-xarray-random-vs-dense-1024") ?:
	      slab_per_entry(&xb, false, "xarray-random-slab-per-entry") ?:
	      slab_per_entry(&xb, true, "xarray-dense-slab-per-entry");
	xa_destroy(&xb.random);
	xa_destroy(&xb.dense);
	kfree(xb.idx);
	return err;
}
