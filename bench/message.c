// SPDX-License-Identifier: GPL-2.0
/*
 * Item 4: MakeSignature(), EncryptMessage() and DecryptMessage() on a
 * Kerberos initiator and acceptor pair, against the same transforms
 * called directly on the same number of bytes: that is the crypto an RFC
 * 4121 token cannot do without, and the rest is what ksecdd adds to it
 * (the handle, the buffers, the header, the confounder, the sequence
 * window).
 *
 * The reference keys its own cts(cbc(aes)) and HMAC with random keys of
 * the enctype's sizes and works on one buffer laid out as the token's
 * cipher sees it:
 *
 *   zero IV (RFC 8009's MAC input) | confounder | message | header copy
 *
 *   sign:     HMAC(message | header)
 *   encrypt:  RFC 3962: HMAC(confounder .. header), then CTS over it;
 *             RFC 8009: CTS, then HMAC(IV | ciphertext)
 *   decrypt:  the inverse, with the tag compared
 *
 * A decryption needs a fresh token each time: both sides encrypt one
 * first, outside the time.
 */

#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "bench.h"

#define HDR_LEN		16
#define CONF_LEN	16
#define IV_LEN		16
#define KEY_LEN		32

static const u32 msg_sizes[] = { 64, 1024, 65536 };

const struct bench_enctype bench_enctypes[BENCH_ENCTYPES] = {
	{ KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96, "hmac(sha1)", 32, 12, false },
	{ KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192, "hmac(sha384)", 24, 24,
	  true },
};

struct msg_bench {
	u32 enctype;
	unsigned int mac_len;
	bool rfc8009;
	u32 size;
	CtxtHandle init, acc;
	u8 *data;
	u8 *token;
	struct crypto_sync_skcipher *cts;
	struct crypto_shash *hmac;
	u8 *raw;
	u8 tag[HASH_MAX_DIGESTSIZE];
};

/* The ksecdd side */

static u32 trailer_len(const struct msg_bench *mb)
{
	return 2 * HDR_LEN + CONF_LEN + mb->mac_len;
}

static SECURITY_STATUS ks_sign(struct msg_bench *mb)
{
	SecBuffer b[2] = {
		{ mb->size, SECBUFFER_DATA, mb->data },
		{ HDR_LEN + mb->mac_len, SECBUFFER_TOKEN, mb->token },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, b };

	return MakeSignature(&mb->init, 0, &desc, 0);
}

static SECURITY_STATUS ks_seal(struct msg_bench *mb, bool encrypt)
{
	SecBuffer b[2] = {
		{ trailer_len(mb), SECBUFFER_TOKEN, mb->token },
		{ mb->size, SECBUFFER_DATA, mb->data },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, b };
	u32 qop;

	if (encrypt)
		return EncryptMessage(&mb->init, 0, &desc, 0);
	return DecryptMessage(&mb->acc, &desc, 0, &qop);
}

static int run_ks_sign(void *arg, u32 n, u64 *ns)
{
	SECURITY_STATUS st = SEC_E_OK;
	u64 start = ktime_get_ns();
	u32 i;

	for (i = 0; i < n && st == SEC_E_OK; i++)
		st = ks_sign(arg);
	*ns = ktime_get_ns() - start;
	return ksecdd_status_to_errno(st);
}

static int run_ks_encrypt(void *arg, u32 n, u64 *ns)
{
	SECURITY_STATUS st = SEC_E_OK;
	u64 start = ktime_get_ns();
	u32 i;

	for (i = 0; i < n && st == SEC_E_OK; i++)
		st = ks_seal(arg, true);
	*ns = ktime_get_ns() - start;
	return ksecdd_status_to_errno(st);
}

static int run_ks_decrypt(void *arg, u32 n, u64 *ns)
{
	SECURITY_STATUS st = SEC_E_OK;
	u64 start;
	u32 i;

	*ns = 0;
	for (i = 0; i < n && st == SEC_E_OK; i++) {
		st = ks_seal(arg, true);
		if (st != SEC_E_OK)
			break;
		start = ktime_get_ns();
		st = ks_seal(arg, false);
		*ns += ktime_get_ns() - start;
	}
	return ksecdd_status_to_errno(st);
}

/* The reference side */

static int raw_hmac(struct msg_bench *mb, const u8 *p, unsigned int len)
{
	SHASH_DESC_ON_STACK(desc, mb->hmac);
	int err;

	desc->tfm = mb->hmac;
	err = crypto_shash_digest(desc, p, len, mb->tag);
	shash_desc_zero(desc);
	return err;
}

static int raw_cts(struct msg_bench *mb, u8 *p, unsigned int len,
		   bool encrypt)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, mb->cts);
	u8 iv[IV_LEN] = { 0 };
	struct scatterlist sg;
	int err;

	sg_init_one(&sg, p, len);
	skcipher_request_set_sync_tfm(req, mb->cts);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv);
	err = encrypt ? crypto_skcipher_encrypt(req) :
			crypto_skcipher_decrypt(req);
	skcipher_request_zero(req);
	return err;
}

static int raw_sign(struct msg_bench *mb)
{
	return raw_hmac(mb, mb->raw + IV_LEN + CONF_LEN, mb->size + HDR_LEN);
}

static int raw_encrypt(struct msg_bench *mb)
{
	u8 *plain = mb->raw + IV_LEN;
	unsigned int len = CONF_LEN + mb->size + HDR_LEN;

	if (mb->rfc8009)
		return raw_cts(mb, plain, len, true) ?:
		       raw_hmac(mb, mb->raw, IV_LEN + len);
	return raw_hmac(mb, plain, len) ?: raw_cts(mb, plain, len, true);
}

static int raw_check(struct msg_bench *mb, const u8 *p, unsigned int len,
		     const u8 *want)
{
	int err = raw_hmac(mb, p, len);

	if (!err && crypto_memneq(mb->tag, want, mb->mac_len))
		err = -EBADMSG;
	return err;
}

static int raw_decrypt(struct msg_bench *mb, const u8 *want)
{
	u8 *plain = mb->raw + IV_LEN;
	unsigned int len = CONF_LEN + mb->size + HDR_LEN;

	if (mb->rfc8009)
		return raw_check(mb, mb->raw, IV_LEN + len, want) ?:
		       raw_cts(mb, plain, len, false);
	return raw_cts(mb, plain, len, false) ?:
	       raw_check(mb, plain, len, want);
}

static int run_raw_sign(void *arg, u32 n, u64 *ns)
{
	u64 start = ktime_get_ns();
	int err = 0;
	u32 i;

	for (i = 0; i < n && !err; i++)
		err = raw_sign(arg);
	*ns = ktime_get_ns() - start;
	return err;
}

static int run_raw_encrypt(void *arg, u32 n, u64 *ns)
{
	u64 start = ktime_get_ns();
	int err = 0;
	u32 i;

	for (i = 0; i < n && !err; i++)
		err = raw_encrypt(arg);
	*ns = ktime_get_ns() - start;
	return err;
}

static int run_raw_decrypt(void *arg, u32 n, u64 *ns)
{
	struct msg_bench *mb = arg;
	u8 want[HASH_MAX_DIGESTSIZE];
	u64 start;
	int err = 0;
	u32 i;

	*ns = 0;
	for (i = 0; i < n && !err; i++) {
		err = raw_encrypt(mb);
		if (err)
			break;
		memcpy(want, mb->tag, mb->mac_len);
		start = ktime_get_ns();
		err = raw_decrypt(mb, want);
		*ns += ktime_get_ns() - start;
	}
	return err;
}

/* Setting up an enctype: the context pair, the reference's transforms. */

static int import_pair(struct msg_bench *mb)
{
	struct ksecdd_packed_ctx *p = kmalloc(sizeof(*p), GFP_KERNEL);
	u8 key[KSECDD_KRB5_KEY_MAX], *blob;
	SECURITY_STATUS st = SEC_E_INSUFFICIENT_MEMORY;
	u32 len;

	if (!p)
		goto out;
	get_random_bytes(key, sizeof(key));
	bench_krb5_ctx(p, mb->enctype, KSECDD_ROLE_INITIATOR, key);
	blob = bench_blob(p, &len);
	st = blob ? bench_import("Kerberos", blob, len, &mb->init) : st;
	kfree(blob);
	if (st != SEC_E_OK)
		goto out;
	bench_krb5_ctx(p, mb->enctype, KSECDD_ROLE_ACCEPTOR, key);
	blob = bench_blob(p, &len);
	st = blob ? bench_import("Kerberos", blob, len, &mb->acc) : st;
	kfree(blob);
	if (st != SEC_E_OK)
		DeleteSecurityContext(&mb->init);
out:
	memzero_explicit(key, sizeof(key));
	kfree(p);
	return ksecdd_status_to_errno(st);
}

static int key_raw(struct msg_bench *mb, const char *hmac,
		   unsigned int hmac_key_len)
{
	u8 key[KEY_LEN];
	int err;

	mb->cts = crypto_alloc_sync_skcipher("cts(cbc(aes))", 0, 0);
	if (IS_ERR(mb->cts))
		return PTR_ERR(mb->cts);
	mb->hmac = crypto_alloc_shash(hmac, 0, 0);
	if (IS_ERR(mb->hmac)) {
		err = PTR_ERR(mb->hmac);
		crypto_free_sync_skcipher(mb->cts);
		return err;
	}
	get_random_bytes(key, sizeof(key));
	err = crypto_sync_skcipher_setkey(mb->cts, key, KEY_LEN);
	get_random_bytes(key, sizeof(key));
	err = err ?: crypto_shash_setkey(mb->hmac, key, hmac_key_len);
	memzero_explicit(key, sizeof(key));
	if (err) {
		crypto_free_shash(mb->hmac);
		crypto_free_sync_skcipher(mb->cts);
	}
	return err;
}

static void free_raw(struct msg_bench *mb)
{
	crypto_free_shash(mb->hmac);
	crypto_free_sync_skcipher(mb->cts);
}

static int measure(struct msg_bench *mb, const char *op,
		   int (*ks)(void *, u32, u64 *),
		   int (*raw)(void *, u32, u64 *))
{
	struct bench_side ksecdd = { .run = ks, .arg = mb, .threads = 1 };
	struct bench_side ref = { .run = raw, .arg = mb, .threads = 1 };
	struct bench_result res;
	char name[32];
	int err;

	err = bench_pair(&ksecdd, &ref, &res);
	if (err)
		return err;
	snprintf(name, sizeof(name), "%s-%u-%u", op, mb->enctype, mb->size);
	bench_row(4, name, &res);
	return 0;
}

/*
 * Signing and encrypting ran on the initiator alone, so the acceptor
 * expects a sequence number far behind the next token's.  Under
 * SEQUENCE_DETECT that gap is refused once and counted (krb5_wrap.c's
 * check_seq()): take the refusal here, outside the time, and every
 * decryption after it is in sequence.
 */
static int resync(struct msg_bench *mb)
{
	SECURITY_STATUS st = ks_seal(mb, true);

	if (st == SEC_E_OK)
		st = ks_seal(mb, false);
	if (st == SEC_E_OUT_OF_SEQUENCE)
		st = SEC_E_OK;
	return ksecdd_status_to_errno(st);
}

/* The three calls at one message size; buffers in the linear map. */
static int measure_size(struct msg_bench *mb, u32 size)
{
	int err = -ENOMEM;

	mb->size = size;
	mb->data = kmalloc(size, GFP_KERNEL);
	mb->token = kmalloc(trailer_len(mb), GFP_KERNEL);
	mb->raw = kmalloc(IV_LEN + CONF_LEN + size + HDR_LEN, GFP_KERNEL);
	if (!mb->data || !mb->token || !mb->raw)
		goto out;
	get_random_bytes(mb->data, size);
	get_random_bytes(mb->raw, IV_LEN + CONF_LEN + size + HDR_LEN);
	memset(mb->raw, 0, IV_LEN);

	err = measure(mb, "sign", run_ks_sign, run_raw_sign) ?:
	      measure(mb, "encrypt", run_ks_encrypt, run_raw_encrypt) ?:
	      resync(mb) ?:
	      measure(mb, "decrypt", run_ks_decrypt, run_raw_decrypt);
out:
	kfree(mb->raw);
	kfree(mb->token);
	kfree(mb->data);
	return err;
}

static int measure_enctype(unsigned int e)
{
	struct msg_bench mb = {
		.enctype = bench_enctypes[e].enctype,
		.mac_len = bench_enctypes[e].mac_len,
		.rfc8009 = bench_enctypes[e].rfc8009,
	};
	unsigned int i;
	int err;

	err = import_pair(&mb);
	if (err)
		return err;
	err = key_raw(&mb, bench_enctypes[e].hmac, bench_enctypes[e].hmac_key_len);
	if (err)
		goto out;
	for (i = 0; !err && i < ARRAY_SIZE(msg_sizes); i++)
		err = measure_size(&mb, msg_sizes[i]);
	free_raw(&mb);
out:
	DeleteSecurityContext(&mb.acc);
	DeleteSecurityContext(&mb.init);
	return err;
}

/**
 * bench_message() - item 4, for aes256-cts-hmac-sha1-96 and
 *	aes256-cts-hmac-sha384-192
 *
 * Return: 0 or a negative errno.
 */
int bench_message(void)
{
	unsigned int e;
	int err = 0;

	for (e = 0; !err && e < BENCH_ENCTYPES; e++)
		err = measure_enctype(e);
	return err;
}
