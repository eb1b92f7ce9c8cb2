/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_NTLM_H
#define _KSECDD_NTLM_H

#include <crypto/arc4.h>
#include <crypto/hash.h>
#include <linux/mutex.h>

#include "package.h"

#define NTLMSSP_NEGOTIATE_SIGN				0x00000010
#define NTLMSSP_NEGOTIATE_SEAL				0x00000020
#define NTLMSSP_NEGOTIATE_DATAGRAM			0x00000040
#define NTLMSSP_NEGOTIATE_LM_KEY			0x00000080
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY	0x00080000
#define NTLMSSP_NEGOTIATE_128				0x20000000
#define NTLMSSP_NEGOTIATE_KEY_EXCH			0x40000000
#define NTLMSSP_NEGOTIATE_56				0x80000000

#define KSECDD_NTLM_SIGNATURE_LEN	16

/*
 * The RC4 stream and sequence number of one direction.  @rc4, @seq and
 * @has_rc4 are what the context has committed to: written under
 * ctx->lock, so that an export sees them together.  A message works on
 * @work, a copy of @rc4, and commits it only once it succeeded; @lock
 * keeps the direction's messages one at a time meanwhile.  @hmac is keyed
 * with the direction's signing key (extended session security only).
 */
struct ksecdd_ntlm_stream {
	struct mutex lock;	/* one message at a time on the stream */
	struct arc4_ctx rc4;
	struct arc4_ctx work;
	u32 seq;
	bool has_rc4;
	struct crypto_shash *hmac;
};

/*
 * An NTLM context's state: the imported flags and keys, and the streams
 * indexed by the role that sends on them (KSECDD_ROLE_INITIATOR, the
 * client, or KSECDD_ROLE_ACCEPTOR).  Without extended session security
 * only the context's own role's stream is used, for both directions.
 */
struct ksecdd_ntlm_state {
	struct ksecdd_packed_ntlm p;
	bool ess;
	struct ksecdd_ntlm_stream stream[2];
};

int ksecdd_ntlm_sign(struct ksecdd_context *ctx, u32 qop,
		     SecBufferDesc *msg);
int ksecdd_ntlm_verify(struct ksecdd_context *ctx, SecBufferDesc *msg,
		       u32 *qop);
int ksecdd_ntlm_encrypt(struct ksecdd_context *ctx, u32 qop,
			SecBufferDesc *msg);
int ksecdd_ntlm_decrypt(struct ksecdd_context *ctx, SecBufferDesc *msg,
			u32 *qop);

#endif /* _KSECDD_NTLM_H */
