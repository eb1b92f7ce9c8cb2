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
 *
 * Messages come as a list of pieces (struct kvec), in the order the
 * cipher and the MAC see them, so that RFC 4121 tokens are protected in
 * the caller's buffers without being gathered into one.  Pieces may be
 * sign-only, as [MS-KILE] 3.4.5.4.1 has them for GSS_WrapEx and MIT
 * krb5 does for KRB5_CRYPTO_TYPE_SIGN_ONLY: the cipher skips them and
 * the MAC takes them in their place, in the clear (among the plaintext
 * for RFC 3962, among the ciphertext for RFC 8009).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <crypto/algapi.h>
#include <linux/bits.h>
#include <linux/mm.h>
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
static struct crypto_shash *hmac_key(const struct ksecdd_krb5_kdf *kdf,
				     u32 usage, u8 type)
{
	u8 key[KSECDD_KRB5_DERIVED_MAX];
	struct crypto_shash *tfm;
	int len, err;

	len = ksecdd_krb5_kdf_derive(kdf, usage, type, key);
	if (len < 0)
		return ERR_PTR(len);
	tfm = crypto_alloc_shash(hmac_name(kdf->enctype), 0, 0);
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

static struct crypto_sync_skcipher *cts_key(const struct ksecdd_krb5_kdf *kdf,
					    u32 usage)
{
	u8 key[KSECDD_KRB5_DERIVED_MAX];
	struct crypto_sync_skcipher *tfm;
	int len, err;

	len = ksecdd_krb5_kdf_derive(kdf, usage, KSECDD_KRB5_KE, key);
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
 * @kdf: the context's key derivation
 * @usage: the key usage number
 * @encrypt: whether the usage encrypts: then Ke and Ki are set up, and
 *	the checksum key Kc, which only integrity-only Wrap tokens use, is
 *	left to ksecdd_krb5_usage_cksum(); without it only Kc is set up,
 *	which is all MIC tokens need
 *
 * Return: 0, or a negative errno with nothing left allocated.
 */
int ksecdd_krb5_usage_init(struct ksecdd_krb5_usage *u,
			   const struct ksecdd_krb5_kdf *kdf, u32 usage,
			   bool encrypt)
{
	memset(u, 0, sizeof(*u));
	u->enctype = kdf->enctype;
	u->usage = usage;
	if (!encrypt) {
		u->cksum = hmac_key(kdf, usage, KSECDD_KRB5_KC);
		goto out;
	}
	u->enc = cts_key(kdf, usage);
	if (IS_ERR(u->enc))
		goto out;
	u->integ = hmac_key(kdf, usage, KSECDD_KRB5_KI);
out:
	if (IS_ERR(u->cksum) || IS_ERR(u->enc) || IS_ERR(u->integ))
		return ksecdd_krb5_usage_free(u);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_usage_init);

/**
 * ksecdd_krb5_usage_cksum() - make sure a usage has its checksum key
 * @u: the usage's keys
 * @base: the base key they derive from, of @u's encryption type
 *
 * Most contexts never sign a Wrap token without encrypting it, so an
 * encrypting usage keys Kc the first time one is made or received.
 * Callers may race: each may derive and key a transform, the first to
 * store it wins and the others free theirs.  Nothing is locked, so the
 * caller may hold no spinlock; it must be able to sleep.
 *
 * Return: 0, -ENOMEM, or another error of the key derivation or the
 * hash; the usage is unchanged on failure and the next call tries again.
 */
int ksecdd_krb5_usage_cksum(struct ksecdd_krb5_usage *u, const u8 *base)
{
	struct ksecdd_krb5_kdf kdf;
	struct crypto_shash *tfm;
	int err;

	might_sleep();
	/* pairs with the cmpxchg() below: the transform is keyed */
	if (smp_load_acquire(&u->cksum))
		return 0;
	err = ksecdd_krb5_kdf_init(&kdf, u->enctype, base);
	if (err)
		return err;
	tfm = hmac_key(&kdf, u->usage, KSECDD_KRB5_KC);
	ksecdd_krb5_kdf_free(&kdf);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	if (cmpxchg(&u->cksum, NULL, tfm))
		crypto_free_shash(tfm);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_usage_cksum);

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

/* HMAC over an optional prefix and the pieces, cut to out_len bytes. */
static int hmac(struct crypto_shash *tfm, const u8 *prefix,
		unsigned int prefix_len, const struct kvec *vec,
		unsigned int nr, u8 *out, unsigned int out_len)
{
	u8 mac[HASH_MAX_DIGESTSIZE];
	int err;
	SHASH_DESC_ON_STACK(desc, tfm);

	desc->tfm = tfm;
	err = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, prefix, prefix_len);
	for (; !err && nr; vec++, nr--)
		err = crypto_shash_update(desc, vec->iov_base, vec->iov_len);
	err = err ?: crypto_shash_final(desc, mac);
	shash_desc_zero(desc);
	if (!err)
		memcpy(out, mac, out_len);
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/* Bytes the cipher runs over: the pieces that are not sign-only. */
static size_t enc_len(const struct kvec *vec, unsigned int nr,
		      unsigned long sign_only)
{
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!(sign_only & BIT(i)))
			len += vec[i].iov_len;
	return len;
}

/*
 * Entries of the pieces of @vec the cipher runs over, written to @sg when
 * it is not NULL.  A piece in the linear map is one entry; a vmalloc one
 * (CONFIG_VMAP_STACK stacks among them) one per run of physically
 * contiguous pages.  extract_iter_to_sg() walks a kvec so from 6.3 on;
 * 6.1 has nothing of the kind.  Return: the count, or -EINVAL for a piece
 * in neither.
 */
static int sg_walk(struct scatterlist *sg, const struct kvec *vec,
		   unsigned int nr, unsigned long sign_only)
{
	unsigned int i, off, run;
	const u8 *p, *end;
	struct page *page;
	int n = 0;

	for (i = 0; i < nr; i++) {
		p = vec[i].iov_base;
		end = p + vec[i].iov_len;
		if (p == end || (sign_only & BIT(i)))
			continue;
		if (virt_addr_valid(p) && virt_addr_valid(end - 1)) {
			if (sg)
				sg_set_buf(&sg[n], p, end - p);
			n++;
			continue;
		}
		if (!is_vmalloc_addr(p) || !is_vmalloc_addr(end - 1))
			return -EINVAL;
		while (p < end) {
			page = vmalloc_to_page(p);
			off = offset_in_page(p);
			run = min_t(size_t, PAGE_SIZE - off, end - p);
			/* p + run is at a page boundary from here on */
			while (p + run < end &&
			       page_to_pfn(vmalloc_to_page(p + run)) ==
			       page_to_pfn(page) + (off + run) / PAGE_SIZE)
				run += min_t(size_t, PAGE_SIZE, end - p - run);
			if (sg)
				sg_set_page(&sg[n], page, run, off);
			n++;
			p += run;
		}
	}
	return n;
}

/**
 * ksecdd_krb5_sg_build() - the scatterlist of a message's cipher
 * @t: the table to fill
 * @vec: the pieces, as ksecdd_krb5_encrypt() takes them; their addresses
 *	are what counts, their bytes may still change
 * @nr: number of pieces
 * @sign_only: bit i set if @vec[i] is not encrypted
 * @may_sleep: whether a table longer than @t->stack may be allocated
 *
 * Built before the message takes a sequence number or changes a byte,
 * so that a caller that may not sleep can give up and run the message
 * again where it may.  Free it with ksecdd_krb5_sg_free().
 *
 * Return: 0; -EAGAIN, without @may_sleep, for pieces the stack table
 * cannot hold; -ENOMEM; -EINVAL for a piece neither in the linear map
 * nor in vmalloc memory, or a message with nothing to encrypt.  @t needs
 * no freeing on failure.
 */
int ksecdd_krb5_sg_build(struct ksecdd_krb5_sg *t, const struct kvec *vec,
			 unsigned int nr, unsigned long sign_only,
			 bool may_sleep)
{
	int n = sg_walk(NULL, vec, nr, sign_only);

	if (n <= 0)
		return n ?: -EINVAL;
	t->sg = t->stack;
	if (n > ARRAY_SIZE(t->stack)) {
		if (!may_sleep)
			return -EAGAIN;
		t->sg = kmalloc_array(n, sizeof(*t->sg), GFP_KERNEL);
		if (!t->sg)
			return -ENOMEM;
	}
	t->len = n;
	sg_init_table(t->sg, n);
	sg_walk(t->sg, vec, nr, sign_only);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_sg_build);

/**
 * ksecdd_krb5_sg_free() - free what ksecdd_krb5_sg_build() allocated
 * @t: a table it built
 */
void ksecdd_krb5_sg_free(struct ksecdd_krb5_sg *t)
{
	if (t->sg != t->stack)
		kfree(t->sg);
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_sg_free);

/* CTS over @len bytes in place, with the zero cipher state of RFC 4121. */
static int cts(const struct ksecdd_krb5_usage *u,
	       const struct ksecdd_krb5_sg *t, size_t len, bool encrypt)
{
	SYNC_SKCIPHER_REQUEST_ON_STACK(req, u->enc);
	u8 iv[AES_BLOCK] = { 0 };
	int err;

	skcipher_request_set_sync_tfm(req, u->enc);
	skcipher_request_set_callback(req, 0, NULL, NULL);
	skcipher_request_set_crypt(req, t->sg, t->sg, len, iv);
	err = encrypt ? crypto_skcipher_encrypt(req) :
			crypto_skcipher_decrypt(req);
	skcipher_request_zero(req);
	return err;
}

/**
 * ksecdd_krb5_checksum() - the keyed checksum of a message
 * @u: the usage's keys, with Kc (for an encrypting usage, after
 *	ksecdd_krb5_usage_cksum())
 * @vec: the message, in pieces
 * @nr: number of pieces
 * @out: receives ksecdd_krb5_mac_len() bytes
 *
 * Return: 0, -EINVAL for a usage without Kc, or another negative errno.
 */
int ksecdd_krb5_checksum(const struct ksecdd_krb5_usage *u,
			 const struct kvec *vec, unsigned int nr, u8 *out)
{
	/* pairs with ksecdd_krb5_usage_cksum()'s cmpxchg() */
	struct crypto_shash *tfm = smp_load_acquire(&u->cksum);

	if (!tfm)
		return -EINVAL;
	return hmac(tfm, NULL, 0, vec, nr, out, mac_len(u->enctype));
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
 * ksecdd_krb5_encrypt() - encrypt and protect a message in place
 * @u: the usage's keys, set up to encrypt
 * @vec: the confounder followed by the plaintext, at least 16 bytes to
 *	encrypt in all, in at most %KSECDD_KRB5_VEC_MAX pieces
 * @nr: number of pieces
 * @sign_only: bit i set if @vec[i] is only signed, not encrypted
 * @t: the scatterlist ksecdd_krb5_sg_build() made of the same pieces
 * @tag: receives ksecdd_krb5_mac_len() bytes of integrity tag
 *
 * Return: 0, -EINVAL for a message too short or in too many pieces, or
 * another negative errno.
 */
int ksecdd_krb5_encrypt(const struct ksecdd_krb5_usage *u,
			const struct kvec *vec, unsigned int nr,
			unsigned long sign_only, const struct ksecdd_krb5_sg *t,
			u8 *tag)
{
	static const u8 zero[AES_BLOCK];
	size_t len;
	int err;

	if (nr > KSECDD_KRB5_VEC_MAX)
		return -EINVAL;
	len = enc_len(vec, nr, sign_only);
	if (len < AES_BLOCK)
		return -EINVAL;
	/* RFC 3962 protects the plaintext, RFC 8009 the ciphertext */
	if (!is_rfc8009(u->enctype)) {
		err = hmac(u->integ, NULL, 0, vec, nr, tag,
			   mac_len(u->enctype));
		if (err)
			return err;
	}
	err = cts(u, t, len, true);
	if (err || !is_rfc8009(u->enctype))
		return err;
	return hmac(u->integ, zero, sizeof(zero), vec, nr, tag,
		    mac_len(u->enctype));
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_encrypt);

static int check_tag(const struct ksecdd_krb5_usage *u, const u8 *prefix,
		     unsigned int prefix_len, const struct kvec *vec,
		     unsigned int nr, const u8 *tag)
{
	unsigned int len = mac_len(u->enctype);
	u8 mac[HASH_MAX_DIGESTSIZE];
	int err;

	err = hmac(u->integ, prefix, prefix_len, vec, nr, mac, len);
	if (!err && crypto_memneq(mac, tag, len))
		err = -EBADMSG;
	memzero_explicit(mac, sizeof(mac));
	return err;
}

/**
 * ksecdd_krb5_decrypt() - check and decrypt a message in place
 * @u: the usage's keys, set up to encrypt
 * @vec: the ciphertext, as for ksecdd_krb5_encrypt(); on success the
 *	confounder and the plaintext
 * @nr: number of pieces
 * @sign_only: bit i set if @vec[i] was only signed, not encrypted
 * @t: the scatterlist ksecdd_krb5_sg_build() made of the same pieces
 * @tag: the integrity tag, ksecdd_krb5_mac_len() bytes
 *
 * With RFC 8009 the tag is checked before anything is decrypted; with
 * RFC 3962 it can only be checked after, and the pieces then hold
 * garbage when it does not verify.
 *
 * Return: 0, -EBADMSG if the tag does not verify, -EINVAL as for
 * ksecdd_krb5_encrypt(), or another negative errno.
 */
int ksecdd_krb5_decrypt(const struct ksecdd_krb5_usage *u,
			const struct kvec *vec, unsigned int nr,
			unsigned long sign_only, const struct ksecdd_krb5_sg *t,
			const u8 *tag)
{
	static const u8 zero[AES_BLOCK];
	size_t len;
	int err;

	if (nr > KSECDD_KRB5_VEC_MAX)
		return -EINVAL;
	len = enc_len(vec, nr, sign_only);
	if (len < AES_BLOCK)
		return -EINVAL;
	if (is_rfc8009(u->enctype)) {
		err = check_tag(u, zero, sizeof(zero), vec, nr, tag);
		return err ?: cts(u, t, len, false);
	}
	err = cts(u, t, len, false);
	return err ?: check_tag(u, NULL, 0, vec, nr, tag);
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_krb5_decrypt);

/**
 * ksecdd_krb5_crypto_check() - make sure every transform Kerberos needs exists
 *
 * Asks the crypto API for the CTS cipher and the HMAC of every encryption
 * type, which loads their modules, and names the first one it cannot get
 * in the log.  Called when the module loads, so that a missing crypto
 * module shows up there and then instead of as a failure of each import.
 *
 * Return: 0, or -ENOENT when a transform is not available.
 */
int ksecdd_krb5_crypto_check(void)
{
	static const u32 enctypes[] = {
		KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA1_96,
		KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128,
		KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192,
	};
	const char *name = "cts(cbc(aes))";
	unsigned int i;

	/*
	 * Synchronous, as the contexts allocate it: without the mask an
	 * asynchronous implementation would do, such as aesni-intel's
	 * cts(cbc(aes)), which Debian's 6.12 kernel has loaded by now, and a
	 * missing cts module would go unnoticed until the first import.
	 */
	if (!crypto_has_skcipher(name, 0, CRYPTO_ALG_ASYNC))
		goto missing;
	for (i = 0; i < ARRAY_SIZE(enctypes); i++) {
		name = hmac_name(enctypes[i]);
		if (!crypto_has_shash(name, 0, 0))
			goto missing;
	}
	return 0;

missing:
	pr_err("crypto transform %s is not available: is its module installed?\n",
	       name);
	return -ENOENT;
}
