// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 4121 tokens through the SSPI entry points: a pair of contexts,
 * initiator and acceptor, made from the same keys, protect messages for
 * each other; and tokens MIT krb5 made (krb5_mit_vectors.h) are known
 * answers.
 */

#include <kunit/test.h>
#include <linux/slab.h>
#include <asm/unaligned.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/krb5_crypto.h"
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

static void pair_init(struct kunit *test, struct pair *pr, u32 enctype,
		      bool subkey)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	leak_baseline(&pr->base);
	krb5_template(p);
	p->krb5.enctype = enctype;
	if (!subkey)
		p->krb5.flags = 0;
	p->krb5.send_seq_initial = ACC_SEQ;
	p->krb5.send_seq = ACC_SEQ;
	p->krb5.recv_seq_initial = INI_SEQ;
	p->krb5.recv_seq = INI_SEQ;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &pr->acc), SEC_E_OK);
	p->role = KSECDD_ROLE_INITIATOR;
	swap(p->krb5.send_seq_initial, p->krb5.recv_seq_initial);
	swap(p->krb5.send_seq, p->krb5.recv_seq);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &pr->ini), SEC_E_OK);
	pr->mac = ksecdd_krb5_mac_len(enctype);
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
		memcpy(stream, tok, tok_len);
		memcpy(stream + tok_len, msg, 300);
		KUNIT_EXPECT_EQ(test, unseal_stream(&pr.ini, stream,
						    tok_len + 300, &data,
						    &data_len, &qop),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, qop, SECQOP_WRAP_NO_ENCRYPT);
		KUNIT_EXPECT_EQ(test, data_len, 300);
		KUNIT_EXPECT_PTR_EQ(test, data, stream + 16);
		KUNIT_EXPECT_EQ(test, memcmp(data, orig, 300), 0);

		/* confidential, received as one STREAM */
		tok_len = 96;
		KUNIT_EXPECT_EQ(test, seal(&pr.acc, 0, msg, 300, tok, &tok_len),
				SEC_E_OK);
		memcpy(stream, tok, tok_len);
		memcpy(stream + tok_len, msg, 300);
		KUNIT_EXPECT_EQ(test, unseal_stream(&pr.ini, stream,
						    tok_len + 300, &data,
						    &data_len, &qop),
				SEC_E_OK);
		KUNIT_EXPECT_EQ(test, qop, 0);
		KUNIT_EXPECT_EQ(test, data_len, 300);
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

/* Out of order within 64 messages is fine, once; older is refused. */
static void wrap_sequence_window(struct kunit *test)
{
	u8 *msg = buf(test, 16), *tok = buf(test, 70 * 32);
	u32 i, tok_len;
	struct pair pr;

	pair_init(test, &pr, 17, false);
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
	/* sign-only buffers are not done with encryption */
	b[1].cbBuffer = 96;
	b[2] = (SecBuffer){ 4, SECBUFFER_DATA |
			   SECBUFFER_READONLY_WITH_CHECKSUM, msg };
	KUNIT_EXPECT_EQ(test, call_desc(&pr.ini, 2, b, 3, 0),
			SEC_E_UNSUPPORTED_FUNCTION);
	/* read-only buffers are signed, and left alone by encryption */
	b[2].BufferType = SECBUFFER_DATA | SECBUFFER_READONLY;
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

/* A context of one MIT vector's keys, acceptor or initiator. */
static void mit_import(struct kunit *test, const struct mit_vector *v,
		       u8 role, CtxtHandle *h)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	u64 acc = v->acceptor_seq, ini = v->initiator_seq;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, p);
	krb5_template(p);
	p->role = role;
	p->krb5.enctype = v->enctype;
	unhex(v->key, p->krb5.key, &len);
	unhex(v->acceptor_subkey, p->krb5.acceptor_subkey, &len);
	p->krb5.send_seq_initial = role == KSECDD_ROLE_ACCEPTOR ? acc : ini;
	p->krb5.send_seq = p->krb5.send_seq_initial;
	p->krb5.recv_seq_initial = role == KSECDD_ROLE_ACCEPTOR ? ini : acc;
	p->krb5.recv_seq = p->krb5.recv_seq_initial;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, h), SEC_E_OK);
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

/* NTLM contexts do not protect messages yet. */
static void wrap_ntlm_unsupported(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	SecBufferDesc desc = { SECBUFFER_VERSION, 0, NULL };
	CtxtHandle h, bogus = { 1, 2 };

	KUNIT_ASSERT_NOT_NULL(test, p);
	ntlm_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, MakeSignature(&h, 0, &desc, 0),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, VerifySignature(&h, &desc, 0, NULL),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, EncryptMessage(&h, 0, &desc, 0),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, DecryptMessage(&h, &desc, 0, NULL),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, MakeSignature(&bogus, 0, &desc, 0),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, EncryptMessage(&h, 0, NULL, 0),
			SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
}

static struct kunit_case ksecdd_krb5_wrap_cases[] = {
	KUNIT_CASE(wrap_mit_vectors),
	KUNIT_CASE(wrap_round_trip),
	KUNIT_CASE(wrap_tampered),
	KUNIT_CASE(wrap_sequence_window),
	KUNIT_CASE(wrap_export_keeps_sequence),
	KUNIT_CASE(wrap_bad_buffers),
	KUNIT_CASE(wrap_ntlm_unsupported),
	{}
};

struct kunit_suite ksecdd_krb5_wrap_suite = {
	.name = "ksecdd_krb5_wrap",
	.test_cases = ksecdd_krb5_wrap_cases,
};
