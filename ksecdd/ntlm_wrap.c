// SPDX-License-Identifier: GPL-2.0
/*
 * MS-NLMP session security in SSPI message buffers.
 *
 * MakeSignature() writes the 16-byte NTLMSSP_MESSAGE_SIGNATURE to the
 * TOKEN buffer ([MS-NLMP] 2.2.2.9, 3.4.4):
 *
 *   extended session security:  version 1 | checksum (8) | SeqNum
 *       checksum = HMAC-MD5(SignKey, SeqNum | message)[0..7], encrypted
 *       with the direction's RC4 stream when NEGOTIATE_KEY_EXCH was
 *       negotiated
 *   without it:  version 1 | RandomPad | RC4(CRC32(message) | SeqNum)
 *       the RC4 stream runs over RandomPad too; MS-NLMP sends the
 *       encrypted pad, gss-ntlmssp zero in its place and compares all 16
 *       bytes on receipt, so ksecdd sends zero; it does not check the
 *       field, which nothing covers, so MS-NLMP's form verifies as well
 *
 * EncryptMessage() encrypts the DATA buffers in place on the direction's
 * stream, then makes the signature of their plaintext on the same stream,
 * and writes it to the TOKEN buffer; DATA buffers marked
 * READONLY_WITH_CHECKSUM are signed but not encrypted, READONLY ones are
 * not encrypted and, without extended session security, not signed.
 * DecryptMessage() takes that layout, or a STREAM buffer holding the
 * signature followed by the sealed data, which is what gss-ntlmssp's
 * gss_wrap() makes.
 *
 * A received message must carry the direction's next sequence number:
 * SEC_E_OUT_OF_SEQUENCE otherwise, a signature that does not match
 * SEC_E_MESSAGE_ALTERED.  Either way, as [MS-NLMP] 3.4.4 has it, the
 * receiver does not advance: the message ran on a copy of the RC4 stream,
 * which only a message that verified commits, and DecryptMessage() puts
 * back the ciphertext it decrypted.
 */

#include <crypto/algapi.h>
#include <crypto/md5.h>
#include <linux/crc32.h>
#include <linux/unaligned.h>

#include "context.h"
#include "ntlm.h"
#include "secbuffer.h"
#include "trace.h"

#define SIG_LEN			KSECDD_NTLM_SIGNATURE_LEN
#define SIG_VERSION		1
/* The checksum's length in the signature. */
#define SUM_LEN			8

/*
 * A message's buffers.  @bufs are the ones to protect: the caller's, or
 * @body, the data of a STREAM buffer.
 */
struct ntlm_msg {
	struct ksecdd_msg_buffers buf;
	SecBuffer *bufs;
	unsigned int nbufs;
	bool seal;
	bool sign_all;
	SecBuffer body;
};

static int parse(const struct ksecdd_context *ctx, SecBufferDesc *desc,
		 struct ntlm_msg *m, bool seal)
{
	const struct ksecdd_ntlm_state *st = ctx->state;

	memset(m, 0, sizeof(*m));
	m->seal = seal;
	m->sign_all = st->ess;
	m->bufs = desc->pBuffers;
	m->nbufs = desc->cBuffers;
	return ksecdd_msg_buffers(desc, &m->buf);
}

/*
 * The signature covers every DATA buffer, but when sealing without
 * extended session security not the READONLY ones: [MS-NLMP] 3.4.6.1
 * signs the buffers marked signed for NTLMv1 and all of them for NTLMv2.
 */
static bool is_signed(const struct ntlm_msg *m, const SecBuffer *b)
{
	u32 attrs = b->BufferType & SECBUFFER_ATTRMASK;

	if (!ksecdd_is_data(b))
		return false;
	return !m->seal || m->sign_all ||
	       (attrs & SECBUFFER_READONLY_WITH_CHECKSUM) ||
	       !(attrs & SECBUFFER_READONLY);
}

static bool is_sealed(const struct ntlm_msg *m, const SecBuffer *b)
{
	u32 attrs = b->BufferType & SECBUFFER_ATTRMASK;

	return m->seal && ksecdd_is_data(b) &&
	       !(attrs & (SECBUFFER_READONLY |
			  SECBUFFER_READONLY_WITH_CHECKSUM));
}

/*
 * The packed i and j are RC4's own (i is incremented before it is used);
 * the kernel's x is one ahead of i, so that the state arc4_setkey()
 * leaves, x 1 and y 0, is the one a fresh RC4 has, i 0 and j 0.
 */
static void rc4_load(struct arc4_ctx *rc4, const struct ksecdd_packed_rc4 *p)
{
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(rc4->S); k++)
		rc4->S[k] = p->s[k];
	rc4->x = (p->i + 1) & 0xff;
	rc4->y = p->j;
}

static void rc4_store(struct ksecdd_packed_rc4 *p, const struct arc4_ctx *rc4)
{
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(p->s); k++)
		p->s[k] = rc4->S[k];
	p->i = (rc4->x - 1) & 0xff;
	p->j = rc4->y;
}

/*
 * The sealing key's length: the MD5 of SEALKEY with extended session
 * security; without it the session key, or its 8-byte LM_KEY form
 * ([MS-NLMP] 3.4.5.3), which the blob carries in the first 8 bytes.
 */
static unsigned int seal_key_len(u32 flags)
{
	if (!(flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) &&
	    (flags & NTLMSSP_NEGOTIATE_LM_KEY))
		return 8;
	return KSECDD_NTLM_KEY_LEN;
}

/* The stream's committed state into its working copy. */
static void load(const struct ksecdd_ntlm_state *st,
		 struct ksecdd_ntlm_stream *s)
{
	const struct ksecdd_packed_ntlm_dir *dir = s->dir;

	if (dir->has_rc4)
		rc4_load(&s->work, &dir->rc4);
	else
		arc4_setkey(&s->work, dir->seal_key,
			    seal_key_len(st->p.negotiate_flags));
}

static void crypt_data(struct arc4_ctx *rc4, const struct ntlm_msg *m)
{
	unsigned int i;

	for (i = 0; i < m->nbufs; i++)
		if (is_sealed(m, &m->bufs[i]))
			arc4_crypt(rc4, m->bufs[i].pvBuffer,
				   m->bufs[i].pvBuffer, m->bufs[i].cbBuffer);
}

/* HMAC-MD5(SignKey, SeqNum | message), truncated to @sum's 8 bytes. */
static int hmac_sum(struct ksecdd_ntlm_stream *s, const struct ntlm_msg *m,
		    u32 seq, u8 *sum)
{
	SHASH_DESC_ON_STACK(desc, s->hmac);
	u8 digest[MD5_DIGEST_SIZE];
	__le32 le = cpu_to_le32(seq);
	unsigned int i;
	int err;

	desc->tfm = s->hmac;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, (u8 *)&le, sizeof(le));
	for (i = 0; !err && i < m->nbufs; i++)
		if (is_signed(m, &m->bufs[i]))
			err = crypto_shash_update(desc, m->bufs[i].pvBuffer,
						  m->bufs[i].cbBuffer);
	err = err ?: crypto_shash_final(desc, digest);
	shash_desc_zero(desc);
	memcpy(sum, digest, SUM_LEN);
	memzero_explicit(digest, sizeof(digest));
	return err;
}

/* Without extended session security: the CRC32 of the message, LE. */
static void crc_sum(const struct ntlm_msg *m, u8 *sum)
{
	unsigned int i;
	u32 crc = ~0U;

	for (i = 0; i < m->nbufs; i++)
		if (is_signed(m, &m->bufs[i]))
			crc = crc32_le(crc, m->bufs[i].pvBuffer,
				       m->bufs[i].cbBuffer);
	put_unaligned_le32(~crc, sum);
}

static int checksum(const struct ksecdd_ntlm_state *st,
		    struct ksecdd_ntlm_stream *s, const struct ntlm_msg *m,
		    u8 *sum)
{
	if (!st->ess) {
		crc_sum(m, sum);
		return 0;
	}
	return hmac_sum(s, m, s->dir->seq, sum);
}

/* The signature of checksum @sum, on the stream's working copy. */
static void signature(const struct ksecdd_ntlm_state *st,
		      struct ksecdd_ntlm_stream *s, const u8 *sum, u8 *sig)
{
	u8 run[12];

	put_unaligned_le32(SIG_VERSION, sig);
	if (st->ess) {
		memcpy(sig + 4, sum, SUM_LEN);
		if (st->p.negotiate_flags & NTLMSSP_NEGOTIATE_KEY_EXCH)
			arc4_crypt(&s->work, sig + 4, sig + 4, SUM_LEN);
		put_unaligned_le32(s->dir->seq, sig + 12);
		return;
	}
	/* RandomPad 0, CRC32, SeqNum: one run of the stream */
	memset(run, 0, 4);
	memcpy(run + 4, sum, 4);
	put_unaligned_le32(s->dir->seq, run + 8);
	arc4_crypt(&s->work, sig + 4, run, sizeof(run));
	memset(sig + 4, 0, 4);
}

/*
 * The stream a message goes on: the sender's role's, or without extended
 * session security the context's own, as gss-ntlmssp keeps one RC4 handle
 * and one sequence number for both directions there.
 */
static struct ksecdd_ntlm_stream *stream_of(struct ksecdd_context *ctx,
					    bool send)
{
	struct ksecdd_ntlm_state *st = ctx->state;
	u8 sender = send ? ctx->role : !ctx->role;

	return &st->stream[st->ess ? sender : ctx->role];
}

/* Starts a message on @s: its lock held, its working copy fresh. */
static void begin(const struct ksecdd_ntlm_state *st,
		  struct ksecdd_ntlm_stream *s)
{
	mutex_lock(&s->lock);
	load(st, s);
}

/* Commits the message's stream state, under ctx->lock for export. */
static void commit(struct ksecdd_context *ctx, struct ksecdd_ntlm_stream *s)
{
	spin_lock(&ctx->lock);
	rc4_store(&s->dir->rc4, &s->work);
	s->dir->has_rc4 = true;
	s->dir->seq++;
	spin_unlock(&ctx->lock);
}

static int can_protect(const struct ksecdd_context *ctx, bool seal)
{
	const struct ksecdd_ntlm_state *st = ctx->state;
	u32 need = NTLMSSP_NEGOTIATE_SEAL;

	if (!seal)
		need |= NTLMSSP_NEGOTIATE_SIGN;
	return st->p.negotiate_flags & need ? 0 : -EPROTONOSUPPORT;
}

/* Signs @m on the sending stream, sealing it first if @m->seal. */
static int protect(struct ksecdd_context *ctx, struct ntlm_msg *m)
{
	struct ksecdd_ntlm_state *st = ctx->state;
	struct ksecdd_ntlm_stream *s = stream_of(ctx, true);
	u8 sum[SUM_LEN];
	int err;

	if (!m->buf.token)
		return -EPROTO;
	if (m->buf.token->cbBuffer < SIG_LEN)
		return -ENOBUFS;
	begin(st, s);
	err = checksum(st, s, m, sum);
	if (!err) {
		crypt_data(&s->work, m);
		signature(st, s, sum, m->buf.token->pvBuffer);
		commit(ctx, s);
		m->buf.token->cbBuffer = SIG_LEN;
	}
	mutex_unlock(&s->lock);
	memzero_explicit(sum, sizeof(sum));
	return err;
}

/*
 * What can be told from @tok before any computation: the version, and
 * with extended session security the sequence number, sent in clear.
 */
static int check_header(const struct ksecdd_ntlm_state *st,
			const struct ksecdd_ntlm_stream *s, const u8 *tok)
{
	if (get_unaligned_le32(tok) != SIG_VERSION)
		return -EPROTO;
	if (st->ess && get_unaligned_le32(tok + 12) != s->dir->seq)
		return -ERANGE;
	return 0;
}

/*
 * Compares @tok with the signature of @m's (plain) data.  Without
 * extended session security the sequence number is encrypted: a
 * checksum that matches with a number that does not is out of sequence.
 */
static int check_signature(const struct ksecdd_ntlm_state *st,
			   struct ksecdd_ntlm_stream *s,
			   const struct ntlm_msg *m, const u8 *tok)
{
	unsigned int skip = st->ess ? 4 : 8;
	u8 sum[SUM_LEN], sig[SIG_LEN];
	int err;

	err = checksum(st, s, m, sum);
	if (err)
		return err;
	signature(st, s, sum, sig);
	if (crypto_memneq(sig + skip, tok + skip, SIG_LEN - skip))
		err = !st->ess && !crypto_memneq(sig + 8, tok + 8, 4) ?
		      -ERANGE : -EBADMSG;
	memzero_explicit(sum, sizeof(sum));
	memzero_explicit(sig, sizeof(sig));
	return err;
}

/*
 * The trace event of a refused signature.  Without extended session
 * security the number in @tok is encrypted: U64_MAX stands for it.
 */
static void refused(struct ksecdd_context *ctx,
		    const struct ksecdd_ntlm_state *st,
		    const struct ksecdd_ntlm_stream *s, const u8 *tok, int err)
{
	u64 seq;

	if (err != -ERANGE && err != -EBADMSG)
		return;
	seq = st->ess ? get_unaligned_le32(tok + 12) : U64_MAX;
	if (err == -ERANGE)
		trace_ksecdd_out_of_sequence(ctx, seq, s->dir->seq);
	else
		trace_ksecdd_message_altered(ctx, seq, s->dir->seq);
}

/* Verifies, and unseals if @m->seal, @m against signature @tok. */
static int unprotect(struct ksecdd_context *ctx, struct ntlm_msg *m,
		     const u8 *tok)
{
	struct ksecdd_ntlm_state *st = ctx->state;
	struct ksecdd_ntlm_stream *s = stream_of(ctx, false);
	int err;

	begin(st, s);
	err = check_header(st, s, tok);
	if (err)
		goto out;
	crypt_data(&s->work, m);
	err = check_signature(st, s, m, tok);
	if (!err) {
		commit(ctx, s);
	} else if (m->seal) {
		/* RC4 again from the committed state: the ciphertext back */
		load(st, s);
		crypt_data(&s->work, m);
	}
out:
	refused(ctx, st, s, tok, err);
	mutex_unlock(&s->lock);
	return err;
}

/**
 * ksecdd_ntlm_sign() - MakeSignature for NTLM
 * @ctx: the context
 * @qop: must be 0
 * @desc: DATA buffers and a TOKEN buffer of at least 16 bytes
 *
 * Return: 0, or -EPROTONOSUPPORT (a QOP, or a context that negotiated
 * neither signing nor sealing), -EPROTO (no TOKEN buffer), -ENOBUFS,
 * -EINVAL, or an error of the hash.
 */
int ksecdd_ntlm_sign(struct ksecdd_context *ctx, u32 qop, SecBufferDesc *desc)
{
	struct ntlm_msg m;
	int err;

	if (qop)
		return -EPROTONOSUPPORT;
	err = can_protect(ctx, false) ?: parse(ctx, desc, &m, false);
	return err ?: protect(ctx, &m);
}

/**
 * ksecdd_ntlm_verify() - VerifySignature for NTLM
 * @ctx: the context
 * @desc: the signed DATA buffers and the TOKEN buffer with the signature
 * @qop: receives 0, or NULL
 *
 * Return: 0, -EPROTO for a malformed signature, -EBADMSG for one that
 * does not verify, -ERANGE for the wrong sequence number, -EINVAL,
 * -EPROTONOSUPPORT, or an error of the hash.
 */
int ksecdd_ntlm_verify(struct ksecdd_context *ctx, SecBufferDesc *desc,
		       u32 *qop)
{
	struct ntlm_msg m;
	int err;

	err = can_protect(ctx, false) ?: parse(ctx, desc, &m, false);
	if (err)
		return err;
	if (!m.buf.token || m.buf.token->cbBuffer != SIG_LEN)
		return -EPROTO;
	err = unprotect(ctx, &m, m.buf.token->pvBuffer);
	if (!err && qop)
		*qop = 0;
	return err;
}

/**
 * ksecdd_ntlm_encrypt() - EncryptMessage for NTLM
 * @ctx: the context
 * @qop: must be 0: NTLM always encrypts, as gss-ntlmssp's gss_wrap() does
 * @desc: a TOKEN buffer of at least 16 bytes, DATA buffers to seal in
 *	place, and an optional PADDING buffer, which is set empty; anywhere
 *	in kernel memory: RC4 and the hash take virtual addresses
 * @may_sleep: not needed: NTLM messages allocate nothing
 *
 * Return: 0, or -EPROTONOSUPPORT (a QOP, or a context that did not
 * negotiate sealing), -EPROTO (no TOKEN buffer), -ENOBUFS, -EINVAL, or
 * an error of the hash.
 */
int ksecdd_ntlm_encrypt(struct ksecdd_context *ctx, u32 qop,
			SecBufferDesc *desc, bool may_sleep)
{
	struct ntlm_msg m;
	int err;

	if (qop)
		return -EPROTONOSUPPORT;
	err = can_protect(ctx, true) ?: parse(ctx, desc, &m, true);
	if (err)
		return err;
	if (m.buf.stream)
		return -EINVAL;
	if (m.buf.padding)
		m.buf.padding->cbBuffer = 0;
	return protect(ctx, &m);
}

/* A STREAM buffer: signature, then the sealed data; DATA gets the data. */
static int decrypt_stream(struct ksecdd_context *ctx, struct ntlm_msg *m)
{
	SecBuffer *stream = m->buf.stream;
	u8 *p = stream->pvBuffer;
	int err;

	if (!m->buf.data)
		return -EINVAL;
	if (stream->cbBuffer < SIG_LEN)
		return -EPROTO;
	m->body = (SecBuffer){ stream->cbBuffer - SIG_LEN, SECBUFFER_DATA,
			       p + SIG_LEN };
	m->bufs = &m->body;
	m->nbufs = 1;
	err = unprotect(ctx, m, p);
	if (!err)
		*m->buf.data = m->body;
	return err;
}

/**
 * ksecdd_ntlm_decrypt() - DecryptMessage for NTLM
 * @ctx: the context
 * @desc: TOKEN and DATA buffers as EncryptMessage() filled them, or a
 *	STREAM buffer with the signature and the sealed data and a DATA
 *	buffer that is set to the plaintext inside it; anywhere in kernel
 *	memory
 * @qop: receives 0, or NULL
 * @may_sleep: as for ksecdd_ntlm_encrypt()
 *
 * Return: 0, -EPROTO for a malformed signature, -EBADMSG for one that
 * does not verify, -ERANGE for the wrong sequence number, -EINVAL,
 * -EPROTONOSUPPORT, or an error of the hash.
 */
int ksecdd_ntlm_decrypt(struct ksecdd_context *ctx, SecBufferDesc *desc,
			u32 *qop, bool may_sleep)
{
	struct ntlm_msg m;
	int err;

	err = can_protect(ctx, true) ?: parse(ctx, desc, &m, true);
	if (err)
		return err;
	if (m.buf.stream)
		err = decrypt_stream(ctx, &m);
	else if (m.buf.token && m.buf.token->cbBuffer == SIG_LEN)
		err = unprotect(ctx, &m, m.buf.token->pvBuffer);
	else
		err = -EPROTO;
	if (!err && qop)
		*qop = 0;
	return err;
}
