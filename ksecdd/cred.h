/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_CRED_H
#define _KSECDD_CRED_H

#include <linux/cred.h>
#include <linux/key-type.h>
#include <linux/kref.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <net/net_namespace.h>

#include <ksecdd/sspi.h>

#include "package.h"

/* Type of every credentials key; the leading dot keeps add_key(2) out. */
#define KSECDD_CRED_KEY_TYPE_NAME	".ksecdd_cred"

/* Longest principal name a credential names, in UTF-8 bytes. */
#define KSECDD_PRINCIPAL_MAX		1024

/* cred->flags */
#define KSECDD_CRED_DEAD		0

/*
 * A credentials handle's object: what AcquireCredentialsHandleW() asked
 * for and what the broker answered.  Its key in the module keyring holds
 * one reference; each handshake using it, and each partial context made
 * with it, another.  As for contexts, what lookups read without a
 * reference (tag, flags) stays valid for a grace period after the last
 * put.
 */
struct ksecdd_cred {
	struct kref ref;
	struct rcu_head rcu;
	/* the key, NULL once detached; followed under key_lock */
	spinlock_t key_lock;
	struct key *key;
	key_serial_t serial;
	unsigned long tag;
	unsigned long flags;
	const struct ksecdd_package *pkg;
	u32 mech;
	u32 use;
	/* the namespace whose broker serves the credential */
	struct net *net;
	/* the acquiring task's fsuid and fsgid */
	kuid_t uid;
	kgid_t gid;
	time64_t expiry;
	/* the broker's name for the credentials, UTF-8 */
	char *name;
	u32 principal_len;
	char principal[];
};

extern struct key_type ksecdd_cred_key_type;

struct ksecdd_cred *ksecdd_cred_get(const CredHandle *handle);
void ksecdd_cred_put(struct ksecdd_cred *cred);
int ksecdd_cred_init(void);
void ksecdd_cred_exit(void);

#if IS_ENABLED(CONFIG_KUNIT)
int ksecdd_cred_count(void);
#endif

#endif /* _KSECDD_CRED_H */
