// SPDX-License-Identifier: GPL-2.0
/*
 * QueryContextAttributesW(): the SecPkgContext_* structures.
 *
 * Pointers inside them point to buffers from ksecdd_buffer_alloc(), each
 * freed on its own with FreeContextBuffer(), as on Windows.
 */

#include <linux/nls.h>

#include "buffer.h"
#include "context.h"
#include "query.h"

/* 100 ns ticks between 1601-01-01 and 1970-01-01, in seconds */
#define FILETIME_UNIX_OFFSET	11644473600LL
#define FILETIME_PER_SEC	10000000LL
#define FILETIME_NEVER		0x7fffffffffffffffLL

/**
 * ksecdd_filetime() - a Unix time as a Windows TimeStamp
 * @t: seconds since 1970-01-01 UTC
 *
 * Return: 100 ns ticks since 1601-01-01 UTC, or the largest TimeStamp
 * for times beyond it (contexts that never expire).
 */
s64 ksecdd_filetime(time64_t t)
{
	if (t >= FILETIME_NEVER / FILETIME_PER_SEC - FILETIME_UNIX_OFFSET)
		return FILETIME_NEVER;
	return (t + FILETIME_UNIX_OFFSET) * FILETIME_PER_SEC;
}

/**
 * ksecdd_wstr_dup() - a UTF-8 string as UTF-16 for an SSPI caller
 * @s: the string, NUL-terminated
 *
 * Return: a NUL-terminated UTF-16 copy in a buffer for
 * FreeContextBuffer(), or NULL (no memory, or @s is not UTF-8).
 */
SEC_WCHAR *ksecdd_wstr_dup(const char *s)
{
	size_t len = strlen(s);
	SEC_WCHAR *w;
	int n;

	/* No UTF-8 sequence yields more UTF-16 units than it has bytes. */
	w = ksecdd_buffer_alloc((len + 1) * sizeof(*w));
	if (!w)
		return NULL;
	n = utf8s_to_utf16s(s, len, UTF16_HOST_ENDIAN, w, len);
	if (n < 0) {
		ksecdd_buffer_free(w);
		return NULL;
	}
	w[n] = 0;
	return w;
}

static int query_names(struct ksecdd_context *ctx, SecPkgContext_NamesW *names)
{
	names->sUserName = ksecdd_wstr_dup(ctx->client_name ?: "");
	return names->sUserName ? 0 : -ENOMEM;
}

static int query_lifespan(struct ksecdd_context *ctx,
			  SecPkgContext_Lifespan *lifespan)
{
	lifespan->tsStart.QuadPart = ksecdd_filetime(ctx->start);
	lifespan->tsExpiry.QuadPart = ksecdd_filetime(ctx->expiry);
	return 0;
}

static int query_key_info(struct ksecdd_context *ctx,
			  SecPkgContext_KeyInfoW *key_info)
{
	struct ksecdd_key_info info;

	ctx->pkg->ops->key_info(ctx, &info);
	key_info->sSignatureAlgorithmName = ksecdd_wstr_dup(info.signature_name);
	key_info->sEncryptAlgorithmName = ksecdd_wstr_dup(info.encrypt_name);
	if (!key_info->sSignatureAlgorithmName ||
	    !key_info->sEncryptAlgorithmName) {
		ksecdd_buffer_free(key_info->sSignatureAlgorithmName);
		ksecdd_buffer_free(key_info->sEncryptAlgorithmName);
		return -ENOMEM;
	}
	key_info->KeySize = info.key_size;
	key_info->SignatureAlgorithm = info.signature_algorithm;
	key_info->EncryptAlgorithm = info.encrypt_algorithm;
	return 0;
}

static int query_session_key(struct ksecdd_context *ctx,
			     SecPkgContext_SessionKey *session_key)
{
	const u8 *key;
	u8 *copy;
	u32 len;

	spin_lock(&ctx->lock);
	ctx->pkg->ops->session_key(ctx, &key, &len);
	spin_unlock(&ctx->lock);

	copy = ksecdd_buffer_alloc(len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, key, len);
	session_key->SessionKey = copy;
	session_key->SessionKeyLength = len;
	return 0;
}

/**
 * ksecdd_pkginfo_alloc() - a package's SecPkgInfoW in one buffer
 * @pkg: the package
 *
 * Return: the structure followed by its strings, or NULL.
 */
SecPkgInfoW *ksecdd_pkginfo_alloc(const struct ksecdd_package *pkg)
{
	SecPkgInfoW *info;

	info = ksecdd_buffer_alloc(sizeof(*info) +
				   ksecdd_pkginfo_strings_size(pkg));
	if (info)
		ksecdd_pkginfo_fill(pkg, info, (SEC_WCHAR *)(info + 1));
	return info;
}

static int query_package_info(struct ksecdd_context *ctx,
			      SecPkgContext_PackageInfoW *package_info)
{
	package_info->PackageInfo = ksecdd_pkginfo_alloc(ctx->pkg);
	return package_info->PackageInfo ? 0 : -ENOMEM;
}

static int query_negotiation_info(struct ksecdd_context *ctx,
				  SecPkgContext_NegotiationInfoW *nego)
{
	nego->PackageInfo = ksecdd_pkginfo_alloc(ctx->pkg);
	if (!nego->PackageInfo)
		return -ENOMEM;
	nego->NegotiationState = SECPKG_NEGOTIATION_COMPLETE;
	return 0;
}

/**
 * ksecdd_query_attribute() - fill a SecPkgContext_* structure
 * @ctx: a live context
 * @attribute: a SECPKG_ATTR_* value
 * @buffer: the structure for @attribute
 *
 * Return: 0; -EOPNOTSUPP for an attribute ksecdd does not report; -ENOMEM,
 * in which case nothing was allocated.
 */
int ksecdd_query_attribute(struct ksecdd_context *ctx, u32 attribute,
			   void *buffer)
{
	switch (attribute) {
	case SECPKG_ATTR_SIZES:
		ctx->pkg->ops->sizes(ctx, buffer);
		return 0;
	case SECPKG_ATTR_NAMES:
		return query_names(ctx, buffer);
	case SECPKG_ATTR_LIFESPAN:
		return query_lifespan(ctx, buffer);
	case SECPKG_ATTR_KEY_INFO:
		return query_key_info(ctx, buffer);
	case SECPKG_ATTR_SESSION_KEY:
		return query_session_key(ctx, buffer);
	case SECPKG_ATTR_PACKAGE_INFO:
		return query_package_info(ctx, buffer);
	case SECPKG_ATTR_NEGOTIATION_INFO:
		return query_negotiation_info(ctx, buffer);
	case SECPKG_ATTR_FLAGS:
		((SecPkgContext_Flags *)buffer)->Flags = ctx->attrs;
		return 0;
	}
	return -EOPNOTSUPP;
}
