/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_STATS_H
#define _KSECDD_STATS_H

#include <linux/device.h>
#include <linux/percpu.h>

#include <ksecdd/sspi.h>

#include "package.h"

/* Per package. */
enum ksecdd_stat {
	KSECDD_STAT_IMPORTS,
	KSECDD_STAT_LIVE,
	KSECDD_STAT_SIGNED,
	KSECDD_STAT_VERIFIED,
	KSECDD_STAT_SEALED,
	KSECDD_STAT_UNSEALED,
	KSECDD_STAT_NR
};

/* The broker's, all namespaces together. */
enum ksecdd_broker_stat {
	KSECDD_STAT_BROKER_REQUESTS,
	KSECDD_STAT_BROKER_IN_FLIGHT,
	KSECDD_STAT_BROKER_TIMED_OUT,
	KSECDD_STAT_BROKER_NR
};

/* Kerberos, NTLM, Negotiate (a partial context's package), other. */
#define KSECDD_STAT_PACKAGES	4
/* The failure statuses ksecdd returns, and one for any other. */
#define KSECDD_STAT_STATUSES	23

/*
 * Each CPU counts in its own copy and a read sums them, so the message
 * path touches no shared cacheline.  Counts that go down (live, in
 * flight) wrap on one CPU and come right in the sum.
 */
struct ksecdd_stats {
	u64 pkg[KSECDD_STAT_PACKAGES][KSECDD_STAT_NR];
	u64 refused[KSECDD_STAT_STATUSES];
	u64 broker[KSECDD_STAT_BROKER_NR];
};

DECLARE_PER_CPU(struct ksecdd_stats, ksecdd_stats);

unsigned int ksecdd_stats_package(const struct ksecdd_package *pkg);

static inline void ksecdd_stats_add(const struct ksecdd_package *pkg,
				    enum ksecdd_stat stat, int n)
{
	this_cpu_add(ksecdd_stats.pkg[ksecdd_stats_package(pkg)][stat], n);
}

static inline void ksecdd_stats_broker(enum ksecdd_broker_stat stat, int n)
{
	this_cpu_add(ksecdd_stats.broker[stat], n);
}

void ksecdd_stats_refused(SECURITY_STATUS status);
void ksecdd_stats_message(const struct ksecdd_package *pkg,
			  enum ksecdd_message_op op);

extern const struct attribute_group *ksecdd_stats_groups[];

#if IS_ENABLED(CONFIG_KUNIT)
s64 ksecdd_stats_read(const char *name, enum ksecdd_stat stat);
s64 ksecdd_stats_read_refused(SECURITY_STATUS status);
#endif

#endif /* _KSECDD_STATS_H */
