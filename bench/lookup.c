// SPDX-License-Identifier: GPL-2.0
/*
 * Item 3: the per-message path from a handle to its context, as the SSPI
 * message calls of a Kerberos context take it: ksecdd_context_find()
 * under rcu_read_lock(), no reference, on live handles; against a bare
 * xa_load() on an xarray of our own with the same indices (the handles'
 * key serials) and so the same shape as ksecdd's.
 *
 * Kthreads bound to the CPUs run the loops: one, then two at once.  Two
 * threads each walk their own half of the contexts ("split": the
 * sessions of a busy server, each served on one CPU), or both use the
 * first context ("shared": one session busy on every CPU, where what the
 * lookup writes in the context, the lock that guards its key pointer,
 * moves between the CPUs' caches).  One thread runs both ways too, so
 * that each two-thread row has its one-thread row: the goal of flat
 * scaling is judged on one context, shared against one thread on that
 * context.  The reference side reads the same indices in the same order.
 * The sides take turns batch by batch (bench_pair_interleaved()): the
 * rows of two threads, each a pair of CPUs at work, move most with the
 * load of a shared machine.
 *
 * So that the report can say what of the difference the lock of the
 * context's key costs, a third loop takes, after the xa_load(), a spinlock
 * held in the object loaded (one per context, as ctx->key_lock), reads a
 * word under it and lets it go: against the bare xa_load() that is the
 * lock's cost, one thread and two on one object; and ksecdd's lookup
 * against it is what the lookup adds beyond the lock.
 */

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "bench.h"

/* Live contexts while the lookups run; a power of two. */
#define CONTEXTS	1024
#define THREADS_MAX	2
#define RESCHED_EVERY	4096

/* What the xarray holds: per context a lock, as ctx->key_lock, and a word. */
struct lookup_obj {
	/* taken by the lock loop alone */
	spinlock_t lock;
	unsigned long word;
};

enum lookup_loop { LOOP_KSECDD, LOOP_XA, LOOP_XA_LOCK };

struct lookup_bench {
	CtxtHandle *h;
	struct lookup_obj *obj;
	struct xarray xa;
	unsigned int threads;
	bool shared;
	/* the loop the threads of a run take */
	enum lookup_loop loop;
	struct completion go;
};

struct lookup_thread {
	struct lookup_bench *lb;
	struct task_struct *task;
	unsigned int base;
	unsigned int mask;
	u32 n;
	u64 ns;
	int err;
	struct completion done;
};

/* Keeps the compiler from dropping the lookups. */
static unsigned long sink;

static int loop_ksecdd(struct lookup_thread *t)
{
	const CtxtHandle *h = t->lb->h + t->base;
	struct ksecdd_context *ctx;
	unsigned long acc = 0;
	u32 i;

	for (i = 0; i < t->n; i++) {
		rcu_read_lock();
		ctx = ksecdd_context_find(&h[i & t->mask]);
		rcu_read_unlock();
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
		acc += (unsigned long)ctx;
		if (!(i % RESCHED_EVERY))
			cond_resched();
	}
	WRITE_ONCE(sink, acc);
	return 0;
}

static int loop_xa(struct lookup_thread *t)
{
	const CtxtHandle *h = t->lb->h + t->base;
	unsigned long acc = 0;
	void *p;
	u32 i;

	for (i = 0; i < t->n; i++) {
		p = xa_load(&t->lb->xa, h[i & t->mask].dwLower);
		if (!p)
			return -ENOENT;
		acc += (unsigned long)p;
		if (!(i % RESCHED_EVERY))
			cond_resched();
	}
	WRITE_ONCE(sink, acc);
	return 0;
}

static int loop_xa_lock(struct lookup_thread *t)
{
	const CtxtHandle *h = t->lb->h + t->base;
	struct lookup_obj *o;
	unsigned long acc = 0;
	u32 i;

	for (i = 0; i < t->n; i++) {
		o = xa_load(&t->lb->xa, h[i & t->mask].dwLower);
		if (!o)
			return -ENOENT;
		spin_lock(&o->lock);
		acc += o->word;
		spin_unlock(&o->lock);
		if (!(i % RESCHED_EVERY))
			cond_resched();
	}
	WRITE_ONCE(sink, acc);
	return 0;
}

static int lookup_thread(void *arg)
{
	struct lookup_thread *t = arg;
	struct lookup_bench *lb = t->lb;
	u64 start;

	wait_for_completion(&lb->go);
	start = ktime_get_ns();
	switch (lb->loop) {
	case LOOP_KSECDD:
		t->err = loop_ksecdd(t);
		break;
	case LOOP_XA:
		t->err = loop_xa(t);
		break;
	default:
		t->err = loop_xa_lock(t);
	}
	t->ns = ktime_get_ns() - start;
	complete(&t->done);
	return 0;
}

/*
 * The thread ends on its own; the reference lets kthread_stop() wait
 * until it is gone, so that no thread is left in this module's code.
 */
static int spawn(struct lookup_thread *t, unsigned int cpu)
{
	t->task = kthread_create(lookup_thread, t, "ksecdd_bench/%u", cpu);
	if (IS_ERR(t->task))
		return PTR_ERR(t->task);
	get_task_struct(t->task);
	kthread_bind(t->task, cpu);
	wake_up_process(t->task);
	return 0;
}

/* @n lookups in each of lb->threads threads at once; *@ns the slowest's. */
static int run_threads(struct lookup_bench *lb, u32 n, u64 *ns)
{
	unsigned int i, started = 0, share = CONTEXTS / lb->threads;
	struct lookup_thread t[THREADS_MAX];
	int err = 0;

	init_completion(&lb->go);
	for (i = 0; i < lb->threads && !err; i++) {
		t[i] = (struct lookup_thread){
			.lb = lb,
			.base = lb->shared ? 0 : i * share,
			.mask = lb->shared ? 0 : share - 1,
			.n = n,
		};
		init_completion(&t[i].done);
		err = spawn(&t[i], i);
		if (!err)
			started++;
	}
	complete_all(&lb->go);
	*ns = 0;
	for (i = 0; i < started; i++) {
		wait_for_completion(&t[i].done);
		kthread_stop(t[i].task);
		put_task_struct(t[i].task);
		err = err ?: t[i].err;
		*ns = max(*ns, t[i].ns);
	}
	return err;
}

static int run_ksecdd(void *arg, u32 n, u64 *ns)
{
	struct lookup_bench *lb = arg;

	lb->loop = LOOP_KSECDD;
	return run_threads(lb, n, ns);
}

static int run_xa(void *arg, u32 n, u64 *ns)
{
	struct lookup_bench *lb = arg;

	lb->loop = LOOP_XA;
	return run_threads(lb, n, ns);
}

static int run_xa_lock(void *arg, u32 n, u64 *ns)
{
	struct lookup_bench *lb = arg;

	lb->loop = LOOP_XA_LOCK;
	return run_threads(lb, n, ns);
}

static int measure_loops(struct lookup_bench *lb, unsigned int threads,
			 bool shared, const char *name,
			 int (*side)(void *, u32, u64 *),
			 int (*reference)(void *, u32, u64 *))
{
	struct bench_side ksecdd = { .run = side, .arg = lb,
				     .threads = threads };
	struct bench_side ref = { .run = reference, .arg = lb,
				  .threads = threads };
	struct bench_result res;
	int err;

	lb->threads = threads;
	lb->shared = shared;
	err = bench_pair_interleaved(&ksecdd, &ref, &res);
	if (!err)
		bench_row(3, name, &res);
	return err;
}

static int measure(struct lookup_bench *lb, unsigned int threads,
		   bool shared, const char *name)
{
	return measure_loops(lb, threads, shared, name, run_ksecdd, run_xa);
}

/* The lock's part: xa_load() and the lock against xa_load() alone. */
static int measure_lock(struct lookup_bench *lb, unsigned int threads,
			bool shared, const char *name)
{
	return measure_loops(lb, threads, shared, name, run_xa_lock, run_xa);
}

/* What ksecdd's lookup adds beyond xa_load() and the lock. */
static int measure_beyond_lock(struct lookup_bench *lb, unsigned int threads,
			       bool shared, const char *name)
{
	return measure_loops(lb, threads, shared, name, run_ksecdd,
			     run_xa_lock);
}

/* CONTEXTS live contexts, and their serials in our own xarray. */
static int populate(struct lookup_bench *lb, void *blob, u32 len)
{
	SECURITY_STATUS st;
	unsigned int i;
	int err;

	for (i = 0; i < CONTEXTS; i++) {
		st = bench_import("Kerberos", blob, len, &lb->h[i]);
		if (st != SEC_E_OK) {
			lb->h[i].dwLower = 0;
			return ksecdd_status_to_errno(st);
		}
		spin_lock_init(&lb->obj[i].lock);
		lb->obj[i].word = i;
		err = xa_err(xa_store(&lb->xa, lb->h[i].dwLower, &lb->obj[i],
				      GFP_KERNEL));
		if (err)
			return err;
	}
	return 0;
}

static void depopulate(struct lookup_bench *lb)
{
	unsigned int i;

	for (i = 0; i < CONTEXTS && lb->h[i].dwLower; i++)
		DeleteSecurityContext(&lb->h[i]);
	xa_destroy(&lb->xa);
}

static int measure_all(struct lookup_bench *lb)
{
	int err;

	err = measure(lb, 1, false, "lookup-1-thread") ?:
	      measure(lb, 1, true, "lookup-1-thread-shared") ?:
	      measure_lock(lb, 1, false, "lookup-lock-1-thread") ?:
	      measure_lock(lb, 1, true, "lookup-lock-1-thread-shared") ?:
	      measure_beyond_lock(lb, 1, false, "lookup-vs-lock-1-thread");
	if (err || num_online_cpus() < THREADS_MAX)
		return err;
	return measure(lb, 2, false, "lookup-2-threads-split") ?:
	       measure(lb, 2, true, "lookup-2-threads-shared") ?:
	       measure_lock(lb, 2, true, "lookup-lock-2-threads-shared") ?:
	       measure_beyond_lock(lb, 2, true,
				   "lookup-vs-lock-2-threads-shared");
}

/**
 * bench_lookup() - item 3
 *
 * Return: 0 or a negative errno.
 */
int bench_lookup(void)
{
	struct ksecdd_packed_ctx *p;
	struct lookup_bench lb = { };
	u8 key[KSECDD_KRB5_KEY_MAX];
	u8 *blob = NULL;
	u32 len;
	int err = -ENOMEM;

	xa_init(&lb.xa);
	p = kmalloc(sizeof(*p), GFP_KERNEL);
	lb.h = kcalloc(CONTEXTS, sizeof(*lb.h), GFP_KERNEL);
	lb.obj = kcalloc(CONTEXTS, sizeof(*lb.obj), GFP_KERNEL);
	if (!p || !lb.h || !lb.obj)
		goto out;
	get_random_bytes(key, sizeof(key));
	bench_krb5_ctx(p, KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA1_96,
		       KSECDD_ROLE_ACCEPTOR, key);
	blob = bench_blob(p, &len);
	if (!blob)
		goto out;

	err = populate(&lb, blob, len) ?: measure_all(&lb);
	depopulate(&lb);
out:
	kfree(blob);
	kfree(lb.obj);
	kfree(lb.h);
	kfree(p);
	return err;
}
