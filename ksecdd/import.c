// SPDX-License-Identifier: GPL-2.0
/*
 * Import, export and deletion of contexts: the native API under
 * ImportSecurityContextW(), ExportSecurityContext() and
 * DeleteSecurityContext().
 *
 * An import checks, in this order, that the package exists and is the
 * blob's, that the blob is well formed, that the caller may have it (a
 * sealed blob opens under a key this host holds and is the caller's; a
 * raw one needs CAP_SYS_ADMIN), that it has not expired, and that the
 * caller may attach its identity; only then does a key appear.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/slab.h>
#include <linux/ktime.h>

#include <ksecdd/ksecdd.h>

#include "buffer.h"
#include "context.h"
#include "package.h"
#include "packed.h"
#include "seal.h"
#include "token.h"

/* Opens a blob in place and decodes it; names in @packed point into it. */
static int unpack(const struct ksecdd_package *pkg, u8 *blob, size_t len,
		  struct ksecdd_packed_ctx *packed)
{
	struct ksecdd_packed_header hdr;
	size_t body = len - KSECDD_PACKED_HDR_LEN;
	int err;

	err = ksecdd_packed_parse_header(blob, len, &hdr);
	if (err)
		return err;
	if (strcmp(hdr.package, pkg->name))
		return -ENOPKG;

	if (hdr.flags & KSECDD_PACKED_SEALED) {
		err = ksecdd_unseal(&hdr, blob, len);
		body -= KSECDD_PACKED_TAG_LEN;
	} else if (!capable(CAP_SYS_ADMIN)) {
		/* A raw blob is trusted as it stands: only admins bring one. */
		err = -EPERM;
	}
	if (err)
		return err;
	return ksecdd_packed_decode_records(pkg->id,
					    blob + KSECDD_PACKED_HDR_LEN, body,
					    packed);
}

/* A sealed blob is its owner's: another user needs CAP_SYS_ADMIN. */
static int check_owner(const struct ksecdd_packed_ctx *packed)
{
	kuid_t owner = make_kuid(&init_user_ns, packed->owner);

	if (!packed->has_owner || uid_eq(owner, current_euid()) ||
	    capable(CAP_SYS_ADMIN))
		return 0;
	return -EPERM;
}

/*
 * @trusted: the blob comes from the attached broker, whose mapping of
 * the client to a local account the identity is: no check of the caller.
 */
static int attach_token(struct ksecdd_context *ctx,
			const struct ksecdd_packed_ctx *packed,
			const struct cred *token, bool trusted)
{
	if (token) {
		if (!ksecdd_may_assign_token(token))
			return -EPERM;
		ctx->token = get_cred(token);
	} else if (packed->has_identity) {
		if (!trusted && !ksecdd_may_assign_identity(packed))
			return -EPERM;
		ctx->token = ksecdd_token_from_identity(packed);
		if (!ctx->token)
			return -ENOMEM;
	} else if (ctx->role == KSECDD_ROLE_ACCEPTOR &&
		   !(ctx->attrs & ASC_RET_NULL_SESSION)) {
		/* A server context speaks for a client: it needs one. */
		return -ENODATA;
	}
	return 0;
}

/*
 * What a context costs in kernel memory, which is what its owner's key
 * quota is charged: its package's figure plus its names.  The key core
 * adds the description.
 */
static size_t context_charge(const struct ksecdd_context *ctx)
{
	size_t charge = ctx->pkg->cost;

	if (ctx->client_name)
		charge += strlen(ctx->client_name) + 1;
	if (ctx->server_name)
		charge += strlen(ctx->server_name) + 1;
	return charge;
}

static struct ksecdd_context *build(const struct ksecdd_package *pkg,
				    const struct ksecdd_packed_ctx *packed,
				    const struct cred *token, bool trusted)
{
	struct ksecdd_context *ctx;
	int err;

	ctx = ksecdd_context_alloc(pkg, packed->client_name,
				   packed->client_name_len,
				   packed->server_name,
				   packed->server_name_len);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ctx->role = packed->role;
	ctx->attrs = packed->flags;
	ctx->start = packed->start;
	ctx->expiry = packed->expiry;

	err = attach_token(ctx, packed, token, trusted);
	if (!err)
		err = pkg->ops->import(ctx, packed);
	if (err) {
		ksecdd_context_put(ctx);
		return ERR_PTR(err);
	}
	return ctx;
}

/* The arguments of an import, checked before its blob is touched. */
static int import_args(const char *package, const void *blob, size_t len,
		       const CtxtHandle *handle,
		       const struct ksecdd_package **pkg)
{
	if (!package || !handle || (!blob && len))
		return -EINVAL;
	*pkg = ksecdd_package_find(package);
	/* Negotiate has no contexts of its own: they are Kerberos ones */
	if (!*pkg || !(*pkg)->ops)
		return -ENOPKG;
	if (len < KSECDD_PACKED_HDR_LEN || len > KSECDD_PACKED_MAX)
		return -EPROTO;
	return 0;
}

/* Opens @blob in place, builds its context and publishes it. */
static int import_in_place(const struct ksecdd_package *pkg, u8 *blob,
			   size_t len, const struct cred *token,
			   struct key *keyring, CtxtHandle *handle)
{
	struct ksecdd_packed_ctx *packed;
	struct ksecdd_context *ctx;
	int err;

	packed = kmalloc(sizeof(*packed), GFP_KERNEL);
	if (!packed)
		return -ENOMEM;
	err = unpack(pkg, blob, len, packed);
	if (!err)
		err = check_owner(packed);
	if (!err && ktime_get_real_seconds() >= packed->expiry)
		err = -EKEYEXPIRED;
	if (err)
		goto out;

	ctx = build(pkg, packed, token, false);
	if (IS_ERR(ctx)) {
		err = PTR_ERR(ctx);
		goto out;
	}
	err = ksecdd_context_publish(ctx, keyring, context_charge(ctx), handle);
	ksecdd_context_put(ctx);
out:
	kfree_sensitive(packed);
	return err;
}

/**
 * ksecdd_import() - import a packed context
 * @package: name of the package the context belongs to
 * @data: the packed context, sealed or raw; not changed
 * @len: its length
 * @token: credentials of the context's client, or NULL to take them from
 *	the blob's identity record; a reference is taken
 * @keyring: keyring to link the context's key into, owned by and charged
 *	to the caller; NULL for the module keyring, as for kernel callers
 * @handle: receives the new context's handle
 *
 * Return: 0 or a negative errno; ksecdd_status_from_errno() gives the
 * status Documentation/kernel-api.rst lists for each.  On failure nothing
 * is left behind and @handle is untouched.
 */
int ksecdd_import(const char *package, const void *data, size_t len,
		  const struct cred *token, struct key *keyring,
		  CtxtHandle *handle)
{
	const struct ksecdd_package *pkg;
	u8 *blob;
	int err;

	err = import_args(package, data, len, handle, &pkg);
	if (err)
		return err;
	/* Opening a sealed blob decrypts it in place: open a copy. */
	blob = kmemdup(data, len, GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	err = import_in_place(pkg, blob, len, token, keyring, handle);
	kfree_sensitive(blob);
	return err;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_import, KSECDD_NS);

/**
 * ksecdd_import_blob() - import a packed context from the caller's copy
 * @package: name of the package the context belongs to
 * @blob: the packed context, sealed or raw, in memory the caller owns;
 *	it is opened in place, so its contents are undefined afterwards,
 *	and the caller frees it with kfree_sensitive()
 * @len: its length
 * @token: as for ksecdd_import()
 * @keyring: as for ksecdd_import()
 * @handle: receives the new context's handle
 *
 * ksecdd_import() without the copy, for a caller that made one already,
 * as the import ioctl does from userspace.
 *
 * Return: as ksecdd_import().
 */
int ksecdd_import_blob(const char *package, u8 *blob, size_t len,
		       const struct cred *token, struct key *keyring,
		       CtxtHandle *handle)
{
	const struct ksecdd_package *pkg;
	int err;

	err = import_args(package, blob, len, handle, &pkg);
	return err ?: import_in_place(pkg, blob, len, token, keyring, handle);
}

/**
 * ksecdd_import_trusted() - build a context from the broker's raw blob
 * @data: the raw packed context the attached broker answered with
 * @len: its length
 * @role: the role the handshake leg implies (KSECDD_ROLE_ACCEPTOR for
 *	AcceptSecurityContext(), KSECDD_ROLE_INITIATOR for
 *	InitializeSecurityContextW())
 *
 * The blob came from the broker, not from the caller: it is trusted as
 * a raw import by an administrator is, whoever the caller is, and its
 * identity becomes the token without the checks of ksecdd_import().  The
 * context is built, not published.
 *
 * Return: the context with one reference, or ERR_PTR(): -EPROTO for a
 * malformed blob, a sealed one, or one of the wrong role; -ENOPKG;
 * -EKEYEXPIRED; -ENODATA (an acceptor without identity); -ENOMEM.
 */
struct ksecdd_context *ksecdd_import_trusted(const void *data, size_t len,
					     u8 role)
{
	struct ksecdd_packed_header hdr;
	const struct ksecdd_package *pkg;
	struct ksecdd_packed_ctx *packed;
	struct ksecdd_context *ctx;
	u8 *blob;
	int err;

	if (len < KSECDD_PACKED_HDR_LEN || len > KSECDD_PACKED_MAX)
		return ERR_PTR(-EPROTO);
	blob = kmemdup(data, len, GFP_KERNEL);
	packed = kmalloc(sizeof(*packed), GFP_KERNEL);
	ctx = ERR_PTR(-ENOMEM);
	if (!blob || !packed)
		goto out;

	err = ksecdd_packed_parse_header(blob, len, &hdr);
	if (!err && hdr.flags & KSECDD_PACKED_SEALED)
		err = -EPROTO;
	if (err)
		goto out_err;
	pkg = ksecdd_package_find(hdr.package);
	err = -ENOPKG;
	if (!pkg || !pkg->ops)
		goto out_err;
	err = ksecdd_packed_decode_records(pkg->id, blob + KSECDD_PACKED_HDR_LEN,
					   len - KSECDD_PACKED_HDR_LEN, packed);
	if (!err && packed->role != role)
		err = -EPROTO;
	if (!err && ktime_get_real_seconds() >= packed->expiry)
		err = -EKEYEXPIRED;
	if (err)
		goto out_err;
	ctx = build(pkg, packed, NULL, true);
	goto out;
out_err:
	ctx = ERR_PTR(err);
out:
	kfree_sensitive(packed);
	kfree_sensitive(blob);
	return ctx;
}

/**
 * ksecdd_publish_context() - a built context as a key of the module keyring
 * @ctx: from ksecdd_import_trusted()
 * @handle: receives its handle
 *
 * Return: as ksecdd_context_publish().
 */
int ksecdd_publish_context(struct ksecdd_context *ctx, CtxtHandle *handle)
{
	return ksecdd_context_publish(ctx, NULL, context_charge(ctx), handle);
}

/*
 * The context as it would be packed, bound to @owner; names point into
 * @ctx.
 */
static int fill(struct ksecdd_context *ctx, struct ksecdd_packed_ctx *packed,
		bool reset, kuid_t owner)
{
	memset(packed, 0, sizeof(*packed));
	packed->package = ctx->pkg->id;
	packed->role = ctx->role;
	packed->flags = ctx->attrs;
	packed->start = ctx->start;
	packed->expiry = ctx->expiry;
	if (ctx->client_name) {
		packed->client_name = ctx->client_name;
		packed->client_name_len = strlen(ctx->client_name);
	}
	if (ctx->server_name) {
		packed->server_name = ctx->server_name;
		packed->server_name_len = strlen(ctx->server_name);
	}
	packed->has_owner = true;
	packed->owner = from_kuid(&init_user_ns, owner);

	spin_lock(&ctx->lock);
	ctx->pkg->ops->export(ctx, packed, reset);
	spin_unlock(&ctx->lock);

	if (ctx->token)
		return ksecdd_identity_from_token(ctx->token, packed);
	return 0;
}

/* The length of the sealed blob that packing @packed makes. */
static size_t sealed_len(const struct ksecdd_packed_ctx *packed)
{
	return KSECDD_PACKED_HDR_LEN + ksecdd_packed_records_len(packed) +
	       KSECDD_PACKED_TAG_LEN;
}

/*
 * Packs and seals @packed into a buffer of @size, sealed_len(), for
 * FreeContextBuffer().
 */
static int pack(const struct ksecdd_package *pkg,
		const struct ksecdd_packed_ctx *packed, size_t size,
		void **data)
{
	size_t records = size - KSECDD_PACKED_HDR_LEN - KSECDD_PACKED_TAG_LEN;
	struct ksecdd_packed_header hdr = { 0 };
	u8 *blob;
	int err;

	blob = ksecdd_buffer_alloc(size);
	if (!blob)
		return -ENOMEM;

	strscpy(hdr.package, pkg->name, sizeof(hdr.package));
	err = ksecdd_packed_encode_records(packed,
					   blob + KSECDD_PACKED_HDR_LEN,
					   records);
	if (!err)
		err = ksecdd_seal(&hdr, blob, size);
	if (err) {
		ksecdd_buffer_free(blob);
		return err == -EINVAL ? -EIO : err;
	}
	*data = blob;
	return 0;
}

/**
 * ksecdd_export_context() - export a context the caller holds
 * @ctx: a live context
 * @flags: SECPKG_CONTEXT_EXPORT_RESET_NEW, SECPKG_CONTEXT_EXPORT_DELETE_OLD
 * @owner: the user the blob is bound to, who alone (or an administrator)
 *	may import it again
 * @room: the longest blob the caller takes
 * @data: receives the blob, from ksecdd_buffer_alloc()
 * @len: receives its length, also when it exceeds @room
 * @token: if not NULL, receives a new reference to the token, or NULL
 *
 * The length is known before anything is sealed: a blob longer than
 * @room is not made, and the context is then not deleted either.
 *
 * Return: as ksecdd_export(), and -ENOBUFS when the blob is longer than
 * @room.
 */
int ksecdd_export_context(struct ksecdd_context *ctx, u32 flags,
			  kuid_t owner, u32 room, void **data, u32 *len,
			  const struct cred **token)
{
	struct ksecdd_packed_ctx *packed;
	size_t size;
	int err;

	packed = kmalloc(sizeof(*packed), GFP_KERNEL);
	if (!packed)
		return -ENOMEM;
	err = fill(ctx, packed, flags & SECPKG_CONTEXT_EXPORT_RESET_NEW,
		   owner);
	if (err)
		goto out;
	size = sealed_len(packed);
	if (size > KSECDD_PACKED_MAX) {
		err = -E2BIG;
		goto out;
	}
	if (size > room) {
		*len = size;
		err = -ENOBUFS;
		goto out;
	}
	err = pack(ctx->pkg, packed, size, data);
	if (!err)
		*len = size;
out:
	kfree_sensitive(packed);
	if (err)
		return err;
	if (token)
		*token = ctx->token ? get_cred(ctx->token) : NULL;
	/* The source may have died meanwhile; it is dead either way. */
	if (flags & SECPKG_CONTEXT_EXPORT_DELETE_OLD)
		ksecdd_context_delete(ctx);
	return 0;
}

/**
 * ksecdd_export() - export a context as a sealed packed context
 * @handle: the context's handle
 * @flags: SECPKG_CONTEXT_EXPORT_RESET_NEW, SECPKG_CONTEXT_EXPORT_DELETE_OLD
 * @data: receives the blob, to be freed with FreeContextBuffer()
 * @len: receives its length
 * @token: if not NULL, receives a new reference to the context's token,
 *	or NULL if it has none
 *
 * The blob is bound to the caller's effective uid: kernel code exports
 * on behalf of whoever it runs for.  (Through /dev/ksecdd it is bound to
 * the owner of the context's key instead.)  With RESET_NEW the copy
 * starts its message sequence afresh; with DELETE_OLD the context is
 * deleted once the blob exists.
 *
 * Return: 0; -EOPNOTSUPP for SECPKG_CONTEXT_EXPORT_TO_KERNEL; -EINVAL for
 * unknown flags or NULL pointers; -ENOKEY or -EKEYEXPIRED for a handle
 * that names no usable context; -ENODATA if the configured sealing key
 * is not provisioned; -E2BIG if the token has more groups than a blob
 * holds; -ENOMEM or -EIO.
 */
int ksecdd_export(const CtxtHandle *handle, u32 flags, void **data, u32 *len,
		  const struct cred **token)
{
	struct ksecdd_context *ctx;
	int err;

	if (flags & SECPKG_CONTEXT_EXPORT_TO_KERNEL)
		return -EOPNOTSUPP;
	if (!data || !len || flags & ~(SECPKG_CONTEXT_EXPORT_RESET_NEW |
				       SECPKG_CONTEXT_EXPORT_DELETE_OLD))
		return -EINVAL;

	ctx = ksecdd_context_get(handle);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	err = ksecdd_export_context(ctx, flags, current_euid(), U32_MAX,
				    data, len, token);
	ksecdd_context_put(ctx);
	return err;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_export, KSECDD_NS);

/**
 * ksecdd_delete_context() - delete a context the caller holds
 * @ctx: the context, found by handle, expired or not
 *
 * Return: as ksecdd_delete().
 */
int ksecdd_delete_context(struct ksecdd_context *ctx)
{
	int err = ksecdd_context_check_partial(ctx);

	/* Unlink an invalidated key now instead of at the collector's pace. */
	if (ksecdd_context_delete(ctx) || err == -ENOKEY)
		return -ENOKEY;
	return 0;
}

/**
 * ksecdd_delete() - delete a context
 * @handle: the context's handle
 *
 * An expired context may be deleted.  One whose key was revoked or
 * invalidated is deleted already, as is one deleted before.
 *
 * Return: 0, or -ENOKEY if @handle names no context that was not deleted.
 */
int ksecdd_delete(const CtxtHandle *handle)
{
	struct ksecdd_context *ctx;
	int err;

	ctx = ksecdd_context_lookup(handle);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	err = ksecdd_delete_context(ctx);
	ksecdd_context_put(ctx);
	return err;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_delete, KSECDD_NS);
