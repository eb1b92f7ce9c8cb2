// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the seed corpus of packed_fuzz: a valid blob of each package,
 * enctype and role, with and without names, identity, owner and a finite
 * lifespan, NTLM with and without RC4 state, sealed blobs, and a few that
 * break one rule each.  Valid blobs come from the codec itself, so the
 * seeds follow the format as packed.c implements it.
 *
 *   make -C userspace/fuzz corpus
 *
 * rewrites userspace/fuzz/corpus; the bytes depend on nothing but this
 * file and the codec (the "random" ones come from a fixed seed), so an
 * unchanged codec gives an unchanged corpus.
 *
 * Sealed seeds cannot be sealed here: that takes the kernel's key.  Some
 * carry random bytes as a sealed export would; others carry the records
 * in the clear before a random tag, which is what the record decoder
 * sees after decryption, so the fuzzer starts from valid records there.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ksecdd/packed.h"
#include "le.h"

/* What a seed has besides the records every context has. */
#define NAMES		BIT(0)
#define IDENTITY	BIT(1)
#define OWNER		BIT(2)
#define LIFESPAN	BIT(3)	/* a finite one; otherwise 0 to never */
#define LONGEST		BIT(4)	/* longest names, most groups */

/* The header of version 1, which sealed with AES-GCM. */
#define V1_HDR_LEN	56

struct blob {
	u8 buf[KSECDD_PACKED_MAX];
	size_t len;
};

static const char *out_dir;
static u32 rng_state = 0x6b736463;
static char long_name[KSECDD_PACKED_NAME_MAX];

static void die(const char *what)
{
	fprintf(stderr, "mkcorpus: %s\n", what);
	exit(1);
}

/* xorshift32: fixed seed, so the corpus is the same on every run. */
static u8 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state >> 24;
}

static void fill_random(u8 *p, size_t len)
{
	while (len--)
		*p++ = rnd();
}

static void save(const char *name, const struct blob *b)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out_dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b->buf, 1, b->len, f) != b->len || fclose(f))
		die(path);
}

/* Two-, three- and four-byte UTF-8 between ASCII, 1024 bytes in all. */
static void make_long_name(void)
{
	static const char piece[] = "a\xc3\xa9z\xe2\x82\xac\xf0\x9d\x84\x9e";
	size_t n = 0;

	while (n + sizeof(piece) - 1 <= sizeof(long_name)) {
		memcpy(long_name + n, piece, sizeof(piece) - 1);
		n += sizeof(piece) - 1;
	}
	memset(long_name + n, 'x', sizeof(long_name) - n);
}

static void set_name(const char **name, u32 *len, const char *s, bool longest)
{
	*name = longest ? long_name : s;
	*len = longest ? sizeof(long_name) : strlen(s);
}

static void common(struct ksecdd_packed_ctx *ctx, u8 role, unsigned int has)
{
	u32 i;

	ctx->role = role;
	ctx->flags = role == KSECDD_ROLE_INITIATOR ? 0x1e : 0x1001e;
	ctx->start = 0;
	ctx->expiry = KSECDD_PACKED_NEVER;
	if (has & LIFESPAN) {
		ctx->start = 1767225600;
		ctx->expiry = 1767261600;
	}
	if (has & NAMES) {
		set_name(&ctx->client_name, &ctx->client_name_len,
			 "alice@EXAMPLE.COM", has & LONGEST);
		set_name(&ctx->server_name, &ctx->server_name_len,
			 "cifs/srv.example.com@EXAMPLE.COM", has & LONGEST);
	}
	ctx->has_owner = has & OWNER;
	ctx->owner = 1000;
	ctx->has_identity = has & IDENTITY;
	ctx->uid = 1000;
	ctx->gid = 100;
	ctx->ngroups = has & LONGEST ? KSECDD_PACKED_GROUPS_MAX : 3;
	for (i = 0; i < ctx->ngroups; i++)
		ctx->groups[i] = 4 + 7 * i;
}

static void krb5(struct ksecdd_packed_ctx *ctx, u32 enctype, bool subkey)
{
	ctx->package = KSECDD_PACKAGE_KERBEROS;
	ctx->krb5.enctype = enctype;
	ctx->krb5.flags = subkey ? KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG : 0;
	fill_random(ctx->krb5.key, ksecdd_krb5_key_len(enctype));
	if (subkey)
		fill_random(ctx->krb5.acceptor_subkey,
			    ksecdd_krb5_key_len(enctype));
	ctx->krb5.send_seq_initial = 0x12345678;
	ctx->krb5.send_seq = 0x1234567b;
	ctx->krb5.recv_seq_initial = 0xfffffffffffffff0ULL;
	ctx->krb5.recv_seq = 0xfffffffffffffff2ULL;
}

/* RC4 state some messages into a stream: any permutation will do. */
static void rc4_state(struct ksecdd_packed_ntlm_dir *dir)
{
	unsigned int i, j;
	u8 t;

	for (i = 0; i < 256; i++)
		dir->rc4.s[i] = i;
	for (i = 255; i > 0; i--) {
		j = rnd() % (i + 1);
		t = dir->rc4.s[i];
		dir->rc4.s[i] = dir->rc4.s[j];
		dir->rc4.s[j] = t;
	}
	dir->rc4.i = rnd();
	dir->rc4.j = rnd();
	dir->has_rc4 = true;
}

static void ntlm(struct ksecdd_packed_ctx *ctx, bool client_rc4,
		 bool server_rc4)
{
	ctx->package = KSECDD_PACKAGE_NTLM;
	ctx->ntlm.negotiate_flags = 0xe2888235;
	fill_random(ctx->ntlm.session_key, KSECDD_NTLM_KEY_LEN);
	fill_random(ctx->ntlm.client.sign_key, KSECDD_NTLM_KEY_LEN);
	fill_random(ctx->ntlm.client.seal_key, KSECDD_NTLM_KEY_LEN);
	fill_random(ctx->ntlm.server.sign_key, KSECDD_NTLM_KEY_LEN);
	fill_random(ctx->ntlm.server.seal_key, KSECDD_NTLM_KEY_LEN);
	ctx->ntlm.client.seq = client_rc4 ? 3 : 0;
	ctx->ntlm.server.seq = server_rc4 ? 2 : 0;
	if (client_rc4)
		rc4_state(&ctx->ntlm.client);
	if (server_rc4)
		rc4_state(&ctx->ntlm.server);
}

static void encode(const struct ksecdd_packed_ctx *ctx, struct blob *b)
{
	b->len = ksecdd_packed_len(ctx);
	if (ksecdd_packed_encode(ctx, b->buf, b->len))
		die("the codec refused a seed context");
}

/*
 * A sealed blob with @ctx's records: in the clear if @clear, else random
 * bytes of the same length, as a real ciphertext would be.
 */
static void seal(const struct ksecdd_packed_ctx *ctx, const char *key_name,
		 bool clear, struct blob *b)
{
	struct ksecdd_packed_header hdr = { .flags = KSECDD_PACKED_SEALED };
	size_t rec_len = ksecdd_packed_records_len(ctx);
	u8 *rec = b->buf + KSECDD_PACKED_HDR_LEN;

	b->len = KSECDD_PACKED_HDR_LEN + rec_len + KSECDD_PACKED_TAG_LEN;
	hdr.length = b->len;
	strcpy(hdr.package, ksecdd_packed_package_name(ctx->package));
	strcpy(hdr.key_name, key_name);
	fill_random(hdr.nonce, KSECDD_PACKED_NONCE_LEN);
	memset(b->buf, 0, KSECDD_PACKED_HDR_LEN);
	ksecdd_packed_put_header(b->buf, &hdr);
	if (ksecdd_packed_encode_records(ctx, rec, rec_len))
		die("the codec refused a sealed seed context");
	if (!clear)
		fill_random(rec, rec_len);
	fill_random(rec + rec_len, KSECDD_PACKED_TAG_LEN);
}

/* Offset in @p of the first record of @type; the seeds all have it. */
static size_t find(const u8 *p, size_t len, u16 type)
{
	size_t i = 0;

	while (i + KSECDD_REC_HDR_LEN <= len) {
		if (get16(p + i) == type)
			return i;
		i += KSECDD_REC_HDR_LEN + get16(p + i + 2);
	}
	die("record not found");
	return 0;
}

static size_t find_top(const struct blob *b, u16 type)
{
	return KSECDD_PACKED_HDR_LEN +
	       find(b->buf + KSECDD_PACKED_HDR_LEN,
		    b->len - KSECDD_PACKED_HDR_LEN, type);
}

/* Offset in the blob of a record inside PACKAGE_STATE. */
static size_t find_state(const struct blob *b, u16 type)
{
	size_t state = find_top(b, KSECDD_REC_PACKAGE_STATE);

	return state + KSECDD_REC_HDR_LEN +
	       find(b->buf + state + KSECDD_REC_HDR_LEN,
		    get16(b->buf + state + 2), type);
}

/* Adds a record at @off and keeps the header's length right. */
static void insert(struct blob *b, size_t off, u16 type, const char *val)
{
	size_t len = KSECDD_REC_HDR_LEN + strlen(val);

	memmove(b->buf + off + len, b->buf + off, b->len - off);
	put16(b->buf + off, type);
	put16(b->buf + off + 2, strlen(val));
	memcpy(b->buf + off + KSECDD_REC_HDR_LEN, val, strlen(val));
	b->len += len;
	put32(b->buf + 8, b->len);
}

/* Appends a record to PACKAGE_STATE, which is the last common record. */
static void append_state(struct blob *b, u16 type, const char *val)
{
	size_t state = find_top(b, KSECDD_REC_PACKAGE_STATE);

	put16(b->buf + state + 2, get16(b->buf + state + 2) +
	      KSECDD_REC_HDR_LEN + strlen(val));
	insert(b, b->len, type, val);
}

struct krb5_seed {
	const char *name;
	u32 enctype;
	bool subkey;
	u8 role;
	unsigned int has;
};

static const struct krb5_seed krb5_seeds[] = {
	{ "krb5-17-initiator", 17, false, KSECDD_ROLE_INITIATOR,
	  NAMES | LIFESPAN },
	{ "krb5-17-acceptor-subkey", 17, true, KSECDD_ROLE_ACCEPTOR,
	  NAMES | IDENTITY | LIFESPAN },
	{ "krb5-18-initiator-bare", 18, false, KSECDD_ROLE_INITIATOR, 0 },
	{ "krb5-18-acceptor-subkey", 18, true, KSECDD_ROLE_ACCEPTOR,
	  IDENTITY | OWNER },
	{ "krb5-18-acceptor-longest", 18, true, KSECDD_ROLE_ACCEPTOR,
	  NAMES | IDENTITY | OWNER | LIFESPAN | LONGEST },
	{ "krb5-19-acceptor", 19, false, KSECDD_ROLE_ACCEPTOR,
	  NAMES | IDENTITY },
	{ "krb5-19-initiator-subkey", 19, true, KSECDD_ROLE_INITIATOR,
	  LIFESPAN },
	{ "krb5-20-initiator", 20, false, KSECDD_ROLE_INITIATOR,
	  NAMES | OWNER | LIFESPAN },
	{ "krb5-20-acceptor-subkey", 20, true, KSECDD_ROLE_ACCEPTOR,
	  NAMES | IDENTITY | OWNER | LIFESPAN },
};

struct ntlm_seed {
	const char *name;
	bool client_rc4;
	bool server_rc4;
	u8 role;
	unsigned int has;
};

static const struct ntlm_seed ntlm_seeds[] = {
	{ "ntlm-initiator-bare", false, false, KSECDD_ROLE_INITIATOR, 0 },
	{ "ntlm-acceptor", false, false, KSECDD_ROLE_ACCEPTOR,
	  NAMES | IDENTITY | LIFESPAN },
	{ "ntlm-initiator-client-rc4", true, false, KSECDD_ROLE_INITIATOR,
	  NAMES | OWNER },
	{ "ntlm-acceptor-server-rc4", false, true, KSECDD_ROLE_ACCEPTOR,
	  IDENTITY | OWNER | LIFESPAN },
	{ "ntlm-acceptor-both-rc4", true, true, KSECDD_ROLE_ACCEPTOR,
	  NAMES | IDENTITY | OWNER | LIFESPAN },
};

static struct ksecdd_packed_ctx ctx;
static struct blob blob;

static const struct ksecdd_packed_ctx *krb5_ctx(const struct krb5_seed *s)
{
	memset(&ctx, 0, sizeof(ctx));
	common(&ctx, s->role, s->has);
	krb5(&ctx, s->enctype, s->subkey);
	return &ctx;
}

static const struct ksecdd_packed_ctx *ntlm_ctx(const struct ntlm_seed *s)
{
	memset(&ctx, 0, sizeof(ctx));
	common(&ctx, s->role, s->has);
	ntlm(&ctx, s->client_rc4, s->server_rc4);
	return &ctx;
}

static void valid_seeds(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(krb5_seeds); i++) {
		encode(krb5_ctx(&krb5_seeds[i]), &blob);
		save(krb5_seeds[i].name, &blob);
	}
	for (i = 0; i < ARRAY_SIZE(ntlm_seeds); i++) {
		encode(ntlm_ctx(&ntlm_seeds[i]), &blob);
		save(ntlm_seeds[i].name, &blob);
	}

	/* Valid, but unknown records that re-encoding drops. */
	encode(krb5_ctx(&krb5_seeds[1]), &blob);
	append_state(&blob, 0x0006, "later");
	insert(&blob, blob.len, 0x0009, "later still");
	save("krb5-17-unknown-records", &blob);
	encode(ntlm_ctx(&ntlm_seeds[4]), &blob);
	append_state(&blob, 0x7fff, "");
	save("ntlm-unknown-record", &blob);
}

static void sealed_seeds(void)
{
	seal(krb5_ctx(&krb5_seeds[3]), "boot.0123456789", false, &blob);
	save("sealed-krb5-18-boot", &blob);
	seal(ntlm_ctx(&ntlm_seeds[2]), "nfs_server-1.key", false, &blob);
	save("sealed-ntlm-provisioned", &blob);
	seal(krb5_ctx(&krb5_seeds[8]), "boot.a1b2c3d4e5", true, &blob);
	save("sealed-krb5-20-clear", &blob);
	seal(ntlm_ctx(&ntlm_seeds[4]), "site-key", true, &blob);
	save("sealed-ntlm-rc4-clear", &blob);
}

/* Each breaks one rule of a valid blob. */
static void malformed_seeds(void)
{
	const struct ksecdd_packed_ctx *k = krb5_ctx(&krb5_seeds[0]);
	size_t off;
	u8 rec[13];

	encode(k, &blob);
	blob.len = 40;
	save("bad-short-header", &blob);

	encode(k, &blob);
	blob.buf[3] = 'D';
	save("bad-magic", &blob);

	encode(k, &blob);
	put32(blob.buf + 8, blob.len + 1);
	save("bad-length", &blob);

	encode(k, &blob);
	blob.len -= 5;
	put32(blob.buf + 8, blob.len);
	save("bad-truncated", &blob);

	/* FLAGS (8 bytes) before ROLE (5 bytes) */
	encode(k, &blob);
	memcpy(rec, blob.buf + KSECDD_PACKED_HDR_LEN, sizeof(rec));
	memcpy(blob.buf + KSECDD_PACKED_HDR_LEN, rec + 5, 8);
	memcpy(blob.buf + KSECDD_PACKED_HDR_LEN + 8, rec, 5);
	save("bad-order", &blob);

	encode(k, &blob);
	insert(&blob, blob.len, 0x8009, "must understand");
	save("bad-unknown-critical", &blob);

	encode(k, &blob);
	off = find_top(&blob, KSECDD_REC_CLIENT_NAME);
	blob.buf[off + KSECDD_REC_HDR_LEN + 5] = 0xc0;	/* overlong '@' */
	blob.buf[off + KSECDD_REC_HDR_LEN + 6] = 0x80;
	save("bad-name-utf8", &blob);

	encode(k, &blob);
	blob.buf[30] = 'k';
	save("bad-raw-key-name", &blob);

	encode(k, &blob);
	memset(blob.buf + 12, 0, KSECDD_PACKED_PACKAGE_LEN);
	memcpy(blob.buf + 12, "Negotiate", 9);		/* not ours */
	save("bad-unknown-package", &blob);

	encode(krb5_ctx(&krb5_seeds[2]), &blob);
	off = find_state(&blob, KSECDD_KRB5_ENCTYPE);
	blob.buf[off + KSECDD_REC_HDR_LEN] = 17;	/* 32-byte key */
	save("bad-krb5-key-length", &blob);

	encode(krb5_ctx(&krb5_seeds[2]), &blob);
	off = find_state(&blob, KSECDD_KRB5_FLAGS);
	blob.buf[off + KSECDD_REC_HDR_LEN] = 1;		/* but no subkey */
	save("bad-krb5-subkey-flag", &blob);

	encode(ntlm_ctx(&ntlm_seeds[2]), &blob);
	off = find_state(&blob, KSECDD_NTLM_CLIENT_RC4);
	blob.buf[off + KSECDD_REC_HDR_LEN] ^= 1;	/* not a permutation */
	save("bad-ntlm-rc4", &blob);

	seal(krb5_ctx(&krb5_seeds[0]), "boot.0123456789", false, &blob);
	blob.len = KSECDD_PACKED_HDR_LEN + KSECDD_PACKED_TAG_LEN - 1;
	put32(blob.buf + 8, blob.len);
	save("bad-sealed-short", &blob);

	/*
	 * Version 1, as exported before sealing changed to XChaCha20-Poly1305:
	 * a 56-byte header ending in a 12-byte AES-GCM nonce.
	 */
	seal(krb5_ctx(&krb5_seeds[0]), "boot.0123456789", false, &blob);
	blob.buf[4] = 1;
	memmove(blob.buf + V1_HDR_LEN, blob.buf + KSECDD_PACKED_HDR_LEN,
		blob.len - KSECDD_PACKED_HDR_LEN);
	blob.len -= KSECDD_PACKED_HDR_LEN - V1_HDR_LEN;
	put32(blob.buf + 8, blob.len);
	save("bad-version-1-sealed", &blob);

	encode(k, &blob);
	blob.buf[4] = 3;				/* from the future */
	save("bad-version-3", &blob);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkcorpus DIR\n");
		return 2;
	}
	out_dir = argv[1];
	make_long_name();
	valid_seeds();
	sealed_seeds();
	malformed_seeds();
	return 0;
}
