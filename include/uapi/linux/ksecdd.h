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

/*
 * The SSPI numbers the ioctls carry, with the Windows SDK's names (sspi.h,
 * winerror.h) behind a KSECDD_ prefix and the SDK's values, so that this
 * header is all a caller needs and no Windows header clashes with it.
 * The kernel's <ksecdd/sspi.h> defines its Windows names from these.
 */

/*
 * SECURITY_STATUS values in the status fields: the ones the module
 * reports (SEC_E_* have the top bit set; success is SEC_E_OK).
 */
#define KSECDD_SEC_E_OK					0x00000000
#define KSECDD_SEC_E_INSUFFICIENT_MEMORY		0x80090300
#define KSECDD_SEC_E_INVALID_HANDLE			0x80090301
#define KSECDD_SEC_E_UNSUPPORTED_FUNCTION		0x80090302
#define KSECDD_SEC_E_INTERNAL_ERROR			0x80090304
#define KSECDD_SEC_E_SECPKG_NOT_FOUND			0x80090305
#define KSECDD_SEC_E_NOT_OWNER				0x80090306
#define KSECDD_SEC_E_TARGET_UNKNOWN			0x80090303
#define KSECDD_SEC_E_INVALID_TOKEN			0x80090308
#define KSECDD_SEC_E_CANNOT_PACK			0x80090309
#define KSECDD_SEC_E_QOP_NOT_SUPPORTED			0x8009030A
#define KSECDD_SEC_E_NO_IMPERSONATION			0x8009030B
#define KSECDD_SEC_E_LOGON_DENIED			0x8009030C
#define KSECDD_SEC_E_UNKNOWN_CREDENTIALS		0x8009030D
#define KSECDD_SEC_E_NO_CREDENTIALS			0x8009030E
#define KSECDD_SEC_E_MESSAGE_ALTERED			0x8009030F
#define KSECDD_SEC_E_OUT_OF_SEQUENCE			0x80090310
#define KSECDD_SEC_E_NO_AUTHENTICATING_AUTHORITY	0x80090311
#define KSECDD_SEC_I_CONTINUE_NEEDED			0x00090312
#define KSECDD_SEC_E_CONTEXT_EXPIRED			0x80090317
#define KSECDD_SEC_E_BUFFER_TOO_SMALL			0x80090321
#define KSECDD_SEC_E_WRONG_PRINCIPAL			0x80090322
#define KSECDD_SEC_E_TIME_SKEW				0x80090324
#define KSECDD_SEC_E_INVALID_PARAMETER			0x8009035D

/* KSECDD_IOC_QUERY attributes (QueryContextAttributesW ulAttribute) */
#define KSECDD_SECPKG_ATTR_SIZES			0
#define KSECDD_SECPKG_ATTR_NAMES			1
#define KSECDD_SECPKG_ATTR_LIFESPAN			2
#define KSECDD_SECPKG_ATTR_KEY_INFO			5
#define KSECDD_SECPKG_ATTR_SESSION_KEY			9
#define KSECDD_SECPKG_ATTR_PACKAGE_INFO			10
#define KSECDD_SECPKG_ATTR_FLAGS			14

/* struct ksecdd_ioc_buffer types, and the attribute bits they may carry */
#define KSECDD_SECBUFFER_EMPTY				0
#define KSECDD_SECBUFFER_DATA				1
#define KSECDD_SECBUFFER_TOKEN				2
#define KSECDD_SECBUFFER_PADDING			9
#define KSECDD_SECBUFFER_STREAM				10
#define KSECDD_SECBUFFER_ATTRMASK			0xF0000000
#define KSECDD_SECBUFFER_READONLY			0x80000000
#define KSECDD_SECBUFFER_READONLY_WITH_CHECKSUM		0x10000000

/* fQOP of sign and encrypt, pfQOP of verify and decrypt */
#define KSECDD_SECQOP_WRAP_NO_ENCRYPT			0x80000001
#define KSECDD_SECQOP_WRAP_OOB_DATA			0x40000000

/* struct ksecdd_ioc_export flags (ExportSecurityContext fFlags) */
#define KSECDD_SECPKG_CONTEXT_EXPORT_RESET_NEW		0x00000001
#define KSECDD_SECPKG_CONTEXT_EXPORT_DELETE_OLD		0x00000002
#define KSECDD_SECPKG_CONTEXT_EXPORT_TO_KERNEL		0x00000004

/* struct ksecdd_package_info capabilities (SecPkgInfoW fCapabilities) */
#define KSECDD_SECPKG_FLAG_INTEGRITY			0x00000001
#define KSECDD_SECPKG_FLAG_PRIVACY			0x00000002
#define KSECDD_SECPKG_FLAG_TOKEN_ONLY			0x00000004
#define KSECDD_SECPKG_FLAG_DATAGRAM			0x00000008
#define KSECDD_SECPKG_FLAG_CONNECTION			0x00000010
#define KSECDD_SECPKG_FLAG_MULTI_REQUIRED		0x00000020
#define KSECDD_SECPKG_FLAG_CLIENT_ONLY			0x00000040
#define KSECDD_SECPKG_FLAG_EXTENDED_ERROR		0x00000080
#define KSECDD_SECPKG_FLAG_IMPERSONATION		0x00000100
#define KSECDD_SECPKG_FLAG_ACCEPT_WIN32_NAME		0x00000200
#define KSECDD_SECPKG_FLAG_STREAM			0x00000400
#define KSECDD_SECPKG_FLAG_NEGOTIABLE			0x00000800
#define KSECDD_SECPKG_FLAG_GSS_COMPATIBLE		0x00001000
#define KSECDD_SECPKG_FLAG_LOGON			0x00002000
#define KSECDD_SECPKG_FLAG_ASCII_BUFFERS		0x00004000
#define KSECDD_SECPKG_FLAG_FRAGMENT			0x00008000
#define KSECDD_SECPKG_FLAG_MUTUAL_AUTH			0x00010000
#define KSECDD_SECPKG_FLAG_DELEGATION			0x00020000
#define KSECDD_SECPKG_FLAG_READONLY_WITH_CHECKSUM	0x00040000
#define KSECDD_SECPKG_FLAG_RESTRICTED_TOKENS		0x00080000
#define KSECDD_SECPKG_FLAG_NEGO_EXTENDER		0x00100000
#define KSECDD_SECPKG_FLAG_NEGOTIABLE2			0x00200000
#define KSECDD_SECPKG_FLAG_APPCONTAINER_PASSTHROUGH	0x00400000
#define KSECDD_SECPKG_FLAG_APPCONTAINER_CHECKS		0x00800000
#define KSECDD_SECPKG_FLAG_CREDENTIAL_ISOLATION_ENABLED	0x01000000
#define KSECDD_SECPKG_FLAG_APPLY_LOOPBACK		0x02000000

/* struct ksecdd_package_info rpcid (SecPkgInfoW wRPCID) */
#define KSECDD_RPC_C_AUTHN_GSS_NEGOTIATE		9
#define KSECDD_RPC_C_AUTHN_WINNT			10
#define KSECDD_RPC_C_AUTHN_GSS_SCHANNEL			14
#define KSECDD_RPC_C_AUTHN_GSS_KERBEROS			16
#define KSECDD_RPC_C_AUTHN_DIGEST			21

/*
 * The negotiated attributes of a context: the KSECDD_SECPKG_ATTR_FLAGS
 * answer and the FLAGS record of a packed context; an initiator's are
 * ISC_RET_* bits, an acceptor's ASC_RET_* bits.
 */
#define KSECDD_ISC_RET_DELEGATE				0x00000001
#define KSECDD_ISC_RET_MUTUAL_AUTH			0x00000002
#define KSECDD_ISC_RET_REPLAY_DETECT			0x00000004
#define KSECDD_ISC_RET_SEQUENCE_DETECT			0x00000008
#define KSECDD_ISC_RET_CONFIDENTIALITY			0x00000010
#define KSECDD_ISC_RET_USE_SESSION_KEY			0x00000020
#define KSECDD_ISC_RET_USED_COLLECTED_CREDS		0x00000040
#define KSECDD_ISC_RET_USED_SUPPLIED_CREDS		0x00000080
#define KSECDD_ISC_RET_ALLOCATED_MEMORY			0x00000100
#define KSECDD_ISC_RET_USED_DCE_STYLE			0x00000200
#define KSECDD_ISC_RET_DATAGRAM				0x00000400
#define KSECDD_ISC_RET_CONNECTION			0x00000800
#define KSECDD_ISC_RET_INTERMEDIATE_RETURN		0x00001000
#define KSECDD_ISC_RET_CALL_LEVEL			0x00002000
#define KSECDD_ISC_RET_EXTENDED_ERROR			0x00004000
#define KSECDD_ISC_RET_STREAM				0x00008000
#define KSECDD_ISC_RET_INTEGRITY			0x00010000
#define KSECDD_ISC_RET_IDENTIFY				0x00020000
#define KSECDD_ISC_RET_NULL_SESSION			0x00040000
#define KSECDD_ISC_RET_MANUAL_CRED_VALIDATION		0x00080000
#define KSECDD_ISC_RET_RESERVED1			0x00100000
#define KSECDD_ISC_RET_FRAGMENT_ONLY			0x00200000
#define KSECDD_ISC_RET_FORWARD_CREDENTIALS		0x00400000
#define KSECDD_ISC_RET_USED_HTTP_STYLE			0x01000000
#define KSECDD_ISC_RET_NO_ADDITIONAL_TOKEN		0x02000000
#define KSECDD_ISC_RET_REAUTHENTICATION			0x08000000
#define KSECDD_ISC_RET_CONFIDENTIALITY_ONLY		0x40000000

#define KSECDD_ASC_RET_DELEGATE				0x00000001
#define KSECDD_ASC_RET_MUTUAL_AUTH			0x00000002
#define KSECDD_ASC_RET_REPLAY_DETECT			0x00000004
#define KSECDD_ASC_RET_SEQUENCE_DETECT			0x00000008
#define KSECDD_ASC_RET_CONFIDENTIALITY			0x00000010
#define KSECDD_ASC_RET_USE_SESSION_KEY			0x00000020
#define KSECDD_ASC_RET_SESSION_TICKET			0x00000040
#define KSECDD_ASC_RET_ALLOCATED_MEMORY			0x00000100
#define KSECDD_ASC_RET_USED_DCE_STYLE			0x00000200
#define KSECDD_ASC_RET_DATAGRAM				0x00000400
#define KSECDD_ASC_RET_CONNECTION			0x00000800
#define KSECDD_ASC_RET_CALL_LEVEL			0x00002000
#define KSECDD_ASC_RET_THIRD_LEG_FAILED			0x00004000
#define KSECDD_ASC_RET_EXTENDED_ERROR			0x00008000
#define KSECDD_ASC_RET_STREAM				0x00010000
#define KSECDD_ASC_RET_INTEGRITY			0x00020000
#define KSECDD_ASC_RET_LICENSING			0x00040000
#define KSECDD_ASC_RET_IDENTIFY				0x00080000
#define KSECDD_ASC_RET_NULL_SESSION			0x00100000
#define KSECDD_ASC_RET_ALLOW_NON_USER_LOGONS		0x00200000
#define KSECDD_ASC_RET_ALLOW_CONTEXT_REPLAY		0x00400000
#define KSECDD_ASC_RET_FRAGMENT_ONLY			0x00800000
#define KSECDD_ASC_RET_NO_TOKEN				0x01000000
#define KSECDD_ASC_RET_NO_ADDITIONAL_TOKEN		0x02000000

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

/*
 * The broker channel (Documentation/broker.rst).  AcceptSecurityContext()
 * and InitializeSecurityContextW() called in the kernel run their
 * handshake in ksecdd-broker, ksecdd's LSA, as ksecdd.sys forwards them
 * to LSA on Windows.  The broker attaches an open /dev/ksecdd with
 * KSECDD_IOC_BROKER_ATTACH (CAP_SYS_ADMIN in the initial user namespace;
 * one broker per network namespace, the attaching task's), then read()s
 * requests from it, one struct ksecdd_broker_request and its payload per
 * read() (EINVAL, the request kept, if the buffer is shorter than the
 * request: a buffer of KSECDD_BROKER_REQUEST_MAX bytes always fits;
 * EAGAIN with O_NONBLOCK; poll() says POLLIN; EPERM and POLLERR on a file
 * that did not attach), and answers each with KSECDD_IOC_BROKER_ANSWER,
 * in any order.
 * Closing the file detaches the broker: every request pending or later
 * fails with SEC_E_NO_AUTHENTICATING_AUTHORITY.  These ioctls return 0 or
 * -1 with errno: they are not SSPI calls.
 */
#define KSECDD_BROKER_VERSION		1

/* Longest request read() returns: header, names and a token. */
#define KSECDD_BROKER_REQUEST_MAX	(64 * 1024 + 1024)
/* Longest token and packed context an answer may carry. */
#define KSECDD_BROKER_TOKEN_MAX		(64 * 1024)

/**
 * struct ksecdd_ioc_broker_attach - argument of KSECDD_IOC_BROKER_ATTACH
 * @size: sizeof(struct ksecdd_ioc_broker_attach)
 * @version: KSECDD_BROKER_VERSION, the protocol the broker speaks
 * @queue_max: out: most requests the kernel keeps waiting for an answer
 * @timeout_ms: out: how long a caller waits for the answer to one request
 *
 * Errors: EPERM without CAP_SYS_ADMIN in the initial user namespace,
 * EBUSY if the file or the network namespace has a broker already,
 * EPROTO for another @version.
 */
struct ksecdd_ioc_broker_attach {
	__u32 size;
	__u32 version;
	__u32 queue_max;
	__u32 timeout_ms;
};

#define KSECDD_IOC_BROKER_ATTACH_SIZE_VER0	16

/* struct ksecdd_broker_request op */
#define KSECDD_BROKER_ACQUIRE	1	/* AcquireCredentialsHandleW */
#define KSECDD_BROKER_ACCEPT	2	/* one leg of AcceptSecurityContext */
#define KSECDD_BROKER_INIT	3	/* one leg of InitializeSecurityContextW */
#define KSECDD_BROKER_RELEASE	4	/* forget @session; not answered */

/* struct ksecdd_broker_request mech: the package the caller named */
#define KSECDD_BROKER_MECH_KERBEROS	1	/* raw krb5 GSS-API tokens */
#define KSECDD_BROKER_MECH_NEGOTIATE	2	/* SPNEGO */
#define KSECDD_BROKER_MECH_NTLM		3	/* raw NTLMSSP messages; INBOUND only */

/**
 * struct ksecdd_broker_request - what read() returns, then its payload
 * @size: bytes of the request, payload included
 * @op: KSECDD_BROKER_*
 * @id: the request, named again in its answer
 * @session: the broker's handshake this leg continues, as its answer to
 *	the previous leg named it; 0 on a first leg
 * @mech: KSECDD_BROKER_MECH_*
 * @cred_use: SECPKG_CRED_INBOUND or SECPKG_CRED_OUTBOUND
 * @context_req: ASC_REQ_* or ISC_REQ_* as the caller asked
 * @uid: OUTBOUND: the user (fsuid of the task that acquired the
 *	credentials, in the initial user namespace) whose credentials cache
 *	alone may be used
 * @gid: that task's fsgid
 * @principal_len: bytes of the principal the credentials are for (UTF-8,
 *	no NUL) that start the payload; 0 for the default
 * @target_len: INIT: bytes of the target name (an SPN, "cifs/host" or
 *	"cifs@host", UTF-8, no NUL) that follow
 * @token_len: bytes of the peer's token that end the payload
 * @reserved: zero
 */
struct ksecdd_broker_request {
	__u32 size;
	__u32 op;
	__u64 id;
	__u64 session;
	__u32 mech;
	__u32 cred_use;
	__u32 context_req;
	__u32 uid;
	__u32 gid;
	__u32 principal_len;
	__u32 target_len;
	__u32 token_len;
	__u32 reserved[2];
};

/**
 * struct ksecdd_ioc_broker_answer - argument of KSECDD_IOC_BROKER_ANSWER
 * @size: sizeof(struct ksecdd_ioc_broker_answer)
 * @reserved0: zero
 * @id: the request answered
 * @result: SEC_E_OK; SEC_I_CONTINUE_NEEDED (ACCEPT, INIT: send @token
 *	and come back with the peer's answer); or the failure the caller
 *	gets (a KSECDD_SEC_E_* value)
 * @attrs: ASC_RET_* or ISC_RET_* as negotiated
 * @expiry: end of the credentials (ACQUIRE) or of the context, seconds
 *	since the epoch
 * @session: SEC_I_CONTINUE_NEEDED: the broker's handshake, named again in
 *	the next leg's request and in its RELEASE
 * @token: the token for the peer (also with some failures: a KRB-ERROR)
 * @token_len: its bytes, at most KSECDD_BROKER_TOKEN_MAX
 * @blob_len: SEC_E_OK from ACCEPT or INIT: bytes of @blob
 * @blob: the established context as a raw packed context
 *	(Documentation/packed-format.rst), with the client's identity for
 *	an acceptor
 * @name: ACQUIRE: the principal the credentials are for, UTF-8, no NUL
 * @name_len: its bytes
 * @reserved1: zero
 *
 * Errors: ENOENT if no request @id that was read is waiting (it timed
 * out, or its caller gave up: the broker then forgets @session itself);
 * EINVAL for a @result or a length that does not fit the request, a
 * @name with a NUL, or reserved fields not zero (Documentation/broker.rst
 * lists the rules); EFAULT; EPERM if the file is not an attached broker.
 */
struct ksecdd_ioc_broker_answer {
	__u32 size;
	__u32 reserved0;
	__u64 id;
	__u32 result;
	__u32 attrs;
	__s64 expiry;
	__u64 session;
	__u64 token;
	__u32 token_len;
	__u32 blob_len;
	__u64 blob;
	__u64 name;
	__u32 name_len;
	__u32 reserved1;
};

#define KSECDD_IOC_BROKER_ANSWER_SIZE_VER0	72

#define KSECDD_IOC_BROKER_ATTACH _IOWR(KSECDD_IOC_MAGIC, 0x0A, struct ksecdd_ioc_broker_attach)
#define KSECDD_IOC_BROKER_ANSWER _IOW(KSECDD_IOC_MAGIC, 0x0B, struct ksecdd_ioc_broker_answer)

#endif /* _UAPI_LINUX_KSECDD_H */
