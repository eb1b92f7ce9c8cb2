// SPDX-License-Identifier: GPL-2.0
/*
 * SECURITY_STATUS values by name, for messages a person can act on.
 */

#include <stddef.h>
#include <stdint.h>

#include "libksecdd.h"

/* A status of <linux/ksecdd.h> under its Windows name. */
#define STATUS(name, text)	{ KSECDD_##name, #name, text }

static const struct {
	uint32_t status;
	const char *name;
	const char *text;
} statuses[] = {
	STATUS(SEC_E_OK, "success"),
	STATUS(SEC_E_INSUFFICIENT_MEMORY,
	       "out of memory, or the key quota is exhausted"),
	STATUS(SEC_E_INVALID_HANDLE, "no such context"),
	STATUS(SEC_E_UNSUPPORTED_FUNCTION, "the package does not support this"),
	STATUS(SEC_E_INTERNAL_ERROR, "internal error"),
	STATUS(SEC_E_SECPKG_NOT_FOUND, "no such security package"),
	STATUS(SEC_E_NOT_OWNER, "not permitted for this user"),
	STATUS(SEC_E_INVALID_TOKEN, "malformed or truncated packed context"),
	STATUS(SEC_E_CANNOT_PACK, "the context cannot be packed"),
	STATUS(SEC_E_QOP_NOT_SUPPORTED,
	       "the quality of protection is not supported"),
	STATUS(SEC_E_NO_IMPERSONATION, "the context has no token"),
	STATUS(SEC_E_UNKNOWN_CREDENTIALS,
	       "sealed under a key this host does not hold"),
	STATUS(SEC_E_NO_CREDENTIALS,
	       "no credentials (identity or sealing key) for the context"),
	STATUS(SEC_E_MESSAGE_ALTERED, "the data were altered"),
	STATUS(SEC_E_OUT_OF_SEQUENCE, "message out of sequence"),
	STATUS(SEC_E_CONTEXT_EXPIRED, "the context has expired"),
	STATUS(SEC_E_BUFFER_TOO_SMALL, "buffer too small"),
	STATUS(SEC_E_INVALID_PARAMETER, "invalid parameter"),
	/* what handshakes return */
	STATUS(SEC_I_CONTINUE_NEEDED,
	       "send the token and call again with the answer"),
	STATUS(SEC_E_TARGET_UNKNOWN, "the target is unknown"),
	STATUS(SEC_E_LOGON_DENIED, "the logon was refused"),
	STATUS(SEC_E_NO_AUTHENTICATING_AUTHORITY,
	       "no authority could be contacted (no broker, or no KDC)"),
	STATUS(SEC_E_WRONG_PRINCIPAL,
	       "the ticket is for another principal"),
	STATUS(SEC_E_TIME_SKEW, "the clocks of client and server differ"),
};

static size_t find(uint32_t status)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (statuses[i].status == status)
			return i;
	return (size_t)-1;
}

const char *ksecdd_status_name(uint32_t status)
{
	size_t i = find(status);

	return i == (size_t)-1 ? "SEC_E_?" : statuses[i].name;
}

const char *ksecdd_status_text(uint32_t status)
{
	size_t i = find(status);

	return i == (size_t)-1 ? "unknown status" : statuses[i].text;
}
