// SPDX-License-Identifier: GPL-2.0
/*
 * Measuring a pair in userspace, as bench/measure.c does in the kernel:
 * each side calibrated to run about a slice, then both in turn for a
 * number of rounds, the order swapped every round, the per-round ratio's
 * median kept.  KSECDD_BENCH_ROUNDS (default 7) and KSECDD_BENCH_SLICE_MS
 * (default 200) change the rounds and the slice.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define ROUNDS_MAX	31
#define N_DEFAULT_MAX	(64u * 1024 * 1024)
/* a run that took no measurable time */
#define MIN_SECS	(1 / 1e9)
#define KEYS_SETTLE_S	120.0

static unsigned int env_uint(const char *name, unsigned int def,
			     unsigned int max)
{
	const char *v = getenv(name);
	unsigned long n;
	char *end;

	if (!v || !*v)
		return def;
	n = strtoul(v, &end, 10);
	return *end || !n || n > max ? def : n;
}

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int nr)
{
	qsort(v, nr, sizeof(*v), cmp_double);
	return v[nr / 2];
}

static int run_side(struct bench_side *s, unsigned int n, double *rate)
{
	double secs = 0;
	int err;

	err = s->run(s->arg, n, &secs);
	if (s->settle && s->settle(s->arg))
		err = err ?: -1;
	if (err)
		return err;
	*rate = n / (secs > 0 ? secs : MIN_SECS);
	return 0;
}

static int calibrate(struct bench_side *s, double slice)
{
	unsigned int max = s->max_n ? s->max_n : N_DEFAULT_MAX;
	double n = 1, secs;
	int err;

	for (;;) {
		secs = 0;
		err = s->run(s->arg, n, &secs);
		if (s->settle && s->settle(s->arg))
			err = err ?: -1;
		if (err)
			return err;
		if (secs >= slice / 8 || n >= max)
			break;
		n *= 8;
	}
	n = n * slice / (secs > 0 ? secs : MIN_SECS);
	s->n = n < 1 ? 1 : n > max ? max : n;
	return 0;
}

int bench_pair(struct bench_side *ksecdd, struct bench_side *ref,
	       struct bench_result *res)
{
	unsigned int rounds = env_uint("KSECDD_BENCH_ROUNDS", 7, ROUNDS_MAX);
	double slice = env_uint("KSECDD_BENCH_SLICE_MS", 200, 60000) / 1e3;
	double a[ROUNDS_MAX], b[ROUNDS_MAX], ratio[ROUNDS_MAX];
	unsigned int r;
	int err;

	err = calibrate(ksecdd, slice);
	err = err ? err : calibrate(ref, slice);
	for (r = 0; !err && r < rounds; r++) {
		if (r % 2) {
			err = run_side(ref, ref->n, &b[r]);
			err = err ? err : run_side(ksecdd, ksecdd->n, &a[r]);
		} else {
			err = run_side(ksecdd, ksecdd->n, &a[r]);
			err = err ? err : run_side(ref, ref->n, &b[r]);
		}
		if (!err)
			ratio[r] = a[r] / b[r];
	}
	if (err)
		return err;
	res->ksecdd_rate = median(a, rounds);
	res->ref_rate = median(b, rounds);
	res->ratio = median(ratio, rounds);
	/* sorted by median() */
	res->ratio_lo = ratio[0];
	res->ratio_hi = ratio[rounds - 1];
	return 0;
}

void bench_row(int item, const char *name, const struct bench_result *res)
{
	printf("ksecdd-bench row %d %s %.3f %.3f %.6f %.6f %.6f\n", item,
	       name, res->ksecdd_rate, res->ref_rate, res->ratio,
	       res->ratio_lo, res->ratio_hi);
	fflush(stdout);
}

void bench_value(int item, const char *name, double value, const char *unit)
{
	printf("ksecdd-bench value %d %s %.3f %s\n", item, name, value, unit);
	fflush(stdout);
}

/* A line the report counts as a failure of the bench to run. */
void bench_error(const char *what, const char *fmt, ...)
{
	va_list ap;

	printf("ksecdd-bench error %s ", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* The keys our user owns, from /proc/key-users; -1 if not found. */
long bench_key_count(void)
{
	unsigned int uid, me = geteuid();
	long usage, nkeys, count = -1;
	FILE *f = fopen("/proc/key-users", "r");
	char line[256];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %u: %ld %ld/", &uid, &usage, &nkeys) == 3 &&
		    uid == me)
			count = nkeys;
	fclose(f);
	return count;
}

/*
 * Deleted contexts and unlinked keys leave when the keyring collector gets
 * to them: wait for that, so that it does not run in the next
 * measurement.
 */
int bench_wait_key_count(long count)
{
	double end = bench_now() + KEYS_SETTLE_S;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	long now;

	while ((now = bench_key_count()) > count) {
		if (now < 0 || bench_now() > end) {
			bench_error("keys", "%ld keys left, expected %ld",
				    now, count);
			return -1;
		}
		nanosleep(&tick, NULL);
	}
	return 0;
}

/* A whole file, up to 1 MiB; the caller frees. */
void *bench_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 20;
	void *buf;

	if (!f)
		return NULL;
	buf = malloc(cap);
	if (buf) {
		*len = fread(buf, 1, cap, f);
		if (ferror(f) || *len == cap) {
			free(buf);
			buf = NULL;
			errno = EIO;
		}
	}
	fclose(f);
	return buf;
}
