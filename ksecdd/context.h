/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_CONTEXT_H
#define _KSECDD_CONTEXT_H

#include <linux/cred.h>
#include <linux/kref.h>
#include <linux/key.h>
#include <linux/key-type.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/workqueue.h>

#include <ksecdd/sspi.h>

#include "package.h"

/* ctx->flags */
#define KSECDD_CTX_DEAD		0
#define KSECDD_CTX_BUSY		1	/* a handshake leg runs on it */

struct ksecdd_handshake;

/*
 * A security context.  Its key holds one reference through the payload;
 * every operation in flight holds another, except the messages of a
 * package whose message operations never sleep, which run under
 * rcu_read_lock() instead.  The whole context, its package state
 * included, stays valid for an RCU grace period after the last put, so
 * lookups, ->describe and those messages need only rcu_read_lock().
 */
struct ksecdd_context {
	/*
	 * First, in one cache line, what a lookup and a message read and
	 * nobody writes once the context is published (but @flags, at its
	 * death): the locks and the reference count, which are written,
	 * come after, so that CPUs sharing a context move only their line.
	 */
	/* in the handle table while the key holds the context */
	struct rhash_head node;
	unsigned long tag;
	key_serial_t serial;
	u32 attrs;
	unsigned long flags;
	const struct ksecdd_package *pkg;
	/*
	 * A partial context (a handshake under way, handshake.c): its
	 * broker session and credential; NULL for an established context.
	 * Set before the context is published and never changed.
	 */
	struct ksecdd_handshake *hs;
	time64_t expiry;
	void *state;
	/*
	 * The context's key, NULL once detached from it.  The key holds no
	 * reference for us, and the key core frees it as soon as ->destroy
	 * returns: whoever follows the pointer holds key_lock, which
	 * ->destroy takes to clear it.
	 */
	spinlock_t key_lock;
	struct key *key;
	struct kref ref;
	/* Serialises the package state: sequence numbers, cipher state. */
	spinlock_t lock;
	u8 role;
	/* The keyring the key was linked into; 0 for the module keyring. */
	key_serial_t keyring;
	time64_t start;
	const char *client_name;
	const char *server_name;
	const struct cred *token;
	struct rcu_work free_work;
	char names[];
};

struct ksecdd_context *ksecdd_context_alloc(const struct ksecdd_package *pkg,
					    const char *client, u32 client_len,
					    const char *server, u32 server_len);
int ksecdd_context_publish(struct ksecdd_context *ctx, struct key *keyring,
			   size_t charge, CtxtHandle *handle);
struct ksecdd_context *ksecdd_context_lookup(const CtxtHandle *handle);
const char *ksecdd_context_package_of(const CtxtHandle *handle);
struct ksecdd_context *ksecdd_context_lookup_user(u64 serial, u64 tag,
						  enum key_need_perm need);
struct ksecdd_context *ksecdd_context_lookup_user_delete(u64 serial, u64 tag);
int ksecdd_context_owner(struct ksecdd_context *ctx, kuid_t *owner);
int ksecdd_context_check(struct ksecdd_context *ctx);
int ksecdd_context_check_partial(struct ksecdd_context *ctx);
int ksecdd_context_hold(struct ksecdd_context *ctx);
int ksecdd_context_replace(struct ksecdd_context *old,
			   struct ksecdd_context *new);
int ksecdd_context_delete(struct ksecdd_context *ctx);
int ksecdd_context_preparse(struct key_preparsed_payload *prep);
void ksecdd_context_free_preparse(struct key_preparsed_payload *prep);
void ksecdd_context_detach(struct key *key);
void ksecdd_context_destroy(struct key *key);
void ksecdd_context_describe(const struct key *key, struct seq_file *m);
int ksecdd_context_instantiate(struct key *key,
			       struct key_preparsed_payload *prep);
int ksecdd_export_context(struct ksecdd_context *ctx, u32 flags,
			  kuid_t owner, u32 room, void **data, u32 *len,
			  const struct cred **token);
int ksecdd_delete_context(struct ksecdd_context *ctx);
int ksecdd_import_blob(const char *package, u8 *blob, size_t len,
		       const struct cred *token, struct key *keyring,
		       CtxtHandle *handle);
struct ksecdd_context *ksecdd_import_trusted(const void *data, size_t len,
					     u8 role);
int ksecdd_publish_context(struct ksecdd_context *ctx, CtxtHandle *handle);
int ksecdd_context_init(void);
void ksecdd_context_exit(void);
int ksecdd_context_wq_init(void);
void ksecdd_context_wq_exit(void);

#if IS_ENABLED(CONFIG_KUNIT)
int ksecdd_context_count(void);
#endif

#endif /* _KSECDD_CONTEXT_H */
