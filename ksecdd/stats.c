// SPDX-License-Identifier: GPL-2.0
/*
 * Counters, read from /sys/class/misc/ksecdd/stats
 * (Documentation/observability.rst).
 *
 * sysfs rather than debugfs: an administrator reads it without root and
 * without debugfs mounted, and the file lives as long as /dev/ksecdd.
 * One file rather than one per counter, so that a read is one snapshot
 * and the counters of one moment can be compared with each other.
 */

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>
#include <kunit/visibility.h>

#include <ksecdd/ksecdd.h>

#include "stats.h"

DEFINE_PER_CPU(struct ksecdd_stats, ksecdd_stats);

static const char *const package_names[KSECDD_STAT_PACKAGES] = {
	"Kerberos", "NTLM", "Negotiate", "other",
};

static const char *const stat_names[KSECDD_STAT_NR] = {
	[KSECDD_STAT_IMPORTS]	= "imports",
	[KSECDD_STAT_LIVE]	= "live",
	[KSECDD_STAT_SIGNED]	= "signed",
	[KSECDD_STAT_VERIFIED]	= "verified",
	[KSECDD_STAT_SEALED]	= "sealed",
	[KSECDD_STAT_UNSEALED]	= "unsealed",
};

static const char *const broker_names[KSECDD_STAT_BROKER_NR] = {
	[KSECDD_STAT_BROKER_REQUESTS]	= "requests",
	[KSECDD_STAT_BROKER_IN_FLIGHT]	= "in_flight",
	[KSECDD_STAT_BROKER_TIMED_OUT]	= "timed_out",
};

#define STATUS(s)	{ s, #s }

/* The last row counts every status not listed before it. */
static const struct {
	SECURITY_STATUS status;
	const char *name;
} statuses[KSECDD_STAT_STATUSES] = {
	STATUS(SEC_E_INSUFFICIENT_MEMORY),
	STATUS(SEC_E_INVALID_HANDLE),
	STATUS(SEC_E_UNSUPPORTED_FUNCTION),
	STATUS(SEC_E_TARGET_UNKNOWN),
	STATUS(SEC_E_INTERNAL_ERROR),
	STATUS(SEC_E_SECPKG_NOT_FOUND),
	STATUS(SEC_E_NOT_OWNER),
	STATUS(SEC_E_INVALID_TOKEN),
	STATUS(SEC_E_CANNOT_PACK),
	STATUS(SEC_E_QOP_NOT_SUPPORTED),
	STATUS(SEC_E_NO_IMPERSONATION),
	STATUS(SEC_E_LOGON_DENIED),
	STATUS(SEC_E_UNKNOWN_CREDENTIALS),
	STATUS(SEC_E_NO_CREDENTIALS),
	STATUS(SEC_E_MESSAGE_ALTERED),
	STATUS(SEC_E_OUT_OF_SEQUENCE),
	STATUS(SEC_E_NO_AUTHENTICATING_AUTHORITY),
	STATUS(SEC_E_CONTEXT_EXPIRED),
	STATUS(SEC_E_BUFFER_TOO_SMALL),
	STATUS(SEC_E_WRONG_PRINCIPAL),
	STATUS(SEC_E_TIME_SKEW),
	STATUS(SEC_E_INVALID_PARAMETER),
	{ 0, "other" },
};

/* The row of ksecdd_stats.pkg that counts @pkg. */
unsigned int ksecdd_stats_package(const struct ksecdd_package *pkg)
{
	if (pkg == &ksecdd_kerberos_package)
		return 0;
	if (pkg == &ksecdd_ntlm_package)
		return 1;
	return pkg == &ksecdd_negotiate_package ? 2 : 3;
}

/* The row of ksecdd_stats.refused that counts @status. */
static unsigned int status_row(SECURITY_STATUS status)
{
	unsigned int i;

	for (i = 0; i < KSECDD_STAT_STATUSES - 1; i++)
		if (statuses[i].status == status)
			break;
	return i;
}

/* Counts a failure; success is not counted. */
void ksecdd_stats_refused(SECURITY_STATUS status)
{
	if (!SEC_SUCCESS(status))
		this_cpu_inc(ksecdd_stats.refused[status_row(status)]);
}

/* Counts a message @op protected or checked successfully. */
void ksecdd_stats_message(const struct ksecdd_package *pkg,
			  enum ksecdd_message_op op)
{
	static const enum ksecdd_stat stat[] = {
		[KSECDD_MSG_SIGN]	= KSECDD_STAT_SIGNED,
		[KSECDD_MSG_VERIFY]	= KSECDD_STAT_VERIFIED,
		[KSECDD_MSG_ENCRYPT]	= KSECDD_STAT_SEALED,
		[KSECDD_MSG_DECRYPT]	= KSECDD_STAT_UNSEALED,
	};

	ksecdd_stats_add(pkg, stat[op], 1);
}

/* The sum over CPUs of the counter at @offset in struct ksecdd_stats. */
static s64 sum(size_t offset)
{
	s64 total = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		total += *(u64 *)((char *)per_cpu_ptr(&ksecdd_stats, cpu) +
				  offset);
	return total;
}

#define STAT_OFFSET(field)	offsetof(struct ksecdd_stats, field)

#if IS_ENABLED(CONFIG_KUNIT)
/* A counter of the package named @name now, as the file would show it. */
s64 ksecdd_stats_read(const char *name, enum ksecdd_stat stat)
{
	unsigned int p = ksecdd_stats_package(ksecdd_package_find(name));

	return sum(STAT_OFFSET(pkg[p][stat]));
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_stats_read);

/* The refusals counted under @status now. */
s64 ksecdd_stats_read_refused(SECURITY_STATUS status)
{
	return sum(STAT_OFFSET(refused[status_row(status)]));
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_stats_read_refused);
#endif

/* "SCOPE NAME VALUE" lines: a package and its counter, refused, broker. */
static ssize_t stats_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	unsigned int p, i;
	int len = 0;

	for (p = 0; p < KSECDD_STAT_PACKAGES; p++)
		for (i = 0; i < KSECDD_STAT_NR; i++)
			len += sysfs_emit_at(buf, len, "%s %s %lld\n",
					     package_names[p], stat_names[i],
					     sum(STAT_OFFSET(pkg[p][i])));
	for (i = 0; i < KSECDD_STAT_STATUSES; i++)
		len += sysfs_emit_at(buf, len, "refused %s %lld\n",
				     statuses[i].name,
				     sum(STAT_OFFSET(refused[i])));
	for (i = 0; i < KSECDD_STAT_BROKER_NR; i++)
		len += sysfs_emit_at(buf, len, "broker %s %lld\n",
				     broker_names[i],
				     sum(STAT_OFFSET(broker[i])));
	return len;
}
static DEVICE_ATTR_RO(stats);

static struct attribute *ksecdd_stats_attrs[] = {
	&dev_attr_stats.attr,
	NULL
};

static const struct attribute_group ksecdd_stats_group = {
	.attrs = ksecdd_stats_attrs,
};

const struct attribute_group *ksecdd_stats_groups[] = {
	&ksecdd_stats_group,
	NULL
};
