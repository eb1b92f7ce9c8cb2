/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_KERBEROS_H
#define _KSECDD_KERBEROS_H

#include <linux/atomic.h>

#include "krb5_crypto.h"
#include "package.h"

/*
 * A Kerberos context's state.  @send_seq is the next number to send,
 * taken without ctx->lock (@p.send_seq is only the number it was
 * imported with); @p.recv_seq, under ctx->lock, one past the highest
 * number received; bit i of @recv_seen
 * says whether @p.recv_seq - 1 - i was received.  The keys of the four
 * RFC 4121 usages are set up at import: @seal_out and @sign_out for the
 * tokens this side makes, @seal_in and @sign_in for the peer's; the
 * checksum keys of the seal usages when first needed.
 */
struct ksecdd_krb5_state {
	struct ksecdd_packed_krb5 p;
	atomic64_t send_seq;
	u64 recv_seen;
	struct ksecdd_krb5_usage seal_out;
	struct ksecdd_krb5_usage sign_out;
	struct ksecdd_krb5_usage seal_in;
	struct ksecdd_krb5_usage sign_in;
};

/* RFC 4121 token header and confounder lengths. */
#define KSECDD_KRB5_HDR_LEN		16
#define KSECDD_KRB5_CONFOUNDER_LEN	16

int ksecdd_krb5_sign(struct ksecdd_context *ctx, u32 qop,
		     SecBufferDesc *msg);
int ksecdd_krb5_verify(struct ksecdd_context *ctx, SecBufferDesc *msg,
		       u32 *qop);
int ksecdd_krb5_encrypt_message(struct ksecdd_context *ctx, u32 qop,
				SecBufferDesc *msg, bool may_sleep);
int ksecdd_krb5_decrypt_message(struct ksecdd_context *ctx,
				SecBufferDesc *msg, u32 *qop, bool may_sleep);
const u8 *ksecdd_krb5_key(const struct ksecdd_packed_krb5 *p);
unsigned int ksecdd_krb5_seal_trailer(const struct ksecdd_context *ctx);

#endif /* _KSECDD_KERBEROS_H */
