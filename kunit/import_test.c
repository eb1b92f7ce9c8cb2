// SPDX-License-Identifier: GPL-2.0
/*
 * ImportSecurityContextW(): every status it returns, each provoked here,
 * and with each failure the check that nothing was left behind.
 */

#include <crypto/chacha20poly1305.h>
#include <kunit/test.h>
#include <linux/unaligned.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/key.h>
#include <linux/random.h>
#include <linux/slab.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/context.h"
#include "../ksecdd/keytype.h"
#include "../ksecdd/seal.h"
#include "suites.h"
#include "util.h"

static void import_raw_ok(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct leak_baseline base;
	CtxtHandle h;

	leak_baseline(&base);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_EXPECT_TRUE(test, SecIsValidHandle(&h));
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), base.contexts + 1);
	KUNIT_EXPECT_EQ(test, ksecdd_keyring->keys.nr_leaves_on_tree,
			base.keys + 1);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	expect_no_leak(test, &base);
}

static void import_sealed_ok(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct leak_baseline base;
	CtxtHandle h, h2;
	u8 *blob;
	u32 len;

	leak_baseline(&base);
	ntlm_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	blob = export_blob(test, &h, 0, &len);
	KUNIT_EXPECT_EQ(test, import_blob("NTLM", blob, len, NULL, &h2),
			SEC_E_OK);
	KUNIT_EXPECT_NE(test, h.dwLower, h2.dwLower);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h2), SEC_E_OK);
	expect_no_leak(test, &base);
}

/* A sealed blob of ours, and its header parsed, to tamper with. */
static u8 *sealed_blob(struct kunit *test, u32 *len)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	CtxtHandle h;
	u8 *blob;

	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	blob = export_blob(test, &h, SECPKG_CONTEXT_EXPORT_DELETE_OLD, len);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_INVALID_HANDLE);
	return blob;
}

static void expect_import(struct kunit *test, const char *package,
			  void *blob, u32 len, SECURITY_STATUS expected)
{
	struct leak_baseline base;
	CtxtHandle h = { 0x5a5a, 0xa5a5 };

	leak_baseline(&base);
	KUNIT_EXPECT_EQ(test, import_blob(package, blob, len, NULL, &h),
			expected);
	/* a failed import leaves the caller's handle alone */
	KUNIT_EXPECT_EQ(test, h.dwLower, 0x5a5aUL);
	KUNIT_EXPECT_EQ(test, h.dwUpper, 0xa5a5UL);
	expect_no_leak(test, &base);
}

static void import_unknown_credentials(struct kunit *test)
{
	u32 len;
	u8 *blob = sealed_blob(test, &len);

	/* another boot's key: the name is in the header, the key is not here */
	memcpy(blob + 28, "boot.0000000000", 15);
	expect_import(test, "Kerberos", blob, len, SEC_E_UNKNOWN_CREDENTIALS);
	memcpy(blob + 28, "cluster\0\0\0\0\0\0\0\0", 16);
	expect_import(test, "Kerberos", blob, len, SEC_E_UNKNOWN_CREDENTIALS);
}

static void import_message_altered(struct kunit *test)
{
	/* nonce, first record byte, a later one, the tag */
	static const u32 covered[] = { 44, 67, 68, 100 };
	u32 len, i;
	u8 *blob = sealed_blob(test, &len);

	for (i = 0; i < ARRAY_SIZE(covered); i++) {
		blob[covered[i]] ^= 0x01;
		expect_import(test, "Kerberos", blob, len,
			      SEC_E_MESSAGE_ALTERED);
		blob[covered[i]] ^= 0x01;
	}
	blob[len - 1] ^= 0x80;
	expect_import(test, "Kerberos", blob, len, SEC_E_MESSAGE_ALTERED);
	blob[len - 1] ^= 0x80;
	/* the header is checked before the tag, and then by the tag */
	blob[12] = 'k';
	expect_import(test, "Kerberos", blob, len, SEC_E_SECPKG_NOT_FOUND);
}

static void put_length(u8 *blob, u32 len)
{
	put_unaligned_le32(len, blob + 8);
}

static void import_invalid_token(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	u8 *blob, *big;
	u32 len, sealed_len;
	u8 *sealed;

	krb5_template(p);
	blob = raw_blob(test, p, &len);

	expect_import(test, "Kerberos", blob, 0, SEC_E_INVALID_TOKEN);
	expect_import(test, "Kerberos", blob, KSECDD_PACKED_HDR_LEN - 1,
		      SEC_E_INVALID_TOKEN);
	expect_import(test, "Kerberos", blob, len - 1, SEC_E_INVALID_TOKEN);
	blob[0] = 'X';
	expect_import(test, "Kerberos", blob, len, SEC_E_INVALID_TOKEN);
	blob[0] = 'K';
	/* another version of the format: version 1 sealed with AES-GCM */
	blob[4] = 1;
	expect_import(test, "Kerberos", blob, len, SEC_E_UNSUPPORTED_FUNCTION);
	blob[4] = 3;
	expect_import(test, "Kerberos", blob, len, SEC_E_UNSUPPORTED_FUNCTION);
	blob[4] = 2;

	/* a trailing byte, even with the length field agreeing */
	big = kunit_kzalloc(test, KSECDD_PACKED_MAX + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	memcpy(big, blob, len);
	put_length(big, len + 1);
	expect_import(test, "Kerberos", big, len + 1, SEC_E_INVALID_TOKEN);
	/* over the cap */
	expect_import(test, "Kerberos", big, KSECDD_PACKED_MAX + 1,
		      SEC_E_INVALID_TOKEN);

	/* a sealed blob cut short of its tag fails before any decryption */
	sealed = sealed_blob(test, &sealed_len);
	put_length(sealed, KSECDD_PACKED_HDR_LEN + 8);
	expect_import(test, "Kerberos", sealed, KSECDD_PACKED_HDR_LEN + 8,
		      SEC_E_INVALID_TOKEN);
}

static void import_secpkg_not_found(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	u8 *blob;
	u32 len;

	krb5_template(p);
	blob = raw_blob(test, p, &len);
	expect_import(test, "Negotiate", blob, len, SEC_E_SECPKG_NOT_FOUND);
	expect_import(test, "NTLM", blob, len, SEC_E_SECPKG_NOT_FOUND);
	expect_import(test, "", blob, len, SEC_E_SECPKG_NOT_FOUND);
	expect_import(test, "AVeryLongNameForAPackage", blob, len,
		      SEC_E_SECPKG_NOT_FOUND);
	/* Windows matches package names without regard to case */
	expect_import(test, "KERBEROS", blob, 0, SEC_E_INVALID_TOKEN);
}

static void import_context_expired(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	u8 *blob;
	u32 len;

	krb5_template(p);
	p->start = 1000;
	p->expiry = ktime_get_real_seconds() - 1;
	blob = raw_blob(test, p, &len);
	expect_import(test, "Kerberos", blob, len, SEC_E_CONTEXT_EXPIRED);
}

static void import_invalid_parameter(struct kunit *test)
{
	SEC_WCHAR name[] = { 'N', 'T', 'L', 'M' };
	SECURITY_STRING str = { 8, 8, name };
	SecBuffer buf = { 64, SECBUFFER_TOKEN, NULL };
	u8 blob[64] = { 0 };
	CtxtHandle h;

	KUNIT_EXPECT_EQ(test, ImportSecurityContextW(&str, &buf, NULL, &h),
			SEC_E_INVALID_PARAMETER);
	buf.pvBuffer = blob;
	KUNIT_EXPECT_EQ(test, ImportSecurityContextW(NULL, &buf, NULL, &h),
			SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ImportSecurityContextW(&str, NULL, NULL, &h),
			SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ImportSecurityContextW(&str, &buf, NULL, NULL),
			SEC_E_INVALID_PARAMETER);
	str.Length = 7;
	KUNIT_EXPECT_EQ(test, ImportSecurityContextW(&str, &buf, NULL, &h),
			SEC_E_INVALID_PARAMETER);
	str.Length = 10;
	KUNIT_EXPECT_EQ(test, ImportSecurityContextW(&str, &buf, NULL, &h),
			SEC_E_INVALID_PARAMETER);
	str.Length = 8;
	str.Buffer = NULL;
	KUNIT_EXPECT_EQ(test, ImportSecurityContextW(&str, &buf, NULL, &h),
			SEC_E_INVALID_PARAMETER);
}

/* Raw blobs are for administrators: the bytes are trusted as they are. */
static void import_not_owner_raw(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	const struct cred *old;
	u8 *blob;
	u32 len;

	krb5_template(p);
	blob = raw_blob(test, p, &len);
	old = become(test, TEST_UID, false);
	expect_import(test, "Kerberos", blob, len, SEC_E_NOT_OWNER);
	/* even a malformed one: nothing of a raw blob is read first */
	blob[len - 1] ^= 0xff;
	expect_import(test, "Kerberos", blob, len, SEC_E_NOT_OWNER);
	revert_creds(old);
}

/*
 * A sealed blob is its exporter's.  Here a context with the identity of
 * TEST_UID is exported by TEST_UID; that user imports it again, another
 * unprivileged user may not.
 */
static void import_not_owner_sealed(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct leak_baseline base;
	const struct cred *old;
	CtxtHandle h, h2;
	u8 *blob;
	u32 len;

	leak_baseline(&base);
	krb5_template(p);
	p->ngroups = 0;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	old = become(test, TEST_UID, false);
	blob = export_blob(test, &h, SECPKG_CONTEXT_EXPORT_DELETE_OLD, &len);
	revert_creds(old);

	old = become(test, TEST_OTHER_UID, false);
	expect_import(test, "Kerberos", blob, len, SEC_E_NOT_OWNER);
	revert_creds(old);

	old = become(test, TEST_UID, false);
	KUNIT_EXPECT_EQ(test, import_blob("Kerberos", blob, len, NULL, &h2),
			SEC_E_OK);
	revert_creds(old);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h2), SEC_E_OK);
	expect_no_leak(test, &base);
}

/* Nobody but an administrator attaches an identity not its own. */
static void import_not_owner_identity(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	const struct cred *old;
	CtxtHandle h;
	u8 *blob;
	u32 len;

	/* TEST_OTHER_UID exports a context that carries TEST_UID's identity */
	krb5_template(p);
	p->ngroups = 0;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	old = become(test, TEST_OTHER_UID, false);
	blob = export_blob(test, &h, SECPKG_CONTEXT_EXPORT_DELETE_OLD, &len);
	/* its own blob, but not its identity */
	expect_import(test, "Kerberos", blob, len, SEC_E_NOT_OWNER);
	revert_creds(old);
}

static void import_not_owner_token(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct cred *other = user_cred(test, TEST_OTHER_UID, 0);
	struct cred *own = user_cred(test, TEST_UID, 0);
	struct leak_baseline base;
	const struct cred *old;
	CtxtHandle h;
	u8 *blob;
	u32 len;
	long other_refs = atomic_long_read(&other->usage);

	leak_baseline(&base);
	krb5_template(p);
	p->has_identity = false;
	p->role = KSECDD_ROLE_INITIATOR;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	old = become(test, TEST_UID, false);
	blob = export_blob(test, &h, SECPKG_CONTEXT_EXPORT_DELETE_OLD, &len);
	KUNIT_EXPECT_EQ(test, import_blob("Kerberos", blob, len, other, &h),
			SEC_E_NOT_OWNER);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&other->usage), other_refs);
	KUNIT_EXPECT_EQ(test, import_blob("Kerberos", blob, len, own, &h),
			SEC_E_OK);
	revert_creds(old);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	put_cred(other);
	put_cred(own);
	expect_no_leak(test, &base);
}

/* A server context without a client to speak for is no use. */
static void import_no_credentials(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct leak_baseline base;
	CtxtHandle h;
	u8 *blob;
	u32 len;

	krb5_template(p);
	p->has_identity = false;
	blob = raw_blob(test, p, &len);
	expect_import(test, "Kerberos", blob, len, SEC_E_NO_CREDENTIALS);

	/* an anonymous session needs none, nor does a client context */
	leak_baseline(&base);
	p->flags |= ASC_RET_NULL_SESSION;
	KUNIT_EXPECT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	p->flags &= ~ASC_RET_NULL_SESSION;
	p->role = KSECDD_ROLE_INITIATOR;
	KUNIT_EXPECT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	expect_no_leak(test, &base);
}

/*
 * Key quota: contexts imported from userspace are charged to the importer.
 * When the quota runs out the import fails and leaves nothing; a delete
 * gives the context's charge back at once, so the same import succeeds
 * again right after it.
 */
static void import_insufficient_memory_quota(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	CtxtHandle *handles = kunit_kcalloc(test, 200, sizeof(*handles),
					    GFP_KERNEL);
	struct leak_baseline base;
	const struct cred *old;
	struct key *keyring;
	int err = 0, n, i;
	CtxtHandle h;
	u8 *blob;
	u32 len;

	leak_baseline(&base);
	krb5_template(p);
	p->ngroups = 0;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);

	old = become(test, TEST_UID, false);
	blob = export_blob(test, &h, SECPKG_CONTEXT_EXPORT_DELETE_OLD, &len);
	keyring = keyring_alloc("ksecdd-test", current_fsuid(),
				current_fsgid(), current_cred(), KEY_POS_ALL,
				KEY_ALLOC_NOT_IN_QUOTA, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(keyring));
	for (n = 0; n < 200; n++) {
		err = ksecdd_import("Kerberos", blob, len, NULL, keyring,
				    &handles[n]);
		if (err)
			break;
	}
	KUNIT_EXPECT_EQ(test, ksecdd_status_from_errno(err),
			SEC_E_INSUFFICIENT_MEMORY);
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), base.contexts + n);
	kunit_info(test, "the key quota of uid %d held %d contexts\n",
		   TEST_UID, n);

	/* the delete gives the charge back at once, not when collected */
	KUNIT_EXPECT_EQ(test, ksecdd_delete(&handles[--n]), 0);
	err = ksecdd_import("Kerberos", blob, len, NULL, keyring, &handles[n]);
	KUNIT_EXPECT_EQ(test, err, 0);
	for (i = 0; i <= n; i++)
		KUNIT_EXPECT_EQ(test, ksecdd_delete(&handles[i]), 0);
	key_revoke(keyring);
	key_put(keyring);
	revert_creds(old);
	expect_no_leak(test, &base);
}

/*
 * XChaCha20-Poly1305 over a packed blob, as another host would do it: the
 * header is the associated data, the tag follows the ciphertext.
 */
static int peer_seal(const u8 *key, u8 *blob, u32 len, bool encrypt)
{
	u8 *body = blob + KSECDD_PACKED_HDR_LEN;
	u32 body_len = len - KSECDD_PACKED_HDR_LEN;
	const u8 *nonce = blob + 44;

	if (encrypt) {
		xchacha20poly1305_encrypt(body, body,
					  body_len - KSECDD_PACKED_TAG_LEN,
					  blob, KSECDD_PACKED_HDR_LEN, nonce,
					  key);
		return 0;
	}
	return xchacha20poly1305_decrypt(body, body, body_len, blob,
					 KSECDD_PACKED_HDR_LEN, nonce, key) ?
	       0 : -EBADMSG;
}

/* Seals @p as another host would, under @key named @name. */
static u8 *foreign_seal(struct kunit *test, const struct ksecdd_packed_ctx *p,
			const char *name, const u8 *key, u32 *len)
{
	struct ksecdd_packed_header hdr = { .flags = KSECDD_PACKED_SEALED };
	size_t records = ksecdd_packed_records_len(p);
	u8 *blob, *records_at;

	*len = KSECDD_PACKED_HDR_LEN + records + KSECDD_PACKED_TAG_LEN;
	blob = kunit_kzalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, blob);
	hdr.length = *len;
	strscpy(hdr.package, "Kerberos", sizeof(hdr.package));
	strscpy(hdr.key_name, name, sizeof(hdr.key_name));
	get_random_bytes(hdr.nonce, sizeof(hdr.nonce));
	ksecdd_packed_put_header(blob, &hdr);
	records_at = blob + KSECDD_PACKED_HDR_LEN;
	KUNIT_ASSERT_EQ(test, ksecdd_packed_encode_records(p, records_at,
							   records), 0);
	KUNIT_ASSERT_EQ(test, peer_seal(key, blob, *len, true), 0);
	return blob;
}

static struct key *provision(struct kunit *test, const char *desc,
			     const u8 *key, size_t len)
{
	key_ref_t ref;

	ref = key_create_or_update(make_key_ref(ksecdd_seal_keyring(), true),
				   "logon", desc, key, len,
				   KEY_POS_ALL | KEY_USR_VIEW,
				   KEY_ALLOC_NOT_IN_QUOTA);
	KUNIT_ASSERT_FALSE(test, IS_ERR(ref));
	return key_ref_to_ptr(ref);
}

/*
 * A blob sealed on another host, under a key both hosts were given,
 * imports here once this host holds the key too; and what this host
 * seals under it, the other host opens.
 */
static void import_foreign_sealing_key(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct leak_baseline base;
	struct key *key;
	u8 secret[32];
	CtxtHandle h;
	u8 *blob, *ours, *copy;
	u32 len, ours_len;

	leak_baseline(&base);
	get_random_bytes(secret, sizeof(secret));
	krb5_template(p);
	blob = foreign_seal(test, p, "cluster1", secret, &len);
	expect_import(test, "Kerberos", blob, len, SEC_E_UNKNOWN_CREDENTIALS);

	key = provision(test, "ksecdd:cluster1", secret, sizeof(secret));
	KUNIT_ASSERT_EQ(test, import_blob("Kerberos", blob, len, NULL, &h),
			SEC_E_OK);

	/* exports under the shared key, and the blob names it */
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("cluster1"), 0);
	ours = export_blob(test, &h, 0, &ours_len);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);
	KUNIT_EXPECT_EQ(test, memcmp(ours + 28, "cluster1\0", 9), 0);
	/* the other host opens it */
	copy = kunit_kmalloc(test, ours_len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, ours, ours_len);
	KUNIT_EXPECT_EQ(test, peer_seal(secret, copy, ours_len, false), 0);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);

	/* a key of the wrong size is a misconfiguration, not a forgery */
	KUNIT_EXPECT_EQ(test, key_update(make_key_ref(key, true), secret, 16),
			0);
	expect_import(test, "Kerberos", ours, ours_len, SEC_E_INTERNAL_ERROR);

	/* a different key under the same name fails the tag */
	secret[0] ^= 1;
	KUNIT_EXPECT_EQ(test, key_update(make_key_ref(key, true), secret, 32),
			0);
	expect_import(test, "Kerberos", ours, ours_len, SEC_E_MESSAGE_ALTERED);

	key_invalidate(key);
	key_put(key);
	expect_import(test, "Kerberos", ours, ours_len,
		      SEC_E_UNKNOWN_CREDENTIALS);
	expect_no_leak(test, &base);
}

static void import_seal_keyring_admits_only_sealing_keys(struct kunit *test)
{
	key_ref_t ref;
	u8 secret[32] = { 0 };

	ref = key_create_or_update(make_key_ref(ksecdd_seal_keyring(), true),
				   "logon", "ksecdd:short", secret, 16,
				   KEY_POS_ALL, KEY_ALLOC_NOT_IN_QUOTA);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ref), -EPERM);
	ref = key_create_or_update(make_key_ref(ksecdd_seal_keyring(), true),
				   "user", "ksecdd:user", secret, 32,
				   KEY_POS_ALL, KEY_ALLOC_NOT_IN_QUOTA);
	KUNIT_EXPECT_EQ(test, PTR_ERR(ref), -EPERM);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("bad/name"), -EINVAL);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("a-name-that-is-too-long"),
			-EINVAL);
}

static struct kunit_case ksecdd_import_cases[] = {
	KUNIT_CASE(import_raw_ok),
	KUNIT_CASE(import_sealed_ok),
	KUNIT_CASE(import_unknown_credentials),
	KUNIT_CASE(import_message_altered),
	KUNIT_CASE(import_invalid_token),
	KUNIT_CASE(import_secpkg_not_found),
	KUNIT_CASE(import_context_expired),
	KUNIT_CASE(import_invalid_parameter),
	KUNIT_CASE(import_not_owner_raw),
	KUNIT_CASE(import_not_owner_sealed),
	KUNIT_CASE(import_not_owner_identity),
	KUNIT_CASE(import_not_owner_token),
	KUNIT_CASE(import_no_credentials),
	KUNIT_CASE(import_insufficient_memory_quota),
	KUNIT_CASE(import_foreign_sealing_key),
	KUNIT_CASE(import_seal_keyring_admits_only_sealing_keys),
	{}
};

struct kunit_suite ksecdd_import_suite = {
	.name = "ksecdd_import",
	.test_cases = ksecdd_import_cases,
};
