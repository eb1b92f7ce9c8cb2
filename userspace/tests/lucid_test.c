// SPDX-License-Identifier: GPL-2.0
/*
 * ksecdd_raw_from_lucid() on the host, under ASan and UBSan: what a lucid
 * context becomes, read back with the module's own codec, and every
 * lucid context it must refuse.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gssapi/gssapi_krb5.h>

#include "kselftest_harness.h"

#include "../lib/libksecdd.h"
#include "../../ksecdd/packed.h"

static unsigned char key32[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
static unsigned char subkey32[32] = { 0xa0, 0xa1, 0xa2, 0xa3 };

/* An acceptor's AES-256 context with an acceptor subkey, as MIT has it. */
static void lucid_acceptor(gss_krb5_lucid_context_v1_t *l)
{
	memset(l, 0, sizeof(*l));
	l->version = 1;
	l->initiate = 0;
	l->endtime = time(NULL) + 3600;
	l->send_seq = 0x12345678;
	l->recv_seq = 0x9abcdef0;
	l->protocol = 1;
	l->cfx_kd.ctx_key = (gss_krb5_lucid_key_t){ 18, 32, key32 };
	l->cfx_kd.have_acceptor_subkey = 1;
	l->cfx_kd.acceptor_subkey = (gss_krb5_lucid_key_t){ 18, 32, subkey32 };
}

/* Converts, and decodes the blob into @ctx (names point into @buf). */
static int convert(const gss_krb5_lucid_context_v1_t *l,
		   const struct ksecdd_lucid_info *info,
		   struct ksecdd_packed_ctx *ctx, void **buf, char *error)
{
	size_t len;

	error[0] = '\0';
	if (ksecdd_raw_from_lucid((const void *)l, info, buf, &len, error,
				  256))
		return -1;
	return ksecdd_packed_decode(*buf, len, ctx);
}

TEST(acceptor_with_subkey_and_identity)
{
	static const uint32_t groups[] = { 300, 100, 200, 100 };
	struct ksecdd_lucid_info info = {
		.client = "alice@EXAMPLE.COM",
		.server = "cifs/files.example.com@EXAMPLE.COM",
		.gss_flags = GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG |
			     GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG |
			     GSS_C_INTEG_FLAG,
		.has_identity = true, .uid = 1000, .gid = 1001,
		.groups = groups, .ngroups = 4,
	};
	gss_krb5_lucid_context_v1_t l;
	struct ksecdd_packed_ctx c;
	char error[256];
	time_t now = time(NULL);
	void *buf = NULL;

	lucid_acceptor(&l);
	ASSERT_EQ(0, convert(&l, &info, &c, &buf, error)) TH_LOG("%s", error);
	EXPECT_EQ(KSECDD_PACKAGE_KERBEROS, c.package);
	EXPECT_EQ(KSECDD_ROLE_ACCEPTOR, c.role);
	/* ASC_RET_ MUTUAL_AUTH, REPLAY, SEQUENCE, CONFIDENTIALITY, INTEGRITY */
	EXPECT_EQ(0x2001e, c.flags);
	EXPECT_LE(now, c.start);
	EXPECT_GE(now + 5, c.start);
	EXPECT_EQ(l.endtime, c.expiry);
	EXPECT_EQ(0, memcmp(c.client_name, info.client, strlen(info.client)));
	EXPECT_EQ(strlen(info.server), c.server_name_len);
	EXPECT_TRUE(c.has_identity);
	EXPECT_EQ(1000, c.uid);
	EXPECT_EQ(1001, c.gid);
	ASSERT_EQ(3, c.ngroups);
	EXPECT_EQ(100, c.groups[0]);
	EXPECT_EQ(200, c.groups[1]);
	EXPECT_EQ(300, c.groups[2]);
	EXPECT_EQ(18, c.krb5.enctype);
	EXPECT_EQ(KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG, c.krb5.flags);
	EXPECT_EQ(0, memcmp(c.krb5.key, key32, 32));
	EXPECT_EQ(0, memcmp(c.krb5.acceptor_subkey, subkey32, 32));
	EXPECT_EQ(0x12345678, c.krb5.send_seq_initial);
	EXPECT_EQ(0x12345678, c.krb5.send_seq);
	EXPECT_EQ(0x9abcdef0, c.krb5.recv_seq_initial);
	EXPECT_EQ(0x9abcdef0, c.krb5.recv_seq);
	free(buf);
}

/*
 * MIT's acceptor picks its own first enctype for the subkey (RFC 4537):
 * a ticket with an aes128 session key gives an aes256 subkey.
 */
TEST(subkey_of_another_enctype)
{
	static unsigned char key16[16] = { 0x10, 0x11 };
	struct ksecdd_lucid_info info = { .has_identity = true, .uid = 7 };
	gss_krb5_lucid_context_v1_t l;
	struct ksecdd_packed_ctx c;
	char error[256];
	void *buf = NULL;

	lucid_acceptor(&l);
	l.cfx_kd.ctx_key = (gss_krb5_lucid_key_t){ 17, 16, key16 };
	ASSERT_EQ(0, convert(&l, &info, &c, &buf, error)) TH_LOG("%s", error);
	EXPECT_EQ(18, c.krb5.enctype);
	EXPECT_EQ(KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG, c.krb5.flags);
	EXPECT_EQ(0, memcmp(c.krb5.acceptor_subkey, subkey32, 32));
	EXPECT_EQ(0, memcmp(c.krb5.key, subkey32, 32));
	free(buf);

	/* and the other way: an aes256 ticket, an aes128-sha256 subkey */
	lucid_acceptor(&l);
	l.cfx_kd.acceptor_subkey = (gss_krb5_lucid_key_t){ 19, 16, key16 };
	ASSERT_EQ(0, convert(&l, &info, &c, &buf, error)) TH_LOG("%s", error);
	EXPECT_EQ(19, c.krb5.enctype);
	EXPECT_EQ(0, memcmp(c.krb5.key, key16, 16));
	free(buf);
}

TEST(initiator_without_subkey_names_or_info)
{
	gss_krb5_lucid_context_v1_t l;
	struct ksecdd_packed_ctx c;
	char error[256];
	void *buf = NULL;

	lucid_acceptor(&l);
	l.initiate = 1;
	l.cfx_kd.have_acceptor_subkey = 0;
	l.cfx_kd.ctx_key = (gss_krb5_lucid_key_t){ 19, 16, key32 };
	ASSERT_EQ(0, convert(&l, NULL, &c, &buf, error)) TH_LOG("%s", error);
	EXPECT_EQ(KSECDD_ROLE_INITIATOR, c.role);
	EXPECT_EQ(0, c.flags);
	EXPECT_EQ(0, c.client_name_len);
	EXPECT_EQ(0, c.server_name_len);
	EXPECT_FALSE(c.has_identity);
	EXPECT_EQ(19, c.krb5.enctype);
	EXPECT_EQ(0, c.krb5.flags);
	free(buf);
}

TEST(initiator_integrity_flag)
{
	struct ksecdd_lucid_info info = { .gss_flags = GSS_C_INTEG_FLAG };
	gss_krb5_lucid_context_v1_t l;
	struct ksecdd_packed_ctx c;
	char error[256];
	void *buf = NULL;

	lucid_acceptor(&l);
	l.initiate = 1;
	ASSERT_EQ(0, convert(&l, &info, &c, &buf, error)) TH_LOG("%s", error);
	EXPECT_EQ(0x10000, c.flags);	/* ISC_RET_INTEGRITY */
	free(buf);
}

/* A DCE-style context stays one: its Wrap tokens differ. */
TEST(dce_style_flag)
{
	struct ksecdd_lucid_info info = {
		.gss_flags = GSS_C_DCE_STYLE | GSS_C_CONF_FLAG,
	};
	gss_krb5_lucid_context_v1_t l;
	struct ksecdd_packed_ctx c;
	char error[256];
	void *buf = NULL;

	lucid_acceptor(&l);
	l.initiate = 1;
	ASSERT_EQ(0, convert(&l, &info, &c, &buf, error)) TH_LOG("%s", error);
	EXPECT_EQ(0x210, c.flags);	/* ISC_RET_USED_DCE_STYLE, CONF */
	free(buf);
}

/* An ended ticket gives a context the kernel calls expired, not garbage. */
TEST(ended_ticket)
{
	gss_krb5_lucid_context_v1_t l;
	struct ksecdd_packed_ctx c;
	char error[256];
	void *buf = NULL;

	lucid_acceptor(&l);
	l.endtime = time(NULL) - 60;
	ASSERT_EQ(0, convert(&l, NULL, &c, &buf, error)) TH_LOG("%s", error);
	EXPECT_EQ(l.endtime, c.start);
	EXPECT_EQ(l.endtime, c.expiry);
	free(buf);
}

/* Each refusal, with errno EINVAL, no blob and a message saying why. */
static void refused(struct __test_metadata *_metadata,
		    const gss_krb5_lucid_context_v1_t *l,
		    const struct ksecdd_lucid_info *info, const char *why)
{
	char error[256] = "";
	void *buf = NULL;
	size_t len;

	errno = 0;
	EXPECT_EQ(-1, ksecdd_raw_from_lucid((const void *)l, info, &buf, &len,
					    error, sizeof(error)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(NULL, buf);
	EXPECT_NE(NULL, strstr(error, why)) TH_LOG("'%s'", error);
}

TEST(refuses_what_ksecdd_cannot_use)
{
	static unsigned char key16[16];
	struct ksecdd_lucid_info info = { .has_identity = true };
	gss_krb5_lucid_context_v1_t l;
	char long_name[1100];

	lucid_acceptor(&l);
	l.version = 2;
	refused(_metadata, &l, NULL, "version 2");

	lucid_acceptor(&l);
	l.protocol = 0;
	refused(_metadata, &l, NULL, "RFC 1964");
	l.protocol = 2;
	refused(_metadata, &l, NULL, "protocol 2");

	/* without a subkey, the context key is what tokens use */
	lucid_acceptor(&l);
	l.cfx_kd.have_acceptor_subkey = 0;
	l.cfx_kd.ctx_key.type = 23;	/* rc4-hmac */
	refused(_metadata, &l, NULL, "enctype 23");
	l.cfx_kd.ctx_key.type = 16;	/* des3-cbc-sha1 */
	refused(_metadata, &l, NULL, "enctype 16");

	lucid_acceptor(&l);
	l.cfx_kd.have_acceptor_subkey = 0;
	l.cfx_kd.ctx_key = (gss_krb5_lucid_key_t){ 18, 16, key16 };
	refused(_metadata, &l, NULL, "16 bytes long; enctype 18 takes 32");
	l.cfx_kd.ctx_key = (gss_krb5_lucid_key_t){ 17, 32, key32 };
	refused(_metadata, &l, NULL, "32 bytes long; enctype 17 takes 16");
	l.cfx_kd.ctx_key = (gss_krb5_lucid_key_t){ 18, 32, NULL };
	refused(_metadata, &l, NULL, "context key");

	lucid_acceptor(&l);
	l.cfx_kd.acceptor_subkey = (gss_krb5_lucid_key_t){ 23, 16, key16 };
	refused(_metadata, &l, NULL, "enctype 23");
	l.cfx_kd.acceptor_subkey = (gss_krb5_lucid_key_t){ 18, 16, key16 };
	refused(_metadata, &l, NULL, "acceptor subkey is 16 bytes");
	/* a context key unfit for its own enctype is refused all the same */
	l.cfx_kd.acceptor_subkey = (gss_krb5_lucid_key_t){ 18, 32, subkey32 };
	l.cfx_kd.ctx_key = (gss_krb5_lucid_key_t){ 18, 16, key16 };
	refused(_metadata, &l, NULL, "context key is 16 bytes");

	lucid_acceptor(&l);
	l.initiate = 1;
	refused(_metadata, &l, &info, "acceptor contexts only");

	lucid_acceptor(&l);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	info = (struct ksecdd_lucid_info){ .client = long_name };
	refused(_metadata, &l, &info, "longer than 1024");
	info = (struct ksecdd_lucid_info){ .server = "bad\nname" };
	refused(_metadata, &l, &info, "not a valid context");
	info = (struct ksecdd_lucid_info){ .has_identity = true,
					   .uid = 0xffffffff };
	refused(_metadata, &l, &info, "not a valid context");

	refused(_metadata, NULL, NULL, "no lucid context");
}

TEST_HARNESS_MAIN
