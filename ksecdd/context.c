// SPDX-License-Identifier: GPL-2.0
/*
 * Security contexts: their lifetime, their keys and their handles.
 *
 * A context is born unattached, is published as the payload of a new
 * ".ksecdd" key, and is detached from the key when the context is deleted,
 * when the key is revoked, or when the key is destroyed.  A detached
 * context is dead: lookups fail, and it is freed when the last operation
 * holding it drops its reference.
 *
 * A handle is (key serial, random tag).  Handles resolve through a hash
 * table of both, read under RCU, so the per-message path costs one
 * rhashtable_lookup(), and one reference unless the package's messages
 * never sleep and run in the lookup's RCU section (ksecdd_context_find());
 * a context is freed a grace period after its last reference goes.  A
 * hash table rather than an xarray indexed by serial, because key serials
 * are random 31-bit numbers: an xarray gives nearly every context a path
 * of its own, about three nodes (1.5 KB) allocated at import and freed at
 * delete (Documentation/benchmarks.rst, item 2).  The tag makes a stale
 * handle whose serial has been reused by another key fail instead of
 * reaching the other context; while the old key waits for ->destroy, both
 * contexts are in the table, told apart by their tags.
 *
 * The keyring core does not stop users of a revoked, invalidated or
 * expired key; ksecdd_context_check() does, on every operation, reading
 * the key's state through ctx->key under ctx->key_lock.  ctx->key holds
 * no reference, so it is cleared, under that lock, before the key can be
 * freed: on delete and revoke, and at the latest in ->destroy, after which
 * the key core frees the key at once.  A lock rather than RCU, because
 * ->destroy runs in the system-wide key collector, one key after another:
 * a grace period there per context would stall the reaping of every key
 * of every user.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/jhash.h>
#include <linux/key-type.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/rhashtable.h>
#include <kunit/visibility.h>

#include <ksecdd/ksecdd.h>

#include "context.h"
#include "handshake.h"
#include "keytype.h"
#include "stats.h"
#include "trace.h"

/*
 * Exported by security/keys/permission.c (EXPORT_SYMBOL) but declared only
 * in security/keys/internal.h; the same in 6.1 and later.
 */
int key_task_permission(const key_ref_t key_ref, const struct cred *cred,
			enum key_need_perm need_perm);

/* What a handle looks its context up by. */
struct handle_key {
	key_serial_t serial;
	unsigned long tag;
};

static u32 handle_hash(const void *data, u32 len, u32 seed)
{
	const struct handle_key *k = data;

	return jhash_1word(k->serial, seed);
}

static u32 context_hash(const void *data, u32 len, u32 seed)
{
	const struct ksecdd_context *ctx = data;

	return jhash_1word(ctx->serial, seed);
}

static int context_cmp(struct rhashtable_compare_arg *arg, const void *obj)
{
	const struct handle_key *k = arg->key;
	const struct ksecdd_context *ctx = obj;

	return ctx->serial != k->serial || ctx->tag != k->tag;
}

static const struct rhashtable_params ksecdd_context_params = {
	.head_offset = offsetof(struct ksecdd_context, node),
	.key_len = sizeof(struct handle_key),
	.hashfn = handle_hash,
	.obj_hashfn = context_hash,
	.obj_cmpfn = context_cmp,
	.automatic_shrinking = true,
};

static struct rhashtable ksecdd_contexts;
/*
 * Held over every change of the table, so that module exit can empty it
 * while a revoke or the key collector detaches contexts; lookups take no
 * lock.  @ksecdd_contexts_gone: the table was destroyed.
 */
static DEFINE_MUTEX(ksecdd_contexts_lock);
static bool ksecdd_contexts_gone;
static struct workqueue_struct *ksecdd_context_wq;
static atomic_t ksecdd_contexts_live = ATOMIC_INIT(0);
static atomic64_t ksecdd_context_ids = ATOMIC64_INIT(0);

/* Copies a name and NUL-terminates it; returns where the next one goes. */
static char *copy_name(const char **dst, char *p, const char *name, u32 len)
{
	if (!name)
		return p;
	memcpy(p, name, len);
	p[len] = '\0';
	*dst = p;
	return p + len + 1;
}

/**
 * ksecdd_context_alloc() - allocate an unpublished context
 * @pkg: its package
 * @client: client principal name, UTF-8, or NULL
 * @client_len: its length in bytes
 * @server: server principal name, UTF-8, or NULL
 * @server_len: its length in bytes
 *
 * Return: the context with one reference, or NULL.
 */
struct ksecdd_context *ksecdd_context_alloc(const struct ksecdd_package *pkg,
					    const char *client, u32 client_len,
					    const char *server, u32 server_len)
{
	size_t names = (client ? client_len + 1 : 0) +
		       (server ? server_len + 1 : 0);
	struct ksecdd_context *ctx;
	char *p;

	/* charged to the importer's memory cgroup, as its key quota is */
	ctx = kzalloc(struct_size(ctx, names, names), GFP_KERNEL_ACCOUNT);
	if (!ctx)
		return NULL;
	kref_init(&ctx->ref);
	spin_lock_init(&ctx->key_lock);
	spin_lock_init(&ctx->lock);
	ctx->pkg = pkg;
	p = copy_name(&ctx->client_name, ctx->names, client, client_len);
	copy_name(&ctx->server_name, p, server, server_len);
	/* All-ones is the invalid handle and all-ones minus one the deleted. */
	do {
		ctx->tag = get_random_long();
	} while (ctx->tag >= SEC_DELETED_HANDLE);
	atomic_inc(&ksecdd_contexts_live);
	ksecdd_stats_add(pkg, KSECDD_STAT_LIVE, 1);
	return ctx;
}

/*
 * The second half of a release, a grace period after the last put: the
 * messages running under rcu_read_lock() without a reference are done
 * with the package state by then.  In a workqueue, as freeing transforms
 * is for process context, and never in the key collector, which must not
 * wait for grace periods.
 */
static void free_context(struct work_struct *work)
{
	struct ksecdd_context *ctx = container_of(to_rcu_work(work),
						  struct ksecdd_context,
						  free_work);

	if (ctx->state)
		ctx->pkg->ops->free(ctx);
	kfree(ctx);
}

static void ksecdd_context_release(struct kref *ref)
{
	struct ksecdd_context *ctx = container_of(ref, struct ksecdd_context,
						  ref);

	/* No message reaches these: they go now. */
	if (ctx->hs)
		ksecdd_handshake_free(ctx->hs);
	if (ctx->token)
		put_cred(ctx->token);
	atomic_dec(&ksecdd_contexts_live);
	ksecdd_stats_add(ctx->pkg, KSECDD_STAT_LIVE, -1);
	INIT_RCU_WORK(&ctx->free_work, free_context);
	queue_rcu_work(ksecdd_context_wq, &ctx->free_work);
}

/**
 * ksecdd_context_put() - drop a reference to a context
 * @ctx: the context, or NULL
 *
 * The last put zeroes the context's keys and frees it, a grace period
 * later.  Call from process context.
 */
void ksecdd_context_put(struct ksecdd_context *ctx)
{
	if (ctx)
		kref_put(&ctx->ref, ksecdd_context_release);
}
EXPORT_SYMBOL_NS_GPL(ksecdd_context_put, KSECDD_NS);

/*
 * The payload handed through key_instantiate_and_link().  The cookie keeps
 * other kernel code that calls key_create_or_update() with our type name
 * from passing bytes we would take for a context pointer.
 */
struct ksecdd_payload {
	u64 cookie;
	struct ksecdd_context *ctx;
	size_t quotalen;
};

static u64 ksecdd_payload_cookie __ro_after_init;

/* Called by ->preparse, in the importer's context. */
int ksecdd_context_preparse(struct key_preparsed_payload *prep)
{
	const struct ksecdd_payload *payload = prep->data;
	struct ksecdd_context *ctx;

	if (prep->datalen != sizeof(*payload) || !ksecdd_payload_cookie ||
	    payload->cookie != ksecdd_payload_cookie)
		return -EPERM;
	ctx = payload->ctx;
	kref_get(&ctx->ref);
	prep->payload.data[0] = ctx;
	prep->quotalen = payload->quotalen;
	prep->expiry = ctx->expiry == KSECDD_PACKED_NEVER ? TIME64_MAX :
			ctx->expiry;
	return 0;
}

/* Called by ->free_preparse: drops the context ->instantiate did not take. */
void ksecdd_context_free_preparse(struct key_preparsed_payload *prep)
{
	ksecdd_context_put(prep->payload.data[0]);
}

/**
 * ksecdd_context_instantiate() - attach a context to its new key
 * @key: the key, not yet instantiated
 * @prep: from ksecdd_context_preparse()
 *
 * Runs under the keyring core's construction mutex, so a context becomes
 * reachable by handle only once its key exists.
 *
 * Return: 0, -EDQUOT or -ENOMEM.
 */
int ksecdd_context_instantiate(struct key *key,
			       struct key_preparsed_payload *prep)
{
	struct ksecdd_context *ctx = prep->payload.data[0];
	int err;

	err = key_payload_reserve(key, prep->quotalen);
	if (err)
		return err;

	ctx->serial = key->serial;
	ctx->key = key;
	/* the insertion publishes ctx->key with the context */
	mutex_lock(&ksecdd_contexts_lock);
	err = rhashtable_insert_fast(&ksecdd_contexts, &ctx->node,
				     ksecdd_context_params);
	mutex_unlock(&ksecdd_contexts_lock);
	if (err) {
		ctx->key = NULL;
		return err;
	}
	rcu_assign_keypointer(key, ctx);
	prep->payload.data[0] = NULL;
	return 0;
}

/* From now on nobody reaches the key through the context. */
static void forget_key(struct ksecdd_context *ctx)
{
	spin_lock(&ctx->key_lock);
	ctx->key = NULL;
	spin_unlock(&ctx->key_lock);
}

/*
 * Cuts a context off its key and its handle: a lookup from now on fails.
 * Returns the payload's reference for the caller to drop, or NULL if the
 * context was detached already.  Called with key->sem held for writing, or
 * from ->destroy, where nobody else can reach the key.
 */
static struct ksecdd_context *detach(struct key *key)
{
	struct ksecdd_context *ctx;

	ctx = rcu_dereference_protected(key->payload.rcu_data0, true);
	if (!ctx)
		return NULL;
	rcu_assign_keypointer(key, NULL);
	set_bit(KSECDD_CTX_DEAD, &ctx->flags);
	/* not in the table if a replacement or module exit took it out */
	mutex_lock(&ksecdd_contexts_lock);
	if (!ksecdd_contexts_gone)
		rhashtable_remove_fast(&ksecdd_contexts, &ctx->node,
				       ksecdd_context_params);
	mutex_unlock(&ksecdd_contexts_lock);
	forget_key(ctx);
	return ctx;
}

/**
 * ksecdd_context_detach() - ->revoke: the context dies with the key
 * @key: the key, with its semaphore held for writing
 *
 * The key core schedules the collector to unlink the revoked key gc_delay
 * from now; the context's charge goes back at once, as a revoked user key's
 * does.
 */
void ksecdd_context_detach(struct key *key)
{
	struct ksecdd_context *ctx = detach(key);

	if (ctx)
		trace_ksecdd_context_revoke(ctx);
	ksecdd_context_put(ctx);
	key_payload_reserve(key, 0);
}

/**
 * ksecdd_context_destroy() - ->destroy: drop the key's context
 * @key: the key, unreferenced or being killed by unregister_key_type()
 *
 * Needs no grace period: an operation reading the key through ctx->key
 * holds ctx->key_lock, which detach() takes.
 */
void ksecdd_context_destroy(struct key *key)
{
	struct ksecdd_context *ctx = detach(key);

	if (ctx)
		trace_ksecdd_context_collect(ctx);
	ksecdd_context_put(ctx);
}

/* A context became a key: counted once established. */
static void published(struct ksecdd_context *ctx)
{
	trace_ksecdd_context_import(ctx);
	if (!ctx->hs)
		ksecdd_stats_add(ctx->pkg, KSECDD_STAT_IMPORTS, 1);
}

/**
 * ksecdd_context_publish() - make a context a key and give out its handle
 * @ctx: a context from ksecdd_context_alloc(), fully built
 * @keyring: keyring to link the key into, charged to the caller, or NULL
 *	for the module keyring, outside any quota
 * @charge: bytes to charge to the caller's key quota
 * @handle: receives the handle
 *
 * On success the key holds the context; the caller's reference is its own
 * to drop.
 *
 * Return: 0, -EDQUOT when the caller's key quota is exhausted, -ENOMEM,
 * or an error from linking into @keyring.
 */
int ksecdd_context_publish(struct ksecdd_context *ctx, struct key *keyring,
			   size_t charge, CtxtHandle *handle)
{
	const struct cred *cred = current_cred();
	struct ksecdd_payload payload = {
		.cookie = ksecdd_payload_cookie,
		.ctx = ctx,
		.quotalen = charge,
	};
	unsigned long flags = KEY_ALLOC_NOT_IN_QUOTA;
	kuid_t uid = GLOBAL_ROOT_UID;
	kgid_t gid = GLOBAL_ROOT_GID;
	key_perm_t perm = KEY_POS_VIEW | KEY_POS_SEARCH | KEY_USR_VIEW;
	char desc[KSECDD_PACKED_PACKAGE_LEN + 18];
	struct key *key;
	int err;

	if (keyring) {
		ctx->keyring = keyring->serial;
		uid = cred->fsuid;
		gid = cred->fsgid;
		flags = KEY_ALLOC_IN_QUOTA;
		/*
		 * READ is what exporting takes (the type has no ->read, so
		 * keyctl read still fails): the owner may grant SEARCH to
		 * let others use a context without letting them copy it.
		 */
		perm = KEY_POS_VIEW | KEY_POS_READ | KEY_POS_WRITE |
		       KEY_POS_SEARCH | KEY_POS_LINK | KEY_POS_SETATTR |
		       KEY_USR_VIEW | KEY_USR_READ | KEY_USR_WRITE |
		       KEY_USR_SEARCH | KEY_USR_SETATTR;
	} else {
		keyring = ksecdd_keyring;
	}

	snprintf(desc, sizeof(desc), "%s:%016llx", ctx->pkg->name,
		 (u64)atomic64_inc_return(&ksecdd_context_ids));
	key = key_alloc(&ksecdd_key_type, desc, uid, gid, cred, perm, flags,
			NULL);
	if (IS_ERR(key))
		return PTR_ERR(key);

	err = key_instantiate_and_link(key, &payload, sizeof(payload),
				       keyring, NULL);
	if (!err) {
		handle->dwLower = ctx->serial;
		handle->dwUpper = ctx->tag;
		published(ctx);
	}
	key_put(key);
	return err;
}

/* The context of (@serial, @tag), or NULL; under rcu_read_lock(). */
static struct ksecdd_context *find(unsigned long serial, unsigned long tag)
{
	struct handle_key k = { .serial = serial, .tag = tag };

	if (!serial || serial > S32_MAX)
		return NULL;
	return rhashtable_lookup(&ksecdd_contexts, &k, ksecdd_context_params);
}

/**
 * ksecdd_context_lookup() - the context a handle names, dead or alive
 * @handle: the handle
 *
 * Return: the context with a reference, or ERR_PTR(-ENOKEY) if no
 * context has that handle.  The context may be expired or deleted; see
 * ksecdd_context_check().
 */
struct ksecdd_context *ksecdd_context_lookup(const CtxtHandle *handle)
{
	struct ksecdd_context *ctx;

	if (!handle)
		return ERR_PTR(-ENOKEY);
	rcu_read_lock();
	ctx = find(handle->dwLower, handle->dwUpper);
	if (ctx && !kref_get_unless_zero(&ctx->ref))
		ctx = NULL;
	rcu_read_unlock();
	return ctx ?: ERR_PTR(-ENOKEY);
}

/**
 * ksecdd_context_find() - the live context a handle names, unreferenced
 * @handle: the handle
 *
 * What the SSPI message calls use for a package whose messages never
 * sleep: no reference is taken, so no atomic operation touches the
 * context's reference count; the context stays valid until the caller
 * leaves its RCU read-side section, even if it is deleted meanwhile.
 * Call under rcu_read_lock(), and do not sleep before leaving it.
 *
 * Return: as ksecdd_context_get(), without a reference.
 */
struct ksecdd_context *ksecdd_context_find(const CtxtHandle *handle)
{
	struct ksecdd_context *ctx;
	int err;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "needs rcu_read_lock()");
	ctx = handle ? find(handle->dwLower, handle->dwUpper) : NULL;
	if (!ctx)
		return ERR_PTR(-ENOKEY);
	err = ksecdd_context_check(ctx);
	return err ? ERR_PTR(err) : ctx;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_context_find, KSECDD_NS);

/**
 * ksecdd_context_hold() - take a reference to a context found under RCU
 * @ctx: what ksecdd_context_find() returned, in the RCU read-side section
 *	the caller still holds
 *
 * Return: 0, with a reference to drop with ksecdd_context_put(); or
 * -ENOKEY if the last reference went meanwhile, as a new lookup would
 * find.
 */
int ksecdd_context_hold(struct ksecdd_context *ctx)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "needs rcu_read_lock()");
	return kref_get_unless_zero(&ctx->ref) ? 0 : -ENOKEY;
}

/**
 * ksecdd_context_package_of() - the package of the context a handle names
 * @handle: the handle, or NULL
 *
 * For the trace events, which call it only when they are enabled.
 *
 * Return: the package's name, or "-" if @handle names no context.
 */
const char *ksecdd_context_package_of(const CtxtHandle *handle)
{
	const struct ksecdd_context *ctx;
	const char *name = "-";

	if (!handle)
		return name;
	rcu_read_lock();
	ctx = find(handle->dwLower, handle->dwUpper);
	/* the package outlives every context; the context, this section */
	if (ctx)
		name = ctx->pkg->name;
	rcu_read_unlock();
	return name;
}

/* The context of a looked-up key, if it is ours and has that tag. */
static struct ksecdd_context *context_of_ref(key_ref_t ref, u64 tag)
{
	struct ksecdd_context *ctx;
	struct key *key;
	int err;

	if (IS_ERR(ref)) {
		err = PTR_ERR(ref);
		if (err != -EACCES && err != -EKEYEXPIRED && err != -ENOMEM)
			err = -ENOKEY;
		return ERR_PTR(err);
	}
	key = key_ref_to_ptr(ref);
	if (key->type != &ksecdd_key_type) {
		key_ref_put(ref);
		return ERR_PTR(-ENOKEY);
	}

	rcu_read_lock();
	ctx = dereference_key_rcu(key);
	if (ctx && (ctx->tag != tag || !kref_get_unless_zero(&ctx->ref)))
		ctx = NULL;
	rcu_read_unlock();
	key_ref_put(ref);
	return ctx ?: ERR_PTR(-ENOKEY);
}

/*
 * Whether the caller may use @ctx's key as lookup_user_key() would let it,
 * without the global serial tree and the search of the caller's keyrings
 * for possession: the key still referenced, valid, and granting @need
 * without possession.  Possession only adds to what a key grants, so a
 * yes here is lookup_user_key()'s yes; a no is left to it.
 */
static bool may_use_unpossessed(struct ksecdd_context *ctx,
				enum key_need_perm need)
{
	struct key *key;
	bool ok = false;

	spin_lock(&ctx->key_lock);
	key = ctx->key;
	if (key && refcount_read(&key->usage) && !key_validate(key))
		ok = !key_task_permission(make_key_ref(key, false),
					  current_cred(), need);
	spin_unlock(&ctx->key_lock);
	return ok;
}

/* The context of (@serial, @tag) if the caller may use it unpossessed. */
static struct ksecdd_context *lookup_user_fast(u64 serial, u64 tag,
					       enum key_need_perm need)
{
	struct ksecdd_context *ctx;

	rcu_read_lock();
	ctx = find(serial, tag);
	if (ctx && (!may_use_unpossessed(ctx, need) ||
		    !kref_get_unless_zero(&ctx->ref)))
		ctx = NULL;
	rcu_read_unlock();
	return ctx;
}

/**
 * ksecdd_context_lookup_user() - the context a userspace handle names
 * @serial: the handle's key serial
 * @tag: the handle's tag
 * @need: what the caller must be allowed on the key: KEY_NEED_SEARCH to
 *	use a context, KEY_NEED_READ to export it, KEY_NEED_WRITE to delete it
 *
 * The key is looked up with the caller's credentials and keyrings, so a
 * context is reached only where the key's permissions let the caller.
 * When they let the caller without possession, as they let a context's
 * owner, the context is reached through the handle table, and the caller's
 * keyrings are searched only otherwise: a message ioctl costs no global
 * lock, and its outcome is the same.
 *
 * Return: the context with a reference; ERR_PTR(-ENOKEY) if the handle
 * names no live context; ERR_PTR(-EKEYEXPIRED) for an expired one (the
 * keyring collector reaps it); ERR_PTR(-EACCES) if the caller may not
 * use it.
 */
struct ksecdd_context *ksecdd_context_lookup_user(u64 serial, u64 tag,
						  enum key_need_perm need)
{
	struct ksecdd_context *ctx;

	if (!serial || serial > S32_MAX)
		return ERR_PTR(-ENOKEY);
	ctx = lookup_user_fast(serial, tag, need);
	if (ctx)
		return ctx;
	return context_of_ref(lookup_user_key(serial, 0, need), tag);
}

/**
 * ksecdd_context_lookup_user_delete() - the context a userspace delete names
 * @serial: the handle's key serial
 * @tag: the handle's tag
 *
 * As ksecdd_context_lookup_user() with KEY_NEED_WRITE, but an expired
 * context is found too: DeleteSecurityContext() frees whatever its handle
 * names.  The key is looked up as keyctl read looks up its key: with
 * the permission check left to the caller, so that expiry does not hide
 * it; possession counts as it does for every other lookup.
 *
 * Return: as ksecdd_context_lookup_user(), never ERR_PTR(-EKEYEXPIRED).
 */
struct ksecdd_context *ksecdd_context_lookup_user_delete(u64 serial, u64 tag)
{
	key_ref_t ref;
	int err;

	if (!serial || serial > S32_MAX)
		return ERR_PTR(-ENOKEY);
	ref = lookup_user_key(serial, 0, KEY_DEFER_PERM_CHECK);
	if (!IS_ERR(ref)) {
		err = key_task_permission(ref, current_cred(), KEY_NEED_WRITE);
		if (err) {
			key_ref_put(ref);
			ref = ERR_PTR(err);
		}
	}
	return context_of_ref(ref, tag);
}

/**
 * ksecdd_context_owner() - the owner of a context's key
 * @ctx: a context the caller holds a reference to
 * @owner: receives the key's uid
 *
 * Return: 0, or -ENOKEY once the context is detached from its key.
 */
int ksecdd_context_owner(struct ksecdd_context *ctx, kuid_t *owner)
{
	struct key *key;

	spin_lock(&ctx->key_lock);
	key = ctx->key;
	if (key)
		*owner = key->uid;
	spin_unlock(&ctx->key_lock);
	return key ? 0 : -ENOKEY;
}

/**
 * ksecdd_context_check_partial() - is this context alive, partial or not?
 * @ctx: a context the caller holds a reference to
 *
 * Return: 0; -ENOKEY if the context was deleted or its key revoked or
 * invalidated; -EKEYEXPIRED if the context or its key has expired.
 */
int ksecdd_context_check_partial(struct ksecdd_context *ctx)
{
	struct key *key;
	int err;

	spin_lock(&ctx->key_lock);
	key = ctx->key;
	if (!key || test_bit(KSECDD_CTX_DEAD, &ctx->flags))
		err = -ENOKEY;
	else
		err = key_validate(key);
	spin_unlock(&ctx->key_lock);

	if (err == -EKEYREVOKED)
		return -ENOKEY;
	if (!err && ktime_get_real_seconds() >= ctx->expiry)
		err = -EKEYEXPIRED;
	if (err == -EKEYEXPIRED)
		trace_ksecdd_context_expired(ctx);
	return err;
}

/**
 * ksecdd_context_check() - may an operation use this context now?
 * @ctx: a context the caller holds a reference to
 *
 * A partial context, whose handshake is not done, is no context to use:
 * only the handshake calls and DeleteSecurityContext() take its handle.
 *
 * Return: as ksecdd_context_check_partial(), and -ENOKEY for a partial
 * context.
 */
int ksecdd_context_check(struct ksecdd_context *ctx)
{
	int err = ksecdd_context_check_partial(ctx);

	return !err && ctx->hs ? -ENOKEY : err;
}

/**
 * ksecdd_context_get() - the live context a handle names
 * @handle: the handle
 *
 * Return: the context with a reference, to drop with
 * ksecdd_context_put(); ERR_PTR(-ENOKEY) for a handle that names no live
 * context; ERR_PTR(-EKEYEXPIRED) for an expired one.
 */
struct ksecdd_context *ksecdd_context_get(const CtxtHandle *handle)
{
	struct ksecdd_context *ctx = ksecdd_context_lookup(handle);
	int err;

	if (IS_ERR(ctx))
		return ctx;
	err = ksecdd_context_check(ctx);
	if (err) {
		ksecdd_context_put(ctx);
		return ERR_PTR(err);
	}
	return ctx;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_context_get, KSECDD_NS);

/*
 * Unlinks a deleted context's key from the keyring it was imported into.
 * The collector would drop the link too, but 6.1's keyring_gc() does not
 * give back the quota the link holds (KEYQUOTA_LINK_BYTES), key_unlink()
 * does.  The key is dead, so unlinking it takes nothing from anybody: no
 * permission is needed, and the keyring is found by serial whoever calls.
 * A keyring that went, or that no longer holds the key, has nothing to
 * give back.
 */
static void unlink_from_keyring(struct ksecdd_context *ctx, struct key *key)
{
	struct key *keyring = ksecdd_keyring;
	key_ref_t ref = NULL;

	if (ctx->keyring) {
		ref = lookup_user_key(ctx->keyring, KEY_LOOKUP_PARTIAL,
				      KEY_NEED_UNLINK);
		if (IS_ERR(ref))
			return;
		keyring = key_ref_to_ptr(ref);
	}
	if (keyring->type == &key_type_keyring)
		key_unlink(keyring, key);
	if (ref)
		key_ref_put(ref);
}

/* A reference to the key of @ctx, or NULL once it is detached. */
static struct key *key_of(struct ksecdd_context *ctx)
{
	struct key *key;

	spin_lock(&ctx->key_lock);
	key = ctx->key;
	if (key && !refcount_inc_not_zero(&key->usage))
		key = NULL;
	spin_unlock(&ctx->key_lock);
	return key;
}

/**
 * ksecdd_context_delete() - delete a context
 * @ctx: the context, held by the caller
 *
 * Detaches the context, so every later lookup of its handle fails, gives
 * back its key quota, unlinks its key from the keyring it was imported
 * into, and invalidates the key, so that the collector reaps it at once.
 * Operations already holding the context finish on their reference.
 *
 * Return: 0, or -ENOKEY if the context was deleted already.
 */
int ksecdd_context_delete(struct ksecdd_context *ctx)
{
	struct ksecdd_context *detached;
	struct key *key = key_of(ctx);

	if (!key)
		return -ENOKEY;

	down_write(&key->sem);
	detached = detach(key);
	if (detached)
		key_payload_reserve(key, 0);
	up_write(&key->sem);
	if (detached)
		unlink_from_keyring(detached, key);
	key_invalidate(key);
	key_put(key);
	if (!detached)
		return -ENOKEY;
	trace_ksecdd_context_delete(detached);
	ksecdd_context_put(detached);
	return 0;
}

/* The key of @old now holds @new; under key->sem. */
static int swap_payload(struct key *key, struct ksecdd_context *old,
			struct ksecdd_context *new)
{
	int err;

	if (rcu_dereference_protected(key->payload.rcu_data0, true) != old)
		return -ENOKEY;
	new->serial = old->serial;
	new->tag = old->tag;
	new->keyring = old->keyring;
	new->key = key;
	/* replaces an entry in place: allocates nothing */
	mutex_lock(&ksecdd_contexts_lock);
	err = ksecdd_contexts_gone ? -ENOKEY :
	      rhashtable_replace_fast(&ksecdd_contexts, &old->node,
				      &new->node, ksecdd_context_params);
	mutex_unlock(&ksecdd_contexts_lock);
	if (err) {
		new->key = NULL;
		return err;
	}
	kref_get(&new->ref);
	rcu_assign_keypointer(key, new);
	set_bit(KSECDD_CTX_DEAD, &old->flags);
	forget_key(old);
	return 0;
}

/**
 * ksecdd_context_replace() - put a new context behind an old one's handle
 * @old: a published context, held by the caller
 * @new: an unpublished context, from ksecdd_import_trusted()
 *
 * The key and the handle of @old name @new from now on: the same serial,
 * the same tag, the same keyring; the key's expiry becomes @new's.  @old
 * is detached, as if deleted, and freed when its last holder lets go.
 * This is how a handshake's partial context becomes the established one
 * under the handle its caller already holds.
 *
 * Return: 0; -ENOKEY if @old was deleted meanwhile (then @new is not
 * published); -ENOMEM.
 */
int ksecdd_context_replace(struct ksecdd_context *old,
			   struct ksecdd_context *new)
{
	struct key *key = key_of(old);
	time64_t left;
	int err;

	if (!key)
		return -ENOKEY;
	down_write(&key->sem);
	err = swap_payload(key, old, new);
	up_write(&key->sem);
	if (!err) {
		published(new);
		ksecdd_context_put(old);
		left = new->expiry - ktime_get_real_seconds();
		if (new->expiry == KSECDD_PACKED_NEVER || left > UINT_MAX)
			key_set_timeout(key, 0);
		else
			key_set_timeout(key, max_t(time64_t, left, 1));
	}
	key_put(key);
	return err;
}

/**
 * ksecdd_context_describe() - ->describe: role, names, remaining lifetime
 * @key: the key, under rcu_read_lock()
 * @m: where /proc/keys is being written
 */
void ksecdd_context_describe(const struct key *key, struct seq_file *m)
{
	const struct ksecdd_context *ctx = dereference_key_rcu(key);
	time64_t left;

	seq_puts(m, key->description);
	if (!ctx) {
		seq_puts(m, ": deleted");
		return;
	}
	seq_printf(m, ": %s %s -> %s, ",
		   ctx->role == KSECDD_ROLE_ACCEPTOR ? "acceptor" : "initiator",
		   ctx->client_name ?: "-", ctx->server_name ?: "-");
	left = ctx->expiry - ktime_get_real_seconds();
	if (ctx->expiry == KSECDD_PACKED_NEVER)
		seq_puts(m, "no expiry");
	else if (left > 0)
		seq_printf(m, "expires in %llds", left);
	else
		seq_puts(m, "expired");
}

/**
 * ksecdd_context_init() - the handle table and the payload cookie
 *
 * Before the key type is registered: no key of it exists without them.
 *
 * Return: 0 or -ENOMEM.
 */
int __init ksecdd_context_init(void)
{
	do {
		ksecdd_payload_cookie = get_random_u64();
	} while (!ksecdd_payload_cookie);
	return rhashtable_init(&ksecdd_contexts, &ksecdd_context_params);
}

static void kill(void *ptr, void *arg)
{
	struct ksecdd_context *ctx = ptr;

	set_bit(KSECDD_CTX_DEAD, &ctx->flags);
	forget_key(ctx);
}

/*
 * Module exit: kill every context before the key type goes; ->destroy,
 * which unregister_key_type() calls for each key, then drops them.  The
 * walk holds the table's lock: a context stays in the table as long as
 * its key's payload holds it, and detach() takes it out under this lock
 * before that reference goes, so a concurrent keyctl revoke or the
 * collector cannot free a context under the walk.
 */
void ksecdd_context_exit(void)
{
	mutex_lock(&ksecdd_contexts_lock);
	rhashtable_free_and_destroy(&ksecdd_contexts, kill, NULL);
	ksecdd_contexts_gone = true;
	mutex_unlock(&ksecdd_contexts_lock);
}

/**
 * ksecdd_context_wq_init() - the workqueue that frees released contexts
 *
 * Return: 0 or -ENOMEM.
 */
int __init ksecdd_context_wq_init(void)
{
	ksecdd_context_wq = alloc_workqueue("ksecdd_free", WQ_UNBOUND, 0);
	return ksecdd_context_wq ? 0 : -ENOMEM;
}

/**
 * ksecdd_context_wq_exit() - free the contexts released last
 *
 * After the key type is gone, so that no context is released later: the
 * barrier lets the last grace periods queue their frees, which the
 * workqueue's destruction runs.
 */
void ksecdd_context_wq_exit(void)
{
	rcu_barrier();
	destroy_workqueue(ksecdd_context_wq);
}

#if IS_ENABLED(CONFIG_KUNIT)
/* Contexts not yet freed, for tests that check nothing is left behind. */
VISIBLE_IF_KUNIT int ksecdd_context_count(void)
{
	return atomic_read(&ksecdd_contexts_live);
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_context_count);
#endif
