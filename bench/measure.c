// SPDX-License-Identifier: GPL-2.0
/*
 * Measuring a pair: each side is calibrated to run about bench_slice_ms,
 * then the two run in turn for bench_rounds rounds, the order swapped
 * every round, so that whatever else the shared machine does falls on
 * both.  The ratio is taken per round and its median kept.  An
 * interleaved pair cuts each side's round into batches and alternates
 * batch by batch, for pairs whose ratio is close to one: a change in the
 * machine's load lasting less than a round then falls on both sides too,
 * and the round's ratio is the median of its turns' ratios.
 */

#include <linux/math64.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/time64.h>

#include "bench.h"

#define ROUNDS_MAX	31
#define N_DEFAULT_MAX	BIT(26)
/* Batches per side and round of an interleaved pair (odd, as rounds). */
#define BATCHES_MAX	15

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 median(u64 *v, unsigned int nr)
{
	sort(v, nr, sizeof(*v), cmp_u64, NULL);
	return v[nr / 2];
}

/* What the runs of a side in a round did. */
struct tally {
	u64 ops;
	u64 ns;
};

/* One run of @n operations of a side, added to its tally. */
static int run_side(struct bench_side *s, u32 n, struct tally *t)
{
	u64 ns = 0;
	int err;

	err = s->run(s->arg, n, &ns);
	if (s->settle)
		s->settle(s->arg);
	t->ops += (u64)n * s->threads;
	t->ns += ns;
	return err;
}

/* A tally's rate in operations per second, times 1000. */
static u64 mrate(const struct tally *t)
{
	return mul_u64_u64_div_u64(t->ops, NSEC_PER_SEC * 1000ULL, t->ns ?: 1);
}

/*
 * One round: each side runs its count in @batches runs, the two taking
 * turns run by run, the first of each turn alternating.  *@a and *@b
 * receive the sides' rates over the round, *@ratio the median of the
 * turns' ratios: a turn that other work on the machine slowed is one of
 * many then, not a part of every round's sum.
 */
static int run_round(struct bench_side *ksecdd, struct bench_side *ref,
		     unsigned int r, unsigned int batches, u64 *a, u64 *b,
		     u64 *ratio)
{
	u32 ks_n = max(ksecdd->n / batches, 1U);
	u32 ref_n = max(ref->n / batches, 1U);
	struct tally ks = { }, rf = { };
	u64 turn[BATCHES_MAX];
	struct tally t[2];
	unsigned int i;
	int err = 0;

	for (i = 0; !err && i < batches; i++) {
		memset(t, 0, sizeof(t));
		if ((r + i) % 2)
			err = run_side(ref, ref_n, &t[1]) ?:
			      run_side(ksecdd, ks_n, &t[0]);
		else
			err = run_side(ksecdd, ks_n, &t[0]) ?:
			      run_side(ref, ref_n, &t[1]);
		turn[i] = mul_u64_u64_div_u64(mrate(&t[0]), 1000000,
					      mrate(&t[1]) ?: 1);
		ks.ops += t[0].ops;
		ks.ns += t[0].ns;
		rf.ops += t[1].ops;
		rf.ns += t[1].ns;
	}
	if (err)
		return err;
	*a = mrate(&ks);
	*b = mrate(&rf);
	*ratio = median(turn, batches);
	return 0;
}

/* The count that makes a run of @s last about a slice. */
static int calibrate(struct bench_side *s)
{
	u64 slice = (u64)bench_slice_ms * NSEC_PER_MSEC;
	u32 max = s->max_n ?: N_DEFAULT_MAX;
	u64 n = 1, ns;
	int err;

	for (;;) {
		ns = 0;
		err = s->run(s->arg, n, &ns);
		if (s->settle)
			s->settle(s->arg);
		if (err)
			return err;
		if (ns >= slice / 8 || n >= max)
			break;
		n *= 8;
	}
	n = div64_u64(n * slice, ns ?: 1);
	s->n = clamp_t(u64, n, 1, max);
	return 0;
}

static int pair(struct bench_side *ksecdd, struct bench_side *ref,
		unsigned int batches, struct bench_result *res)
{
	unsigned int rounds = min(bench_rounds, ROUNDS_MAX), r;
	u64 a[ROUNDS_MAX], b[ROUNDS_MAX], ratio[ROUNDS_MAX];
	int err;

	err = calibrate(ksecdd) ?: calibrate(ref);
	for (r = 0; !err && r < rounds; r++)
		err = run_round(ksecdd, ref, r, batches, &a[r], &b[r],
				&ratio[r]);
	if (err)
		return err;
	res->ksecdd_mrate = median(a, rounds);
	res->ref_mrate = median(b, rounds);
	res->ratio_ppm = median(ratio, rounds);
	/* sorted by median() */
	res->ratio_lo_ppm = ratio[0];
	res->ratio_hi_ppm = ratio[rounds - 1];
	return 0;
}

/**
 * bench_pair() - measure ksecdd against a reference
 * @ksecdd: the ksecdd side
 * @ref: the reference side
 * @res: receives the medians
 *
 * Return: 0, or the first error a run returned.
 */
int bench_pair(struct bench_side *ksecdd, struct bench_side *ref,
	       struct bench_result *res)
{
	return pair(ksecdd, ref, 1, res);
}

/**
 * bench_pair_interleaved() - measure ksecdd against a reference, the two
 *	taking turns batch by batch within each round
 * @ksecdd: the ksecdd side
 * @ref: the reference side
 * @res: receives the medians
 *
 * Return: 0, or the first error a run returned.
 */
int bench_pair_interleaved(struct bench_side *ksecdd, struct bench_side *ref,
			   struct bench_result *res)
{
	return pair(ksecdd, ref, BATCHES_MAX, res);
}

/**
 * bench_row() - report a pair
 * @item: the item of the benchmark list it belongs to
 * @name: the row's name, one word
 * @res: the pair's medians
 */
void bench_row(int item, const char *name, const struct bench_result *res)
{
	bench_print("ksecdd-bench row %d %s %llu.%03llu %llu.%03llu",
		    item, name, res->ksecdd_mrate / 1000,
		    res->ksecdd_mrate % 1000, res->ref_mrate / 1000,
		    res->ref_mrate % 1000);
	bench_print(" %llu.%06llu %llu.%06llu %llu.%06llu\n",
		    res->ratio_ppm / 1000000, res->ratio_ppm % 1000000,
		    res->ratio_lo_ppm / 1000000, res->ratio_lo_ppm % 1000000,
		    res->ratio_hi_ppm / 1000000, res->ratio_hi_ppm % 1000000);
}

/**
 * bench_value() - report a figure that is not a pair
 * @item: the item of the benchmark list it belongs to
 * @name: its name, one word
 * @value: the figure
 * @unit: its unit, one word
 */
void bench_value(int item, const char *name, u64 value, const char *unit)
{
	bench_print("ksecdd-bench value %d %s %llu %s\n", item, name, value,
		    unit);
}
