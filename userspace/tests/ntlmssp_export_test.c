// SPDX-License-Identifier: GPL-2.0
/*
 * ksecdd_raw_from_ntlmssp() on exports gss-ntlmssp made: an initiator and
 * an acceptor established in this process (NTLMSSP itself, through
 * SPNEGO, and without extended session security), one message each way,
 * then both exported and converted.  What one side sends the other
 * receives: the two raw contexts must agree record for record, with the
 * streams and sequence numbers those messages left.  Runs under
 * kunit/lib.sh ntlmssp_env (a private gss-ntlmssp and its user file).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "../lib/libksecdd.h"
#include "../../ksecdd/packed.h"
#include "ntlm_gss.h"

#define ESS		0x00080000
#define KEY_EXCH	0x40000000

struct side {
	gss_buffer_desc token;
	void *blob;
	struct ksecdd_packed_ctx c;
};

FIXTURE(pair) {
	struct side init, acc;
};

FIXTURE_VARIANT(pair) {
	struct ntlm_how how;
	bool ess;
};

FIXTURE_VARIANT_ADD(pair, ntlmssp) {
	.how = { .spnego = false, .lm_compat_level = -1 },
	.ess = true,
};

FIXTURE_VARIANT_ADD(pair, spnego) {
	.how = { .spnego = true, .lm_compat_level = -1 },
	.ess = true,
};

/* LM_COMPAT_LEVEL 0: NTLMv1 without extended session security */
FIXTURE_VARIANT_ADD(pair, without_ess) {
	.how = { .spnego = false, .lm_compat_level = 0 },
	.ess = false,
};

/* A MIC from the initiator, a Wrap token from the acceptor, each taken. */
static int exchange(struct ntlm_pair *p)
{
	gss_buffer_desc msg = { 5, "hello" }, tok, out;
	OM_uint32 major, minor;

	major = gss_get_mic(&minor, p->init, GSS_C_QOP_DEFAULT, &msg, &tok);
	if (GSS_ERROR(major))
		return ntlm_gss_fail("gss_get_mic", major, minor);
	major = gss_verify_mic(&minor, p->acc, &msg, &tok, NULL);
	gss_release_buffer(&minor, &tok);
	if (GSS_ERROR(major))
		return ntlm_gss_fail("gss_verify_mic", major, minor);
	major = gss_wrap(&minor, p->acc, 1, GSS_C_QOP_DEFAULT, &msg, NULL,
			 &tok);
	if (GSS_ERROR(major))
		return ntlm_gss_fail("gss_wrap", major, minor);
	major = gss_unwrap(&minor, p->init, &tok, &out, NULL, NULL);
	gss_release_buffer(&minor, &tok);
	if (GSS_ERROR(major))
		return ntlm_gss_fail("gss_unwrap", major, minor);
	gss_release_buffer(&minor, &out);
	return 0;
}

static int convert(struct side *s, char *error)
{
	size_t len;

	if (ksecdd_raw_from_ntlmssp(s->token.value, s->token.length, NULL,
				    &s->blob, &len, error, 256))
		return -1;
	return ksecdd_packed_decode(s->blob, len, &s->c);
}

FIXTURE_SETUP(pair)
{
	struct ntlm_pair p;
	char error[256] = "";

	memset(self, 0, sizeof(*self));
	ASSERT_EQ(0, ntlm_gss_establish(&variant->how, &p));
	ASSERT_EQ(0, exchange(&p));
	ASSERT_EQ(0, ntlm_gss_export(&p.init, &self->init.token));
	ASSERT_EQ(0, ntlm_gss_export(&p.acc, &self->acc.token));
	ntlm_gss_delete(&p);
	ASSERT_EQ(0, convert(&self->init, error)) TH_LOG("%s", error);
	ASSERT_EQ(0, convert(&self->acc, error)) TH_LOG("%s", error);
}

FIXTURE_TEARDOWN(pair)
{
	OM_uint32 minor;

	gss_release_buffer(&minor, &self->init.token);
	gss_release_buffer(&minor, &self->acc.token);
	free(self->init.blob);
	free(self->acc.blob);
}

static void expect_same_dir(struct __test_metadata *_metadata,
			    const struct ksecdd_packed_ntlm_dir *a,
			    const struct ksecdd_packed_ntlm_dir *b,
			    uint32_t seq)
{
	EXPECT_EQ(0, memcmp(a->sign_key, b->sign_key, KSECDD_NTLM_KEY_LEN));
	EXPECT_EQ(0, memcmp(a->seal_key, b->seal_key, KSECDD_NTLM_KEY_LEN));
	EXPECT_EQ(seq, a->seq);
	EXPECT_EQ(seq, b->seq);
	ASSERT_TRUE(a->has_rc4);
	ASSERT_TRUE(b->has_rc4);
	EXPECT_EQ(0, memcmp(&a->rc4, &b->rc4, sizeof(a->rc4)));
}

/* MIT's mechglue wrapper: NTLMSSP's OID, under SPNEGO's when negotiated. */
TEST_F(pair, wrapper)
{
	const uint8_t *p = self->acc.token.value;
	size_t off = 0;

	if (variant->how.spnego) {
		ASSERT_EQ(0, memcmp(p, "\0\0\0\x06", 4));
		ASSERT_EQ(0, memcmp(p + 4, ntlm_gss_spnego_oid.elements, 6));
		off = 10;
	}
	ASSERT_EQ(0, memcmp(p + off, "\0\0\0\x0a", 4));
	EXPECT_EQ(0, memcmp(p + off + 4, ntlm_gss_ntlmssp_oid.elements, 10));
	/* format version 5, the server role, done */
	EXPECT_EQ(0, memcmp(p + off + 14, "\x05\x00\x02\x05", 4));
}

TEST_F(pair, roles_and_flags)
{
	const struct ksecdd_packed_ctx *i = &self->init.c, *a = &self->acc.c;

	EXPECT_EQ(KSECDD_PACKAGE_NTLM, i->package);
	EXPECT_EQ(KSECDD_ROLE_INITIATOR, i->role);
	EXPECT_EQ(KSECDD_ROLE_ACCEPTOR, a->role);
	EXPECT_EQ(i->ntlm.negotiate_flags, a->ntlm.negotiate_flags);
	EXPECT_EQ(variant->ess, !!(a->ntlm.negotiate_flags & ESS))
		TH_LOG("negotiate flags 0x%08x", a->ntlm.negotiate_flags);
	EXPECT_TRUE(a->ntlm.negotiate_flags & KEY_EXCH);
	EXPECT_EQ(0, memcmp(i->ntlm.session_key, a->ntlm.session_key,
			    KSECDD_NTLM_KEY_LEN));
	/* gss-ntlmssp grants confidentiality and integrity */
	EXPECT_EQ(KSECDD_ISC_RET_CONFIDENTIALITY,
		  i->flags & KSECDD_ISC_RET_CONFIDENTIALITY);
	EXPECT_EQ(KSECDD_ASC_RET_INTEGRITY, a->flags & KSECDD_ASC_RET_INTEGRITY);
	TH_LOG("flags: initiator 0x%x, acceptor 0x%x, negotiated 0x%08x",
	       i->flags, a->flags, a->ntlm.negotiate_flags);
}

/*
 * One message went each way.  With extended session security both sides
 * hold both directions, each advanced once, and once more through SPNEGO,
 * whose mechListMIC took sequence number 0 each way (it restarts the RC4
 * streams after, not the numbers); without it each side's one stream ran
 * over both messages, in its own role's record.
 */
TEST_F(pair, streams_agree)
{
	const struct ksecdd_packed_ntlm *i = &self->init.c.ntlm;
	const struct ksecdd_packed_ntlm *a = &self->acc.c.ntlm;
	static const struct ksecdd_packed_ntlm_dir empty;

	uint32_t seq = variant->how.spnego ? 2 : 1;

	if (variant->ess) {
		expect_same_dir(_metadata, &i->client, &a->client, seq);
		expect_same_dir(_metadata, &i->server, &a->server, seq);
		EXPECT_NE(0, memcmp(i->client.sign_key, i->server.sign_key,
				    KSECDD_NTLM_KEY_LEN));
		return;
	}
	expect_same_dir(_metadata, &i->client, &a->server, 2);
	EXPECT_EQ(0, memcmp(&i->server, &empty, sizeof(empty)));
	EXPECT_EQ(0, memcmp(&a->client, &empty, sizeof(empty)));
}

TEST_F(pair, names)
{
	const struct ksecdd_packed_ctx *a = &self->acc.c, *i = &self->init.c;
	const char *user = ntlm_gss_user();

	ASSERT_NE(NULL, user);
	TH_LOG("acceptor: client \"%.*s\", server \"%.*s\"",
	       a->client_name_len, a->client_name, a->server_name_len,
	       a->server_name);
	TH_LOG("initiator: client \"%.*s\", server \"%.*s\"",
	       i->client_name_len, i->client_name, i->server_name_len,
	       i->server_name);
	ASSERT_EQ(strlen(user), a->client_name_len);
	EXPECT_EQ(0, strncasecmp(user, a->client_name, a->client_name_len));
	ASSERT_EQ(strlen(user), i->client_name_len);
	EXPECT_EQ(0, strncasecmp(user, i->client_name, i->client_name_len));
}

/* What the conversion refuses of a real export: a byte cut, a version */
TEST_F(pair, damaged)
{
	gss_buffer_desc *t = &self->acc.token;
	uint8_t *p = t->value;
	size_t off = variant->how.spnego ? 24 : 14, len;
	char error[256];
	void *blob = NULL;

	errno = 0;
	EXPECT_EQ(-1, ksecdd_raw_from_ntlmssp(p, t->length - 1, NULL, &blob,
					      &len, error, sizeof(error)));
	EXPECT_EQ(EINVAL, errno);
	p[off] = 6;
	errno = 0;
	EXPECT_EQ(-1, ksecdd_raw_from_ntlmssp(p, t->length, NULL, &blob,
					      &len, error, sizeof(error)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_NE(NULL, strstr(error, "version 6")) TH_LOG("%s", error);
	EXPECT_EQ(NULL, blob);
}

TEST_HARNESS_MAIN
