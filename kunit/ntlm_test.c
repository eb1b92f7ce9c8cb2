// SPDX-License-Identifier: GPL-2.0
/*
 * MS-NLMP session security through the SSPI entry points: a client and a
 * server context made from the same keys protect messages for each
 * other, and MS-NLMP 4.2's examples are known answers.
 *
 * The keys are those of MS-NLMP 4.2.4 (RandomSessionKey 16 x 0x55, which
 * is the exported session key under KEY_EXCH).  Without extended session
 * security the answer is MS-NLMP 4.2.2.4's sealed message, with the
 * RandomPad field zero as gss-ntlmssp sends it.  The signatures of the
 * messages only signed (MS-NLMP shows none) were computed with Python's
 * hashlib, hmac and zlib.crc32 and a plain RC4 from the same inputs.
 */

#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/ntlm.h"
#include "suites.h"
#include "util.h"

#define SIG_LEN		KSECDD_NTLM_SIGNATURE_LEN
#define MSG_MAX		300

/* MS-NLMP 4.2.4: ESS, KEY_EXCH, 128, SEAL, SIGN, ... */
#define FLAGS_ESS	0xe2888235U
#define FLAGS_NO_ESS	(FLAGS_ESS & ~NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY)
#define FLAGS_NO_KEYX	(FLAGS_ESS & ~NTLMSSP_NEGOTIATE_KEY_EXCH)

static const char client_sign[] = "4788dc861b4782f35d43fd98fe1a2d39";
static const char client_seal[] = "59f600973cc4960a25480a7c196e4c58";
static const char server_sign[] = "d04d6f10741041d1d246d64188d7a8ad";
static const char server_seal[] = "9355f3a957c1583d25c4c2f11e40390e";

/* UTF-16LE "Plaintext" */
static const u8 plaintext[18] = {
	'P', 0, 'l', 0, 'a', 0, 'i', 0, 'n', 0, 't', 0, 'e', 0, 'x', 0,
	't', 0,
};

struct pair {
	CtxtHandle cli;
	CtxtHandle srv;
	u32 flags;
	struct leak_baseline base;
};

static void hex(u8 *out, const char *text)
{
	size_t len;

	unhex(text, out, &len);
}

/* A context of the MS-NLMP 4.2.4 session with @flags, in @role. */
static void ntlm_ctx(struct kunit *test, u32 flags, u8 role, CtxtHandle *h)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct ksecdd_packed_ntlm *n;

	KUNIT_ASSERT_NOT_NULL(test, p);
	ntlm_template(p);
	n = &p->ntlm;
	p->role = role;
	n->negotiate_flags = flags;
	memset(&n->client, 0, sizeof(n->client));
	memset(&n->server, 0, sizeof(n->server));
	if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) {
		hex(n->client.sign_key, client_sign);
		hex(n->client.seal_key, client_seal);
		hex(n->server.sign_key, server_sign);
		hex(n->server.seal_key, server_seal);
	} else {
		/* no signing keys; the sealing key is the session key */
		memcpy(n->client.seal_key, n->session_key, KSECDD_NTLM_KEY_LEN);
		memcpy(n->server.seal_key, n->session_key, KSECDD_NTLM_KEY_LEN);
	}
	KUNIT_ASSERT_EQ(test, import_raw(test, p, h), SEC_E_OK);
	kunit_kfree(test, p);
}

static void pair_init(struct kunit *test, struct pair *pr, u32 flags)
{
	leak_baseline(&pr->base);
	pr->flags = flags;
	ntlm_ctx(test, flags, KSECDD_ROLE_INITIATOR, &pr->cli);
	ntlm_ctx(test, flags, KSECDD_ROLE_ACCEPTOR, &pr->srv);
}

static void pair_free(struct kunit *test, struct pair *pr)
{
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&pr->cli), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&pr->srv), SEC_E_OK);
	expect_no_leak(test, &pr->base);
}

static u8 *buf(struct kunit *test, size_t len)
{
	u8 *p = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return p;
}

static void fill(u8 *p, size_t len, u8 seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = seed + i * 7;
}

static SECURITY_STATUS call(CtxtHandle *h, int op, SecBuffer *b, u32 n)
{
	SecBufferDesc d = { SECBUFFER_VERSION, n, b };
	u32 qop = 7;
	SECURITY_STATUS status;

	switch (op) {
	case 0:
		return MakeSignature(h, 0, &d, 0);
	case 1:
		status = VerifySignature(h, &d, 0, &qop);
		break;
	case 2:
		return EncryptMessage(h, 0, &d, 0);
	default:
		status = DecryptMessage(h, &d, 0, &qop);
		break;
	}
	if (status == SEC_E_OK && qop)
		return SEC_E_INTERNAL_ERROR;
	return status;
}

static SECURITY_STATUS sign(CtxtHandle *h, u8 *msg, u32 len, u8 *sig)
{
	SecBuffer b[] = {
		{ len, SECBUFFER_DATA, msg },
		{ SIG_LEN + 8, SECBUFFER_TOKEN, sig },
	};
	SECURITY_STATUS status = call(h, 0, b, 2);

	if (status == SEC_E_OK && b[1].cbBuffer != SIG_LEN)
		return SEC_E_INTERNAL_ERROR;
	return status;
}

static SECURITY_STATUS verify(CtxtHandle *h, u8 *msg, u32 len, u8 *sig)
{
	SecBuffer b[] = {
		{ SIG_LEN, SECBUFFER_TOKEN, sig },
		{ len, SECBUFFER_DATA, msg },
	};

	return call(h, 1, b, 2);
}

static SECURITY_STATUS seal(CtxtHandle *h, u8 *msg, u32 len, u8 *sig)
{
	SecBuffer b[] = {
		{ SIG_LEN, SECBUFFER_TOKEN, sig },
		{ len, SECBUFFER_DATA, msg },
		{ 5, SECBUFFER_PADDING, sig },
	};
	SECURITY_STATUS status = call(h, 2, b, 3);

	if (status == SEC_E_OK && (b[0].cbBuffer != SIG_LEN || b[2].cbBuffer))
		return SEC_E_INTERNAL_ERROR;
	return status;
}

static SECURITY_STATUS unseal(CtxtHandle *h, u8 *msg, u32 len, u8 *sig)
{
	SecBuffer b[] = {
		{ SIG_LEN, SECBUFFER_TOKEN, sig },
		{ len, SECBUFFER_DATA, msg },
	};

	return call(h, 3, b, 2);
}

static CtxtHandle *peer(struct pair *pr, CtxtHandle *h)
{
	return h == &pr->cli ? &pr->srv : &pr->cli;
}

/* MS-NLMP 4.2.4.4, then a signature of the same text at SeqNum 1. */
static void ntlm_known_answer_ess(struct kunit *test)
{
	u8 *msg = buf(test, sizeof(plaintext)), *sig = buf(test, SIG_LEN + 8);
	struct pair pr;

	pair_init(test, &pr, FLAGS_ESS);
	memcpy(msg, plaintext, sizeof(plaintext));
	KUNIT_ASSERT_EQ(test, seal(&pr.cli, msg, sizeof(plaintext), sig),
			SEC_E_OK);
	expect_hex(test, msg, sizeof(plaintext),
		   "54e50165bf1936dc996020c1811b0f06fb5f");
	expect_hex(test, sig, SIG_LEN, "010000007fb38ec5c55d497600000000");
	KUNIT_EXPECT_EQ(test, unseal(&pr.srv, msg, sizeof(plaintext), sig),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, memcmp(msg, plaintext, sizeof(plaintext)), 0);
	KUNIT_ASSERT_EQ(test, sign(&pr.cli, msg, sizeof(plaintext), sig),
			SEC_E_OK);
	expect_hex(test, sig, SIG_LEN, "0100000026af39b825831b3101000000");
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg, sizeof(plaintext), sig),
			SEC_E_OK);
	pair_free(test, &pr);
}

/*
 * MS-NLMP 4.2.2.4 (no ESS, no LM_KEY: the session key seals) with
 * RandomPad zero in the signature where MS-NLMP shows 45c844e5, its
 * RC4-encrypted zero; then a signature on a fresh context.
 */
static void ntlm_known_answer_no_ess(struct kunit *test)
{
	u8 *msg = buf(test, sizeof(plaintext)), *sig = buf(test, SIG_LEN + 8);
	struct pair pr;

	pair_init(test, &pr, FLAGS_NO_ESS);
	memcpy(msg, plaintext, sizeof(plaintext));
	KUNIT_ASSERT_EQ(test, seal(&pr.cli, msg, sizeof(plaintext), sig),
			SEC_E_OK);
	expect_hex(test, msg, sizeof(plaintext),
		   "56fe04d861f9319af0d7238a2e3b4d457fb8");
	expect_hex(test, sig, SIG_LEN, "010000000000000009dcd1df2e459d36");
	KUNIT_EXPECT_EQ(test, unseal(&pr.srv, msg, sizeof(plaintext), sig),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, memcmp(msg, plaintext, sizeof(plaintext)), 0);
	/* MS-NLMP's own signature, RandomPad and all, verifies too */
	pair_free(test, &pr);
	pair_init(test, &pr, FLAGS_NO_ESS);
	hex(msg, "56fe04d861f9319af0d7238a2e3b4d457fb8");
	hex(sig, "0100000045c844e509dcd1df2e459d36");
	KUNIT_EXPECT_EQ(test, unseal(&pr.srv, msg, sizeof(plaintext), sig),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, memcmp(msg, plaintext, sizeof(plaintext)), 0);
	pair_free(test, &pr);

	pair_init(test, &pr, FLAGS_NO_ESS);
	memcpy(msg, plaintext, sizeof(plaintext));
	KUNIT_ASSERT_EQ(test, sign(&pr.cli, msg, sizeof(plaintext), sig),
			SEC_E_OK);
	expect_hex(test, sig, SIG_LEN, "01000000000000007d7df2099ed7578a");
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg, sizeof(plaintext), sig),
			SEC_E_OK);
	pair_free(test, &pr);
}

static const u32 all_flags[] = { FLAGS_ESS, FLAGS_NO_KEYX, FLAGS_NO_ESS };

/*
 * One message from @from to its peer in layout @layout: 0 sign only,
 * 1 sealed, 2 sealed with a READONLY and a READONLY_WITH_CHECKSUM
 * buffer, 3 sealed in three DATA buffers, 4 sealed and received in a
 * STREAM buffer, 5 signed in three DATA buffers.
 */
static void one_message(struct kunit *test, struct pair *pr, CtxtHandle *from,
			int layout, u8 *wire, u8 *orig)
{
	static const u32 cut[] = { 0, 100, 101, MSG_MAX };
	SecBuffer b[4], s[2];
	u8 *sig = wire, *msg = wire + SIG_LEN;
	unsigned int i, n = layout == 3 || layout == 5 ? 3 : 1;
	bool sealed = layout >= 1 && layout <= 4;
	u8 *data;

	fill(orig, MSG_MAX, layout * 13 + 1);
	memcpy(msg, orig, MSG_MAX);
	b[0] = (SecBuffer){ SIG_LEN, SECBUFFER_TOKEN, sig };
	for (i = 0; i < n; i++)
		b[i + 1] = (SecBuffer){ cut[i + 1] - cut[i], SECBUFFER_DATA,
					msg + cut[i] };
	if (n == 1)
		b[1].cbBuffer = MSG_MAX;
	if (layout == 2) {
		n = 3;
		b[1].cbBuffer = 100;
		b[2] = (SecBuffer){ 50, SECBUFFER_DATA | SECBUFFER_READONLY,
				    msg + 100 };
		b[3] = (SecBuffer){ 150, SECBUFFER_DATA |
				    SECBUFFER_READONLY_WITH_CHECKSUM, msg + 150 };
	}
	KUNIT_ASSERT_EQ(test, call(from, sealed ? 2 : 0, b, n + 1), SEC_E_OK);
	if (sealed)
		KUNIT_EXPECT_NE(test, memcmp(msg, orig, 100), 0);
	if (layout == 2)
		KUNIT_EXPECT_EQ(test, memcmp(msg + 100, orig + 100, 200), 0);
	if (layout == 4) {
		s[0] = (SecBuffer){ SIG_LEN + MSG_MAX, SECBUFFER_STREAM, wire };
		s[1] = (SecBuffer){ 0, SECBUFFER_DATA, NULL };
		KUNIT_ASSERT_EQ(test, call(peer(pr, from), 3, s, 2), SEC_E_OK);
		data = s[1].pvBuffer;
		KUNIT_EXPECT_PTR_EQ(test, data, msg);
		KUNIT_EXPECT_EQ(test, s[1].cbBuffer, (u32)MSG_MAX);
	} else {
		KUNIT_ASSERT_EQ(test, call(peer(pr, from), sealed ? 3 : 1, b,
					   n + 1), SEC_E_OK);
	}
	KUNIT_EXPECT_EQ(test, memcmp(msg, orig, MSG_MAX), 0);
}

/* Every layout both ways, alternating as NTLM without ESS needs. */
static void ntlm_round_trip(struct kunit *test)
{
	u8 *wire = buf(test, SIG_LEN + MSG_MAX), *orig = buf(test, MSG_MAX);
	unsigned int f, layout, rep;
	struct pair pr;

	for (f = 0; f < ARRAY_SIZE(all_flags); f++) {
		pair_init(test, &pr, all_flags[f]);
		for (rep = 0; rep < 2; rep++)
			for (layout = 0; layout <= 5; layout++) {
				one_message(test, &pr, &pr.cli, layout, wire,
					    orig);
				one_message(test, &pr, &pr.srv, layout, wire,
					    orig);
			}
		pair_free(test, &pr);
	}
}

static void ntlm_sizes(struct kunit *test)
{
	SecPkgContext_Sizes sz;
	struct pair pr;

	pair_init(test, &pr, FLAGS_ESS);
	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(&pr.srv,
						      SECPKG_ATTR_SIZES, &sz),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, sz.cbMaxSignature, (u32)SIG_LEN);
	KUNIT_EXPECT_EQ(test, sz.cbSecurityTrailer, (u32)SIG_LEN);
	KUNIT_EXPECT_EQ(test, sz.cbBlockSize, 0U);
	pair_free(test, &pr);
}

/*
 * With ESS the client's messages go on their own stream, so it may send
 * several before the server answers: numbers out of order and replays
 * are SEC_E_OUT_OF_SEQUENCE and change nothing.
 */
static void ntlm_sequence(struct kunit *test)
{
	u8 *msg = buf(test, 3 * 32), *sig = buf(test, 3 * (SIG_LEN + 8));
	unsigned int i;
	struct pair pr;

	pair_init(test, &pr, FLAGS_ESS);
	for (i = 0; i < 3; i++) {
		fill(msg + 32 * i, 32, i);
		KUNIT_ASSERT_EQ(test, sign(&pr.cli, msg + 32 * i, 32,
					   sig + 24 * i), SEC_E_OK);
	}
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg + 32, 32, sig + 24),
			SEC_E_OUT_OF_SEQUENCE);
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg, 32, sig), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg, 32, sig),
			SEC_E_OUT_OF_SEQUENCE);
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg + 64, 32, sig + 48),
			SEC_E_OUT_OF_SEQUENCE);
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg + 32, 32, sig + 24),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg + 64, 32, sig + 48),
			SEC_E_OK);
	/* a sealed replay is refused and its data left as it came */
	KUNIT_ASSERT_EQ(test, seal(&pr.srv, msg, 32, sig), SEC_E_OK);
	memcpy(msg + 32, msg, 32);
	KUNIT_EXPECT_EQ(test, unseal(&pr.cli, msg, 32, sig), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, unseal(&pr.cli, msg + 32, 32, sig),
			SEC_E_OUT_OF_SEQUENCE);
	pair_free(test, &pr);
}

/* Without ESS a replay decrypts to the wrong checksum: refused as well. */
static void ntlm_replay_no_ess(struct kunit *test)
{
	u8 *msg = buf(test, 32), *sig = buf(test, SIG_LEN + 8);
	u8 *old = buf(test, SIG_LEN);
	struct pair pr;
	SECURITY_STATUS status;

	pair_init(test, &pr, FLAGS_NO_ESS);
	fill(msg, 32, 9);
	KUNIT_ASSERT_EQ(test, sign(&pr.cli, msg, 32, sig), SEC_E_OK);
	memcpy(old, sig, SIG_LEN);
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg, 32, sig), SEC_E_OK);
	status = verify(&pr.srv, msg, 32, old);
	KUNIT_EXPECT_TRUE(test, status == SEC_E_MESSAGE_ALTERED ||
			  status == SEC_E_OUT_OF_SEQUENCE);
	/* the stream is where it was: the server's answer still goes */
	KUNIT_ASSERT_EQ(test, sign(&pr.srv, msg, 32, sig), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.cli, msg, 32, sig), SEC_E_OK);
	pair_free(test, &pr);
}

/*
 * Each byte of the signature and of the sealed data changed in turn:
 * refused every time, the ciphertext given back as it came, and the
 * genuine message accepted at the end, so no refusal moved the stream.
 */
static void tamper(struct kunit *test, u32 flags, bool sealed)
{
	u8 *msg = buf(test, 64), *sig = buf(test, SIG_LEN + 8);
	u8 *m2 = buf(test, 64), *s2 = buf(test, SIG_LEN), *orig = buf(test, 64);
	unsigned int i, pad = flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
			      ? 0 : 4;
	SECURITY_STATUS status;
	struct pair pr;

	pair_init(test, &pr, flags);
	fill(orig, 64, 5);
	memcpy(msg, orig, 64);
	KUNIT_ASSERT_EQ(test, (sealed ? seal : sign)(&pr.cli, msg, 64, sig),
			SEC_E_OK);
	for (i = 0; i < SIG_LEN + 64; i++) {
		/* RandomPad (no ESS) is covered by nothing */
		if (i >= 4 && i < 4 + pad)
			continue;
		memcpy(m2, msg, 64);
		memcpy(s2, sig, SIG_LEN);
		if (i < SIG_LEN)
			s2[i] ^= 0x20;
		else
			m2[i - SIG_LEN] ^= 0x20;
		status = (sealed ? unseal : verify)(&pr.srv, m2, 64, s2);
		KUNIT_EXPECT_TRUE_MSG(test, status == SEC_E_MESSAGE_ALTERED ||
				      status == SEC_E_OUT_OF_SEQUENCE ||
				      status == SEC_E_INVALID_TOKEN,
				      "byte %u: %x", i, status);
		/* a refused message's data is given back as it came */
		if (i >= SIG_LEN)
			m2[i - SIG_LEN] ^= 0x20;
		KUNIT_EXPECT_EQ_MSG(test, memcmp(m2, msg, 64), 0, "byte %u", i);
	}
	KUNIT_EXPECT_EQ(test, (sealed ? unseal : verify)(&pr.srv, msg, 64, sig),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, memcmp(msg, orig, 64), 0);
	pair_free(test, &pr);
}

static void ntlm_tampered(struct kunit *test)
{
	unsigned int f;

	for (f = 0; f < ARRAY_SIZE(all_flags); f++) {
		tamper(test, all_flags[f], false);
		tamper(test, all_flags[f], true);
	}
}

static CtxtHandle reimport(struct kunit *test, CtxtHandle *h, u32 flags)
{
	u32 len;
	u8 *blob = export_blob(test, h, flags | SECPKG_CONTEXT_EXPORT_DELETE_OLD,
			       &len);
	CtxtHandle n;

	KUNIT_EXPECT_EQ(test, import_blob("NTLM", blob, len, NULL, &n),
			SEC_E_OK);
	return n;
}

/*
 * An export after traffic carries the streams: the copies go on where
 * the originals were, both ways.  A RESET_NEW export starts over, and
 * the first message of the reset pair is the known answer again.
 */
static void ntlm_export_continues(struct kunit *test)
{
	u8 *msg = buf(test, sizeof(plaintext)), *sig = buf(test, SIG_LEN + 8);
	unsigned int f, i;
	struct pair pr;

	for (f = 0; f < ARRAY_SIZE(all_flags); f++) {
		pair_init(test, &pr, all_flags[f]);
		for (i = 0; i < 6; i++) {
			CtxtHandle *from = i % 2 ? &pr.srv : &pr.cli;

			memcpy(msg, plaintext, sizeof(plaintext));
			KUNIT_ASSERT_EQ(test, seal(from, msg, sizeof(plaintext),
						   sig), SEC_E_OK);
			KUNIT_ASSERT_EQ(test, unseal(peer(&pr, from), msg,
						     sizeof(plaintext), sig),
					SEC_E_OK);
			if (i == 2)
				pr.srv = reimport(test, &pr.srv, 0);
			if (i == 3)
				pr.cli = reimport(test, &pr.cli, 0);
		}
		pr.cli = reimport(test, &pr.cli,
				  SECPKG_CONTEXT_EXPORT_RESET_NEW);
		pr.srv = reimport(test, &pr.srv,
				  SECPKG_CONTEXT_EXPORT_RESET_NEW);
		memcpy(msg, plaintext, sizeof(plaintext));
		KUNIT_ASSERT_EQ(test, seal(&pr.cli, msg, sizeof(plaintext),
					   sig), SEC_E_OK);
		if (all_flags[f] == FLAGS_ESS)
			expect_hex(test, sig, SIG_LEN,
				   "010000007fb38ec5c55d497600000000");
		if (all_flags[f] == FLAGS_NO_ESS)
			expect_hex(test, sig, SIG_LEN,
				   "010000000000000009dcd1df2e459d36");
		KUNIT_EXPECT_EQ(test, unseal(&pr.srv, msg, sizeof(plaintext),
					     sig), SEC_E_OK);
		pair_free(test, &pr);
	}
}

/* What the buffers must be, and what a context that negotiated less may do. */
static void ntlm_bad_buffers(struct kunit *test)
{
	u8 *msg = buf(test, 32), *sig = buf(test, SIG_LEN + 8);
	SecBuffer b[2];
	struct pair pr;

	pair_init(test, &pr, FLAGS_ESS);
	b[0] = (SecBuffer){ SIG_LEN - 1, SECBUFFER_TOKEN, sig };
	b[1] = (SecBuffer){ 32, SECBUFFER_DATA, msg };
	KUNIT_EXPECT_EQ(test, call(&pr.cli, 0, b, 2), SEC_E_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, call(&pr.cli, 2, b, 2), SEC_E_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, call(&pr.srv, 1, b, 2), SEC_E_INVALID_TOKEN);
	KUNIT_EXPECT_EQ(test, call(&pr.srv, 3, b, 2), SEC_E_INVALID_TOKEN);
	b[0] = (SecBuffer){ SIG_LEN, SECBUFFER_TOKEN, NULL };
	KUNIT_EXPECT_EQ(test, call(&pr.cli, 0, b, 2), SEC_E_INVALID_PARAMETER);
	b[0].pvBuffer = sig;
	KUNIT_EXPECT_EQ(test, call(&pr.cli, 0, b + 1, 1), SEC_E_INVALID_TOKEN);
	KUNIT_EXPECT_EQ(test, MakeSignature(&pr.cli, 1, &(SecBufferDesc){
				SECBUFFER_VERSION, 2, b }, 0),
			SEC_E_QOP_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, EncryptMessage(&pr.cli, SECQOP_WRAP_NO_ENCRYPT,
					     &(SecBufferDesc){
				SECBUFFER_VERSION, 2, b }, 0),
			SEC_E_QOP_NOT_SUPPORTED);
	/* nothing above used a sequence number */
	KUNIT_EXPECT_EQ(test, sign(&pr.cli, msg, 32, sig), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg, 32, sig), SEC_E_OK);
	pair_free(test, &pr);

	/* signing only: no sealing */
	pair_init(test, &pr, FLAGS_ESS & ~NTLMSSP_NEGOTIATE_SEAL);
	KUNIT_EXPECT_EQ(test, seal(&pr.cli, msg, 32, sig),
			SEC_E_QOP_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, sign(&pr.cli, msg, 32, sig), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, verify(&pr.srv, msg, 32, sig), SEC_E_OK);
	pair_free(test, &pr);
}

#define PAGES	16

/*
 * RC4 and the hashes take virtual addresses: MS-NLMP 4.2.4.4's answer
 * comes out the same with the message and its signature across a page
 * boundary of vmalloc memory at an odd offset, and on the stack; 64 KiB
 * in 16 one-page DATA buffers seals as the same bytes in one kmalloc
 * buffer do, and a STREAM in vmalloc memory decrypts in place.
 */
static void ntlm_any_memory(struct kunit *test)
{
	const size_t total = PAGES * PAGE_SIZE;
	u8 on_stack[64], *msg, *sig, *lin = buf(test, SIG_LEN + total);
	u8 *orig = buf(test, total), *one = buf(test, SIG_LEN);
	SecBuffer b[PAGES + 1], s[2];
	struct page *pages[PAGES];
	struct scattered v, big;
	struct pair pr, pl;
	unsigned int i;

	scattered_map(test, &v, 2, false);
	for (i = 0; i < 2; i++) {
		sig = i ? on_stack + 1 : v.addr + PAGE_SIZE - 21;
		msg = sig + SIG_LEN;
		pair_init(test, &pr, FLAGS_ESS);
		memcpy(msg, plaintext, sizeof(plaintext));
		KUNIT_ASSERT_EQ(test, seal(&pr.cli, msg, sizeof(plaintext),
					   sig), SEC_E_OK);
		expect_hex(test, msg, sizeof(plaintext),
			   "54e50165bf1936dc996020c1811b0f06fb5f");
		expect_hex(test, sig, SIG_LEN,
			   "010000007fb38ec5c55d497600000000");
		KUNIT_EXPECT_EQ(test, unseal(&pr.srv, msg, sizeof(plaintext),
					     sig), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, memcmp(msg, plaintext,
					     sizeof(plaintext)), 0);
		pair_free(test, &pr);
	}
	scattered_unmap(&v);

	fill(orig, total, 4);
	pair_init(test, &pr, FLAGS_ESS);
	pair_init(test, &pl, FLAGS_ESS);
	b[0] = (SecBuffer){ SIG_LEN, SECBUFFER_TOKEN, one };
	page_data_buffers(test, pages, b + 1, orig, PAGES);
	KUNIT_EXPECT_EQ(test, call(&pr.cli, 2, b, PAGES + 1), SEC_E_OK);
	memcpy(lin + SIG_LEN, orig, total);
	KUNIT_EXPECT_EQ(test, seal(&pl.cli, lin + SIG_LEN, total, lin),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, memcmp(one, lin, SIG_LEN), 0);
	for (i = 0; i < PAGES; i++)
		KUNIT_EXPECT_EQ(test, memcmp(page_address(pages[i]),
					     lin + SIG_LEN + i * PAGE_SIZE,
					     PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, call(&pr.srv, 3, b, PAGES + 1), SEC_E_OK);
	for (i = 0; i < PAGES; i++) {
		KUNIT_EXPECT_EQ(test, memcmp(page_address(pages[i]),
					     orig + i * PAGE_SIZE, PAGE_SIZE),
				0);
		__free_page(pages[i]);
	}

	scattered_map(test, &big, PAGES + 2, false);
	memcpy(big.addr + 7, lin, SIG_LEN + total);
	s[0] = (SecBuffer){ SIG_LEN + total, SECBUFFER_STREAM, big.addr + 7 };
	s[1] = (SecBuffer){ 0, SECBUFFER_DATA, NULL };
	KUNIT_EXPECT_EQ(test, call(&pl.srv, 3, s, 2), SEC_E_OK);
	KUNIT_EXPECT_PTR_EQ(test, s[1].pvBuffer,
			    (void *)(big.addr + 7 + SIG_LEN));
	KUNIT_EXPECT_EQ(test, memcmp(big.addr + 7 + SIG_LEN, orig, total), 0);
	scattered_unmap(&big);
	pair_free(test, &pl);
	pair_free(test, &pr);
}

static struct kunit_case ksecdd_ntlm_cases[] = {
	KUNIT_CASE(ntlm_known_answer_ess),
	KUNIT_CASE(ntlm_known_answer_no_ess),
	KUNIT_CASE(ntlm_round_trip),
	KUNIT_CASE(ntlm_sizes),
	KUNIT_CASE(ntlm_sequence),
	KUNIT_CASE(ntlm_replay_no_ess),
	KUNIT_CASE(ntlm_tampered),
	KUNIT_CASE(ntlm_export_continues),
	KUNIT_CASE(ntlm_bad_buffers),
	KUNIT_CASE(ntlm_any_memory),
	{}
};

struct kunit_suite ksecdd_ntlm_suite = {
	.name = "ksecdd_ntlm",
	.test_cases = ksecdd_ntlm_cases,
};
