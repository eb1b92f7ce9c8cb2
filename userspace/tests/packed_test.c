// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of the packed-context codec (ksecdd/packed.c, built into
 * this program as it is into the module), run under ASan and UBSan.
 *
 * Valid contexts must survive encode, decode and encode unchanged; every
 * malformed, truncated or non-canonical blob must be refused; and no
 * single-bit flip may yield a second encoding of a context.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "../../ksecdd/packed.h"

/* A blob under construction, record by record. */
struct builder {
	u8 buf[KSECDD_PACKED_MAX + 64];
	size_t len;
};

static void put16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(u8 *p, u64 v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

static void start_blob(struct builder *b, const char *package)
{
	struct ksecdd_packed_header hdr = { 0 };

	strcpy(hdr.package, package);
	ksecdd_packed_put_header(b->buf, &hdr);
	b->len = KSECDD_PACKED_HDR_LEN;
}

static void start_state(struct builder *b)
{
	b->len = 0;
}

static void rec(struct builder *b, u16 type, const void *val, u16 len)
{
	put16(b->buf + b->len, type);
	put16(b->buf + b->len + 2, len);
	memcpy(b->buf + b->len + 4, val, len);
	b->len += 4 + len;
}

static void rec32(struct builder *b, u16 type, u32 v)
{
	u8 val[4];

	put32(val, v);
	rec(b, type, val, 4);
}

static void finish(struct builder *b)
{
	put32(b->buf + 8, b->len);
}

static void krb5_state(struct builder *s, u32 enctype, unsigned int key_len,
		       bool subkey)
{
	u8 key[32], seq[32];

	memset(key, 0x11, sizeof(key));
	put64(seq, 1);
	put64(seq + 8, 2);
	put64(seq + 16, 3);
	put64(seq + 24, 4);
	start_state(s);
	rec32(s, KSECDD_KRB5_ENCTYPE, enctype);
	rec32(s, KSECDD_KRB5_FLAGS,
	      subkey ? KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG : 0);
	rec(s, KSECDD_KRB5_KEY, key, key_len);
	if (subkey)
		rec(s, KSECDD_KRB5_ACCEPTOR_SUBKEY, key, key_len);
	rec(s, KSECDD_KRB5_SEQUENCE, seq, sizeof(seq));
}

/* The common records before PACKAGE_STATE, up to but excluding @upto. */
static void common(struct builder *b, u16 upto)
{
	u8 life[16];

	put64(life, 100);
	put64(life + 8, 200);
	if (upto != KSECDD_REC_ROLE)
		rec(b, KSECDD_REC_ROLE, "\x01", 1);
	if (upto != KSECDD_REC_FLAGS)
		rec32(b, KSECDD_REC_FLAGS, 0x1e);
	if (upto != KSECDD_REC_LIFESPAN)
		rec(b, KSECDD_REC_LIFESPAN, life, sizeof(life));
}

/* A minimal valid raw Kerberos blob; returns its decode status. */
static int krb5_blob(struct builder *b, struct builder *s)
{
	start_blob(b, "Kerberos");
	common(b, 0);
	krb5_state(s, 18, 32, false);
	rec(b, KSECDD_REC_PACKAGE_STATE, s->buf, s->len);
	finish(b);
	return 0;
}

static int decode(struct builder *b)
{
	static struct ksecdd_packed_ctx ctx;

	return ksecdd_packed_decode(b->buf, b->len, &ctx);
}

static void full_krb5(struct ksecdd_packed_ctx *p)
{
	static const char client[] = "alice@EXAMPLE.COM";
	static const char server[] = "cifs/srv.example.com@EXAMPLE.COM";

	memset(p, 0, sizeof(*p));
	p->package = KSECDD_PACKAGE_KERBEROS;
	p->role = KSECDD_ROLE_ACCEPTOR;
	p->flags = 0x1001e;
	p->start = 1700000000;
	p->expiry = 1700003600;
	p->client_name = client;
	p->client_name_len = strlen(client);
	p->server_name = server;
	p->server_name_len = strlen(server);
	p->has_owner = true;
	p->owner = 1000;
	p->has_identity = true;
	p->uid = 1000;
	p->gid = 1000;
	p->ngroups = 3;
	p->groups[0] = 4;
	p->groups[1] = 27;
	p->groups[2] = 1000;
	p->krb5.enctype = KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192;
	p->krb5.flags = KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG;
	memset(p->krb5.key, 0xaa, 32);
	memset(p->krb5.acceptor_subkey, 0xbb, 32);
	p->krb5.send_seq_initial = 0x1122334455667788ULL;
	p->krb5.send_seq = 0x1122334455667790ULL;
	p->krb5.recv_seq_initial = 7;
	p->krb5.recv_seq = UINT64_MAX;
}

static void full_ntlm(struct ksecdd_packed_ctx *p, bool rc4)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	p->package = KSECDD_PACKAGE_NTLM;
	p->role = KSECDD_ROLE_INITIATOR;
	p->flags = 0x10;
	p->expiry = KSECDD_PACKED_NEVER;
	p->ntlm.negotiate_flags = 0xe2888235;
	memset(p->ntlm.session_key, 0x55, 16);
	memset(p->ntlm.client.sign_key, 1, 16);
	memset(p->ntlm.client.seal_key, 2, 16);
	memset(p->ntlm.server.sign_key, 3, 16);
	memset(p->ntlm.server.seal_key, 4, 16);
	p->ntlm.client.seq = 5;
	p->ntlm.server.seq = 6;
	p->ntlm.server.has_rc4 = rc4;
	for (i = 0; i < 256; i++)
		p->ntlm.server.rc4.s[i] = (i * 7 + 3) & 0xff;
	p->ntlm.server.rc4.i = 9;
	p->ntlm.server.rc4.j = 200;
}

/* Encodes @p, decodes it, re-encodes the result: all three must agree. */
static u8 *round_trip(struct __test_metadata *_metadata,
		      const struct ksecdd_packed_ctx *p, size_t *out_len)
{
	struct ksecdd_packed_ctx *q = calloc(1, sizeof(*q));
	size_t len = ksecdd_packed_len(p);
	u8 *a = malloc(len), *b = malloc(len);

	ASSERT_EQ(0, ksecdd_packed_encode(p, a, len));
	ASSERT_EQ(0, ksecdd_packed_decode(a, len, q));
	EXPECT_EQ(p->package, q->package);
	EXPECT_EQ(p->role, q->role);
	EXPECT_EQ(p->flags, q->flags);
	EXPECT_EQ(p->start, q->start);
	EXPECT_EQ(p->expiry, q->expiry);
	EXPECT_EQ(p->client_name_len, q->client_name_len);
	EXPECT_EQ(p->has_owner, q->has_owner);
	EXPECT_EQ(p->owner, q->owner);
	EXPECT_EQ(p->has_identity, q->has_identity);
	EXPECT_EQ(p->ngroups, q->ngroups);
	EXPECT_EQ(0, memcmp(p->groups, q->groups, sizeof(p->groups)));
	if (p->package == KSECDD_PACKAGE_KERBEROS)
		EXPECT_EQ(0, memcmp(&p->krb5, &q->krb5, sizeof(p->krb5)));
	ASSERT_EQ(len, ksecdd_packed_len(q));
	ASSERT_EQ(0, ksecdd_packed_encode(q, b, len));
	EXPECT_EQ(0, memcmp(a, b, len));
	free(b);
	free(q);
	*out_len = len;
	return a;
}

TEST(round_trip_kerberos)
{
	struct ksecdd_packed_ctx p;
	size_t len;

	full_krb5(&p);
	free(round_trip(_metadata, &p, &len));
}

TEST(round_trip_ntlm)
{
	struct ksecdd_packed_ctx p;
	size_t len;

	full_ntlm(&p, false);
	free(round_trip(_metadata, &p, &len));
	full_ntlm(&p, true);
	free(round_trip(_metadata, &p, &len));
}

TEST(every_truncation_refused)
{
	struct ksecdd_packed_ctx p, q;
	size_t len, cut;
	u8 *blob;

	full_krb5(&p);
	blob = round_trip(_metadata, &p, &len);
	for (cut = 0; cut < len; cut++) {
		EXPECT_NE(0, ksecdd_packed_decode(blob, cut, &q));
		/* and with the length field telling the same story */
		if (cut >= 12) {
			put32(blob + 8, cut);
			EXPECT_NE(0, ksecdd_packed_decode(blob, cut, &q));
			put32(blob + 8, len);
		}
	}
	free(blob);
}

/*
 * A flipped bit must make the blob invalid, or make it the one encoding
 * of some other context: re-encoding what was decoded gives the same
 * bytes.  The exception is a flip that turns a record into one of an
 * unknown, non-critical type, which the decoder skips: then the context
 * re-encodes shorter, and that shorter encoding is stable.
 */
TEST(bit_flips_are_canonical)
{
	struct ksecdd_packed_ctx p, q, r;
	size_t len, bit, accepted = 0, skipped = 0, qlen;
	u8 *blob, *again, *third;

	full_ntlm(&p, true);
	blob = round_trip(_metadata, &p, &len);
	again = malloc(len);
	third = malloc(len);
	for (bit = 0; bit < len * 8; bit++) {
		blob[bit / 8] ^= 1 << bit % 8;
		if (!ksecdd_packed_decode(blob, len, &q)) {
			accepted++;
			qlen = ksecdd_packed_len(&q);
			ASSERT_EQ(0, ksecdd_packed_encode(&q, again, qlen));
			if (qlen == len) {
				EXPECT_EQ(0, memcmp(blob, again, len));
			} else {
				skipped++;
				EXPECT_LT(qlen, len);
				ASSERT_EQ(0, ksecdd_packed_decode(again, qlen,
								  &r));
				ASSERT_EQ(0, ksecdd_packed_encode(&r, third,
								  qlen));
				EXPECT_EQ(0, memcmp(again, third, qlen));
			}
		}
		blob[bit / 8] ^= 1 << bit % 8;
	}
	/* key bytes and sequence numbers are free: flips there decode */
	EXPECT_GT(accepted, 0);
	EXPECT_LT(accepted, len * 8);
	/* only the type fields of the optional records can do that */
	EXPECT_LT(skipped, 64);
	free(third);
	free(again);
	free(blob);
}

TEST(record_order_and_duplicates)
{
	struct builder b, s;
	u8 life[16] = { 0 };

	krb5_blob(&b, &s);
	ASSERT_EQ(0, decode(&b));

	/* FLAGS before ROLE */
	start_blob(&b, "Kerberos");
	rec32(&b, KSECDD_REC_FLAGS, 0);
	rec(&b, KSECDD_REC_ROLE, "\x01", 1);
	rec(&b, KSECDD_REC_LIFESPAN, life, 16);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	finish(&b);
	EXPECT_EQ(-EPROTO, decode(&b));

	/* ROLE twice */
	start_blob(&b, "Kerberos");
	rec(&b, KSECDD_REC_ROLE, "\x01", 1);
	rec(&b, KSECDD_REC_ROLE, "\x01", 1);
	common(&b, KSECDD_REC_ROLE);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	finish(&b);
	EXPECT_EQ(-EPROTO, decode(&b));

	/* a trailing byte, the length field agreeing */
	krb5_blob(&b, &s);
	b.buf[b.len++] = 0;
	finish(&b);
	EXPECT_EQ(-EPROTO, decode(&b));

	/* a record running past the end */
	krb5_blob(&b, &s);
	put16(b.buf + b.len - s.len - 2, s.len + 1);
	EXPECT_EQ(-EPROTO, decode(&b));
}

TEST(unknown_records)
{
	struct builder b, s;
	struct ksecdd_packed_ctx q;
	u8 again[512];

	krb5_state(&s, 17, 16, false);

	/* unknown and not critical: skipped, and gone once re-encoded */
	start_blob(&b, "Kerberos");
	common(&b, 0);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	rec(&b, 0x0020, "x", 1);
	finish(&b);
	ASSERT_EQ(0, ksecdd_packed_decode(b.buf, b.len, &q));
	ASSERT_EQ(b.len - 5, ksecdd_packed_len(&q));
	ASSERT_EQ(0, ksecdd_packed_encode(&q, again, b.len - 5));
	EXPECT_EQ(0, memcmp(b.buf + 12, again + 12, b.len - 5 - 12));

	/* unknown and critical: refused */
	start_blob(&b, "Kerberos");
	common(&b, 0);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	rec(&b, KSECDD_REC_CRITICAL | 0x20, "x", 1);
	finish(&b);
	EXPECT_EQ(-EPROTO, decode(&b));

	/* a known type number with the wrong critical bit is malformed */
	start_blob(&b, "Kerberos");
	rec(&b, KSECDD_REC_ROLE & ~KSECDD_REC_CRITICAL, "\x01", 1);
	common(&b, KSECDD_REC_ROLE);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	finish(&b);
	EXPECT_EQ(-EPROTO, decode(&b));

	/* CLIENT_NAME with a critical bit it does not have */
	start_blob(&b, "Kerberos");
	common(&b, 0);
	rec(&b, KSECDD_REC_CLIENT_NAME | KSECDD_REC_CRITICAL, "a", 1);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	finish(&b);
	EXPECT_EQ(-EPROTO, decode(&b));

	/* an unknown critical record inside the package state */
	rec(&s, KSECDD_REC_CRITICAL | 0x30, "", 0);
	start_blob(&b, "Kerberos");
	common(&b, 0);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	finish(&b);
	EXPECT_EQ(-EPROTO, decode(&b));
}

TEST(required_records)
{
	static const u16 required[] = {
		KSECDD_REC_ROLE, KSECDD_REC_FLAGS, KSECDD_REC_LIFESPAN,
	};
	struct builder b, s;
	unsigned int i;

	krb5_state(&s, 17, 16, false);
	for (i = 0; i < 3; i++) {
		start_blob(&b, "Kerberos");
		common(&b, required[i]);
		rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
		finish(&b);
		EXPECT_EQ(-EPROTO, decode(&b));
	}
	start_blob(&b, "Kerberos");
	common(&b, 0);
	finish(&b);
	EXPECT_EQ(-EPROTO, decode(&b));
}

TEST(header_fields)
{
	struct builder b, s;

	krb5_blob(&b, &s);
	ASSERT_EQ(0, decode(&b));
	b.buf[0] = 'k';
	EXPECT_EQ(-EPROTO, decode(&b));
	b.buf[0] = 'K';
	/* another version, version 1 (sealed with AES-GCM) among them */
	EXPECT_EQ(2, b.buf[4]);
	b.buf[4] = 1;
	EXPECT_EQ(-EOPNOTSUPP, decode(&b));
	b.buf[4] = 3;
	EXPECT_EQ(-EOPNOTSUPP, decode(&b));
	b.buf[4] = 2;
	b.buf[5] = 0x02;
	EXPECT_EQ(-EPROTO, decode(&b));
	b.buf[5] = 0;
	b.buf[6] = 1;
	EXPECT_EQ(-EPROTO, decode(&b));
	b.buf[6] = 0;
	put32(b.buf + 8, b.len + 1);
	EXPECT_EQ(-EPROTO, decode(&b));
	put32(b.buf + 8, b.len);
	ASSERT_EQ(0, decode(&b));

	/* package name: characters, padding, emptiness, knownness */
	memcpy(b.buf + 12, "Kerb ros", 8);
	EXPECT_EQ(-EPROTO, decode(&b));
	memcpy(b.buf + 12, "Kerberos\0x", 10);
	EXPECT_EQ(-EPROTO, decode(&b));
	memset(b.buf + 12, 0, 16);
	EXPECT_EQ(-EPROTO, decode(&b));
	memcpy(b.buf + 12, "Negotiate", 9);
	EXPECT_EQ(-ENOPKG, decode(&b));
	memset(b.buf + 12, 0, 16);
	memcpy(b.buf + 12, "Kerberos", 8);
	ASSERT_EQ(0, decode(&b));

	/* a raw blob leaves key name and nonce zero */
	b.buf[28] = 'k';
	EXPECT_EQ(-EPROTO, decode(&b));
	b.buf[28] = 0;
	b.buf[44] = 1;
	EXPECT_EQ(-EPROTO, decode(&b));
	b.buf[44] = 0;
	b.buf[KSECDD_PACKED_HDR_LEN - 1] = 1;
	EXPECT_EQ(-EPROTO, decode(&b));
	b.buf[KSECDD_PACKED_HDR_LEN - 1] = 0;

	/* a sealed blob is not for the raw decoder */
	b.buf[5] = KSECDD_PACKED_SEALED;
	memcpy(b.buf + 28, "boot.0123456789", 15);
	EXPECT_EQ(-EPROTO, decode(&b));
}

TEST(size_cap)
{
	struct builder *b = malloc(sizeof(*b));
	struct builder s;
	static u8 filler[KSECDD_PACKED_MAX];
	struct ksecdd_packed_ctx q;

	krb5_state(&s, 17, 16, false);
	start_blob(b, "Kerberos");
	common(b, 0);
	rec(b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	/* fill to exactly the cap with an unknown non-critical record */
	rec(b, 0x0020, filler, KSECDD_PACKED_MAX - b->len - 4);
	finish(b);
	ASSERT_EQ(KSECDD_PACKED_MAX, b->len);
	EXPECT_EQ(0, ksecdd_packed_decode(b->buf, b->len, &q));
	b->buf[b->len++] = 0;
	finish(b);
	EXPECT_EQ(-EPROTO, ksecdd_packed_decode(b->buf, b->len, &q));
	free(b);
}

TEST(sealed_header)
{
	struct ksecdd_packed_header hdr = { .flags = KSECDD_PACKED_SEALED };
	struct ksecdd_packed_header out;
	u8 buf[KSECDD_PACKED_HDR_LEN + KSECDD_PACKED_TAG_LEN];

	strcpy(hdr.package, "NTLM");
	strcpy(hdr.key_name, "cluster-1.a_b");
	memset(hdr.nonce, 0xee, sizeof(hdr.nonce));
	hdr.length = sizeof(buf);
	ksecdd_packed_put_header(buf, &hdr);
	ASSERT_EQ(0, ksecdd_packed_parse_header(buf, sizeof(buf), &out));
	EXPECT_STREQ("NTLM", out.package);
	EXPECT_STREQ("cluster-1.a_b", out.key_name);
	EXPECT_EQ(KSECDD_PACKED_SEALED, out.flags);
	EXPECT_EQ(0, memcmp(hdr.nonce, out.nonce, sizeof(out.nonce)));
	/* version 2: a 24-byte XChaCha20-Poly1305 nonce ends the header */
	EXPECT_EQ(2, buf[4]);
	EXPECT_EQ(68, KSECDD_PACKED_HDR_LEN);
	EXPECT_EQ(24, sizeof(hdr.nonce));
	EXPECT_EQ(0, memcmp(buf + 44, hdr.nonce, 24));

	/* no room for the tag */
	put32(buf + 8, sizeof(buf) - 1);
	EXPECT_EQ(-EPROTO, ksecdd_packed_parse_header(buf, sizeof(buf) - 1,
						      &out));
	put32(buf + 8, sizeof(buf));
	/* no key name, or one with a character a name cannot have */
	memset(buf + 28, 0, 16);
	EXPECT_EQ(-EPROTO, ksecdd_packed_parse_header(buf, sizeof(buf), &out));
	memcpy(buf + 28, "a:b", 3);
	EXPECT_EQ(-EPROTO, ksecdd_packed_parse_header(buf, sizeof(buf), &out));
}

/* The one name rule: ASCII letters, digits, - _ (and . for key names). */
TEST(valid_name)
{
	EXPECT_TRUE(ksecdd_packed_valid_name("Kerberos", 8, 16, false));
	EXPECT_TRUE(ksecdd_packed_valid_name("boot.0a-b_C", 11, 16, true));
	EXPECT_FALSE(ksecdd_packed_valid_name("boot.0", 6, 16, false));
	EXPECT_FALSE(ksecdd_packed_valid_name("\xc0\xc1", 2, 16, true));
	EXPECT_FALSE(ksecdd_packed_valid_name("caf\xe9", 4, 16, true));
	EXPECT_FALSE(ksecdd_packed_valid_name("", 0, 16, true));
	EXPECT_FALSE(ksecdd_packed_valid_name("abc", 3, 2, true));
	EXPECT_FALSE(ksecdd_packed_valid_name("a\0b", 3, 16, true));
}

/* A Kerberos blob with @name as its client name; returns decode status. */
static int with_name(const void *name, size_t len)
{
	static struct builder b, s;

	krb5_state(&s, 17, 16, false);
	start_blob(&b, "Kerberos");
	common(&b, 0);
	rec(&b, KSECDD_REC_CLIENT_NAME, name, len);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	finish(&b);
	return decode(&b);
}

TEST(names)
{
	static char long_name[KSECDD_PACKED_NAME_MAX + 1];

	EXPECT_EQ(0, with_name("alice@EXAMPLE.COM", 17));
	EXPECT_EQ(0, with_name("J\xc3\xbcrgen \xe2\x82\xac \xf0\x9f\x94\x91", 16));
	EXPECT_EQ(-EPROTO, with_name("", 0));
	EXPECT_EQ(-EPROTO, with_name("a\nb", 3));
	EXPECT_EQ(-EPROTO, with_name("a\x7f", 2));
	EXPECT_EQ(-EPROTO, with_name("a\xc2\x85", 3));		/* C1 NEL */
	EXPECT_EQ(-EPROTO, with_name("\xc0\xaf", 2));		/* overlong */
	EXPECT_EQ(-EPROTO, with_name("\xe0\x80\xaf", 3));	/* overlong */
	EXPECT_EQ(-EPROTO, with_name("\xed\xa0\x80", 3));	/* surrogate */
	EXPECT_EQ(-EPROTO, with_name("\xf4\x90\x80\x80", 4));	/* > 10FFFF */
	EXPECT_EQ(-EPROTO, with_name("\xe2\x82", 2));		/* truncated */
	EXPECT_EQ(-EPROTO, with_name("\x80", 1));		/* stray */
	EXPECT_EQ(-EPROTO, with_name("\xf8\x88\x80\x80\x80", 5));
	memset(long_name, 'a', sizeof(long_name));
	EXPECT_EQ(0, with_name(long_name, KSECDD_PACKED_NAME_MAX));
	EXPECT_EQ(-EPROTO, with_name(long_name, KSECDD_PACKED_NAME_MAX + 1));
}

/* A Kerberos blob with this identity record; returns decode status. */
static int with_identity(u32 uid, u32 gid, const u32 *groups, u32 n)
{
	static struct builder b, s;
	static u8 val[8 + 4 * 300];
	u32 i;

	put32(val, uid);
	put32(val + 4, gid);
	for (i = 0; i < n; i++)
		put32(val + 8 + 4 * i, groups[i]);
	krb5_state(&s, 17, 16, false);
	start_blob(&b, "Kerberos");
	common(&b, 0);
	rec(&b, KSECDD_REC_IDENTITY, val, 8 + 4 * n);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	finish(&b);
	return decode(&b);
}

TEST(identity)
{
	static u32 groups[300];
	u32 i;

	for (i = 0; i < 300; i++)
		groups[i] = 100 + i;
	EXPECT_EQ(0, with_identity(1000, 1000, groups, 0));
	EXPECT_EQ(0, with_identity(0, 0, groups, 3));
	EXPECT_EQ(0, with_identity(1, 1, groups, KSECDD_PACKED_GROUPS_MAX));
	EXPECT_EQ(-EPROTO, with_identity(1, 1, groups,
					 KSECDD_PACKED_GROUPS_MAX + 1));
	EXPECT_EQ(-EPROTO, with_identity(-1, 1, groups, 0));
	EXPECT_EQ(-EPROTO, with_identity(1, -1, groups, 0));
	groups[1] = groups[0];
	EXPECT_EQ(-EPROTO, with_identity(1, 1, groups, 2));
	groups[1] = 50;
	EXPECT_EQ(-EPROTO, with_identity(1, 1, groups, 2));
	groups[1] = -1;
	EXPECT_EQ(-EPROTO, with_identity(1, 1, groups, 2));
}

TEST(lifespan_and_role)
{
	struct ksecdd_packed_ctx p;
	u8 buf[2048];

	full_krb5(&p);
	ASSERT_LT(ksecdd_packed_len(&p), sizeof(buf));
	p.start = p.expiry + 1;
	EXPECT_EQ(-EINVAL, ksecdd_packed_encode(&p, buf, ksecdd_packed_len(&p)));
	p.start = -1;
	EXPECT_EQ(-EINVAL, ksecdd_packed_encode(&p, buf, ksecdd_packed_len(&p)));
	full_krb5(&p);
	p.role = 2;
	EXPECT_EQ(-EINVAL, ksecdd_packed_encode(&p, buf, ksecdd_packed_len(&p)));
}

/* A Kerberos blob around the state in @s; returns decode status. */
static int with_state(struct builder *s)
{
	static struct builder b;

	start_blob(&b, "Kerberos");
	common(&b, 0);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s->buf, s->len);
	finish(&b);
	return decode(&b);
}

TEST(kerberos_state)
{
	static const struct { u32 enctype; unsigned int len; } ok[] = {
		{ 17, 16 }, { 18, 32 }, { 19, 16 }, { 20, 32 },
	};
	struct builder s;
	u8 key[32] = { 0 }, seq[32] = { 0 };
	unsigned int i;

	for (i = 0; i < 4; i++) {
		krb5_state(&s, ok[i].enctype, ok[i].len, i % 2);
		EXPECT_EQ(0, with_state(&s));
		krb5_state(&s, ok[i].enctype, 48 - ok[i].len, false);
		EXPECT_EQ(-EPROTO, with_state(&s));
	}
	krb5_state(&s, 23, 16, false);		/* rc4-hmac */
	EXPECT_EQ(-EPROTO, with_state(&s));

	/* the subkey flag and the subkey record come together */
	start_state(&s);
	rec32(&s, KSECDD_KRB5_ENCTYPE, 17);
	rec32(&s, KSECDD_KRB5_FLAGS, KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG);
	rec(&s, KSECDD_KRB5_KEY, key, 16);
	rec(&s, KSECDD_KRB5_SEQUENCE, seq, 32);
	EXPECT_EQ(-EPROTO, with_state(&s));
	start_state(&s);
	rec32(&s, KSECDD_KRB5_ENCTYPE, 17);
	rec32(&s, KSECDD_KRB5_FLAGS, 0);
	rec(&s, KSECDD_KRB5_KEY, key, 16);
	rec(&s, KSECDD_KRB5_ACCEPTOR_SUBKEY, key, 16);
	rec(&s, KSECDD_KRB5_SEQUENCE, seq, 32);
	EXPECT_EQ(-EPROTO, with_state(&s));

	/* unknown flag bits, a missing sequence record */
	start_state(&s);
	rec32(&s, KSECDD_KRB5_ENCTYPE, 17);
	rec32(&s, KSECDD_KRB5_FLAGS, 2);
	rec(&s, KSECDD_KRB5_KEY, key, 16);
	rec(&s, KSECDD_KRB5_SEQUENCE, seq, 32);
	EXPECT_EQ(-EPROTO, with_state(&s));
	start_state(&s);
	rec32(&s, KSECDD_KRB5_ENCTYPE, 17);
	rec32(&s, KSECDD_KRB5_FLAGS, 0);
	rec(&s, KSECDD_KRB5_KEY, key, 16);
	EXPECT_EQ(-EPROTO, with_state(&s));
}

TEST(ntlm_state)
{
	struct ksecdd_packed_ctx p, q;
	size_t len;
	u8 *blob;

	/* RC4 state that is no permutation */
	full_ntlm(&p, true);
	blob = round_trip(_metadata, &p, &len);
	p.ntlm.server.rc4.s[1] = p.ntlm.server.rc4.s[0];
	EXPECT_EQ(-EINVAL, ksecdd_packed_encode(&p, blob, len));
	/* s[] is the last-but-two..last-but-257 bytes of the blob */
	blob[len - 258 + 1] = blob[len - 258];
	EXPECT_EQ(-EPROTO, ksecdd_packed_decode(blob, len, &q));
	free(blob);
}

TEST(ntlm_required_records)
{
	struct builder b, s;
	u8 dir[36] = { 0 }, key[16] = { 0 };
	unsigned int skip;

	for (skip = 0; skip < 4; skip++) {
		start_state(&s);
		if (skip != 0)
			rec32(&s, KSECDD_NTLM_NEGOTIATE_FLAGS, 0);
		if (skip != 1)
			rec(&s, KSECDD_NTLM_SESSION_KEY, key, 16);
		if (skip != 2)
			rec(&s, KSECDD_NTLM_CLIENT, dir, 36);
		if (skip != 3)
			rec(&s, KSECDD_NTLM_SERVER, dir, 36);
		start_blob(&b, "NTLM");
		common(&b, 0);
		rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
		finish(&b);
		EXPECT_EQ(-EPROTO, decode(&b));
	}
	rec32(&s, KSECDD_NTLM_NEGOTIATE_FLAGS, 0);
	start_state(&s);
	rec32(&s, KSECDD_NTLM_NEGOTIATE_FLAGS, 0);
	rec(&s, KSECDD_NTLM_SESSION_KEY, key, 16);
	rec(&s, KSECDD_NTLM_CLIENT, dir, 36);
	rec(&s, KSECDD_NTLM_SERVER, dir, 35);
	start_blob(&b, "NTLM");
	common(&b, 0);
	rec(&b, KSECDD_REC_PACKAGE_STATE, s.buf, s.len);
	finish(&b);
	EXPECT_EQ(-EPROTO, decode(&b));
}

TEST(encoder_refusals)
{
	struct ksecdd_packed_ctx p;
	u8 buf[2048];
	size_t len;

	full_krb5(&p);
	len = ksecdd_packed_len(&p);
	EXPECT_EQ(-ENOSPC, ksecdd_packed_encode(&p, buf, len - 1));
	EXPECT_EQ(-ENOSPC, ksecdd_packed_encode(&p, buf, len + 1));
	p.client_name = "bad\tname";
	p.client_name_len = 8;
	EXPECT_EQ(-EINVAL, ksecdd_packed_encode(&p, buf,
						ksecdd_packed_len(&p)));
	EXPECT_EQ(-ENOPKG, ksecdd_packed_package_id("Negotiate"));
	EXPECT_EQ(KSECDD_PACKAGE_NTLM, ksecdd_packed_package_id("NTLM"));
	EXPECT_EQ(32, ksecdd_krb5_key_len(20));
	EXPECT_EQ(0, ksecdd_krb5_key_len(16));
}

TEST_HARNESS_MAIN
