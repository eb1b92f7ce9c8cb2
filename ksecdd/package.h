/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_PACKAGE_H
#define _KSECDD_PACKAGE_H

#include <ksecdd/sspi.h>

#include "packed.h"

struct ksecdd_context;

/* What SECPKG_ATTR_KEY_INFO reports about a context's algorithms. */
struct ksecdd_key_info {
	const char *signature_name;
	const char *encrypt_name;
	u32 key_size;
	u32 signature_algorithm;
	u32 encrypt_algorithm;
};

enum ksecdd_message_op {
	KSECDD_MSG_SIGN,
	KSECDD_MSG_VERIFY,
	KSECDD_MSG_ENCRYPT,
	KSECDD_MSG_DECRYPT,
};

/*
 * A security package's context operations.  ->import builds ctx->state
 * from a decoded blob and ->free zeroes and frees it; ->export writes the
 * state back, from its initial values when @reset is set, and runs under
 * ctx->lock so it sees one consistent set of sequence numbers.
 *
 * ->sign, ->verify, ->encrypt and ->decrypt protect messages for
 * MakeSignature() and its partners; a package without them does not
 * protect messages.  They return 0 or a negative errno, which the caller
 * maps to a SECURITY_STATUS, and take ctx->lock themselves.  With
 * @messages_atomic they never sleep, and the SSPI entry points run them
 * under rcu_read_lock() without a reference on the context.  A key they
 * make only on first use is ->message_keys's to make, which may sleep:
 * until then the message operation returns -EAGAIN, having changed
 * nothing, and ksecdd_package_message() makes it and runs the operation
 * again where its caller may sleep.  ->encrypt and ->decrypt are told
 * whether they may sleep (@may_sleep): if not, a message that needs
 * memory allocated (Kerberos: a scatterlist longer than the stack's, for
 * buffers outside the linear map) is -EAGAIN too, having changed nothing,
 * and runs again with @may_sleep set.
 */
struct ksecdd_package_ops {
	int (*import)(struct ksecdd_context *ctx,
		      const struct ksecdd_packed_ctx *packed);
	void (*export)(const struct ksecdd_context *ctx,
		       struct ksecdd_packed_ctx *packed, bool reset);
	void (*free)(struct ksecdd_context *ctx);
	void (*sizes)(const struct ksecdd_context *ctx,
		      SecPkgContext_Sizes *sizes);
	void (*key_info)(const struct ksecdd_context *ctx,
			 struct ksecdd_key_info *info);
	void (*session_key)(const struct ksecdd_context *ctx,
			    const u8 **key, u32 *len);
	int (*sign)(struct ksecdd_context *ctx, u32 qop, SecBufferDesc *msg);
	int (*verify)(struct ksecdd_context *ctx, SecBufferDesc *msg,
		      u32 *qop);
	int (*encrypt)(struct ksecdd_context *ctx, u32 qop,
		       SecBufferDesc *msg, bool may_sleep);
	int (*decrypt)(struct ksecdd_context *ctx, SecBufferDesc *msg,
		       u32 *qop, bool may_sleep);
	int (*message_keys)(struct ksecdd_context *ctx,
			    enum ksecdd_message_op op);
	bool messages_atomic;
};

struct ksecdd_package {
	const char *name;
	const char *comment;
	u32 capabilities;
	u16 version;
	u16 rpcid;
	u32 max_token;
	/*
	 * Kernel memory one context costs, names aside: its state,
	 * transforms, struct, key and token, as measured on Debian's 6.1
	 * (Documentation/keys.rst says how), rounded up.  Charged to the
	 * owner's key quota.
	 */
	u32 cost;
	enum ksecdd_packed_package id;
	/* NULL for Negotiate, whose contexts are another package's */
	const struct ksecdd_package_ops *ops;
};

extern const struct ksecdd_package ksecdd_kerberos_package;
extern const struct ksecdd_package ksecdd_ntlm_package;
extern const struct ksecdd_package ksecdd_negotiate_package;

const struct ksecdd_package *ksecdd_package_find(const char *name);
int ksecdd_package_message(struct ksecdd_context *ctx,
			   enum ksecdd_message_op op, u32 qop,
			   SecBufferDesc *msg, u32 *qop_out, bool may_sleep);
size_t ksecdd_package_count(void);
const struct ksecdd_package *ksecdd_package_at(size_t i);
size_t ksecdd_pkginfo_strings_size(const struct ksecdd_package *pkg);
SEC_WCHAR *ksecdd_pkginfo_fill(const struct ksecdd_package *pkg,
			       SecPkgInfoW *info, SEC_WCHAR *strings);

#endif /* _KSECDD_PACKAGE_H */
