// SPDX-License-Identifier: GPL-2.0
/*
 * The module's counters, as /sys/class/misc/ksecdd/stats has them: one
 * "SCOPE NAME VALUE" line each (Documentation/observability.rst).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "libksecdd.h"

#define STATS_PATH	"/sys/class/misc/ksecdd/stats"

int ksecdd_stats(ksecdd_stats_fn fn, void *arg)
{
	char scope[32], name[64];
	int64_t value;
	int ret = 0, n;
	FILE *f;

	f = fopen(STATS_PATH, "re");
	if (!f)
		return -1;
	while (!ret && (n = fscanf(f, "%31s %63s %" SCNd64, scope, name,
				   &value)) == 3)
		ret = fn(scope, name, value, arg);
	if (!ret && n != EOF) {
		errno = EPROTO;
		ret = -1;
	}
	fclose(f);
	return ret;
}
