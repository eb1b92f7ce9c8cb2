// SPDX-License-Identifier: GPL-2.0
/*
 * Raw packed NTLM contexts from gss-ntlmssp's exported ones.
 *
 * gss_export_sec_context() of a gss-ntlmssp context gives MIT's mechglue
 * token: a big-endian u32 OID length, the OID, then the mechanism's own
 * token.  Through SPNEGO the OID is SPNEGO's and the token is the same
 * mechglue token of the context SPNEGO negotiated (MIT's
 * spnego_gss_export_sec_context() exports the mechanism's context).
 * gss-ntlmssp's token is its struct export_ctx, format version 5
 * (src/gss_serialize.c, unchanged from 1.2.0 to 1.3.1): packed,
 * little-endian, a fixed part of 180 bytes whose variable fields are
 * { u32 offset, u32 length } pairs into the data after it.  The one
 * exception is the RC4 state, OpenSSL's RC4_KEY { x, y, data[256] } of
 * unsigned ints in the exporting host's byte order, read so here.
 *
 * libksecdd neither links nor loads gss-ntlmssp or MIT's GSS-API: the
 * token is read as bytes.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libksecdd.h"
#include "internal.h"

#define NTLMSSP_NEGOTIATE_DATAGRAM			0x00000040
#define NTLMSSP_NEGOTIATE_LM_KEY			0x00000080
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY	0x00080000
#define NTLMSSP_NEGOTIATE_56				0x80000000

#define EXPORT_VERSION		5
#define EXPORT_FIXED_LEN	180
/* Offsets into the fixed part. */
#define OFF_VERSION		0
#define OFF_ROLE		2
#define OFF_STAGE		3
#define OFF_SOURCE		37
#define OFF_TARGET		64
#define OFF_GSS_FLAGS		99
#define OFF_NEG_FLAGS		103
#define OFF_SESSION_KEY		107
#define OFF_SEND		115
#define OFF_RECV		143
#define OFF_INT_FLAGS		171
#define OFF_EXPIRATION		172
/* In a name: u8 type, the domain (or SPN), the name, the attributes. */
#define NAME_DOMAIN		1
#define NAME_NAME		9
#define NAME_ATTRS		19
/* In a direction's keys: three fields, then the sequence number. */
#define KEYS_SIGN		0
#define KEYS_SEAL		8
#define KEYS_RC4		16
#define KEYS_SEQ		24

#define ROLE_CLIENT		1
#define ROLE_DOMAIN_CONTROLLER	4
#define STAGE_DONE		5
#define INT_ESTABLISHED		0x01

#define NAME_ANONYMOUS		1
#define NAME_USER		2
#define NAME_SERVER		3

/* OpenSSL's RC4_KEY as gss-ntlmssp exports it: 258 unsigned ints. */
#define RC4_STATE_LEN		(258 * sizeof(unsigned int))

/* 1.3.6.1.4.1.311.2.2.10 and 1.3.6.1.5.5.2 */
static const uint8_t ntlmssp_oid[] = {
	0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a
};

static const uint8_t spnego_oid[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };

/* gss-ntlmssp's words for a name no one gave, as gss_display_name() has */
static const char anonymous[] = "NT AUTHORITY\\ANONYMOUS LOGON";

/* Bytes of the token: an OID, or an export. */
struct export {
	const uint8_t *p;
	size_t len;
};

/* A variable field of the export: where it is, checked to lie inside. */
struct field {
	const uint8_t *p;
	uint32_t len;
};

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const uint8_t *p)
{
	return get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static int field(struct ksecdd_error *e, const struct export *x,
		 const char *what, size_t off, struct field *f)
{
	uint64_t ptr = get_le32(x->p + off), len = get_le32(x->p + off + 4);

	/* gss-ntlmssp does not look where an empty field points */
	if (!len)
		ptr = 0;
	if (ptr + len > x->len - EXPORT_FIXED_LEN)
		return ksecdd_fail(e, "the export's %s (%llu bytes at %llu) "
				   "lies outside its %zu bytes", what,
				   (unsigned long long)len,
				   (unsigned long long)ptr, x->len);
	f->p = x->p + EXPORT_FIXED_LEN + ptr;
	f->len = len;
	return 0;
}

/* A key field of exactly @want bytes. */
static int key(struct ksecdd_error *e, const struct export *x,
	       const char *what, size_t off, uint8_t *out, uint32_t want)
{
	struct field f;

	if (field(e, x, what, off, &f))
		return -1;
	if (f.len != want)
		return ksecdd_fail(e, "the export's %s is %u bytes long, not "
				   "%u", what, f.len, want);
	memcpy(out, f.p, want);
	return 0;
}

/*
 * OpenSSL's x and y are RC4's i and j as the packed format has them, the
 * indices before the next byte: no adjustment (the kernel's arc4_ctx,
 * one ahead, is the module's business).
 */
static int rc4(struct ksecdd_error *e, const struct export *x,
	       const char *what, size_t off, struct ksecdd_packed_ntlm_dir *d)
{
	unsigned int state[258];
	bool seen[256] = { false };
	struct field f;
	size_t k;

	if (field(e, x, what, off, &f))
		return -1;
	if (f.len != RC4_STATE_LEN)
		return ksecdd_fail(e, "the export's %s is %u bytes long, not "
				   "%zu", what, f.len, RC4_STATE_LEN);
	memcpy(state, f.p, sizeof(state));
	for (k = 0; k < 258; k++) {
		if (state[k] > 0xff || (k >= 2 && seen[state[k]]))
			break;
		if (k >= 2)
			seen[state[k]] = true;
	}
	if (k < 258) {
		explicit_bzero(state, sizeof(state));
		return ksecdd_fail(e, "the export's %s is not an RC4 state "
				   "(indices below 256, a permutation of "
				   "0-255)", what);
	}
	d->rc4.i = state[0];
	d->rc4.j = state[1];
	for (k = 0; k < 256; k++)
		d->rc4.s[k] = state[k + 2];
	d->has_rc4 = true;
	explicit_bzero(state, sizeof(state));
	return 0;
}

/* One direction with extended session security: its keys, stream, seq. */
static int direction(struct ksecdd_error *e, const struct export *x,
		     const char *name, size_t off,
		     struct ksecdd_packed_ntlm_dir *d)
{
	char what[32];

	snprintf(what, sizeof(what), "%s signing key", name);
	if (key(e, x, what, off + KEYS_SIGN, d->sign_key,
		KSECDD_NTLM_KEY_LEN))
		return -1;
	snprintf(what, sizeof(what), "%s sealing key", name);
	if (key(e, x, what, off + KEYS_SEAL, d->seal_key,
		KSECDD_NTLM_KEY_LEN))
		return -1;
	snprintf(what, sizeof(what), "%s RC4 state", name);
	if (rc4(e, x, what, off + KEYS_RC4, d))
		return -1;
	d->seq = get_le32(x->p + off + KEYS_SEQ);
	return 0;
}

/*
 * Without extended session security gss-ntlmssp has no per-direction
 * keys: its send stream and sequence number serve both directions, and
 * are the context's own role's record.  The sealing key, which the
 * export does not carry, is the session key or its 8-byte LM_KEY form
 * ([MS-NLMP] 3.4.5.3), for an export that restarts the stream.
 */
static int single_stream(struct ksecdd_error *e, const struct export *x,
			 struct ksecdd_packed_ntlm *n,
			 struct ksecdd_packed_ntlm_dir *d)
{
	static const uint8_t pad40[] = { 0xe5, 0x38, 0xb0 };

	if (rc4(e, x, "send RC4 state", OFF_SEND + KEYS_RC4, d))
		return -1;
	d->seq = get_le32(x->p + OFF_SEND + KEYS_SEQ);
	if (!(n->negotiate_flags & NTLMSSP_NEGOTIATE_LM_KEY)) {
		memcpy(d->seal_key, n->session_key, KSECDD_NTLM_KEY_LEN);
	} else if (n->negotiate_flags & NTLMSSP_NEGOTIATE_56) {
		memcpy(d->seal_key, n->session_key, 7);
		d->seal_key[7] = 0xa0;
	} else {
		memcpy(d->seal_key, n->session_key, 5);
		memcpy(d->seal_key + 5, pad40, sizeof(pad40));
	}
	return 0;
}

static int keys(struct ksecdd_error *e, const struct export *x,
		struct ksecdd_packed_ctx *c)
{
	struct ksecdd_packed_ntlm *n = &c->ntlm;
	bool initiator = c->role == KSECDD_ROLE_INITIATOR;
	struct ksecdd_packed_ntlm_dir *own = initiator ? &n->client : &n->server;
	struct ksecdd_packed_ntlm_dir *peer = initiator ? &n->server : &n->client;

	n->negotiate_flags = get_le32(x->p + OFF_NEG_FLAGS);
	if (n->negotiate_flags & NTLMSSP_NEGOTIATE_DATAGRAM)
		return ksecdd_fail(e, "a datagram (connectionless) NTLM "
				   "context; only connection-oriented ones "
				   "are supported");
	if (key(e, x, "session key", OFF_SESSION_KEY, n->session_key,
		KSECDD_NTLM_KEY_LEN))
		return -1;
	if (!(n->negotiate_flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
		return single_stream(e, x, n, own);
	return direction(e, x, "send", OFF_SEND, own) ?:
	       direction(e, x, "receive", OFF_RECV, peer);
}

/*
 * A name as gss-ntlmssp's gss_display_name() gives it: DOMAIN\user, or
 * the user alone without a domain; a server's SPN; anonymous's words.
 * It goes to @buf, from which the packed context takes it.
 */
static int export_name(struct ksecdd_error *e, const struct export *x,
		       const char *what, size_t off, char *buf, size_t size,
		       const char **out, u32 *len)
{
	struct field dom, name;
	int n;

	if (field(e, x, what, off + NAME_DOMAIN, &dom) ||
	    field(e, x, what, off + NAME_NAME, &name))
		return -1;
	if (memchr(dom.p, 0, dom.len) || memchr(name.p, 0, name.len))
		return ksecdd_fail(e, "the export's %s name holds a NUL", what);
	switch (x->p[off]) {
	case NAME_ANONYMOUS:
		n = snprintf(buf, size, "%s", anonymous);
		break;
	case NAME_USER:
		if (!name.len)
			return 0;
		n = snprintf(buf, size, "%.*s%s%.*s", (int)dom.len,
			     (const char *)dom.p, dom.len ? "\\" : "",
			     (int)name.len, (const char *)name.p);
		break;
	case NAME_SERVER:
		if (!dom.len)
			dom = name;
		n = snprintf(buf, size, "%.*s", (int)dom.len,
			     (const char *)dom.p);
		break;
	default:
		return 0;
	}
	if (n < 0 || (size_t)n >= size)
		return ksecdd_fail(e, "the %s name is longer than %d bytes",
				   what, KSECDD_PACKED_NAME_MAX);
	return ksecdd_set_name(e, what, buf, n, out, len);
}

struct names {
	char client[KSECDD_PACKED_NAME_MAX + 1];
	char server[KSECDD_PACKED_NAME_MAX + 1];
};

static int names(struct ksecdd_error *e, const struct export *x,
		 const struct ksecdd_lucid_info *info, struct names *buf,
		 struct ksecdd_packed_ctx *c)
{
	int ret;

	/* gss-ntlmssp's source is the client, its target the server */
	if (info->client)
		ret = ksecdd_set_name(e, "client", info->client,
				      strlen(info->client), &c->client_name,
				      &c->client_name_len);
	else
		ret = export_name(e, x, "client", OFF_SOURCE, buf->client,
				  sizeof(buf->client), &c->client_name,
				  &c->client_name_len);
	if (ret)
		return ret;
	if (info->server)
		return ksecdd_set_name(e, "server", info->server,
				       strlen(info->server), &c->server_name,
				       &c->server_name_len);
	return export_name(e, x, "server", OFF_TARGET, buf->server,
			   sizeof(buf->server), &c->server_name,
			   &c->server_name_len);
}

/*
 * Every variable field lies inside the token, those read here or not, as
 * gss-ntlmssp's own import wants them.
 */
static int all_fields(struct ksecdd_error *e, const struct export *x)
{
	static const struct {
		unsigned int off;
		const char *what;
	} fields[] = {
		{ 5, "workstation" }, { 13, "NEGOTIATE message" },
		{ 21, "CHALLENGE message" }, { 29, "AUTHENTICATE message" },
		{ OFF_SOURCE + NAME_DOMAIN, "source domain" },
		{ OFF_SOURCE + NAME_NAME, "source name" },
		{ OFF_SOURCE + NAME_ATTRS, "source attributes" },
		{ OFF_TARGET + NAME_DOMAIN, "target domain" },
		{ OFF_TARGET + NAME_NAME, "target name" },
		{ OFF_TARGET + NAME_ATTRS, "target attributes" },
		{ OFF_SESSION_KEY, "session key" },
		{ OFF_SEND + KEYS_SIGN, "send signing key" },
		{ OFF_SEND + KEYS_SEAL, "send sealing key" },
		{ OFF_SEND + KEYS_RC4, "send RC4 state" },
		{ OFF_RECV + KEYS_SIGN, "receive signing key" },
		{ OFF_RECV + KEYS_SEAL, "receive sealing key" },
		{ OFF_RECV + KEYS_RC4, "receive RC4 state" },
	};
	struct field f;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (field(e, x, fields[i].what, fields[i].off, &f))
			return -1;
	return 0;
}

static int convert(struct ksecdd_error *e, const struct export *x,
		   const struct ksecdd_lucid_info *info, struct names *buf,
		   struct ksecdd_packed_ctx *c)
{
	unsigned int version, role, stage;
	uint64_t expiry;

	if (x->len < EXPORT_FIXED_LEN)
		return ksecdd_fail(e, "the export is %zu bytes long; "
				   "gss-ntlmssp's are at least %d", x->len,
				   EXPORT_FIXED_LEN);
	version = x->p[OFF_VERSION] | x->p[OFF_VERSION + 1] << 8;
	if (version != EXPORT_VERSION)
		return ksecdd_fail(e, "gss-ntlmssp export format version %u; "
				   "only %d is known", version,
				   EXPORT_VERSION);
	if (all_fields(e, x))
		return -1;
	role = x->p[OFF_ROLE];
	if (role < ROLE_CLIENT || role > ROLE_DOMAIN_CONTROLLER)
		return ksecdd_fail(e, "unknown gss-ntlmssp role %u", role);
	stage = x->p[OFF_STAGE];
	if (stage != STAGE_DONE || !(x->p[OFF_INT_FLAGS] & INT_ESTABLISHED))
		return ksecdd_fail(e, "the context is not established (stage "
				   "%u, flags 0x%02x); only finished "
				   "contexts are imported", stage,
				   x->p[OFF_INT_FLAGS]);

	c->package = KSECDD_PACKAGE_NTLM;
	/* the domain server and controller roles are acceptors too */
	c->role = role == ROLE_CLIENT ? KSECDD_ROLE_INITIATOR :
					KSECDD_ROLE_ACCEPTOR;
	c->flags = ksecdd_sspi_flags(get_le32(x->p + OFF_GSS_FLAGS),
				     c->role == KSECDD_ROLE_INITIATOR);
	expiry = get_le64(x->p + OFF_EXPIRATION);
	ksecdd_set_lifespan(c, !expiry || expiry > INT64_MAX ?
			       KSECDD_PACKED_NEVER : (s64)expiry);
	if (keys(e, x, c) || names(e, x, info, buf, c))
		return -1;
	return ksecdd_set_identity(e, info, c);
}

/* The mechglue token's mechanism OID, and what follows it. */
static int unwrap(struct ksecdd_error *e, const uint8_t *p, size_t len,
		  struct export *oid, struct export *x)
{
	uint32_t n;

	if (len < 4)
		return ksecdd_fail(e, "not a gss_export_sec_context() token "
				   "(%zu bytes)", len);
	n = (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
	if (n > len - 4)
		return ksecdd_fail(e, "not a gss_export_sec_context() token "
				   "(an OID of %u bytes in %zu)", n, len);
	oid->p = p + 4;
	oid->len = n;
	x->p = p + 4 + n;
	x->len = len - 4 - n;
	return 0;
}

static bool oid_is(const struct export *oid, const uint8_t *want, size_t len)
{
	return oid->len == len && !memcmp(oid->p, want, len);
}

/*
 * gss-ntlmssp's export inside the token: NTLMSSP's, directly or under
 * SPNEGO.  errno EPROTONOSUPPORT for a token of another mechanism.
 */
static int ntlmssp_export(struct ksecdd_error *e, const void *token,
			  size_t len, struct export *x)
{
	struct export oid;

	if (unwrap(e, token, len, &oid, x))
		return -1;
	if (oid_is(&oid, spnego_oid, sizeof(spnego_oid)) &&
	    unwrap(e, x->p, x->len, &oid, x))
		return -1;
	if (oid_is(&oid, ntlmssp_oid, sizeof(ntlmssp_oid)))
		return 0;
	ksecdd_fail(e, "a context of another mechanism than NTLMSSP "
		    "(1.3.6.1.4.1.311.2.2.10)");
	errno = EPROTONOSUPPORT;
	return -1;
}

/**
 * ksecdd_raw_from_ntlmssp() - build a raw packed context from gss-ntlmssp's
 * @token: what gss_export_sec_context() gave for an established context
 *	of gss-ntlmssp (export format version 5, as in 1.2.0 to 1.3.1), of
 *	the NTLMSSP mechanism or of SPNEGO that negotiated it
 * @token_len: its length
 * @info: names, identity; NULL for none.  Its gss_flags are not used:
 *	the context's flags are the export's GSS flags (ksecdd_sspi_flags()
 *	for its role), and its NTLM negotiate flags the export's.  A client
 *	or server name of NULL is taken from the export, as gss-ntlmssp
 *	displays it: DOMAIN\user (or the user alone when it has no domain)
 *	for the client, the SPN for a server, "NT AUTHORITY\ANONYMOUS
 *	LOGON" for an anonymous client; a name the export lacks gives none.
 * @blob: receives the blob, to be freed with free() once zeroed
 * @len: receives its length
 * @error: receives a message saying what was refused
 * @error_len: room at @error
 *
 * The role is the export's (an initiator for gss-ntlmssp's client, an
 * acceptor for its server roles), the lifespan ends at its expiration
 * time (never for none).  gss-ntlmssp's send and receive keys, RC4
 * states and sequence numbers become the CLIENT and SERVER records by
 * role; without extended session security its single stream is the
 * context's own role's record.
 *
 * Return: 0, or -1 with errno EINVAL (and @error set) for an export
 * refused (unfinished, of another version, truncated, keys or RC4 states
 * of the wrong length, an RC4 state that is not one, datagram NTLM, a
 * name too long or not valid), EPROTONOSUPPORT (and @error set) for a
 * token of another mechanism than NTLMSSP, or ENOMEM.
 */
int ksecdd_raw_from_ntlmssp(const void *token, size_t token_len,
			    const struct ksecdd_lucid_info *info,
			    void **blob, size_t *len,
			    char *error, size_t error_len)
{
	static const struct ksecdd_lucid_info none;
	struct ksecdd_error e = { error, error_len };
	struct ksecdd_packed_ctx *c;
	struct names *buf;
	struct export x;
	int ret = -1;

	if (!token || !blob || !len)
		return ksecdd_fail(&e, "no exported context");
	if (ntlmssp_export(&e, token, token_len, &x))
		return -1;
	c = calloc(1, sizeof(*c));
	buf = malloc(sizeof(*buf));
	if (!c || !buf) {
		errno = ENOMEM;
		goto out;
	}
	if (!convert(&e, &x, info ?: &none, buf, c))
		ret = ksecdd_raw_finish(&e, c, blob, len);
out:
	/* the session keys and streams were copied here */
	if (c)
		explicit_bzero(c, sizeof(*c));
	free(c);
	free(buf);
	return ret;
}
