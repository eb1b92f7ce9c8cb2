// SPDX-License-Identifier: GPL-2.0
/*
 * Item 2: a kernel caller's session setup and teardown,
 * ImportSecurityContextW() then DeleteSecurityContext(), against what a
 * plain key costs: key_alloc(), key_instantiate_and_link() of a "user"
 * key with a payload of the blob's size into a keyring, key_revoke() and
 * key_put().  Kerberos keys its transforms at import; NTLM keys none,
 * which leaves the context core.  A third pair sets the Kerberos import
 * against the transforms it allocates and keys, with nothing else, to
 * show what share of it they are; three more set DeleteSecurityContext()
 * alone against its key's part, its transforms' part and its handle
 * table's part (bench/xarray.c has that table's costs).
 */

#include <crypto/aes.h>
#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <keys/user-type.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/key-type.h>
#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "bench.h"

/* Plain keys pile up revoked in the keyring: a run makes at most this. */
#define PLAIN_MAX	20000
/* Time for the keyring collector to finish with a run's keys. */
#define SETTLE_MS	200
#define TFM_KEY_LEN	32

struct keys_bench {
	const char *package;
	u8 *blob;
	u32 len;
	struct key *keyring;
	u64 serial;
	u8 tfm_key[TFM_KEY_LEN];
	/* a handle table of one entry, as the delete pairs' */
	struct xarray xa;
};

static int run_import(void *arg, u32 n, u64 *ns)
{
	struct keys_bench *kb = arg;
	SECURITY_STATUS st = SEC_E_OK;
	u64 start = ktime_get_ns();
	CtxtHandle h;
	u32 i;

	for (i = 0; i < n && st == SEC_E_OK; i++) {
		st = bench_import(kb->package, kb->blob, kb->len, &h);
		if (st == SEC_E_OK)
			st = DeleteSecurityContext(&h);
	}
	*ns = ktime_get_ns() - start;
	return ksecdd_status_to_errno(st);
}

static int plain_key(struct keys_bench *kb)
{
	char desc[KSECDD_PACKED_PACKAGE_LEN + 18];
	struct key *key;
	int err;

	/* a description as long as a context key's */
	snprintf(desc, sizeof(desc), "%s:%016llx", kb->package, ++kb->serial);
	key = key_alloc(&key_type_user, desc, GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
			current_cred(),
			KEY_POS_VIEW | KEY_POS_SEARCH | KEY_USR_VIEW,
			KEY_ALLOC_NOT_IN_QUOTA, NULL);
	if (IS_ERR(key))
		return PTR_ERR(key);
	err = key_instantiate_and_link(key, kb->blob, kb->len, kb->keyring,
				       NULL);
	if (!err)
		key_revoke(key);
	key_put(key);
	return err;
}

static int run_plain(void *arg, u32 n, u64 *ns)
{
	u64 start = ktime_get_ns();
	u32 i;
	int err = 0;

	for (i = 0; i < n && !err; i++)
		err = plain_key(arg);
	*ns = ktime_get_ns() - start;
	return err;
}

static int derive_key(const u8 *key)
{
	struct crypto_aes_ctx aes;
	int err;

	err = aes_expandkey(&aes, key, TFM_KEY_LEN);
	memzero_explicit(&aes, sizeof(aes));
	return err;
}

/* What an import keys: its transforms, each keyed with @key. */
struct tfms {
	struct crypto_shash *hmac[KEYED_HMACS];
	struct crypto_sync_skcipher *cts[KEYED_CTS];
};

/* On failure, what was allocated stays in @t for free_tfms(). */
static int alloc_tfms(struct tfms *t, const u8 *key)
{
	unsigned int i;
	int err = 0;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < KEYED_HMACS && !err; i++) {
		t->hmac[i] = crypto_alloc_shash("hmac(sha1)", 0, 0);
		err = PTR_ERR_OR_ZERO(t->hmac[i]) ?:
		      crypto_shash_setkey(t->hmac[i], key, TFM_KEY_LEN);
	}
	for (i = 0; i < KEYED_CTS && !err; i++) {
		t->cts[i] = crypto_alloc_sync_skcipher("cts(cbc(aes))", 0, 0);
		err = PTR_ERR_OR_ZERO(t->cts[i]) ?:
		      crypto_sync_skcipher_setkey(t->cts[i], key, TFM_KEY_LEN);
	}
	return err;
}

static void free_tfms(struct tfms *t)
{
	unsigned int i;

	for (i = 0; i < KEYED_HMACS; i++)
		if (!IS_ERR_OR_NULL(t->hmac[i]))
			crypto_free_shash(t->hmac[i]);
	for (i = 0; i < KEYED_CTS; i++)
		if (!IS_ERR_OR_NULL(t->cts[i]))
			crypto_free_sync_skcipher(t->cts[i]);
}

static int keyed_tfms(const u8 *key)
{
	struct tfms t;
	int err;

	err = alloc_tfms(&t, key);
	free_tfms(&t);
	return err;
}

static int run_transforms(void *arg, u32 n, u64 *ns)
{
	struct keys_bench *kb = arg;
	u64 start = ktime_get_ns();
	u32 i;
	int err = 0;

	for (i = 0; i < n && !err; i++)
		err = derive_key(kb->tfm_key) ?: keyed_tfms(kb->tfm_key);
	*ns = ktime_get_ns() - start;
	return err;
}

/*
 * DeleteSecurityContext() alone, the import outside the time, against its
 * parts apart: a plain key's (linked into a keyring outside the time,
 * then unlinked, invalidated and put, as a context's key is) and the
 * transforms' (keyed outside the time, then freed).
 */
static int run_delete(void *arg, u32 n, u64 *ns)
{
	struct keys_bench *kb = arg;
	SECURITY_STATUS st = SEC_E_OK;
	CtxtHandle h;
	u64 start;
	u32 i;

	*ns = 0;
	for (i = 0; i < n && st == SEC_E_OK; i++) {
		st = bench_import(kb->package, kb->blob, kb->len, &h);
		if (st != SEC_E_OK)
			break;
		start = ktime_get_ns();
		st = DeleteSecurityContext(&h);
		*ns += ktime_get_ns() - start;
	}
	return ksecdd_status_to_errno(st);
}

static int run_plain_delete(void *arg, u32 n, u64 *ns)
{
	struct keys_bench *kb = arg;
	char desc[KSECDD_PACKED_PACKAGE_LEN + 18];
	struct key *key;
	u64 start;
	int err = 0;
	u32 i;

	*ns = 0;
	for (i = 0; i < n && !err; i++) {
		snprintf(desc, sizeof(desc), "%s:%016llx", kb->package,
			 ++kb->serial);
		key = key_alloc(&key_type_user, desc, GLOBAL_ROOT_UID,
				GLOBAL_ROOT_GID, current_cred(),
				KEY_POS_ALL | KEY_USR_VIEW,
				KEY_ALLOC_NOT_IN_QUOTA, NULL);
		if (IS_ERR(key))
			return PTR_ERR(key);
		err = key_instantiate_and_link(key, kb->blob, kb->len,
					       kb->keyring, NULL);
		start = ktime_get_ns();
		if (!err)
			err = key_unlink(kb->keyring, key);
		key_invalidate(key);
		key_put(key);
		*ns += ktime_get_ns() - start;
	}
	return err;
}

static int run_transforms_free(void *arg, u32 n, u64 *ns)
{
	struct keys_bench *kb = arg;
	struct tfms t;
	u64 start;
	int err = 0;
	u32 i;

	*ns = 0;
	for (i = 0; i < n && !err; i++) {
		err = alloc_tfms(&t, kb->tfm_key);
		start = ktime_get_ns();
		free_tfms(&t);
		*ns += ktime_get_ns() - start;
	}
	return err;
}

/*
 * The handle table's part of a delete: one entry stored at a random
 * 31-bit index of an otherwise empty xarray outside the time, as a lone
 * context's serial is, then erased; the nodes its path took are freed a
 * grace period later, as a context's are.
 */
static int run_xarray_erase(void *arg, u32 n, u64 *ns)
{
	struct keys_bench *kb = arg;
	unsigned long idx;
	u64 start;
	int err = 0;
	u32 i;

	*ns = 0;
	for (i = 0; i < n && !err; i++) {
		idx = (get_random_u32() >> 1) ?: 1;
		err = xa_insert(&kb->xa, idx, kb, GFP_KERNEL);
		start = ktime_get_ns();
		if (!err)
			xa_erase(&kb->xa, idx);
		*ns += ktime_get_ns() - start;
	}
	return err;
}

/* Revoked keys stay linked until the collector's delay: unlink them. */
static void settle(void *arg)
{
	struct keys_bench *kb = arg;

	keyring_clear(kb->keyring);
	msleep(SETTLE_MS);
}

static int pair(struct keys_bench *kb, const char *name,
		const struct ksecdd_packed_ctx *p,
		int (*ks)(void *, u32, u64 *),
		int (*reference)(void *, u32, u64 *))
{
	struct bench_side ksecdd = { .run = ks, .settle = settle,
				     .arg = kb, .threads = 1,
				     .max_n = PLAIN_MAX };
	struct bench_side ref = { .run = reference, .settle = settle,
				  .arg = kb, .threads = 1,
				  .max_n = PLAIN_MAX };
	struct bench_result res;
	int err;

	kb->package = ksecdd_packed_package_name(p->package);
	kb->blob = bench_blob(p, &kb->len);
	if (!kb->blob)
		return -ENOMEM;
	err = bench_pair(&ksecdd, &ref, &res);
	if (!err)
		bench_row(2, name, &res);
	kfree(kb->blob);
	return err;
}

static int measure(struct keys_bench *kb, const char *name,
		   const struct ksecdd_packed_ctx *p,
		   int (*reference)(void *, u32, u64 *))
{
	return pair(kb, name, p, run_import, reference);
}

static int measure_delete(struct keys_bench *kb, const char *name,
			  const struct ksecdd_packed_ctx *p,
			  int (*reference)(void *, u32, u64 *))
{
	return pair(kb, name, p, run_delete, reference);
}

/**
 * bench_keys() - item 2, for a Kerberos and an NTLM context
 *
 * Return: 0 or a negative errno.
 */
int bench_keys(void)
{
	struct ksecdd_packed_ctx *p;
	struct keys_bench kb = { };
	u8 key[KSECDD_KRB5_KEY_MAX];
	int err;

	p = kmalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	xa_init(&kb.xa);
	kb.keyring = keyring_alloc("ksecdd_bench", GLOBAL_ROOT_UID,
				   GLOBAL_ROOT_GID, current_cred(),
				   KEY_POS_ALL | KEY_USR_VIEW,
				   KEY_ALLOC_NOT_IN_QUOTA, NULL, NULL);
	if (IS_ERR(kb.keyring)) {
		err = PTR_ERR(kb.keyring);
		goto out;
	}

	get_random_bytes(key, sizeof(key));
	get_random_bytes(kb.tfm_key, sizeof(kb.tfm_key));
	bench_krb5_ctx(p, KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96,
		       KSECDD_ROLE_ACCEPTOR, key);
	err = measure(&kb, "kernel-import-kerberos", p, run_plain) ?:
	      measure(&kb, "kernel-import-kerberos-vs-transforms", p,
		      run_transforms) ?:
	      measure_delete(&kb, "kernel-delete-kerberos-vs-key", p,
			     run_plain_delete) ?:
	      measure_delete(&kb, "kernel-delete-kerberos-vs-transforms", p,
			     run_transforms_free) ?:
	      measure_delete(&kb, "kernel-delete-kerberos-vs-xarray", p,
			     run_xarray_erase);
	bench_ntlm_ctx(p);
	err = err ?: measure(&kb, "kernel-import-ntlm", p, run_plain) ?:
	      bench_xarray();

	key_revoke(kb.keyring);
	key_put(kb.keyring);
out:
	xa_destroy(&kb.xa);
	kfree(p);
	return err;
}
