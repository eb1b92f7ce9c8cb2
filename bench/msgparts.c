// SPDX-License-Identifier: GPL-2.0
/*
 * Item 4's bound at 64 B: what ksecdd adds to the raw transforms, in
 * parts.  Each row sets the raw transforms of MakeSignature() or
 * EncryptMessage() (as item 4 calls them, on one buffer) plus one part of
 * what ksecdd does around them against the raw transforms alone, so that
 * its ratio is that part's cost as a share of theirs:
 *
 *   random-bytes  the confounder, get_random_bytes() of 16 bytes
 *   random-u64    the same 16 bytes as two get_random_u64()
 *   parse         the SecBufferDesc parse (ksecdd's own, compiled in)
 *   find          the handle to its context, ksecdd_context_find()
 *                 under rcu_read_lock()
 *   pieces        the transforms on the pieces as ksecdd lays them out:
 *                 confounder and header in the token buffer, the message
 *                 in its own, the HMAC over them piece by piece, the CTS
 *                 over a scatterlist of them
 *   all           every part ksecdd does (random-u64 excepted) at once
 *
 * and two more: ksecdd's call against the raw transforms (item 4's row,
 * in the same run), and ksecdd's call against "all", the rest no part
 * accounts for (the header, the sequence number, the calls between).
 * The pairs are interleaved: their ratios are close to one.
 */

#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/unaligned.h>

#include "../ksecdd/secbuffer.h"
#include "bench.h"

#define MSG_LEN		64
#define HDR_LEN		16
#define CONF_LEN	16
#define IV_LEN		16
#define KEY_LEN		32
#define PIECES		3

enum {
	PART_RANDOM_BYTES	= BIT(0),
	PART_RANDOM_U64		= BIT(1),
	PART_PARSE		= BIT(2),
	PART_FIND		= BIT(3),
	PART_PIECES		= BIT(4),
};

static const struct {
	const char *name;
	unsigned long parts;
	bool encrypt_only;
} part_rows[] = {
	{ "random-bytes", PART_RANDOM_BYTES, true },
	{ "random-u64", PART_RANDOM_U64, true },
	{ "parse", PART_PARSE, false },
	{ "find", PART_FIND, false },
	{ "pieces", PART_PIECES, false },
};

struct parts_bench {
	unsigned int e;
	bool encrypt;
	CtxtHandle init;
	struct crypto_sync_skcipher *cts;
	struct crypto_shash *hmac;
	/* item 4's buffer: zero IV | confounder | message | header copy */
	u8 *raw;
	/* ksecdd's: the token (header, copy, tag, confounder), the message */
	u8 *token;
	u8 *data;
	u8 tag[HASH_MAX_DIGESTSIZE];
};

/* Which parts a run adds; set before each pair, read by the runs. */
struct parts_side {
	struct parts_bench *pb;
	unsigned long parts;
};

static u32 trailer_len(const struct parts_bench *pb)
{
	return 2 * HDR_LEN + CONF_LEN + bench_enctypes[pb->e].mac_len;
}

static u8 *conf_of(struct parts_bench *pb, bool pieces)
{
	return pieces ? pb->token + 2 * HDR_LEN + bench_enctypes[pb->e].mac_len :
			pb->raw + IV_LEN;
}

static void confounder(struct parts_bench *pb, unsigned long parts)
{
	u8 *conf = conf_of(pb, parts & PART_PIECES);

	if (parts & PART_RANDOM_BYTES)
		get_random_bytes(conf, CONF_LEN);
	if (parts & PART_RANDOM_U64) {
		put_unaligned(get_random_u64(), (u64 *)conf);
		put_unaligned(get_random_u64(), (u64 *)(conf + 8));
	}
}

static int parse(struct parts_bench *pb)
{
	SecBuffer b[2] = {
		{ trailer_len(pb), SECBUFFER_TOKEN, pb->token },
		{ MSG_LEN, SECBUFFER_DATA, pb->data },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, b };
	struct ksecdd_msg_buffers mb;

	return ksecdd_msg_buffers(&desc, &mb) ?: (mb.data ? 0 : -EINVAL);
}

static int find(struct parts_bench *pb)
{
	struct ksecdd_context *ctx;

	rcu_read_lock();
	ctx = ksecdd_context_find(&pb->init);
	rcu_read_unlock();
	return PTR_ERR_OR_ZERO(ctx);
}

/* The HMAC over @nr pieces, after @prefix (RFC 8009's zero IV) if any. */
static int hmac(struct parts_bench *pb, const u8 *prefix,
		const struct kvec *vec, unsigned int nr)
{
	SHASH_DESC_ON_STACK(desc, pb->hmac);
	unsigned int i;
	int err;

	desc->tfm = pb->hmac;
	err = crypto_shash_init(desc);
	if (!err && prefix)
		err = crypto_shash_update(desc, prefix, IV_LEN);
	for (i = 0; i < nr && !err; i++)
		err = crypto_shash_update(desc, vec[i].iov_base,
					  vec[i].iov_len);
	err = err ?: crypto_shash_final(desc, pb->tag);
	shash_desc_zero(desc);
	return err;
}

static int cts(struct parts_bench *pb, const struct kvec *vec,
	       unsigned int nr)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, pb->cts);
	struct scatterlist sg[PIECES];
	u8 iv[IV_LEN] = { 0 };
	unsigned int i, len = 0;
	int err;

	sg_init_table(sg, nr);
	for (i = 0; i < nr; i++) {
		sg_set_buf(&sg[i], vec[i].iov_base, vec[i].iov_len);
		len += vec[i].iov_len;
	}
	skcipher_request_set_sync_tfm(req, pb->cts);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, sg, sg, len, iv);
	err = crypto_skcipher_encrypt(req);
	skcipher_request_zero(req);
	return err;
}

/*
 * The transforms: on item 4's one buffer, or on ksecdd's pieces.  A MIC
 * covers message and header; a wrap confounder, message and header copy.
 */
static int transforms(struct parts_bench *pb, bool pieces)
{
	static const u8 zero[IV_LEN];
	u8 *copy = pb->token + HDR_LEN;
	struct kvec vec[PIECES];
	unsigned int nr = 0;

	if (pb->encrypt)
		vec[nr++] = pieces ?
			(struct kvec){ conf_of(pb, true), CONF_LEN } :
			(struct kvec){ pb->raw + IV_LEN,
				       CONF_LEN + MSG_LEN + HDR_LEN };
	else
		vec[nr++] = pieces ? (struct kvec){ pb->data, MSG_LEN } :
			(struct kvec){ pb->raw + IV_LEN + CONF_LEN,
				       MSG_LEN + HDR_LEN };
	if (pieces && pb->encrypt)
		vec[nr++] = (struct kvec){ pb->data, MSG_LEN };
	if (pieces)
		vec[nr++] = (struct kvec){ copy, HDR_LEN };

	if (!pb->encrypt)
		return hmac(pb, NULL, vec, nr);
	if (bench_enctypes[pb->e].rfc8009)
		return cts(pb, vec, nr) ?: hmac(pb, zero, vec, nr);
	return hmac(pb, NULL, vec, nr) ?: cts(pb, vec, nr);
}

static int raw_plus(struct parts_bench *pb, unsigned long parts)
{
	int err = 0;

	if (parts & PART_FIND)
		err = find(pb);
	if (!err && (parts & PART_PARSE))
		err = parse(pb);
	if (err)
		return err;
	if (pb->encrypt)
		confounder(pb, parts);
	return transforms(pb, parts & PART_PIECES);
}

static int run_raw(void *arg, u32 n, u64 *ns)
{
	struct parts_side *s = arg;
	u64 start = ktime_get_ns();
	int err = 0;
	u32 i;

	for (i = 0; i < n && !err; i++)
		err = raw_plus(s->pb, s->parts);
	*ns = ktime_get_ns() - start;
	return err;
}

static SECURITY_STATUS ksecdd_call(struct parts_bench *pb)
{
	unsigned int mac_len = bench_enctypes[pb->e].mac_len;
	SecBuffer wrap[2] = {
		{ trailer_len(pb), SECBUFFER_TOKEN, pb->token },
		{ MSG_LEN, SECBUFFER_DATA, pb->data },
	};
	SecBuffer mic[2] = {
		{ MSG_LEN, SECBUFFER_DATA, pb->data },
		{ HDR_LEN + mac_len, SECBUFFER_TOKEN, pb->token },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 2,
			       pb->encrypt ? wrap : mic };

	if (pb->encrypt)
		return EncryptMessage(&pb->init, 0, &desc, 0);
	return MakeSignature(&pb->init, 0, &desc, 0);
}

static int run_ksecdd(void *arg, u32 n, u64 *ns)
{
	struct parts_bench *pb = ((struct parts_side *)arg)->pb;
	SECURITY_STATUS st = SEC_E_OK;
	u64 start = ktime_get_ns();
	u32 i;

	for (i = 0; i < n && st == SEC_E_OK; i++)
		st = ksecdd_call(pb);
	*ns = ktime_get_ns() - start;
	return ksecdd_status_to_errno(st);
}

static int pair(struct parts_bench *pb, const char *part,
		int (*run)(void *, u32, u64 *), unsigned long parts,
		unsigned long ref_parts)
{
	struct parts_side a = { pb, parts }, b = { pb, ref_parts };
	struct bench_side side = { .run = run, .arg = &a, .threads = 1 };
	struct bench_side ref = { .run = run_raw, .arg = &b, .threads = 1 };
	struct bench_result res;
	char name[48];
	int err;

	err = bench_pair_interleaved(&side, &ref, &res);
	if (err)
		return err;
	snprintf(name, sizeof(name), "msgpart-%s-%u-%s",
		 pb->encrypt ? "encrypt" : "sign", bench_enctypes[pb->e].enctype,
		 part);
	bench_row(4, name, &res);
	return 0;
}

static int measure_op(struct parts_bench *pb, bool encrypt)
{
	unsigned long all = PART_PARSE | PART_FIND | PART_PIECES |
			    (encrypt ? PART_RANDOM_BYTES : 0);
	unsigned int i;
	int err = 0;

	pb->encrypt = encrypt;
	for (i = 0; i < ARRAY_SIZE(part_rows) && !err; i++)
		if (encrypt || !part_rows[i].encrypt_only)
			err = pair(pb, part_rows[i].name, run_raw,
				   part_rows[i].parts, 0);
	return err ?:
	       pair(pb, "all", run_raw, all, 0) ?:
	       pair(pb, "ksecdd", run_ksecdd, 0, 0) ?:
	       pair(pb, "rest", run_ksecdd, 0, all);
}

static int setup(struct parts_bench *pb)
{
	struct ksecdd_packed_ctx *p = kmalloc(sizeof(*p), GFP_KERNEL);
	u8 key[KSECDD_KRB5_KEY_MAX], *blob = NULL;
	SECURITY_STATUS st;
	u32 len;
	int err = -ENOMEM;

	if (!p)
		return -ENOMEM;
	get_random_bytes(key, sizeof(key));
	bench_krb5_ctx(p, bench_enctypes[pb->e].enctype, KSECDD_ROLE_INITIATOR, key);
	blob = bench_blob(p, &len);
	if (!blob)
		goto out;
	st = bench_import("Kerberos", blob, len, &pb->init);
	err = ksecdd_status_to_errno(st);
	if (err)
		goto out;
	pb->cts = crypto_alloc_sync_skcipher("cts(cbc(aes))", 0, 0);
	pb->hmac = crypto_alloc_shash(bench_enctypes[pb->e].hmac, 0, 0);
	err = PTR_ERR_OR_ZERO(pb->cts) ?: PTR_ERR_OR_ZERO(pb->hmac) ?:
	      crypto_sync_skcipher_setkey(pb->cts, key, KEY_LEN) ?:
	      crypto_shash_setkey(pb->hmac, key, bench_enctypes[pb->e].hmac_key_len);
out:
	memzero_explicit(key, sizeof(key));
	kfree(blob);
	kfree(p);
	return err;
}

static void teardown(struct parts_bench *pb)
{
	if (!IS_ERR_OR_NULL(pb->hmac))
		crypto_free_shash(pb->hmac);
	if (!IS_ERR_OR_NULL(pb->cts))
		crypto_free_sync_skcipher(pb->cts);
	if (pb->init.dwLower)
		DeleteSecurityContext(&pb->init);
}

static int measure_enctype(unsigned int e)
{
	struct parts_bench pb = { .e = e };
	int err;

	pb.raw = kzalloc(IV_LEN + CONF_LEN + MSG_LEN + HDR_LEN, GFP_KERNEL);
	pb.token = kzalloc(2 * HDR_LEN + CONF_LEN + HASH_MAX_DIGESTSIZE,
			   GFP_KERNEL);
	pb.data = kzalloc(MSG_LEN, GFP_KERNEL);
	err = pb.raw && pb.token && pb.data ? setup(&pb) : -ENOMEM;
	err = err ?: measure_op(&pb, false) ?: measure_op(&pb, true);
	teardown(&pb);
	kfree(pb.data);
	kfree(pb.token);
	kfree(pb.raw);
	return err;
}

/**
 * bench_msgparts() - item 4's 64-byte calls taken apart
 *
 * Return: 0 or a negative errno.
 */
int bench_msgparts(void)
{
	unsigned int e;
	int err = 0;

	for (e = 0; e < BENCH_ENCTYPES && !err; e++)
		err = measure_enctype(e);
	return err;
}
