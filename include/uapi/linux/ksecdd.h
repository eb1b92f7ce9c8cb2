/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * /dev/ksecdd: userspace access to ksecdd security contexts.
 *
 * Conventions shared by every ioctl:
 *
 * - Every argument struct starts with a __u32 size that the caller sets to
 *   sizeof() of the struct it was compiled with.  The kernel accepts a
 *   shorter struct from an older caller and a longer one from a newer caller
 *   as long as the bytes it does not know are zero (E2BIG otherwise).  The
 *   command number is matched on its type and number only, so a struct can
 *   grow without a new command.
 * - Only fixed-width types, explicit padding, pointers carried as __u64:
 *   the layout is the same for 32-bit and 64-bit callers.
 * - Reserved fields and unknown flags must be zero (EINVAL otherwise).
 * - When the SSPI operation ran, the ioctl returns 0 and its result is the
 *   SECURITY_STATUS in the struct's status field.  A negative return with
 *   errno is a transport fault only: EFAULT, EINVAL (malformed struct),
 *   E2BIG, ENOTTY (unknown command).
 */
#ifndef _UAPI_LINUX_KSECDD_H
#define _UAPI_LINUX_KSECDD_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Version of this ABI, reported by KSECDD_IOC_VERSION. */
#define KSECDD_ABI_VERSION	1

/*
 * ioctl type byte 0xB9: unclaimed in Documentation/userspace-api/ioctl/
 * ioctl-number.rst of Linux 6.1; ksecdd uses numbers 0x00-0x1F.
 */
#define KSECDD_IOC_MAGIC	0xB9

/**
 * struct ksecdd_ioc_version - KSECDD_IOC_VERSION
 * @size:		in: sizeof(struct ksecdd_ioc_version)
 * @abi_version:	out: KSECDD_ABI_VERSION of the running module
 */
struct ksecdd_ioc_version {
	__u32 size;
	__u32 abi_version;
};

#define KSECDD_IOC_VERSION_SIZE_VER0	8

#define KSECDD_IOC_VERSION	_IOWR(KSECDD_IOC_MAGIC, 0x00, struct ksecdd_ioc_version)

/**
 * struct ksecdd_handle - a context handle, as CtxtHandle in the kernel
 * @serial:	the serial of the context's key (CtxtHandle.dwLower)
 * @tag:	the context's random tag (CtxtHandle.dwUpper)
 */
struct ksecdd_handle {
	__u64 serial;
	__u64 tag;
};

#define KSECDD_NAME_MAX		32
#define KSECDD_COMMENT_MAX	64

/**
 * struct ksecdd_package_info - one security package (SecPkgInfoW)
 * @capabilities:	SECPKG_FLAG_* bits
 * @version:		wVersion
 * @rpcid:		wRPCID
 * @max_token:		cbMaxToken
 * @reserved:		zero
 * @name:		NUL-terminated package name
 * @comment:		NUL-terminated description
 */
struct ksecdd_package_info {
	__u32 capabilities;
	__u16 version;
	__u16 rpcid;
	__u32 max_token;
	__u32 reserved;
	char name[KSECDD_NAME_MAX];
	char comment[KSECDD_COMMENT_MAX];
};

/**
 * struct ksecdd_ioc_packages - KSECDD_IOC_PACKAGES
 * @size:	in: sizeof(struct ksecdd_ioc_packages)
 * @status:	out: SEC_E_OK, or SEC_E_BUFFER_TOO_SMALL when @count was
 *		less than the number of packages
 * @count:	in: room in @packages; out: the number of packages
 * @reserved:	zero
 * @packages:	pointer to an array of struct ksecdd_package_info
 */
struct ksecdd_ioc_packages {
	__u32 size;
	__u32 status;
	__u32 count;
	__u32 reserved;
	__u64 packages;
};

#define KSECDD_IOC_PACKAGES_SIZE_VER0	24

/**
 * struct ksecdd_ioc_import - KSECDD_IOC_IMPORT: ImportSecurityContextW
 * @size:	in: sizeof(struct ksecdd_ioc_import)
 * @status:	out: the SECURITY_STATUS of the import
 * @package:	in: NUL-terminated package name
 * @blob:	in: pointer to the packed context
 * @blob_len:	in: its length
 * @keyring:	in: serial of the keyring to link the context's key into,
 *		which the caller must be allowed to write; 0 for the caller's
 *		session keyring.  The key is owned by and charged to the caller.
 * @handle:	out: the new context's handle
 */
struct ksecdd_ioc_import {
	__u32 size;
	__u32 status;
	char package[KSECDD_NAME_MAX];
	__u64 blob;
	__u32 blob_len;
	__s32 keyring;
	struct ksecdd_handle handle;
};

#define KSECDD_IOC_IMPORT_SIZE_VER0	72

/**
 * struct ksecdd_ioc_export - KSECDD_IOC_EXPORT: ExportSecurityContext
 * @size:	in: sizeof(struct ksecdd_ioc_export)
 * @status:	out: the SECURITY_STATUS; SEC_E_BUFFER_TOO_SMALL when
 *		@blob_len is less than the sealed blob, which is then not
 *		made (nothing is sealed) and the context is not deleted;
 *		SEC_E_NOT_OWNER without read permission on the context's
 *		key, or with _DELETE_OLD without write permission too
 * @handle:	in: the context
 * @flags:	in: SECPKG_CONTEXT_EXPORT_RESET_NEW, _DELETE_OLD
 * @blob_len:	in: room at @blob; out: the sealed blob's length
 * @blob:	in: pointer to the buffer for the blob, which is bound to
 *		the owner of the context's key, whoever exports it
 */
struct ksecdd_ioc_export {
	__u32 size;
	__u32 status;
	struct ksecdd_handle handle;
	__u32 flags;
	__u32 blob_len;
	__u64 blob;
};

#define KSECDD_IOC_EXPORT_SIZE_VER0	40

/**
 * struct ksecdd_ioc_delete - KSECDD_IOC_DELETE: DeleteSecurityContext
 * @size:	in: sizeof(struct ksecdd_ioc_delete)
 * @status:	out: SEC_E_OK, SEC_E_INVALID_HANDLE or SEC_E_NOT_OWNER
 * @handle:	in: the context
 */
struct ksecdd_ioc_delete {
	__u32 size;
	__u32 status;
	struct ksecdd_handle handle;
};

#define KSECDD_IOC_DELETE_SIZE_VER0	24

/**
 * struct ksecdd_ioc_query - KSECDD_IOC_QUERY: QueryContextAttributesW
 * @size:	in: sizeof(struct ksecdd_ioc_query)
 * @status:	out: the SECURITY_STATUS; SEC_E_BUFFER_TOO_SMALL when
 *		@buf_len is less than the answer
 * @handle:	in: the context
 * @attribute:	in: SECPKG_ATTR_SIZES, _NAMES, _LIFESPAN, _KEY_INFO,
 *		_SESSION_KEY (CAP_SYS_ADMIN only), _PACKAGE_INFO or _FLAGS
 * @buf_len:	in: room at @buf; out: the answer's length
 * @buf:	in: pointer to the buffer for the answer: struct
 *		ksecdd_attr_sizes, a NUL-terminated UTF-8 name, struct
 *		ksecdd_attr_lifespan, struct ksecdd_attr_key_info, the key's
 *		bytes, struct ksecdd_package_info, or a __u32
 */
struct ksecdd_ioc_query {
	__u32 size;
	__u32 status;
	struct ksecdd_handle handle;
	__u32 attribute;
	__u32 buf_len;
	__u64 buf;
};

#define KSECDD_IOC_QUERY_SIZE_VER0	40

struct ksecdd_attr_sizes {
	__u32 max_token;
	__u32 max_signature;
	__u32 block_size;
	__u32 security_trailer;
};

/* Times are 100 ns ticks since 1601-01-01 UTC, as TimeStamp. */
struct ksecdd_attr_lifespan {
	__s64 start;
	__s64 expiry;
};

struct ksecdd_attr_key_info {
	__u32 key_size;
	__u32 signature_algorithm;
	__u32 encrypt_algorithm;
	__u32 reserved;
	char signature_name[KSECDD_NAME_MAX];
	char encrypt_name[KSECDD_NAME_MAX];
};

/**
 * struct ksecdd_ioc_buffer - one SecBuffer of a message
 * @type:	SECBUFFER_* type and attribute bits
 * @len:	in: the buffer's length; out: the length used, never more
 * @data:	pointer to the buffer; out: for a DATA buffer that a decrypt
 *		points into a STREAM buffer, the place in that buffer
 */
struct ksecdd_ioc_buffer {
	__u32 type;
	__u32 len;
	__u64 data;
};

#define KSECDD_MESSAGE_BUFFERS_MAX	8
/* Most bytes the buffers of one message may hold together. */
#define KSECDD_MESSAGE_BYTES_MAX	(1U << 20)

/**
 * struct ksecdd_ioc_message - KSECDD_IOC_SIGN, _VERIFY, _ENCRYPT, _DECRYPT
 * @size:	in: sizeof(struct ksecdd_ioc_message)
 * @status:	out: the SECURITY_STATUS of the operation
 * @handle:	in: the context
 * @qop:	in: fQOP for sign and encrypt; out: pfQOP of verify, decrypt
 * @seqno:	in: MessageSeqNo
 * @count:	in: number of buffers, at most KSECDD_MESSAGE_BUFFERS_MAX
 * @reserved:	zero
 * @buffers:	in: pointer to an array of struct ksecdd_ioc_buffer
 */
struct ksecdd_ioc_message {
	__u32 size;
	__u32 status;
	struct ksecdd_handle handle;
	__u32 qop;
	__u32 seqno;
	__u32 count;
	__u32 reserved;
	__u64 buffers;
};

#define KSECDD_IOC_MESSAGE_SIZE_VER0	48

#define KSECDD_IOC_PACKAGES	_IOWR(KSECDD_IOC_MAGIC, 0x01, struct ksecdd_ioc_packages)
#define KSECDD_IOC_IMPORT	_IOWR(KSECDD_IOC_MAGIC, 0x02, struct ksecdd_ioc_import)
#define KSECDD_IOC_EXPORT	_IOWR(KSECDD_IOC_MAGIC, 0x03, struct ksecdd_ioc_export)
#define KSECDD_IOC_DELETE	_IOWR(KSECDD_IOC_MAGIC, 0x04, struct ksecdd_ioc_delete)
#define KSECDD_IOC_QUERY	_IOWR(KSECDD_IOC_MAGIC, 0x05, struct ksecdd_ioc_query)
#define KSECDD_IOC_SIGN		_IOWR(KSECDD_IOC_MAGIC, 0x06, struct ksecdd_ioc_message)
#define KSECDD_IOC_VERIFY	_IOWR(KSECDD_IOC_MAGIC, 0x07, struct ksecdd_ioc_message)
#define KSECDD_IOC_ENCRYPT	_IOWR(KSECDD_IOC_MAGIC, 0x08, struct ksecdd_ioc_message)
#define KSECDD_IOC_DECRYPT	_IOWR(KSECDD_IOC_MAGIC, 0x09, struct ksecdd_ioc_message)

#endif /* _UAPI_LINUX_KSECDD_H */
