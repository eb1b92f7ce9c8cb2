// SPDX-License-Identifier: GPL-2.0
/*
 * The token of a context: the credentials of the user it authenticated,
 * as a struct cred that a server may use with override_creds().
 *
 * An importer may attach an identity that is its own (its effective uid
 * and gid, and groups it is in), or any identity if it could change its
 * own ids to it (CAP_SETUID and CAP_SETGID in the initial namespace).
 * Anything else would let an unprivileged user mint credentials.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/key.h>
#include <linux/keyctl.h>
#include <linux/securebits.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>

#include "token.h"

static bool may_assign(kuid_t uid, kgid_t gid, const kgid_t *groups,
		       const u32 *raw_groups, u32 ngroups)
{
	const struct cred *cred = current_cred();
	bool own = uid_eq(uid, cred->euid) && gid_eq(gid, cred->egid);
	u32 i;

	for (i = 0; own && i < ngroups; i++)
		own = in_egroup_p(groups ? groups[i] :
				  make_kgid(&init_user_ns, raw_groups[i]));
	/* Checked last, so that assigning one's own identity is not audited. */
	return own || (capable(CAP_SETUID) && capable(CAP_SETGID));
}

/**
 * ksecdd_may_assign_identity() - may the caller attach a blob's identity?
 * @packed: a decoded context with an identity record
 *
 * Return: true if the current task may give a context this identity.
 */
bool ksecdd_may_assign_identity(const struct ksecdd_packed_ctx *packed)
{
	return may_assign(make_kuid(&init_user_ns, packed->uid),
			  make_kgid(&init_user_ns, packed->gid),
			  NULL, packed->groups, packed->ngroups);
}

/**
 * ksecdd_may_assign_token() - may the caller attach these credentials?
 * @token: the credentials
 *
 * Return: true if the current task may give a context @token.
 */
bool ksecdd_may_assign_token(const struct cred *token)
{
	return may_assign(token->euid, token->egid, token->group_info->gid,
			  NULL, token->group_info->ngroups);
}

static int set_groups_from(struct cred *new,
			   const struct ksecdd_packed_ctx *packed)
{
	struct group_info *gi;
	u32 i;

	gi = groups_alloc(packed->ngroups);
	if (!gi)
		return -ENOMEM;
	for (i = 0; i < packed->ngroups; i++)
		gi->gid[i] = make_kgid(&init_user_ns, packed->groups[i]);
	groups_sort(gi);
	set_groups(new, gi);
	put_group_info(gi);
	return 0;
}

/*
 * prepare_creds() gives the token the importer's keyrings.  A task using
 * the token must find the client's keyrings, not the importer's: without
 * session, process and thread keyrings, the key core falls back to the
 * user keyrings of the token's uid.
 */
static void drop_keyrings(struct cred *new)
{
	key_put(new->session_keyring);
	new->session_keyring = NULL;
	key_put(new->process_keyring);
	new->process_keyring = NULL;
	key_put(new->thread_keyring);
	new->thread_keyring = NULL;
	key_put(new->request_key_auth);
	new->request_key_auth = NULL;
	new->jit_keyring = KEY_REQKEY_DEFL_DEFAULT;
}

/**
 * ksecdd_token_from_identity() - credentials for a blob's identity
 * @packed: a decoded context with an identity record
 *
 * The credentials are the importing task's with the identity's ids in
 * every slot, its groups, no capabilities and no keyrings.  What is left
 * of the importer, its LSM label and the user its resources are charged
 * to, is the server's that accepted the context, as in the credentials
 * nfsd and ksmbd build for each request; nothing comes from init's.
 *
 * Return: the new credentials, or NULL when out of memory.
 */
const struct cred *
ksecdd_token_from_identity(const struct ksecdd_packed_ctx *packed)
{
	kuid_t uid = make_kuid(&init_user_ns, packed->uid);
	kgid_t gid = make_kgid(&init_user_ns, packed->gid);
	struct cred *new;

	new = prepare_creds();
	if (!new)
		return NULL;
	new->uid = uid;
	new->euid = uid;
	new->suid = uid;
	new->fsuid = uid;
	new->gid = gid;
	new->egid = gid;
	new->sgid = gid;
	new->fsgid = gid;
	new->cap_inheritable = CAP_EMPTY_SET;
	new->cap_permitted = CAP_EMPTY_SET;
	new->cap_effective = CAP_EMPTY_SET;
	new->cap_bset = CAP_EMPTY_SET;
	new->cap_ambient = CAP_EMPTY_SET;
	new->securebits = SECUREBITS_DEFAULT;
	drop_keyrings(new);
	if (set_groups_from(new, packed)) {
		abort_creds(new);
		return NULL;
	}
	return new;
}

/**
 * ksecdd_identity_from_token() - the identity record for credentials
 * @token: the credentials
 * @packed: receives effective uid and gid and the supplementary groups
 *
 * Return: 0, or -E2BIG if @token has more groups than a blob can carry.
 */
int ksecdd_identity_from_token(const struct cred *token,
			       struct ksecdd_packed_ctx *packed)
{
	const struct group_info *gi = token->group_info;
	u32 i, n = 0;

	packed->uid = from_kuid(&init_user_ns, token->euid);
	packed->gid = from_kgid(&init_user_ns, token->egid);
	/* group_info is sorted; the format wants each group once. */
	for (i = 0; i < gi->ngroups; i++) {
		u32 g = from_kgid(&init_user_ns, gi->gid[i]);

		if (n && packed->groups[n - 1] == g)
			continue;
		if (n == KSECDD_PACKED_GROUPS_MAX)
			return -E2BIG;
		packed->groups[n++] = g;
	}
	packed->ngroups = n;
	packed->has_identity = true;
	return 0;
}
