// SPDX-License-Identifier: GPL-2.0
/*
 * Kerberos key derivation, encryption and checksums against the
 * published vectors: RFC 3961 A.1 (n-fold), RFC 3962 B (DK, through
 * string-to-key's final step) and RFC 8009 A (keys, encryption with known
 * confounders across every CTS boundary, and checksums, key usage 2).
 */

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "../ksecdd/krb5_crypto.h"
#include "../ksecdd/krb5_kdf.h"
#include "../ksecdd/packed.h"
#include "suites.h"
#include "util.h"

/* One derivation: the derivation keyed, used once and freed. */
static int derive(u32 enctype, const u8 *base, u32 usage, u8 type, u8 *out)
{
	struct ksecdd_krb5_kdf kdf;
	int n;

	n = ksecdd_krb5_kdf_init(&kdf, enctype, base);
	if (n)
		return n;
	n = ksecdd_krb5_kdf_derive(&kdf, usage, type, out);
	ksecdd_krb5_kdf_free(&kdf);
	return n;
}

static int usage_init(struct ksecdd_krb5_usage *u, u32 enctype,
		      const u8 *base, u32 usage)
{
	struct ksecdd_krb5_kdf kdf;
	int err;

	err = ksecdd_krb5_kdf_init(&kdf, enctype, base);
	if (err)
		return err;
	err = ksecdd_krb5_usage_init(u, &kdf, usage, true);
	ksecdd_krb5_kdf_free(&kdf);
	return err;
}

static void krb5_nfold_vectors(struct kunit *test)
{
	static const struct {
		const char *in;
		unsigned int bits;
		const char *out;
	} v[] = {
		{ "012345", 64, "be072631276b1955" },
		{ "password", 56, "78a07b6caf85fa" },
		{ "Rough Consensus, and Running Code", 64, "bb6ed30870b7f0e0" },
		{ "password", 168, "59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e" },
		{ "MASSACHVSETTS INSTITVTE OF TECHNOLOGY", 192,
		  "db3b0d8f0b061e603282b308a50841229ad798fab9540c1b" },
		{ "Q", 168, "518a54a215a8452a518a54a215a8452a518a54a215" },
		{ "ba", 168, "fb25d531ae8974499f52fd92ea9857c4ba24cf297e" },
		{ "kerberos", 64, "6b65726265726f73" },
		{ "kerberos", 128, "6b65726265726f737b9b5b2b93132b93" },
		{ "kerberos", 168, "8372c236344e5f1550cd0747e15d62ca7a5a3bcea4" },
	};
	u8 out[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		ksecdd_krb5_nfold(v[i].in, strlen(v[i].in), out,
				  v[i].bits / 8);
		expect_hex(test, out, v[i].bits / 8, v[i].out);
	}
}

/* RFC 3962 B: the key is DK(PBKDF2 output, "kerberos"). */
static void krb5_dk_vectors(struct kunit *test)
{
	u8 tkey[32], out[32];
	size_t len;

	unhex("cdedb5281bb2f801565a1122b25635150ad1f7a04bb9f3a333ecc0e2e1f70837",
	      tkey, &len);
	KUNIT_ASSERT_EQ(test, ksecdd_krb5_dk(tkey, 16, "kerberos", 8, out, 16),
			0);
	expect_hex(test, out, 16, "42263c6e89f4fc28b8df68ee09799f15");
	KUNIT_ASSERT_EQ(test, ksecdd_krb5_dk(tkey, 32, "kerberos", 8, out, 32),
			0);
	expect_hex(test, out, 32,
		   "fe697b52bc0d3ce14432ba036a92e65bbb52280990a2fa27883998d72af30161");
}

static void krb5_kdf_hmac_sha2_vectors(struct kunit *test)
{
	static const struct {
		u32 enctype;
		const char *base;
		u8 type;
		const char *key;
	} v[] = {
		{ 19, "3705d96080c17728a0e800eab6e0d23c", KSECDD_KRB5_KC,
		  "b31a018a48f54776f403e9a396325dc3" },
		{ 19, "3705d96080c17728a0e800eab6e0d23c", KSECDD_KRB5_KE,
		  "9b197dd1e8c5609d6e67c3e37c62c72e" },
		{ 19, "3705d96080c17728a0e800eab6e0d23c", KSECDD_KRB5_KI,
		  "9fda0e56ab2d85e1569a688696c26a6c" },
		{ 20, "6d404d37faf79f9df0d33568d320669800eb4836472ea8a026d16b7182460c52",
		  KSECDD_KRB5_KC,
		  "ef5718be86cc84963d8bbb5031e9f5c4ba41f28faf69e73d" },
		{ 20, "6d404d37faf79f9df0d33568d320669800eb4836472ea8a026d16b7182460c52",
		  KSECDD_KRB5_KE,
		  "56ab22bee63d82d7bc5227f6773f8ea7a5eb1c825160c38312980c442e5c7e49" },
		{ 20, "6d404d37faf79f9df0d33568d320669800eb4836472ea8a026d16b7182460c52",
		  KSECDD_KRB5_KI,
		  "69b16514e3cd8e56b82010d5c73012b622c4d00ffc23ed1f" },
	};
	u8 base[32], out[KSECDD_KRB5_DERIVED_MAX];
	size_t i, len;
	int n;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		unhex(v[i].base, base, &len);
		n = derive(v[i].enctype, base, 2, v[i].type, out);
		KUNIT_ASSERT_GT(test, n, 0);
		expect_hex(test, out, n, v[i].key);
	}
}

static void krb5_derive_refusals(struct kunit *test)
{
	u8 base[32] = { 0 }, out[KSECDD_KRB5_DERIVED_MAX];

	KUNIT_EXPECT_EQ(test, derive(23, base, 2, KSECDD_KRB5_KC, out),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, derive(17, base, 2, 0x42, out),
			-EINVAL);
	/* the SHA-1 types derive keys as long as their base key */
	KUNIT_EXPECT_EQ(test, derive(17, base, 24, KSECDD_KRB5_KE, out), 16);
	KUNIT_EXPECT_EQ(test, derive(18, base, 24, KSECDD_KRB5_KI, out), 32);
}

static const char rfc8009_base128[] = "3705d96080c17728a0e800eab6e0d23c";
static const char rfc8009_base256[] =
	"6d404d37faf79f9df0d33568d320669800eb4836472ea8a026d16b7182460c52";

static void usage_keys(struct kunit *test, struct ksecdd_krb5_usage *u,
		       u32 enctype, const char *base_hex)
{
	u8 base[32];
	size_t len;

	unhex(base_hex, base, &len);
	KUNIT_ASSERT_EQ(test, usage_init(u, enctype, base, 2), 0);
}

/* Encrypt or decrypt the pieces @v, on a scatterlist built for them. */
static int encrypt_vec(struct ksecdd_krb5_usage *u, struct kvec *v,
		       unsigned int nr, u8 *tag)
{
	struct ksecdd_krb5_sg sg;
	int err;

	if (nr > KSECDD_KRB5_VEC_MAX)
		return ksecdd_krb5_encrypt(u, v, nr, 0, NULL, tag);
	err = ksecdd_krb5_sg_build(&sg, v, nr, 0, true);
	if (err)
		return err;
	err = ksecdd_krb5_encrypt(u, v, nr, 0, &sg, tag);
	ksecdd_krb5_sg_free(&sg);
	return err;
}

static int decrypt_vec(struct ksecdd_krb5_usage *u, struct kvec *v,
		       unsigned int nr, const u8 *tag)
{
	struct ksecdd_krb5_sg sg;
	int err;

	err = ksecdd_krb5_sg_build(&sg, v, nr, 0, true);
	if (err)
		return err;
	err = ksecdd_krb5_decrypt(u, v, nr, 0, &sg, tag);
	ksecdd_krb5_sg_free(&sg);
	return err;
}

/* Encrypt or decrypt @buf in one piece. */
static int encrypt1(struct ksecdd_krb5_usage *u, u8 *buf, size_t len, u8 *tag)
{
	struct kvec v = { buf, len };

	return encrypt_vec(u, &v, 1, tag);
}

static int decrypt1(struct ksecdd_krb5_usage *u, u8 *buf, size_t len,
		    const u8 *tag)
{
	struct kvec v = { buf, len };

	return decrypt_vec(u, &v, 1, tag);
}

static int checksum1(struct ksecdd_krb5_usage *u, const u8 *buf, size_t len,
		     u8 *mac)
{
	struct kvec v = { (void *)buf, len };

	return ksecdd_krb5_checksum(u, &v, 1, mac);
}

static void krb5_rfc8009_encryption(struct kunit *test)
{
	static const struct {
		const char *plain, *conf, *ct, *tag;
	} v[] = {
		{ "", "7e5895eaf2672435bad817f545a37148",
		  "ef85fb890bb8472f4dab20394dca781d",
		  "ad877eda39d50c870c0d5a0a8e48c718" },
		{ "000102030405", "7bca285e2fd4130fb55b1a5c83bc5b24",
		  "84d7f30754ed987bab0bf3506beb09cfb55402cef7e6",
		  "877ce99e247e52d16ed4421dfdf8976c" },
		{ "000102030405060708090a0b0c0d0e0f",
		  "56ab21713ff62c0a1457200f6fa9948f",
		  "3517d640f50ddc8ad3628722b3569d2ae07493fa8263254080ea65c1008e8fc2",
		  "95fb4852e7d83e1e7c48c37eebe6b0d3" },
		{ "000102030405060708090a0b0c0d0e0f1011121314",
		  "a7a4e29a4728ce10664fb64e49ad3fac",
		  "720f73b18d9859cd6ccb4346115cd336c70f58edc0c4437c5573544c31c813bce1e6d072c1",
		  "86b39a413c2f92ca9b8334a287ffcbfc" },
	};
	struct ksecdd_krb5_usage u;
	u8 *buf = kunit_kzalloc(test, 96, GFP_KERNEL), plain[32];
	size_t i, conf_len, plain_len, n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	usage_keys(test, &u, 19, rfc8009_base128);
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		unhex(v[i].conf, buf, &conf_len);
		unhex(v[i].plain, buf + conf_len, &plain_len);
		memcpy(plain, buf + conf_len, plain_len);
		n = conf_len + plain_len;
		KUNIT_EXPECT_EQ(test, encrypt1(&u, buf, n, buf + n), 0);
		expect_hex(test, buf, n, v[i].ct);
		expect_hex(test, buf + n, 16, v[i].tag);
		KUNIT_EXPECT_EQ(test, decrypt1(&u, buf, n, buf + n), 0);
		KUNIT_EXPECT_EQ(test, memcmp(buf + conf_len, plain, plain_len),
				0);
	}
	/* a changed bit anywhere fails the tag */
	KUNIT_EXPECT_EQ(test, encrypt1(&u, buf, 20, buf + 20), 0);
	buf[3] ^= 1;
	KUNIT_EXPECT_EQ(test, decrypt1(&u, buf, 20, buf + 20), -EBADMSG);
	KUNIT_EXPECT_EQ(test, decrypt1(&u, buf, 15, buf + 20), -EINVAL);
	ksecdd_krb5_usage_free(&u);
}

/*
 * The keys of an encrypting usage, with the checksum key it gets only
 * when asked for it; asked twice, it keeps the first.
 */
static void checksum_keys(struct kunit *test, struct ksecdd_krb5_usage *u,
			  u32 enctype, const char *base_hex)
{
	struct crypto_shash *first;
	u8 base[32], mac[24];
	size_t len;

	unhex(base_hex, base, &len);
	KUNIT_ASSERT_EQ(test, usage_init(u, enctype, base, 2), 0);
	KUNIT_EXPECT_NULL(test, u->cksum);
	KUNIT_EXPECT_EQ(test, checksum1(u, base, len, mac), -EINVAL);
	KUNIT_ASSERT_EQ(test, ksecdd_krb5_usage_cksum(u, base), 0);
	first = u->cksum;
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, first);
	KUNIT_EXPECT_EQ(test, ksecdd_krb5_usage_cksum(u, base), 0);
	KUNIT_EXPECT_PTR_EQ(test, u->cksum, first);
}

static void krb5_rfc8009_checksums(struct kunit *test)
{
	struct ksecdd_krb5_usage u;
	u8 msg[21], mac[24];
	size_t i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = i;
	checksum_keys(test, &u, 19, rfc8009_base128);
	KUNIT_EXPECT_EQ(test, checksum1(&u, msg, sizeof(msg), mac),
			0);
	expect_hex(test, mac, 16, "d78367186643d67b411cba9139fc1dee");
	ksecdd_krb5_usage_free(&u);
	checksum_keys(test, &u, 20, rfc8009_base256);
	KUNIT_EXPECT_EQ(test, checksum1(&u, msg, sizeof(msg), mac),
			0);
	expect_hex(test, mac, 24,
		   "45ee791567eefca37f4ac1e0222de80d43c3bfa06699672a");
	ksecdd_krb5_usage_free(&u);
}

/*
 * What one side encrypts, the other decrypts; a message in pieces is
 * protected as the same message in one piece.
 */
static void krb5_round_trip(struct kunit *test)
{
	static const u32 enctypes[] = { 17, 18, 19, 20 };
	struct ksecdd_krb5_usage u;
	u8 base[32], *buf, *copy, tag[24], tag1[24];
	struct kvec v[3];
	size_t i, j;

	buf = kunit_kzalloc(test, 128, GFP_KERNEL);
	copy = kunit_kzalloc(test, 128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	for (i = 0; i < ARRAY_SIZE(enctypes); i++) {
		memset(base, 0x5a, sizeof(base));
		KUNIT_ASSERT_EQ(test, usage_init(&u, enctypes[i], base, 24), 0);
		for (j = 0; j < 61; j++)
			buf[j] = j;
		memcpy(copy, buf, 61);
		KUNIT_EXPECT_EQ(test, encrypt1(&u, copy, 61, tag1), 0);
		v[0] = (struct kvec){ buf, 7 };
		v[1] = (struct kvec){ buf + 7, 0 };
		v[2] = (struct kvec){ buf + 7, 54 };
		KUNIT_EXPECT_EQ(test, encrypt_vec(&u, v, 3, tag), 0);
		KUNIT_EXPECT_EQ(test, memcmp(buf, copy, 61), 0);
		KUNIT_EXPECT_EQ(test, memcmp(tag, tag1,
					     ksecdd_krb5_mac_len(enctypes[i])),
				0);
		KUNIT_EXPECT_EQ(test, decrypt_vec(&u, v, 3, tag), 0);
		KUNIT_EXPECT_EQ(test, buf[60], 60);
		KUNIT_EXPECT_EQ(test, encrypt1(&u, buf, 61, tag), 0);
		buf[60] ^= 1;
		KUNIT_EXPECT_EQ(test, decrypt1(&u, buf, 61, tag), -EBADMSG);
		KUNIT_EXPECT_EQ(test, encrypt_vec(&u, v,
						  KSECDD_KRB5_VEC_MAX + 1, tag),
				-EINVAL);
		ksecdd_krb5_usage_free(&u);
	}
}

/* Module data: neither in the linear map nor in vmalloc memory. */
static u8 module_data[64];

/*
 * @len bytes at @p encrypt as the same bytes in kmalloc memory do, on a
 * scatterlist of @entries entries (0: any number), and decrypt back.
 */
static void expect_same_cipher(struct kunit *test, struct ksecdd_krb5_usage *u,
			       u8 *p, size_t len, unsigned int entries)
{
	u8 *lin = kunit_kmalloc(test, len, GFP_KERNEL), tag[24], mine[24];
	struct ksecdd_krb5_sg sg;
	struct kvec v = { p, len };
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, lin);
	for (i = 0; i < len; i++)
		p[i] = i * 13 + len;
	memcpy(lin, p, len);
	KUNIT_ASSERT_EQ(test, ksecdd_krb5_sg_build(&sg, &v, 1, 0, true), 0);
	if (entries)
		KUNIT_EXPECT_EQ(test, sg.len, entries);
	KUNIT_EXPECT_EQ(test, ksecdd_krb5_encrypt(u, &v, 1, 0, &sg, mine), 0);
	KUNIT_EXPECT_EQ(test, encrypt1(u, lin, len, tag), 0);
	KUNIT_EXPECT_EQ(test, memcmp(p, lin, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(mine, tag, ksecdd_krb5_mac_len(u->enctype)),
			0);
	KUNIT_EXPECT_EQ(test, ksecdd_krb5_decrypt(u, &v, 1, 0, &sg, mine), 0);
	ksecdd_krb5_sg_free(&sg);
	for (i = 0; i < len; i++)
		if (p[i] != (u8)(i * 13 + len))
			break;
	KUNIT_EXPECT_EQ(test, i, len);
	kunit_kfree(test, lin);
}

/*
 * The cipher over memory outside the linear map: vmalloc pages at an odd
 * offset (one entry each), physically adjacent ones (one entry), the
 * stack, a piece longer than the stack table holds (-EAGAIN unless the
 * caller may sleep), and module data, which is refused.
 */
static void krb5_sg_pages(struct kunit *test)
{
	static const u32 enctypes[] = { 17, 20 };
	const unsigned int many = KSECDD_KRB5_VEC_MAX + 1;
	struct scattered s, a, big;
	struct ksecdd_krb5_usage u;
	struct ksecdd_krb5_sg sg;
	u8 base[32], on_stack[200];
	struct kvec v, two[2];
	size_t i;

	scattered_map(test, &s, 4, false);
	scattered_map(test, &a, 4, true);
	scattered_map(test, &big, many, false);
	for (i = 0; i < ARRAY_SIZE(enctypes); i++) {
		memset(base, 0x3c, sizeof(base));
		KUNIT_ASSERT_EQ(test, usage_init(&u, enctypes[i], base, 24), 0);
		/* 7 bytes of the first page, two whole, 100 of the last */
		expect_same_cipher(test, &u, s.addr + PAGE_SIZE - 7,
				   2 * PAGE_SIZE + 107, 4);
		expect_same_cipher(test, &u, a.addr + 5, 4 * PAGE_SIZE - 9, 1);
		/* VMAP_STACK's pages may happen to be adjacent */
		expect_same_cipher(test, &u, on_stack + 3, sizeof(on_stack) - 3,
				   0);
		expect_same_cipher(test, &u, big.addr, many * PAGE_SIZE, many);
		ksecdd_krb5_usage_free(&u);
	}
	v = (struct kvec){ big.addr, many * PAGE_SIZE };
	KUNIT_EXPECT_EQ(test, ksecdd_krb5_sg_build(&sg, &v, 1, 0, false),
			-EAGAIN);
	v = (struct kvec){ module_data, sizeof(module_data) };
	KUNIT_EXPECT_EQ(test, ksecdd_krb5_sg_build(&sg, &v, 1, 0, true),
			-EINVAL);
	/* a sign-only piece takes no entry, wherever it is */
	two[0] = v;
	two[1] = (struct kvec){ s.addr + 1, 100 };
	KUNIT_EXPECT_EQ(test, ksecdd_krb5_sg_build(&sg, two, 2, BIT(0), true),
			0);
	KUNIT_EXPECT_EQ(test, sg.len, 1);
	ksecdd_krb5_sg_free(&sg);
	scattered_unmap(&s);
	scattered_unmap(&a);
	scattered_unmap(&big);
}

static struct kunit_case ksecdd_krb5_kdf_cases[] = {
	KUNIT_CASE(krb5_nfold_vectors),
	KUNIT_CASE(krb5_dk_vectors),
	KUNIT_CASE(krb5_kdf_hmac_sha2_vectors),
	KUNIT_CASE(krb5_derive_refusals),
	KUNIT_CASE(krb5_rfc8009_encryption),
	KUNIT_CASE(krb5_rfc8009_checksums),
	KUNIT_CASE(krb5_round_trip),
	KUNIT_CASE(krb5_sg_pages),
	{}
};

struct kunit_suite ksecdd_krb5_kdf_suite = {
	.name = "ksecdd_krb5_kdf",
	.test_cases = ksecdd_krb5_kdf_cases,
};
