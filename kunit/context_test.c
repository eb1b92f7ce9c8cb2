// SPDX-License-Identifier: GPL-2.0
/*
 * Contexts once imported: export and its flags, deletion, handles,
 * attributes, tokens, packages, and lifetime through the keyring.
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/key.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/context.h"
#include "../ksecdd/keytype.h"
#include "../ksecdd/seal.h"
#include "suites.h"
#include "util.h"

/* The packed form of a live context, as raw records, for comparison. */
static u8 *records_of(struct kunit *test, CtxtHandle *h, size_t *len)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct ksecdd_context *ctx = ksecdd_context_get(h);
	const struct group_info *gi;
	u8 *out;
	u32 i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx));
	p->package = ctx->pkg->id;
	p->role = ctx->role;
	p->flags = ctx->attrs;
	p->start = ctx->start;
	p->expiry = ctx->expiry;
	p->client_name = ctx->client_name;
	p->client_name_len = ctx->client_name ? strlen(ctx->client_name) : 0;
	p->server_name = ctx->server_name;
	p->server_name_len = ctx->server_name ? strlen(ctx->server_name) : 0;
	ctx->pkg->ops->export(ctx, p, false);
	if (ctx->token) {
		p->has_identity = true;
		p->uid = from_kuid(&init_user_ns, ctx->token->euid);
		p->gid = from_kgid(&init_user_ns, ctx->token->egid);
		gi = ctx->token->group_info;
		p->ngroups = gi->ngroups;
		for (i = 0; i < p->ngroups; i++)
			p->groups[i] = from_kgid(&init_user_ns, gi->gid[i]);
	}
	*len = ksecdd_packed_records_len(p);
	out = kunit_kzalloc(test, *len, GFP_KERNEL);
	KUNIT_ASSERT_EQ(test, ksecdd_packed_encode_records(p, out, *len), 0);
	ksecdd_context_put(ctx);
	return out;
}

static void round_trip(struct kunit *test, struct ksecdd_packed_ctx *p)
{
	struct leak_baseline base;
	size_t len1, len2, len3;
	u8 *r1, *r2, *r3, *blob;
	CtxtHandle h1, h2, h3;
	u32 len;

	leak_baseline(&base);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h1), SEC_E_OK);
	blob = export_blob(test, &h1, 0, &len);
	KUNIT_ASSERT_EQ(test, import_blob(ksecdd_packed_package_name(p->package),
					  blob, len, NULL, &h2), SEC_E_OK);
	blob = export_blob(test, &h2, 0, &len);
	KUNIT_ASSERT_EQ(test, import_blob(ksecdd_packed_package_name(p->package),
					  blob, len, NULL, &h3), SEC_E_OK);

	r1 = records_of(test, &h1, &len1);
	r2 = records_of(test, &h2, &len2);
	r3 = records_of(test, &h3, &len3);
	KUNIT_EXPECT_EQ(test, len1, len2);
	KUNIT_EXPECT_EQ(test, len1, len3);
	KUNIT_EXPECT_EQ(test, memcmp(r1, r2, len1), 0);
	KUNIT_EXPECT_EQ(test, memcmp(r1, r3, len1), 0);
	/* the same state the blob was made from */
	KUNIT_EXPECT_EQ(test, len1, ksecdd_packed_records_len(p));

	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h1), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h2), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h3), SEC_E_OK);
	expect_no_leak(test, &base);
}

static void context_round_trip_kerberos(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	u32 enctypes[] = { 17, 18, 19, 20 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(enctypes); i++) {
		krb5_template(p);
		p->krb5.enctype = enctypes[i];
		p->krb5.flags = i % 2 ? KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG : 0;
		round_trip(test, p);
	}
}

static void context_round_trip_ntlm(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);

	ntlm_template(p);
	round_trip(test, p);
	p->ntlm.client.has_rc4 = false;
	p->role = KSECDD_ROLE_INITIATOR;
	p->has_identity = false;
	p->server_name = NULL;
	round_trip(test, p);
}

static struct ksecdd_context *get(struct kunit *test, CtxtHandle *h)
{
	struct ksecdd_context *ctx = ksecdd_context_get(h);

	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx));
	return ctx;
}

static void context_export_reset_new(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct ksecdd_packed_krb5 *krb5;
	struct ksecdd_packed_ntlm *ntlm;
	struct ksecdd_context *ctx;
	struct leak_baseline base;
	CtxtHandle h, h2;
	u8 *blob;
	u32 len;

	leak_baseline(&base);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	blob = export_blob(test, &h, SECPKG_CONTEXT_EXPORT_RESET_NEW, &len);
	KUNIT_ASSERT_EQ(test, import_blob("Kerberos", blob, len, NULL, &h2),
			SEC_E_OK);
	ctx = get(test, &h2);
	krb5 = ctx->state;
	KUNIT_EXPECT_EQ(test, krb5->send_seq, 1000ULL);
	KUNIT_EXPECT_EQ(test, krb5->recv_seq, 2000ULL);
	KUNIT_EXPECT_EQ(test, krb5->send_seq_initial, 1000ULL);
	ksecdd_context_put(ctx);
	/* the source keeps its place */
	ctx = get(test, &h);
	krb5 = ctx->state;
	KUNIT_EXPECT_EQ(test, krb5->send_seq, 1010ULL);
	ksecdd_context_put(ctx);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h2), SEC_E_OK);

	ntlm_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	blob = export_blob(test, &h, SECPKG_CONTEXT_EXPORT_RESET_NEW, &len);
	KUNIT_ASSERT_EQ(test, import_blob("NTLM", blob, len, NULL, &h2),
			SEC_E_OK);
	ctx = get(test, &h2);
	ntlm = ctx->state;
	KUNIT_EXPECT_EQ(test, ntlm->client.seq, 0U);
	KUNIT_EXPECT_EQ(test, ntlm->server.seq, 0U);
	KUNIT_EXPECT_FALSE(test, ntlm->client.has_rc4);
	KUNIT_EXPECT_EQ(test, memcmp(ntlm->client.seal_key,
				     p->ntlm.client.seal_key, 16), 0);
	ksecdd_context_put(ctx);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h2), SEC_E_OK);
	expect_no_leak(test, &base);
}

static void context_export_delete_old(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	SecPkgContext_Flags flags;
	struct leak_baseline base;
	CtxtHandle h, h2;
	u8 *blob;
	u32 len;

	leak_baseline(&base);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	blob = export_blob(test, &h, SECPKG_CONTEXT_EXPORT_DELETE_OLD |
			   SECPKG_CONTEXT_EXPORT_RESET_NEW, &len);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), base.contexts);
	KUNIT_EXPECT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_FLAGS,
						      &flags),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, export_status(&h, 0), SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, import_blob("Kerberos", blob, len, NULL, &h2),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h2), SEC_E_OK);
	expect_no_leak(test, &base);
}

static void context_export_refusals(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct leak_baseline base;
	CtxtHandle h, bogus;

	leak_baseline(&base);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, export_status(&h, SECPKG_CONTEXT_EXPORT_TO_KERNEL),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, export_status(&h, 0x8), SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ExportSecurityContext(&h, 0, NULL, NULL),
			SEC_E_INVALID_PARAMETER);
	bogus = h;
	bogus.dwUpper ^= 1;
	KUNIT_EXPECT_EQ(test, export_status(&bogus, 0), SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, export_status(NULL, 0), SEC_E_INVALID_HANDLE);

	/* the configured sealing key is not on this host */
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select("absent"), 0);
	KUNIT_EXPECT_EQ(test, export_status(&h, 0), SEC_E_NO_CREDENTIALS);
	KUNIT_EXPECT_EQ(test, ksecdd_seal_select(""), 0);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	expect_no_leak(test, &base);
}

/* More groups than a blob holds: the context lives, it cannot be packed. */
static void context_export_cannot_pack(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct cred *token = user_cred(test, TEST_UID,
				       KSECDD_PACKED_GROUPS_MAX + 1);
	struct leak_baseline base;
	CtxtHandle h;
	u8 *blob;
	u32 len;

	leak_baseline(&base);
	krb5_template(p);
	blob = raw_blob(test, p, &len);
	KUNIT_ASSERT_EQ(test, import_blob("Kerberos", blob, len, token, &h),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, export_status(&h, 0), SEC_E_CANNOT_PACK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	put_cred(token);
	expect_no_leak(test, &base);
}

static void context_delete_and_stale_handles(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	SecPkgContext_Flags flags;
	struct leak_baseline base;
	CtxtHandle h, h2, forged;

	leak_baseline(&base);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h2), SEC_E_OK);

	/* the right serial with the wrong tag names nothing */
	forged = h;
	forged.dwUpper = h2.dwUpper;
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&forged),
			SEC_E_INVALID_HANDLE);
	forged.dwLower = ksecdd_keyring->serial;
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&forged),
			SEC_E_INVALID_HANDLE);
	forged.dwLower = 0;
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&forged),
			SEC_E_INVALID_HANDLE);
	SecInvalidateHandle(&forged);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&forged),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(NULL),
			SEC_E_INVALID_HANDLE);

	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_FLAGS,
						      &flags),
			SEC_E_INVALID_HANDLE);
	/* the other context is untouched */
	KUNIT_EXPECT_EQ(test, QueryContextAttributesW(&h2, SECPKG_ATTR_FLAGS,
						      &flags), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h2), SEC_E_OK);
	expect_no_leak(test, &base);
}

static void context_free_context_buffer(struct kunit *test)
{
	SecPkgInfoW *info;
	void *foreign;

	KUNIT_ASSERT_EQ(test, EnumerateSecurityPackagesW(&(u32){ 0 }, &info),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info), SEC_E_INVALID_PARAMETER);

	foreign = kunit_kzalloc(test, 32, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(foreign),
			SEC_E_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, EnumerateSecurityPackagesW(&(u32){ 0 }, &info),
			SEC_E_OK);
	/* an address inside one of ours is not one of ours either */
	KUNIT_EXPECT_EQ(test, FreeContextBuffer((u8 *)info + 1),
			SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(NULL), SEC_E_OK);
}

static SECURITY_STATUS query(CtxtHandle *h, u32 attribute, void *buffer)
{
	return QueryContextAttributesW(h, attribute, buffer);
}

static bool wstr_eq(const SEC_WCHAR *w, const char *s)
{
	while (*s)
		if (*w++ != *s++)
			return false;
	return !*w;
}

static void context_query_attributes(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	SecPkgContext_NegotiationInfoW nego;
	SecPkgContext_PackageInfoW pkg;
	SecPkgContext_SessionKey key;
	SecPkgContext_Lifespan life;
	SecPkgContext_KeyInfoW info;
	SecPkgContext_Sizes sizes;
	SecPkgContext_NamesW names;
	SecPkgContext_Flags flags;
	struct leak_baseline base;
	CtxtHandle h;

	leak_baseline(&base);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);

	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_SIZES,
						      &sizes), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, sizes.cbMaxToken, 48000U);
	KUNIT_EXPECT_EQ(test, sizes.cbMaxSignature, 28U);
	KUNIT_EXPECT_EQ(test, sizes.cbBlockSize, 1U);
	KUNIT_EXPECT_EQ(test, sizes.cbSecurityTrailer, 60U);

	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_NAMES,
						      &names), SEC_E_OK);
	KUNIT_EXPECT_TRUE(test, wstr_eq(names.sUserName, "alice@EXAMPLE.COM"));
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(names.sUserName), SEC_E_OK);

	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_LIFESPAN,
						      &life), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, life.tsStart.QuadPart,
			(p->start + 11644473600LL) * 10000000LL);
	KUNIT_EXPECT_EQ(test, life.tsExpiry.QuadPart,
			(p->expiry + 11644473600LL) * 10000000LL);

	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_KEY_INFO,
						      &info), SEC_E_OK);
	KUNIT_EXPECT_TRUE(test, wstr_eq(info.sSignatureAlgorithmName,
					"hmac-sha1-96-aes256"));
	KUNIT_EXPECT_TRUE(test, wstr_eq(info.sEncryptAlgorithmName,
					"aes256-cts-hmac-sha1-96"));
	KUNIT_EXPECT_EQ(test, info.KeySize, 256U);
	KUNIT_EXPECT_EQ(test, info.SignatureAlgorithm, 16U);
	KUNIT_EXPECT_EQ(test, info.EncryptAlgorithm, 18U);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info.sSignatureAlgorithmName),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info.sEncryptAlgorithmName),
			SEC_E_OK);

	/* with an acceptor subkey, that is the session key */
	KUNIT_ASSERT_EQ(test, query(&h, SECPKG_ATTR_SESSION_KEY, &key),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, key.SessionKeyLength, 32U);
	KUNIT_EXPECT_EQ(test, memcmp(key.SessionKey, p->krb5.acceptor_subkey,
				     32), 0);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(key.SessionKey), SEC_E_OK);

	KUNIT_ASSERT_EQ(test, query(&h, SECPKG_ATTR_PACKAGE_INFO, &pkg),
			SEC_E_OK);
	KUNIT_EXPECT_TRUE(test, wstr_eq(pkg.PackageInfo->Name, "Kerberos"));
	KUNIT_EXPECT_EQ(test, pkg.PackageInfo->wRPCID, 16);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(pkg.PackageInfo), SEC_E_OK);

	KUNIT_ASSERT_EQ(test, query(&h, SECPKG_ATTR_NEGOTIATION_INFO, &nego),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, nego.NegotiationState,
			(u32)SECPKG_NEGOTIATION_COMPLETE);
	KUNIT_EXPECT_TRUE(test, wstr_eq(nego.PackageInfo->Name, "Kerberos"));
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(nego.PackageInfo), SEC_E_OK);

	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_FLAGS,
						      &flags), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, flags.Flags, p->flags);

	KUNIT_EXPECT_EQ(test, query(&h, SECPKG_ATTR_STREAM_SIZES, &sizes),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, query(&h, SECPKG_ATTR_SIZES, NULL),
			SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	expect_no_leak(test, &base);
}

static void context_query_ntlm(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	SecPkgContext_SessionKey key;
	SecPkgContext_KeyInfoW info;
	SecPkgContext_Sizes sizes;
	CtxtHandle h;

	ntlm_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_SIZES,
						      &sizes), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, sizes.cbMaxToken, 2888U);
	KUNIT_EXPECT_EQ(test, sizes.cbMaxSignature, 16U);
	KUNIT_EXPECT_EQ(test, sizes.cbBlockSize, 0U);
	KUNIT_EXPECT_EQ(test, sizes.cbSecurityTrailer, 16U);
	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_KEY_INFO,
						      &info), SEC_E_OK);
	KUNIT_EXPECT_TRUE(test, wstr_eq(info.sSignatureAlgorithmName,
					"HMAC-MD5"));
	KUNIT_EXPECT_TRUE(test, wstr_eq(info.sEncryptAlgorithmName,
					"RSADSI RC4"));
	KUNIT_EXPECT_EQ(test, info.SignatureAlgorithm, 0xffffff76U);
	KUNIT_EXPECT_EQ(test, info.EncryptAlgorithm, 0x6801U);
	KUNIT_EXPECT_EQ(test, info.KeySize, 128U);
	FreeContextBuffer(info.sSignatureAlgorithmName);
	FreeContextBuffer(info.sEncryptAlgorithmName);
	KUNIT_ASSERT_EQ(test, query(&h, SECPKG_ATTR_SESSION_KEY, &key),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, key.SessionKeyLength, 16U);
	KUNIT_EXPECT_EQ(test, memcmp(key.SessionKey, p->ntlm.session_key, 16),
			0);
	FreeContextBuffer(key.SessionKey);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
}

static void context_tokens(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct cred *token = user_cred(test, TEST_UID, 3);
	long refs = atomic_long_read(&token->usage);
	struct leak_baseline base;
	const struct cred *got;
	SecBuffer buf = { 0 };
	void *out;
	CtxtHandle h;
	u8 *blob;
	u32 len;

	leak_baseline(&base);
	krb5_template(p);
	blob = raw_blob(test, p, &len);

	/* a Token given is referenced, not copied */
	KUNIT_ASSERT_EQ(test, import_blob("Kerberos", blob, len, token, &h),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&token->usage), refs + 1);
	KUNIT_ASSERT_EQ(test, QuerySecurityContextToken(&h, &out), SEC_E_OK);
	KUNIT_EXPECT_PTR_EQ(test, out, (void *)token);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&token->usage), refs + 2);
	put_cred(out);
	KUNIT_ASSERT_EQ(test, ExportSecurityContext(&h, 0, &buf, &out),
			SEC_E_OK);
	KUNIT_EXPECT_PTR_EQ(test, out, (void *)token);
	put_cred(out);
	FreeContextBuffer(buf.pvBuffer);
	KUNIT_EXPECT_EQ(test, QuerySecurityContextToken(&h, NULL),
			SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&token->usage), refs);

	/* without one, the blob's identity becomes credentials */
	KUNIT_ASSERT_EQ(test, import_blob("Kerberos", blob, len, NULL, &h),
			SEC_E_OK);
	KUNIT_ASSERT_EQ(test, QuerySecurityContextToken(&h, &out), SEC_E_OK);
	got = out;
	KUNIT_EXPECT_EQ(test, from_kuid(&init_user_ns, got->fsuid), TEST_UID);
	KUNIT_EXPECT_EQ(test, from_kgid(&init_user_ns, got->egid), TEST_UID);
	KUNIT_EXPECT_EQ(test, got->group_info->ngroups, 2);
	KUNIT_EXPECT_TRUE(test, cap_isclear(got->cap_effective));
	KUNIT_EXPECT_TRUE(test, cap_isclear(got->cap_permitted));
	put_cred(got);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);

	/* a client context with no identity has no token */
	p->has_identity = false;
	p->role = KSECDD_ROLE_INITIATOR;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, QuerySecurityContextToken(&h, &out),
			SEC_E_NO_IMPERSONATION);
	KUNIT_ASSERT_EQ(test, ExportSecurityContext(&h, 0, &buf, &out),
			SEC_E_OK);
	KUNIT_EXPECT_NULL(test, out);
	FreeContextBuffer(buf.pvBuffer);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	put_cred(token);
	expect_no_leak(test, &base);
}

/*
 * A token is the importer's credentials with the client's ids: the
 * importer's user and namespace, none of its keyrings or capabilities.
 */
static void context_token_is_the_importers(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct cred *importer = user_cred(test, TEST_OTHER_UID, 0);
	const struct cred *old, *got;
	struct key *keyring;
	void *out;
	CtxtHandle h;

	keyring = keyring_alloc("ksecdd_test_session", importer->uid,
				importer->gid, importer, KEY_POS_ALL,
				KEY_ALLOC_NOT_IN_QUOTA, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(keyring));
	importer->session_keyring = keyring;
	importer->thread_keyring = key_get(keyring);
	krb5_template(p);
	old = override_creds(importer);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	KUNIT_ASSERT_EQ(test, QuerySecurityContextToken(&h, &out), SEC_E_OK);
	revert_creds(old);
	got = out;
	KUNIT_EXPECT_EQ(test, from_kuid(&init_user_ns, got->euid), TEST_UID);
	KUNIT_EXPECT_PTR_EQ(test, got->user, importer->user);
	KUNIT_EXPECT_PTR_EQ(test, got->user_ns, importer->user_ns);
	KUNIT_EXPECT_NULL(test, got->session_keyring);
	KUNIT_EXPECT_NULL(test, got->thread_keyring);
	KUNIT_EXPECT_NULL(test, got->process_keyring);
	KUNIT_EXPECT_TRUE(test, cap_isclear(got->cap_bset));
	KUNIT_EXPECT_TRUE(test, cap_isclear(got->cap_ambient));
	put_cred(got);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	key_revoke(keyring);
	put_cred(importer);
}

static void context_packages(struct kunit *test)
{
	SEC_WCHAR ntlm[] = { 'n', 't', 'l', 'm' }, nego[] = { 'N', 'e', 'g' };
	SECURITY_STRING name = { 8, 8, ntlm };
	SecPkgInfoW *info, *untouched = (void *)0x1;
	u32 n;

	KUNIT_ASSERT_EQ(test, EnumerateSecurityPackagesW(&n, &info), SEC_E_OK);
	KUNIT_ASSERT_EQ(test, n, 3U);
	KUNIT_EXPECT_TRUE(test, wstr_eq(info[0].Name, "Kerberos"));
	KUNIT_EXPECT_TRUE(test, wstr_eq(info[0].Comment,
					"Microsoft Kerberos V1.0"));
	KUNIT_EXPECT_EQ(test, info[0].fCapabilities, 0x73bb7U);
	KUNIT_EXPECT_EQ(test, info[0].wVersion, 1);
	KUNIT_EXPECT_EQ(test, info[0].wRPCID, 16);
	KUNIT_EXPECT_GE(test, info[0].cbMaxToken, 12000U);
	KUNIT_EXPECT_TRUE(test, wstr_eq(info[1].Name, "NTLM"));
	KUNIT_EXPECT_EQ(test, info[1].fCapabilities, 0x42b37U);
	KUNIT_EXPECT_EQ(test, info[1].wRPCID, 10);
	KUNIT_EXPECT_EQ(test, info[1].cbMaxToken, 2888U);
	KUNIT_EXPECT_TRUE(test, wstr_eq(info[2].Name, "Negotiate"));
	KUNIT_EXPECT_EQ(test, info[2].fCapabilities, 0x3bb3U);
	KUNIT_EXPECT_EQ(test, info[2].wRPCID, 9);
	KUNIT_EXPECT_EQ(test, info[2].cbMaxToken, 48256U);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info), SEC_E_OK);

	KUNIT_ASSERT_EQ(test, QuerySecurityPackageInfoW(&name, &info),
			SEC_E_OK);
	KUNIT_EXPECT_TRUE(test, wstr_eq(info->Name, "NTLM"));
	KUNIT_EXPECT_TRUE(test, wstr_eq(info->Comment, "NTLM Security Package"));
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info), SEC_E_OK);

	name.Buffer = nego;
	name.Length = 6;
	name.MaximumLength = 6;
	KUNIT_EXPECT_EQ(test, QuerySecurityPackageInfoW(&name, &untouched),
			SEC_E_SECPKG_NOT_FOUND);
	KUNIT_EXPECT_PTR_EQ(test, untouched, (SecPkgInfoW *)0x1);
	KUNIT_EXPECT_EQ(test, QuerySecurityPackageInfoW(&name, NULL),
			SEC_E_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, EnumerateSecurityPackagesW(NULL, &info),
			SEC_E_INVALID_PARAMETER);
}

/* Polls until the wall clock has passed @t; TCG may run slow or fast. */
static void wait_past(s64 t)
{
	while (ktime_get_real_seconds() <= t)
		msleep(100);
}

static void context_expires(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct ksecdd_context *ctx;
	SecPkgContext_Flags flags;
	struct leak_baseline base;
	struct key *key;
	CtxtHandle h;

	leak_baseline(&base);
	krb5_template(p);
	p->expiry = ktime_get_real_seconds() + 1;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	wait_past(p->expiry);
	KUNIT_EXPECT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_FLAGS,
						      &flags),
			SEC_E_CONTEXT_EXPIRED);
	KUNIT_EXPECT_EQ(test, export_status(&h, 0), SEC_E_CONTEXT_EXPIRED);
	KUNIT_EXPECT_EQ(test, MakeSignature(&h, 0, &(SecBufferDesc){ 0 }, 0),
			SEC_E_CONTEXT_EXPIRED);
	/* an expired context is still deleted like any other */
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_INVALID_HANDLE);

	/* the key's expiry is the context's; shortening the key's counts */
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	ctx = get(test, &h);
	key = ctx->key;
	ksecdd_context_put(ctx);
	KUNIT_EXPECT_EQ(test, key->expiry, (time64_t)p->expiry);
	key_set_timeout(key, 1);
	wait_past(ktime_get_real_seconds() + 1);
	KUNIT_EXPECT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_FLAGS,
						      &flags),
			SEC_E_CONTEXT_EXPIRED);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
	expect_no_leak(test, &base);
}

/*
 * keyctl revoke and invalidate act as DeleteSecurityContext: the handle is
 * dead at once, while an operation that holds the context finishes.
 */
static void context_revoke_while_in_use(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct ksecdd_packed_krb5 *krb5;
	struct ksecdd_context *ctx;
	SecPkgContext_Flags flags;
	struct leak_baseline base;
	struct key *key;
	CtxtHandle h;

	leak_baseline(&base);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	ctx = get(test, &h);
	key = key_get(ctx->key);
	key_revoke(key);
	KUNIT_EXPECT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_FLAGS,
						      &flags),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_INVALID_HANDLE);
	/* the holder still reads its state, and frees it with its put */
	krb5 = ctx->state;
	KUNIT_EXPECT_EQ(test, krb5->send_seq, 1010ULL);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), base.contexts + 1);
	ksecdd_context_put(ctx);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), base.contexts);
	/*
	 * A revoked key stays listed, as revoked, for the keyring's gc_delay;
	 * unlink it as the collector would then.  (That the collector comes
	 * is keys_test's to see, in userspace: it needs a short gc_delay.)
	 */
	KUNIT_EXPECT_EQ(test, key_validate(key), -EKEYREVOKED);
	/* a revoked context holds no quota beyond its key's description */
	KUNIT_EXPECT_EQ(test, key->datalen, 0);
	KUNIT_EXPECT_EQ(test, ksecdd_keyring->keys.nr_leaves_on_tree,
			base.keys + 1);
	KUNIT_EXPECT_EQ(test, key_unlink(ksecdd_keyring, key), 0);
	key_put(key);
	expect_no_leak(test, &base);
}

static void context_invalidate_while_in_use(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct ksecdd_context *ctx;
	SecPkgContext_Flags flags;
	struct leak_baseline base;
	CtxtHandle h;

	leak_baseline(&base);
	ntlm_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	ctx = get(test, &h);
	key_invalidate(ctx->key);
	KUNIT_EXPECT_EQ(test, QueryContextAttributesW(&h, SECPKG_ATTR_FLAGS,
						      &flags),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, export_status(&h, 0), SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ((struct ksecdd_packed_ntlm *)ctx->state)->
			client.seq, 7U);
	ksecdd_context_put(ctx);
	expect_no_leak(test, &base);
}

/* A thread that stays in an RCU read-side section until told, or 3 s. */
struct rcu_holder {
	struct completion holding, done;
	bool release, gave_up;
};

static int hold_rcu(void *arg)
{
	struct rcu_holder *h = arg;
	unsigned long end = jiffies + 3 * HZ;

	rcu_read_lock();
	complete(&h->holding);
	while (!READ_ONCE(h->release) && time_before(jiffies, end))
		cpu_relax();
	WRITE_ONCE(h->gave_up, !READ_ONCE(h->release));
	rcu_read_unlock();
	complete(&h->done);
	return 0;
}

/*
 * ->destroy runs in the system-wide key collector, one key after another:
 * it must not wait for a grace period.  A reader on another CPU holds one
 * open while a context key is destroyed; ->destroy must be back before
 * the reader gives up.
 */
static void context_destroy_needs_no_grace_period(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct rcu_holder *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	struct leak_baseline base;
	struct ksecdd_context *ctx;
	struct task_struct *t;
	struct key *key;
	CtxtHandle handle;
	int cpu, other;

	KUNIT_ASSERT_NOT_NULL(test, h);
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	leak_baseline(&base);
	krb5_template(p);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &handle), SEC_E_OK);
	ctx = get(test, &handle);
	key = key_get(ctx->key);
	ksecdd_context_put(ctx);

	/* the reader spins: keep it off our CPU */
	cpu = raw_smp_processor_id();
	other = cpumask_any_but(cpu_online_mask, cpu);
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(cpu)),
			0);
	init_completion(&h->holding);
	init_completion(&h->done);
	t = kthread_create(hold_rcu, h, "ksecdd-rcu-holder");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	kthread_bind(t, other);
	wake_up_process(t);
	wait_for_completion(&h->holding);
	/* what the collector does once the key's last reference is gone */
	ksecdd_key_type.destroy(key);
	KUNIT_EXPECT_FALSE_MSG(test, READ_ONCE(h->gave_up),
			       "->destroy waited for a grace period");
	WRITE_ONCE(h->release, true);
	wait_for_completion(&h->done);
	set_cpus_allowed_ptr(current, cpu_possible_mask);

	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), base.contexts);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&handle),
			SEC_E_INVALID_HANDLE);
	key_invalidate(key);
	key_put(key);
	expect_no_leak(test, &base);
}

#define SIGNERS		2
#define SIGNER_MIN_MESSAGES	16

/* A thread signing on one context until its handle stops naming one. */
struct signer {
	CtxtHandle *handle;
	struct completion started, done;
	unsigned long messages;
	SECURITY_STATUS last;
};

static int sign_until_gone(void *arg)
{
	struct signer *s = arg;
	u8 msg[64] = { 0 }, tok[128];
	SecBuffer b[2] = {
		{ sizeof(msg), SECBUFFER_DATA, msg },
		{ sizeof(tok), SECBUFFER_TOKEN, tok },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, ARRAY_SIZE(b), b };

	do {
		b[1].cbBuffer = sizeof(tok);
		s->last = MakeSignature(s->handle, 0, &d, 0);
		if (s->last == SEC_E_OK && ++s->messages == SIGNER_MIN_MESSAGES)
			complete(&s->started);
		cond_resched();
	} while (s->last == SEC_E_OK);
	if (s->messages < SIGNER_MIN_MESSAGES)
		complete(&s->started);
	complete(&s->done);
	return 0;
}

/*
 * Threads sign on one context, Kerberos (under RCU, no reference) or
 * NTLM (on references), while it is deleted: each sees SEC_E_OK until
 * its handle names nothing, then SEC_E_INVALID_HANDLE, and the context
 * is freed with nothing left behind (KASAN and kmemleak watch the grace
 * period's free).
 */
static void context_delete_during_messages(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct signer *s = kunit_kcalloc(test, SIGNERS, sizeof(*s),
					 GFP_KERNEL);
	struct leak_baseline base;
	struct task_struct *t;
	CtxtHandle h;
	int pkg, i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, s);
	for (pkg = 0; pkg < 2; pkg++) {
		leak_baseline(&base);
		if (pkg)
			ntlm_template(p);
		else
			krb5_template(p);
		KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
		for (i = 0; i < SIGNERS; i++) {
			s[i] = (struct signer){ .handle = &h };
			init_completion(&s[i].started);
			init_completion(&s[i].done);
			t = kthread_run(sign_until_gone, &s[i], "ksecdd-sign%d",
					i);
			KUNIT_ASSERT_FALSE(test, IS_ERR(t));
		}
		for (i = 0; i < SIGNERS; i++)
			wait_for_completion(&s[i].started);
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&h), SEC_E_OK);
		for (i = 0; i < SIGNERS; i++) {
			wait_for_completion(&s[i].done);
			KUNIT_EXPECT_EQ(test, s[i].last, SEC_E_INVALID_HANDLE);
			KUNIT_EXPECT_GE(test, s[i].messages,
					SIGNER_MIN_MESSAGES);
		}
		kunit_info(test, "%s: %lu and %lu messages before the delete\n",
			   pkg ? "NTLM" : "Kerberos", s[0].messages,
			   s[1].messages);
		expect_no_leak(test, &base);
	}
}

#define RECLAIM_CONTEXTS	1000
#define RECLAIM_BOUND_MS	60000

/*
 * A thousand contexts whose keyring goes are reclaimed by the collector
 * in bounded time: one grace period each took 18 ms or more.
 */
static void context_reclaim_many(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct leak_baseline base;
	struct key *keyring;
	CtxtHandle h;
	ktime_t start;
	s64 ms;
	u32 len;
	u8 *blob;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	leak_baseline(&base);
	krb5_template(p);
	blob = raw_blob(test, p, &len);
	keyring = keyring_alloc("ksecdd-test-reclaim", GLOBAL_ROOT_UID,
				GLOBAL_ROOT_GID, current_cred(), KEY_POS_ALL,
				KEY_ALLOC_NOT_IN_QUOTA, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(keyring));
	for (i = 0; i < RECLAIM_CONTEXTS; i++)
		if (ksecdd_import("Kerberos", blob, len, NULL, keyring, &h))
			break;
	KUNIT_EXPECT_EQ(test, i, RECLAIM_CONTEXTS);

	start = ktime_get();
	key_revoke(keyring);
	key_put(keyring);
	while (ksecdd_context_count() != base.contexts &&
	       ktime_ms_delta(ktime_get(), start) < RECLAIM_BOUND_MS)
		msleep(20);
	ms = ktime_ms_delta(ktime_get(), start);
	KUNIT_EXPECT_EQ_MSG(test, ksecdd_context_count(), base.contexts,
			    "%d contexts not reclaimed after %lld ms",
			    ksecdd_context_count() - base.contexts, ms);
	kunit_info(test, "%d contexts reclaimed in %lld ms\n", i, ms);
}

/*
 * Contexts left alive on purpose: the guest unloads ksecdd after the
 * suites, and the unload must free them with no report from KASAN or
 * kmemleak.
 */
static void context_left_for_unload(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	int before = ksecdd_context_count();
	CtxtHandle h;
	int i;

	for (i = 0; i < 4; i++) {
		if (i % 2)
			krb5_template(p);
		else
			ntlm_template(p);
		KUNIT_EXPECT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	}
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), before + 4);
}

static struct kunit_case ksecdd_context_cases[] = {
	KUNIT_CASE(context_round_trip_kerberos),
	KUNIT_CASE(context_round_trip_ntlm),
	KUNIT_CASE(context_export_reset_new),
	KUNIT_CASE(context_export_delete_old),
	KUNIT_CASE(context_export_refusals),
	KUNIT_CASE(context_export_cannot_pack),
	KUNIT_CASE(context_delete_and_stale_handles),
	KUNIT_CASE(context_free_context_buffer),
	KUNIT_CASE(context_query_attributes),
	KUNIT_CASE(context_query_ntlm),
	KUNIT_CASE(context_tokens),
	KUNIT_CASE(context_token_is_the_importers),
	KUNIT_CASE(context_packages),
	KUNIT_CASE(context_expires),
	KUNIT_CASE(context_revoke_while_in_use),
	KUNIT_CASE(context_invalidate_while_in_use),
	KUNIT_CASE(context_destroy_needs_no_grace_period),
	KUNIT_CASE(context_delete_during_messages),
	KUNIT_CASE(context_reclaim_many),
	KUNIT_CASE(context_left_for_unload),
	{}
};

struct kunit_suite ksecdd_context_suite = {
	.name = "ksecdd_context",
	.test_cases = ksecdd_context_cases,
};
