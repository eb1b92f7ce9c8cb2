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
 * The RC4 stream of one direction.  What the context has committed to,
 * its sequence number and RC4 state, is in @dir, a direction of the
 * state's packed form, written under ctx->lock so that an export sees
 * them together.  A message works on @work, loaded from @dir, and
 * commits it back only once it succeeded; @lock keeps the stream's
 * messages one at a time meanwhile.  @hmac is keyed with the direction's
 * signing key (extended session security only).
 */
struct ksecdd_ntlm_stream {
	struct mutex lock;	/* one message at a time on the stream */
	struct ksecdd_packed_ntlm_dir *dir;
	struct arc4_ctx work;
	struct crypto_shash *hmac;
};

/*
 * An NTLM context's state: the imported flags and keys with each
 * direction's committed state, and the streams indexed by the role that
 * sends on them (KSECDD_ROLE_INITIATOR, the client, or
 * KSECDD_ROLE_ACCEPTOR).  Without extended session security only the
 * context's own role's stream is used, for both directions.
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
			SecBufferDesc *msg, bool may_sleep);
int ksecdd_ntlm_decrypt(struct ksecdd_context *ctx, SecBufferDesc *msg,
			u32 *qop, bool may_sleep);

#endif /* _KSECDD_NTLM_H */
