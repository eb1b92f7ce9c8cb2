// SPDX-License-Identifier: GPL-2.0
/*
 * errno <-> SECURITY_STATUS.
 *
 * One table serves both directions.  Going from errno to status the first
 * row with that errno wins; going from status to errno the first row with
 * that status wins, so a later row repeating a status is an alias that only
 * maps errno to status (key quota exhaustion reads as lack of memory to an
 * SSPI caller, as the keyring core's EDQUOT has no SSPI twin).
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <kunit/visibility.h>

#include <ksecdd/ksecdd.h>

#include "status.h"

VISIBLE_IF_KUNIT const struct ksecdd_status_map ksecdd_status_table[] = {
	{ SEC_E_OK,			0 },
	{ SEC_E_INSUFFICIENT_MEMORY,	ENOMEM },
	{ SEC_E_INVALID_HANDLE,		ENOKEY },
	{ SEC_E_UNSUPPORTED_FUNCTION,	EOPNOTSUPP },
	{ SEC_E_INTERNAL_ERROR,		EIO },
	{ SEC_E_SECPKG_NOT_FOUND,	ENOPKG },
	{ SEC_E_NOT_OWNER,		EPERM },
	{ SEC_E_INVALID_TOKEN,		EPROTO },
	{ SEC_E_NO_IMPERSONATION,	ENOENT },
	{ SEC_E_UNKNOWN_CREDENTIALS,	EKEYREJECTED },
	{ SEC_E_NO_CREDENTIALS,		ENODATA },
	{ SEC_E_MESSAGE_ALTERED,	EBADMSG },
	{ SEC_E_OUT_OF_SEQUENCE,	ERANGE },
	{ SEC_E_CONTEXT_EXPIRED,	EKEYEXPIRED },
	{ SEC_E_BUFFER_TOO_SMALL,	ENOBUFS },
	{ SEC_E_INVALID_PARAMETER,	EINVAL },
	{ SEC_E_CANNOT_PACK,		E2BIG },
	{ SEC_E_QOP_NOT_SUPPORTED,	EPROTONOSUPPORT },
	{ SEC_E_NO_AUTHENTICATING_AUTHORITY, ENOTCONN },
	/* errno-only aliases */
	{ SEC_E_INSUFFICIENT_MEMORY,	EDQUOT },
	/* the broker's queue is full */
	{ SEC_E_INSUFFICIENT_MEMORY,	EBUSY },
	/* the broker did not answer in time */
	{ SEC_E_NO_AUTHENTICATING_AUTHORITY, ETIMEDOUT },
	{ SEC_E_INVALID_HANDLE,		EKEYREVOKED },
	{ SEC_E_NOT_OWNER,		EACCES },
};
EXPORT_SYMBOL_IF_KUNIT(ksecdd_status_table);

VISIBLE_IF_KUNIT const size_t ksecdd_status_table_size =
	ARRAY_SIZE(ksecdd_status_table);
EXPORT_SYMBOL_IF_KUNIT(ksecdd_status_table_size);

/**
 * ksecdd_status_from_errno() - SSPI status for an errno
 * @err: 0 or a negative errno
 *
 * Return: the SECURITY_STATUS an SSPI caller sees for @err, and
 * SEC_E_INTERNAL_ERROR for an errno with no better SSPI code.
 */
SECURITY_STATUS ksecdd_status_from_errno(int err)
{
	size_t i;

	for (i = 0; i < ksecdd_status_table_size; i++)
		if (ksecdd_status_table[i].err == -err)
			return ksecdd_status_table[i].status;
	return SEC_E_INTERNAL_ERROR;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_status_from_errno, KSECDD_NS);

/**
 * ksecdd_status_to_errno() - errno for an SSPI status
 * @status: a SECURITY_STATUS
 *
 * Return: 0 for any success status (SEC_E_OK and the SEC_I_* codes), the
 * matching negative errno for a failure status ksecdd produces, and -EIO
 * for any other failure status.
 */
int ksecdd_status_to_errno(SECURITY_STATUS status)
{
	size_t i;

	if (SEC_SUCCESS(status))
		return 0;
	for (i = 0; i < ksecdd_status_table_size; i++)
		if (ksecdd_status_table[i].status == status)
			return -ksecdd_status_table[i].err;
	return -EIO;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_status_to_errno, KSECDD_NS);
