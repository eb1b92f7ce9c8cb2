// SPDX-License-Identifier: GPL-2.0
/*
 * Sealing of exported contexts: XChaCha20-Poly1305 over the records, with
 * the packed header as associated data and a random 24-byte nonce per blob.
 *
 * The nonce is what lets one key seal without bound: exports are driven by
 * any user holding a context, and a provisioned key lives for as long as
 * the cluster does.  192 random bits do not collide within any number of
 * exports a host can make, where AES-GCM's 96 bits allow 2^32 per key.
 * The library AEAD (lib/crypto) also works in place on linear memory and
 * needs no transform, so an unseal allocates nothing, even for garbage
 * that names a provisioned key.
 *
 * Every blob names the key it is sealed under.  Each boot of the module
 * makes a random key named "boot.<10 hex digits>", so by default a blob
 * imports only where it was exported, until the module is reloaded.  An
 * administrator (CAP_SYS_ADMIN, not merely uid 0: a provisioned key can
 * forge blobs) may provision more keys as "logon" keys of 32 bytes,
 * described "ksecdd:<name>", in the keyring ".ksecdd_seal" (its serial is
 * in /sys/module/ksecdd/parameters/seal_keyring).  Imports use whichever
 * key the blob names; exports use the key named by the seal_key module
 * parameter (set with CAP_SYS_ADMIN), or the boot key while it is
 * empty.  Hosts that hold the same provisioned key import each other's
 * blobs.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/chacha20poly1305.h>
#include <keys/user-type.h>
#include <linux/capability.h>
#include <linux/key.h>
#include <linux/key-type.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <kunit/visibility.h>

#include "keytype.h"
#include "packed.h"
#include "seal.h"

#define SEAL_KEY_LEN		CHACHA20POLY1305_KEY_SIZE
#define SEAL_DESC_PREFIX	"ksecdd:"

static_assert(KSECDD_PACKED_NONCE_LEN == XCHACHA20POLY1305_NONCE_SIZE);
static_assert(KSECDD_PACKED_TAG_LEN == CHACHA20POLY1305_AUTHTAG_SIZE);

/* This module load's own key, wiped at exit. */
static u8 boot_key[SEAL_KEY_LEN];
static char boot_key_name[KSECDD_PACKED_KEY_NAME_LEN + 1];
static struct key *seal_keyring;
/* Under kernel_param_lock(THIS_MODULE), as sysfs writes it. */
static char export_key_name[KSECDD_PACKED_KEY_NAME_LEN + 1];

/*
 * Which key seals every export on the host is an administrator's choice:
 * the file's DAC (root's, 0644) would let a root task without capabilities
 * redirect exports to a key it provisioned, so the setter asks for
 * CAP_SYS_ADMIN itself.  It runs in the writer's task, under
 * kernel_param_lock(THIS_MODULE).
 */
static int seal_key_set(const char *val, const struct kernel_param *kp)
{
	size_t len = strcspn(val, "\n");

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	/* empty selects the boot key again */
	if (len && !ksecdd_packed_valid_name(val, len,
					     KSECDD_PACKED_KEY_NAME_LEN, true))
		return -EINVAL;
	memcpy(export_key_name, val, len);
	export_key_name[len] = '\0';
	return 0;
}

static int seal_key_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", export_key_name);
}

static const struct kernel_param_ops seal_key_ops = {
	.set = seal_key_set,
	.get = seal_key_get,
};
module_param_cb(seal_key, &seal_key_ops, NULL, 0644);
MODULE_PARM_DESC(seal_key,
		 "provisioned key that seals exports (default: the boot key)");

/*
 * sysfs calls a getter under kernel_param_lock(THIS_MODULE), the lock
 * init and exit publish and withdraw the keyring under.
 */
static int seal_keyring_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", seal_keyring ? seal_keyring->serial : 0);
}

static const struct kernel_param_ops seal_keyring_ops = {
	.get = seal_keyring_get,
};
module_param_cb(seal_keyring, &seal_keyring_ops, NULL, 0444);
MODULE_PARM_DESC(seal_keyring, "serial of the keyring of provisioned keys");

/* Copies out a provisioned key: -ENOKEY if this host holds none so named. */
static int provisioned_key(const char *name, u8 *material)
{
	char desc[sizeof(SEAL_DESC_PREFIX) + KSECDD_PACKED_KEY_NAME_LEN];
	const struct user_key_payload *payload;
	struct key *key;
	key_ref_t ref;
	int err = 0;

	snprintf(desc, sizeof(desc), SEAL_DESC_PREFIX "%s", name);
	ref = keyring_search(make_key_ref(seal_keyring, true), &key_type_logon,
			     desc, false);
	if (IS_ERR(ref))
		return PTR_ERR(ref) == -ENOMEM ? -ENOMEM : -ENOKEY;
	key = key_ref_to_ptr(ref);

	down_read(&key->sem);
	payload = user_key_payload_locked(key);
	if (!payload) {
		err = -ENOKEY;
	} else if (payload->datalen != SEAL_KEY_LEN) {
		/* keyctl update can change a key the restriction let in */
		pr_warn_ratelimited("sealing key %s is %u bytes, not %u\n",
				    desc, payload->datalen, SEAL_KEY_LEN);
		err = -EIO;
	} else {
		memcpy(material, payload->data, SEAL_KEY_LEN);
	}
	up_read(&key->sem);
	key_put(key);
	return err;
}

/*
 * Copies out the named key, the boot key or a provisioned one: -ENOKEY if
 * this host holds none so named.  The caller wipes @material.
 */
static int get_key(const char *name, u8 *material)
{
	if (!strcmp(name, boot_key_name)) {
		memcpy(material, boot_key, SEAL_KEY_LEN);
		return 0;
	}
	return provisioned_key(name, material);
}

/**
 * ksecdd_seal() - seal a packed context in place
 * @hdr: its header; flags, key name and nonce are filled in here
 * @blob: header room, the records in the clear, then tag room
 * @len: length of @blob, tag included
 *
 * Return: 0; -ENODATA if the key the seal_key parameter names is not
 * provisioned; -EIO if it is unusable; -ENOMEM.
 */
int ksecdd_seal(struct ksecdd_packed_header *hdr, u8 *blob, size_t len)
{
	size_t plain = len - KSECDD_PACKED_HDR_LEN - KSECDD_PACKED_TAG_LEN;
	u8 key[SEAL_KEY_LEN];
	int err;

	kernel_param_lock(THIS_MODULE);
	strscpy(hdr->key_name, export_key_name[0] ? export_key_name :
		boot_key_name, sizeof(hdr->key_name));
	kernel_param_unlock(THIS_MODULE);

	err = get_key(hdr->key_name, key);
	if (err)
		goto out;
	hdr->flags |= KSECDD_PACKED_SEALED;
	hdr->length = len;
	get_random_bytes(hdr->nonce, sizeof(hdr->nonce));
	ksecdd_packed_put_header(blob, hdr);
	xchacha20poly1305_encrypt(blob + KSECDD_PACKED_HDR_LEN,
				  blob + KSECDD_PACKED_HDR_LEN, plain,
				  blob, KSECDD_PACKED_HDR_LEN, hdr->nonce, key);
out:
	memzero_explicit(key, sizeof(key));
	return err == -ENOKEY ? -ENODATA : err;
}

/**
 * ksecdd_unseal() - open a sealed packed context in place
 * @hdr: its parsed header
 * @blob: the whole blob; on success its records are in the clear
 * @len: its length, header and tag included (the header parser checks it
 *	holds both)
 *
 * Allocates nothing: a blob naming a provisioned key costs a keyring
 * search and a pass over the blob, whoever sends it.
 *
 * Return: 0; -EKEYREJECTED if this host holds no key of the name the blob
 * gives; -EBADMSG if the tag does not verify; -EIO if the key is unusable;
 * -ENOMEM.
 */
int ksecdd_unseal(const struct ksecdd_packed_header *hdr, u8 *blob,
		  size_t len)
{
	u8 key[SEAL_KEY_LEN];
	int err;

	err = get_key(hdr->key_name, key);
	if (err)
		goto out;
	/* the plaintext replaces the ciphertext only once the tag verified */
	if (!xchacha20poly1305_decrypt(blob + KSECDD_PACKED_HDR_LEN,
				       blob + KSECDD_PACKED_HDR_LEN,
				       len - KSECDD_PACKED_HDR_LEN,
				       blob, KSECDD_PACKED_HDR_LEN,
				       hdr->nonce, key))
		err = -EBADMSG;
out:
	memzero_explicit(key, sizeof(key));
	return err == -ENOKEY ? -EKEYREJECTED : err;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_unseal);

/*
 * Only 32-byte logon keys may be provisioned, and only by an administrator:
 * a key here makes blobs sealed under it importable as the exporter's, so
 * whoever provisions one could forge them.  The keyring's permissions give
 * uid 0 WRITE, which the keyring core requires of anyone linking; the
 * check runs in the linking task (add_key, keyctl link, an update through
 * add_key), so the capability is that task's.
 */
static int seal_restrict_link(struct key *keyring,
			      const struct key_type *type,
			      const union key_payload *payload,
			      struct key *restriction_key)
{
	const struct user_key_payload *key = payload->data[0];

	if (type != &key_type_logon || !key || key->datalen != SEAL_KEY_LEN)
		return -EPERM;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return 0;
}

static struct key *seal_keyring_alloc(void)
{
	struct key_restriction *restriction;
	struct key *keyring;

	restriction = kzalloc(sizeof(*restriction), GFP_KERNEL);
	if (!restriction)
		return ERR_PTR(-ENOMEM);
	restriction->check = seal_restrict_link;
	/* As for the module keyring: unregistering our type disarms it. */
	restriction->keytype = &ksecdd_key_type;

	/*
	 * Root keeps WRITE: the keyring core asks it of whoever adds, links
	 * or unlinks, with no capability override; the restriction adds the
	 * capability.  READ lists the keys, so an administrator finds the
	 * one to retire.  KEEP stops keyctl revoking, invalidating or
	 * clearing the keyring itself, which only this module may do.
	 */
	keyring = keyring_alloc(".ksecdd_seal",
				GLOBAL_ROOT_UID, GLOBAL_ROOT_GID, current_cred(),
				KEY_POS_VIEW | KEY_POS_READ | KEY_POS_WRITE |
				KEY_POS_SEARCH |
				KEY_USR_VIEW | KEY_USR_READ | KEY_USR_WRITE |
				KEY_USR_SEARCH,
				KEY_ALLOC_NOT_IN_QUOTA | KEY_ALLOC_SET_KEEP,
				restriction, NULL);
	if (IS_ERR(keyring))
		kfree(restriction);
	return keyring;
}

int __init ksecdd_seal_init(void)
{
	struct key *keyring;
	u8 id[5];

	keyring = seal_keyring_alloc();
	if (IS_ERR(keyring))
		return PTR_ERR(keyring);

	get_random_bytes(boot_key, sizeof(boot_key));
	get_random_bytes(id, sizeof(id));
	snprintf(boot_key_name, sizeof(boot_key_name), "boot.%*phN",
		 (int)sizeof(id), id);
	/* The parameter files exist already: publish it as the getter reads. */
	kernel_param_lock(THIS_MODULE);
	seal_keyring = keyring;
	kernel_param_unlock(THIS_MODULE);
	return 0;
}

void ksecdd_seal_exit(void)
{
	struct key *keyring;

	/* The parameter files outlive ->exit: their getter must see NULL. */
	kernel_param_lock(THIS_MODULE);
	keyring = seal_keyring;
	seal_keyring = NULL;
	kernel_param_unlock(THIS_MODULE);

	key_revoke(keyring);
	key_put(keyring);
	memzero_explicit(boot_key, sizeof(boot_key));
}

#if IS_ENABLED(CONFIG_KUNIT)
/* For tests: what a write to the seal_key parameter does. */
VISIBLE_IF_KUNIT int ksecdd_seal_select(const char *name)
{
	int err;

	kernel_param_lock(THIS_MODULE);
	err = seal_key_set(name, NULL);
	kernel_param_unlock(THIS_MODULE);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_seal_select);

/* For tests: the keyring administrators provision keys into. */
VISIBLE_IF_KUNIT struct key *ksecdd_seal_keyring(void)
{
	return seal_keyring;
}
EXPORT_SYMBOL_IF_KUNIT(ksecdd_seal_keyring);
#endif
