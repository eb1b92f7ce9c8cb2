/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The native kernel API of ksecdd, under the SSPI entry points of
 * <ksecdd/sspi.h>.  Functions here return 0 or a negative errno unless
 * their kernel-doc says they return a SECURITY_STATUS.
 */
#ifndef _KSECDD_KSECDD_H
#define _KSECDD_KSECDD_H

#include <linux/cred.h>
#include <linux/key.h>

#include <ksecdd/sspi.h>

/* Type of every context key; the leading dot keeps add_key(2) out. */
#define KSECDD_KEY_TYPE_NAME	".ksecdd"

struct ksecdd_context;

SECURITY_STATUS ksecdd_status_from_errno(int err);
int ksecdd_status_to_errno(SECURITY_STATUS status);

int ksecdd_import(const char *package, const void *data, size_t len,
		  const struct cred *token, struct key *keyring,
		  CtxtHandle *handle);
int ksecdd_export(const CtxtHandle *handle, u32 flags, void **data, u32 *len,
		  const struct cred **token);
int ksecdd_delete(const CtxtHandle *handle);
struct ksecdd_context *ksecdd_context_get(const CtxtHandle *handle);
void ksecdd_context_put(struct ksecdd_context *ctx);

#endif /* _KSECDD_KSECDD_H */
