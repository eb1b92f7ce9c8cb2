// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls of /dev/ksecdd: the SSPI calls for userspace.
 *
 * Contexts imported here are keys owned by and charged to the caller,
 * linked into a keyring it names; every later call finds the key with the
 * caller's own credentials and keyrings (lookup_user_key()), so a user
 * reaches only the contexts its key permissions allow.  The SSPI result
 * travels in the struct's status field; a negative return is a transport
 * fault.
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/key.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/ksecdd.h>
#include <linux/keyctl.h>

#include <ksecdd/ksecdd.h>

#include "broker.h"
#include "buffer.h"
#include "context.h"
#include "ioctl.h"
#include "package.h"
#include "query.h"

#define KSECDD_IOC_BASE(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/* No argument struct is anywhere near this; larger sizes are garbage. */
#define KSECDD_IOC_SIZE_MAX	PAGE_SIZE

/*
 * Copy in an ioctl struct whose first member is its __u32 size.  The size is
 * read once and written back over the copy, so a caller changing it between
 * the two reads gains nothing.
 */
static int copy_struct_in(void *dst, size_t ksize, const void __user *src,
			  size_t minsize, u32 *usize)
{
	u32 size;
	int err;

	if (get_user(size, (const u32 __user *)src))
		return -EFAULT;
	if (size < minsize)
		return -EINVAL;
	if (size > KSECDD_IOC_SIZE_MAX)
		return -E2BIG;

	err = copy_struct_from_user(dst, ksize, src, size);
	if (err)
		return err;
	*(u32 *)dst = size;
	*usize = size;
	return 0;
}

static int copy_struct_out(void __user *dst, const void *src, size_t ksize,
			   u32 usize)
{
	if (copy_to_user(dst, src, min_t(size_t, ksize, usize)))
		return -EFAULT;
	return 0;
}

static long ioc_version(void __user *uarg)
{
	struct ksecdd_ioc_version ver;
	u32 usize;
	int err;

	err = copy_struct_in(&ver, sizeof(ver), uarg,
			     KSECDD_IOC_VERSION_SIZE_VER0, &usize);
	if (err)
		return err;
	ver.abi_version = KSECDD_ABI_VERSION;
	return copy_struct_out(uarg, &ver, sizeof(ver), usize);
}

static void package_info(const struct ksecdd_package *pkg,
			 struct ksecdd_package_info *info)
{
	memset(info, 0, sizeof(*info));
	info->capabilities = pkg->capabilities;
	info->version = pkg->version;
	info->rpcid = pkg->rpcid;
	info->max_token = pkg->max_token;
	strscpy(info->name, pkg->name, sizeof(info->name));
	strscpy(info->comment, pkg->comment, sizeof(info->comment));
}

static long ioc_packages(void __user *uarg)
{
	struct ksecdd_package_info __user *out;
	struct ksecdd_ioc_packages arg;
	struct ksecdd_package_info info;
	u32 usize, i, n = ksecdd_package_count();
	int err;

	err = copy_struct_in(&arg, sizeof(arg), uarg,
			     KSECDD_IOC_PACKAGES_SIZE_VER0, &usize);
	if (err)
		return err;
	if (arg.reserved)
		return -EINVAL;

	out = u64_to_user_ptr(arg.packages);
	arg.status = SEC_E_OK;
	if (arg.count < n)
		arg.status = SEC_E_BUFFER_TOO_SMALL;
	for (i = 0; i < n && arg.status == SEC_E_OK; i++) {
		package_info(ksecdd_package_at(i), &info);
		if (copy_to_user(&out[i], &info, sizeof(info)))
			return -EFAULT;
	}
	arg.count = n;
	return copy_struct_out(uarg, &arg, sizeof(arg), usize);
}

/*
 * The keyring an import links into: one the caller may write.  A caller
 * without a session keyring gets its user's session keyring, as keyctl
 * does, rather than a new one that would die with the process.
 */
static struct key *import_keyring(s32 serial, key_ref_t *ref)
{
	*ref = lookup_user_key(serial ?: KEY_SPEC_SESSION_KEYRING, 0,
			       KEY_NEED_WRITE);
	if (IS_ERR(*ref)) {
		if (PTR_ERR(*ref) == -EACCES || PTR_ERR(*ref) == -ENOMEM)
			return ERR_CAST(*ref);
		return ERR_PTR(-EINVAL);
	}
	if (key_ref_to_ptr(*ref)->type != &key_type_keyring) {
		key_ref_put(*ref);
		return ERR_PTR(-EINVAL);
	}
	return key_ref_to_ptr(*ref);
}

static int do_import(struct ksecdd_ioc_import *arg)
{
	CtxtHandle handle;
	struct key *keyring;
	key_ref_t ref;
	void *blob;
	int err;

	if (strnlen(arg->package, sizeof(arg->package)) == sizeof(arg->package))
		return -ENOPKG;
	if (arg->blob_len > KSECDD_PACKED_MAX)
		return -EPROTO;
	keyring = import_keyring(arg->keyring, &ref);
	if (IS_ERR(keyring))
		return PTR_ERR(keyring);
	blob = memdup_user(u64_to_user_ptr(arg->blob), arg->blob_len);
	if (IS_ERR(blob)) {
		err = PTR_ERR(blob);
		goto out;
	}
	err = ksecdd_import_blob(arg->package, blob, arg->blob_len, NULL,
				 keyring, &handle);
	kfree_sensitive(blob);
	if (!err) {
		arg->handle.serial = handle.dwLower;
		arg->handle.tag = handle.dwUpper;
	}
out:
	key_ref_put(ref);
	return err;
}

static void undo_import(const struct ksecdd_handle *h)
{
	CtxtHandle handle = { h->serial, h->tag };
	struct ksecdd_context *ctx = ksecdd_context_lookup(&handle);

	if (IS_ERR(ctx))
		return;
	ksecdd_context_delete(ctx);
	ksecdd_context_put(ctx);
}

static long ioc_import(void __user *uarg)
{
	struct ksecdd_ioc_import arg;
	u32 usize;
	int err;

	err = copy_struct_in(&arg, sizeof(arg), uarg,
			     KSECDD_IOC_IMPORT_SIZE_VER0, &usize);
	if (err)
		return err;
	err = do_import(&arg);
	/* A blob we could not read is a transport fault, not a status. */
	if (err == -EFAULT)
		return err;
	arg.status = ksecdd_status_from_errno(err);
	if (copy_struct_out(uarg, &arg, sizeof(arg), usize)) {
		/* a context whose handle the caller never learns is no use */
		if (!err)
			undo_import(&arg.handle);
		return -EFAULT;
	}
	return 0;
}

/*
 * The context to export, if the caller may.  An export copies the
 * context with its keys into a blob that outlives the key, so it takes
 * read permission, which the owner has and may grant; search, which lets
 * others use a context, is not enough.  DELETE_OLD deletes the context
 * too, which takes write permission as ioc_delete() does.
 */
static struct ksecdd_context *export_lookup(const struct ksecdd_ioc_export *arg)
{
	struct ksecdd_context *ctx;

	if (arg->flags & SECPKG_CONTEXT_EXPORT_DELETE_OLD) {
		ctx = ksecdd_context_lookup_user(arg->handle.serial,
						 arg->handle.tag,
						 KEY_NEED_WRITE);
		if (IS_ERR(ctx))
			return ctx;
		ksecdd_context_put(ctx);
	}
	return ksecdd_context_lookup_user(arg->handle.serial, arg->handle.tag,
					  KEY_NEED_READ);
}

static int do_export(struct ksecdd_ioc_export *arg)
{
	u32 flags = arg->flags & ~SECPKG_CONTEXT_EXPORT_DELETE_OLD;
	struct ksecdd_context *ctx;
	kuid_t owner;
	void *blob;
	u32 len;
	int err;

	if (arg->flags & SECPKG_CONTEXT_EXPORT_TO_KERNEL)
		return -EOPNOTSUPP;
	if (arg->flags & ~(SECPKG_CONTEXT_EXPORT_RESET_NEW |
			   SECPKG_CONTEXT_EXPORT_DELETE_OLD))
		return -EINVAL;
	ctx = export_lookup(arg);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	/*
	 * The blob is bound to the owner of the context's key, not to the
	 * exporter: whoever may export a context hands its owner a copy,
	 * and never takes one the owner could not revoke.
	 */
	err = ksecdd_context_check(ctx) ?: ksecdd_context_owner(ctx, &owner);
	if (err)
		goto out;

	/*
	 * A buffer too small learns the length before anything is sealed.
	 * Delete only once the caller holds the blob.
	 */
	err = ksecdd_export_context(ctx, flags, owner, arg->blob_len, &blob,
				    &len, NULL);
	if (err) {
		if (err == -ENOBUFS)
			arg->blob_len = len;
		goto out;
	}
	if (copy_to_user(u64_to_user_ptr(arg->blob), blob, len))
		err = -EFAULT;
	arg->blob_len = len;
	ksecdd_buffer_free(blob);
	if (!err && arg->flags & SECPKG_CONTEXT_EXPORT_DELETE_OLD)
		ksecdd_context_delete(ctx);
out:
	ksecdd_context_put(ctx);
	return err;
}

static long ioc_export(void __user *uarg)
{
	struct ksecdd_ioc_export arg;
	u32 usize;
	int err;

	err = copy_struct_in(&arg, sizeof(arg), uarg,
			     KSECDD_IOC_EXPORT_SIZE_VER0, &usize);
	if (err)
		return err;
	err = do_export(&arg);
	if (err == -EFAULT)
		return err;
	arg.status = ksecdd_status_from_errno(err);
	return copy_struct_out(uarg, &arg, sizeof(arg), usize);
}

static long ioc_delete(void __user *uarg)
{
	struct ksecdd_ioc_delete arg;
	struct ksecdd_context *ctx;
	u32 usize;
	int err;

	err = copy_struct_in(&arg, sizeof(arg), uarg,
			     KSECDD_IOC_DELETE_SIZE_VER0, &usize);
	if (err)
		return err;
	/*
	 * Deleting is writing the key, as keyctl revoke is; an expired
	 * context is deleted too, as DeleteSecurityContext() always frees.
	 */
	ctx = ksecdd_context_lookup_user_delete(arg.handle.serial,
						arg.handle.tag);
	if (IS_ERR(ctx)) {
		err = PTR_ERR(ctx);
	} else {
		err = ksecdd_delete_context(ctx);
		ksecdd_context_put(ctx);
	}
	arg.status = ksecdd_status_from_errno(err);
	return copy_struct_out(uarg, &arg, sizeof(arg), usize);
}

/* The answer to a query, built in @buf; its length, or -errno. */
static int query_answer(struct ksecdd_context *ctx, u32 attribute, void *buf)
{
	struct ksecdd_attr_key_info *key_info = buf;
	struct ksecdd_attr_lifespan *lifespan = buf;
	struct ksecdd_attr_sizes *attr_sizes = buf;
	struct ksecdd_key_info info;
	SecPkgContext_Sizes sizes;
	const u8 *key;
	u32 len;

	switch (attribute) {
	case SECPKG_ATTR_SIZES:
		ctx->pkg->ops->sizes(ctx, &sizes);
		attr_sizes->max_token = sizes.cbMaxToken;
		attr_sizes->max_signature = sizes.cbMaxSignature;
		attr_sizes->block_size = sizes.cbBlockSize;
		attr_sizes->security_trailer = sizes.cbSecurityTrailer;
		return sizeof(*attr_sizes);
	case SECPKG_ATTR_NAMES:
		len = strscpy(buf, ctx->client_name ?: "", PAGE_SIZE);
		return len + 1;
	case SECPKG_ATTR_LIFESPAN:
		lifespan->start = ksecdd_filetime(ctx->start);
		lifespan->expiry = ksecdd_filetime(ctx->expiry);
		return sizeof(*lifespan);
	case SECPKG_ATTR_KEY_INFO:
		ctx->pkg->ops->key_info(ctx, &info);
		key_info->key_size = info.key_size;
		key_info->signature_algorithm = info.signature_algorithm;
		key_info->encrypt_algorithm = info.encrypt_algorithm;
		strscpy(key_info->signature_name, info.signature_name,
			sizeof(key_info->signature_name));
		strscpy(key_info->encrypt_name, info.encrypt_name,
			sizeof(key_info->encrypt_name));
		return sizeof(*key_info);
	case SECPKG_ATTR_SESSION_KEY:
		/* Session keys reach userspace only as admins put them in. */
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		spin_lock(&ctx->lock);
		ctx->pkg->ops->session_key(ctx, &key, &len);
		memcpy(buf, key, len);
		spin_unlock(&ctx->lock);
		return len;
	case SECPKG_ATTR_PACKAGE_INFO:
		package_info(ctx->pkg, buf);
		return sizeof(struct ksecdd_package_info);
	case SECPKG_ATTR_FLAGS:
		memcpy(buf, &ctx->attrs, sizeof(u32));
		return sizeof(u32);
	}
	return -EOPNOTSUPP;
}

static int do_query(struct ksecdd_ioc_query *arg)
{
	struct ksecdd_context *ctx;
	int len, err;
	void *buf;

	ctx = ksecdd_context_lookup_user(arg->handle.serial, arg->handle.tag,
					 KEY_NEED_SEARCH);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	len = ksecdd_context_check(ctx);
	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!len)
		len = buf ? query_answer(ctx, arg->attribute, buf) : -ENOMEM;
	ksecdd_context_put(ctx);
	err = len < 0 ? len : 0;
	if (!err) {
		if (len > arg->buf_len)
			err = -ENOBUFS;
		else if (copy_to_user(u64_to_user_ptr(arg->buf), buf, len))
			err = -EFAULT;
		arg->buf_len = len;
	}
	kfree_sensitive(buf);
	return err;
}

static long ioc_query(void __user *uarg)
{
	struct ksecdd_ioc_query arg;
	u32 usize;
	int err;

	err = copy_struct_in(&arg, sizeof(arg), uarg,
			     KSECDD_IOC_QUERY_SIZE_VER0, &usize);
	if (err)
		return err;
	err = do_query(&arg);
	if (err == -EFAULT)
		return err;
	arg.status = ksecdd_status_from_errno(err);
	return copy_struct_out(uarg, &arg, sizeof(arg), usize);
}

/*
 * A message's buffers, the caller's and our copies with their sizes
 * (@ubuf's lengths become the results): ~430 bytes of stack.
 */
struct ioc_msg {
	struct ksecdd_ioc_buffer ubuf[KSECDD_MESSAGE_BUFFERS_MAX];
	u64 udata[KSECDD_MESSAGE_BUFFERS_MAX];
	SecBuffer kbuf[KSECDD_MESSAGE_BUFFERS_MAX];
	void *copy[KSECDD_MESSAGE_BUFFERS_MAX];
	u32 size[KSECDD_MESSAGE_BUFFERS_MAX];
	u32 count;
};

static void msg_free(struct ioc_msg *m)
{
	u32 i;

	for (i = 0; i < m->count; i++)
		kvfree_sensitive(m->copy[i], m->size[i]);
}

/*
 * Copy the buffers in.  The copies come from kvmalloc: a large one from
 * order-0 pages, on which the message functions run the cipher in place
 * page by page.
 */
static int msg_copy_in(struct ioc_msg *m, const struct ksecdd_ioc_message *arg)
{
	size_t total = 0;
	u32 i;

	m->count = 0;
	if (copy_from_user(m->ubuf, u64_to_user_ptr(arg->buffers),
			   arg->count * sizeof(m->ubuf[0])))
		return -EFAULT;
	for (i = 0; i < arg->count; i++)
		total += m->ubuf[i].len;
	if (total > KSECDD_MESSAGE_BYTES_MAX)
		return -E2BIG;
	for (i = 0; i < arg->count; i++) {
		const struct ksecdd_ioc_buffer *u = &m->ubuf[i];

		m->copy[i] = NULL;
		m->count = i + 1;
		if (u->len) {
			m->copy[i] = kvmalloc(u->len, GFP_KERNEL | __GFP_NOWARN);
			if (!m->copy[i])
				return -ENOMEM;
			m->size[i] = u->len;
			if (copy_from_user(m->copy[i], u64_to_user_ptr(u->data),
					   u->len))
				return -EFAULT;
		}
		m->udata[i] = u->data;
		m->kbuf[i] = (SecBuffer){ u->len, u->type, m->copy[i] };
	}
	return 0;
}

/* The caller's address of @p, which must lie in one of our copies. */
static int msg_user_place(const struct ioc_msg *m, const SecBuffer *k,
			  u64 *data)
{
	u32 j;

	for (j = 0; j < m->count; j++) {
		const u8 *start = m->copy[j], *p = k->pvBuffer;
		size_t len = m->ubuf[j].len;

		if (start && p >= start && p <= start + len &&
		    k->cbBuffer <= start + len - p) {
			*data = m->udata[j] + (p - start);
			return 0;
		}
	}
	return -EIO;
}

/*
 * Copy back what the operation may have written: the buffers that are
 * not read-only (for signatures, only the TOKEN), and every buffer's
 * length and place.  A buffer the operation pointed into another one, as
 * decryption does with a STREAM, gets the matching place in the caller's
 * memory.
 */
static int msg_copy_out(struct ioc_msg *m, const struct ksecdd_ioc_message *arg,
			bool sign)
{
	u32 i;
	int err;

	for (i = 0; i < m->count; i++) {
		struct ksecdd_ioc_buffer *u = &m->ubuf[i];
		const SecBuffer *k = &m->kbuf[i];
		u32 type = k->BufferType & ~SECBUFFER_ATTRMASK;
		bool own = k->pvBuffer == m->copy[i];

		u->len = k->cbBuffer;
		if (!k->cbBuffer)
			continue;
		err = msg_user_place(m, k, &u->data);
		if (err)
			return err;
		if (!own || (k->BufferType & SECBUFFER_READONLY) ||
		    (sign && type != SECBUFFER_TOKEN))
			continue;
		if (copy_to_user(u64_to_user_ptr(u->data), k->pvBuffer, u->len))
			return -EFAULT;
	}
	if (copy_to_user(u64_to_user_ptr(arg->buffers), m->ubuf,
			 m->count * sizeof(m->ubuf[0])))
		return -EFAULT;
	return 0;
}

static int msg_run(struct ksecdd_ioc_message *arg, enum ksecdd_message_op op,
		   struct ioc_msg *m)
{
	SecBufferDesc desc = { SECBUFFER_VERSION, arg->count, m->kbuf };
	struct ksecdd_context *ctx;
	u32 qop = 0;
	int err;

	ctx = ksecdd_context_lookup_user(arg->handle.serial, arg->handle.tag,
					 KEY_NEED_SEARCH);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	err = ksecdd_context_check(ctx) ?:
	      ksecdd_package_message(ctx, op, arg->qop, &desc, &qop, true);
	ksecdd_context_put(ctx);
	if (err)
		return err;
	if (op == KSECDD_MSG_VERIFY || op == KSECDD_MSG_DECRYPT)
		arg->qop = qop;
	return msg_copy_out(m, arg, op == KSECDD_MSG_SIGN ||
				    op == KSECDD_MSG_VERIFY);
}

/*
 * Sign, verify, encrypt, decrypt on copies of the caller's buffers, which
 * go back to the caller only when the operation succeeded.
 */
static long ioc_message(void __user *uarg, enum ksecdd_message_op op)
{
	struct ksecdd_ioc_message arg;
	struct ioc_msg m;
	u32 usize;
	int err;

	err = copy_struct_in(&arg, sizeof(arg), uarg,
			     KSECDD_IOC_MESSAGE_SIZE_VER0, &usize);
	if (err)
		return err;
	if (arg.reserved || arg.count > KSECDD_MESSAGE_BUFFERS_MAX)
		return -EINVAL;
	err = msg_copy_in(&m, &arg) ?: msg_run(&arg, op, &m);
	msg_free(&m);
	if (err == -EFAULT || err == -E2BIG)
		return err;
	arg.status = ksecdd_status_from_errno(err);
	return copy_struct_out(uarg, &arg, sizeof(arg), usize);
}

static long ioc_broker_attach(struct file *file, void __user *uarg)
{
	struct ksecdd_ioc_broker_attach arg;
	u32 usize;
	long err;

	err = copy_struct_in(&arg, sizeof(arg), uarg,
			     KSECDD_IOC_BROKER_ATTACH_SIZE_VER0, &usize);
	if (err)
		return err;
	err = ksecdd_ioc_broker_attach(file, &arg);
	if (err)
		return err;
	/* attached: the broker reads the limits it got, or closes the file */
	return copy_struct_out(uarg, &arg, sizeof(arg), usize);
}

static long ioc_broker_answer(struct file *file, void __user *uarg)
{
	struct ksecdd_ioc_broker_answer arg;
	u32 usize;
	long err;

	err = copy_struct_in(&arg, sizeof(arg), uarg,
			     KSECDD_IOC_BROKER_ANSWER_SIZE_VER0, &usize);
	if (err)
		return err;
	return ksecdd_ioc_broker_answer(file, &arg);
}

/**
 * ksecdd_ioctl() - dispatch an ioctl of /dev/ksecdd
 * @file: the open device
 * @cmd: the command; its size bits are not compared
 * @arg: pointer to the command's struct
 *
 * Return: 0 when the operation ran (its status is in the struct), or a
 * negative errno for a transport fault; the broker's ioctls return 0 or
 * a negative errno only.
 */
long ksecdd_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (KSECDD_IOC_BASE(cmd)) {
	case KSECDD_IOC_BASE(KSECDD_IOC_VERSION):
		return ioc_version(uarg);
	case KSECDD_IOC_BASE(KSECDD_IOC_PACKAGES):
		return ioc_packages(uarg);
	case KSECDD_IOC_BASE(KSECDD_IOC_IMPORT):
		return ioc_import(uarg);
	case KSECDD_IOC_BASE(KSECDD_IOC_EXPORT):
		return ioc_export(uarg);
	case KSECDD_IOC_BASE(KSECDD_IOC_DELETE):
		return ioc_delete(uarg);
	case KSECDD_IOC_BASE(KSECDD_IOC_QUERY):
		return ioc_query(uarg);
	case KSECDD_IOC_BASE(KSECDD_IOC_SIGN):
		return ioc_message(uarg, KSECDD_MSG_SIGN);
	case KSECDD_IOC_BASE(KSECDD_IOC_VERIFY):
		return ioc_message(uarg, KSECDD_MSG_VERIFY);
	case KSECDD_IOC_BASE(KSECDD_IOC_ENCRYPT):
		return ioc_message(uarg, KSECDD_MSG_ENCRYPT);
	case KSECDD_IOC_BASE(KSECDD_IOC_DECRYPT):
		return ioc_message(uarg, KSECDD_MSG_DECRYPT);
	case KSECDD_IOC_BASE(KSECDD_IOC_BROKER_ATTACH):
		return ioc_broker_attach(file, uarg);
	case KSECDD_IOC_BASE(KSECDD_IOC_BROKER_ANSWER):
		return ioc_broker_answer(file, uarg);
	}
	return -ENOTTY;
}
