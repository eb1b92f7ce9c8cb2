/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_KRB5_CRYPTO_H
#define _KSECDD_KRB5_CRYPTO_H

#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <linux/scatterlist.h>
#include <linux/uio.h>

#include "krb5_kdf.h"

/* Most pieces a protected message may come in. */
#define KSECDD_KRB5_VEC_MAX	20
/*
 * Most DATA buffers of one message: a Wrap token adds its confounder and
 * its filler with the header copy, a MIC its header.  Enough for 64 KiB
 * in 16 pages with a head and a tail, as sunrpc's xdr_buf holds it.
 */
#define KSECDD_KRB5_DATA_MAX	(KSECDD_KRB5_VEC_MAX - 2)

/*
 * The scatterlist the cipher runs on, built from a message's pieces
 * before anything of the message changes (ksecdd_krb5_sg_build()).  A
 * piece in the linear map takes one entry, so that @stack holds every
 * such message; a piece elsewhere (vmalloc, a stack under
 * CONFIG_VMAP_STACK) takes one per physically contiguous run of its
 * pages, and a table longer than @stack is allocated.
 */
struct ksecdd_krb5_sg {
	struct scatterlist *sg;
	unsigned int len;
	struct scatterlist stack[KSECDD_KRB5_VEC_MAX];
};

/*
 * The keyed transforms of one Kerberos key usage.  An encrypting usage
 * gets its checksum key @cksum only when a message first needs it
 * (ksecdd_krb5_usage_cksum()): it is set once, from NULL, and then stays.
 */
struct ksecdd_krb5_usage {
	u32 enctype;
	u32 usage;
	struct crypto_sync_skcipher *enc;
	struct crypto_shash *integ;
	struct crypto_shash *cksum;
};

/* Whether @u has its checksum key (ksecdd_krb5_usage_cksum()). */
static inline bool ksecdd_krb5_has_cksum(const struct ksecdd_krb5_usage *u)
{
	/* pairs with ksecdd_krb5_usage_cksum()'s cmpxchg() */
	return smp_load_acquire(&u->cksum);
}

int ksecdd_krb5_usage_init(struct ksecdd_krb5_usage *u,
			   const struct ksecdd_krb5_kdf *kdf, u32 usage,
			   bool encrypt);
int ksecdd_krb5_usage_cksum(struct ksecdd_krb5_usage *u, const u8 *base);
int ksecdd_krb5_usage_free(struct ksecdd_krb5_usage *u);
unsigned int ksecdd_krb5_mac_len(u32 enctype);
int ksecdd_krb5_checksum(const struct ksecdd_krb5_usage *u,
			 const struct kvec *vec, unsigned int nr, u8 *out);
int ksecdd_krb5_sg_build(struct ksecdd_krb5_sg *t, const struct kvec *vec,
			 unsigned int nr, unsigned long sign_only,
			 bool may_sleep);
void ksecdd_krb5_sg_free(struct ksecdd_krb5_sg *t);
int ksecdd_krb5_encrypt(const struct ksecdd_krb5_usage *u,
			const struct kvec *vec, unsigned int nr,
			unsigned long sign_only, const struct ksecdd_krb5_sg *t,
			u8 *tag);
int ksecdd_krb5_decrypt(const struct ksecdd_krb5_usage *u,
			const struct kvec *vec, unsigned int nr,
			unsigned long sign_only, const struct ksecdd_krb5_sg *t,
			const u8 *tag);
int ksecdd_krb5_crypto_check(void);

#endif /* _KSECDD_KRB5_CRYPTO_H */
