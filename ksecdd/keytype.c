// SPDX-License-Identifier: GPL-2.0
/*
 * The ".ksecdd" key type and the module keyring.
 *
 * Every security context is one key of this type.  The leading dot in the
 * type name stops add_key(2), request_key(2) and keyctl search from naming
 * it, so contexts are made only by ksecdd itself; kernel callers of
 * key_create_or_update() are refused in ->preparse.  The payload is the
 * context (context.c); there is no ->read, so no secret leaves through
 * keyctl, and no ->update, as a context never changes into another one.
 *
 * Contexts imported by kernel code live in the module keyring ".ksecdd",
 * owned by root, outside any quota, with KEEP set so that only the module
 * decides when its links go, and a restriction that admits no other type
 * than ours and that of credentials handles (cred.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/key.h>
#include <linux/key-type.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include <ksecdd/ksecdd.h>

#include "context.h"
#include "cred.h"
#include "keytype.h"
#include "packed.h"

/* "<package>:<16 lowercase hex digits>" */
#define KSECDD_DESC_ID_LEN	16

struct key *ksecdd_keyring;
EXPORT_SYMBOL_IF_KUNIT(ksecdd_keyring);

/* The package part follows the packed header's rule for package names. */
static int ksecdd_key_vet_description(const char *desc)
{
	const char *colon = strchr(desc, ':');
	size_t i;

	if (!colon || !ksecdd_packed_valid_name(desc, colon - desc,
						KSECDD_PACKED_PACKAGE_LEN,
						false))
		return -EINVAL;

	colon++;
	if (strlen(colon) != KSECDD_DESC_ID_LEN)
		return -EINVAL;
	for (i = 0; i < KSECDD_DESC_ID_LEN; i++)
		if (!(colon[i] >= '0' && colon[i] <= '9') &&
		    !(colon[i] >= 'a' && colon[i] <= 'f'))
			return -EINVAL;
	return 0;
}

struct key_type ksecdd_key_type = {
	.name			= KSECDD_KEY_TYPE_NAME,
	.vet_description	= ksecdd_key_vet_description,
	.preparse		= ksecdd_context_preparse,
	.free_preparse		= ksecdd_context_free_preparse,
	.instantiate		= ksecdd_context_instantiate,
	.revoke			= ksecdd_context_detach,
	.destroy		= ksecdd_context_destroy,
	.describe		= ksecdd_context_describe,
};
EXPORT_SYMBOL_IF_KUNIT(ksecdd_key_type);

static int ksecdd_restrict_link(struct key *keyring,
				const struct key_type *type,
				const union key_payload *payload,
				struct key *restriction_key)
{
	return type == &ksecdd_key_type || type == &ksecdd_cred_key_type ?
	       0 : -EPERM;
}

static struct key *ksecdd_keyring_alloc(void)
{
	struct key_restriction *restriction;
	struct key *keyring;

	restriction = kzalloc(sizeof(*restriction), GFP_KERNEL);
	if (!restriction)
		return ERR_PTR(-ENOMEM);
	restriction->check = ksecdd_restrict_link;
	/*
	 * Naming our type makes unregister_key_type() swap the check for
	 * the keyring core's own rejection, so a keyring that outlives the
	 * module never calls into unloaded code.  The credentials type is
	 * unregistered before it (ksecdd_cred_exit()), so the check never
	 * compares against a type that is gone.
	 */
	restriction->keytype = &ksecdd_key_type;

	keyring = keyring_alloc(KSECDD_KEY_TYPE_NAME,
				GLOBAL_ROOT_UID, GLOBAL_ROOT_GID, current_cred(),
				KEY_POS_VIEW | KEY_POS_READ | KEY_POS_SEARCH |
				KEY_USR_VIEW | KEY_USR_READ | KEY_USR_SEARCH,
				KEY_ALLOC_NOT_IN_QUOTA | KEY_ALLOC_SET_KEEP,
				restriction, NULL);
	if (IS_ERR(keyring))
		kfree(restriction);
	return keyring;
}

int __init ksecdd_keytype_init(void)
{
	int err;

	err = ksecdd_context_init();
	if (err)
		return err;
	err = register_key_type(&ksecdd_key_type);
	if (err)
		goto err_context_exit;

	ksecdd_keyring = ksecdd_keyring_alloc();
	if (IS_ERR(ksecdd_keyring)) {
		err = PTR_ERR(ksecdd_keyring);
		goto err_unregister_key_type;
	}
	return 0;

err_unregister_key_type:
	unregister_key_type(&ksecdd_key_type);
err_context_exit:
	ksecdd_context_exit();
	return err;
}

void ksecdd_keytype_exit(void)
{
	ksecdd_context_exit();
	key_revoke(ksecdd_keyring);
	key_put(ksecdd_keyring);
	/* Synchronous: every key of the type is gone when this returns. */
	unregister_key_type(&ksecdd_key_type);
}
