// SPDX-License-Identifier: GPL-2.0
/*
 * Kerberos encryption and checksums for one key usage: RFC 3961's
 * simplified profile as RFC 3962 uses it, and RFC 8009.
 *
 * The transforms are allocated and keyed once, when the keys of a usage
 * are set up, and used for every message after that.
 *
 *   RFC 3962: C = CTS(Ke, confounder | plaintext), H = HMAC-SHA1(Ki,
 *             confounder | plaintext) cut to 96 bits; the result is C | H.
 *   RFC 8009: C as above, H = HMAC-SHA-256/384(Ki, IV | C) cut to 128 or
 *             192 bits, IV being the zero cipher state.
 *   Checksums: HMAC(Kc, message), cut to the same lengths.
 */

#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <crypto/algapi.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "krb5_crypto.h"
#include "krb5_kdf.h"
#include "packed.h"

#define AES_BLOCK	16

static bool is_rfc8009(u32 enctype)
{
	return enctype == KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128 ||
	       enctype == KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192;
}

static const char *hmac_name(u32 enctype)
{
	switch (enctype) {
	case KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128:
		return "hmac(sha256)";
	case KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192:
		return "hmac(sha384)";
	}
	return "hmac(sha1)";
}

static unsigned int mac_len(u32 enctype)
{
	switch (enctype) {
	case KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128:
		return 16;
	case KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192:
		return 24;
	}
	return 12;
}

/* A keyed HMAC transform for the derived key of @type. */
static struct crypto_shash *hmac_key(u32 enctype, const u8 *base, u32 usage,
				     u8 type)
{
	u8 key[KSECDD_KRB5_DERIVED_MAX];
	struct crypto_shash *tfm;
	int len, err;

	len = ksecdd_krb5_derive(enctype, base, usage, type, key);
	if (len < 0)
		return ERR_PTR(len);
	tfm = crypto_alloc_shash(hmac_name(enctype), 0, 0);
	if (!IS_ERR(tfm)) {
		err = crypto_shash_setkey(tfm, key, len);
		if (err) {
			crypto_free_shash(tfm);
			tfm = ERR_PTR(err);
		}
	}
	memzero_explicit(key, sizeof(key));
	return tfm;
}

static struct crypto_sync_skcipher *cts_key(u32 enctype, const u8 *base,
					    u32 usage)
{
	u8 key[KSECDD_KRB5_DERIVED_MAX];
	struct crypto_sync_skcipher *tfm;
	int len, err;

	len = ksecdd_krb5_derive(enctype, base, usage, KSECDD_KRB5_KE, key);
	if (len < 0)
		return ERR_PTR(len);
	tfm = crypto_alloc_sync_skcipher("cts(cbc(aes))", 0, 0);
	if (!IS_ERR(tfm)) {
		err = crypto_sync_skcipher_setkey(tfm, key, len);
		if (err) {
			crypto_free_sync_skcipher(tfm);
			tfm = ERR_PTR(err);
		}
	}
	memzero_explicit(key, sizeof(key));
	return tfm;
}

/**
 * ksecdd_krb5_usage_init() - set up the keys of one key usage
 * @u: the usage's keys, to fill
 * @enctype: the encryption type
 * @base: the base key
 * @usage: the key usage number
 *
 * Return: 0, or a negative errno with nothing left allocated.
 */
int ksecdd_krb5_usage_init(struct ksecdd_krb5_usage *u, u32 enctype,
			   const u8 *base, u32 usage)
{
	memset(u, 0, sizeof(*u));
	u->enctype = enctype;
	u->enc = cts_key(enctype, base, usage);
	if (IS_ERR(u->enc))
		goto fail;
	u->integ = hmac_key(enctype, base, usage, KSECDD_KRB5_KI);
	if (IS_ERR(u->integ))
		goto fail;
	u->cksum = hmac_key(enctype, base, usage, KSECDD_KRB5_KC);
	if (IS_ERR(u->cksum))
		goto fail;
	return 0;
fail:
	return ksecdd_krb5_usage_free(u);
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_usage_init);

/**
 * ksecdd_krb5_usage_free() - free the keys of a usage
 * @u: the keys; pointers may be NULL or error values
 *
 * Return: the first error value found among the pointers, or 0.
 */
int ksecdd_krb5_usage_free(struct ksecdd_krb5_usage *u)
{
	int err = 0;

	if (IS_ERR(u->enc))
		err = PTR_ERR(u->enc);
	else if (u->enc)
		crypto_free_sync_skcipher(u->enc);
	if (IS_ERR(u->integ))
		err = err ?: PTR_ERR(u->integ);
	else if (u->integ)
		crypto_free_shash(u->integ);
	if (IS_ERR(u->cksum))
		err = err ?: PTR_ERR(u->cksum);
	else if (u->cksum)
		crypto_free_shash(u->cksum);
	memset(u, 0, sizeof(*u));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_usage_free);

static int hmac(struct crypto_shash *tfm, const u8 *prefix,
		unsigned int prefix_len, const u8 *data, size_t len,
		u8 *out, unsigned int out_len)
{
	u8 mac[HASH_MAX_DIGESTSIZE];
	int err;
	SHASH_DESC_ON_STACK(desc, tfm);

	desc->tfm = tfm;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, prefix, prefix_len) ?:
	      crypto_shash_update(desc, data, len) ?:
	      crypto_shash_final(desc, mac);
	shash_desc_zero(desc);
	if (!err)
		memcpy(out, mac, out_len);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/**
 * ksecdd_krb5_checksum() - the keyed checksum of a message
 * @u: the usage's keys
 * @data: the message
 * @len: its length
 * @out: receives ksecdd_krb5_mac_len() bytes
 *
 * Return: 0 or a negative errno.
 */
int ksecdd_krb5_checksum(const struct ksecdd_krb5_usage *u, const u8 *data,
			 size_t len, u8 *out)
{
	return hmac(u->cksum, NULL, 0, data, len, out, mac_len(u->enctype));
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_checksum);

/**
 * ksecdd_krb5_mac_len() - length of checksums and integrity tags
 * @enctype: the encryption type
 *
 * Return: 12, 16 or 24 bytes.
 */
unsigned int ksecdd_krb5_mac_len(u32 enctype)
{
	return mac_len(enctype);
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_mac_len);

/**
 * ksecdd_krb5_encrypt() - encrypt and protect with a given confounder
 * @u: the usage's keys
 * @buf: the confounder (16 bytes) followed by the plaintext, encrypted in
 *	place, then room for ksecdd_krb5_mac_len() bytes of integrity tag
 * @len: confounder plus plaintext, at least 16 bytes
 *
 * Return: 0 or a negative errno.
 */
int ksecdd_krb5_encrypt(const struct ksecdd_krb5_usage *u, u8 *buf, size_t len)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, u->enc);
	u8 iv[AES_BLOCK] = { 0 }, zero[AES_BLOCK] = { 0 };
	struct scatterlist sg;
	int err;

	if (len < AES_BLOCK)
		return -EINVAL;
	/* RFC 3962 protects the plaintext, RFC 8009 the ciphertext */
	if (!is_rfc8009(u->enctype)) {
		err = hmac(u->integ, NULL, 0, buf, len, buf + len,
			   mac_len(u->enctype));
		if (err)
			return err;
	}
	sg_init_one(&sg, buf, len);
	skcipher_request_set_sync_tfm(req, u->enc);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, len, iv);
	err = crypto_skcipher_encrypt(req);
	skcipher_request_zero(req);
	if (err || !is_rfc8009(u->enctype))
		return err;
	return hmac(u->integ, zero, sizeof(zero), buf, len, buf + len,
		    mac_len(u->enctype));
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_encrypt);

/**
 * ksecdd_krb5_decrypt() - check and decrypt in place
 * @u: the usage's keys
 * @buf: ciphertext followed by its integrity tag; on success the
 *	confounder and the plaintext
 * @len: length of @buf, tag included
 *
 * Return: the length of confounder plus plaintext, -EBADMSG if the tag
 * does not verify, -EINVAL if @buf is too short, or another errno.
 */
int ksecdd_krb5_decrypt(const struct ksecdd_krb5_usage *u, u8 *buf,
			size_t len)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, u->enc);
	unsigned int tag_len = mac_len(u->enctype);
	u8 iv[AES_BLOCK] = { 0 }, zero[AES_BLOCK] = { 0 };
	u8 tag[HASH_MAX_DIGESTSIZE];
	struct scatterlist sg;
	size_t n = len - tag_len;
	int err;

	if (len < AES_BLOCK + tag_len)
		return -EINVAL;
	if (is_rfc8009(u->enctype)) {
		err = hmac(u->integ, zero, sizeof(zero), buf, n, tag, tag_len);
		if (err)
			return err;
		if (crypto_memneq(tag, buf + n, tag_len))
			return -EBADMSG;
	}
	sg_init_one(&sg, buf, n);
	skcipher_request_set_sync_tfm(req, u->enc);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, &sg, &sg, n, iv);
	err = crypto_skcipher_decrypt(req);
	skcipher_request_zero(req);
	if (err || is_rfc8009(u->enctype))
		return err ?: n;
	err = hmac(u->integ, NULL, 0, buf, n, tag, tag_len);
	if (!err && crypto_memneq(tag, buf + n, tag_len))
		err = -EBADMSG;
	return err ?: n;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_decrypt);
