/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The native kernel API of ksecdd, under the SSPI entry points of
 * <ksecdd/sspi.h>.  Functions here return 0 or a negative errno unless
 * their kernel-doc says they return a SECURITY_STATUS.
 */
#ifndef _KSECDD_KSECDD_H
#define _KSECDD_KSECDD_H

#include <ksecdd/sspi.h>

/* Type of every context key; the leading dot keeps add_key(2) out. */
#define KSECDD_KEY_TYPE_NAME	".ksecdd"

SECURITY_STATUS ksecdd_status_from_errno(int err);
int ksecdd_status_to_errno(SECURITY_STATUS status);

#endif /* _KSECDD_KSECDD_H */
