// SPDX-License-Identifier: GPL-2.0
/*
 * Item 5's parts: what one Kerberos context (aes256-cts-hmac-sha1-96, as
 * the scale run imports) costs in kernel memory, whole and by its parts,
 * so that the 2 KiB goal, when missed, says what bounds it.
 *
 * Each figure allocates COUNT of one thing, reads how much the slab grew
 * (the counter of /proc/meminfo's SUnreclaim, a part of its Slab) and how
 * many free pages went, frees them, and divides by COUNT.  The parts are what an import
 * allocates: a keyed hmac(sha1) shash and a keyed cts(cbc(aes)) sync
 * skcipher (a context keys KEYED_HMACS and KEYED_CTS of them), a key of
 * the same description length linked into a keyring, and the context
 * struct with its names and its Kerberos state.  The reclaimable slab's
 * growth is reported apart: the xarray's node cache is reclaimable, and
 * the handle table's nodes are a context's too.  COUNT is large enough
 * that the per-CPU counter drift (a few dozen pages a CPU) stays a small
 * share.
 */

#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <keys/user-type.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/key-type.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#include "../ksecdd/context.h"
#include "../ksecdd/kerberos.h"
#include "bench.h"

#define COUNT		8192
#define TFM_KEY_LEN	32
#define SETTLE_MS	500

struct memory_bench {
	void **obj;
	u8 key[TFM_KEY_LEN];
	struct key *keyring;
	u8 *blob;
	u32 len;
	u64 serial;
};

/* What one part costs: allocate one, and free one of them. */
struct part {
	const char *name;
	void *(*alloc)(struct memory_bench *mb);
	void (*free)(void *obj);
};

/* What the parts allocate is unreclaimable slab; the rest moves alone. */
static s64 slab_bytes(void)
{
	return (s64)global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B)
	       << PAGE_SHIFT;
}

static s64 reclaimable_bytes(void)
{
	return (s64)global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B)
	       << PAGE_SHIFT;
}

static s64 used_bytes(void)
{
	return (s64)(totalram_pages() -
		     global_zone_page_state(NR_FREE_PAGES)) << PAGE_SHIFT;
}

static void *alloc_hmac(struct memory_bench *mb)
{
	struct crypto_shash *tfm = crypto_alloc_shash("hmac(sha1)", 0, 0);

	if (!IS_ERR(tfm) && crypto_shash_setkey(tfm, mb->key, TFM_KEY_LEN)) {
		crypto_free_shash(tfm);
		return ERR_PTR(-EINVAL);
	}
	return tfm;
}

static void free_hmac(void *obj)
{
	crypto_free_shash(obj);
}

static void *alloc_cts(struct memory_bench *mb)
{
	struct crypto_sync_skcipher *tfm;

	tfm = crypto_alloc_sync_skcipher("cts(cbc(aes))", 0, 0);
	if (!IS_ERR(tfm) &&
	    crypto_sync_skcipher_setkey(tfm, mb->key, TFM_KEY_LEN)) {
		crypto_free_sync_skcipher(tfm);
		return ERR_PTR(-EINVAL);
	}
	return tfm;
}

static void free_cts(void *obj)
{
	crypto_free_sync_skcipher(obj);
}

/*
 * A key as a context's: its description as long ("Kerberos:" and a
 * 64-bit tag in hex), linked into a keyring, with a one-byte payload
 * where a context's holds a pointer.
 */
static void *alloc_key(struct memory_bench *mb)
{
	char desc[KSECDD_PACKED_PACKAGE_LEN + 18];
	struct key *key;
	int err;

	snprintf(desc, sizeof(desc), "Kerberos:%016llx", ++mb->serial);
	key = key_alloc(&key_type_user, desc, GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
			current_cred(), KEY_POS_ALL | KEY_USR_VIEW,
			KEY_ALLOC_NOT_IN_QUOTA, NULL);
	if (IS_ERR(key))
		return key;
	err = key_instantiate_and_link(key, "k", 1, mb->keyring, NULL);
	if (err) {
		key_put(key);
		return ERR_PTR(err);
	}
	return key;
}

static void free_key(void *obj)
{
	key_invalidate(obj);
	key_put(obj);
}

/* The context struct with the bench contexts' names, and its state. */
static void *alloc_struct(struct memory_bench *mb)
{
	static const size_t names = sizeof("alice@EXAMPLE.COM") +
				    sizeof("cifs/files.example.com@EXAMPLE.COM");
	struct ksecdd_krb5_state *st;
	struct ksecdd_context *ctx;

	ctx = kzalloc(struct_size(ctx, names, names), GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st) {
		kfree(ctx);
		return ERR_PTR(-ENOMEM);
	}
	ctx->state = st;
	return ctx;
}

static void free_struct(void *obj)
{
	struct ksecdd_context *ctx = obj;

	kfree(ctx->state);
	kfree(ctx);
}

/* A whole context, ImportSecurityContextW() of the scale run's kind. */
static void *alloc_context(struct memory_bench *mb)
{
	CtxtHandle *h = kmalloc(sizeof(*h), GFP_KERNEL);
	SECURITY_STATUS st;

	if (!h)
		return ERR_PTR(-ENOMEM);
	st = bench_import("Kerberos", mb->blob, mb->len, h);
	if (st != SEC_E_OK) {
		kfree(h);
		return ERR_PTR(ksecdd_status_to_errno(st));
	}
	return h;
}

static void free_context(void *obj)
{
	DeleteSecurityContext(obj);
	kfree(obj);
}

static const struct part parts[] = {
	{ "memory-context", alloc_context, free_context },
	{ "memory-hmac-sha1-tfm", alloc_hmac, free_hmac },
	{ "memory-cts-aes-tfm", alloc_cts, free_cts },
	{ "memory-key", alloc_key, free_key },
	{ "memory-context-struct", alloc_struct, free_struct },
};

/*
 * Let what a part freed go before the next is counted: RCU-deferred
 * frees, and the keyring collector's work on the keys.
 */
static void settle(void)
{
	rcu_barrier();
	msleep(SETTLE_MS);
}

/* Growth per object; the counters' drift may make a small one negative. */
static u64 per_object(s64 growth)
{
	return growth > 0 ? div_u64(growth, COUNT) : 0;
}

/*
 * COUNT of a part, and what they took.  The whole context's figure
 * includes its handle's kmalloc (16 bytes), which the measure needs.
 */
static int measure(struct memory_bench *mb, const struct part *part)
{
	s64 slab, used, reclaimable;
	char name[48];
	unsigned int i, n;
	int err = 0;

	slab = slab_bytes();
	reclaimable = reclaimable_bytes();
	used = used_bytes();
	for (n = 0; n < COUNT; n++) {
		mb->obj[n] = part->alloc(mb);
		if (IS_ERR(mb->obj[n])) {
			err = PTR_ERR(mb->obj[n]);
			break;
		}
	}
	if (!err) {
		bench_value(5, part->name, per_object(slab_bytes() - slab),
			    "bytes");
		snprintf(name, sizeof(name), "%s-pages", part->name);
		bench_value(5, name, per_object(used_bytes() - used), "bytes");
		snprintf(name, sizeof(name), "%s-reclaimable", part->name);
		bench_value(5, name, per_object(reclaimable_bytes() -
						reclaimable), "bytes");
	}
	for (i = 0; i < n; i++)
		part->free(mb->obj[i]);
	settle();
	return err;
}

/**
 * bench_memory() - item 5's parts
 *
 * Return: 0 or a negative errno.
 */
int bench_memory(void)
{
	struct ksecdd_packed_ctx *p;
	struct memory_bench mb = { };
	u8 key[KSECDD_KRB5_KEY_MAX];
	unsigned int i;
	int err = -ENOMEM;

	p = kmalloc(sizeof(*p), GFP_KERNEL);
	mb.obj = kvcalloc(COUNT, sizeof(*mb.obj), GFP_KERNEL);
	if (!p || !mb.obj)
		goto out;
	get_random_bytes(key, sizeof(key));
	get_random_bytes(mb.key, sizeof(mb.key));
	bench_krb5_ctx(p, KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96,
		       KSECDD_ROLE_ACCEPTOR, key);
	mb.blob = bench_blob(p, &mb.len);
	if (!mb.blob)
		goto out;
	mb.keyring = keyring_alloc("ksecdd_bench_memory", GLOBAL_ROOT_UID,
				   GLOBAL_ROOT_GID, current_cred(),
				   KEY_POS_ALL | KEY_USR_VIEW,
				   KEY_ALLOC_NOT_IN_QUOTA, NULL, NULL);
	if (IS_ERR(mb.keyring)) {
		err = PTR_ERR(mb.keyring);
		goto out;
	}

	settle();
	err = 0;
	for (i = 0; i < ARRAY_SIZE(parts) && !err; i++)
		err = measure(&mb, &parts[i]);
	bench_value(5, "memory-hmacs-per-context", KEYED_HMACS, "transforms");
	bench_value(5, "memory-cts-per-context", KEYED_CTS, "transforms");

	key_revoke(mb.keyring);
	key_put(mb.keyring);
out:
	kfree(mb.blob);
	kvfree(mb.obj);
	kfree(p);
	return err;
}
