/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_STATUS_H
#define _KSECDD_STATUS_H

#include <linux/types.h>
#include <ksecdd/sspi.h>

struct ksecdd_status_map {
	SECURITY_STATUS status;
	int err;	/* positive errno, 0 for SEC_E_OK */
};

#if IS_ENABLED(CONFIG_KUNIT)
extern const struct ksecdd_status_map ksecdd_status_table[];
extern const size_t ksecdd_status_table_size;
#endif

#endif /* _KSECDD_STATUS_H */
