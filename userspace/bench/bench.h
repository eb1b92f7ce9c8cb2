/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace half of `make bench`: pairs measured in the same run,
 * as the benchmark module measures its own (bench/measure.c), and rows
 * in the same format:
 *
 *   ksecdd-bench row ITEM NAME KSECDD-RATE REFERENCE-RATE RATIO
 *   ksecdd-bench value ITEM NAME VALUE UNIT
 */
#ifndef KSECDD_USER_BENCH_H
#define KSECDD_USER_BENCH_H

#include <stddef.h>

/*
 * One side of a pair: @run does @n operations and sets *@secs to the time
 * they took; @settle, if set, cleans up after a run, outside the time.
 * @max_n bounds the calibrated count (0: no bound beyond the default).
 */
struct bench_side {
	int (*run)(void *arg, unsigned int n, double *secs);
	int (*settle)(void *arg);
	void *arg;
	unsigned int max_n;
	unsigned int n;
};

/*
 * Medians over the rounds; the ratio is ksecdd's rate over the other,
 * with the lowest and highest of the rounds, which show the noise.
 */
struct bench_result {
	double ksecdd_rate;
	double ref_rate;
	double ratio;
	double ratio_lo;
	double ratio_hi;
};

double bench_now(void);
int bench_pair(struct bench_side *ksecdd, struct bench_side *ref,
	       struct bench_result *res);
void bench_row(int item, const char *name, const struct bench_result *res);
void bench_value(int item, const char *name, double value, const char *unit);
void bench_error(const char *what, const char *fmt, ...);

long bench_key_count(void);
int bench_wait_key_count(long count);
void *bench_read_file(const char *path, size_t *len);

#endif /* KSECDD_USER_BENCH_H */
