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
#include <linux/slab.h>

#include <ksecdd/ksecdd.h>

#include "buffer.h"
#include "context.h"
#include "cred.h"
#include "package.h"
#include "query.h"
#include "trace.h"

/* The ksecdd_sspi_result event of an entry point, and its status. */
static SECURITY_STATUS traced(unsigned int fn, const SecHandle *in,
			      const SecHandle *out, SECURITY_STATUS status)
{
	trace_ksecdd_sspi_result(fn, in, out, status);
	return status;
}

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
	int err;

	trace_ksecdd_sspi_call(KSECDD_FN_IMPORT, NULL);
	if (package_name(pszPackage, name) || !pPackedContext || !phContext ||
	    (!pPackedContext->pvBuffer && pPackedContext->cbBuffer))
		return traced(KSECDD_FN_IMPORT, NULL, phContext,
			      SEC_E_INVALID_PARAMETER);
	err = ksecdd_import(name, pPackedContext->pvBuffer,
			    pPackedContext->cbBuffer, Token, NULL, phContext);
	return traced(KSECDD_FN_IMPORT, NULL, phContext,
		      ksecdd_status_from_errno(err));
}
EXPORT_SYMBOL_NS_GPL(ImportSecurityContextW, KSECDD_NS);

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

	trace_ksecdd_sspi_call(KSECDD_FN_EXPORT, phContext);
	if (!pPackedContext)
		return traced(KSECDD_FN_EXPORT, phContext, NULL,
			      SEC_E_INVALID_PARAMETER);
	err = ksecdd_export(phContext, fFlags, &data, &len,
			    pToken ? &token : NULL);
	if (err)
		return traced(KSECDD_FN_EXPORT, phContext, NULL,
			      ksecdd_status_from_errno(err));
	pPackedContext->pvBuffer = data;
	pPackedContext->cbBuffer = len;
	if (pToken)
		*pToken = (void *)token;
	return traced(KSECDD_FN_EXPORT, phContext, NULL, SEC_E_OK);
}
EXPORT_SYMBOL_NS_GPL(ExportSecurityContext, KSECDD_NS);

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
	trace_ksecdd_sspi_call(KSECDD_FN_DELETE, phContext);
	return traced(KSECDD_FN_DELETE, phContext, NULL,
		      ksecdd_delete(phContext) ? SEC_E_INVALID_HANDLE : SEC_E_OK);
}
EXPORT_SYMBOL_NS_GPL(DeleteSecurityContext, KSECDD_NS);

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
	trace_ksecdd_sspi_call(KSECDD_FN_FREE_BUFFER, NULL);
	if (!pvContextBuffer)
		return traced(KSECDD_FN_FREE_BUFFER, NULL, NULL, SEC_E_OK);
	return traced(KSECDD_FN_FREE_BUFFER, NULL, NULL,
		      ksecdd_buffer_free(pvContextBuffer) ?
		      SEC_E_INVALID_PARAMETER : SEC_E_OK);
}
EXPORT_SYMBOL_NS_GPL(FreeContextBuffer, KSECDD_NS);

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

	trace_ksecdd_sspi_call(KSECDD_FN_QUERY_ATTRIBUTES, phContext);
	if (!pBuffer)
		return traced(KSECDD_FN_QUERY_ATTRIBUTES, phContext, NULL,
			      SEC_E_INVALID_PARAMETER);
	ctx = ksecdd_context_get(phContext);
	if (IS_ERR(ctx))
		return traced(KSECDD_FN_QUERY_ATTRIBUTES, phContext, NULL,
			      ksecdd_status_from_errno(PTR_ERR(ctx)));
	err = ksecdd_query_attribute(ctx, ulAttribute, pBuffer);
	ksecdd_context_put(ctx);
	return traced(KSECDD_FN_QUERY_ATTRIBUTES, phContext, NULL,
		      ksecdd_status_from_errno(err));
}
EXPORT_SYMBOL_NS_GPL(QueryContextAttributesW, KSECDD_NS);

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

	trace_ksecdd_sspi_call(KSECDD_FN_QUERY_TOKEN, phContext);
	if (!Token)
		return traced(KSECDD_FN_QUERY_TOKEN, phContext, NULL,
			      SEC_E_INVALID_PARAMETER);
	ctx = ksecdd_context_get(phContext);
	if (IS_ERR(ctx))
		return traced(KSECDD_FN_QUERY_TOKEN, phContext, NULL,
			      ksecdd_status_from_errno(PTR_ERR(ctx)));
	if (ctx->token) {
		*Token = (void *)get_cred(ctx->token);
		status = SEC_E_OK;
	}
	ksecdd_context_put(ctx);
	return traced(KSECDD_FN_QUERY_TOKEN, phContext, NULL, status);
}
EXPORT_SYMBOL_NS_GPL(QuerySecurityContextToken, KSECDD_NS);

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

	trace_ksecdd_sspi_call(KSECDD_FN_ENUMERATE, NULL);
	if (!pcPackages || !ppPackageInfo)
		return traced(KSECDD_FN_ENUMERATE, NULL, NULL,
			      SEC_E_INVALID_PARAMETER);
	for (i = 0; i < n; i++)
		size += ksecdd_pkginfo_strings_size(ksecdd_package_at(i));
	info = ksecdd_buffer_alloc(size);
	if (!info)
		return traced(KSECDD_FN_ENUMERATE, NULL, NULL,
			      SEC_E_INSUFFICIENT_MEMORY);

	strings = (SEC_WCHAR *)(info + n);
	for (i = 0; i < n; i++)
		strings = ksecdd_pkginfo_fill(ksecdd_package_at(i), &info[i],
					      strings);
	*pcPackages = n;
	*ppPackageInfo = info;
	return traced(KSECDD_FN_ENUMERATE, NULL, NULL, SEC_E_OK);
}
EXPORT_SYMBOL_NS_GPL(EnumerateSecurityPackagesW, KSECDD_NS);

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

	trace_ksecdd_sspi_call(KSECDD_FN_PACKAGE_INFO, NULL);
	if (package_name(pPackageName, name) || !ppPackageInfo)
		return traced(KSECDD_FN_PACKAGE_INFO, NULL, NULL,
			      SEC_E_INVALID_PARAMETER);
	pkg = ksecdd_package_find(name);
	if (!pkg)
		return traced(KSECDD_FN_PACKAGE_INFO, NULL, NULL,
			      SEC_E_SECPKG_NOT_FOUND);
	info = ksecdd_pkginfo_alloc(pkg);
	if (!info)
		return traced(KSECDD_FN_PACKAGE_INFO, NULL, NULL,
			      SEC_E_INSUFFICIENT_MEMORY);
	*ppPackageInfo = info;
	return traced(KSECDD_FN_PACKAGE_INFO, NULL, NULL, SEC_E_OK);
}
EXPORT_SYMBOL_NS_GPL(QuerySecurityPackageInfoW, KSECDD_NS);

/*
 * A message of a package whose messages never sleep runs under RCU: no
 * atomic operation on the context, so that threads sharing one context
 * do not bounce its reference count's cache line.  A context deleted
 * meanwhile is freed only after the grace period this section holds back.
 * The other packages' messages, and one that needs a key made on first
 * use or memory allocated (-EAGAIN), run on a reference taken in the
 * same section, so that the handle is looked up once.  After a try, the
 * context is checked again, as a new lookup would: one deleted or
 * expired while the try ran is refused as it would have been.
 */
static int message(PCtxtHandle phContext, PSecBufferDesc pMessage,
		   enum ksecdd_message_op op, u32 qop, u32 *pfQOP)
{
	struct ksecdd_context *ctx;
	bool tried = false;
	int err;

	rcu_read_lock();
	ctx = ksecdd_context_find(phContext);
	err = PTR_ERR_OR_ZERO(ctx);
	if (err)
		goto unlock;
	if (ctx->pkg->ops->messages_atomic) {
		err = ksecdd_package_message(ctx, op, qop, pMessage, pfQOP,
					     false);
		if (err != -EAGAIN)
			goto unlock;
		tried = true;
	}
	err = ksecdd_context_hold(ctx);
	rcu_read_unlock();
	if (err)
		return err;
	if (tried)
		err = ksecdd_context_check(ctx);
	err = err ?: ksecdd_package_message(ctx, op, qop, pMessage, pfQOP,
					    true);
	ksecdd_context_put(ctx);
	return err;

unlock:
	rcu_read_unlock();
	return err;
}

/*
 * The four message calls: check the handle, so that a caller learns of a
 * dead or expired context first, then hand the buffers to the package.
 */
static SECURITY_STATUS message_call(PCtxtHandle phContext,
				    PSecBufferDesc pMessage,
				    enum ksecdd_message_op op, u32 qop,
				    u32 *pfQOP)
{
	static const unsigned int fns[] = {
		[KSECDD_MSG_SIGN]	= KSECDD_FN_SIGN,
		[KSECDD_MSG_VERIFY]	= KSECDD_FN_VERIFY,
		[KSECDD_MSG_ENCRYPT]	= KSECDD_FN_ENCRYPT,
		[KSECDD_MSG_DECRYPT]	= KSECDD_FN_DECRYPT,
	};
	int err = -EINVAL;

	trace_ksecdd_sspi_call(fns[op], phContext);
	if (!pMessage)
		goto out;
	err = message(phContext, pMessage, op, qop, pfQOP);
out:
	return traced(fns[op], phContext, NULL, ksecdd_status_from_errno(err));
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
EXPORT_SYMBOL_NS_GPL(MakeSignature, KSECDD_NS);

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
EXPORT_SYMBOL_NS_GPL(VerifySignature, KSECDD_NS);

/**
 * EncryptMessage() - encrypt and sign a message in place
 * @phContext: the context
 * @fQOP: quality of protection: 0 or SECQOP_WRAP_NO_ENCRYPT
 * @pMessage: a TOKEN buffer of at least cbSecurityTrailer bytes, DATA
 *	buffers protected in place, and an optional PADDING buffer; buffers
 *	may be in the linear map (kmalloc or page memory), in vmalloc memory
 *	or on the stack, not in a module's data
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
EXPORT_SYMBOL_NS_GPL(EncryptMessage, KSECDD_NS);

/**
 * DecryptMessage() - check and decrypt a message in place
 * @phContext: the context
 * @pMessage: the TOKEN and DATA buffers EncryptMessage() filled, or a
 *	STREAM buffer with the whole token and a DATA buffer that is set to
 *	the plaintext inside it; anywhere EncryptMessage() takes them
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
EXPORT_SYMBOL_NS_GPL(DecryptMessage, KSECDD_NS);

/*
 * A counted UTF-16 name (principal, target) as UTF-8 in @buf of @size
 * bytes; NULL or empty gives "".  A name too long, or not UTF-16, is
 * refused: the broker would look up another name than the caller gave.
 */
static int utf8_name(const SECURITY_STRING *str, char *buf, size_t size)
{
	int units, len;

	buf[0] = '\0';
	if (!str || !str->Length)
		return 0;
	if (str->Length % 2 || str->Length > str->MaximumLength ||
	    !str->Buffer)
		return -EINVAL;
	units = str->Length / 2;
	len = utf16s_to_utf8s(str->Buffer, units, UTF16_HOST_ENDIAN, buf,
			      size - 1);
	/* no NUL inside, nothing dropped, room to spare */
	if (len <= 0 || (size_t)len >= size - 1 || strnlen(buf, len) != len)
		return -EINVAL;
	buf[len] = '\0';
	return 0;
}

/**
 * AcquireCredentialsHandleW() - credentials for handshakes
 * @pPrincipal: the principal, or NULL or empty for the default: any key
 *	of the broker's keytab inbound, the user's default ticket cache
 *	outbound
 * @pPackage: "Kerberos", "Negotiate" or "NTLM"
 * @fCredentialUse: SECPKG_CRED_INBOUND, SECPKG_CRED_OUTBOUND or
 *	SECPKG_CRED_BOTH; NTLM only SECPKG_CRED_INBOUND
 * @pvLogonId: must be NULL: ksecdd has no logon sessions; outbound
 *	credentials are the tickets of the calling task's fsuid
 * @pAuthData: must be NULL: explicit credentials (passwords, keys) never
 *	enter the kernel
 * @pGetKeyFn: must be NULL
 * @pvGetKeyArgument: ignored
 * @phCredential: receives the handle, for FreeCredentialsHandle()
 * @ptsExpiry: receives the credentials' end, or NULL
 *
 * The broker of the caller's network namespace checks that the
 * credentials exist; the handle binds later handshakes to that broker
 * and, outbound, to the caller's fsuid (Documentation/broker.rst).
 *
 * Context: process context; waits for the broker, at most broker_timeout
 * seconds.
 * Return: SEC_E_OK; SEC_E_SECPKG_NOT_FOUND; SEC_E_UNSUPPORTED_FUNCTION
 * for outbound NTLM, a logon id, explicit credentials or a key
 * callback; SEC_E_NO_CREDENTIALS; SEC_E_NO_AUTHENTICATING_AUTHORITY
 * without a broker or an answer; SEC_E_INSUFFICIENT_MEMORY;
 * SEC_E_INVALID_PARAMETER.
 */
SECURITY_STATUS SEC_ENTRY
AcquireCredentialsHandleW(PSECURITY_STRING pPrincipal,
			  PSECURITY_STRING pPackage, u32 fCredentialUse,
			  void *pvLogonId, void *pAuthData,
			  SEC_GET_KEY_FN pGetKeyFn, void *pvGetKeyArgument,
			  PCredHandle phCredential, PTimeStamp ptsExpiry)
{
	char package[PACKAGE_NAME_MAX + 1], *principal;
	SECURITY_STATUS status;
	time64_t expiry;

	trace_ksecdd_sspi_call(KSECDD_FN_ACQUIRE, NULL);
	if (package_name(pPackage, package) || !phCredential)
		return traced(KSECDD_FN_ACQUIRE, NULL, phCredential,
			      SEC_E_INVALID_PARAMETER);
	if (pvLogonId || pAuthData || pGetKeyFn)
		return traced(KSECDD_FN_ACQUIRE, NULL, phCredential,
			      SEC_E_UNSUPPORTED_FUNCTION);
	principal = kmalloc(KSECDD_PRINCIPAL_MAX + 1, GFP_KERNEL);
	if (!principal)
		return traced(KSECDD_FN_ACQUIRE, NULL, phCredential,
			      SEC_E_INSUFFICIENT_MEMORY);
	status = SEC_E_INVALID_PARAMETER;
	if (!utf8_name(pPrincipal, principal, KSECDD_PRINCIPAL_MAX + 1))
		status = ksecdd_acquire_credentials(package, principal,
						    fCredentialUse,
						    phCredential, &expiry);
	kfree(principal);
	if (status == SEC_E_OK && ptsExpiry)
		ptsExpiry->QuadPart = ksecdd_filetime(expiry);
	return traced(KSECDD_FN_ACQUIRE, NULL, phCredential, status);
}
EXPORT_SYMBOL_NS_GPL(AcquireCredentialsHandleW, KSECDD_NS);

/**
 * FreeCredentialsHandle() - free a credentials handle
 * @phCredential: the handle
 *
 * Handshakes under way and partial contexts keep the credentials until
 * they end.
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK, or SEC_E_INVALID_HANDLE for a handle freed already
 * or never acquired.
 */
SECURITY_STATUS SEC_ENTRY FreeCredentialsHandle(PCredHandle phCredential)
{
	trace_ksecdd_sspi_call(KSECDD_FN_FREE_CREDENTIALS, phCredential);
	return traced(KSECDD_FN_FREE_CREDENTIALS, phCredential, NULL,
		      ksecdd_free_credentials(phCredential) ?
		      SEC_E_INVALID_HANDLE : SEC_E_OK);
}
EXPORT_SYMBOL_NS_GPL(FreeCredentialsHandle, KSECDD_NS);

/**
 * QueryCredentialsAttributesW() - read an attribute of credentials
 * @phCredential: the handle
 * @ulAttribute: SECPKG_CRED_ATTR_NAMES
 * @pBuffer: a SecPkgCredentials_NamesW, whose sUserName receives the
 *	principal's name, NUL-terminated, for FreeContextBuffer()
 *
 * Context: process context; may sleep.
 * Return: SEC_E_OK; SEC_E_UNSUPPORTED_FUNCTION for another attribute;
 * SEC_E_INVALID_HANDLE; SEC_E_NO_CREDENTIALS once they expired;
 * SEC_E_INSUFFICIENT_MEMORY; SEC_E_INVALID_PARAMETER.
 */
SECURITY_STATUS SEC_ENTRY
QueryCredentialsAttributesW(PCredHandle phCredential, u32 ulAttribute,
			    void *pBuffer)
{
	trace_ksecdd_sspi_call(KSECDD_FN_QUERY_CREDENTIALS, phCredential);
	if (!pBuffer)
		return traced(KSECDD_FN_QUERY_CREDENTIALS, phCredential, NULL,
			      SEC_E_INVALID_PARAMETER);
	if (ulAttribute != SECPKG_CRED_ATTR_NAMES)
		return traced(KSECDD_FN_QUERY_CREDENTIALS, phCredential, NULL,
			      SEC_E_UNSUPPORTED_FUNCTION);
	return traced(KSECDD_FN_QUERY_CREDENTIALS, phCredential, NULL,
		      ksecdd_status_from_errno(ksecdd_cred_names(phCredential,
								 pBuffer)));
}
EXPORT_SYMBOL_NS_GPL(QueryCredentialsAttributesW, KSECDD_NS);

/*
 * The peer's token among a leg's input buffers: the first TOKEN buffer.
 * EMPTY buffers are placeholders and are skipped; channel bindings are not
 * passed to the broker, so they are refused rather than ignored; any other
 * buffer, or a second token, is refused as Windows refuses what it cannot
 * parse.
 */
static SECURITY_STATUS input_token(const SecBufferDesc *in,
				   struct ksecdd_leg *leg)
{
	const SecBuffer *b;
	u32 i;

	leg->in = NULL;
	leg->in_len = 0;
	if (!in)
		return SEC_E_OK;
	if (in->ulVersion != SECBUFFER_VERSION || (in->cBuffers && !in->pBuffers))
		return SEC_E_INVALID_PARAMETER;
	for (i = 0; i < in->cBuffers; i++) {
		b = &in->pBuffers[i];
		switch (b->BufferType & ~SECBUFFER_ATTRMASK) {
		case SECBUFFER_EMPTY:
			break;
		case SECBUFFER_TOKEN:
			if (leg->in || (!b->pvBuffer && b->cbBuffer))
				return SEC_E_INVALID_TOKEN;
			leg->in = b->pvBuffer ?: "";
			leg->in_len = b->cbBuffer;
			break;
		case SECBUFFER_CHANNEL_BINDINGS:
			return SEC_E_UNSUPPORTED_FUNCTION;
		default:
			return SEC_E_INVALID_TOKEN;
		}
	}
	return SEC_E_OK;
}

/* The caller's SECBUFFER_TOKEN for the token to send. */
static SECURITY_STATUS output_token(SecBufferDesc *out, bool allocate,
				    struct ksecdd_leg *leg, SecBuffer **token)
{
	u32 i;

	leg->allocate = allocate;
	if (!out || out->ulVersion != SECBUFFER_VERSION ||
	    (out->cBuffers && !out->pBuffers))
		return SEC_E_INVALID_PARAMETER;
	for (i = 0; i < out->cBuffers; i++) {
		if ((out->pBuffers[i].BufferType & ~SECBUFFER_ATTRMASK) ==
		    SECBUFFER_TOKEN) {
			*token = &out->pBuffers[i];
			leg->out = allocate ? NULL : (*token)->pvBuffer;
			leg->out_room = allocate || !leg->out ? 0 :
					(*token)->cbBuffer;
			return SEC_E_OK;
		}
	}
	return SEC_E_INVALID_TOKEN;
}

/*
 * A leg that returned SEC_E_OK or SEC_I_CONTINUE_NEEDED, or an extended
 * error with a token: the outputs.
 */
static void leg_outputs(const struct ksecdd_leg *leg, SecBuffer *token,
			u32 *pfContextAttr, PTimeStamp ptsExpiry)
{
	if (leg->allocate)
		token->pvBuffer = leg->out;
	token->cbBuffer = leg->out_len;
	if (pfContextAttr)
		*pfContextAttr = leg->attrs;
	if (ptsExpiry)
		ptsExpiry->QuadPart = ksecdd_filetime(leg->expiry);
}

/**
 * AcceptSecurityContext() - one leg of a handshake, server side
 * @phCredential: INBOUND (or BOTH) credentials; may be NULL on later legs
 * @phContext: NULL on the first leg; then the handle the previous leg gave
 * @pInput: the client's token in a SECBUFFER_TOKEN buffer (EMPTY buffers
 *	are skipped; channel bindings are refused)
 * @fContextReq: ASC_REQ_*; with ASC_REQ_ALLOCATE_MEMORY the output token
 *	is allocated, for FreeContextBuffer()
 * @TargetDataRep: ignored
 * @phNewContext: receives the context's handle (may be @phContext): a
 *	partial context while the handshake continues, then the established
 *	context, under the same handle
 * @pOutput: a SECBUFFER_TOKEN buffer for the token to send back (its
 *	cbBuffer is set, 0 when there is none)
 * @pfContextAttr: receives ASC_RET_*, or NULL
 * @ptsExpiry: receives the context's end, or NULL
 *
 * The handshake runs in ksecdd-broker (Documentation/broker.rst).
 *
 * Context: process context; waits for the broker, at most broker_timeout
 * seconds.
 * Return: SEC_E_OK; SEC_I_CONTINUE_NEEDED; SEC_E_INVALID_HANDLE;
 * SEC_E_CONTEXT_EXPIRED (the handshake outlived handshake_lifetime);
 * SEC_E_NO_CREDENTIALS; SEC_E_INVALID_TOKEN; SEC_E_BUFFER_TOO_SMALL (the
 * leg leaves nothing behind); SEC_E_NO_AUTHENTICATING_AUTHORITY;
 * SEC_E_LOGON_DENIED, SEC_E_WRONG_PRINCIPAL, SEC_E_TIME_SKEW and the
 * other failures the broker reports; SEC_E_INSUFFICIENT_MEMORY;
 * SEC_E_INVALID_PARAMETER.  After a failure nothing of the handshake is
 * left, not even the partial context @phContext named; with
 * ASC_REQ_EXTENDED_ERROR a failure may still fill @pOutput with an error
 * token for the client, and @pfContextAttr then has ASC_RET_EXTENDED_ERROR.
 */
SECURITY_STATUS SEC_ENTRY
AcceptSecurityContext(PCredHandle phCredential, PCtxtHandle phContext,
		      PSecBufferDesc pInput, u32 fContextReq,
		      u32 TargetDataRep, PCtxtHandle phNewContext,
		      PSecBufferDesc pOutput, u32 *pfContextAttr,
		      PTimeStamp ptsExpiry)
{
	struct ksecdd_leg leg = { .req = fContextReq };
	SECURITY_STATUS status;
	SecBuffer *token;

	trace_ksecdd_sspi_call(KSECDD_FN_ACCEPT, phContext);
	if (!phNewContext)
		return traced(KSECDD_FN_ACCEPT, phContext, phNewContext,
			      SEC_E_INVALID_PARAMETER);
	status = input_token(pInput, &leg);
	if (status == SEC_E_OK)
		status = output_token(pOutput,
				      fContextReq & ASC_REQ_ALLOCATE_MEMORY,
				      &leg, &token);
	if (status != SEC_E_OK)
		return traced(KSECDD_FN_ACCEPT, phContext, phNewContext,
			      status);
	status = ksecdd_accept(phCredential, phContext, &leg, phNewContext);
	if (SEC_SUCCESS(status) || leg.out_len)
		leg_outputs(&leg, token, pfContextAttr, ptsExpiry);
	return traced(KSECDD_FN_ACCEPT, phContext, phNewContext, status);
}
EXPORT_SYMBOL_NS_GPL(AcceptSecurityContext, KSECDD_NS);

/**
 * InitializeSecurityContextW() - one leg of a handshake, client side
 * @phCredential: OUTBOUND (or BOTH) credentials; may be NULL on later legs
 * @phContext: NULL on the first leg; then the handle the previous leg gave
 * @pTargetName: the service (SPN), "cifs/host.example.com" or
 *	"cifs@host"; required on the first leg
 * @fContextReq: ISC_REQ_*; with ISC_REQ_ALLOCATE_MEMORY the output token
 *	is allocated, for FreeContextBuffer()
 * @Reserved1: ignored
 * @TargetDataRep: ignored
 * @pInput: NULL on the first leg; then the server's token, as for
 *	AcceptSecurityContext()
 * @Reserved2: ignored
 * @phNewContext: receives the context's handle, as for
 *	AcceptSecurityContext()
 * @pOutput: a SECBUFFER_TOKEN buffer for the token to send
 * @pfContextAttr: receives ISC_RET_*, or NULL
 * @ptsExpiry: receives the context's end, or NULL
 *
 * The handshake runs in ksecdd-broker, with the tickets of the user
 * whose fsuid acquired @phCredential.
 *
 * Context: process context; waits for the broker, at most broker_timeout
 * seconds.
 * Return: as AcceptSecurityContext(), and SEC_E_TARGET_UNKNOWN from the
 * broker.
 */
SECURITY_STATUS SEC_ENTRY
InitializeSecurityContextW(PCredHandle phCredential, PCtxtHandle phContext,
			   PSECURITY_STRING pTargetName, u32 fContextReq,
			   u32 Reserved1, u32 TargetDataRep,
			   PSecBufferDesc pInput, u32 Reserved2,
			   PCtxtHandle phNewContext, PSecBufferDesc pOutput,
			   u32 *pfContextAttr, PTimeStamp ptsExpiry)
{
	struct ksecdd_leg leg = { .req = fContextReq };
	SECURITY_STATUS status;
	SecBuffer *token;
	char *target;

	trace_ksecdd_sspi_call(KSECDD_FN_INITIALIZE, phContext);
	if (!phNewContext)
		return traced(KSECDD_FN_INITIALIZE, phContext, phNewContext,
			      SEC_E_INVALID_PARAMETER);
	status = input_token(pInput, &leg);
	if (status == SEC_E_OK)
		status = output_token(pOutput,
				      fContextReq & ISC_REQ_ALLOCATE_MEMORY,
				      &leg, &token);
	if (status != SEC_E_OK)
		return traced(KSECDD_FN_INITIALIZE, phContext, phNewContext,
			      status);
	target = kmalloc(KSECDD_PRINCIPAL_MAX + 1, GFP_KERNEL);
	if (!target)
		return traced(KSECDD_FN_INITIALIZE, phContext, phNewContext,
			      SEC_E_INSUFFICIENT_MEMORY);
	status = SEC_E_INVALID_PARAMETER;
	if (!utf8_name(pTargetName, target, KSECDD_PRINCIPAL_MAX + 1))
		status = ksecdd_initialize(phCredential, phContext,
					   *target ? target : NULL, &leg,
					   phNewContext);
	kfree(target);
	if (SEC_SUCCESS(status) || leg.out_len)
		leg_outputs(&leg, token, pfContextAttr, ptsExpiry);
	return traced(KSECDD_FN_INITIALIZE, phContext, phNewContext, status);
}
EXPORT_SYMBOL_NS_GPL(InitializeSecurityContextW, KSECDD_NS);

/**
 * ImpersonateSecurityContext() - act as a context's client
 * @phContext: an established context with a token (a server context)
 *
 * Puts the context's token on the calling task with override_creds();
 * the same task ends it with RevertSecurityContext() before it returns
 * to whatever called it.  Impersonations do not nest.
 *
 * Context: process context.
 * Return: SEC_E_OK; SEC_E_NO_IMPERSONATION if the context has no token;
 * SEC_E_UNSUPPORTED_FUNCTION if the task impersonates already;
 * SEC_E_INVALID_HANDLE (also for a partial context);
 * SEC_E_CONTEXT_EXPIRED; SEC_E_INSUFFICIENT_MEMORY.
 */
SECURITY_STATUS SEC_ENTRY ImpersonateSecurityContext(PCtxtHandle phContext)
{
	int err;

	trace_ksecdd_sspi_call(KSECDD_FN_IMPERSONATE, phContext);
	err = ksecdd_impersonate(phContext);
	return traced(KSECDD_FN_IMPERSONATE, phContext, NULL,
		      err == -EALREADY ? SEC_E_UNSUPPORTED_FUNCTION :
					 ksecdd_status_from_errno(err));
}
EXPORT_SYMBOL_NS_GPL(ImpersonateSecurityContext, KSECDD_NS);

/**
 * RevertSecurityContext() - stop acting as a context's client
 * @phContext: the context the task impersonated, deleted since or not
 *
 * Context: process context, the task that impersonated.
 * Return: SEC_E_OK; SEC_E_NO_IMPERSONATION if the task does not
 * impersonate; SEC_E_INVALID_HANDLE if it impersonates another context.
 */
SECURITY_STATUS SEC_ENTRY RevertSecurityContext(PCtxtHandle phContext)
{
	trace_ksecdd_sspi_call(KSECDD_FN_REVERT, phContext);
	return traced(KSECDD_FN_REVERT, phContext, NULL,
		      ksecdd_status_from_errno(ksecdd_revert(phContext)));
}
EXPORT_SYMBOL_NS_GPL(RevertSecurityContext, KSECDD_NS);
