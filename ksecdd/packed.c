// SPDX-License-Identifier: GPL-2.0
/*
 * Codec for packed contexts, format version 2.
 *
 * Documentation/packed-format.rst is the specification.  Decoding accepts
 * exactly one encoding of each context: records in ascending type order,
 * each known record with its critical bit, every field in range, nothing
 * after the last record.  The encoder writes that encoding and refuses a
 * context the decoder would refuse, so export and import agree.
 *
 * Everything here is plain C over byte buffers: no allocation, no locks,
 * no kernel calls, so the file builds unchanged for userspace.
 */

#include "packed.h"

#define REC_TYPE_MASK		0x7fff

#define LIFESPAN_LEN		16
#define IDENTITY_FIXED_LEN	8
#define KRB5_SEQUENCE_LEN	32
#define NTLM_DIR_LEN		(2 * KSECDD_NTLM_KEY_LEN + 4)
#define RC4_STATE_LEN		258

static const char *const package_names[] = {
	[KSECDD_PACKAGE_KERBEROS]	= "Kerberos",
	[KSECDD_PACKAGE_NTLM]		= "NTLM",
};

static u16 get_le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u64 get_le64(const u8 *p)
{
	return get_le32(p) | (u64)get_le32(p + 4) << 32;
}

static void put_le16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put_le32(u8 *p, u32 v)
{
	put_le16(p, v);
	put_le16(p + 2, v >> 16);
}

static void put_le64(u8 *p, u64 v)
{
	put_le32(p, v);
	put_le32(p + 4, v >> 32);
}

/**
 * ksecdd_packed_package_id() - package number for a package name
 * @name: NUL-terminated package name, compared exactly
 *
 * Return: an enum ksecdd_packed_package value, or -ENOPKG.
 */
int ksecdd_packed_package_id(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(package_names); i++)
		if (!strcmp(name, package_names[i]))
			return i;
	return -ENOPKG;
}

/**
 * ksecdd_packed_package_name() - package name for a package number
 * @package: the package
 *
 * Return: the name as it appears in packed headers.
 */
const char *ksecdd_packed_package_name(enum ksecdd_packed_package package)
{
	return package_names[package];
}

/**
 * ksecdd_krb5_key_len() - key length of a Kerberos encryption type
 * @enctype: RFC 3961 encryption type number
 *
 * Return: the key length in bytes, or 0 for a type ksecdd does not know.
 */
unsigned int ksecdd_krb5_key_len(u32 enctype)
{
	switch (enctype) {
	case KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA1_96:
	case KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128:
		return 16;
	case KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96:
	case KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192:
		return 32;
	}
	return 0;
}

/*
 * ASCII only, whatever the locale: the kernel's isalnum() also takes the
 * Latin-1 letters 0xc0-0xff, which no header may carry.
 */
static bool is_name_char(char c, bool dot)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       (dot && c == '.');
}

/**
 * ksecdd_packed_valid_name() - whether a string may name a package or key
 * @name: the name, not necessarily NUL-terminated
 * @len: its length
 * @max: the longest name the caller allows
 * @dot: whether '.' is allowed, as in sealing key names
 *
 * The one rule for names in packed headers, in key descriptions and in
 * the seal_key parameter, so that none accepts a name another refuses.
 *
 * Return: true for 1 to @max of A-Z a-z 0-9 - _ (and . if @dot).
 */
bool ksecdd_packed_valid_name(const char *name, size_t len, size_t max,
			      bool dot)
{
	size_t i;

	if (!len || len > max)
		return false;
	for (i = 0; i < len; i++)
		if (!is_name_char(name[i], dot))
			return false;
	return true;
}

/* A NUL-padded fixed-size name field: 1..size name characters, then zeroes. */
static int get_name_field(const u8 *p, size_t size, bool dot, char *out)
{
	size_t n = strnlen((const char *)p, size);

	if (!ksecdd_packed_valid_name((const char *)p, n, size, dot))
		return -EPROTO;
	memcpy(out, p, n);
	out[n] = '\0';
	for (; n < size; n++)
		if (p[n])
			return -EPROTO;
	return 0;
}

static bool is_zero(const u8 *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

/**
 * ksecdd_packed_parse_header() - check and decode the fixed header
 * @buf: the whole packed context
 * @len: its length
 * @hdr: receives the header fields
 *
 * Checks everything the header alone decides: magic, version, flags, that
 * the stated length is @len and within the cap, the package and key name
 * fields, and that raw blobs leave the sealing fields zero.
 *
 * Return: 0; -EOPNOTSUPP for a packed context of another version (such as
 * version 1, sealed with AES-GCM), whatever its length; -EPROTO for a
 * malformed header.
 */
int ksecdd_packed_parse_header(const u8 *buf, size_t len,
			       struct ksecdd_packed_header *hdr)
{
	size_t min = KSECDD_PACKED_HDR_LEN;

	/* the magic and version come first: they say how to read the rest */
	if (len < 5 || memcmp(buf, KSECDD_PACKED_MAGIC, 4))
		return -EPROTO;
	if (buf[4] != KSECDD_PACKED_VERSION)
		return -EOPNOTSUPP;
	if (len < KSECDD_PACKED_HDR_LEN || len > KSECDD_PACKED_MAX)
		return -EPROTO;
	if ((buf[5] & ~KSECDD_PACKED_SEALED) || get_le16(buf + 6))
		return -EPROTO;

	hdr->flags = buf[5];
	hdr->length = get_le32(buf + 8);
	if (hdr->flags & KSECDD_PACKED_SEALED)
		min += KSECDD_PACKED_TAG_LEN;
	if (hdr->length != len || len < min)
		return -EPROTO;
	if (get_name_field(buf + 12, KSECDD_PACKED_PACKAGE_LEN, false,
			   hdr->package))
		return -EPROTO;

	memcpy(hdr->nonce, buf + 44, KSECDD_PACKED_NONCE_LEN);
	if (!(hdr->flags & KSECDD_PACKED_SEALED)) {
		hdr->key_name[0] = '\0';
		if (!is_zero(buf + 28, KSECDD_PACKED_KEY_NAME_LEN) ||
		    !is_zero(hdr->nonce, KSECDD_PACKED_NONCE_LEN))
			return -EPROTO;
		return 0;
	}
	return get_name_field(buf + 28, KSECDD_PACKED_KEY_NAME_LEN, true,
			      hdr->key_name);
}

/**
 * ksecdd_packed_put_header() - write the fixed header
 * @buf: at least KSECDD_PACKED_HDR_LEN bytes
 * @hdr: header fields; names must already be valid
 */
void ksecdd_packed_put_header(u8 *buf, const struct ksecdd_packed_header *hdr)
{
	memset(buf, 0, KSECDD_PACKED_HDR_LEN);
	memcpy(buf, KSECDD_PACKED_MAGIC, 4);
	buf[4] = KSECDD_PACKED_VERSION;
	buf[5] = hdr->flags;
	put_le32(buf + 8, hdr->length);
	memcpy(buf + 12, hdr->package, strlen(hdr->package));
	memcpy(buf + 28, hdr->key_name, strlen(hdr->key_name));
	memcpy(buf + 44, hdr->nonce, KSECDD_PACKED_NONCE_LEN);
}

/*
 * Splits a UTF-8 lead byte into its payload bits, returning how many
 * continuation bytes follow (0 for a byte that cannot lead) and, in @min,
 * the smallest code point that needs that many.
 */
static unsigned int utf8_lead(u32 *c, u32 *min)
{
	if ((*c & 0xe0) == 0xc0) {
		*c &= 0x1f;
		*min = 0x80;
		return 1;
	}
	if ((*c & 0xf0) == 0xe0) {
		*c &= 0x0f;
		*min = 0x800;
		return 2;
	}
	if ((*c & 0xf8) == 0xf0) {
		*c &= 0x07;
		*min = 0x10000;
		return 3;
	}
	return 0;
}

/* Well-formed UTF-8 (RFC 3629) without control characters. */
static bool valid_name(const char *name, u32 len)
{
	const u8 *p = (const u8 *)name, *end = p + len;

	if (!len || len > KSECDD_PACKED_NAME_MAX)
		return false;
	while (p < end) {
		u32 c = *p++;
		unsigned int more;
		u32 min;

		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return false;
			continue;
		}
		more = utf8_lead(&c, &min);
		if (!more)
			return false;
		if (end - p < more)
			return false;
		while (more--) {
			if ((*p & 0xc0) != 0x80)
				return false;
			c = c << 6 | (*p++ & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) ||
		    (c >= 0x80 && c < 0xa0))
			return false;
	}
	return true;
}

static bool valid_rc4(const struct ksecdd_packed_rc4 *rc4)
{
	u8 seen[256] = { 0 };
	unsigned int i;

	for (i = 0; i < 256; i++) {
		if (seen[rc4->s[i]])
			return false;
		seen[rc4->s[i]] = 1;
	}
	return true;
}

static int validate_krb5(const struct ksecdd_packed_krb5 *krb5)
{
	if (!ksecdd_krb5_key_len(krb5->enctype) ||
	    (krb5->flags & ~KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG))
		return -EPROTO;
	return 0;
}

static int validate_ntlm(const struct ksecdd_packed_ntlm *ntlm)
{
	if (ntlm->client.has_rc4 && !valid_rc4(&ntlm->client.rc4))
		return -EPROTO;
	if (ntlm->server.has_rc4 && !valid_rc4(&ntlm->server.rc4))
		return -EPROTO;
	return 0;
}

/* The rules that span records or do not show in a single field. */
static int validate(const struct ksecdd_packed_ctx *ctx)
{
	u32 i;

	if (ctx->role > KSECDD_ROLE_ACCEPTOR)
		return -EPROTO;
	if (ctx->start < 0 || ctx->expiry < ctx->start)
		return -EPROTO;
	if (ctx->client_name &&
	    !valid_name(ctx->client_name, ctx->client_name_len))
		return -EPROTO;
	if (ctx->server_name &&
	    !valid_name(ctx->server_name, ctx->server_name_len))
		return -EPROTO;
	if (ctx->has_identity) {
		if (ctx->uid == (u32)-1 || ctx->gid == (u32)-1 ||
		    ctx->ngroups > KSECDD_PACKED_GROUPS_MAX)
			return -EPROTO;
		for (i = 0; i < ctx->ngroups; i++)
			if (ctx->groups[i] == (u32)-1 ||
			    (i && ctx->groups[i] <= ctx->groups[i - 1]))
				return -EPROTO;
	}
	if (ctx->has_owner && ctx->owner == (u32)-1)
		return -EPROTO;

	switch (ctx->package) {
	case KSECDD_PACKAGE_KERBEROS:
		return validate_krb5(&ctx->krb5);
	case KSECDD_PACKAGE_NTLM:
		return validate_ntlm(&ctx->ntlm);
	}
	return -EPROTO;
}

/*
 * Walks records in ascending type order: returns 1 with the next record's
 * type and value, 0 at the end, or -EPROTO.  Types keep their critical
 * bit, so a known type with the wrong bit is simply an unknown type.
 */
struct record_iter {
	const u8 *p;
	const u8 *end;
	u16 last;
};

static int next_record(struct record_iter *it, u16 *type,
		       const u8 **val, u16 *len)
{
	if (it->p == it->end)
		return 0;
	if (it->end - it->p < KSECDD_REC_HDR_LEN)
		return -EPROTO;
	*type = get_le16(it->p);
	*len = get_le16(it->p + 2);
	if ((*type & REC_TYPE_MASK) <= it->last)
		return -EPROTO;
	if (it->end - it->p - KSECDD_REC_HDR_LEN < *len)
		return -EPROTO;
	it->last = *type & REC_TYPE_MASK;
	*val = it->p + KSECDD_REC_HDR_LEN;
	it->p += KSECDD_REC_HDR_LEN + *len;
	return 1;
}

/*
 * What a decoder does with a record type it does not know: skip it unless
 * it is critical.  A known type number with the wrong critical bit is
 * malformed, not unknown, so no record can be both kept and dropped.
 */
static int unknown_record(u16 type, const u16 *known, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if ((type & REC_TYPE_MASK) == (known[i] & REC_TYPE_MASK))
			return -EPROTO;
	return type & KSECDD_REC_CRITICAL ? -EPROTO : 0;
}

static const u16 common_records[] = {
	KSECDD_REC_ROLE, KSECDD_REC_FLAGS, KSECDD_REC_LIFESPAN,
	KSECDD_REC_CLIENT_NAME, KSECDD_REC_SERVER_NAME, KSECDD_REC_OWNER,
	KSECDD_REC_IDENTITY, KSECDD_REC_PACKAGE_STATE,
};

static const u16 krb5_records[] = {
	KSECDD_KRB5_ENCTYPE, KSECDD_KRB5_FLAGS, KSECDD_KRB5_KEY,
	KSECDD_KRB5_ACCEPTOR_SUBKEY, KSECDD_KRB5_SEQUENCE,
};

static const u16 ntlm_records[] = {
	KSECDD_NTLM_NEGOTIATE_FLAGS, KSECDD_NTLM_SESSION_KEY,
	KSECDD_NTLM_CLIENT, KSECDD_NTLM_SERVER, KSECDD_NTLM_CLIENT_RC4,
	KSECDD_NTLM_SERVER_RC4,
};

static void iter_init(struct record_iter *it, const u8 *buf, size_t len)
{
	it->p = buf;
	it->end = buf + len;
	it->last = 0;
}

static int get_dir(struct ksecdd_packed_ntlm_dir *dir,
		   const u8 *val, u16 len)
{
	if (len != NTLM_DIR_LEN)
		return -EPROTO;
	memcpy(dir->sign_key, val, KSECDD_NTLM_KEY_LEN);
	memcpy(dir->seal_key, val + KSECDD_NTLM_KEY_LEN, KSECDD_NTLM_KEY_LEN);
	dir->seq = get_le32(val + 2 * KSECDD_NTLM_KEY_LEN);
	return 0;
}

static int get_rc4(struct ksecdd_packed_ntlm_dir *dir,
		   const u8 *val, u16 len)
{
	if (len != RC4_STATE_LEN)
		return -EPROTO;
	memcpy(dir->rc4.s, val, 256);
	dir->rc4.i = val[256];
	dir->rc4.j = val[257];
	dir->has_rc4 = true;
	return 0;
}

#define NTLM_REQUIRED	0xf

static int decode_ntlm(struct ksecdd_packed_ntlm *ntlm,
		       const u8 *buf, size_t len)
{
	struct record_iter it;
	unsigned int seen = 0;
	const u8 *val;
	u16 type, vlen;
	int ret;

	iter_init(&it, buf, len);
	while ((ret = next_record(&it, &type, &val, &vlen)) > 0) {
		ret = 0;
		switch (type) {
		case KSECDD_NTLM_NEGOTIATE_FLAGS:
			if (vlen != 4)
				return -EPROTO;
			ntlm->negotiate_flags = get_le32(val);
			seen |= 1;
			break;
		case KSECDD_NTLM_SESSION_KEY:
			if (vlen != KSECDD_NTLM_KEY_LEN)
				return -EPROTO;
			memcpy(ntlm->session_key, val, vlen);
			seen |= 2;
			break;
		case KSECDD_NTLM_CLIENT:
			ret = get_dir(&ntlm->client, val, vlen);
			seen |= 4;
			break;
		case KSECDD_NTLM_SERVER:
			ret = get_dir(&ntlm->server, val, vlen);
			seen |= 8;
			break;
		case KSECDD_NTLM_CLIENT_RC4:
			ret = get_rc4(&ntlm->client, val, vlen);
			break;
		case KSECDD_NTLM_SERVER_RC4:
			ret = get_rc4(&ntlm->server, val, vlen);
			break;
		default:
			ret = unknown_record(type, ntlm_records,
					     ARRAY_SIZE(ntlm_records));
		}
		if (ret)
			return ret;
	}
	if (ret || seen != NTLM_REQUIRED)
		return -EPROTO;
	return 0;
}

#define KRB5_REQUIRED	0x1b

static int decode_krb5(struct ksecdd_packed_krb5 *krb5,
		       const u8 *buf, size_t len)
{
	unsigned int seen = 0, key_len = 0, subkey_len = 0;
	struct record_iter it;
	const u8 *val;
	u16 type, vlen;
	int ret;

	iter_init(&it, buf, len);
	while ((ret = next_record(&it, &type, &val, &vlen)) > 0) {
		switch (type) {
		case KSECDD_KRB5_ENCTYPE:
			if (vlen != 4)
				return -EPROTO;
			krb5->enctype = get_le32(val);
			key_len = ksecdd_krb5_key_len(krb5->enctype);
			if (!key_len)
				return -EPROTO;
			seen |= 1;
			break;
		case KSECDD_KRB5_FLAGS:
			if (vlen != 4)
				return -EPROTO;
			krb5->flags = get_le32(val);
			seen |= 2;
			break;
		case KSECDD_KRB5_KEY:
			/* ENCTYPE comes first, so key_len is known here */
			if (!(seen & 1) || vlen != key_len)
				return -EPROTO;
			memcpy(krb5->key, val, vlen);
			seen |= 8;
			break;
		case KSECDD_KRB5_ACCEPTOR_SUBKEY:
			if (!(seen & 1) || vlen != key_len)
				return -EPROTO;
			memcpy(krb5->acceptor_subkey, val, vlen);
			subkey_len = vlen;
			break;
		case KSECDD_KRB5_SEQUENCE:
			if (vlen != KRB5_SEQUENCE_LEN)
				return -EPROTO;
			krb5->send_seq_initial = get_le64(val);
			krb5->send_seq = get_le64(val + 8);
			krb5->recv_seq_initial = get_le64(val + 16);
			krb5->recv_seq = get_le64(val + 24);
			seen |= 0x10;
			break;
		default:
			ret = unknown_record(type, krb5_records,
					     ARRAY_SIZE(krb5_records));
			if (ret)
				return ret;
		}
	}
	if (ret || seen != KRB5_REQUIRED)
		return -EPROTO;
	/* The flag and the subkey record come together or not at all. */
	if (!(krb5->flags & KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG) != !subkey_len)
		return -EPROTO;
	return validate_krb5(krb5);
}

static int get_identity(struct ksecdd_packed_ctx *ctx,
			const u8 *val, u16 len)
{
	u32 i;

	if (len < IDENTITY_FIXED_LEN || (len - IDENTITY_FIXED_LEN) % 4)
		return -EPROTO;
	ctx->ngroups = (len - IDENTITY_FIXED_LEN) / 4;
	if (ctx->ngroups > KSECDD_PACKED_GROUPS_MAX)
		return -EPROTO;
	ctx->uid = get_le32(val);
	ctx->gid = get_le32(val + 4);
	for (i = 0; i < ctx->ngroups; i++)
		ctx->groups[i] = get_le32(val + IDENTITY_FIXED_LEN + 4 * i);
	ctx->has_identity = true;
	return 0;
}

static int get_common(struct ksecdd_packed_ctx *ctx, u16 type,
		      const u8 *val, u16 len)
{
	switch (type) {
	case KSECDD_REC_ROLE:
		if (len != 1)
			return -EPROTO;
		ctx->role = val[0];
		return 0;
	case KSECDD_REC_FLAGS:
		if (len != 4)
			return -EPROTO;
		ctx->flags = get_le32(val);
		return 0;
	case KSECDD_REC_LIFESPAN:
		if (len != LIFESPAN_LEN)
			return -EPROTO;
		ctx->start = (s64)get_le64(val);
		ctx->expiry = (s64)get_le64(val + 8);
		return 0;
	case KSECDD_REC_CLIENT_NAME:
		ctx->client_name = (const char *)val;
		ctx->client_name_len = len;
		return 0;
	case KSECDD_REC_SERVER_NAME:
		ctx->server_name = (const char *)val;
		ctx->server_name_len = len;
		return 0;
	case KSECDD_REC_OWNER:
		if (len != 4)
			return -EPROTO;
		ctx->owner = get_le32(val);
		ctx->has_owner = true;
		return 0;
	case KSECDD_REC_IDENTITY:
		return get_identity(ctx, val, len);
	case KSECDD_REC_PACKAGE_STATE:
		if (ctx->package == KSECDD_PACKAGE_KERBEROS)
			return decode_krb5(&ctx->krb5, val, len);
		return decode_ntlm(&ctx->ntlm, val, len);
	}
	return unknown_record(type, common_records,
			      ARRAY_SIZE(common_records));
}

/* ROLE, FLAGS, LIFESPAN and PACKAGE_STATE: the records every context has */
#define COMMON_REQUIRED	(BIT(1) | BIT(2) | BIT(3) | BIT(8))

/**
 * ksecdd_packed_decode_records() - decode the records of a context
 * @package: the package the header names
 * @buf: the records, in the clear
 * @len: their length
 * @ctx: receives the context; names point into @buf
 *
 * Return: 0, or -EPROTO if the records are not the one canonical
 * encoding of a valid context.
 */
int ksecdd_packed_decode_records(enum ksecdd_packed_package package,
				 const u8 *buf, size_t len,
				 struct ksecdd_packed_ctx *ctx)
{
	struct record_iter it;
	unsigned int seen = 0;
	const u8 *val;
	u16 type, vlen;
	int ret;

	memset(ctx, 0, sizeof(*ctx));
	ctx->package = package;
	iter_init(&it, buf, len);
	while ((ret = next_record(&it, &type, &val, &vlen)) > 0) {
		ret = get_common(ctx, type, val, vlen);
		if (ret)
			return ret;
		if (type & KSECDD_REC_CRITICAL)
			seen |= BIT(type & 0x1f);
	}
	if (ret || (seen & COMMON_REQUIRED) != COMMON_REQUIRED)
		return -EPROTO;
	return validate(ctx);
}

static u8 *put_record(u8 *p, u16 type, u16 len)
{
	put_le16(p, type);
	put_le16(p + 2, len);
	return p + KSECDD_REC_HDR_LEN;
}

static u8 *put_u32_record(u8 *p, u16 type, u32 v)
{
	p = put_record(p, type, 4);
	put_le32(p, v);
	return p + 4;
}

static u8 *put_bytes_record(u8 *p, u16 type, const void *v, u16 len)
{
	p = put_record(p, type, len);
	memcpy(p, v, len);
	return p + len;
}

static size_t krb5_len(const struct ksecdd_packed_krb5 *krb5)
{
	size_t key_len = ksecdd_krb5_key_len(krb5->enctype);
	size_t len = 4 * KSECDD_REC_HDR_LEN + 4 + 4 + key_len +
		     KRB5_SEQUENCE_LEN;

	if (krb5->flags & KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG)
		len += KSECDD_REC_HDR_LEN + key_len;
	return len;
}

static u8 *put_krb5(u8 *p, const struct ksecdd_packed_krb5 *krb5)
{
	u16 key_len = ksecdd_krb5_key_len(krb5->enctype);

	p = put_u32_record(p, KSECDD_KRB5_ENCTYPE, krb5->enctype);
	p = put_u32_record(p, KSECDD_KRB5_FLAGS, krb5->flags);
	p = put_bytes_record(p, KSECDD_KRB5_KEY, krb5->key, key_len);
	if (krb5->flags & KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG)
		p = put_bytes_record(p, KSECDD_KRB5_ACCEPTOR_SUBKEY,
				     krb5->acceptor_subkey, key_len);
	p = put_record(p, KSECDD_KRB5_SEQUENCE, KRB5_SEQUENCE_LEN);
	put_le64(p, krb5->send_seq_initial);
	put_le64(p + 8, krb5->send_seq);
	put_le64(p + 16, krb5->recv_seq_initial);
	put_le64(p + 24, krb5->recv_seq);
	return p + KRB5_SEQUENCE_LEN;
}

static size_t ntlm_len(const struct ksecdd_packed_ntlm *ntlm)
{
	size_t len = 4 * KSECDD_REC_HDR_LEN + 4 + KSECDD_NTLM_KEY_LEN +
		     2 * NTLM_DIR_LEN;

	if (ntlm->client.has_rc4)
		len += KSECDD_REC_HDR_LEN + RC4_STATE_LEN;
	if (ntlm->server.has_rc4)
		len += KSECDD_REC_HDR_LEN + RC4_STATE_LEN;
	return len;
}

static u8 *put_dir(u8 *p, u16 type, const struct ksecdd_packed_ntlm_dir *dir)
{
	p = put_record(p, type, NTLM_DIR_LEN);
	memcpy(p, dir->sign_key, KSECDD_NTLM_KEY_LEN);
	memcpy(p + KSECDD_NTLM_KEY_LEN, dir->seal_key, KSECDD_NTLM_KEY_LEN);
	put_le32(p + 2 * KSECDD_NTLM_KEY_LEN, dir->seq);
	return p + NTLM_DIR_LEN;
}

static u8 *put_rc4(u8 *p, u16 type, const struct ksecdd_packed_rc4 *rc4)
{
	p = put_record(p, type, RC4_STATE_LEN);
	memcpy(p, rc4->s, 256);
	p[256] = rc4->i;
	p[257] = rc4->j;
	return p + RC4_STATE_LEN;
}

static u8 *put_ntlm(u8 *p, const struct ksecdd_packed_ntlm *ntlm)
{
	p = put_u32_record(p, KSECDD_NTLM_NEGOTIATE_FLAGS,
			   ntlm->negotiate_flags);
	p = put_bytes_record(p, KSECDD_NTLM_SESSION_KEY, ntlm->session_key,
			     KSECDD_NTLM_KEY_LEN);
	p = put_dir(p, KSECDD_NTLM_CLIENT, &ntlm->client);
	p = put_dir(p, KSECDD_NTLM_SERVER, &ntlm->server);
	if (ntlm->client.has_rc4)
		p = put_rc4(p, KSECDD_NTLM_CLIENT_RC4, &ntlm->client.rc4);
	if (ntlm->server.has_rc4)
		p = put_rc4(p, KSECDD_NTLM_SERVER_RC4, &ntlm->server.rc4);
	return p;
}

static size_t state_len(const struct ksecdd_packed_ctx *ctx)
{
	if (ctx->package == KSECDD_PACKAGE_KERBEROS)
		return krb5_len(&ctx->krb5);
	return ntlm_len(&ctx->ntlm);
}

/**
 * ksecdd_packed_records_len() - length of a context's encoded records
 * @ctx: a context that passes validation
 *
 * Return: the number of bytes ksecdd_packed_encode_records() writes.
 */
size_t ksecdd_packed_records_len(const struct ksecdd_packed_ctx *ctx)
{
	size_t len = 4 * KSECDD_REC_HDR_LEN + 1 + 4 + LIFESPAN_LEN +
		     state_len(ctx);

	if (ctx->client_name)
		len += KSECDD_REC_HDR_LEN + ctx->client_name_len;
	if (ctx->server_name)
		len += KSECDD_REC_HDR_LEN + ctx->server_name_len;
	if (ctx->has_owner)
		len += KSECDD_REC_HDR_LEN + 4;
	if (ctx->has_identity)
		len += KSECDD_REC_HDR_LEN + IDENTITY_FIXED_LEN +
		       4 * ctx->ngroups;
	return len;
}

/**
 * ksecdd_packed_encode_records() - encode a context's records
 * @ctx: the context
 * @buf: output buffer
 * @len: its size; must be ksecdd_packed_records_len(@ctx) exactly
 *
 * Return: 0, -EINVAL for a context the decoder would refuse, or -ENOSPC
 * when @len is not the encoded length.
 */
int ksecdd_packed_encode_records(const struct ksecdd_packed_ctx *ctx,
				 u8 *buf, size_t len)
{
	u8 *p = buf;
	u32 i;

	if (validate(ctx))
		return -EINVAL;
	if (len != ksecdd_packed_records_len(ctx) ||
	    len > KSECDD_PACKED_MAX - KSECDD_PACKED_HDR_LEN)
		return -ENOSPC;

	p = put_record(p, KSECDD_REC_ROLE, 1);
	*p++ = ctx->role;
	p = put_u32_record(p, KSECDD_REC_FLAGS, ctx->flags);
	p = put_record(p, KSECDD_REC_LIFESPAN, LIFESPAN_LEN);
	put_le64(p, ctx->start);
	put_le64(p + 8, ctx->expiry);
	p += LIFESPAN_LEN;
	if (ctx->client_name)
		p = put_bytes_record(p, KSECDD_REC_CLIENT_NAME,
				     ctx->client_name, ctx->client_name_len);
	if (ctx->server_name)
		p = put_bytes_record(p, KSECDD_REC_SERVER_NAME,
				     ctx->server_name, ctx->server_name_len);
	if (ctx->has_owner)
		p = put_u32_record(p, KSECDD_REC_OWNER, ctx->owner);
	if (ctx->has_identity) {
		p = put_record(p, KSECDD_REC_IDENTITY,
			       IDENTITY_FIXED_LEN + 4 * ctx->ngroups);
		put_le32(p, ctx->uid);
		put_le32(p + 4, ctx->gid);
		p += IDENTITY_FIXED_LEN;
		for (i = 0; i < ctx->ngroups; i++, p += 4)
			put_le32(p, ctx->groups[i]);
	}
	p = put_record(p, KSECDD_REC_PACKAGE_STATE, state_len(ctx));
	if (ctx->package == KSECDD_PACKAGE_KERBEROS)
		put_krb5(p, &ctx->krb5);
	else
		put_ntlm(p, &ctx->ntlm);
	return 0;
}

/**
 * ksecdd_packed_len() - length of a context packed raw
 * @ctx: the context
 *
 * Return: header plus records; a sealed blob adds KSECDD_PACKED_TAG_LEN.
 */
size_t ksecdd_packed_len(const struct ksecdd_packed_ctx *ctx)
{
	return KSECDD_PACKED_HDR_LEN + ksecdd_packed_records_len(ctx);
}

/**
 * ksecdd_packed_encode() - pack a context raw (unsealed)
 * @ctx: the context
 * @buf: output buffer
 * @len: its size; must be ksecdd_packed_len(@ctx) exactly
 *
 * Return: 0, -EINVAL for an invalid context, -ENOSPC for a wrong @len or
 * a context larger than the format's cap.
 */
int ksecdd_packed_encode(const struct ksecdd_packed_ctx *ctx,
			 u8 *buf, size_t len)
{
	struct ksecdd_packed_header hdr = { 0 };

	if (len < KSECDD_PACKED_HDR_LEN || len > KSECDD_PACKED_MAX)
		return -ENOSPC;
	hdr.length = len;
	strcpy(hdr.package, ksecdd_packed_package_name(ctx->package));
	ksecdd_packed_put_header(buf, &hdr);
	return ksecdd_packed_encode_records(ctx, buf + KSECDD_PACKED_HDR_LEN,
					    len - KSECDD_PACKED_HDR_LEN);
}

/**
 * ksecdd_packed_decode() - unpack a raw (unsealed) context
 * @buf: the packed context
 * @len: its length
 * @ctx: receives the context; names point into @buf
 *
 * Return: 0, -EPROTO for a malformed or sealed blob, -ENOPKG for a
 * package this codec does not know.
 */
int ksecdd_packed_decode(const u8 *buf, size_t len,
			 struct ksecdd_packed_ctx *ctx)
{
	struct ksecdd_packed_header hdr;
	int package, ret;

	ret = ksecdd_packed_parse_header(buf, len, &hdr);
	if (ret)
		return ret;
	if (hdr.flags & KSECDD_PACKED_SEALED)
		return -EPROTO;
	package = ksecdd_packed_package_id(hdr.package);
	if (package < 0)
		return package;
	return ksecdd_packed_decode_records(package,
					    buf + KSECDD_PACKED_HDR_LEN,
					    len - KSECDD_PACKED_HDR_LEN, ctx);
}
