// SPDX-License-Identifier: GPL-2.0
/*
 * Credentials handles: AcquireCredentialsHandleW() and its partners.
 *
 * A credential is a key of the type ".ksecdd_cred" in the module keyring,
 * so that an administrator sees every one (/proc/keys, keyctl show on the
 * keyring) and they all die with the module; as for contexts, the leading dot keeps
 * add_key(2) from making one.  A CredHandle is (key serial, random tag),
 * resolved through an xarray under RCU and checked against the tag, as
 * context handles are (context.c).
 *
 * A credential binds its handshakes to the broker of the acquiring
 * task's network namespace, which it pins, and to the acquiring task's
 * fsuid and fsgid: an outbound handshake runs with that user's Kerberos
 * tickets and no one else's.  Acquiring asks the broker whether the
 * credentials exist (a keytab for inbound, a ticket cache for outbound)
 * and records its answer: their name and end.  No password, key or
 * logon session is ever handed to the kernel: explicit credentials
 * (pAuthData) and logon ids (pvLogonId) are refused.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/key-type.h>
#include <linux/ktime.h>
#include <linux/nsproxy.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <kunit/visibility.h>

#include <ksecdd/ksecdd.h>

#include "broker.h"
#include "cred.h"
#include "keytype.h"
#include "query.h"

static DEFINE_XARRAY(ksecdd_creds);
static atomic_t ksecdd_creds_live = ATOMIC_INIT(0);
static atomic64_t ksecdd_cred_ids = ATOMIC64_INIT(0);
static u64 ksecdd_cred_cookie __ro_after_init;

/* The payload handed through key_instantiate_and_link(), as for contexts. */
struct ksecdd_cred_payload {
	u64 cookie;
	struct ksecdd_cred *cred;
};

static void cred_release(struct kref *ref)
{
	struct ksecdd_cred *cred = container_of(ref, struct ksecdd_cred, ref);

	put_net(cred->net);
	kfree(cred->name);
	atomic_dec(&ksecdd_creds_live);
	kfree_rcu(cred, rcu);
}

/**
 * ksecdd_cred_put() - drop a reference to a credential
 * @cred: the credential, or NULL
 */
void ksecdd_cred_put(struct ksecdd_cred *cred)
{
	if (cred)
		kref_put(&cred->ref, cred_release);
}

static int cred_preparse(struct key_preparsed_payload *prep)
{
	const struct ksecdd_cred_payload *payload = prep->data;
	struct ksecdd_cred *cred;

	if (prep->datalen != sizeof(*payload) || !ksecdd_cred_cookie ||
	    payload->cookie != ksecdd_cred_cookie)
		return -EPERM;
	cred = payload->cred;
	kref_get(&cred->ref);
	prep->payload.data[0] = cred;
	prep->expiry = cred->expiry;
	return 0;
}

static void cred_free_preparse(struct key_preparsed_payload *prep)
{
	ksecdd_cred_put(prep->payload.data[0]);
}

static int cred_instantiate(struct key *key, struct key_preparsed_payload *prep)
{
	struct ksecdd_cred *cred = prep->payload.data[0];
	int err;

	cred->serial = key->serial;
	cred->key = key;
	/* as for contexts: a reused serial's old entry is unreachable */
	err = xa_err(xa_store(&ksecdd_creds, key->serial, cred, GFP_KERNEL));
	if (err) {
		cred->key = NULL;
		return err;
	}
	rcu_assign_keypointer(key, cred);
	prep->payload.data[0] = NULL;
	return 0;
}

static void forget_key(struct ksecdd_cred *cred)
{
	spin_lock(&cred->key_lock);
	cred->key = NULL;
	spin_unlock(&cred->key_lock);
}

/* As detach() in context.c: the payload's reference, or NULL. */
static struct ksecdd_cred *detach(struct key *key)
{
	struct ksecdd_cred *cred;

	cred = rcu_dereference_protected(key->payload.rcu_data0, true);
	if (!cred)
		return NULL;
	rcu_assign_keypointer(key, NULL);
	set_bit(KSECDD_CRED_DEAD, &cred->flags);
	xa_cmpxchg(&ksecdd_creds, cred->serial, cred, NULL, GFP_KERNEL);
	forget_key(cred);
	return cred;
}

static void cred_revoke(struct key *key)
{
	ksecdd_cred_put(detach(key));
}

static void cred_destroy(struct key *key)
{
	ksecdd_cred_put(detach(key));
}

static const char *use_name(u32 use)
{
	switch (use) {
	case SECPKG_CRED_INBOUND:
		return "inbound";
	case SECPKG_CRED_OUTBOUND:
		return "outbound";
	}
	return "both";
}

static void cred_describe(const struct key *key, struct seq_file *m)
{
	const struct ksecdd_cred *cred = dereference_key_rcu(key);
	time64_t left;

	seq_puts(m, key->description);
	if (!cred) {
		seq_puts(m, ": freed");
		return;
	}
	seq_printf(m, ": %s %s uid %u, ", use_name(cred->use),
		   cred->name ?: "-", from_kuid(&init_user_ns, cred->uid));
	left = cred->expiry - ktime_get_real_seconds();
	if (cred->expiry == TIME64_MAX)
		seq_puts(m, "no expiry");
	else if (left > 0)
		seq_printf(m, "expires in %llds", left);
	else
		seq_puts(m, "expired");
}

struct key_type ksecdd_cred_key_type = {
	.name		= KSECDD_CRED_KEY_TYPE_NAME,
	.preparse	= cred_preparse,
	.free_preparse	= cred_free_preparse,
	.instantiate	= cred_instantiate,
	.revoke		= cred_revoke,
	.destroy	= cred_destroy,
	.describe	= cred_describe,
};

/* The network namespace a caller acts in; a kernel thread's is init_net. */
static struct net *current_net(void)
{
	return current->nsproxy ? current->nsproxy->net_ns : &init_net;
}

static struct ksecdd_cred *cred_alloc(const struct ksecdd_package *pkg,
				      u32 mech, u32 use, const char *principal)
{
	size_t len = principal ? strlen(principal) : 0;
	struct ksecdd_cred *cred;

	cred = kzalloc(struct_size(cred, principal, len + 1), GFP_KERNEL);
	if (!cred)
		return NULL;
	kref_init(&cred->ref);
	spin_lock_init(&cred->key_lock);
	cred->pkg = pkg;
	cred->mech = mech;
	cred->use = use;
	cred->net = get_net(current_net());
	cred->uid = current_fsuid();
	cred->gid = current_fsgid();
	cred->expiry = TIME64_MAX;
	cred->principal_len = len;
	if (len)
		memcpy(cred->principal, principal, len);
	do {
		cred->tag = get_random_long();
	} while (cred->tag >= SEC_DELETED_HANDLE);
	atomic_inc(&ksecdd_creds_live);
	return cred;
}

/* Asks the broker whether the credentials exist for one direction. */
static SECURITY_STATUS ask_broker(struct ksecdd_cred *cred, u32 use)
{
	struct ksecdd_broker_msg msg = {
		.op = KSECDD_BROKER_ACQUIRE,
		.mech = cred->mech,
		.cred_use = use,
		.uid = from_kuid(&init_user_ns, cred->uid),
		.gid = from_kgid(&init_user_ns, cred->gid),
		.principal = cred->principal,
		.principal_len = cred->principal_len,
	};
	SECURITY_STATUS status;
	int err;

	err = ksecdd_broker_call(cred->net, &msg);
	if (err)
		return ksecdd_status_from_errno(err);
	status = msg.result;
	if (status == SEC_E_OK) {
		if (!cred->name) {
			cred->name = msg.name;
			msg.name = NULL;
		}
		/* 0 or less: no end (a keytab's keys) */
		if (msg.expiry > 0 && msg.expiry < cred->expiry)
			cred->expiry = msg.expiry;
	}
	ksecdd_broker_msg_free(&msg);
	return status;
}

/* Both directions of SECPKG_CRED_BOTH must be there. */
static SECURITY_STATUS acquire(struct ksecdd_cred *cred)
{
	SECURITY_STATUS status = SEC_E_OK;

	if (cred->use & SECPKG_CRED_INBOUND)
		status = ask_broker(cred, SECPKG_CRED_INBOUND);
	if (status == SEC_E_OK && cred->use & SECPKG_CRED_OUTBOUND)
		status = ask_broker(cred, SECPKG_CRED_OUTBOUND);
	if (status != SEC_E_OK)
		return status;
	if (cred->expiry <= ktime_get_real_seconds())
		return SEC_E_NO_CREDENTIALS;
	if (!cred->name) {
		cred->name = kmemdup_nul(cred->principal, cred->principal_len,
					 GFP_KERNEL);
		if (!cred->name)
			return SEC_E_INSUFFICIENT_MEMORY;
	}
	return SEC_E_OK;
}

/* The credential as a key in the module keyring, and its handle. */
static int publish(struct ksecdd_cred *cred, CredHandle *handle)
{
	struct ksecdd_cred_payload payload = {
		.cookie = ksecdd_cred_cookie,
		.cred = cred,
	};
	char desc[KSECDD_PACKED_PACKAGE_LEN + 18];
	struct key *key;
	int err;

	snprintf(desc, sizeof(desc), "%s:%016llx", cred->pkg->name,
		 (u64)atomic64_inc_return(&ksecdd_cred_ids));
	key = key_alloc(&ksecdd_cred_key_type, desc, GLOBAL_ROOT_UID,
			GLOBAL_ROOT_GID, current_cred(),
			KEY_POS_VIEW | KEY_POS_SEARCH | KEY_USR_VIEW,
			KEY_ALLOC_NOT_IN_QUOTA, NULL);
	if (IS_ERR(key))
		return PTR_ERR(key);
	err = key_instantiate_and_link(key, &payload, sizeof(payload),
				       ksecdd_keyring, NULL);
	if (!err) {
		handle->dwLower = cred->serial;
		handle->dwUpper = cred->tag;
	}
	key_put(key);
	return err;
}

/* The package a credential is for, and the broker's mechanism for it. */
static int find_mech(const char *package, const struct ksecdd_package **pkg,
		     u32 *mech)
{
	*pkg = ksecdd_package_find(package);
	if (!*pkg)
		return -ENOPKG;
	if (*pkg == &ksecdd_kerberos_package)
		*mech = KSECDD_BROKER_MECH_KERBEROS;
	else if (*pkg == &ksecdd_negotiate_package)
		*mech = KSECDD_BROKER_MECH_NEGOTIATE;
	else
		*mech = KSECDD_BROKER_MECH_NTLM;
	return 0;
}

/**
 * ksecdd_acquire_credentials() - acquire a credentials handle
 * @package: "Kerberos", "Negotiate" or "NTLM" (inbound only), in any case
 * @principal: the principal, UTF-8, NUL-terminated; NULL or "" for the
 *	default (any key of the keytab, the user's default ticket cache)
 * @use: SECPKG_CRED_INBOUND, SECPKG_CRED_OUTBOUND or SECPKG_CRED_BOTH
 * @handle: receives the handle, for FreeCredentialsHandle()
 * @expiry: receives the credentials' end, seconds since the epoch
 *	(TIME64_MAX for none), or NULL
 *
 * The credential is bound to the broker of the caller's network namespace
 * (init_net for a kernel thread) and to the caller's fsuid and fsgid.
 *
 * Context: process context; waits for the broker.
 * Return: a SECURITY_STATUS: SEC_E_OK; SEC_E_SECPKG_NOT_FOUND;
 * SEC_E_UNSUPPORTED_FUNCTION for outbound NTLM; SEC_E_INVALID_PARAMETER;
 * SEC_E_NO_CREDENTIALS; SEC_E_NO_AUTHENTICATING_AUTHORITY without a
 * broker, or when it does not answer in time; SEC_E_INSUFFICIENT_MEMORY,
 * also when the broker's queue is full; or the broker's failure.
 */
SECURITY_STATUS ksecdd_acquire_credentials(const char *package,
					   const char *principal, u32 use,
					   CredHandle *handle,
					   time64_t *expiry)
{
	const struct ksecdd_package *pkg;
	struct ksecdd_cred *cred;
	SECURITY_STATUS status;
	u32 mech;
	int err;

	if (!package || !handle)
		return SEC_E_INVALID_PARAMETER;
	err = find_mech(package, &pkg, &mech);
	if (err)
		return ksecdd_status_from_errno(err);
	if (use != SECPKG_CRED_INBOUND && use != SECPKG_CRED_OUTBOUND &&
	    use != SECPKG_CRED_BOTH)
		return SEC_E_INVALID_PARAMETER;
	/*
	 * NTLM is accepted only: an NTLM initiator needs the user's
	 * password or hash, which neither the kernel nor the broker holds.
	 */
	if (mech == KSECDD_BROKER_MECH_NTLM && use & SECPKG_CRED_OUTBOUND)
		return SEC_E_UNSUPPORTED_FUNCTION;
	if (principal && strlen(principal) > KSECDD_PRINCIPAL_MAX)
		return SEC_E_INVALID_PARAMETER;

	cred = cred_alloc(pkg, mech, use, principal);
	if (!cred)
		return SEC_E_INSUFFICIENT_MEMORY;
	status = acquire(cred);
	if (status == SEC_E_OK) {
		status = ksecdd_status_from_errno(publish(cred, handle));
		if (status == SEC_E_OK && expiry)
			*expiry = cred->expiry;
	}
	ksecdd_cred_put(cred);
	return status;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_acquire_credentials, KSECDD_NS);

/* The credential a handle names, dead or alive, with a reference. */
static struct ksecdd_cred *lookup(const CredHandle *handle)
{
	struct ksecdd_cred *cred;

	if (!handle || !handle->dwLower || handle->dwLower > S32_MAX)
		return NULL;
	rcu_read_lock();
	cred = xa_load(&ksecdd_creds, handle->dwLower);
	if (cred && (cred->tag != handle->dwUpper ||
		     !kref_get_unless_zero(&cred->ref)))
		cred = NULL;
	rcu_read_unlock();
	return cred;
}

/**
 * ksecdd_cred_get() - the live credential a handle names
 * @handle: the handle
 *
 * Return: the credential with a reference, for ksecdd_cred_put();
 * ERR_PTR(-ENOKEY) if @handle names none, or one freed or revoked;
 * ERR_PTR(-ENODATA) if its credentials have expired.
 */
struct ksecdd_cred *ksecdd_cred_get(const CredHandle *handle)
{
	struct ksecdd_cred *cred = lookup(handle);
	struct key *key;
	int err;

	if (!cred)
		return ERR_PTR(-ENOKEY);
	spin_lock(&cred->key_lock);
	key = cred->key;
	if (!key || test_bit(KSECDD_CRED_DEAD, &cred->flags))
		err = -ENOKEY;
	else
		err = key_validate(key);
	spin_unlock(&cred->key_lock);
	if (err == -EKEYREVOKED)
		err = -ENOKEY;
	else if (err == -EKEYEXPIRED ||
		 (!err && ktime_get_real_seconds() >= cred->expiry))
		err = -ENODATA;
	if (err) {
		ksecdd_cred_put(cred);
		return ERR_PTR(err);
	}
	return cred;
}

/* Detaches, unlinks and invalidates a credential's key. */
static int cred_delete(struct ksecdd_cred *cred)
{
	struct ksecdd_cred *detached;
	struct key *key;

	spin_lock(&cred->key_lock);
	key = cred->key;
	if (key && !refcount_inc_not_zero(&key->usage))
		key = NULL;
	spin_unlock(&cred->key_lock);
	if (!key)
		return -ENOKEY;

	down_write(&key->sem);
	detached = detach(key);
	up_write(&key->sem);
	key_unlink(ksecdd_keyring, key);
	key_invalidate(key);
	key_put(key);
	if (!detached)
		return -ENOKEY;
	ksecdd_cred_put(detached);
	return 0;
}

/**
 * ksecdd_free_credentials() - free a credentials handle
 * @handle: the handle
 *
 * Handshakes under way, and partial contexts made with the credential,
 * keep it until they end; the handle is dead at once.  An expired
 * credential is freed like any other.
 *
 * Return: 0, or -ENOKEY if @handle names no credential not freed yet.
 */
int ksecdd_free_credentials(const CredHandle *handle)
{
	struct ksecdd_cred *cred = lookup(handle);
	int err;

	if (!cred)
		return -ENOKEY;
	err = cred_delete(cred);
	ksecdd_cred_put(cred);
	return err;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_free_credentials, KSECDD_NS);

/**
 * ksecdd_cred_names() - SECPKG_CRED_ATTR_NAMES of a credential
 * @handle: the credential
 * @names: receives the name, NUL-terminated UTF-16 in a buffer for
 *	FreeContextBuffer()
 *
 * Return: 0, -ENOKEY, -ENODATA (expired) or -ENOMEM.
 */
int ksecdd_cred_names(const CredHandle *handle,
		      SecPkgCredentials_NamesW *names)
{
	struct ksecdd_cred *cred = ksecdd_cred_get(handle);
	SEC_WCHAR *name;

	if (IS_ERR(cred))
		return PTR_ERR(cred);
	name = ksecdd_wstr_dup(cred->name ?: "");
	ksecdd_cred_put(cred);
	if (!name)
		return -ENOMEM;
	names->sUserName = name;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_cred_names, KSECDD_NS);

/**
 * ksecdd_cred_init() - register the credentials key type
 *
 * Return: 0 or an errno from register_key_type().
 */
int __init ksecdd_cred_init(void)
{
	do {
		ksecdd_cred_cookie = get_random_u64();
	} while (!ksecdd_cred_cookie);
	return register_key_type(&ksecdd_cred_key_type);
}

/*
 * Module exit: kill every credential, then the type, whose unregistering
 * destroys every key of it; as ksecdd_context_exit() does for contexts.
 */
void ksecdd_cred_exit(void)
{
	XA_STATE(xas, &ksecdd_creds, 0);
	struct ksecdd_cred *cred;

	xas_lock(&xas);
	xas_for_each(&xas, cred, ULONG_MAX) {
		set_bit(KSECDD_CRED_DEAD, &cred->flags);
		forget_key(cred);
		xas_store(&xas, NULL);
	}
	xas_unlock(&xas);
	unregister_key_type(&ksecdd_cred_key_type);
}

#if IS_ENABLED(CONFIG_KUNIT)
/* Credentials not yet freed, for tests that check nothing is left. */
VISIBLE_IF_KUNIT int ksecdd_cred_count(void)
{
	return atomic_read(&ksecdd_creds_live);
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_cred_count);
#endif
