/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_KRB5_KDF_H
#define _KSECDD_KRB5_KDF_H

#include <crypto/aes.h>
#include <crypto/hash.h>
#include <linux/types.h>

/* The key type octet of a derivation constant (RFC 3961 section 5.3) */
#define KSECDD_KRB5_KC		0x99
#define KSECDD_KRB5_KE		0xaa
#define KSECDD_KRB5_KI		0x55

#define KSECDD_KRB5_DERIVED_MAX	32

/*
 * The derivation of one context's keys, keyed with its base key: the AES
 * key schedule of RFC 3962's DK, or RFC 8009's HMAC transform.  It lives
 * only while an import derives its keys.
 */
struct ksecdd_krb5_kdf {
	u32 enctype;
	union {
		struct crypto_aes_ctx aes;
		struct crypto_shash *hmac;
	};
};

int ksecdd_krb5_kdf_init(struct ksecdd_krb5_kdf *kdf, u32 enctype,
			 const u8 *base);
void ksecdd_krb5_kdf_free(struct ksecdd_krb5_kdf *kdf);
int ksecdd_krb5_kdf_derive(const struct ksecdd_krb5_kdf *kdf, u32 usage,
			   u8 type, u8 *out);

#if IS_ENABLED(CONFIG_KUNIT)
void ksecdd_krb5_nfold(const u8 *in, unsigned int inlen, u8 *out,
		       unsigned int outlen);
int ksecdd_krb5_dk(const u8 *base, unsigned int base_len,
		   const u8 *constant, unsigned int constant_len,
		   u8 *out, unsigned int out_len);
#endif

#endif /* _KSECDD_KRB5_KDF_H */
