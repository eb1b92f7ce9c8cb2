// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 4121 MIC and Wrap tokens in SSPI message buffers.
 *
 * MakeSignature() writes a MIC token to the TOKEN buffer.
 * EncryptMessage() protects the DATA buffers in place and writes the rest
 * of a Wrap token to the TOKEN buffer, so that TOKEN followed by DATA is
 * the token on the wire: the Right Rotation Count moves the token's tail
 * in front of the data ([MS-KILE] 3.4.5.4.1).
 *
 *   confidential:   header | E(filler | header) | tag | E(confounder) ||
 *                   E(data)
 *                   EC 0, RRC 16 + tag length; for a DCE-style context
 *                   EC 16 and the same RRC, which is the rotation less
 *                   EC, as Windows counts it and MIT krb5 makes it
 *   integrity only: header | checksum || data
 *                   EC and RRC the checksum length
 *
 * DATA buffers marked READONLY_WITH_CHECKSUM are signed in their place
 * but not encrypted; READONLY ones are left out of a Wrap token.
 * DecryptMessage() takes the layout above (with either count), or a whole
 * token in a STREAM buffer rotated by RRC, or by RRC + EC when a
 * DCE-style context receives a sealed one, as Windows sends them.
 *
 * Sequence numbers are checked as the context negotiated (check_seq());
 * a token that does not verify leaves the receive state as it was.
 */

#include <crypto/algapi.h>
#include <linux/bits.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/unaligned.h>

#include "context.h"
#include "kerberos.h"
#include "secbuffer.h"
#include "trace.h"

#define TOK_MIC			0x0404
#define TOK_WRAP		0x0504
#define FLAG_SENT_BY_ACCEPTOR	0x01
#define FLAG_SEALED		0x02
#define FLAG_ACCEPTOR_SUBKEY	0x04

#define HDR_LEN			KSECDD_KRB5_HDR_LEN
#define CONF_LEN		KSECDD_KRB5_CONFOUNDER_LEN
/* [MS-KILE] 3.4.5.4.1: "1 block - 16 bytes" of filler for DCE style */
#define DCE_EC			16
#define SEQ_WINDOW		64

/*
 * The context flags the message calls follow.  ISC_RET_* and ASC_RET_*
 * have the same bit for each of them, so either role's attrs will do.
 */
#define CTX_REPLAY		ISC_RET_REPLAY_DETECT
#define CTX_SEQUENCE		ISC_RET_SEQUENCE_DETECT
#define CTX_CONF		ISC_RET_CONFIDENTIALITY
#define CTX_DCE			ISC_RET_USED_DCE_STYLE

/*
 * A message's buffers.  @vec holds the pieces to protect, in token
 * order; with encryption, @vec[0] is kept for the confounder and a slot
 * at the end for the filler and the header copy.  Bit i of @sign_only
 * marks @vec[i] as signed but not encrypted.
 */
struct krb5_msg {
	struct ksecdd_msg_buffers buf;
	struct kvec vec[KSECDD_KRB5_VEC_MAX];
	unsigned long sign_only;
	unsigned int nr;
	unsigned int ndata;
};

static unsigned int mac_len(const struct ksecdd_krb5_state *st)
{
	return ksecdd_krb5_mac_len(st->p.enctype);
}

/**
 * ksecdd_krb5_seal_trailer() - cbSecurityTrailer of a Kerberos context
 * @ctx: the context
 *
 * Return: the bytes a confidential Wrap token needs in the TOKEN buffer.
 */
unsigned int ksecdd_krb5_seal_trailer(const struct ksecdd_context *ctx)
{
	unsigned int ec = ctx->attrs & CTX_DCE ? DCE_EC : 0;

	return 2 * HDR_LEN + ec + mac_len(ctx->state) + CONF_LEN;
}

static int add_data(struct krb5_msg *m, SecBuffer *b, bool seal)
{
	u32 attrs = b->BufferType & SECBUFFER_ATTRMASK;
	bool sign_only = seal && (attrs & SECBUFFER_READONLY_WITH_CHECKSUM);

	if (++m->ndata > KSECDD_KRB5_DATA_MAX)
		return -EINVAL;
	if (sign_only) {
		m->sign_only |= BIT(m->nr);
	} else if (seal) {
		if (attrs & SECBUFFER_READONLY)
			return 0;
	}
	m->vec[m->nr++] = (struct kvec){ b->pvBuffer, b->cbBuffer };
	return 0;
}

/*
 * Sort a message's buffers.  Signatures cover every DATA buffer;
 * encryption (@seal) encrypts the plain ones, signs the sign-only
 * READONLY_WITH_CHECKSUM ones in their place and skips READONLY ones.
 */
static int parse(SecBufferDesc *desc, struct krb5_msg *m, bool seal)
{
	unsigned int i;
	int err;

	memset(m, 0, sizeof(*m));
	m->nr = seal;
	err = ksecdd_msg_buffers(desc, &m->buf);
	for (i = 0; !err && i < desc->cBuffers; i++)
		if (ksecdd_is_data(&desc->pBuffers[i]))
			err = add_data(m, &desc->pBuffers[i], seal);
	return err;
}

/* Flags of the tokens this side sends, less SEALED. */
static u8 our_flags(const struct ksecdd_context *ctx)
{
	const struct ksecdd_krb5_state *st = ctx->state;
	u8 flags = 0;

	if (ctx->role == KSECDD_ROLE_ACCEPTOR)
		flags |= FLAG_SENT_BY_ACCEPTOR;
	if (st->p.flags & KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG)
		flags |= FLAG_ACCEPTOR_SUBKEY;
	return flags;
}

static void put_header(u8 *h, u16 tok, u8 flags, u16 ec, u16 rrc, u64 seq)
{
	put_unaligned_be16(tok, h);
	h[2] = flags;
	h[3] = 0xff;
	put_unaligned_be16(ec, h + 4);
	put_unaligned_be16(rrc, h + 6);
	put_unaligned_be64(seq, h + 8);
}

/* Wraps modulo 2^64 as RFC 4121's numbers do. */
static u64 next_send(struct ksecdd_context *ctx)
{
	struct ksecdd_krb5_state *st = ctx->state;

	return atomic64_fetch_inc(&st->send_seq);
}

/*
 * Whether @seq may be received, as the context negotiated and as MIT's
 * g_seqstate checks: with neither REPLAY_DETECT nor SEQUENCE_DETECT
 * nothing is checked; REPLAY_DETECT refuses a number received before
 * and one too old to tell (64 or more behind the highest);
 * SEQUENCE_DETECT refuses every number but the next one.  Numbers count
 * from the initial receive number modulo 2^64, so that the window works
 * across the wrap of the 64-bit number; the one number just below the
 * initial one would close that circle and is refused.
 *
 * Without @commit nothing changes and only what no token could make
 * acceptable is reported.  With @commit, once the token verified, it is
 * marked received; a token ahead of the next number (a gap) or behind
 * it is refused under SEQUENCE_DETECT all the same, but counted, so that
 * a lost message costs one refusal rather than the rest of the stream.
 */
static int check_seq(struct ksecdd_context *ctx, u64 seq, bool commit)
{
	struct ksecdd_krb5_state *st = ctx->state;
	bool strict = ctx->attrs & CTX_SEQUENCE;
	u64 rel, next, age, expected;
	int err = 0;

	if (!(ctx->attrs & (CTX_REPLAY | CTX_SEQUENCE)))
		return 0;
	spin_lock(&ctx->lock);
	expected = st->p.recv_seq;
	rel = seq - st->p.recv_seq_initial;
	next = st->p.recv_seq - st->p.recv_seq_initial;
	if (rel == U64_MAX) {
		err = -ERANGE;
	} else if (rel >= next) {
		if (commit) {
			age = rel - next + 1;
			st->recv_seen = age < SEQ_WINDOW ?
					st->recv_seen << age | 1 : 1;
			st->p.recv_seq = seq + 1;
			if (strict && rel != next)
				err = -ERANGE;
		}
	} else {
		age = next - 1 - rel;
		if (age >= SEQ_WINDOW || st->recv_seen & BIT_ULL(age)) {
			err = -ERANGE;
		} else if (commit) {
			st->recv_seen |= BIT_ULL(age);
			if (strict)
				err = -ERANGE;
		}
	}
	spin_unlock(&ctx->lock);
	if (err)
		trace_ksecdd_out_of_sequence(ctx, seq, expected);
	return err;
}

/* A received token that does not verify: its number and the expected. */
static int altered(struct ksecdd_context *ctx, int err, u64 seq)
{
	struct ksecdd_krb5_state *st = ctx->state;

	if (err == -EBADMSG)
		trace_ksecdd_message_altered(ctx, seq,
					     READ_ONCE(st->p.recv_seq));
	return err;
}

/*
 * Check a received token's header: malformed is an invalid token, the
 * wrong direction or key a message altered, a replay out of sequence.
 */
static int check_header(struct ksecdd_context *ctx, const u8 *h, u16 tok,
			u64 *seq)
{
	static const u8 filler[5] = { 0xff, 0xff, 0xff, 0xff, 0xff };
	u8 want = our_flags(ctx) ^ FLAG_SENT_BY_ACCEPTOR;

	if (get_unaligned_be16(h) != tok ||
	    memcmp(h + 3, filler, tok == TOK_MIC ? 5 : 1))
		return -EPROTO;
	*seq = get_unaligned_be64(h + 8);
	if ((h[2] & (FLAG_SENT_BY_ACCEPTOR | FLAG_ACCEPTOR_SUBKEY)) != want)
		return altered(ctx, -EBADMSG, *seq);
	return check_seq(ctx, *seq, false);
}

/**
 * ksecdd_krb5_sign() - MakeSignature for Kerberos
 * @ctx: the context
 * @qop: must be 0
 * @desc: DATA buffers and a TOKEN buffer of at least cbMaxSignature
 *
 * Return: 0, or -EPROTONOSUPPORT, -EPROTO (no TOKEN buffer), -ENOBUFS,
 * -EINVAL, or an error of the hash.
 */
int ksecdd_krb5_sign(struct ksecdd_context *ctx, u32 qop, SecBufferDesc *desc)
{
	struct ksecdd_krb5_state *st = ctx->state;
	struct krb5_msg m;
	u8 *hdr;
	int err;

	if (qop)
		return -EPROTONOSUPPORT;
	err = parse(desc, &m, false);
	if (err)
		return err;
	if (!m.buf.token)
		return -EPROTO;
	if (m.buf.token->cbBuffer < HDR_LEN + mac_len(st))
		return -ENOBUFS;
	hdr = m.buf.token->pvBuffer;
	put_header(hdr, TOK_MIC, our_flags(ctx), 0xffff, 0xffff,
		   next_send(ctx));
	m.vec[m.nr++] = (struct kvec){ hdr, HDR_LEN };
	err = ksecdd_krb5_checksum(&st->sign_out, m.vec, m.nr, hdr + HDR_LEN);
	if (!err)
		m.buf.token->cbBuffer = HDR_LEN + mac_len(st);
	return err;
}

/**
 * ksecdd_krb5_verify() - VerifySignature for Kerberos
 * @ctx: the context
 * @desc: the signed DATA buffers and the TOKEN buffer holding the MIC
 * @qop: receives 0, or NULL
 *
 * Return: 0, -EPROTO for a malformed token, -EBADMSG for one that does
 * not verify, -ERANGE for one the sequence checks refuse, or -EINVAL.
 */
int ksecdd_krb5_verify(struct ksecdd_context *ctx, SecBufferDesc *desc,
		       u32 *qop)
{
	struct ksecdd_krb5_state *st = ctx->state;
	u8 *tok, sum[HASH_MAX_DIGESTSIZE];
	struct krb5_msg m;
	u64 seq;
	int err;

	err = parse(desc, &m, false);
	if (err)
		return err;
	if (!m.buf.token || m.buf.token->cbBuffer != HDR_LEN + mac_len(st))
		return -EPROTO;
	tok = m.buf.token->pvBuffer;
	err = check_header(ctx, tok, TOK_MIC, &seq);
	if (err)
		return err;
	m.vec[m.nr++] = (struct kvec){ tok, HDR_LEN };
	err = ksecdd_krb5_checksum(&st->sign_in, m.vec, m.nr, sum);
	if (err)
		return err;
	if (crypto_memneq(sum, tok + HDR_LEN, mac_len(st)))
		return altered(ctx, -EBADMSG, seq);
	err = check_seq(ctx, seq, true);
	if (!err && qop)
		*qop = 0;
	return err;
}

/*
 * The TOKEN buffer takes the header, the rotated tail (filler, header
 * copy, tag) and the confounder; the RRC counts the tail less the
 * filler, which is the whole tail when there is none and, for DCE
 * style, the count Windows adds EC to.
 */
static int wrap_sealed(struct ksecdd_context *ctx, struct krb5_msg *m,
		       bool may_sleep)
{
	struct ksecdd_krb5_state *st = ctx->state;
	unsigned int mac = mac_len(st);
	unsigned int ec = ctx->attrs & CTX_DCE ? DCE_EC : 0;
	u8 *hdr = m->buf.token->pvBuffer, *fill = hdr + HDR_LEN;
	u8 *copy = fill + ec, *tag = copy + HDR_LEN, *conf = tag + mac;
	struct ksecdd_krb5_sg sg;
	int err;

	m->vec[0] = (struct kvec){ conf, CONF_LEN };
	m->vec[m->nr++] = (struct kvec){ fill, ec + HDR_LEN };
	/* before the number is taken: -EAGAIN and -ENOMEM send nothing */
	err = ksecdd_krb5_sg_build(&sg, m->vec, m->nr, m->sign_only,
				   may_sleep);
	if (err)
		return err;
	put_header(copy, TOK_WRAP, our_flags(ctx) | FLAG_SEALED, ec, 0,
		   next_send(ctx));
	memcpy(hdr, copy, HDR_LEN);
	put_unaligned_be16(HDR_LEN + mac, hdr + 6);
	memset(fill, 0xff, ec);
	/*
	 * The confounder from get_random_u64()'s per-CPU batch: the same
	 * CRNG output get_random_bytes() gives, the batch dropped when the
	 * CRNG reseeds and each word zeroed as it is handed out, so no
	 * weaker; but one refill, the CRNG call get_random_bytes() makes for
	 * every 16 bytes, serves six confounders: twice the rate, measured
	 * on Debian's 6.12.
	 */
	put_unaligned(get_random_u64(), (u64 *)conf);
	put_unaligned(get_random_u64(), (u64 *)(conf + 8));
	err = ksecdd_krb5_encrypt(&st->seal_out, m->vec, m->nr, m->sign_only,
				  &sg, tag);
	ksecdd_krb5_sg_free(&sg);
	if (!err)
		m->buf.token->cbBuffer = ksecdd_krb5_seal_trailer(ctx);
	return err;
}

/* The checksum covers the data, then the header with EC and RRC zero. */
static int wrap_signed(struct ksecdd_context *ctx, struct krb5_msg *m)
{
	struct ksecdd_krb5_state *st = ctx->state;
	unsigned int mac = mac_len(st);
	u8 *hdr = m->buf.token->pvBuffer;
	int err;

	/* before the number is taken: nothing is sent without the key */
	if (!ksecdd_krb5_has_cksum(&st->seal_out))
		return -EAGAIN;
	put_header(hdr, TOK_WRAP, our_flags(ctx), 0, 0, next_send(ctx));
	m->vec[m->nr++] = (struct kvec){ hdr, HDR_LEN };
	err = ksecdd_krb5_checksum(&st->seal_out, m->vec + 1, m->nr - 1,
				   hdr + HDR_LEN);
	if (err)
		return err;
	put_unaligned_be16(mac, hdr + 4);
	put_unaligned_be16(mac, hdr + 6);
	m->buf.token->cbBuffer = HDR_LEN + mac;
	return 0;
}

/**
 * ksecdd_krb5_encrypt_message() - EncryptMessage for Kerberos
 * @ctx: the context
 * @qop: 0, or SECQOP_WRAP_NO_ENCRYPT to sign only
 * @desc: a TOKEN buffer of at least cbSecurityTrailer, DATA buffers to
 *	protect in place, and an optional PADDING buffer, in the linear map or
 *	in vmalloc memory
 * @may_sleep: whether the call may sleep; if not, a message whose
 *	scatterlist the stack cannot hold is -EAGAIN, having changed nothing
 *
 * Encryption needs a context that negotiated confidentiality; signing
 * only (SECQOP_WRAP_NO_ENCRYPT) does not.
 *
 * The first integrity-only token keys the checksum key of the usage,
 * which import leaves out (ksecdd_krb5_usage_cksum()).
 *
 * Return: 0, or -EPROTONOSUPPORT (a QOP not known, or encryption without
 * confidentiality), -EPROTO (no TOKEN buffer), -ENOBUFS, -EINVAL (a
 * buffer neither in the linear map nor in vmalloc memory, among others),
 * -EAGAIN as above, -ENOMEM (the first integrity-only token could not
 * key its checksum, or the scatterlist could not be allocated; nothing
 * was sent, the next call tries again), or a crypto error.
 */
int ksecdd_krb5_encrypt_message(struct ksecdd_context *ctx, u32 qop,
				SecBufferDesc *desc, bool may_sleep)
{
	unsigned int mac = mac_len(ctx->state), need;
	struct krb5_msg m;
	int err;

	if (qop && qop != SECQOP_WRAP_NO_ENCRYPT)
		return -EPROTONOSUPPORT;
	/* Windows: "neither confidentiality nor integrity are supported" */
	if (!qop && !(ctx->attrs & CTX_CONF))
		return -EPROTONOSUPPORT;
	err = parse(desc, &m, true);
	if (err)
		return err;
	if (!m.buf.token)
		return -EPROTO;
	if (m.buf.stream)
		return -EINVAL;
	need = qop ? HDR_LEN + mac : ksecdd_krb5_seal_trailer(ctx);
	if (m.buf.token->cbBuffer < need)
		return -ENOBUFS;
	if (m.buf.padding)
		m.buf.padding->cbBuffer = 0;
	return qop ? wrap_signed(ctx, &m) : wrap_sealed(ctx, &m, may_sleep);
}

/*
 * Decrypt the pieces in @m, whose scatterlist is @sg: confounder, data,
 * then the filler with the header copy, which must repeat @hdr but for
 * the RRC.
 */
static int unwrap_sealed(struct ksecdd_context *ctx, struct krb5_msg *m,
			 const struct ksecdd_krb5_sg *sg, const u8 *hdr,
			 const u8 *tag)
{
	struct ksecdd_krb5_state *st = ctx->state;
	const struct kvec *last = &m->vec[m->nr - 1];
	const u8 *copy = last->iov_base + last->iov_len - HDR_LEN;
	int err;

	err = ksecdd_krb5_decrypt(&st->seal_in, m->vec, m->nr, m->sign_only,
				  sg, tag);
	if (err)
		return err;
	if (memcmp(copy, hdr, 6) || memcmp(copy + 8, hdr + 8, 8))
		return -EBADMSG;
	return 0;
}

/*
 * Integrity-only tokens are checked with a key made on first use, which
 * may sleep: without it the call is -EAGAIN, and is run again where it
 * can (ksecdd_package_message()).  Checked before anything is changed.
 */
static bool seal_in_keyed(const struct ksecdd_context *ctx)
{
	const struct ksecdd_krb5_state *st = ctx->state;

	return ksecdd_krb5_has_cksum(&st->seal_in);
}

static int unwrap_signed(struct ksecdd_context *ctx, struct krb5_msg *m,
			 const u8 *hdr, const u8 *sum)
{
	struct ksecdd_krb5_state *st = ctx->state;
	u8 h[HDR_LEN], mine[HASH_MAX_DIGESTSIZE];
	int err;

	memcpy(h, hdr, HDR_LEN);
	memset(h + 4, 0, 4);
	m->vec[m->nr++] = (struct kvec){ h, HDR_LEN };
	err = ksecdd_krb5_checksum(&st->seal_in, m->vec + 1, m->nr - 1, mine);
	if (!err && crypto_memneq(mine, sum, mac_len(st)))
		err = -EBADMSG;
	return err;
}

static void reverse(u8 *p, size_t len)
{
	for (; len > 1; p++, len -= 2)
		swap(p[0], p[len - 1]);
}

static void rotate_left(u8 *p, size_t len, size_t by)
{
	if (!by)
		return;
	reverse(p, by);
	reverse(p + by, len - by);
	reverse(p, len);
}

/*
 * How far a received token's body is rotated.  Windows rotates a sealed
 * token of a DCE-style context by RRC + EC ([MS-KILE] 3.4.5.4.1) where
 * RFC 4121 says RRC; in an integrity-only token EC is the checksum
 * length, not filler, and the rotation RRC.
 */
static size_t rotation(const struct ksecdd_context *ctx, const u8 *hdr)
{
	size_t rrc = get_unaligned_be16(hdr + 6);

	if ((hdr[2] & FLAG_SEALED) && (ctx->attrs & CTX_DCE))
		rrc += get_unaligned_be16(hdr + 4);
	return rrc;
}

/*
 * Where the pieces of a STREAM token's body lie.  Unrotated, the body is
 * its front (confounder and data, or the data) then its tail (filler,
 * header copy and tag, or the checksum); the sender rotated it right by
 * @by.  The two rotations senders use, none (MIT krb5's gss_wrap()) and
 * the tail's length (Windows, MIT's DCE style, and ksecdd), leave front
 * and tail each in one piece, to be taken where they lie; any other
 * rotation is to be undone in place: returns by how much, or 0.
 */
static size_t stream_pieces(u8 *body, size_t len, size_t tail, size_t by,
			    u8 **front, u8 **back)
{
	by %= len;
	if (by == tail) {
		*back = body;
		*front = body + tail;
		return 0;
	}
	*front = body;
	*back = body + len - tail;
	return by;
}

/*
 * A sealed STREAM token's pieces, at their places once the body is
 * rotated by @by: the scatterlist is built before, so that -EAGAIN and
 * -ENOMEM leave the buffer as it came.
 */
static int unwrap_stream_sealed(struct ksecdd_context *ctx,
				struct krb5_msg *m, u8 *body, size_t len,
				size_t by, bool may_sleep)
{
	struct ksecdd_krb5_sg sg;
	int err;

	err = ksecdd_krb5_sg_build(&sg, m->vec, m->nr, 0, may_sleep);
	if (err)
		return err;
	rotate_left(body, len, by);
	err = unwrap_sealed(ctx, m, &sg, m->buf.stream->pvBuffer,
			    m->vec[2].iov_base + m->vec[2].iov_len);
	ksecdd_krb5_sg_free(&sg);
	return err;
}

/* A whole token in a STREAM buffer; DATA is pointed at the plaintext. */
static int unwrap_stream(struct ksecdd_context *ctx, struct krb5_msg *m,
			 u32 *qop, bool may_sleep)
{
	unsigned int mac = mac_len(ctx->state);
	u8 *p = m->buf.stream->pvBuffer, *front, *back, *data;
	size_t len = m->buf.stream->cbBuffer, body, tail, n, by;
	bool sealed;
	u16 ec;
	u64 seq;
	int err;

	if (!m->buf.data)
		return -EINVAL;
	if (len < HDR_LEN)
		return -EPROTO;
	err = check_header(ctx, p, TOK_WRAP, &seq);
	if (err)
		return err;
	body = len - HDR_LEN;
	ec = get_unaligned_be16(p + 4);
	sealed = p[2] & FLAG_SEALED;
	tail = sealed ? ec + HDR_LEN + mac : mac;
	if (body < tail + (sealed ? CONF_LEN : 0) || (!sealed && ec != mac))
		return -EPROTO;
	if (!sealed && !seal_in_keyed(ctx))
		return -EAGAIN;
	by = stream_pieces(p + HDR_LEN, body, tail, rotation(ctx, p), &front,
			   &back);
	/* the pieces are all in the STREAM buffer, none of them sign-only */
	m->sign_only = 0;
	n = body - tail;
	data = front;
	if (sealed) {
		n -= CONF_LEN;
		data += CONF_LEN;
		m->vec[0] = (struct kvec){ front, CONF_LEN };
		m->vec[1] = (struct kvec){ data, n };
		m->vec[2] = (struct kvec){ back, ec + HDR_LEN };
		m->nr = 3;
		err = unwrap_stream_sealed(ctx, m, p + HDR_LEN, body, by,
					   may_sleep);
	} else {
		rotate_left(p + HDR_LEN, body, by);
		m->vec[1] = (struct kvec){ data, n };
		m->nr = 2;
		err = unwrap_signed(ctx, m, p, back);
	}
	err = err ?: check_seq(ctx, seq, true);
	if (err)
		return err;
	m->buf.data->pvBuffer = data;
	m->buf.data->cbBuffer = n;
	*qop = sealed ? 0 : SECQOP_WRAP_NO_ENCRYPT;
	return 0;
}

/* The sealed token of unwrap_token(), its pieces in @m. */
static int unwrap_token_sealed(struct ksecdd_context *ctx, struct krb5_msg *m,
			       const u8 *t, bool may_sleep)
{
	unsigned int ec = get_unaligned_be16(t + 4);
	struct ksecdd_krb5_sg sg;
	int err;

	err = ksecdd_krb5_sg_build(&sg, m->vec, m->nr, m->sign_only,
				   may_sleep);
	if (err)
		return err;
	err = unwrap_sealed(ctx, m, &sg, t, t + HDR_LEN + ec + HDR_LEN);
	ksecdd_krb5_sg_free(&sg);
	return err;
}

/*
 * TOKEN and DATA as EncryptMessage() lays them out.  The rotated tail,
 * filler, header copy and tag, must fill the TOKEN buffer before the
 * confounder, however the sender counted the rotation.
 */
static int unwrap_token(struct ksecdd_context *ctx, struct krb5_msg *m,
			u32 *qop, bool may_sleep)
{
	unsigned int mac = mac_len(ctx->state);
	u8 *t = m->buf.token->pvBuffer;
	size_t len = m->buf.token->cbBuffer, tail;
	u16 ec, rrc;
	u64 seq;
	int err;

	if (len < HDR_LEN)
		return -EPROTO;
	err = check_header(ctx, t, TOK_WRAP, &seq);
	if (err)
		return err;
	ec = get_unaligned_be16(t + 4);
	rrc = get_unaligned_be16(t + 6);
	if (t[2] & FLAG_SEALED) {
		tail = ec + HDR_LEN + mac;
		if (len != HDR_LEN + tail + CONF_LEN ||
		    (rrc != tail && rrc + ec != tail))
			return -EPROTO;
		m->vec[0] = (struct kvec){ t + HDR_LEN + tail, CONF_LEN };
		m->vec[m->nr++] = (struct kvec){ t + HDR_LEN, ec + HDR_LEN };
		err = unwrap_token_sealed(ctx, m, t, may_sleep);
	} else {
		if (ec != mac || rrc != mac || len != HDR_LEN + mac)
			return -EPROTO;
		if (!seal_in_keyed(ctx))
			return -EAGAIN;
		err = unwrap_signed(ctx, m, t, t + HDR_LEN);
	}
	err = altered(ctx, err, seq) ?: check_seq(ctx, seq, true);
	if (!err)
		*qop = t[2] & FLAG_SEALED ? 0 : SECQOP_WRAP_NO_ENCRYPT;
	return err;
}

/**
 * ksecdd_krb5_decrypt_message() - DecryptMessage for Kerberos
 * @ctx: the context
 * @desc: TOKEN and DATA buffers as EncryptMessage() filled them, or a
 *	STREAM buffer with the whole token and a DATA buffer that is set to
 *	the plaintext inside it; in the linear map or in vmalloc memory
 * @qop: receives 0, or SECQOP_WRAP_NO_ENCRYPT for a token that was only
 *	signed
 * @may_sleep: as for ksecdd_krb5_encrypt_message()
 *
 * Return: 0, -EPROTO for a malformed token, -EBADMSG for one that does
 * not verify, -ERANGE for one the sequence checks refuse, -EINVAL,
 * -EAGAIN as for ksecdd_krb5_encrypt_message(), -ENOMEM (the first
 * integrity-only token received could not key its checksum, or the
 * scatterlist could not be allocated; the receive state and the buffers
 * are unchanged), or a crypto error.
 */
int ksecdd_krb5_decrypt_message(struct ksecdd_context *ctx,
				SecBufferDesc *desc, u32 *qop, bool may_sleep)
{
	struct krb5_msg m;
	u32 out;
	int err;

	err = parse(desc, &m, true);
	if (err)
		return err;
	if (m.buf.stream)
		err = unwrap_stream(ctx, &m, &out, may_sleep);
	else if (m.buf.token)
		err = unwrap_token(ctx, &m, &out, may_sleep);
	else
		err = -EPROTO;
	if (!err && qop)
		*qop = out;
	return err;
}
