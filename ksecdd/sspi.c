// SPDX-License-Identifier: GPL-2.0
/*
 * The SSPI entry points of ksecdd.sys, with their Windows signatures.
 *
 * Each checks its arguments, calls the native layer and maps the errno
 * to a SECURITY_STATUS; behaviour lives in the native layer.  Output
 * arguments are written only on success.
 */

#include <linux/cred.h>
#include <linux/export.h>
#include <linux/nls.h>

#include <ksecdd/ksecdd.h>

#include "buffer.h"
#include "context.h"
#include "package.h"
#include "query.h"

/* Longest package name ksecdd could know, in characters. */
#define PACKAGE_NAME_MAX	KSECDD_PACKED_PACKAGE_LEN

/*
 * A counted UTF-16 package name as a C string.  Package names are
 * printable ASCII and the counted string is the whole name, as Windows
 * compares it: a name too long, or with anything else in it (a NUL, an
 * unpaired surrogate, which the UTF-8 conversion would drop, a letter
 * outside ASCII), reads as the empty name, which names no package.
 */
static int package_name(const SECURITY_STRING *str, char *name)
{
	int units, len, i;

	if (!str || str->Length % 2 || str->Length > str->MaximumLength ||
	    (str->Length && !str->Buffer))
		return -EINVAL;
	name[0] = '\0';
	units = str->Length / 2;
	if (units > PACKAGE_NAME_MAX)
		return 0;
	len = utf16s_to_utf8s(str->Buffer, units, UTF16_HOST_ENDIAN, name,
			      PACKAGE_NAME_MAX);
	/* one byte per unit, or something was dropped or widened */
	if (len != units) {
		name[0] = '\0';
		return 0;
	}
	for (i = 0; i < len; i++) {
		if ((u8)name[i] <= ' ' || (u8)name[i] > '~') {
			name[0] = '\0';
			return 0;
		}
	}
	name[len] = '\0';
	return 0;
}

/**
 * ImportSecurityContextW() - import a packed context
 * @pszPackage: name of the package the context was exported from
 * @pPackedContext: the packed context, sealed or raw
 * @Token: NULL, or the ``const struct cred *`` of the context's client;
 *	the context takes its own reference
 * @phContext: receives the new context's handle
 *
 * The context is a key in the module keyring, owned by the kernel.  Raw
 * blobs need CAP_SYS_ADMIN in the initial user namespace; a sealed blob
 * exported by another user needs it too.
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK, or the status Documentation/kernel-api.rst lists for
 * each failure.
 */
SECURITY_STATUS SEC_ENTRY
ImportSecurityContextW(PSECURITY_STRING pszPackage, PSecBuffer pPackedContext,
		       void *Token, PCtxtHandle phContext)
{
	char name[PACKAGE_NAME_MAX + 1];

	if (package_name(pszPackage, name) || !pPackedContext || !phContext ||
	    (!pPackedContext->pvBuffer && pPackedContext->cbBuffer))
		return SEC_E_INVALID_PARAMETER;
	return ksecdd_status_from_errno(ksecdd_import(name,
						      pPackedContext->pvBuffer,
						      pPackedContext->cbBuffer,
						      Token, NULL, phContext));
}
EXPORT_SYMBOL_GPL(ImportSecurityContextW);

/**
 * ExportSecurityContext() - export a context as a sealed packed context
 * @phContext: the context
 * @fFlags: SECPKG_CONTEXT_EXPORT_RESET_NEW and
 *	SECPKG_CONTEXT_EXPORT_DELETE_OLD; SECPKG_CONTEXT_EXPORT_TO_KERNEL is
 *	refused with SEC_E_UNSUPPORTED_FUNCTION, as on current Windows
 * @pPackedContext: its pvBuffer and cbBuffer receive the blob, which the
 *	caller frees with FreeContextBuffer(); BufferType is left alone
 * @pToken: NULL, or receives a new reference to the context's
 *	``const struct cred *`` token (NULL if it has none), for put_cred()
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK, or the status Documentation/kernel-api.rst lists for
 * each failure.
 */
SECURITY_STATUS SEC_ENTRY
ExportSecurityContext(PCtxtHandle phContext, u32 fFlags,
		      PSecBuffer pPackedContext, void **pToken)
{
	const struct cred *token;
	void *data;
	u32 len;
	int err;

	if (!pPackedContext)
		return SEC_E_INVALID_PARAMETER;
	err = ksecdd_export(phContext, fFlags, &data, &len,
			    pToken ? &token : NULL);
	if (err)
		return ksecdd_status_from_errno(err);
	pPackedContext->pvBuffer = data;
	pPackedContext->cbBuffer = len;
	if (pToken)
		*pToken = (void *)token;
	return SEC_E_OK;
}
EXPORT_SYMBOL_GPL(ExportSecurityContext);

/**
 * DeleteSecurityContext() - delete a context
 * @phContext: the context
 *
 * Operations already running on the context finish; later ones, and a
 * second delete, get SEC_E_INVALID_HANDLE.  An expired context is deleted
 * like any other.
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK or SEC_E_INVALID_HANDLE.
 */
SECURITY_STATUS SEC_ENTRY DeleteSecurityContext(PCtxtHandle phContext)
{
	return ksecdd_delete(phContext) ? SEC_E_INVALID_HANDLE : SEC_E_OK;
}
EXPORT_SYMBOL_GPL(DeleteSecurityContext);

/**
 * FreeContextBuffer() - free memory an SSPI call handed out
 * @pvContextBuffer: the buffer, or NULL
 *
 * Context: any context but hard interrupt.
 * Return: SEC_E_OK, or SEC_E_INVALID_PARAMETER for a pointer ksecdd did
 * not hand out or one freed already; nothing is freed then.
 */
SECURITY_STATUS SEC_ENTRY FreeContextBuffer(void *pvContextBuffer)
{
	if (!pvContextBuffer)
		return SEC_E_OK;
	return ksecdd_buffer_free(pvContextBuffer) ? SEC_E_INVALID_PARAMETER :
						     SEC_E_OK;
}
EXPORT_SYMBOL_GPL(FreeContextBuffer);

/**
 * QueryContextAttributesW() - read an attribute of a context
 * @phContext: the context
 * @ulAttribute: SECPKG_ATTR_SIZES, _NAMES, _LIFESPAN, _KEY_INFO,
 *	_SESSION_KEY, _PACKAGE_INFO, _NEGOTIATION_INFO or _FLAGS
 * @pBuffer: the SecPkgContext_* structure of @ulAttribute; pointers in it
 *	are freed one by one with FreeContextBuffer()
 *
 * Times in SECPKG_ATTR_LIFESPAN are UTC, in 100 ns ticks since 1601.
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK; SEC_E_UNSUPPORTED_FUNCTION for another attribute;
 * SEC_E_INVALID_HANDLE, SEC_E_CONTEXT_EXPIRED, SEC_E_INSUFFICIENT_MEMORY
 * or SEC_E_INVALID_PARAMETER.
 */
SECURITY_STATUS SEC_ENTRY
QueryContextAttributesW(PCtxtHandle phContext, u32 ulAttribute, void *pBuffer)
{
	struct ksecdd_context *ctx;
	int err;

	if (!pBuffer)
		return SEC_E_INVALID_PARAMETER;
	ctx = ksecdd_context_get(phContext);
	if (IS_ERR(ctx))
		return ksecdd_status_from_errno(PTR_ERR(ctx));
	err = ksecdd_query_attribute(ctx, ulAttribute, pBuffer);
	ksecdd_context_put(ctx);
	return ksecdd_status_from_errno(err);
}
EXPORT_SYMBOL_GPL(QueryContextAttributesW);

/**
 * QuerySecurityContextToken() - the credentials of a context's client
 * @phContext: the context
 * @Token: receives a new reference to its ``const struct cred *``, which
 *	the caller drops with put_cred()
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK; SEC_E_NO_IMPERSONATION if the context has no token;
 * SEC_E_INVALID_HANDLE, SEC_E_CONTEXT_EXPIRED or SEC_E_INVALID_PARAMETER.
 */
SECURITY_STATUS SEC_ENTRY
QuerySecurityContextToken(PCtxtHandle phContext, void **Token)
{
	struct ksecdd_context *ctx;
	SECURITY_STATUS status = SEC_E_NO_IMPERSONATION;

	if (!Token)
		return SEC_E_INVALID_PARAMETER;
	ctx = ksecdd_context_get(phContext);
	if (IS_ERR(ctx))
		return ksecdd_status_from_errno(PTR_ERR(ctx));
	if (ctx->token) {
		*Token = (void *)get_cred(ctx->token);
		status = SEC_E_OK;
	}
	ksecdd_context_put(ctx);
	return status;
}
EXPORT_SYMBOL_GPL(QuerySecurityContextToken);

/**
 * EnumerateSecurityPackagesW() - list the security packages
 * @pcPackages: receives the number of packages
 * @ppPackageInfo: receives an array of that many SecPkgInfoW, strings
 *	included, in one buffer for FreeContextBuffer()
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK, SEC_E_INSUFFICIENT_MEMORY or SEC_E_INVALID_PARAMETER.
 */
SECURITY_STATUS SEC_ENTRY
EnumerateSecurityPackagesW(u32 *pcPackages, PSecPkgInfoW *ppPackageInfo)
{
	size_t i, n = ksecdd_package_count(), size = n * sizeof(SecPkgInfoW);
	SecPkgInfoW *info;
	SEC_WCHAR *strings;

	if (!pcPackages || !ppPackageInfo)
		return SEC_E_INVALID_PARAMETER;
	for (i = 0; i < n; i++)
		size += ksecdd_pkginfo_strings_size(ksecdd_package_at(i));
	info = ksecdd_buffer_alloc(size);
	if (!info)
		return SEC_E_INSUFFICIENT_MEMORY;

	strings = (SEC_WCHAR *)(info + n);
	for (i = 0; i < n; i++)
		strings = ksecdd_pkginfo_fill(ksecdd_package_at(i), &info[i],
					      strings);
	*pcPackages = n;
	*ppPackageInfo = info;
	return SEC_E_OK;
}
EXPORT_SYMBOL_GPL(EnumerateSecurityPackagesW);

/**
 * QuerySecurityPackageInfoW() - describe one security package
 * @pPackageName: the package's name, in any case
 * @ppPackageInfo: receives its SecPkgInfoW, strings included, in one
 *	buffer for FreeContextBuffer(); untouched on failure
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK, SEC_E_SECPKG_NOT_FOUND, SEC_E_INSUFFICIENT_MEMORY or
 * SEC_E_INVALID_PARAMETER.
 */
SECURITY_STATUS SEC_ENTRY
QuerySecurityPackageInfoW(PSECURITY_STRING pPackageName,
			  PSecPkgInfoW *ppPackageInfo)
{
	char name[PACKAGE_NAME_MAX + 1];
	const struct ksecdd_package *pkg;
	SecPkgInfoW *info;

	if (package_name(pPackageName, name) || !ppPackageInfo)
		return SEC_E_INVALID_PARAMETER;
	pkg = ksecdd_package_find(name);
	if (!pkg)
		return SEC_E_SECPKG_NOT_FOUND;
	info = ksecdd_pkginfo_alloc(pkg);
	if (!info)
		return SEC_E_INSUFFICIENT_MEMORY;
	*ppPackageInfo = info;
	return SEC_E_OK;
}
EXPORT_SYMBOL_GPL(QuerySecurityPackageInfoW);

/*
 * The four message calls: check the handle, so that a caller learns of a
 * dead or expired context first, then hand the buffers to the package.
 */
static SECURITY_STATUS message_call(PCtxtHandle phContext,
				    PSecBufferDesc pMessage,
				    enum ksecdd_message_op op, u32 qop,
				    u32 *pfQOP)
{
	struct ksecdd_context *ctx;
	int err;

	if (!pMessage)
		return SEC_E_INVALID_PARAMETER;
	ctx = ksecdd_context_get(phContext);
	if (IS_ERR(ctx))
		return ksecdd_status_from_errno(PTR_ERR(ctx));
	err = ksecdd_package_message(ctx, op, qop, pMessage, pfQOP);
	ksecdd_context_put(ctx);
	return ksecdd_status_from_errno(err);
}

/**
 * MakeSignature() - compute a message's signature
 * @phContext: the context
 * @fQOP: quality of protection, 0
 * @pMessage: DATA buffers to sign and a TOKEN buffer of at least
 *	cbMaxSignature bytes, which receives the signature
 * @MessageSeqNo: ignored; connection contexts number messages themselves
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK; SEC_E_INVALID_HANDLE, SEC_E_CONTEXT_EXPIRED,
 * SEC_E_INVALID_PARAMETER, SEC_E_INVALID_TOKEN (no TOKEN buffer),
 * SEC_E_BUFFER_TOO_SMALL, SEC_E_QOP_NOT_SUPPORTED, or
 * SEC_E_UNSUPPORTED_FUNCTION for a package that does not sign.
 */
SECURITY_STATUS SEC_ENTRY
MakeSignature(PCtxtHandle phContext, u32 fQOP, PSecBufferDesc pMessage,
	      u32 MessageSeqNo)
{
	return message_call(phContext, pMessage, KSECDD_MSG_SIGN, fQOP, NULL);
}
EXPORT_SYMBOL_GPL(MakeSignature);

/**
 * VerifySignature() - check a message's signature
 * @phContext: the context
 * @pMessage: the signed DATA buffers and the TOKEN buffer
 * @MessageSeqNo: ignored
 * @pfQOP: receives the quality of protection, or NULL
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK; SEC_E_MESSAGE_ALTERED for a signature that does not
 * verify or was made for the other direction, SEC_E_OUT_OF_SEQUENCE for
 * one the context's sequence checks refuse, SEC_E_INVALID_TOKEN for a
 * malformed one;
 * otherwise as MakeSignature().
 */
SECURITY_STATUS SEC_ENTRY
VerifySignature(PCtxtHandle phContext, PSecBufferDesc pMessage,
		u32 MessageSeqNo, u32 *pfQOP)
{
	return message_call(phContext, pMessage, KSECDD_MSG_VERIFY, 0, pfQOP);
}
EXPORT_SYMBOL_GPL(VerifySignature);

/**
 * EncryptMessage() - encrypt and sign a message in place
 * @phContext: the context
 * @fQOP: quality of protection: 0 or SECQOP_WRAP_NO_ENCRYPT
 * @pMessage: a TOKEN buffer of at least cbSecurityTrailer bytes, DATA
 *	buffers protected in place, and an optional PADDING buffer; buffers
 *	must be in the kernel's linear map (kmalloc or page memory, not
 *	vmalloc or the stack)
 * @MessageSeqNo: ignored
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK; SEC_E_QOP_NOT_SUPPORTED for encryption on a context
 * that did not negotiate confidentiality; otherwise as MakeSignature().
 */
SECURITY_STATUS SEC_ENTRY
EncryptMessage(PCtxtHandle phContext, u32 fQOP, PSecBufferDesc pMessage,
	       u32 MessageSeqNo)
{
	return message_call(phContext, pMessage, KSECDD_MSG_ENCRYPT, fQOP,
			    NULL);
}
EXPORT_SYMBOL_GPL(EncryptMessage);

/**
 * DecryptMessage() - check and decrypt a message in place
 * @phContext: the context
 * @pMessage: the TOKEN and DATA buffers EncryptMessage() filled, or a
 *	STREAM buffer with the whole token and a DATA buffer that is set to
 *	the plaintext inside it; in the linear map
 * @MessageSeqNo: ignored
 * @pfQOP: receives 0, or SECQOP_WRAP_NO_ENCRYPT for a message that was
 *	signed but not encrypted; or NULL
 *
 * Context: process context; may sleep.
 * Return: as VerifySignature().
 */
SECURITY_STATUS SEC_ENTRY
DecryptMessage(PCtxtHandle phContext, PSecBufferDesc pMessage,
	       u32 MessageSeqNo, u32 *pfQOP)
{
	return message_call(phContext, pMessage, KSECDD_MSG_DECRYPT, 0, pfQOP);
}
EXPORT_SYMBOL_GPL(DecryptMessage);
