// SPDX-License-Identifier: GPL-2.0
/*
 * GSS-API and krb5 errors as the SECURITY_STATUS a kernel caller gets.
 *
 * The krb5 mechanism's minor status is a krb5_error_code, and SPNEGO
 * passes its mechanism's minor status through, so the minor status says
 * what went wrong more precisely than the major one: it is looked at
 * first.  Windows answers a replayed AP-REQ with SEC_E_LOGON_DENIED, and
 * so does the broker.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi_krb5.h>
#include <krb5/krb5.h>

#include "broker.h"
#include "../lib/libksecdd.h"

void broker_result_free(struct broker_result *r)
{
	if (r->blob) {
		explicit_bzero(r->blob, r->blob_len);
		free(r->blob);
	}
	free(r->token);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

void broker_result_fail(struct broker_result *r, uint32_t status,
			const char *fmt, ...)
{
	va_list ap;

	r->status = status;
	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
}

const char *broker_status_name(uint32_t status)
{
	return ksecdd_status_name(status);
}

/*
 * The first codes of MIT's krb5 mechanism's own error table
 * (gssapi_err_krb5.et), which <gssapi/gssapi_krb5.h> does not export.
 */
#define ERROR_TABLE_BASE_k5g	39756032L
#define KG_CCACHE_NOMATCH	(ERROR_TABLE_BASE_k5g + 0)
#define KG_KEYTAB_NOMATCH	(ERROR_TABLE_BASE_k5g + 1)
#define KG_TGT_MISSING		(ERROR_TABLE_BASE_k5g + 2)

/* Errors of the credentials: a keytab or credentials cache. */
static uint32_t credentials_status(enum broker_step step, int32_t code)
{
	switch (code) {
	case KRB5_KT_NOTFOUND:
	case KG_KEYTAB_NOMATCH:
		/* a ticket for a service whose key the keytab lacks */
		return step == BROKER_STEP_ACCEPT ? KSECDD_SEC_E_WRONG_PRINCIPAL :
						    KSECDD_SEC_E_NO_CREDENTIALS;
	case KG_CCACHE_NOMATCH:
	case KG_TGT_MISSING:
	case KRB5_KT_END:
	case KRB5_KT_NOWRITE:
	case KRB5_FCC_NOFILE:
	case KRB5_CC_NOTFOUND:
	case KRB5_CC_END:
	case KRB5_CC_FORMAT:
	case KRB5_CC_BADNAME:
	case KRB5_CC_NOSUPP:
	case KRB5_NO_TKT_SUPPLIED:
	case KRB5_FCC_PERM:
	case KRB5_NOCREDS_SUPPLIED:
	case KRB5KRB_AP_ERR_TKT_NYV:
	case ENOENT:
	case EACCES:
		return KSECDD_SEC_E_NO_CREDENTIALS;
	case KRB5KRB_AP_ERR_TKT_EXPIRED:
		/* an initiator's TGT ended; an acceptor's ticket did */
		return step == BROKER_STEP_ACCEPT ?
		       KSECDD_SEC_E_CONTEXT_EXPIRED :
		       KSECDD_SEC_E_NO_CREDENTIALS;
	}
	return 0;
}

/* Errors of what the peer sent or the KDC answered. */
static uint32_t exchange_status(enum broker_step step, int32_t code)
{
	switch (code) {
	case KRB5KRB_AP_ERR_BAD_INTEGRITY:
	case KRB5KRB_AP_ERR_MODIFIED:
	case KRB5KRB_AP_ERR_REPEAT:
	case KRB5KRB_AP_ERR_BADKEYVER:
	case KRB5KRB_AP_ERR_NOKEY:
		return KSECDD_SEC_E_LOGON_DENIED;
	case KRB5KRB_AP_ERR_SKEW:
		return KSECDD_SEC_E_TIME_SKEW;
	case KRB5KRB_AP_WRONG_PRINC:
	case KRB5KRB_AP_ERR_NOT_US:
		return KSECDD_SEC_E_WRONG_PRINCIPAL;
	case KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN:
		return step == BROKER_STEP_ACCEPT ?
		       KSECDD_SEC_E_WRONG_PRINCIPAL :
		       KSECDD_SEC_E_TARGET_UNKNOWN;
	case KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN:
	case KRB5KDC_ERR_TGT_REVOKED:
	case KRB5KDC_ERR_CLIENT_REVOKED:
		return KSECDD_SEC_E_NO_CREDENTIALS;
	case KRB5_KDC_UNREACH:
	case KRB5_REALM_UNKNOWN:
	case KRB5_REALM_CANT_RESOLVE:
	case KRB5_KDCREP_MODIFIED:
		return KSECDD_SEC_E_NO_AUTHENTICATING_AUTHORITY;
	case KRB5KRB_AP_ERR_MSG_TYPE:
	case KRB5KRB_AP_ERR_BADVERSION:
	case KRB5KRB_AP_ERR_INAPP_CKSUM:
	case KRB5_BADMSGTYPE:
	case KRB5_BAD_MSIZE:
	case KRB5_BAD_ENCTYPE:
		return KSECDD_SEC_E_INVALID_TOKEN;
	case ENOMEM:
		return KSECDD_SEC_E_INSUFFICIENT_MEMORY;
	}
	/* every ASN.1 decoding error: the token is not DER we understand */
	if (code >= ERROR_TABLE_BASE_asn1 && code < ERROR_TABLE_BASE_asn1 + 256)
		return KSECDD_SEC_E_INVALID_TOKEN;
	return 0;
}

/**
 * broker_krb5_status() - the SECURITY_STATUS of a krb5_error_code
 * @step: what failed
 * @code: the krb5 (or errno) code
 *
 * Return: the status, or 0 if @code says nothing more precise than the
 * major status it came with.
 */
uint32_t broker_krb5_status(enum broker_step step, int32_t code)
{
	return credentials_status(step, code) ?: exchange_status(step, code);
}

static uint32_t major_status(enum broker_step step, OM_uint32 major)
{
	switch (GSS_ROUTINE_ERROR(major)) {
	case GSS_S_DEFECTIVE_TOKEN:
	case GSS_S_BAD_MECH:
		return KSECDD_SEC_E_INVALID_TOKEN;
	case GSS_S_BAD_SIG:
	case GSS_S_DUPLICATE_TOKEN:
	case GSS_S_OLD_TOKEN:
	case GSS_S_DEFECTIVE_CREDENTIAL:
		return KSECDD_SEC_E_LOGON_DENIED;
	case GSS_S_NO_CRED:
		return KSECDD_SEC_E_NO_CREDENTIALS;
	case GSS_S_CREDENTIALS_EXPIRED:
		return step == BROKER_STEP_ACCEPT ?
		       KSECDD_SEC_E_CONTEXT_EXPIRED :
		       KSECDD_SEC_E_NO_CREDENTIALS;
	case GSS_S_CONTEXT_EXPIRED:
		return KSECDD_SEC_E_CONTEXT_EXPIRED;
	case GSS_S_BAD_NAME:
	case GSS_S_BAD_NAMETYPE:
		return step == BROKER_STEP_INIT ? KSECDD_SEC_E_TARGET_UNKNOWN :
		       step == BROKER_STEP_ACCEPT ?
		       KSECDD_SEC_E_WRONG_PRINCIPAL :
		       KSECDD_SEC_E_NO_CREDENTIALS;
	case GSS_S_NO_CONTEXT:
		return KSECDD_SEC_E_INVALID_HANDLE;
	case GSS_S_UNAVAILABLE:
		return KSECDD_SEC_E_UNSUPPORTED_FUNCTION;
	}
	if (GSS_SUPPLEMENTARY_INFO(major) & (GSS_S_DUPLICATE_TOKEN |
					     GSS_S_OLD_TOKEN))
		return KSECDD_SEC_E_LOGON_DENIED;
	/*
	 * GSS_S_FAILURE with nothing more precise: for an acceptor a
	 * token that did not decrypt, which is a logon refused.
	 */
	return KSECDD_SEC_E_LOGON_DENIED;
}

/**
 * broker_gss_status() - the SECURITY_STATUS of a GSS-API failure
 * @step: what failed
 * @major: the GSS major status, an error
 * @minor: its minor status (a krb5_error_code for krb5 and SPNEGO)
 *
 * Return: the status the kernel caller gets.
 */
uint32_t broker_gss_status(enum broker_step step, OM_uint32 major,
			   OM_uint32 minor)
{
	uint32_t status = broker_krb5_status(step, (int32_t)minor);

	return status ?: major_status(step, major);
}

static size_t display(OM_uint32 code, int type, gss_OID mech, char *buf,
		      size_t len)
{
	OM_uint32 minor, more = 0;
	gss_buffer_desc text;
	size_t n = 0;
	int ret;

	buf[0] = '\0';
	do {
		if (GSS_ERROR(gss_display_status(&minor, code, type, mech,
						 &more, &text)))
			break;
		ret = snprintf(buf + n, len - n, "%s%.*s", n ? "; " : "",
			       (int)text.length, (char *)text.value);
		gss_release_buffer(&minor, &text);
		if (ret < 0 || (size_t)ret >= len - n)
			break;
		n += ret;
	} while (more);
	return n;
}

/* Every krb5 code the tables above tell apart. */
static const int32_t known_codes[] = {
	KRB5_KT_NOTFOUND, KG_KEYTAB_NOMATCH, KG_CCACHE_NOMATCH, KG_TGT_MISSING,
	KRB5_KT_END, KRB5_FCC_NOFILE, KRB5_CC_NOTFOUND, KRB5_CC_END,
	KRB5_CC_FORMAT, KRB5_CC_BADNAME, KRB5_FCC_PERM, KRB5_NO_TKT_SUPPLIED,
	KRB5KRB_AP_ERR_TKT_EXPIRED, KRB5KRB_AP_ERR_TKT_NYV,
	KRB5KRB_AP_ERR_BAD_INTEGRITY, KRB5KRB_AP_ERR_MODIFIED,
	KRB5KRB_AP_ERR_REPEAT, KRB5KRB_AP_ERR_BADKEYVER, KRB5KRB_AP_ERR_NOKEY,
	KRB5KRB_AP_ERR_SKEW, KRB5KRB_AP_WRONG_PRINC, KRB5KRB_AP_ERR_NOT_US,
	KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, KRB5KDC_ERR_C_PRINCIPAL_UNKNOWN,
	KRB5KDC_ERR_TGT_REVOKED, KRB5KDC_ERR_CLIENT_REVOKED, KRB5_KDC_UNREACH,
	KRB5_REALM_UNKNOWN, KRB5_REALM_CANT_RESOLVE, KRB5KRB_AP_ERR_MSG_TYPE,
	KRB5KRB_AP_ERR_BADVERSION, KRB5_BADMSGTYPE,
};

/*
 * The krb5 code behind a minor status the mechanism glue renumbered.
 * The glue gives the minor codes of every mechanism but krb5 (SPNEGO's
 * too, though they are krb5's) numbers of its own, and offers no way
 * back; what survives is the text: the krb5 mechanism shows a code's
 * message, or the detailed one it kept for the last failure of this
 * thread.  The code whose text, shown by the krb5 mechanism now, is the
 * same is the one.
 */
static int32_t unmap_minor(const char *text)
{
	char candidate[256];
	size_t i;

	if (!*text)
		return 0;
	for (i = 0; i < sizeof(known_codes) / sizeof(known_codes[0]); i++) {
		display(known_codes[i], GSS_C_MECH_CODE, (gss_OID)gss_mech_krb5,
			candidate, sizeof(candidate));
		if (!strcmp(candidate, text))
			return known_codes[i];
	}
	return 0;
}

/**
 * broker_gss_fail() - fail a result for a GSS-API error
 * @r: the result: status and message set
 * @step: what failed
 * @what: the call that failed, for the message
 * @major: its major status
 * @minor: its minor status
 *
 * Return: the krb5 code behind @minor, or 0 if none is known.
 */
int32_t broker_gss_fail(struct broker_result *r, enum broker_step step,
			const char *what, OM_uint32 major, OM_uint32 minor)
{
	char gss[200], mech[300];
	int32_t code = minor;

	display(major, GSS_C_GSS_CODE, GSS_C_NO_OID, gss, sizeof(gss));
	mech[0] = '\0';
	if (minor)
		display(minor, GSS_C_MECH_CODE, GSS_C_NO_OID, mech,
			sizeof(mech));
	if (minor && !broker_krb5_status(step, code))
		code = unmap_minor(mech) ?: code;
	broker_result_fail(r, broker_gss_status(step, major, code),
			   "%s: %s%s%s%s [major 0x%08x, minor %d]", what, gss,
			   minor ? " (" : "", mech, minor ? ")" : "", major,
			   code);
	return code;
}
