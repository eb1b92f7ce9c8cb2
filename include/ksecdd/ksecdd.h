/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The native kernel API of ksecdd, under the SSPI entry points of
 * <ksecdd/sspi.h>.  Functions here return 0 or a negative errno unless
 * their kernel-doc says they return a SECURITY_STATUS.  Both APIs are
 * exported in the symbol namespace KSECDD_NS: a module that calls them
 * says MODULE_IMPORT_NS(KSECDD_NS).
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
struct ksecdd_context *ksecdd_context_find(const CtxtHandle *handle);

/* Handshakes through ksecdd-broker (Documentation/broker.rst) */
SECURITY_STATUS ksecdd_acquire_credentials(const char *package,
					   const char *principal, u32 use,
					   CredHandle *handle,
					   time64_t *expiry);
int ksecdd_free_credentials(const CredHandle *handle);
int ksecdd_cred_names(const CredHandle *handle,
		      SecPkgCredentials_NamesW *names);

/**
 * struct ksecdd_leg - one leg of a handshake: tokens in and out
 * @in: the peer's token, or NULL
 * @in_len: its length, at most KSECDD_BROKER_TOKEN_MAX
 * @out: the caller's buffer for the token to send; with @allocate,
 *	receives a buffer for FreeContextBuffer() (NULL if there is no
 *	token)
 * @out_room: the size of @out, without @allocate
 * @out_len: receives the length of the token to send (0: none)
 * @allocate: ASC_REQ_ALLOCATE_MEMORY or ISC_REQ_ALLOCATE_MEMORY: the
 *	module allocates the output token
 * @req: ASC_REQ_* or ISC_REQ_*, as the caller asks
 * @attrs: receives ASC_RET_* or ISC_RET_* as negotiated, and
 *	*_RET_ALLOCATED_MEMORY when the module allocated @out
 * @expiry: receives the context's end, seconds since the epoch
 *
 * The outputs are written only when the leg returns SEC_E_OK or
 * SEC_I_CONTINUE_NEEDED, or a failure with an error token for the peer
 * (a KRB-ERROR) when @req has ASC_REQ_EXTENDED_ERROR or
 * ISC_REQ_EXTENDED_ERROR: then @out_len is not 0 and @attrs has
 * ASC_RET_EXTENDED_ERROR or ISC_RET_EXTENDED_ERROR.
 */
struct ksecdd_leg {
	const void *in;
	u32 in_len;
	void *out;
	u32 out_room;
	u32 out_len;
	bool allocate;
	u32 req;
	u32 attrs;
	s64 expiry;
};

SECURITY_STATUS ksecdd_accept(const CredHandle *cred, const CtxtHandle *ctx,
			      struct ksecdd_leg *leg, CtxtHandle *new_ctx);
SECURITY_STATUS ksecdd_initialize(const CredHandle *cred,
				  const CtxtHandle *ctx, const char *target,
				  struct ksecdd_leg *leg, CtxtHandle *new_ctx);
int ksecdd_impersonate(const CtxtHandle *handle);
int ksecdd_revert(const CtxtHandle *handle);

#endif /* _KSECDD_KSECDD_H */
