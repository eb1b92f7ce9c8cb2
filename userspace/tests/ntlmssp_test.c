// SPDX-License-Identifier: GPL-2.0
/*
 * ksecdd_raw_from_ntlmssp() on the host, under ASan and UBSan, with
 * exports built here byte by byte in gss-ntlmssp's format version 5
 * (src/gss_serialize.c): what each becomes, read back with the module's
 * own codec, and every export it must refuse.  ntlmssp_export_test does
 * the same with exports gss-ntlmssp made.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kselftest_harness.h"

#include "../lib/libksecdd.h"
#include "../../ksecdd/packed.h"

#define ESS		0x00080000
#define KEY_EXCH	0x40000000
#define LM_KEY		0x00000080
#define NEG_56		0x80000000
#define DATAGRAM	0x00000040
/* what gss-ntlmssp 1.2.0 negotiated with itself */
#define NEG_FLAGS	0xe28a8235

/* GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG, as gss-ntlmssp's contexts have */
#define GSS_FLAGS	0x30

#define FIXED		180
#define DATA_MAX	8192

static const uint8_t ntlmssp_oid[] = {
	0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a
};

static const uint8_t spnego_oid[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };
static const uint8_t krb5_oid[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02
};

/* One direction of the export, before it is laid out. */
struct keys {
	int sign_len, seal_len, rc4_len;
	uint8_t sign, seal;	/* the keys' bytes are all this */
	unsigned int rc4[258];
	uint32_t seq;
};

struct name {
	uint8_t type;
	const char *dom, *name;
};

struct spec {
	uint16_t version;
	uint8_t role, stage, int_flags;
	uint32_t gss_flags, neg_flags;
	int session_key_len;
	struct keys send, recv;
	struct name source, target;
	uint64_t expiration;
};

struct export {
	uint8_t buf[64 + FIXED + DATA_MAX];
	size_t len;
	size_t data;	/* where the fixed part starts in buf */
	size_t used;	/* bytes of data[] */
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* A variable field at @off of the fixed part, its bytes in data[]. */
static void relmem(struct export *x, size_t off, const void *p, size_t len)
{
	uint8_t *fixed = x->buf + x->data;

	if (!len)
		return;
	put32(fixed + off, x->used);
	put32(fixed + off + 4, len);
	memcpy(fixed + FIXED + x->used, p, len);
	x->used += len;
}

static void put_name(struct export *x, size_t off, const struct name *n)
{
	x->buf[x->data + off] = n->type;
	if (n->dom)
		relmem(x, off + 1, n->dom, strlen(n->dom));
	if (n->name)
		relmem(x, off + 9, n->name, strlen(n->name));
}

static void put_keys(struct export *x, size_t off, const struct keys *k)
{
	uint8_t key[32];

	memset(key, k->sign, sizeof(key));
	relmem(x, off, key, k->sign_len);
	memset(key, k->seal, sizeof(key));
	relmem(x, off + 8, key, k->seal_len);
	relmem(x, off + 16, k->rc4, k->rc4_len);
	put32(x->buf + x->data + off + 24, k->seq);
}

/* The export of @s as MIT's mechglue wraps it, under @oid. */
static void build(struct export *x, const struct spec *s, const uint8_t *oid,
		  size_t oid_len)
{
	uint8_t *fixed, session_key[32];

	memset(x, 0, sizeof(*x));
	x->buf[3] = oid_len;
	memcpy(x->buf + 4, oid, oid_len);
	x->data = 4 + oid_len;
	fixed = x->buf + x->data;
	fixed[0] = s->version;
	fixed[1] = s->version >> 8;
	fixed[2] = s->role;
	fixed[3] = s->stage;
	fixed[4] = 0x7c;
	put_name(x, 37, &s->source);
	put_name(x, 64, &s->target);
	put32(fixed + 99, s->gss_flags);
	put32(fixed + 103, s->neg_flags);
	memset(session_key, 0x55, sizeof(session_key));
	relmem(x, 107, session_key, s->session_key_len);
	put_keys(x, 115, &s->send);
	put_keys(x, 143, &s->recv);
	fixed[171] = s->int_flags;
	put32(fixed + 172, s->expiration);
	put32(fixed + 176, s->expiration >> 32);
	x->len = x->data + FIXED + x->used;
}

/* A permutation that is not the identity, and indices mid-stream. */
static void rc4_state(unsigned int *st, unsigned int x, unsigned int y,
		      unsigned int mult)
{
	int k;

	st[0] = x;
	st[1] = y;
	for (k = 0; k < 256; k++)
		st[2 + k] = (k * mult + 7) & 0xff;
}

static struct keys ess_keys(uint8_t sign, uint8_t seal, unsigned int x,
			    unsigned int y, unsigned int mult, uint32_t seq)
{
	struct keys k = { 16, 16, 1032, sign, seal, { 0 }, seq };

	rc4_state(k.rc4, x, y, mult);
	return k;
}

/* The acceptor of a context with extended session security. */
static void acceptor(struct spec *s)
{
	memset(s, 0, sizeof(*s));
	s->version = 5;
	s->role = 2;
	s->stage = 5;
	s->int_flags = 1;
	s->gss_flags = GSS_FLAGS;
	s->neg_flags = NEG_FLAGS;
	s->session_key_len = 16;
	s->send = ess_keys(0x11, 0x12, 3, 200, 5, 7);
	s->recv = ess_keys(0x21, 0x22, 255, 0, 3, 9);
	s->source = (struct name){ 2, "KSECDD", "alice" };
	s->target = (struct name){ 3, "cifs@files.example.com", "files" };
	s->expiration = time(NULL) + 3600;
}

static int convert(const struct export *x,
		   const struct ksecdd_lucid_info *info,
		   struct ksecdd_packed_ctx *c, void **blob, char *error)
{
	size_t len;

	error[0] = '\0';
	*blob = NULL;
	if (ksecdd_raw_from_ntlmssp(x->buf, x->len, info, blob, &len, error,
				    256))
		return -1;
	return ksecdd_packed_decode(*blob, len, c);
}

/* The record @d holds what struct keys @k gave. */
static void expect_dir(struct __test_metadata *_metadata,
		       const struct ksecdd_packed_ntlm_dir *d,
		       const struct keys *k)
{
	uint8_t sign[16], seal[16];
	int i;

	memset(sign, k->sign, sizeof(sign));
	memset(seal, k->seal, sizeof(seal));
	EXPECT_EQ(0, memcmp(d->sign_key, sign, 16));
	EXPECT_EQ(0, memcmp(d->seal_key, seal, 16));
	EXPECT_EQ(k->seq, d->seq);
	ASSERT_TRUE(d->has_rc4);
	/* OpenSSL's x and y are the packed i and j, without adjustment */
	EXPECT_EQ(k->rc4[0], d->rc4.i);
	EXPECT_EQ(k->rc4[1], d->rc4.j);
	for (i = 0; i < 256; i++)
		ASSERT_EQ(k->rc4[2 + i], d->rc4.s[i]) TH_LOG("S[%d]", i);
}

static void expect_name(struct __test_metadata *_metadata, const char *want,
			const char *got, uint32_t got_len)
{
	EXPECT_EQ(strlen(want), got_len);
	EXPECT_EQ(0, strncmp(want, got, got_len)) TH_LOG("%.*s", got_len, got);
}

TEST(acceptor_with_ess)
{
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	time_t now = time(NULL);
	void *blob;
	uint8_t sk[16];

	acceptor(&s);
	build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
	ASSERT_EQ(0, convert(&x, NULL, &c, &blob, error)) TH_LOG("%s", error);
	EXPECT_EQ(KSECDD_PACKAGE_NTLM, c.package);
	EXPECT_EQ(KSECDD_ROLE_ACCEPTOR, c.role);
	/* ASC_RET_CONFIDENTIALITY | ASC_RET_INTEGRITY */
	EXPECT_EQ(0x20010, c.flags);
	EXPECT_EQ(NEG_FLAGS, c.ntlm.negotiate_flags);
	memset(sk, 0x55, sizeof(sk));
	EXPECT_EQ(0, memcmp(c.ntlm.session_key, sk, 16));
	/* an acceptor sends server to client */
	expect_dir(_metadata, &c.ntlm.server, &s.send);
	expect_dir(_metadata, &c.ntlm.client, &s.recv);
	expect_name(_metadata, "KSECDD\\alice", c.client_name,
		    c.client_name_len);
	expect_name(_metadata, "cifs@files.example.com", c.server_name,
		    c.server_name_len);
	EXPECT_LE(now, c.start);
	EXPECT_GE(now + 5, c.start);
	EXPECT_EQ((int64_t)s.expiration, c.expiry);
	EXPECT_FALSE(c.has_identity);
	free(blob);
}

TEST(initiator_with_ess)
{
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	void *blob;

	acceptor(&s);
	s.role = 1;
	s.gss_flags |= 0x2;	/* GSS_C_MUTUAL_FLAG */
	build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
	ASSERT_EQ(0, convert(&x, NULL, &c, &blob, error)) TH_LOG("%s", error);
	EXPECT_EQ(KSECDD_ROLE_INITIATOR, c.role);
	/* ISC_RET_MUTUAL_AUTH | CONFIDENTIALITY | ISC_RET_INTEGRITY */
	EXPECT_EQ(0x10012, c.flags);
	expect_dir(_metadata, &c.ntlm.client, &s.send);
	expect_dir(_metadata, &c.ntlm.server, &s.recv);
	free(blob);
}

/* gss-ntlmssp's domain server and controller roles accept too */
TEST(domain_roles_accept)
{
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	void *blob;
	int role;

	for (role = 3; role <= 4; role++) {
		acceptor(&s);
		s.role = role;
		build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
		ASSERT_EQ(0, convert(&x, NULL, &c, &blob, error))
			TH_LOG("%s", error);
		EXPECT_EQ(KSECDD_ROLE_ACCEPTOR, c.role);
		free(blob);
	}
}

/*
 * Without extended session security gss-ntlmssp has one stream, its send
 * one, and no direction keys: the stream and its sequence number go to
 * the context's own role's record, the other record stays empty, and the
 * sealing key is the session key or its LM_KEY form.
 */
TEST(single_stream_without_ess)
{
	static const struct {
		uint32_t flags;
		uint8_t seal[16];
	} cases[] = {
		{ 0, { 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
		       0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55 } },
		{ LM_KEY | NEG_56, { 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
				     0xa0 } },
		{ LM_KEY, { 0x55, 0x55, 0x55, 0x55, 0x55, 0xe5, 0x38, 0xb0 } },
	};
	static const struct ksecdd_packed_ntlm_dir empty;
	struct ksecdd_packed_ntlm_dir *own, *other;
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	unsigned int i, role;
	void *blob;

	for (role = 1; role <= 2; role++) {
		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			acceptor(&s);
			s.role = role;
			s.neg_flags = (NEG_FLAGS & ~(ESS | LM_KEY | NEG_56)) |
				      cases[i].flags;
			s.send.sign_len = 0;
			s.send.seal_len = 0;
			s.recv = (struct keys){ 0 };
			s.recv.seq = 1234;	/* gss-ntlmssp never uses it */
			build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
			ASSERT_EQ(0, convert(&x, NULL, &c, &blob, error))
				TH_LOG("%s", error);
			own = role == 1 ? &c.ntlm.client : &c.ntlm.server;
			other = role == 1 ? &c.ntlm.server : &c.ntlm.client;
			EXPECT_EQ(s.send.seq, own->seq);
			EXPECT_TRUE(own->has_rc4);
			EXPECT_EQ(s.send.rc4[0], own->rc4.i);
			EXPECT_EQ(s.send.rc4[1], own->rc4.j);
			EXPECT_EQ(0, memcmp(own->seal_key, cases[i].seal, 16))
				TH_LOG("case %u", i);
			EXPECT_EQ(0, memcmp(other, &empty, sizeof(empty)));
			free(blob);
		}
	}
}

/* Another mechglue header before the token, as SPNEGO's export has. */
static void wrap(struct export *x, const uint8_t *oid, size_t len)
{
	memmove(x->buf + 4 + len, x->buf, x->len);
	memset(x->buf, 0, 4);
	x->buf[3] = len;
	memcpy(x->buf + 4, oid, len);
	x->len += 4 + len;
}

/* SPNEGO's export is the mechglue token of the context it negotiated. */
TEST(spnego_around_ntlmssp)
{
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	void *blob;

	acceptor(&s);
	build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
	wrap(&x, spnego_oid, sizeof(spnego_oid));
	ASSERT_EQ(0, convert(&x, NULL, &c, &blob, error)) TH_LOG("%s", error);
	expect_dir(_metadata, &c.ntlm.server, &s.send);
	free(blob);
}

/* Kerberos, SPNEGO around it, SPNEGO around SPNEGO: not for NTLM */
TEST(other_mechanisms)
{
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	void *blob;
	int i;

	acceptor(&s);
	for (i = 0; i < 3; i++) {
		build(&x, &s, i < 2 ? krb5_oid : ntlmssp_oid,
		      i < 2 ? sizeof(krb5_oid) : sizeof(ntlmssp_oid));
		if (i)
			wrap(&x, spnego_oid, sizeof(spnego_oid));
		if (i == 2)
			wrap(&x, spnego_oid, sizeof(spnego_oid));
		errno = 0;
		EXPECT_EQ(-1, convert(&x, NULL, &c, &blob, error));
		EXPECT_EQ(EPROTONOSUPPORT, errno) TH_LOG("case %d", i);
		EXPECT_NE(NULL, strstr(error, "another mechanism"))
			TH_LOG("%s", error);
	}
}

TEST(names_and_identity_given)
{
	static const uint32_t groups[] = { 30, 10, 20, 10 };
	struct ksecdd_lucid_info info = {
		.client = "alice@EXAMPLE", .server = "cifs/files",
		.gss_flags = 0xffff,	/* not used: the export has its own */
		.has_identity = true, .uid = 1000, .gid = 1001,
		.groups = groups, .ngroups = 4,
	};
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	void *blob;

	acceptor(&s);
	build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
	ASSERT_EQ(0, convert(&x, &info, &c, &blob, error)) TH_LOG("%s", error);
	expect_name(_metadata, "alice@EXAMPLE", c.client_name,
		    c.client_name_len);
	expect_name(_metadata, "cifs/files", c.server_name,
		    c.server_name_len);
	EXPECT_EQ(0x20010, c.flags);
	ASSERT_TRUE(c.has_identity);
	EXPECT_EQ(1000, c.uid);
	EXPECT_EQ(1001, c.gid);
	ASSERT_EQ(3, c.ngroups);
	EXPECT_EQ(10, c.groups[0]);
	EXPECT_EQ(30, c.groups[2]);
	free(blob);

	/* an initiator speaks for no one */
	s.role = 1;
	build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
	errno = 0;
	EXPECT_EQ(-1, convert(&x, &info, &c, &blob, error));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_NE(NULL, strstr(error, "acceptor")) TH_LOG("%s", error);
}

TEST(export_names)
{
	static const struct {
		struct name source, target;
		const char *client, *server;
	} cases[] = {
		{ { 2, NULL, "bob" }, { 3, NULL, "files" }, "bob", "files" },
		{ { 1, NULL, NULL }, { 0, NULL, NULL },
		  "NT AUTHORITY\\ANONYMOUS LOGON", NULL },
		{ { 2, "DOM", NULL }, { 3, "host/x", NULL }, NULL, "host/x" },
	};
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	unsigned int i;
	void *blob;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		acceptor(&s);
		s.source = cases[i].source;
		s.target = cases[i].target;
		build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
		ASSERT_EQ(0, convert(&x, NULL, &c, &blob, error))
			TH_LOG("%s", error);
		if (cases[i].client)
			expect_name(_metadata, cases[i].client, c.client_name,
				    c.client_name_len);
		else
			EXPECT_EQ(0, c.client_name_len);
		if (cases[i].server)
			expect_name(_metadata, cases[i].server, c.server_name,
				    c.server_name_len);
		else
			EXPECT_EQ(0, c.server_name_len);
		free(blob);
	}
}

TEST(lifespan)
{
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	void *blob;

	acceptor(&s);
	s.expiration = 0;	/* gss-ntlmssp's contexts that never end */
	build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
	ASSERT_EQ(0, convert(&x, NULL, &c, &blob, error)) TH_LOG("%s", error);
	EXPECT_EQ(KSECDD_PACKED_NEVER, c.expiry);
	free(blob);

	/* one that ended starts and ends then: the import says expired */
	s.expiration = time(NULL) - 60;
	build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
	ASSERT_EQ(0, convert(&x, NULL, &c, &blob, error)) TH_LOG("%s", error);
	EXPECT_EQ((int64_t)s.expiration, c.expiry);
	EXPECT_EQ((int64_t)s.expiration, c.start);
	free(blob);
}

/* What each refusal changes in a valid acceptor, and what it says. */
enum change {
	STAGE_AUTH, NOT_ESTABLISHED, VERSION_4, VERSION_261, ROLE_0, ROLE_5,
	DATAGRAM_NTLM, SHORT_SESSION_KEY, NO_SESSION_KEY, LONG_SIGN_KEY,
	SHORT_SEAL_KEY, NO_RECV_SEAL_KEY, SHORT_RC4, NO_RC4,
	NO_RC4_WITHOUT_ESS, RC4_REPEAT, RC4_BIG_X, RC4_BIG_Y, RC4_BIG_S,
	TRUNCATED, CUT_DATA, NO_TOKEN, OID_TOO_LONG, FIELD_OUTSIDE,
	FIELD_WRAPS, WORKSTATION_OUTSIDE, ATTRS_OUTSIDE, NAME_NUL,
	NAME_TOO_LONG, NAME_CONTROL,
};

static const struct {
	enum change change;
	const char *what;
} cases[] = {
	{ STAGE_AUTH, "not established (stage 4" },
	{ NOT_ESTABLISHED, "not established (stage 5, flags 0x06" },
	{ VERSION_4, "version 4" },
	{ VERSION_261, "version 261" },
	{ ROLE_0, "role 0" },
	{ ROLE_5, "role 5" },
	{ DATAGRAM_NTLM, "datagram" },
	{ SHORT_SESSION_KEY, "session key is 8 bytes" },
	{ NO_SESSION_KEY, "session key is 0 bytes" },
	{ LONG_SIGN_KEY, "send signing key is 17" },
	{ SHORT_SEAL_KEY, "receive sealing key is 15" },
	{ NO_RECV_SEAL_KEY, "receive sealing key is 0" },
	{ SHORT_RC4, "send RC4 state is 1028" },
	{ NO_RC4, "receive RC4 state is 0" },
	{ NO_RC4_WITHOUT_ESS, "send RC4 state is 0" },
	{ RC4_REPEAT, "send RC4 state is not an RC4 state" },
	{ RC4_BIG_X, "receive RC4 state is not an RC4 state" },
	{ RC4_BIG_Y, "send RC4 state is not an RC4 state" },
	{ RC4_BIG_S, "receive RC4 state is not an RC4 state" },
	{ TRUNCATED, "at least 180" },
	{ CUT_DATA, "receive RC4 state (1032 bytes at" },
	{ NO_TOKEN, "not a gss_export_sec_context() token" },
	{ OID_TOO_LONG, "an OID of 16777226 bytes" },
	{ FIELD_OUTSIDE, "send signing key (16 bytes at" },
	{ FIELD_WRAPS, "receive RC4 state (1032 bytes at 4294967280)" },
	{ WORKSTATION_OUTSIDE, "workstation (1 bytes at" },
	{ ATTRS_OUTSIDE, "target attributes (16 bytes at 4096)" },
	{ NAME_NUL, "client name holds a NUL" },
	{ NAME_TOO_LONG, "longer than 1024" },
	{ NAME_CONTROL, "not a valid context" },
};

static char long_name[1200];

static void change_spec(struct spec *s, enum change c)
{
	switch (c) {
	case STAGE_AUTH:
		s->stage = 4;
		break;
	case NOT_ESTABLISHED:
		s->int_flags = 0x6;
		break;
	case VERSION_4:
		s->version = 4;
		break;
	case VERSION_261:
		s->version = 0x0105;
		break;
	case ROLE_0:
		s->role = 0;
		break;
	case ROLE_5:
		s->role = 5;
		break;
	case DATAGRAM_NTLM:
		s->neg_flags |= DATAGRAM;
		break;
	case SHORT_SESSION_KEY:
		s->session_key_len = 8;
		break;
	case NO_SESSION_KEY:
		s->session_key_len = 0;
		break;
	case LONG_SIGN_KEY:
		s->send.sign_len = 17;
		break;
	case SHORT_SEAL_KEY:
		s->recv.seal_len = 15;
		break;
	case NO_RECV_SEAL_KEY:
		s->recv.seal_len = 0;
		break;
	case SHORT_RC4:
		s->send.rc4_len = 1028;
		break;
	case NO_RC4:
		s->recv.rc4_len = 0;
		break;
	case NO_RC4_WITHOUT_ESS:
		s->neg_flags &= ~ESS;
		s->send.rc4_len = 0;
		break;
	case RC4_REPEAT:
		s->send.rc4[2 + 9] = s->send.rc4[2];
		break;
	case RC4_BIG_X:
		s->recv.rc4[0] = 256;
		break;
	case RC4_BIG_Y:
		s->send.rc4[1] = 0x10000;
		break;
	case RC4_BIG_S:
		s->recv.rc4[2 + 255] = 0x100 | 7;
		break;
	case NAME_TOO_LONG:
		/* room for the long client name below */
		memset(long_name, 'p', sizeof(long_name) - 1);
		s->target.name = long_name;
		break;
	default:
		break;
	}
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void change_bytes(struct export *x, enum change c)
{
	uint8_t *fixed = x->buf + x->data;

	switch (c) {
	case TRUNCATED:
		x->len = x->data + FIXED - 1;
		break;
	case CUT_DATA:
		x->len--;
		break;
	case NO_TOKEN:
		x->len = 3;
		break;
	case OID_TOO_LONG:
		x->buf[0] = 1;
		break;
	case FIELD_OUTSIDE:
		put32(fixed + 115, x->used - 15);
		break;
	case FIELD_WRAPS:
		put32(fixed + 143 + 16, 0xfffffff0);
		break;
	case WORKSTATION_OUTSIDE:
		put32(fixed + 5, x->used);
		put32(fixed + 9, 1);
		break;
	case ATTRS_OUTSIDE:
		put32(fixed + 64 + 19, 4096);
		put32(fixed + 64 + 23, 16);
		break;
	case NAME_NUL:
		/* the user name's bytes are the send RC4 state's */
		memcpy(fixed + 37 + 9, fixed + 115 + 16, 4);
		put32(fixed + 37 + 13, 8);
		break;
	case NAME_TOO_LONG:
		/* the user name is 1100 bytes of the target's long name */
		memcpy(fixed + 37 + 9, fixed + 64 + 9, 4);
		put32(fixed + 37 + 13, 1100);
		break;
	case NAME_CONTROL:
		fixed[FIXED + get32(fixed + 37 + 9)] = '\n';
		break;
	default:
		break;
	}
}

TEST(refusals)
{
	struct ksecdd_packed_ctx c;
	struct export x;
	struct spec s;
	char error[256];
	unsigned int i;
	void *blob;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		acceptor(&s);
		change_spec(&s, cases[i].change);
		build(&x, &s, ntlmssp_oid, sizeof(ntlmssp_oid));
		change_bytes(&x, cases[i].change);
		errno = 0;
		blob = NULL;
		EXPECT_EQ(-1, convert(&x, NULL, &c, &blob, error))
			TH_LOG("case %u (%s) was accepted", i,
			       cases[i].what);
		EXPECT_EQ(EINVAL, errno) TH_LOG("case %u", i);
		EXPECT_NE(NULL, strstr(error, cases[i].what))
			TH_LOG("case %u: \"%s\" does not say \"%s\"", i,
			       error, cases[i].what);
		EXPECT_EQ(NULL, blob);
	}
}

TEST(no_arguments)
{
	char error[256];
	void *blob = NULL;
	size_t len;

	errno = 0;
	EXPECT_EQ(-1, ksecdd_raw_from_ntlmssp(NULL, 0, NULL, &blob, &len,
					      error, sizeof(error)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(NULL, blob);
	/* no room for a message is no fault */
	errno = 0;
	EXPECT_EQ(-1, ksecdd_raw_from_ntlmssp("", 0, NULL, &blob, &len,
					      NULL, 0));
	EXPECT_EQ(EINVAL, errno);
}

TEST_HARNESS_MAIN
