// SPDX-License-Identifier: GPL-2.0
/*
 * Kerberos key derivation: the keys each key usage of a context needs.
 *
 * For aes128/aes256-cts-hmac-sha1-96 (RFC 3962) a derived key is
 * DK(base, usage | type) of RFC 3961: the constant n-folded to one AES
 * block and encrypted under the base key, again and again, until there
 * are enough bytes.  For aes128-cts-hmac-sha256-128 and
 * aes256-cts-hmac-sha384-192 (RFC 8009) it is KDF-HMAC-SHA2, the leading
 * bytes of HMAC(base, 1 | usage | type | 0 | bits).  The type byte picks
 * the checksum key Kc (0x99), the encryption key Ke (0xaa) or the
 * integrity key Ki (0x55).
 */

#include <crypto/aes.h>
#include <crypto/hash.h>
#include <linux/gcd.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include "krb5_kdf.h"
#include "packed.h"

/*
 * RFC 3961 section 5.1: n-fold stretches or folds @in to @outlen bytes.
 * Conceptually the input is repeated lcm(inlen, outlen) / inlen times,
 * each copy rotated right by 13 more bits than the one before, and the
 * result is cut into outlen-byte pieces added with end-around carry.
 * Here each output byte is built from the bit of the rotated input it
 * starts at, walking from the last byte so that carries move left.
 */
VISIBLE_IF_KUNIT void ksecdd_krb5_nfold(const u8 *in, unsigned int inlen,
					u8 *out, unsigned int outlen)
{
	unsigned int bits = inlen * 8, lcm = inlen / gcd(inlen, outlen) *
					   outlen;
	unsigned int carry = 0, sum;
	int i;

	memset(out, 0, outlen);
	for (i = lcm - 1; i >= 0; i--) {
		/* the input bit at the top of byte i of the repetition */
		unsigned int copy = i / inlen, pos = i % inlen;
		unsigned int msbit = (bits - 1 + (bits + 13) * copy +
				      (inlen - pos) * 8) % bits;
		unsigned int hi = in[(inlen - 1 - (msbit >> 3)) % inlen];
		unsigned int lo = in[(inlen - (msbit >> 3)) % inlen];
		unsigned int byte = ((hi << 8 | lo) >> ((msbit & 7) + 1)) & 0xff;

		sum = byte + out[i % outlen] + carry;
		out[i % outlen] = sum;
		carry = sum >> 8;
	}
	for (i = outlen - 1; carry && i >= 0; i--) {
		sum = out[i] + carry;
		out[i] = sum;
		carry = sum >> 8;
	}
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_nfold);

/*
 * DK under the base key's AES key schedule.  The library cipher works on
 * the block where it is, so the block may live on the stack (in vmalloc
 * space with CONFIG_VMAP_STACK): no scatterlist is involved.
 */
static void dk(const struct crypto_aes_ctx *aes, const u8 *constant,
	       unsigned int constant_len, u8 *out, unsigned int out_len)
{
	u8 block[AES_BLOCK_SIZE];
	unsigned int done;

	ksecdd_krb5_nfold(constant, constant_len, block, AES_BLOCK_SIZE);
	for (done = 0; done < out_len; done += AES_BLOCK_SIZE) {
		aes_encrypt(aes, block, block);
		memcpy(out + done, block, min_t(unsigned int, AES_BLOCK_SIZE,
						out_len - done));
	}
	memzero_explicit(block, sizeof(block));
}

#if IS_ENABLED(CONFIG_KUNIT)
/*
 * RFC 3961 DK with AES: E(base, nfold(constant)), E(base, that), ...
 * (random-to-key is the identity for AES keys), for any constant: the
 * test of RFC 3962's vectors needs it, contexts use ksecdd_krb5_kdf_*().
 */
VISIBLE_IF_KUNIT int ksecdd_krb5_dk(const u8 *base, unsigned int base_len,
				    const u8 *constant,
				    unsigned int constant_len,
				    u8 *out, unsigned int out_len)
{
	struct crypto_aes_ctx aes;
	int err;

	err = aes_expandkey(&aes, base, base_len);
	if (!err)
		dk(&aes, constant, constant_len, out, out_len);
	memzero_explicit(&aes, sizeof(aes));
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_dk);
#endif

/* RFC 8009 KDF-HMAC-SHA2 with an empty context, @tfm keyed with the base. */
static int kdf_hmac_sha2(struct crypto_shash *tfm, const u8 *label,
			 unsigned int label_len, u8 *out, unsigned int out_len)
{
	u8 counter[4], bits[4], zero = 0;
	u8 mac[HASH_MAX_DIGESTSIZE];
	int err;
	SHASH_DESC_ON_STACK(desc, tfm);

	desc->tfm = tfm;
	put_unaligned_be32(1, counter);
	put_unaligned_be32(out_len * 8, bits);
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, counter, sizeof(counter)) ?:
	      crypto_shash_update(desc, label, label_len) ?:
	      crypto_shash_update(desc, &zero, 1) ?:
	      crypto_shash_update(desc, bits, sizeof(bits)) ?:
	      crypto_shash_final(desc, mac);
	shash_desc_zero(desc);
	if (!err)
		memcpy(out, mac, out_len);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

static bool is_rfc8009(u32 enctype)
{
	return enctype == KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128 ||
	       enctype == KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192;
}

/**
 * ksecdd_krb5_kdf_init() - key the derivation of a context's keys
 * @kdf: to fill
 * @enctype: the context's encryption type
 * @base: its base key, ksecdd_krb5_key_len(@enctype) bytes
 *
 * The base key is expanded once for every derivation of a context: into
 * an AES key schedule for RFC 3962 (no transform at all), or into one
 * HMAC transform for RFC 8009, so that an import allocates it once.
 *
 * Return: 0, -EINVAL for an unknown encryption type, or an error of the
 * crypto API, with nothing left allocated and no key material left in @kdf.
 */
int ksecdd_krb5_kdf_init(struct ksecdd_krb5_kdf *kdf, u32 enctype,
			 const u8 *base)
{
	unsigned int len = ksecdd_krb5_key_len(enctype);
	struct crypto_shash *hmac;
	int err;

	memset(kdf, 0, sizeof(*kdf));
	kdf->enctype = enctype;
	if (!len)
		return -EINVAL;
	if (!is_rfc8009(enctype)) {
		err = aes_expandkey(&kdf->aes, base, len);
		if (err)
			memzero_explicit(kdf, sizeof(*kdf));
		return err;
	}
	hmac = crypto_alloc_shash(enctype ==
				  KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128 ?
				  "hmac(sha256)" : "hmac(sha384)", 0, 0);
	if (IS_ERR(hmac))
		return PTR_ERR(hmac);
	err = crypto_shash_setkey(hmac, base, len);
	if (err) {
		crypto_free_shash(hmac);
		return err;
	}
	kdf->hmac = hmac;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_kdf_init);

/**
 * ksecdd_krb5_kdf_free() - free a derivation's transform and forget its key
 * @kdf: from a successful ksecdd_krb5_kdf_init()
 */
void ksecdd_krb5_kdf_free(struct ksecdd_krb5_kdf *kdf)
{
	if (is_rfc8009(kdf->enctype))
		crypto_free_shash(kdf->hmac);
	memzero_explicit(kdf, sizeof(*kdf));
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_kdf_free);

/**
 * ksecdd_krb5_kdf_derive() - derive a key for a key usage
 * @kdf: the context's derivation, from ksecdd_krb5_kdf_init()
 * @usage: the key usage number
 * @type: KSECDD_KRB5_KC, KSECDD_KRB5_KE or KSECDD_KRB5_KI
 * @out: receives the key, at most %KSECDD_KRB5_DERIVED_MAX bytes
 *
 * Return: the derived key's length in bytes, or a negative errno: -EINVAL
 * for an unknown key type, or an error of the crypto API.
 */
int ksecdd_krb5_kdf_derive(const struct ksecdd_krb5_kdf *kdf, u32 usage,
			   u8 type, u8 *out)
{
	unsigned int len = ksecdd_krb5_key_len(kdf->enctype);
	u8 constant[5];
	int err;

	if (type != KSECDD_KRB5_KC && type != KSECDD_KRB5_KE &&
	    type != KSECDD_KRB5_KI)
		return -EINVAL;
	put_unaligned_be32(usage, constant);
	constant[4] = type;
	if (!is_rfc8009(kdf->enctype)) {
		dk(&kdf->aes, constant, sizeof(constant), out, len);
		return len;
	}
	/* RFC 8009: aes256-sha384 has 192-bit Kc and Ki, a 256-bit Ke */
	if (kdf->enctype == KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192 &&
	    type != KSECDD_KRB5_KE)
		len = 24;
	err = kdf_hmac_sha2(kdf->hmac, constant, sizeof(constant), out, len);
	return err ?: len;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_kdf_derive);
