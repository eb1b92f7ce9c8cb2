/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The packed context format, version 2: see Documentation/packed-format.rst,
 * which is the specification; this header and packed.c implement it.
 *
 * The codec is plain C with no kernel dependency beyond the few names the
 * userspace shim below provides, so the same packed.c is built into the
 * module, into libksecdd and into the host tests and fuzzers.
 */
#ifndef _KSECDD_PACKED_H
#define _KSECDD_PACKED_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s64 s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef BIT
#define BIT(n)		(1UL << (n))
#endif
#endif

#define KSECDD_PACKED_MAGIC		"KSDC"
/*
 * Version 2 seals with XChaCha20-Poly1305 under a 24-byte nonce; version 1
 * (AES-256-GCM, 12-byte nonce, 56-byte header) is refused.
 */
#define KSECDD_PACKED_VERSION		2
#define KSECDD_PACKED_MAX		65536
#define KSECDD_PACKED_HDR_LEN		68
#define KSECDD_PACKED_TAG_LEN		16
#define KSECDD_PACKED_NONCE_LEN		24
#define KSECDD_PACKED_PACKAGE_LEN	16
#define KSECDD_PACKED_KEY_NAME_LEN	16

/* Header flags */
#define KSECDD_PACKED_SEALED		0x01

/* Records: the top bit of the type says an unknown record is fatal. */
#define KSECDD_REC_CRITICAL		0x8000
#define KSECDD_REC_HDR_LEN		4

enum ksecdd_record {
	KSECDD_REC_ROLE			= KSECDD_REC_CRITICAL | 0x01,
	KSECDD_REC_FLAGS		= KSECDD_REC_CRITICAL | 0x02,
	KSECDD_REC_LIFESPAN		= KSECDD_REC_CRITICAL | 0x03,
	KSECDD_REC_CLIENT_NAME		= 0x04,
	KSECDD_REC_SERVER_NAME		= 0x05,
	KSECDD_REC_OWNER		= KSECDD_REC_CRITICAL | 0x06,
	KSECDD_REC_IDENTITY		= KSECDD_REC_CRITICAL | 0x07,
	KSECDD_REC_PACKAGE_STATE	= KSECDD_REC_CRITICAL | 0x08,
};

enum ksecdd_krb5_record {
	KSECDD_KRB5_ENCTYPE		= KSECDD_REC_CRITICAL | 0x01,
	KSECDD_KRB5_FLAGS		= KSECDD_REC_CRITICAL | 0x02,
	KSECDD_KRB5_KEY			= KSECDD_REC_CRITICAL | 0x03,
	KSECDD_KRB5_ACCEPTOR_SUBKEY	= KSECDD_REC_CRITICAL | 0x04,
	KSECDD_KRB5_SEQUENCE		= KSECDD_REC_CRITICAL | 0x05,
};

enum ksecdd_ntlm_record {
	KSECDD_NTLM_NEGOTIATE_FLAGS	= KSECDD_REC_CRITICAL | 0x01,
	KSECDD_NTLM_SESSION_KEY		= KSECDD_REC_CRITICAL | 0x02,
	KSECDD_NTLM_CLIENT		= KSECDD_REC_CRITICAL | 0x03,
	KSECDD_NTLM_SERVER		= KSECDD_REC_CRITICAL | 0x04,
	KSECDD_NTLM_CLIENT_RC4		= KSECDD_REC_CRITICAL | 0x05,
	KSECDD_NTLM_SERVER_RC4		= KSECDD_REC_CRITICAL | 0x06,
};

enum ksecdd_role {
	KSECDD_ROLE_INITIATOR		= 0,
	KSECDD_ROLE_ACCEPTOR		= 1,
};

/* Lifespan end of a context that never expires. */
#define KSECDD_PACKED_NEVER		((s64)0x7fffffffffffffffLL)

#define KSECDD_PACKED_NAME_MAX		1024
#define KSECDD_PACKED_GROUPS_MAX	256

/* RFC 3961/3962/8009 encryption types a Kerberos context may use. */
#define KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA1_96		17
#define KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96		18
#define KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128	19
#define KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192	20

#define KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG	0x1
#define KSECDD_KRB5_KEY_MAX		32

struct ksecdd_packed_krb5 {
	u32 enctype;
	u32 flags;
	u8 key[KSECDD_KRB5_KEY_MAX];
	u8 acceptor_subkey[KSECDD_KRB5_KEY_MAX];
	u64 send_seq_initial;
	u64 send_seq;
	u64 recv_seq_initial;
	u64 recv_seq;
};

#define KSECDD_NTLM_KEY_LEN		16

/* The RC4 keystream state of one direction, once messages were sealed. */
struct ksecdd_packed_rc4 {
	u8 s[256];
	u8 i;
	u8 j;
};

/* One direction of an NTLM session: client to server, or back. */
struct ksecdd_packed_ntlm_dir {
	u8 sign_key[KSECDD_NTLM_KEY_LEN];
	u8 seal_key[KSECDD_NTLM_KEY_LEN];
	u32 seq;
	bool has_rc4;
	struct ksecdd_packed_rc4 rc4;
};

struct ksecdd_packed_ntlm {
	u32 negotiate_flags;
	u8 session_key[KSECDD_NTLM_KEY_LEN];
	struct ksecdd_packed_ntlm_dir client;
	struct ksecdd_packed_ntlm_dir server;
};

enum ksecdd_packed_package {
	KSECDD_PACKAGE_KERBEROS,
	KSECDD_PACKAGE_NTLM,
};

struct ksecdd_packed_header {
	u8 flags;
	u32 length;
	char package[KSECDD_PACKED_PACKAGE_LEN + 1];
	char key_name[KSECDD_PACKED_KEY_NAME_LEN + 1];
	u8 nonce[KSECDD_PACKED_NONCE_LEN];
};

/*
 * A decoded context.  Names point into the buffer they were decoded from
 * and are not NUL-terminated; everything else is copied.
 */
struct ksecdd_packed_ctx {
	enum ksecdd_packed_package package;
	u8 role;
	u32 flags;
	s64 start;
	s64 expiry;
	const char *client_name;
	u32 client_name_len;
	const char *server_name;
	u32 server_name_len;
	bool has_owner;
	u32 owner;
	bool has_identity;
	u32 uid;
	u32 gid;
	u32 ngroups;
	u32 groups[KSECDD_PACKED_GROUPS_MAX];
	union {
		struct ksecdd_packed_krb5 krb5;
		struct ksecdd_packed_ntlm ntlm;
	};
};

int ksecdd_packed_package_id(const char *name);
const char *ksecdd_packed_package_name(enum ksecdd_packed_package package);
unsigned int ksecdd_krb5_key_len(u32 enctype);
bool ksecdd_packed_valid_name(const char *name, size_t len, size_t max,
			      bool dot);

int ksecdd_packed_parse_header(const u8 *buf, size_t len,
			       struct ksecdd_packed_header *hdr);
void ksecdd_packed_put_header(u8 *buf, const struct ksecdd_packed_header *hdr);
int ksecdd_packed_decode_records(enum ksecdd_packed_package package,
				 const u8 *buf, size_t len,
				 struct ksecdd_packed_ctx *ctx);
size_t ksecdd_packed_records_len(const struct ksecdd_packed_ctx *ctx);
int ksecdd_packed_encode_records(const struct ksecdd_packed_ctx *ctx,
				 u8 *buf, size_t len);
int ksecdd_packed_decode(const u8 *buf, size_t len,
			 struct ksecdd_packed_ctx *ctx);
int ksecdd_packed_encode(const struct ksecdd_packed_ctx *ctx,
			 u8 *buf, size_t len);
size_t ksecdd_packed_len(const struct ksecdd_packed_ctx *ctx);

#endif /* _KSECDD_PACKED_H */
