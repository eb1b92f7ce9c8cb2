/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_QUERY_H
#define _KSECDD_QUERY_H

#include <ksecdd/sspi.h>

struct ksecdd_context;
struct ksecdd_package;

s64 ksecdd_filetime(time64_t t);
SEC_WCHAR *ksecdd_wstr_dup(const char *s);
SecPkgInfoW *ksecdd_pkginfo_alloc(const struct ksecdd_package *pkg);
int ksecdd_query_attribute(struct ksecdd_context *ctx, u32 attribute,
			   void *buffer);

#endif /* _KSECDD_QUERY_H */
