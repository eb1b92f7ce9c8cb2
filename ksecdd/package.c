// SPDX-License-Identifier: GPL-2.0
/*
 * The security packages, and their SecPkgInfoW as Windows reports it.
 */

#include <linux/kernel.h>
#include <linux/nls.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include <ksecdd/ksecdd.h>

#include "context.h"
#include "package.h"
#include "stats.h"

/*
 * Negotiate (SPNEGO) as Windows reports it.  It has no contexts of its
 * own: the broker runs SPNEGO, and what a Negotiate handshake establishes
 * is a Kerberos context.  Nothing imports a "Negotiate" blob.
 */
const struct ksecdd_package ksecdd_negotiate_package = {
	.name		= NEGOSSP_NAME,
	.comment	= "Microsoft Package Negotiator",
	.capabilities	= SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY |
			  SECPKG_FLAG_CONNECTION | SECPKG_FLAG_MULTI_REQUIRED |
			  SECPKG_FLAG_EXTENDED_ERROR |
			  SECPKG_FLAG_IMPERSONATION |
			  SECPKG_FLAG_ACCEPT_WIN32_NAME |
			  SECPKG_FLAG_NEGOTIABLE | SECPKG_FLAG_GSS_COMPATIBLE |
			  SECPKG_FLAG_LOGON,
	.version	= 1,
	.rpcid		= RPC_C_AUTHN_GSS_NEGOTIATE,
	.max_token	= 48256,
};

static const struct ksecdd_package *const ksecdd_packages[] = {
	&ksecdd_kerberos_package,
	&ksecdd_ntlm_package,
	&ksecdd_negotiate_package,
};

/**
 * ksecdd_package_find() - look a package up by name
 * @name: the package name, in any case, as Windows accepts it
 *
 * Return: the package, or NULL.
 */
const struct ksecdd_package *ksecdd_package_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ksecdd_packages); i++)
		if (!strcasecmp(name, ksecdd_packages[i]->name))
			return ksecdd_packages[i];
	return NULL;
}

static int run_message(struct ksecdd_context *ctx,
		       enum ksecdd_message_op op, u32 qop,
		       SecBufferDesc *msg, u32 *qop_out, bool may_sleep)
{
	const struct ksecdd_package_ops *ops = ctx->pkg->ops;

	if (!ops)
		return -EOPNOTSUPP;
	switch (op) {
	case KSECDD_MSG_SIGN:
		return ops->sign ? ops->sign(ctx, qop, msg) : -EOPNOTSUPP;
	case KSECDD_MSG_VERIFY:
		return ops->verify ? ops->verify(ctx, msg, qop_out) :
				     -EOPNOTSUPP;
	case KSECDD_MSG_ENCRYPT:
		return ops->encrypt ? ops->encrypt(ctx, qop, msg, may_sleep) :
				      -EOPNOTSUPP;
	case KSECDD_MSG_DECRYPT:
		return ops->decrypt ?
		       ops->decrypt(ctx, msg, qop_out, may_sleep) :
		       -EOPNOTSUPP;
	}
	return -EOPNOTSUPP;
}

/**
 * ksecdd_package_message() - protect or check a message with a context
 * @ctx: the context, live and held by the caller
 * @op: which of MakeSignature() and its partners
 * @qop: fQOP of sign and encrypt
 * @msg: the message's buffers
 * @qop_out: receives pfQOP of verify and decrypt, or NULL
 * @may_sleep: whether the caller may sleep; if not, a message that needs
 *	a key not made yet, or memory allocated, returns -EAGAIN, uncounted,
 *	having changed nothing, for the caller to run it again where it may
 *
 * Counts a success by package and operation, a failure by status, for
 * the SSPI entry points and the ioctls alike.
 *
 * Return: 0, -EOPNOTSUPP if the context's package does not protect
 * messages, -EAGAIN as above, or the package's errno.
 */
int ksecdd_package_message(struct ksecdd_context *ctx,
			   enum ksecdd_message_op op, u32 qop,
			   SecBufferDesc *msg, u32 *qop_out, bool may_sleep)
{
	int err = run_message(ctx, op, qop, msg, qop_out, may_sleep);

	if (err == -EAGAIN) {
		if (!may_sleep)
			return err;
		err = ctx->pkg->ops->message_keys(ctx, op) ?:
		      run_message(ctx, op, qop, msg, qop_out, true);
	}
	if (err)
		ksecdd_stats_refused(ksecdd_status_from_errno(err));
	else
		ksecdd_stats_message(ctx->pkg, op);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_package_message);

size_t ksecdd_package_count(void)
{
	return ARRAY_SIZE(ksecdd_packages);
}

const struct ksecdd_package *ksecdd_package_at(size_t i)
{
	return ksecdd_packages[i];
}

/* An ASCII string as UTF-16 with its NUL; returns the next free slot. */
static SEC_WCHAR *put_wstr(SEC_WCHAR **dst, SEC_WCHAR *p, const char *s)
{
	*dst = p;
	while (*s)
		*p++ = *s++;
	*p++ = 0;
	return p;
}

/**
 * ksecdd_pkginfo_strings_size() - room the strings of a SecPkgInfoW need
 * @pkg: the package
 *
 * Return: bytes for Name and Comment in UTF-16, each with its NUL.
 */
size_t ksecdd_pkginfo_strings_size(const struct ksecdd_package *pkg)
{
	return (strlen(pkg->name) + 1 + strlen(pkg->comment) + 1) *
	       sizeof(SEC_WCHAR);
}

/**
 * ksecdd_pkginfo_fill() - fill a SecPkgInfoW
 * @pkg: the package
 * @info: the structure to fill
 * @strings: ksecdd_pkginfo_strings_size() bytes for the strings
 *
 * Return: the first byte after the strings.
 */
SEC_WCHAR *ksecdd_pkginfo_fill(const struct ksecdd_package *pkg,
			       SecPkgInfoW *info, SEC_WCHAR *strings)
{
	info->fCapabilities = pkg->capabilities;
	info->wVersion = pkg->version;
	info->wRPCID = pkg->rpcid;
	info->cbMaxToken = pkg->max_token;
	strings = put_wstr(&info->Name, strings, pkg->name);
	return put_wstr(&info->Comment, strings, pkg->comment);
}
