// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 4121 tokens through the SSPI entry points: a pair of contexts,
 * initiator and acceptor, made from the same keys, protect messages for
 * each other; and tokens MIT krb5 made (krb5_mit_vectors.h) are known
 * answers.
 */

#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/unaligned.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/context.h"
#include "../ksecdd/krb5_crypto.h"
#include "../ksecdd/package.h"
#include "../ksecdd/stats.h"
#include "krb5_mit_vectors.h"
#include "suites.h"
#include "util.h"

#define ACC_SEQ		1000
#define INI_SEQ		2000

struct pair {
	CtxtHandle acc;
	CtxtHandle ini;
	u32 mac;
	struct leak_baseline base;
};

/* The flags of the template's contexts: both kinds of sequence check. */
#define ATTRS_DEFAULT	(ASC_RET_MUTUAL_AUTH | ASC_RET_REPLAY_DETECT | \
			 ASC_RET_SEQUENCE_DETECT | ASC_RET_CONFIDENTIALITY | \
			 ASC_RET_INTEGRITY)
#define ATTRS_NO_SEQ	(ATTRS_DEFAULT & ~(ASC_RET_REPLAY_DETECT | \
					   ASC_RET_SEQUENCE_DETECT))

/*
 * An acceptor and an initiator with the same keys and flags @attrs; the
 * initiator starts sending at @ini_seq, which the acceptor expects.
 */
static void pair_init_with(struct kunit *test, struct pair *pr, u32 enctype,
			   bool subkey, u32 attrs, u64 ini_seq)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	leak_baseline(&pr->base);
	krb5_template(p);
	p->flags = attrs;
	p->krb5.enctype = enctype;
	if (!subkey)
		p->krb5.flags = 0;
	p->krb5.send_seq_initial = ACC_SEQ;
	p->krb5.send_seq = ACC_SEQ;
	p->krb5.recv_seq_initial = ini_seq;
	p->krb5.recv_seq = ini_seq;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &pr->acc), SEC_E_OK);
	p->role = KSECDD_ROLE_INITIATOR;
	swap(p->krb5.send_seq_initial, p->krb5.recv_seq_initial);
	swap(p->krb5.send_seq, p->krb5.recv_seq);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &pr->ini), SEC_E_OK);
	pr->mac = ksecdd_krb5_mac_len(enctype);
}

static void pair_init(struct kunit *test, struct pair *pr, u32 enctype,
		      bool subkey)
{
	pair_init_with(test, pr, enctype, subkey, ATTRS_DEFAULT, INI_SEQ);
}

static void pair_free(struct kunit *test, struct pair *pr)
{
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&pr->acc), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&pr->ini), SEC_E_OK);
	expect_no_leak(test, &pr->base);
}

static u8 *buf(struct kunit *test, size_t len)
{
	u8 *p = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return p;
}

static SECURITY_STATUS sign(CtxtHandle *h, u8 *msg, u32 len, u8 *tok,
			    u32 *tok_len)
{
	SecBuffer b[] = {
		{ len, SECBUFFER_DATA, msg },
		{ *tok_len, SECBUFFER_TOKEN, tok },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, ARRAY_SIZE(b), b };
	SECURITY_STATUS status = MakeSignature(h, 0, &d, 0);

	*tok_len = b[1].cbBuffer;
	return status;
}

static SECURITY_STATUS verify(CtxtHandle *h, u8 *msg, u32 len, u8 *tok,
			      u32 tok_len)
{
	SecBuffer b[] = {
		{ tok_len, SECBUFFER_TOKEN, tok },
		{ len, SECBUFFER_DATA, msg },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, ARRAY_SIZE(b), b };
	u32 qop = 7;
	SECURITY_STATUS status = VerifySignature(h, &d, 0, &qop);

	if (status == SEC_E_OK && qop)
		return SEC_E_INTERNAL_ERROR;
	return status;
}

static SECURITY_STATUS seal(CtxtHandle *h, u32 qop, u8 *msg, u32 len,
			    u8 *tok, u32 *tok_len)
{
	SecBuffer b[] = {
		{ *tok_len, SECBUFFER_TOKEN, tok },
		{ len, SECBUFFER_DATA, msg },
		{ 5, SECBUFFER_PADDING, tok },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, ARRAY_SIZE(b), b };
	SECURITY_STATUS status = EncryptMessage(h, qop, &d, 0);

	*tok_len = b[0].cbBuffer;
	if (status == SEC_E_OK && b[2].cbBuffer)
		return SEC_E_INTERNAL_ERROR;
	return status;
}

static SECURITY_STATUS unseal(CtxtHandle *h, u8 *msg, u32 len, u8 *tok,
			      u32 tok_len, u32 *qop)
{
	SecBuffer b[] = {
		{ tok_len, SECBUFFER_TOKEN, tok },
		{ len, SECBUFFER_DATA, msg },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, ARRAY_SIZE(b), b };

	return DecryptMessage(h, &d, 0, qop);
}

/* A whole token in a STREAM buffer; *data is set to the plaintext. */
/* A token and its message in one STREAM buffer, as they go on the wire. */
static void to_stream(u8 *stream, const u8 *tok, u32 tok_len, const u8 *msg,
		      u32 len)
{
	memcpy(stream, tok, tok_len);
	memcpy(stream + tok_len, msg, len);
}

static SECURITY_STATUS unseal_stream(CtxtHandle *h, u8 *stream, u32 len,
				     u8 **data, u32 *data_len, u32 *qop)
{
	SecBuffer b[] = {
		{ len, SECBUFFER_STREAM, stream },
		{ 0, SECBUFFER_DATA, NULL },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, ARRAY_SIZE(b), b };
	SECURITY_STATUS status = DecryptMessage(h, &d, 0, qop);

	*data = b[1].pvBuffer;
	*data_len = b[1].cbBuffer;
	return status;
}

static void fill(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = seed + i * 7;
}

static SecPkgContext_Sizes sizes(struct kunit *test, CtxtHandle *h)
{
	SecPkgContext_Sizes s;

	KUNIT_EXPECT_EQ(test, QueryContextAttributesW(h, SECPKG_ATTR_SIZES,
						      &s), SEC_E_OK);
	return s;
}

/* Tokens of both kinds, both ways, for every enctype, subkey or not. */
static void wrap_round_trip(struct kunit *test)
{
	static const u32 enctypes[] = { 17, 18, 19, 20 };
	u8 *msg = buf(test, 300), *orig = buf(test, 300), *tok = buf(test, 96);
	u8 *stream = buf(test, 400), *data;
	u32 i, tok_len, qop, data_len;
	SecPkgContext_Sizes sz;
	struct pair pr;

	fill(orig, 300, 3);
	for (i = 0; i < 2 * ARRAY_SIZE(enctypes); i++) {
		pair_init(test, &pr, enctypes[i / 2], i % 2);
		sz = sizes(test, &pr.acc);
		KUNIT_EXPECT_EQ(test, sz.cbMaxSignature, 16 + pr.mac);
		KUNIT_EXPECT_EQ(test, sz.cbSecurityTrailer, 48 + pr.mac);

		/* MIC: initiator to acceptor */
		memcpy(msg, orig, 300);
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, sign(&pr.ini, msg, 300, tok, &tok_len),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, tok_len, sz.cbMaxSignature);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok), 0x0404);
		KUNIT_EXPECT_EQ(test, tok[2], i % 2 ? 0x04 : 0x00);
		KUNIT_EXPECT_EQ(test, get_unaligned_be64(tok + 8), INI_SEQ);
		KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 300, tok, tok_len),
				SEC_E_OK);

		/* confidential: acceptor to initiator, TOKEN and DATA */
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, seal(&pr.acc, 0, msg, 300, tok, &tok_len),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, tok_len, sz.cbSecurityTrailer);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok), 0x0504);
		KUNIT_EXPECT_EQ(test, tok[2], i % 2 ? 0x07 : 0x03);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok + 4), 0);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok + 6), 16 + pr.mac);
		KUNIT_EXPECT_EQ(test, get_unaligned_be64(tok + 8), ACC_SEQ);
		KUNIT_EXPECT_NE(test, memcmp(msg, orig, 300), 0);
		KUNIT_EXPECT_EQ(test, unseal(&pr.ini, msg, 300, tok, tok_len,
					     &qop), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, qop, 0);
		KUNIT_EXPECT_EQ(test, memcmp(msg, orig, 300), 0);

		/* integrity only, received as one STREAM */
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, seal(&pr.acc, SECQOP_WRAP_NO_ENCRYPT,
					   msg, 300, tok, &tok_len), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, tok_len, 16 + pr.mac);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok + 4), pr.mac);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok + 6), pr.mac);
		KUNIT_EXPECT_EQ(test, memcmp(msg, orig, 300), 0);
		to_stream(stream, tok, tok_len, msg, 300);
		KUNIT_EXPECT_EQ(test, unseal_stream(&pr.ini, stream,
						    tok_len + 300, &data,
						    &data_len, &qop),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, qop, SECQOP_WRAP_NO_ENCRYPT);
		KUNIT_EXPECT_EQ(test, data_len, 300);
		/* rotated by the checksum's length: taken where it lies */
		KUNIT_EXPECT_PTR_EQ(test, data, stream + tok_len);
		KUNIT_EXPECT_EQ(test, memcmp(data, orig, 300), 0);

		/* confidential, received as one STREAM */
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, seal(&pr.acc, 0, msg, 300, tok, &tok_len),
				SEC_E_OK);
		to_stream(stream, tok, tok_len, msg, 300);
		KUNIT_EXPECT_EQ(test, unseal_stream(&pr.ini, stream,
						    tok_len + 300, &data,
						    &data_len, &qop),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, qop, 0);
		KUNIT_EXPECT_EQ(test, data_len, 300);
		KUNIT_EXPECT_PTR_EQ(test, data, stream + tok_len);
		KUNIT_EXPECT_EQ(test, memcmp(data, orig, 300), 0);

		/* an empty message */
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, seal(&pr.ini, 0, msg, 0, tok, &tok_len),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, unseal(&pr.acc, msg, 0, tok, tok_len,
					     &qop), SEC_E_OK);
		pair_free(test, &pr);
	}
}

/*
 * Forgeries are refused as altered and leave the window alone; replays
 * and tokens reflected back to their sender are refused.
 */
static void wrap_tampered(struct kunit *test)
{
	u8 *msg = buf(test, 64), *tok = buf(test, 96), *copy = buf(test, 64);
	u8 *tcopy = buf(test, 96);
	u32 tok_len, qop, i;
	struct pair pr;

	pair_init(test, &pr, 20, true);
	fill(msg, 64, 1);

	/* a bit flipped in the message, then in the checksum */
	tok_len = 96;
	KUNIT_EXPECT_EQ(test, sign(&pr.ini, msg, 64, tok, &tok_len), SEC_E_OK);
	msg[10] ^= 0x20;
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 64, tok, tok_len),
			SEC_E_MESSAGE_ALTERED);
	msg[10] ^= 0x20;
	tok[tok_len - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 64, tok, tok_len),
			SEC_E_MESSAGE_ALTERED);
	tok[tok_len - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 64, tok, tok_len),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 64, tok, tok_len),
			SEC_E_OUT_OF_SEQUENCE);
	/* the acceptor's own token, reflected */
	tok_len = 96;
	KUNIT_EXPECT_EQ(test, sign(&pr.acc, msg, 64, tok, &tok_len), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 64, tok, tok_len),
			SEC_E_MESSAGE_ALTERED);

	/* every bit of a confidential token and its data, one at a time */
	tok_len = 96;
	KUNIT_EXPECT_EQ(test, seal(&pr.ini, 0, msg, 64, tok, &tok_len),
			SEC_E_OK);
	for (i = 0; i < (tok_len + 64) * 8; i++) {
		memcpy(tcopy, tok, tok_len);
		memcpy(copy, msg, 64);
		if (i < tok_len * 8)
			tcopy[i / 8] ^= BIT(i % 8);
		else
			copy[i / 8 - tok_len] ^= BIT(i % 8);
		KUNIT_EXPECT_NE_MSG(test, unseal(&pr.acc, copy, 64, tcopy,
						 tok_len, &qop), SEC_E_OK,
				    "bit %u", i);
	}
	KUNIT_EXPECT_EQ(test, unseal(&pr.acc, msg, 64, tok, tok_len, &qop),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, unseal(&pr.acc, msg, 64, tok, tok_len, &qop),
			SEC_E_OUT_OF_SEQUENCE);
	pair_free(test, &pr);
}

/*
 * With REPLAY_DETECT alone, out of order within 64 messages is fine,
 * once; older is refused.
 */
static void wrap_sequence_window(struct kunit *test)
{
	u8 *msg = buf(test, 16), *tok = buf(test, 70 * 32);
	u32 i, tok_len;
	struct pair pr;

	pair_init_with(test, &pr, 17, false,
		       ATTRS_NO_SEQ | ASC_RET_REPLAY_DETECT, INI_SEQ);
	for (i = 0; i < 70; i++) {
		tok_len = 32;
		KUNIT_ASSERT_EQ(test, sign(&pr.ini, msg, 16, tok + 32 * i,
					   &tok_len), SEC_E_OK);
	}
#define T(i)	(tok + 32 * (i))
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, T(69), 28), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, T(5), 28),
			SEC_E_OUT_OF_SEQUENCE);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, T(6), 28), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, T(6), 28),
			SEC_E_OUT_OF_SEQUENCE);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, T(68), 28), SEC_E_OK);
	T(67)[20] ^= 1;
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, T(67), 28),
			SEC_E_MESSAGE_ALTERED);
	T(67)[20] ^= 1;
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, T(67), 28), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, T(69), 28),
			SEC_E_OUT_OF_SEQUENCE);
#undef T
	pair_free(test, &pr);
}

/* An exported context goes on numbering and accepts no replay. */
static void wrap_export_keeps_sequence(struct kunit *test)
{
	u8 *msg = buf(test, 16), *tok = buf(test, 64), *tok2 = buf(test, 64);
	u32 tok_len = 64, tok2_len = 64, blob_len;
	CtxtHandle acc2;
	struct pair pr;
	u8 *blob;

	pair_init(test, &pr, 18, true);
	KUNIT_EXPECT_EQ(test, sign(&pr.ini, msg, 16, tok, &tok_len), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, sign(&pr.ini, msg, 16, tok2, &tok2_len),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, tok, tok_len), SEC_E_OK);
	blob = export_blob(test, &pr.acc, 0, &blob_len);
	KUNIT_ASSERT_EQ(test, import_blob("Kerberos", blob,
					  blob_len, NULL, &acc2), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&acc2, msg, 16, tok, tok_len),
			SEC_E_OUT_OF_SEQUENCE);
	KUNIT_EXPECT_EQ(test, verify(&acc2, msg, 16, tok2, tok2_len),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&acc2), SEC_E_OK);
	pair_free(test, &pr);
}

static SECURITY_STATUS call_desc(CtxtHandle *h, int op, SecBuffer *b,
				 u32 count, u32 qop)
{
	SecBufferDesc d = { SECBUFFER_VERSION, count, b };

	switch (op) {
	case 0:
		return MakeSignature(h, qop, &d, 0);
	case 1:
		return VerifySignature(h, &d, 0, NULL);
	case 2:
		return EncryptMessage(h, qop, &d, 0);
	}
	return DecryptMessage(h, &d, 0, NULL);
}

static SECURITY_STATUS decrypt_desc(CtxtHandle *h, SecBuffer *b, u32 count,
				    u32 *qop)
{
	SecBufferDesc d = { SECBUFFER_VERSION, count, b };

	return DecryptMessage(h, &d, 0, qop);
}

/* Buffers a caller may get wrong, and the status each gives. */
static void wrap_bad_buffers(struct kunit *test)
{
	u8 *msg = buf(test, 32), *tok = buf(test, 96), *stream = buf(test, 96);
	SecBufferDesc d = { 1, 0, NULL };
	SecBuffer b[3];
	struct pair pr;
	u32 tok_len;
	int op;

	pair_init(test, &pr, 18, true);
	for (op = 0; op < 4; op++) {
		/* no TOKEN buffer */
		b[0] = (SecBuffer){ 32, SECBUFFER_DATA, msg };
		KUNIT_EXPECT_EQ(test, call_desc(&pr.ini, op, b, 1, 0),
				SEC_E_INVALID_TOKEN);
		/* a length without a buffer */
		b[1] = (SecBuffer){ 96, SECBUFFER_TOKEN, NULL };
		KUNIT_EXPECT_EQ(test, call_desc(&pr.ini, op, b, 2, 0),
				SEC_E_INVALID_PARAMETER);
		/* too short for the token */
		b[1] = (SecBuffer){ 15, SECBUFFER_TOKEN, tok };
		KUNIT_EXPECT_EQ(test, call_desc(&pr.ini, op, b, 2, 0),
				op % 2 ? SEC_E_INVALID_TOKEN :
					 SEC_E_BUFFER_TOO_SMALL);
	}
	d.cBuffers = 0;
	KUNIT_EXPECT_EQ(test, MakeSignature(&pr.ini, 0, &d, 0),
			SEC_E_INVALID_PARAMETER);
	b[1] = (SecBuffer){ 96, SECBUFFER_TOKEN, tok };
	KUNIT_EXPECT_EQ(test, call_desc(&pr.ini, 0, b, 2, 1),
			SEC_E_QOP_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, call_desc(&pr.ini, 2, b, 2, 2),
			SEC_E_QOP_NOT_SUPPORTED);
	/* one byte short of cbSecurityTrailer */
	b[1].cbBuffer = 48 + 12 - 1;
	KUNIT_EXPECT_EQ(test, call_desc(&pr.ini, 2, b, 2, 0),
			SEC_E_BUFFER_TOO_SMALL);
	/* read-only buffers are signed, and left alone by encryption */
	b[1].cbBuffer = 96;
	b[2] = (SecBuffer){ 4, SECBUFFER_DATA | SECBUFFER_READONLY, msg };
	tok_len = 96;
	KUNIT_EXPECT_EQ(test, call_desc(&pr.ini, 2, b, 3, 0), SEC_E_OK);
	/* a STREAM without a DATA buffer for the result, a short STREAM */
	b[0] = (SecBuffer){ 40, SECBUFFER_STREAM, stream };
	KUNIT_EXPECT_EQ(test, call_desc(&pr.acc, 3, b, 1, 0),
			SEC_E_INVALID_PARAMETER);
	b[0].cbBuffer = 15;
	b[1] = (SecBuffer){ 0, SECBUFFER_DATA, NULL };
	KUNIT_EXPECT_EQ(test, call_desc(&pr.acc, 3, b, 2, 0),
			SEC_E_INVALID_TOKEN);
	/* a MIC token where a Wrap token belongs */
	KUNIT_EXPECT_EQ(test, sign(&pr.ini, msg, 32, stream, &tok_len),
			SEC_E_OK);
	b[0].cbBuffer = tok_len;
	KUNIT_EXPECT_EQ(test, call_desc(&pr.acc, 3, b, 2, 0),
			SEC_E_INVALID_TOKEN);
	pair_free(test, &pr);
}

/* A context of MIT's keys and numbers, acceptor or initiator. */
static void mit_import_keys(struct kunit *test, u32 enctype, const char *key,
			    const char *subkey, u64 ini, u64 acc, u8 role,
			    u32 attrs, CtxtHandle *h)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	bool acceptor = role == KSECDD_ROLE_ACCEPTOR;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, p);
	krb5_template(p);
	p->role = role;
	p->flags = attrs;
	p->krb5.enctype = enctype;
	unhex(key, p->krb5.key, &len);
	unhex(subkey, p->krb5.acceptor_subkey, &len);
	p->krb5.send_seq_initial = acceptor ? acc : ini;
	p->krb5.send_seq = p->krb5.send_seq_initial;
	p->krb5.recv_seq_initial = acceptor ? ini : acc;
	p->krb5.recv_seq = p->krb5.recv_seq_initial;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, h), SEC_E_OK);
}

/* A context of one MIT vector's keys, acceptor or initiator. */
static void mit_import(struct kunit *test, const struct mit_vector *v,
		       u8 role, CtxtHandle *h)
{
	mit_import_keys(test, v->enctype, v->key, v->acceptor_subkey,
			v->initiator_seq, v->acceptor_seq, role, ATTRS_DEFAULT,
			h);
}

static u8 *unhex_buf(struct kunit *test, const char *hex, u32 *len)
{
	u8 *p = buf(test, strlen(hex) / 2 + 1);
	size_t n;

	unhex(hex, p, &n);
	*len = n;
	return p;
}

/*
 * Known answers from MIT krb5: its MIC and Wrap tokens verify and
 * decrypt on our acceptor, and our initiator, numbering as MIT's did,
 * makes the same MIC byte for byte and the same integrity-only Wrap but
 * for the rotation.
 */
static void wrap_mit_vectors(struct kunit *test)
{
	u32 i, len, msg_len, tok_len, data_len, qop, mac;
	u8 *msg, *tok, *mine, *data;
	CtxtHandle acc, ini;

	for (i = 0; i < ARRAY_SIZE(mit_vectors); i++) {
		const struct mit_vector *v = &mit_vectors[i];

		mac = ksecdd_krb5_mac_len(v->enctype);
		mit_import(test, v, KSECDD_ROLE_ACCEPTOR, &acc);
		mit_import(test, v, KSECDD_ROLE_INITIATOR, &ini);

		msg = unhex_buf(test, v->mic_msg, &msg_len);
		tok = unhex_buf(test, v->mic, &tok_len);
		KUNIT_EXPECT_EQ(test, verify(&acc, msg, msg_len, tok, tok_len),
				SEC_E_OK);
		mine = buf(test, 96);
		len = 64;
		KUNIT_EXPECT_EQ(test, sign(&ini, msg, msg_len, mine, &len),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, len, tok_len);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(mine, tok, tok_len), 0,
				    "enctype %u: MIC %*phN", v->enctype,
				    (int)len, mine);

		msg = unhex_buf(test, v->wrap_msg, &msg_len);
		tok = unhex_buf(test, v->wrap, &tok_len);
		KUNIT_EXPECT_EQ(test, unseal_stream(&acc, tok, tok_len, &data,
						    &data_len, &qop),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, qop, 0);
		KUNIT_EXPECT_EQ(test, data_len, msg_len);
		KUNIT_EXPECT_EQ(test, memcmp(data, msg, msg_len), 0);
		len = 96;
		KUNIT_EXPECT_EQ(test, seal(&ini, 0, msg, msg_len, mine, &len),
				SEC_E_OK);

		msg = unhex_buf(test, v->wrapi_msg, &msg_len);
		tok = unhex_buf(test, v->wrapi, &tok_len);
		len = 64;
		KUNIT_EXPECT_EQ(test, seal(&ini, SECQOP_WRAP_NO_ENCRYPT, msg,
					   msg_len, mine, &len), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, len, 16 + mac);
		KUNIT_EXPECT_EQ(test, memcmp(mine, tok, 6), 0);
		KUNIT_EXPECT_EQ(test, memcmp(mine + 8, tok + 8, 8), 0);
		KUNIT_EXPECT_EQ(test, memcmp(mine + 16, tok + tok_len - mac,
					     mac), 0);
		KUNIT_EXPECT_EQ(test, unseal_stream(&acc, tok, tok_len, &data,
						    &data_len, &qop),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, qop, SECQOP_WRAP_NO_ENCRYPT);
		KUNIT_EXPECT_EQ(test, memcmp(data, msg, msg_len), 0);

		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&acc), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ini), SEC_E_OK);
	}
}

/* @n MIC tokens of 28 bytes (enctype 17) from @h, each in a 32-byte slot. */
static u8 *mics(struct kunit *test, CtxtHandle *h, u8 *msg, u32 n)
{
	u8 *tok = buf(test, 32 * n);
	u32 i, len;

	for (i = 0; i < n; i++) {
		len = 32;
		KUNIT_EXPECT_EQ(test, sign(h, msg, 16, tok + 32 * i, &len),
				SEC_E_OK);
	}
	return tok;
}

#define MIC(t, i)	((t) + 32 * (i))

/* Neither REPLAY_DETECT nor SEQUENCE_DETECT: nothing is checked. */
static void wrap_seq_unchecked(struct kunit *test)
{
	u8 *msg = buf(test, 16), *tok;
	struct pair pr;
	int i;

	pair_init_with(test, &pr, 17, false, ATTRS_NO_SEQ, INI_SEQ);
	tok = mics(test, &pr.ini, msg, 100);
	/* 100 in flight, delivered last first, then one of them again */
	for (i = 99; i >= 0; i--)
		KUNIT_EXPECT_EQ_MSG(test, verify(&pr.acc, msg, 16, MIC(tok, i),
						 28), SEC_E_OK, "token %d", i);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 0), 28),
			SEC_E_OK);
	MIC(tok, 5)[20] ^= 1;
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 5), 28),
			SEC_E_MESSAGE_ALTERED);
	pair_free(test, &pr);
}

/* REPLAY_DETECT alone: any order, but each number once. */
static void wrap_seq_replay_only(struct kunit *test)
{
	u8 *msg = buf(test, 16), *tok;
	struct pair pr;
	int i;

	pair_init_with(test, &pr, 17, false,
		       ATTRS_NO_SEQ | ASC_RET_REPLAY_DETECT, INI_SEQ);
	tok = mics(test, &pr.ini, msg, 100);
	for (i = 99; i >= 36; i--)
		KUNIT_EXPECT_EQ_MSG(test, verify(&pr.acc, msg, 16, MIC(tok, i),
						 28), SEC_E_OK, "token %d", i);
	/* 64 behind the highest: too old to tell from a replay */
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 35), 28),
			SEC_E_OUT_OF_SEQUENCE);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 60), 28),
			SEC_E_OUT_OF_SEQUENCE);
	pair_free(test, &pr);
}

/* SEQUENCE_DETECT: only the next number; a gap costs one refusal. */
static void wrap_seq_sequence(struct kunit *test)
{
	static const u32 attrs[] = {
		ATTRS_NO_SEQ | ASC_RET_SEQUENCE_DETECT,
		ATTRS_DEFAULT,
	};
	u8 *msg = buf(test, 16), *tok;
	struct pair pr;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		pair_init_with(test, &pr, 17, false, attrs[i], INI_SEQ);
		tok = mics(test, &pr.ini, msg, 8);
		KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 0),
					     28), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 0),
					     28), SEC_E_OUT_OF_SEQUENCE);
		/* 1 lost: 2 is refused, and 3 follows it */
		KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 2),
					     28), SEC_E_OUT_OF_SEQUENCE);
		KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 3),
					     28), SEC_E_OK);
		/* 1 arrives late, 2 again */
		KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 1),
					     28), SEC_E_OUT_OF_SEQUENCE);
		KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 2),
					     28), SEC_E_OUT_OF_SEQUENCE);
		/* a forgery of 5 moves nothing: 4 is still next */
		MIC(tok, 5)[20] ^= 1;
		KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 5),
					     28), SEC_E_MESSAGE_ALTERED);
		KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 4),
					     28), SEC_E_OK);
		pair_free(test, &pr);
	}
}

/*
 * Numbers count from the initial one modulo 2^64: a window across the
 * wrap works, a peer's jump to 2^64 - 1 does not reopen the old
 * numbers, and the number just below the initial one is refused.
 */
static void wrap_seq_wrap(struct kunit *test)
{
	u8 *msg = buf(test, 16), *tok, *far, *before;
	struct pair pr, hi, lo;
	u32 len = 32;
	int i;

	pair_init_with(test, &pr, 17, false,
		       ATTRS_NO_SEQ | ASC_RET_REPLAY_DETECT, U64_MAX - 2);
	tok = mics(test, &pr.ini, msg, 6);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(MIC(tok, 3) + 8), 0);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ_MSG(test, verify(&pr.acc, msg, 16, MIC(tok, i),
						 28), SEC_E_OK, "token %d", i);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ_MSG(test, verify(&pr.acc, msg, 16, MIC(tok, i),
						 28), SEC_E_OUT_OF_SEQUENCE,
				    "replay %d", i);
	pair_free(test, &pr);

	pair_init_with(test, &pr, 17, false,
		       ATTRS_NO_SEQ | ASC_RET_REPLAY_DETECT, INI_SEQ);
	pair_init_with(test, &hi, 17, false, ATTRS_NO_SEQ, U64_MAX);
	pair_init_with(test, &lo, 17, false, ATTRS_NO_SEQ, INI_SEQ - 1);
	tok = mics(test, &pr.ini, msg, 2);
	far = buf(test, 32);
	before = buf(test, 32);
	KUNIT_EXPECT_EQ(test, sign(&hi.ini, msg, 16, far, &len), SEC_E_OK);
	len = 32;
	KUNIT_EXPECT_EQ(test, sign(&lo.ini, msg, 16, before, &len), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 0), 28),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, before, 28),
			SEC_E_OUT_OF_SEQUENCE);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, far, 28), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 0), 28),
			SEC_E_OUT_OF_SEQUENCE);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 16, MIC(tok, 1), 28),
			SEC_E_OUT_OF_SEQUENCE);
	pair_free(test, &lo);
	pair_free(test, &hi);
	pair_free(test, &pr);
}

/* Without CONFIDENTIALITY a context signs Wrap tokens but seals none. */
static void wrap_no_confidentiality(struct kunit *test)
{
	u8 *msg = buf(test, 32), *tok = buf(test, 96);
	u32 tok_len = 96, qop;
	struct pair pr;

	pair_init_with(test, &pr, 18, true,
		       ATTRS_DEFAULT & ~ASC_RET_CONFIDENTIALITY, INI_SEQ);
	KUNIT_EXPECT_EQ(test, seal(&pr.ini, 0, msg, 32, tok, &tok_len),
			SEC_E_QOP_NOT_SUPPORTED);
	tok_len = 96;
	KUNIT_EXPECT_EQ(test, seal(&pr.ini, SECQOP_WRAP_NO_ENCRYPT, msg, 32,
				   tok, &tok_len), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, unseal(&pr.acc, msg, 32, tok, tok_len, &qop),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, qop, SECQOP_WRAP_NO_ENCRYPT);
	pair_free(test, &pr);
}

/* @src rotated right by @by into @dst, @len bytes. */
static void rotate_right(u8 *dst, const u8 *src, u32 len, u32 by)
{
	u32 i;

	for (i = 0; i < len; i++)
		dst[(i + by) % len] = src[i];
}

/*
 * The rotation counts tried on a body of @len with a tail of @tail: none,
 * the tail's, the same modulo @len, and three that split a piece.
 */
static u32 stream_rrc(u32 n, u32 tail, u32 len)
{
	const u32 rrcs[] = { 0, tail, tail + len, 1, tail - 1, len - 1 };

	return rrcs[n];
}

/*
 * Whole tokens in a STREAM, rotated by any count.  The counts senders
 * use, none and the tail's length (modulo the body's), are taken where
 * the pieces lie, so that the plaintext is found after the tail; any
 * other count is turned back first, and the plaintext starts the body.
 */
static void wrap_stream_rotations(struct kunit *test)
{
	static const u32 enctypes[] = { 17, 20 };
	u8 *msg = buf(test, 100), *orig = buf(test, 100), *tok = buf(test, 96);
	u8 *wire = buf(test, 200), *body = buf(test, 200);
	u8 *stream = buf(test, 200), *data;
	u32 i, j, k, tok_len, tail, len, rrc, data_len, qop, front;
	struct pair pr;

	fill(orig, 100, 5);
	for (i = 0; i < ARRAY_SIZE(enctypes); i++) {
		pair_init(test, &pr, enctypes[i], true);
		for (j = 0; j < 12; j++) {
			/* sealed, then integrity only */
			k = j / 6;
			memcpy(msg, orig, 100);
			tok_len = 96;
			KUNIT_ASSERT_EQ(test, seal(&pr.acc, k ?
						   SECQOP_WRAP_NO_ENCRYPT : 0,
						   msg, 100, tok, &tok_len),
					SEC_E_OK);
			tail = get_unaligned_be16(tok + 6);
			len = tok_len - 16 + 100;
			to_stream(wire, tok, tok_len, msg, 100);
			rotate_right(body, wire + 16, len, len - tail);
			rrc = stream_rrc(j % 6, tail, len);
			memcpy(stream, wire, 16);
			put_unaligned_be16(rrc, stream + 6);
			rotate_right(stream + 16, body, len, rrc % len);
			front = rrc % len == tail ? tail : 0;
			KUNIT_EXPECT_EQ_MSG(test,
					    unseal_stream(&pr.ini, stream,
							  16 + len, &data,
							  &data_len, &qop),
					    SEC_E_OK, "enctype %u, case %u",
					    enctypes[i], j);
			KUNIT_EXPECT_EQ(test, qop, k ? SECQOP_WRAP_NO_ENCRYPT :
						       0);
			KUNIT_EXPECT_EQ(test, data_len, 100);
			KUNIT_EXPECT_PTR_EQ(test, data,
					    stream + 16 + front +
					    (k ? 0 : 16));
			KUNIT_EXPECT_EQ(test, memcmp(data, orig, 100), 0);
		}
		pair_free(test, &pr);
	}
}

/*
 * DCE style: EC 16 and an RRC that Windows adds EC to; the TOKEN buffer
 * and cbSecurityTrailer grow by the filler, and a STREAM is turned back
 * by RRC + EC, which a context of the other style does not do.
 */
static void wrap_dce_style(struct kunit *test)
{
	static const u32 enctypes[] = { 17, 18, 19, 20 };
	u8 *msg = buf(test, 100), *orig = buf(test, 100), *tok = buf(test, 96);
	u8 *stream = buf(test, 200), *data;
	u32 i, tok_len, qop, data_len;
	struct pair pr, other;

	fill(orig, 100, 9);
	for (i = 0; i < ARRAY_SIZE(enctypes); i++) {
		pair_init_with(test, &pr, enctypes[i], true,
			       ATTRS_NO_SEQ | ASC_RET_USED_DCE_STYLE, INI_SEQ);
		pair_init_with(test, &other, enctypes[i], true, ATTRS_NO_SEQ,
			       INI_SEQ);
		KUNIT_EXPECT_EQ(test, sizes(test, &pr.acc).cbSecurityTrailer,
				64 + pr.mac);

		memcpy(msg, orig, 100);
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, seal(&pr.acc, 0, msg, 100, tok, &tok_len),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, tok_len, 64 + pr.mac);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok + 4), 16);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok + 6), 16 + pr.mac);
		to_stream(stream, tok, tok_len, msg, 100);
		KUNIT_EXPECT_EQ(test, unseal(&pr.ini, msg, 100, tok, tok_len,
					     &qop), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, memcmp(msg, orig, 100), 0);
		KUNIT_EXPECT_NE(test, unseal_stream(&other.ini, stream,
						    tok_len + 100, &data,
						    &data_len, &qop),
				SEC_E_OK);

		/* a fresh token, whole in a STREAM */
		memcpy(msg, orig, 100);
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, seal(&pr.acc, 0, msg, 100, tok, &tok_len),
				SEC_E_OK);
		to_stream(stream, tok, tok_len, msg, 100);
		KUNIT_EXPECT_EQ(test, unseal_stream(&pr.ini, stream,
						    tok_len + 100, &data,
						    &data_len, &qop),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, data_len, 100);
		KUNIT_EXPECT_EQ(test, memcmp(data, orig, 100), 0);
		/* the other style takes DCE's TOKEN layout all the same */
		memcpy(msg, orig, 100);
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, seal(&pr.acc, 0, msg, 100, tok, &tok_len),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, unseal(&other.ini, msg, 100, tok, tok_len,
					     &qop), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, memcmp(msg, orig, 100), 0);

		/* integrity only: EC and RRC the checksum length, as before */
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, seal(&pr.acc, SECQOP_WRAP_NO_ENCRYPT, msg,
					   100, tok, &tok_len), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok + 4), pr.mac);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(tok + 6), pr.mac);
		to_stream(stream, tok, tok_len, msg, 100);
		KUNIT_EXPECT_EQ(test, unseal_stream(&pr.ini, stream,
						    tok_len + 100, &data,
						    &data_len, &qop),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, qop, SECQOP_WRAP_NO_ENCRYPT);
		pair_free(test, &other);
		pair_free(test, &pr);
	}
}

/*
 * READONLY_WITH_CHECKSUM buffers are signed but not encrypted: they are
 * left as they are, and changing them breaks the token.
 */
static void wrap_sign_only_buffers(struct kunit *test)
{
	static const u32 enctypes[] = { 17, 18, 19, 20 };
	u8 *hdr = buf(test, 24), *body = buf(test, 40), *trl = buf(test, 8);
	u8 *orig = buf(test, 72), *tok = buf(test, 96), *sealed = buf(test, 40);
	u8 *tsealed = buf(test, 96);
	u32 i, tok_len, qop;
	SecBuffer b[4];
	struct pair pr;

	fill(orig, 72, 5);
	for (i = 0; i < ARRAY_SIZE(enctypes); i++) {
		pair_init(test, &pr, enctypes[i], true);
		memcpy(hdr, orig, 24);
		memcpy(body, orig + 24, 40);
		memcpy(trl, orig + 64, 8);
		b[0] = (SecBuffer){ 96, SECBUFFER_TOKEN, tok };
		b[1] = (SecBuffer){ 24, SECBUFFER_DATA |
				    SECBUFFER_READONLY_WITH_CHECKSUM, hdr };
		b[2] = (SecBuffer){ 40, SECBUFFER_DATA, body };
		b[3] = (SecBuffer){ 8, SECBUFFER_DATA |
				    SECBUFFER_READONLY_WITH_CHECKSUM, trl };
		KUNIT_EXPECT_EQ(test, call_desc(&pr.ini, 2, b, 4, 0), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, memcmp(hdr, orig, 24), 0);
		KUNIT_EXPECT_NE(test, memcmp(body, orig + 24, 40), 0);
		KUNIT_EXPECT_EQ(test, memcmp(trl, orig + 64, 8), 0);
		tok_len = b[0].cbBuffer;
		/*
		 * A changed sign-only buffer, then a missing one; RFC 3962
		 * decrypts before it can check, so the ciphertext goes back
		 */
		memcpy(sealed, body, 40);
		memcpy(tsealed, tok, tok_len);
		hdr[3] ^= 1;
		KUNIT_EXPECT_EQ(test, call_desc(&pr.acc, 3, b, 4, 0),
				SEC_E_MESSAGE_ALTERED);
		hdr[3] ^= 1;
		memcpy(body, sealed, 40);
		memcpy(tok, tsealed, tok_len);
		KUNIT_EXPECT_EQ(test, call_desc(&pr.acc, 3, b, 3, 0),
				SEC_E_MESSAGE_ALTERED);
		memcpy(body, sealed, 40);
		memcpy(tok, tsealed, tok_len);
		KUNIT_EXPECT_EQ(test, b[0].cbBuffer, tok_len);
		qop = 7;
		KUNIT_EXPECT_EQ(test, decrypt_desc(&pr.acc, b, 4, &qop),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, qop, 0);
		KUNIT_EXPECT_EQ(test, memcmp(body, orig + 24, 40), 0);
		pair_free(test, &pr);
	}
}

/* 18 DATA buffers take part in each of the four calls; 19 do not. */
static void wrap_data_limit(struct kunit *test)
{
	const u32 max = KSECDD_KRB5_DATA_MAX;
	u8 *data = buf(test, (max + 1) * 8), *orig = buf(test, (max + 1) * 8);
	u8 *tok = buf(test, 96);
	SecBuffer b[KSECDD_KRB5_DATA_MAX + 2];
	struct pair pr;
	u32 n, i, op;

	KUNIT_EXPECT_EQ(test, max, 18);
	fill(orig, (max + 1) * 8, 2);
	pair_init_with(test, &pr, 18, true, ATTRS_NO_SEQ, INI_SEQ);
	for (n = max; n <= max + 1; n++) {
		SECURITY_STATUS want = n == max ? SEC_E_OK :
				       SEC_E_INVALID_PARAMETER;

		memcpy(data, orig, (max + 1) * 8);
		for (op = 0; op < 4; op++) {
			if (!(op % 2))
				b[0] = (SecBuffer){ 96, SECBUFFER_TOKEN, tok };
			for (i = 0; i < n; i++)
				b[1 + i] = (SecBuffer){ 8, SECBUFFER_DATA,
							data + 8 * i };
			KUNIT_EXPECT_EQ_MSG(test,
					    call_desc(op % 2 ? &pr.acc : &pr.ini,
						      op, b, 1 + n, 0),
					    want, "%u buffers, call %u", n, op);
		}
		if (n == max)
			KUNIT_EXPECT_EQ(test, memcmp(data, orig, max * 8), 0);
	}
	pair_free(test, &pr);
}

/* Whether the package named @name advertises @bit. */
static u32 caps_of(struct kunit *test, const char *name)
{
	SecPkgInfoW *info;
	u32 n, i, j, caps = 0;

	KUNIT_ASSERT_EQ(test, EnumerateSecurityPackagesW(&n, &info), SEC_E_OK);
	for (i = 0; i < n; i++) {
		for (j = 0; name[j] && info[i].Name[j] == name[j]; j++)
			;
		if (!name[j] && !info[i].Name[j])
			caps = info[i].fCapabilities;
	}
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info), SEC_E_OK);
	return caps;
}

/* An advertised bit must work, one not advertised must be refused. */
static void expect_cap(struct kunit *test, const char *pkg, u32 caps,
		       u32 bit, SECURITY_STATUS got)
{
	if (caps & bit)
		KUNIT_EXPECT_EQ_MSG(test, got, SEC_E_OK,
				    "%s advertises 0x%x", pkg, bit);
	else
		KUNIT_EXPECT_EQ_MSG(test, got, SEC_E_UNSUPPORTED_FUNCTION,
				    "%s does 0x%x without advertising it",
				    pkg, bit);
}

/* A server context's client token, which IMPERSONATION promises. */
static SECURITY_STATUS impersonation(CtxtHandle *h)
{
	SECURITY_STATUS status;
	void *token;

	status = QuerySecurityContextToken(h, &token);
	if (status == SEC_E_OK)
		put_cred(token);
	return status;
}

/* What a context of @p's package does with a DATAGRAM context. */
static SECURITY_STATUS datagram(struct kunit *test,
				struct ksecdd_packed_ctx *p)
{
	u8 *msg = buf(test, 16), *tok = buf(test, 96);
	SECURITY_STATUS status;
	SecBuffer b[2] = {
		{ 16, SECBUFFER_DATA, msg },
		{ 96, SECBUFFER_TOKEN, tok },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, ARRAY_SIZE(b), b };
	CtxtHandle h;

	p->flags |= ISC_RET_DATAGRAM;
	status = import_raw(test, p, &h);
	if (status != SEC_E_OK)
		return status;
	/* datagram mode numbers messages by MessageSeqNo */
	status = MakeSignature(&h, 0, &d, 77);
	if (status == SEC_E_OK && get_unaligned_be64(tok + 8) != 77)
		status = SEC_E_INTERNAL_ERROR;
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	return status;
}

/*
 * What EnumerateSecurityPackagesW() says of message protection is what
 * the package does: INTEGRITY signs and verifies, PRIVACY encrypts and
 * decrypts, READONLY_WITH_CHECKSUM signs sign-only buffers without
 * encrypting them, DATAGRAM takes MessageSeqNo, IMPERSONATION gives the
 * client's token; and what a package does not advertise, it refuses.
 * The other bits describe the handshake, which is not done here.
 */
static void wrap_capabilities(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	u8 *msg = buf(test, 32), *ro = buf(test, 8), *copy = buf(test, 8);
	u8 *tok = buf(test, 96);
	u32 caps = caps_of(test, "Kerberos"), tok_len = 96, qop;
	SecBuffer b[3];
	struct pair pr;
	CtxtHandle h;

	KUNIT_ASSERT_NOT_NULL(test, p);
	pair_init(test, &pr, 17, true);
	KUNIT_EXPECT_EQ(test, caps, 0x73bb7U);
	expect_cap(test, "Kerberos", caps, SECPKG_FLAG_INTEGRITY,
		   sign(&pr.ini, msg, 32, tok, &tok_len) ?:
		   verify(&pr.acc, msg, 32, tok, tok_len));
	tok_len = 96;
	expect_cap(test, "Kerberos", caps, SECPKG_FLAG_PRIVACY,
		   seal(&pr.ini, 0, msg, 32, tok, &tok_len) ?:
		   unseal(&pr.acc, msg, 32, tok, tok_len, &qop));
	fill(ro, 8, 1);
	memcpy(copy, ro, 8);
	b[0] = (SecBuffer){ 96, SECBUFFER_TOKEN, tok };
	b[1] = (SecBuffer){ 32, SECBUFFER_DATA, msg };
	b[2] = (SecBuffer){ 8, SECBUFFER_DATA |
			    SECBUFFER_READONLY_WITH_CHECKSUM, ro };
	expect_cap(test, "Kerberos", caps, SECPKG_FLAG_READONLY_WITH_CHECKSUM,
		   call_desc(&pr.ini, 2, b, 3, 0) ?:
		   (memcmp(ro, copy, 8) ? SEC_E_INTERNAL_ERROR : 0) ?:
		   call_desc(&pr.acc, 3, b, 3, 0));
	krb5_template(p);
	expect_cap(test, "Kerberos", caps, SECPKG_FLAG_DATAGRAM,
		   datagram(test, p));
	expect_cap(test, "Kerberos", caps, SECPKG_FLAG_IMPERSONATION,
		   impersonation(&pr.acc));
	pair_free(test, &pr);

	/* NTLM: all of it but DATAGRAM (the round trips are ntlm_test.c's) */
	caps = caps_of(test, "NTLM");
	KUNIT_EXPECT_EQ(test, caps, 0x42b37U);
	ntlm_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	tok_len = 96;
	expect_cap(test, "NTLM", caps, SECPKG_FLAG_INTEGRITY,
		   sign(&h, msg, 32, tok, &tok_len));
	tok_len = 96;
	expect_cap(test, "NTLM", caps, SECPKG_FLAG_PRIVACY,
		   seal(&h, 0, msg, 32, tok, &tok_len));
	b[0] = (SecBuffer){ 96, SECBUFFER_TOKEN, tok };
	b[1] = (SecBuffer){ 32, SECBUFFER_DATA, msg };
	memcpy(copy, ro, 8);
	expect_cap(test, "NTLM", caps, SECPKG_FLAG_READONLY_WITH_CHECKSUM,
		   call_desc(&h, 2, b, 3, 0) ?:
		   (memcmp(ro, copy, 8) ? SEC_E_INTERNAL_ERROR : 0));
	expect_cap(test, "NTLM", caps, SECPKG_FLAG_IMPERSONATION,
		   impersonation(&h));
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	expect_cap(test, "NTLM", caps, SECPKG_FLAG_DATAGRAM,
		   datagram(test, p));
}

/* A context of one of MIT's gss_wrap_iov() vectors, with @attrs. */
static void mit_iov_import(struct kunit *test, const struct mit_iov_vector *v,
			   u8 role, u32 attrs, CtxtHandle *h)
{
	if (v->dce)
		attrs |= ASC_RET_USED_DCE_STYLE;
	mit_import_keys(test, v->enctype, v->key, v->acceptor_subkey,
			v->initiator_seq, v->acceptor_seq, role, attrs, h);
}

/*
 * Known answers from MIT's gss_wrap_iov(): sign-only buffers enter the
 * tag in their place, unencrypted, and DCE-style tokens (EC 16, rotated
 * by RRC + EC) decrypt in the TOKEN layout and whole in a STREAM; our
 * DCE-style tokens have MIT's header and length.
 */
static void wrap_mit_iov_vectors(struct kunit *test)
{
	u32 i, j, hdr_len, data_len, out_len, qop, len;
	u8 *hdr, *data, *stream, *out, *mine, *sign[3];
	SecBuffer b[4];
	CtxtHandle acc, ini;

	for (i = 0; i < ARRAY_SIZE(mit_iov_vectors); i++) {
		const struct mit_iov_vector *v = &mit_iov_vectors[i];
		u32 mac = ksecdd_krb5_mac_len(v->enctype);

		mit_iov_import(test, v, KSECDD_ROLE_ACCEPTOR, ATTRS_DEFAULT,
			       &acc);
		hdr = unhex_buf(test, v->iov_header, &hdr_len);
		data = unhex_buf(test, v->iov_data, &data_len);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(hdr + 4),
				v->dce ? 16 : 0);
		KUNIT_EXPECT_EQ(test, get_unaligned_be16(hdr + 6), 16 + mac);
		for (j = 0; j < 3; j++) {
			len = strlen(mit_iov_texts[j]);
			sign[j] = buf(test, len);
			memcpy(sign[j], mit_iov_texts[j], len);
		}
		b[0] = (SecBuffer){ hdr_len, SECBUFFER_TOKEN, hdr };
		b[1] = (SecBuffer){ strlen(mit_iov_texts[0]), SECBUFFER_DATA |
				    SECBUFFER_READONLY_WITH_CHECKSUM, sign[0] };
		b[2] = (SecBuffer){ data_len, SECBUFFER_DATA, data };
		b[3] = (SecBuffer){ strlen(mit_iov_texts[2]), SECBUFFER_DATA |
				    SECBUFFER_READONLY_WITH_CHECKSUM, sign[2] };
		qop = 7;
		KUNIT_EXPECT_EQ_MSG(test, decrypt_desc(&acc, b, 4, &qop),
				    SEC_E_OK, "enctype %u dce %d", v->enctype,
				    v->dce);
		KUNIT_EXPECT_EQ(test, qop, 0);
		KUNIT_EXPECT_EQ(test, data_len, strlen(mit_iov_texts[1]));
		KUNIT_EXPECT_EQ(test, memcmp(data, mit_iov_texts[1], data_len),
				0);

		/* the one without sign-only buffers, as TOKEN and DATA */
		hdr = unhex_buf(test, v->plain_header, &hdr_len);
		data = unhex_buf(test, v->plain_data, &data_len);
		stream = buf(test, hdr_len + data_len);
		memcpy(stream, hdr, hdr_len);
		memcpy(stream + hdr_len, data, data_len);
		KUNIT_EXPECT_EQ(test, unseal(&acc, data, data_len, hdr, hdr_len,
					     &qop), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, memcmp(data, mit_iov_plain, data_len), 0);
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&acc), SEC_E_OK);

		/* and whole in a STREAM, on a context that skips the first */
		mit_iov_import(test, v, KSECDD_ROLE_ACCEPTOR, ATTRS_NO_SEQ |
			       ASC_RET_REPLAY_DETECT, &acc);
		KUNIT_EXPECT_EQ_MSG(test, unseal_stream(&acc, stream,
							hdr_len + data_len,
							&out, &out_len, &qop),
				    SEC_E_OK, "enctype %u dce %d", v->enctype,
				    v->dce);
		KUNIT_EXPECT_EQ(test, out_len, strlen(mit_iov_plain));
		KUNIT_EXPECT_EQ(test, memcmp(out, mit_iov_plain, out_len), 0);
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&acc), SEC_E_OK);

		/* our initiator, numbering as MIT's did, lays it out alike */
		mit_iov_import(test, v, KSECDD_ROLE_INITIATOR, ATTRS_DEFAULT,
			       &ini);
		mine = buf(test, 96);
		len = 96;
		data = buf(test, 15);
		memcpy(data, mit_iov_plain, 15);
		KUNIT_EXPECT_EQ(test, seal(&ini, 0, data, 15, mine, &len),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, len, hdr_len);
		KUNIT_EXPECT_EQ(test, memcmp(mine, hdr, 8), 0);
		KUNIT_EXPECT_EQ(test, get_unaligned_be64(mine + 8),
				v->initiator_seq);
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ini), SEC_E_OK);
	}
}

/* NTLM message calls reach the package, which wants a TOKEN buffer. */
static void wrap_ntlm_no_token(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	SecBufferDesc desc = { SECBUFFER_VERSION, 0, NULL };
	CtxtHandle h, bogus = { 1, 2 };

	KUNIT_ASSERT_NOT_NULL(test, p);
	ntlm_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, MakeSignature(&h, 0, &desc, 0),
			SEC_E_INVALID_TOKEN);
	KUNIT_EXPECT_EQ(test, VerifySignature(&h, &desc, 0, NULL),
			SEC_E_INVALID_TOKEN);
	KUNIT_EXPECT_EQ(test, EncryptMessage(&h, 0, &desc, 0),
			SEC_E_INVALID_TOKEN);
	KUNIT_EXPECT_EQ(test, DecryptMessage(&h, &desc, 0, NULL),
			SEC_E_INVALID_TOKEN);
	KUNIT_EXPECT_EQ(test, MakeSignature(&bogus, 0, &desc, 0),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, EncryptMessage(&h, 0, NULL, 0),
			SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
}

/* The counters of /sys/class/misc/ksecdd/stats a test moves. */
struct counted {
	s64 imports, signed_, verified, sealed, unsealed, replays, forgeries;
};

static void counted_now(struct counted *c)
{
	const char *krb5 = "Kerberos";

	c->imports = ksecdd_stats_read(krb5, KSECDD_STAT_IMPORTS);
	c->signed_ = ksecdd_stats_read(krb5, KSECDD_STAT_SIGNED);
	c->verified = ksecdd_stats_read(krb5, KSECDD_STAT_VERIFIED);
	c->sealed = ksecdd_stats_read(krb5, KSECDD_STAT_SEALED);
	c->unsealed = ksecdd_stats_read(krb5, KSECDD_STAT_UNSEALED);
	c->replays = ksecdd_stats_read_refused(SEC_E_OUT_OF_SEQUENCE);
	c->forgeries = ksecdd_stats_read_refused(SEC_E_MESSAGE_ALTERED);
}

/*
 * Each message counted once, by what happened to it: two imports, two
 * signatures made and one verified, a replay and a forgery refused, one
 * message sealed and unsealed; a malformed token is no refusal of these.
 */
static void wrap_counted(struct kunit *test)
{
	u8 *msg = buf(test, 64), *tok = buf(test, 96);
	struct counted before, after;
	u32 tok_len, qop;
	struct pair pr;

	counted_now(&before);
	pair_init(test, &pr, 18, true);
	fill(msg, 64, 3);
	tok_len = 96;
	KUNIT_EXPECT_EQ(test, sign(&pr.ini, msg, 64, tok, &tok_len), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 64, tok, tok_len),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 64, tok, tok_len),
			SEC_E_OUT_OF_SEQUENCE);
	tok_len = 96;
	KUNIT_EXPECT_EQ(test, sign(&pr.ini, msg, 64, tok, &tok_len), SEC_E_OK);
	tok[tok_len - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 64, tok, tok_len),
			SEC_E_MESSAGE_ALTERED);
	KUNIT_EXPECT_EQ(test, verify(&pr.acc, msg, 64, tok, 3),
			SEC_E_INVALID_TOKEN);
	tok_len = 96;
	KUNIT_EXPECT_EQ(test, seal(&pr.acc, 0, msg, 64, tok, &tok_len),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, unseal(&pr.ini, msg, 64, tok, tok_len, &qop),
			SEC_E_OK);
	counted_now(&after);
	KUNIT_EXPECT_EQ(test, after.imports - before.imports, 2);
	KUNIT_EXPECT_EQ(test, after.signed_ - before.signed_, 2);
	KUNIT_EXPECT_EQ(test, after.verified - before.verified, 1);
	KUNIT_EXPECT_EQ(test, after.replays - before.replays, 1);
	KUNIT_EXPECT_EQ(test, after.forgeries - before.forgeries, 1);
	KUNIT_EXPECT_EQ(test, after.sealed - before.sealed, 1);
	KUNIT_EXPECT_EQ(test, after.unsealed - before.unsealed, 1);
	pair_free(test, &pr);
}

/*
 * MIT krb5's sealed tokens decrypt in a STREAM wherever it lies: across
 * a page boundary of vmalloc memory at an odd offset, and on the stack.
 */
static void wrap_mit_any_memory(struct kunit *test)
{
	u32 i, where, msg_len, tok_len, data_len, qop;
	u8 on_stack[160], *msg, *tok, *p, *data;
	struct scattered s;
	CtxtHandle acc;

	scattered_map(test, &s, 2, false);
	for (i = 0; i < ARRAY_SIZE(mit_vectors); i++) {
		const struct mit_vector *v = &mit_vectors[i];

		msg = unhex_buf(test, v->wrap_msg, &msg_len);
		tok = unhex_buf(test, v->wrap, &tok_len);
		KUNIT_ASSERT_LT(test, tok_len, sizeof(on_stack));
		for (where = 0; where < 2; where++) {
			p = where ? on_stack + 1 :
				    s.addr + PAGE_SIZE - tok_len / 2 - 1;
			memcpy(p, tok, tok_len);
			/* the Wrap token follows a MIC: no number checks */
			mit_import_keys(test, v->enctype, v->key,
					v->acceptor_subkey, v->initiator_seq,
					v->acceptor_seq, KSECDD_ROLE_ACCEPTOR,
					ATTRS_NO_SEQ, &acc);
			KUNIT_ASSERT_EQ_MSG(test,
					    unseal_stream(&acc, p, tok_len,
							  &data, &data_len,
							  &qop),
					    SEC_E_OK, "enctype %u, %s",
					    v->enctype,
					    where ? "stack" : "vmalloc");
			KUNIT_EXPECT_EQ(test, data_len, msg_len);
			KUNIT_EXPECT_TRUE(test, data >= p &&
					  data + data_len <= p + tok_len);
			KUNIT_EXPECT_EQ(test, memcmp(data, msg, msg_len), 0);
			KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&acc),
					SEC_E_OK);
		}
	}
	scattered_unmap(&s);
}

/*
 * Our tokens from vmalloc memory (token and data across a page boundary)
 * and from the stack decrypt on the peer in kmalloc memory, and the
 * other way round, in every encryption type.
 */
static void wrap_any_memory(struct kunit *test)
{
	static const u32 enctypes[] = { 17, 18, 19, 20 };
	u8 on_stack[200], *orig = buf(test, 100), *lin = buf(test, 300);
	u32 i, where, trailer, len, data_len, qop;
	u8 *t, *data, *out;
	struct scattered s;
	struct pair pr;

	fill(orig, 100, 9);
	scattered_map(test, &s, 2, false);
	for (i = 0; i < ARRAY_SIZE(enctypes); i++) {
		pair_init(test, &pr, enctypes[i], i % 2);
		trailer = sizes(test, &pr.ini).cbSecurityTrailer;
		for (where = 0; where < 2; where++) {
			t = where ? on_stack + 3 : s.addr + PAGE_SIZE - 41;
			data = t + trailer;
			memcpy(data, orig, 100);
			len = trailer;
			KUNIT_EXPECT_EQ(test, seal(&pr.ini, 0, data, 100, t,
						   &len), SEC_E_OK);
			to_stream(lin, t, len, data, 100);
			KUNIT_EXPECT_EQ_MSG(test,
					    unseal_stream(&pr.acc, lin,
							  len + 100, &out,
							  &data_len, &qop),
					    SEC_E_OK, "enctype %u, %s",
					    enctypes[i],
					    where ? "stack" : "vmalloc");
			KUNIT_EXPECT_EQ(test, memcmp(out, orig, 100), 0);

			memcpy(lin, orig, 100);
			len = trailer;
			KUNIT_EXPECT_EQ(test, seal(&pr.acc, 0, lin, 100,
						   lin + 100, &len), SEC_E_OK);
			memcpy(t, lin + 100, len);
			memcpy(data, lin, 100);
			KUNIT_EXPECT_EQ(test, unseal(&pr.ini, data, 100, t, len,
						     &qop), SEC_E_OK);
			KUNIT_EXPECT_EQ(test, memcmp(data, orig, 100), 0);
		}
		pair_free(test, &pr);
	}
	scattered_unmap(&s);
}

#define PAGES	16

/*
 * 64 KiB in 16 one-page DATA buffers, as NFS holds it: sealed without
 * leaving RCU (the stack table holds it), the same token as TOKEN and
 * the pages in one STREAM, and decrypted in the pages.
 */
static void wrap_pages(struct kunit *test)
{
	const size_t total = PAGES * PAGE_SIZE;
	u8 *orig = buf(test, total), *stream = buf(test, total + 96);
	u32 i, trailer, data_len, qop;
	SecBuffer b[PAGES + 1];
	struct page *pages[PAGES];
	SecBufferDesc d = { SECBUFFER_VERSION, PAGES + 1, b };
	struct ksecdd_context *ctx;
	u8 *tok = buf(test, 96), *out;
	struct pair pr;
	int err;

	fill(orig, total, 3);
	pair_init(test, &pr, 18, true);
	trailer = sizes(test, &pr.ini).cbSecurityTrailer;
	page_data_buffers(test, pages, b + 1, orig, PAGES);
	b[0] = (SecBuffer){ trailer, SECBUFFER_TOKEN, tok };
	KUNIT_EXPECT_EQ(test, EncryptMessage(&pr.ini, 0, &d, 0), SEC_E_OK);
	KUNIT_EXPECT_NE(test, memcmp(page_address(pages[0]), orig, PAGE_SIZE),
			0);
	memcpy(stream, tok, trailer);
	for (i = 0; i < PAGES; i++)
		memcpy(stream + trailer + i * PAGE_SIZE,
		       page_address(pages[i]), PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, unseal_stream(&pr.acc, stream, trailer + total,
					    &out, &data_len, &qop), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, data_len, total);
	KUNIT_EXPECT_EQ(test, memcmp(out, orig, total), 0);

	for (i = 0; i < PAGES; i++)
		memcpy(page_address(pages[i]), orig + i * PAGE_SIZE,
		       PAGE_SIZE);
	b[0].cbBuffer = trailer;
	rcu_read_lock();
	ctx = ksecdd_context_find(&pr.ini);
	err = PTR_ERR_OR_ZERO(ctx) ?:
	      ksecdd_package_message(ctx, KSECDD_MSG_ENCRYPT, 0, &d, NULL,
				     false);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, DecryptMessage(&pr.acc, &d, 0, &qop), SEC_E_OK);
	for (i = 0; i < PAGES; i++) {
		KUNIT_EXPECT_EQ(test, memcmp(page_address(pages[i]),
					     orig + i * PAGE_SIZE, PAGE_SIZE),
				0);
		__free_page(pages[i]);
	}
	pair_free(test, &pr);
}

/* @op on @b as a caller that may not sleep: under RCU, unreferenced. */
static int atomic_message(CtxtHandle *h, enum ksecdd_message_op op,
			  SecBuffer *b, u32 n)
{
	SecBufferDesc d = { SECBUFFER_VERSION, n, b };
	struct ksecdd_context *ctx;
	u32 qop;
	int err;

	rcu_read_lock();
	ctx = ksecdd_context_find(h);
	err = PTR_ERR_OR_ZERO(ctx) ?:
	      ksecdd_package_message(ctx, op, 0, &d, &qop, false);
	rcu_read_unlock();
	return err;
}

/*
 * A message whose scatterlist the stack table cannot hold: the attempt
 * of a caller that may not sleep is -EAGAIN having changed nothing, no
 * number taken or marked, no byte moved, also for a STREAM that is to be
 * rotated back; the SSPI calls run it where they may sleep, and the
 * numbers go on as if the attempt had not been.
 */
static void wrap_rcu_retry(struct kunit *test)
{
	const u32 n = KSECDD_KRB5_VEC_MAX + 4;
	const size_t total = n * PAGE_SIZE;
	u8 *orig = buf(test, total), *sealed = buf(test, total + 96);
	u8 *tok = buf(test, 96), *copy = buf(test, 96), *small = buf(test, 32);
	u8 *unrot = buf(test, total + 96);
	u32 trailer, len, tail, body, data_len, qop;
	struct scattered s, st;
	struct pair pr;
	SecBuffer b[2];
	u8 *out;

	fill(orig, total, 11);
	scattered_map(test, &s, n, false);
	scattered_map(test, &st, n + 1, false);
	pair_init(test, &pr, 17, true);
	trailer = sizes(test, &pr.ini).cbSecurityTrailer;
	memcpy(s.addr, orig, total);
	memset(tok, 0xa5, 96);
	memcpy(copy, tok, 96);
	b[0] = (SecBuffer){ trailer, SECBUFFER_TOKEN, tok };
	b[1] = (SecBuffer){ total, SECBUFFER_DATA, s.addr };
	KUNIT_EXPECT_EQ(test, atomic_message(&pr.ini, KSECDD_MSG_ENCRYPT, b, 2),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, b[0].cbBuffer, trailer);
	KUNIT_EXPECT_EQ(test, memcmp(tok, copy, 96), 0);
	KUNIT_EXPECT_EQ(test, memcmp(s.addr, orig, total), 0);
	len = trailer;
	KUNIT_ASSERT_EQ(test, seal(&pr.ini, 0, s.addr, total, tok, &len),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(tok + 8), INI_SEQ);
	to_stream(sealed, tok, len, s.addr, total);

	/* in TOKEN and DATA: the receive state and the bytes stay */
	b[0].cbBuffer = len;
	KUNIT_EXPECT_EQ(test, atomic_message(&pr.acc, KSECDD_MSG_DECRYPT, b, 2),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, memcmp(s.addr, sealed + len, total), 0);
	/* in a STREAM rotated by 1, which is turned back only after */
	tail = get_unaligned_be16(tok + 6);
	body = len - 16 + total;
	memcpy(st.addr, sealed, 16);
	put_unaligned_be16(1, st.addr + 6);
	rotate_right(unrot, sealed + 16, body, body - tail);
	rotate_right(st.addr + 16, unrot, body, 1);
	memcpy(sealed, st.addr, 16 + body);
	b[0] = (SecBuffer){ 16 + body, SECBUFFER_STREAM, st.addr };
	b[1] = (SecBuffer){ 0, SECBUFFER_DATA, NULL };
	KUNIT_EXPECT_EQ(test, atomic_message(&pr.acc, KSECDD_MSG_DECRYPT, b, 2),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, memcmp(st.addr, sealed, 16 + body), 0);
	KUNIT_EXPECT_PTR_EQ(test, b[1].pvBuffer, NULL);
	KUNIT_EXPECT_EQ(test, unseal_stream(&pr.acc, st.addr, 16 + body, &out,
					    &data_len, &qop), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, data_len, total);
	KUNIT_EXPECT_EQ(test, memcmp(out, orig, total), 0);

	/* the next numbers, both ways, under SEQUENCE_DETECT */
	len = trailer;
	KUNIT_EXPECT_EQ(test, seal(&pr.ini, 0, small, 32, tok, &len),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, get_unaligned_be64(tok + 8), INI_SEQ + 1);
	KUNIT_EXPECT_EQ(test, unseal(&pr.acc, small, 32, tok, len, &qop),
			SEC_E_OK);
	scattered_unmap(&s);
	scattered_unmap(&st);
	pair_free(test, &pr);
}

static struct kunit_case ksecdd_krb5_wrap_cases[] = {
	KUNIT_CASE(wrap_mit_vectors),
	KUNIT_CASE(wrap_mit_iov_vectors),
	KUNIT_CASE(wrap_round_trip),
	KUNIT_CASE(wrap_tampered),
	KUNIT_CASE(wrap_sequence_window),
	KUNIT_CASE(wrap_export_keeps_sequence),
	KUNIT_CASE(wrap_bad_buffers),
	KUNIT_CASE(wrap_ntlm_no_token),
	KUNIT_CASE(wrap_seq_unchecked),
	KUNIT_CASE(wrap_seq_replay_only),
	KUNIT_CASE(wrap_seq_sequence),
	KUNIT_CASE(wrap_seq_wrap),
	KUNIT_CASE(wrap_no_confidentiality),
	KUNIT_CASE(wrap_dce_style),
	KUNIT_CASE(wrap_stream_rotations),
	KUNIT_CASE(wrap_sign_only_buffers),
	KUNIT_CASE(wrap_data_limit),
	KUNIT_CASE(wrap_mit_any_memory),
	KUNIT_CASE(wrap_any_memory),
	KUNIT_CASE(wrap_pages),
	KUNIT_CASE(wrap_rcu_retry),
	KUNIT_CASE(wrap_capabilities),
	KUNIT_CASE(wrap_counted),
	{}
};

struct kunit_suite ksecdd_krb5_wrap_suite = {
	.name = "ksecdd_krb5_wrap",
	.test_cases = ksecdd_krb5_wrap_cases,
};
