/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksecdd's trace events (Documentation/observability.rst).
 *
 * They name contexts by key serial and package only: never a key, a
 * token's bytes or a principal's name, which a reader of the trace
 * buffer may have no right to see.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ksecdd

#if !defined(_KSECDD_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _KSECDD_TRACE_H

#include <linux/ktime.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include <ksecdd/ksecdd.h>

#include "context.h"
#include "trace_types.h"

/* The statuses ksecdd returns, by name. */
#define show_status(status)						\
	__print_symbolic(status,					\
		{ KSECDD_SEC_E_OK, "SEC_E_OK" },			\
		{ KSECDD_SEC_I_CONTINUE_NEEDED, "SEC_I_CONTINUE_NEEDED" }, \
		{ KSECDD_SEC_E_INSUFFICIENT_MEMORY, "SEC_E_INSUFFICIENT_MEMORY" }, \
		{ KSECDD_SEC_E_INVALID_HANDLE, "SEC_E_INVALID_HANDLE" }, \
		{ KSECDD_SEC_E_UNSUPPORTED_FUNCTION, "SEC_E_UNSUPPORTED_FUNCTION" }, \
		{ KSECDD_SEC_E_TARGET_UNKNOWN, "SEC_E_TARGET_UNKNOWN" }, \
		{ KSECDD_SEC_E_INTERNAL_ERROR, "SEC_E_INTERNAL_ERROR" }, \
		{ KSECDD_SEC_E_SECPKG_NOT_FOUND, "SEC_E_SECPKG_NOT_FOUND" }, \
		{ KSECDD_SEC_E_NOT_OWNER, "SEC_E_NOT_OWNER" },		\
		{ KSECDD_SEC_E_INVALID_TOKEN, "SEC_E_INVALID_TOKEN" },	\
		{ KSECDD_SEC_E_CANNOT_PACK, "SEC_E_CANNOT_PACK" },	\
		{ KSECDD_SEC_E_QOP_NOT_SUPPORTED, "SEC_E_QOP_NOT_SUPPORTED" }, \
		{ KSECDD_SEC_E_NO_IMPERSONATION, "SEC_E_NO_IMPERSONATION" }, \
		{ KSECDD_SEC_E_LOGON_DENIED, "SEC_E_LOGON_DENIED" },	\
		{ KSECDD_SEC_E_UNKNOWN_CREDENTIALS, "SEC_E_UNKNOWN_CREDENTIALS" }, \
		{ KSECDD_SEC_E_NO_CREDENTIALS, "SEC_E_NO_CREDENTIALS" }, \
		{ KSECDD_SEC_E_MESSAGE_ALTERED, "SEC_E_MESSAGE_ALTERED" }, \
		{ KSECDD_SEC_E_OUT_OF_SEQUENCE, "SEC_E_OUT_OF_SEQUENCE" }, \
		{ KSECDD_SEC_E_NO_AUTHENTICATING_AUTHORITY,		\
		  "SEC_E_NO_AUTHENTICATING_AUTHORITY" },		\
		{ KSECDD_SEC_E_CONTEXT_EXPIRED, "SEC_E_CONTEXT_EXPIRED" }, \
		{ KSECDD_SEC_E_BUFFER_TOO_SMALL, "SEC_E_BUFFER_TOO_SMALL" }, \
		{ KSECDD_SEC_E_WRONG_PRINCIPAL, "SEC_E_WRONG_PRINCIPAL" }, \
		{ KSECDD_SEC_E_TIME_SKEW, "SEC_E_TIME_SKEW" },		\
		{ KSECDD_SEC_E_INVALID_PARAMETER, "SEC_E_INVALID_PARAMETER" })

#define show_fn(fn)							\
	__print_symbolic(fn,						\
		{ KSECDD_FN_IMPORT, "ImportSecurityContextW" },		\
		{ KSECDD_FN_EXPORT, "ExportSecurityContext" },		\
		{ KSECDD_FN_DELETE, "DeleteSecurityContext" },		\
		{ KSECDD_FN_FREE_BUFFER, "FreeContextBuffer" },		\
		{ KSECDD_FN_QUERY_ATTRIBUTES, "QueryContextAttributesW" }, \
		{ KSECDD_FN_QUERY_TOKEN, "QuerySecurityContextToken" },	\
		{ KSECDD_FN_ENUMERATE, "EnumerateSecurityPackagesW" },	\
		{ KSECDD_FN_PACKAGE_INFO, "QuerySecurityPackageInfoW" }, \
		{ KSECDD_FN_SIGN, "MakeSignature" },			\
		{ KSECDD_FN_VERIFY, "VerifySignature" },		\
		{ KSECDD_FN_ENCRYPT, "EncryptMessage" },		\
		{ KSECDD_FN_DECRYPT, "DecryptMessage" },		\
		{ KSECDD_FN_ACQUIRE, "AcquireCredentialsHandleW" },	\
		{ KSECDD_FN_FREE_CREDENTIALS, "FreeCredentialsHandle" }, \
		{ KSECDD_FN_QUERY_CREDENTIALS, "QueryCredentialsAttributesW" }, \
		{ KSECDD_FN_ACCEPT, "AcceptSecurityContext" },		\
		{ KSECDD_FN_INITIALIZE, "InitializeSecurityContextW" },	\
		{ KSECDD_FN_IMPERSONATE, "ImpersonateSecurityContext" }, \
		{ KSECDD_FN_REVERT, "RevertSecurityContext" })

TRACE_DEFINE_ENUM(KSECDD_ROLE_ACCEPTOR);

#define show_broker_op(op)						\
	__print_symbolic(op,						\
		{ KSECDD_BROKER_ACQUIRE, "acquire" },			\
		{ KSECDD_BROKER_ACCEPT, "accept" },			\
		{ KSECDD_BROKER_INIT, "initialize" })

TRACE_EVENT(ksecdd_sspi_call,
	TP_PROTO(unsigned int fn, const SecHandle *handle),
	TP_ARGS(fn, handle),
	TP_STRUCT__entry(
		__field(u32, fn)
		__field(u32, serial)
	),
	TP_fast_assign(
		__entry->fn = fn;
		__entry->serial = ksecdd_handle_serial(handle);
	),
	TP_printk("%s serial=%u", show_fn(__entry->fn), __entry->serial)
);

/*
 * The handle reported is the one the call gave out when it succeeded,
 * else the one it was given; its package is that of the context it names
 * now, "-" for credentials or a handle that names no context.
 */
TRACE_EVENT(ksecdd_sspi_result,
	TP_PROTO(unsigned int fn, const SecHandle *in,
		 const SecHandle *out, SECURITY_STATUS status),
	TP_ARGS(fn, in, out, status),
	TP_STRUCT__entry(
		__field(u32, fn)
		__field(u32, serial)
		__field(u32, status)
		__array(char, package, KSECDD_PACKED_PACKAGE_LEN + 1)
	),
	TP_fast_assign(
		const SecHandle *h = SEC_SUCCESS(status) && out ? out : in;

		__entry->fn = fn;
		__entry->serial = ksecdd_handle_serial(h);
		__entry->status = status;
		strscpy(__entry->package, ksecdd_context_package_of(h),
			sizeof(__entry->package));
	),
	TP_printk("%s serial=%u package=%s status=%s", show_fn(__entry->fn),
		  __entry->serial, __entry->package,
		  show_status(__entry->status))
);

DECLARE_EVENT_CLASS(ksecdd_context_class,
	TP_PROTO(const struct ksecdd_context *ctx),
	TP_ARGS(ctx),
	TP_STRUCT__entry(
		__field(u32, serial)
		__field(u8, role)
		__field(bool, partial)
		__array(char, package, KSECDD_PACKED_PACKAGE_LEN + 1)
	),
	TP_fast_assign(
		__entry->serial = ctx->serial;
		__entry->role = ctx->role;
		__entry->partial = !!ctx->hs;
		strscpy(__entry->package, ctx->pkg->name,
			sizeof(__entry->package));
	),
	TP_printk("serial=%u package=%s role=%s%s", __entry->serial,
		  __entry->package,
		  __entry->role == KSECDD_ROLE_ACCEPTOR ? "acceptor" :
							 "initiator",
		  __entry->partial ? " partial" : "")
);

/* a context became a key: imported, or made by a handshake leg */
DEFINE_EVENT(ksecdd_context_class, ksecdd_context_import,
	TP_PROTO(const struct ksecdd_context *ctx), TP_ARGS(ctx));
/* DeleteSecurityContext(), or a failed handshake leg's partial context */
DEFINE_EVENT(ksecdd_context_class, ksecdd_context_delete,
	TP_PROTO(const struct ksecdd_context *ctx), TP_ARGS(ctx));
/* its key was revoked (keyctl revoke, or the module keyring going) */
DEFINE_EVENT(ksecdd_context_class, ksecdd_context_revoke,
	TP_PROTO(const struct ksecdd_context *ctx), TP_ARGS(ctx));
/* an operation found the context or its key expired */
DEFINE_EVENT(ksecdd_context_class, ksecdd_context_expired,
	TP_PROTO(const struct ksecdd_context *ctx), TP_ARGS(ctx));
/* the key collector destroyed the key of a context not deleted */
DEFINE_EVENT(ksecdd_context_class, ksecdd_context_collect,
	TP_PROTO(const struct ksecdd_context *ctx), TP_ARGS(ctx));

TRACE_EVENT(ksecdd_broker_request,
	TP_PROTO(u32 op, u32 mech, ktime_t start, int err,
		 SECURITY_STATUS result),
	TP_ARGS(op, mech, start, err, result),
	TP_STRUCT__entry(
		__field(u32, op)
		__field(u32, mech)
		__field(s64, latency_us)
		__field(int, err)
		__field(u32, status)
	),
	TP_fast_assign(
		__entry->op = op;
		__entry->mech = mech;
		__entry->latency_us = ktime_us_delta(ktime_get(), start);
		__entry->err = err;
		__entry->status = err ? ksecdd_status_from_errno(err) : result;
	),
	TP_printk("op=%s mech=%u latency_us=%lld err=%d status=%s",
		  show_broker_op(__entry->op), __entry->mech,
		  __entry->latency_us, __entry->err,
		  show_status(__entry->status))
);

/*
 * A received message refused: @seq is the number the token carries
 * (U64_MAX when it cannot be read, as NTLM without extended session
 * security encrypts it), @next the number the context expects.
 */
DECLARE_EVENT_CLASS(ksecdd_refusal_class,
	TP_PROTO(const struct ksecdd_context *ctx, u64 seq, u64 next),
	TP_ARGS(ctx, seq, next),
	TP_STRUCT__entry(
		__field(u32, serial)
		__field(u64, seq)
		__field(u64, next)
		__array(char, package, KSECDD_PACKED_PACKAGE_LEN + 1)
	),
	TP_fast_assign(
		__entry->serial = ctx->serial;
		__entry->seq = seq;
		__entry->next = next;
		strscpy(__entry->package, ctx->pkg->name,
			sizeof(__entry->package));
	),
	TP_printk("serial=%u package=%s seq=%lld next=%llu", __entry->serial,
		  __entry->package, (s64)__entry->seq, __entry->next)
);

/* SEC_E_OUT_OF_SEQUENCE: a replay, or a number the window refuses */
DEFINE_EVENT(ksecdd_refusal_class, ksecdd_out_of_sequence,
	TP_PROTO(const struct ksecdd_context *ctx, u64 seq, u64 next),
	TP_ARGS(ctx, seq, next));
/* SEC_E_MESSAGE_ALTERED: the checksum, direction or key do not match */
DEFINE_EVENT(ksecdd_refusal_class, ksecdd_message_altered,
	TP_PROTO(const struct ksecdd_context *ctx, u64 seq, u64 next),
	TP_ARGS(ctx, seq, next));

#endif /* _KSECDD_TRACE_H */

/* Out of tree: the Kbuild adds this directory to trace.o's include path. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
