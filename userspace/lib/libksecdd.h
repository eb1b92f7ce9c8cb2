/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libksecdd: the ioctls of /dev/ksecdd as C calls.
 *
 * Calls return 0 when the SSPI operation ran, with its SECURITY_STATUS in
 * *status (KSECDD_SEC_E_OK, which is 0, or another KSECDD_SEC_E_* of
 * <linux/ksecdd.h>), and -1 with errno set for a fault of the call itself
 * (no device, a bad argument, EFAULT).
 */
#ifndef LIBKSECDD_H
#define LIBKSECDD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/ksecdd.h>

struct ksecdd;

/* MIT krb5's <gssapi/gssapi_krb5.h>; callers need not include it. */
struct gss_krb5_lucid_context_v1;

/*
 * What a raw context from a lucid one needs besides the lucid context:
 * names and flags from gss_inquire_context(), and for an acceptor the
 * user it speaks for.  Groups may come in any order.  A gss-ntlmssp
 * export carries its flags and names: ksecdd_raw_from_ntlmssp() takes
 * names given here instead of its own, and no flags.
 */
struct ksecdd_lucid_info {
	const char *client;		/* principal names, or NULL */
	const char *server;
	uint32_t gss_flags;		/* GSS_C_*_FLAG */
	bool has_identity;
	uint32_t uid;
	uint32_t gid;
	const uint32_t *groups;
	size_t ngroups;
};

enum ksecdd_message_op {
	KSECDD_SIGN,
	KSECDD_VERIFY,
	KSECDD_ENCRYPT,
	KSECDD_DECRYPT,
};

struct ksecdd *ksecdd_open(void);
void ksecdd_close(struct ksecdd *dev);
int ksecdd_abi_version(struct ksecdd *dev, uint32_t *version);

int ksecdd_packages(struct ksecdd *dev, struct ksecdd_package_info *info,
		    uint32_t *count, uint32_t *status);
int ksecdd_import(struct ksecdd *dev, const char *package, const void *blob,
		  size_t len, int32_t keyring, struct ksecdd_handle *handle,
		  uint32_t *status);
int ksecdd_export(struct ksecdd *dev, const struct ksecdd_handle *handle,
		  uint32_t flags, void **blob, size_t *len, uint32_t *status);
int ksecdd_delete(struct ksecdd *dev, const struct ksecdd_handle *handle,
		  uint32_t *status);
int ksecdd_query(struct ksecdd *dev, const struct ksecdd_handle *handle,
		 uint32_t attribute, void *buf, size_t *len, uint32_t *status);
int ksecdd_message(struct ksecdd *dev, enum ksecdd_message_op op,
		   const struct ksecdd_handle *handle, uint32_t *qop,
		   uint32_t seqno, struct ksecdd_ioc_buffer *buffers,
		   uint32_t count, uint32_t *status);

/*
 * Calls @fn for each counter of /sys/class/misc/ksecdd/stats, in the
 * file's order, until it returns non-zero.  Returns 0, what @fn returned,
 * or -1 with errno (EPROTO for a line that is not "SCOPE NAME VALUE").
 */
typedef int (*ksecdd_stats_fn)(const char *scope, const char *name,
			       int64_t value, void *arg);
int ksecdd_stats(ksecdd_stats_fn fn, void *arg);

const char *ksecdd_status_name(uint32_t status);
const char *ksecdd_status_text(uint32_t status);

int ksecdd_parse_handle(const char *text, struct ksecdd_handle *handle);
int ksecdd_raw_from_text(const char *text, void **blob, size_t *len,
			 char *error, size_t error_len);
int ksecdd_raw_from_lucid(const struct gss_krb5_lucid_context_v1 *lucid,
			  const struct ksecdd_lucid_info *info, void **blob,
			  size_t *len, char *error, size_t error_len);
int ksecdd_raw_from_ntlmssp(const void *token, size_t token_len,
			    const struct ksecdd_lucid_info *info,
			    void **blob, size_t *len,
			    char *error, size_t error_len);
uint32_t ksecdd_sspi_flags(uint32_t gss_flags, bool initiator);

#endif /* LIBKSECDD_H */
