/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels ksecdd builds for, in one place, so
 * that the rest reads as it would upstream.
 */
#ifndef _KSECDD_COMPAT_H
#define _KSECDD_COMPAT_H

#include <linux/version.h>

/*
 * The symbol namespace of ksecdd's exports, which a module calling ksecdd
 * imports with MODULE_IMPORT_NS(KSECDD_NS).  Linux 6.13 takes namespace
 * names as string literals, earlier kernels as bare identifiers.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define KSECDD_NS	"KSECDD"
#else
#define KSECDD_NS	KSECDD
#endif

#endif /* _KSECDD_COMPAT_H */
