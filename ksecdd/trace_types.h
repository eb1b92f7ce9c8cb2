/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_TRACE_TYPES_H
#define _KSECDD_TRACE_TYPES_H

#include <ksecdd/sspi.h>

/*
 * The SSPI entry points, as the ksecdd_sspi_call and ksecdd_sspi_result
 * events name them (trace.h prints them by name).  Constants rather than
 * an enum: the events' formats then hold their values, which tools read
 * without the kernel telling them what the names stand for.
 */
#define KSECDD_FN_IMPORT		0
#define KSECDD_FN_EXPORT		1
#define KSECDD_FN_DELETE		2
#define KSECDD_FN_FREE_BUFFER		3
#define KSECDD_FN_QUERY_ATTRIBUTES	4
#define KSECDD_FN_QUERY_TOKEN		5
#define KSECDD_FN_ENUMERATE		6
#define KSECDD_FN_PACKAGE_INFO		7
#define KSECDD_FN_SIGN			8
#define KSECDD_FN_VERIFY		9
#define KSECDD_FN_ENCRYPT		10
#define KSECDD_FN_DECRYPT		11
#define KSECDD_FN_ACQUIRE		12
#define KSECDD_FN_FREE_CREDENTIALS	13
#define KSECDD_FN_QUERY_CREDENTIALS	14
#define KSECDD_FN_ACCEPT		15
#define KSECDD_FN_INITIALIZE		16
#define KSECDD_FN_IMPERSONATE		17
#define KSECDD_FN_REVERT		18

/* A handle's serial: its key's, for a context or credentials handle. */
static inline u32 ksecdd_handle_serial(const CtxtHandle *handle)
{
	return handle ? handle->dwLower : 0;
}

#endif /* _KSECDD_TRACE_TYPES_H */
