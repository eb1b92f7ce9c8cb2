// SPDX-License-Identifier: GPL-2.0
/*
 * SECURITY_STATUS values by name, for messages a person can act on.
 */

#include <stddef.h>
#include <stdint.h>

#include "libksecdd.h"

static const struct {
	uint32_t status;
	const char *name;
	const char *text;
} statuses[] = {
	{ 0x00000000, "SEC_E_OK", "success" },
	{ 0x80090300, "SEC_E_INSUFFICIENT_MEMORY",
	  "out of memory, or the key quota is exhausted" },
	{ 0x80090301, "SEC_E_INVALID_HANDLE", "no such context" },
	{ 0x80090302, "SEC_E_UNSUPPORTED_FUNCTION",
	  "the package does not support this" },
	{ 0x80090304, "SEC_E_INTERNAL_ERROR", "internal error" },
	{ 0x80090305, "SEC_E_SECPKG_NOT_FOUND", "no such security package" },
	{ 0x80090306, "SEC_E_NOT_OWNER", "not permitted for this user" },
	{ 0x80090308, "SEC_E_INVALID_TOKEN",
	  "malformed or truncated packed context" },
	{ 0x80090309, "SEC_E_CANNOT_PACK", "the context cannot be packed" },
	{ 0x8009030b, "SEC_E_NO_IMPERSONATION", "the context has no token" },
	{ 0x8009030d, "SEC_E_UNKNOWN_CREDENTIALS",
	  "sealed under a key this host does not hold" },
	{ 0x8009030e, "SEC_E_NO_CREDENTIALS",
	  "no credentials (identity or sealing key) for the context" },
	{ 0x8009030f, "SEC_E_MESSAGE_ALTERED", "the data were altered" },
	{ 0x80090310, "SEC_E_OUT_OF_SEQUENCE", "message out of sequence" },
	{ 0x80090317, "SEC_E_CONTEXT_EXPIRED", "the context has expired" },
	{ 0x80090321, "SEC_E_BUFFER_TOO_SMALL", "buffer too small" },
	{ 0x8009035d, "SEC_E_INVALID_PARAMETER", "invalid parameter" },
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
