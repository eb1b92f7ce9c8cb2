// SPDX-License-Identifier: GPL-2.0
/*
 * Sealing: XChaCha20-Poly1305 against vectors made by another
 * implementation, the packed format's version 2, an unseal that allocates
 * nothing; who may provision and select sealing keys, and the names they
 * may have.
 */

#include <crypto/chacha20poly1305.h>
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/key.h>
#include <linux/sched.h>
#include <keys/user-type.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/seal.h"

#include "suites.h"
#include "util.h"

/*
 * A Kerberos initiator context that never expires, sealed under the key
 * 80 81 .. 9f named "kat" with the nonce 40 41 .. 57: in version 2 with
 * XChaCha20-Poly1305, and in version 1 as ksecdd sealed it before, with
 * AES-256-GCM and the nonce's first 12 bytes.  kunit/seal-vectors.py made
 * them with Python's cryptography package (ChaCha20-Poly1305 under an
 * HChaCha20 subkey, as draft-irtf-cfrg-xchacha specifies, checked against
 * its A.3.1 vector).
 */
struct seal_vectors {
	const char *records;
	const char *sealed_v2;
	const char *sealed_v1;
};

static const struct seal_vectors kat = {
	.records =
		"0180010000028004001e0000000380100000b9556900000000ffffffffffffff7f04001100616c696365404558414d504c452e434f4d088048000180040011000000028004000000000003801000000102030405060708090a0b0c0d0e0f058020003412000000000000341200000000000078560000000000007856000000000000",
	.sealed_v2 =
		"4b53444302010000d60000004b65726265726f7300000000000000006b617400000000000000000000000000404142434445464748494a4b4c4d4e4f5051525354555657f08c72f45bf2745efb0c77d3f6ad1d453247cb3b6c449cecca450af3bdaaf2377f38106c2b0cf31452b6a10c36d2130a8d548457e376acf0e6e496d77966853d41e0e00466dbbc65c5721a19f4aec9bf4954cd0ea31b34f30edc181818a9940a628b373bf9430ac603e442c477a3ab7ac100b265b60f72469a9bc7e52b593597464afc755f66e22184467a1c2203c34e0e63",
	.sealed_v1 =
		"4b53444301010000ca0000004b65726265726f7300000000000000006b617400000000000000000000000000404142434445464748494a4bd84a004633e73e6e78efd1793fad9b2d7063ae6b8341cda932b445ac9116c57452b122a499fed158b6c6bd88adaa0aa31e14aa513969c148164ff5d7e3ac31da8f1a9a624d4de5bbafe027424d503239746ac25c1b547788b4d988340b7510a1f03165ed05aa3c858f8c277a470078f322ad9ea7cb2a9373f2c5d5dd669448e6a3243c83cbf2b64fc1009381d1a611b8046d",
};

static const u8 kat_key[32] = {
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
	0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f,
	0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
	0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
};

/* A hex vector in test memory. */
static u8 *vector(struct kunit *test, const char *hex, size_t *len)
{
	u8 *buf = kunit_kmalloc(test, strlen(hex) / 2, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	unhex(hex, buf, len);
	return buf;
}

static u8 *dup(struct kunit *test, const u8 *blob, size_t len)
{
	u8 *copy = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, blob, len);
	return copy;
}

static struct key *provision(struct kunit *test, const char *desc,
			     const u8 *key)
{
	key_ref_t ref;

	ref = key_create_or_update(make_key_ref(ksecdd_seal_keyring(), true),
				   "logon", desc, key, 32,
				   KEY_POS_ALL | KEY_USR_VIEW,
				   KEY_ALLOC_NOT_IN_QUOTA);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ref));
	return key_ref_to_ptr(ref);
}

static void unprovision(struct key *key)
{
	key_invalidate(key);
	key_put(key);
}

/* What this host makes of a copy of @blob. */
static SECURITY_STATUS try_import(struct kunit *test, const u8 *blob,
				  size_t len)
{
	SECURITY_STATUS status;
	CtxtHandle h;

	status = import_blob("Kerberos", dup(test, blob, len), len, NULL, &h);
	if (status == SEC_E_OK)
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	return status;
}

/*
 * The vector opens to its records; a change to the header (the associated
 * data) or the ciphertext fails the tag.
 */
static void seal_known_answer(struct kunit *test)
{
	struct ksecdd_packed_header hdr;
	size_t len, records_len;
	u8 *blob = vector(test, kat.sealed_v2, &len);
	u8 *records = vector(test, kat.records, &records_len);
	struct key *key, *twin;
	u8 *copy;

	KUNIT_ASSERT_EQ(test, len, KSECDD_PACKED_HDR_LEN + records_len +
			KSECDD_PACKED_TAG_LEN);
	KUNIT_EXPECT_EQ(test, try_import(test, blob, len),
			SEC_E_UNKNOWN_CREDENTIALS);
	key = provision(test, "ksecdd:kat", kat_key);
	KUNIT_EXPECT_EQ(test, try_import(test, blob, len), SEC_E_OK);

	copy = dup(test, blob, len);
	KUNIT_ASSERT_EQ(test, ksecdd_packed_parse_header(copy, len, &hdr), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_unseal(&hdr, copy, len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(copy + KSECDD_PACKED_HDR_LEN, records,
				     records_len), 0);

	copy = dup(test, blob, len);
	copy[44 + 23] ^= 1;			/* the nonce's last byte */
	KUNIT_EXPECT_EQ(test, try_import(test, copy, len),
			SEC_E_MESSAGE_ALTERED);
	copy = dup(test, blob, len);
	copy[KSECDD_PACKED_HDR_LEN + 7] ^= 0x80;
	KUNIT_EXPECT_EQ(test, try_import(test, copy, len),
			SEC_E_MESSAGE_ALTERED);
	copy = dup(test, blob, len);
	copy[len - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, try_import(test, copy, len),
			SEC_E_MESSAGE_ALTERED);
	/* the key name is authenticated too, not only used to find a key */
	twin = provision(test, "ksecdd:kau", kat_key);
	copy = dup(test, blob, len);
	copy[30] = 'u';
	KUNIT_EXPECT_EQ(test, try_import(test, copy, len),
			SEC_E_MESSAGE_ALTERED);
	unprovision(twin);
	unprovision(key);
}

/* Version 1, sealed with AES-GCM, is refused even where its key is held. */
static void seal_version_1_refused(struct kunit *test)
{
	size_t len;
	u8 *blob = vector(test, kat.sealed_v1, &len);
	struct key *key = provision(test, "ksecdd:kat", kat_key);

	KUNIT_EXPECT_EQ(test, blob[4], 1);
	KUNIT_EXPECT_EQ(test, try_import(test, blob, len),
			SEC_E_UNSUPPORTED_FUNCTION);
	unprovision(key);
}

/*
 * Exports are version 2: a 68-byte header ending in a fresh 24-byte
 * nonce, which another host holding the key opens with the library.
 */
static void seal_exports_version_2(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct ksecdd_packed_header hdr;
	u8 *one, *two;
	struct key *key;
	CtxtHandle h;
	u32 len, len2;

	KUNIT_ASSERT_NOT_NULL(test, p);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	one = export_blob(test, &h, 0, &len);
	two = export_blob(test, &h, 0, &len2);
	KUNIT_EXPECT_EQ(test, one[4], KSECDD_PACKED_VERSION);
	KUNIT_EXPECT_EQ(test, one[4], 2);
	KUNIT_EXPECT_EQ(test, memcmp(one + 28, "boot.", 5), 0);
	/* the records start after the nonce and end before the tag */
	KUNIT_ASSERT_EQ(test, ksecdd_packed_parse_header(two, len2, &hdr), 0);
	KUNIT_ASSERT_EQ(test, ksecdd_unseal(&hdr, two, len2), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_packed_decode_records(KSECDD_PACKAGE_KERBEROS,
							   two + 68,
							   len2 - 68 - 16, p),
			0);
	two = export_blob(test, &h, 0, &len2);
	KUNIT_EXPECT_EQ(test, len, len2);
	KUNIT_EXPECT_NE(test, memcmp(one + 44, two + 44, 24), 0);
	KUNIT_EXPECT_NE(test, memcmp(one + 44 + 12, two + 44 + 12, 12), 0);

	key = provision(test, "ksecdd:kat", kat_key);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("kat"), 0);
	one = export_blob(test, &h, 0, &len);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);
	KUNIT_EXPECT_TRUE(test, xchacha20poly1305_decrypt(one + 68, one + 68,
							  len - 68, one, 68,
							  one + 44, kat_key));
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	unprovision(key);
}

/*
 * Unsealing under a provisioned key reaches no fault point: nothing is
 * allocated, for a genuine blob or for garbage naming the key.
 */
static void seal_unseal_allocates_nothing(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct key *key = provision(test, "ksecdd:kat", kat_key);
	struct ksecdd_packed_header hdr;
	bool reached;
	CtxtHandle h;
	u8 *blob;
	u32 len;
	int i, err;

	KUNIT_ASSERT_NOT_NULL(test, p);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("kat"), 0);
	blob = export_blob(test, &h, SECPKG_CONTEXT_EXPORT_DELETE_OLD, &len);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);
	KUNIT_ASSERT_EQ(test, ksecdd_packed_parse_header(blob, len, &hdr), 0);
	KUNIT_EXPECT_STREQ(test, hdr.key_name, "kat");
	for (i = 0; i < 2; i++) {
		u8 *copy = dup(test, blob, len);

		if (i)
			copy[len - 20] ^= 1;
		current->fail_nth = 1;
		err = ksecdd_unseal(&hdr, copy, len);
		reached = !current->fail_nth;
		current->fail_nth = 0;
		KUNIT_EXPECT_EQ(test, err, i ? -EBADMSG : 0);
		KUNIT_EXPECT_FALSE_MSG(test, reached,
				       "unseal (%s) reached a fault point",
				       i ? "garbage" : "genuine");
	}
	unprovision(key);
}

static key_ref_t try_provision(const char *desc, const u8 *key)
{
	return key_create_or_update(make_key_ref(ksecdd_seal_keyring(), true),
				    "logon", desc, key, 32,
				    KEY_POS_ALL | KEY_USR_VIEW,
				    KEY_ALLOC_NOT_IN_QUOTA);
}

/*
 * uid 0 is not enough to decide what "sealed" means: without
 * CAP_SYS_ADMIN neither a key may be provisioned nor one selected.
 */
static void seal_knobs_need_cap_sys_admin(struct kunit *test)
{
	const struct cred *old;
	u8 secret[32] = { 1 };
	key_ref_t ref;

	old = become(test, 0, false);
	ref = try_provision("ksecdd:capless", secret);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(ref), -EPERM);
	if (!IS_ERR(ref)) {
		key_invalidate(key_ref_to_ptr(ref));
		key_ref_put(ref);
	}
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("capless"), -EPERM);
	revert_creds(old);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);

	/* the same as root with its capabilities */
	old = become(test, 0, true);
	ref = try_provision("ksecdd:admin", secret);
	KUNIT_EXPECT_FALSE(test, IS_ERR(ref));
	if (!IS_ERR(ref)) {
		key_invalidate(key_ref_to_ptr(ref));
		key_ref_put(ref);
	}
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("admin"), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);
	revert_creds(old);
}

/* One rule for names, ASCII: the kernel's isalnum() takes Latin-1 too. */
static void seal_names_are_ascii(struct kunit *test)
{
	static const char * const bad[] = {
		"\xc0\xc1", "caf\xe9", "\xff", "bad/name", "a:b", "sp ace",
		"a-name-that-is-too-long",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, ksecdd_seal_select(bad[i]), -EINVAL,
				    "\"%s\"", bad[i]);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("Cluster-1.a_b\n"), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("sixteen-letters."), 0);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);

	KUNIT_EXPECT_FALSE(test, ksecdd_packed_valid_name("\xc0\xc1", 2, 16,
							  true));
	KUNIT_EXPECT_FALSE(test, ksecdd_packed_valid_name("a.b", 3, 16,
							  false));
	KUNIT_EXPECT_TRUE(test, ksecdd_packed_valid_name("a.b", 3, 16, true));
	KUNIT_EXPECT_FALSE(test, ksecdd_packed_valid_name("", 0, 16, true));
	KUNIT_EXPECT_FALSE(test, ksecdd_packed_valid_name("abc", 3, 2, true));
}

static struct kunit_case ksecdd_seal_cases[] = {
	KUNIT_CASE(seal_known_answer),
	KUNIT_CASE(seal_version_1_refused),
	KUNIT_CASE(seal_exports_version_2),
	KUNIT_CASE(seal_unseal_allocates_nothing),
	KUNIT_CASE(seal_knobs_need_cap_sys_admin),
	KUNIT_CASE(seal_names_are_ascii),
	{}
};

struct kunit_suite ksecdd_seal_suite = {
	.name = "ksecdd_seal",
	.test_cases = ksecdd_seal_cases,
};
