// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own RPCSEC_GSS Kerberos as a peer: what an NFS server
 * calls for a session (gss_import_sec_context(), gss_delete_sec_context())
 * and for each message (gss_get_mic(), gss_verify_mic(), gss_wrap(),
 * gss_unwrap()).  sunrpc exports gss_mech_register() but none of those,
 * so the benchmark registers a mechanism of its own for a moment, finds
 * rpcsec_gss_krb5's "krb5" beside it on sunrpc's list, and calls its
 * gm_ops as those functions do (net/sunrpc/auth_gss/gss_mech_switch.c).
 * A test harness only: it relies on the list's layout, not on an API.
 */

#include <linux/gfp.h>
#include <linux/kmod.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "gss_peer.h"

/*
 * The context sunrpc imports, as rpc.svcgssd and gssproxy hand it over
 * (gss_import_v2_context() in net/sunrpc/auth_gss/gss_krb5_mech.c):
 * host-endian flags, end time and send sequence number, the enctype and
 * the key that protects the messages, nothing after it.
 */
#define LUCID_INITIATOR		0x1
#define LUCID_CFX		0x2
#define LUCID_ACCEPTOR_SUBKEY	0x4
#define LUCID_KEY_OFF		20

/* A wrap token's additions: header and confounder; copy and checksum. */
#define HEAD_ROOM		64
#define TAIL_ROOM		64

static struct gss_api_mech *krb5_mech;

static struct gss_api_mech probe = {
	.gm_name = "ksecdd-bench-probe",
	.gm_owner = THIS_MODULE,
};

/* The entry of rpcsec_gss_krb5, with a hold on its module, or NULL. */
static struct gss_api_mech *find_krb5(void)
{
	struct gss_api_mech *pos, *found = NULL;
	struct list_head *head;

	rcu_read_lock();
	/*
	 * gss_mech_register() adds a mechanism right after the list's head;
	 * with nothing else registering meanwhile, that is probe's prev.
	 */
	head = READ_ONCE(probe.gm_list.prev);
	list_for_each_entry_rcu(pos, head, gm_list) {
		if (pos != &probe && !strcmp(pos->gm_name, "krb5") &&
		    try_module_get(pos->gm_owner)) {
			found = pos;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/**
 * gss_peer_get() - reach rpcsec_gss_krb5, loading it if need be
 *
 * Return: 0, -ENOENT if the kernel has no krb5 mechanism, or an error of
 * gss_mech_register().
 */
int gss_peer_get(void)
{
	int err;

	/* its module alias; a failure shows as "krb5" missing below */
	request_module("rpc-auth-gss-krb5");
	err = gss_mech_register(&probe);
	if (err)
		return err;
	krb5_mech = find_krb5();
	gss_mech_unregister(&probe);
	/* probe is registered again by the next run */
	synchronize_rcu();
	return krb5_mech ? 0 : -ENOENT;
}

/**
 * gss_peer_put() - let rpcsec_gss_krb5 go
 */
void gss_peer_put(void)
{
	gss_mech_put(krb5_mech);
	krb5_mech = NULL;
}

/**
 * gss_peer_blob() - the context sunrpc imports for a ksecdd context
 * @p: a Kerberos context, decoded
 * @len: receives the blob's length
 *
 * The blob carries what @p protects its messages with: the acceptor
 * subkey if it has one, else the session key, as nfs-utils writes it.
 *
 * Return: the blob, to kfree_sensitive(), or NULL.
 */
u8 *gss_peer_blob(const struct ksecdd_packed_ctx *p, size_t *len)
{
	const struct ksecdd_packed_krb5 *k = &p->krb5;
	bool subkey = k->flags & KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG;
	unsigned int keylen = ksecdd_krb5_key_len(k->enctype);
	u32 flags = LUCID_CFX, endtime = clamp_t(s64, p->expiry, 0, U32_MAX);
	u8 *blob;

	if (!keylen)
		return NULL;
	if (p->role == KSECDD_ROLE_INITIATOR)
		flags |= LUCID_INITIATOR;
	if (subkey)
		flags |= LUCID_ACCEPTOR_SUBKEY;
	*len = LUCID_KEY_OFF + keylen;
	blob = kmalloc(*len, GFP_KERNEL);
	if (!blob)
		return NULL;
	memcpy(blob, &flags, sizeof(flags));
	memcpy(blob + 4, &endtime, sizeof(endtime));
	memcpy(blob + 8, &k->send_seq, sizeof(k->send_seq));
	memcpy(blob + 16, &k->enctype, sizeof(k->enctype));
	memcpy(blob + LUCID_KEY_OFF, subkey ? k->acceptor_subkey : k->key,
	       keylen);
	return blob;
}

/**
 * gss_peer_import() - gss_import_sec_context() of a blob into krb5
 * @blob: the context, from gss_peer_blob()
 * @len: its length
 * @ctx: receives the context
 *
 * Return: 0, or the mechanism's error (-EINVAL for an enctype it lacks).
 */
int gss_peer_import(const void *blob, size_t len, struct gss_ctx **ctx)
{
	time64_t endtime;
	int err;

	*ctx = kzalloc(sizeof(**ctx), GFP_KERNEL);
	if (!*ctx)
		return -ENOMEM;
	(*ctx)->mech_type = gss_mech_get(krb5_mech);
	err = krb5_mech->gm_ops->gss_import_sec_context(blob, len, *ctx,
							&endtime, GFP_KERNEL);
	if (err) {
		gss_peer_delete(*ctx);
		*ctx = NULL;
	}
	return err;
}

/**
 * gss_peer_delete() - gss_delete_sec_context()
 * @ctx: a context from gss_peer_import()
 */
void gss_peer_delete(struct gss_ctx *ctx)
{
	const struct gss_api_ops *ops = ctx->mech_type->gm_ops;

	if (ctx->internal_ctx_id)
		ops->gss_delete_sec_context(ctx->internal_ctx_id);
	gss_mech_put(ctx->mech_type);
	kfree(ctx);
}

/**
 * gss_peer_msg_alloc() - a message of random bytes in pages
 * @m: the message
 * @size: its payload's length
 *
 * Return: 0 or -ENOMEM, with nothing left to free.
 */
int gss_peer_msg_alloc(struct gss_peer_msg *m, u32 size)
{
	unsigned int i, left = size;

	memset(m, 0, sizeof(*m));
	m->size = size;
	m->npages = DIV_ROUND_UP(size, PAGE_SIZE);
	m->pages = kcalloc(m->npages, sizeof(*m->pages), GFP_KERNEL);
	m->head = kmalloc(HEAD_ROOM, GFP_KERNEL);
	m->tail = kmalloc(TAIL_ROOM, GFP_KERNEL);
	if (!m->pages || !m->head || !m->tail)
		goto fail;
	for (i = 0; i < m->npages; i++, left -= PAGE_SIZE) {
		m->pages[i] = alloc_page(GFP_KERNEL);
		if (!m->pages[i])
			goto fail;
		get_random_bytes(page_address(m->pages[i]),
				 min_t(unsigned int, left, PAGE_SIZE));
	}
	gss_peer_msg_reset(m);
	return 0;
fail:
	gss_peer_msg_free(m);
	return -ENOMEM;
}

/**
 * gss_peer_msg_free() - free a message
 * @m: the message, allocated or partly allocated
 */
void gss_peer_msg_free(struct gss_peer_msg *m)
{
	unsigned int i;

	for (i = 0; m->pages && i < m->npages; i++)
		if (m->pages[i])
			__free_page(m->pages[i]);
	kfree(m->pages);
	kfree(m->tail);
	kfree(m->head);
	memset(m, 0, sizeof(*m));
}

/**
 * gss_peer_msg_reset() - the payload alone again, as before a wrap
 * @m: the message
 *
 * A wrap grows the head and the tail, an unwrap shrinks them; the bytes
 * of the payload are whatever the last call left.
 */
void gss_peer_msg_reset(struct gss_peer_msg *m)
{
	struct xdr_buf *b = &m->buf;

	memset(b, 0, sizeof(*b));
	b->head[0].iov_base = m->head;
	b->tail[0].iov_base = m->tail;
	b->pages = m->pages;
	b->page_len = m->size;
	b->buflen = HEAD_ROOM + m->npages * PAGE_SIZE + TAIL_ROOM;
	b->len = m->size;
}

/**
 * gss_peer_get_mic() - gss_get_mic() of a message's payload
 * @ctx: the context
 * @m: the message
 * @mic: receives the token; .len is the room at .data on entry
 *
 * Return: a GSS major status.
 */
u32 gss_peer_get_mic(struct gss_ctx *ctx, struct gss_peer_msg *m,
		     struct xdr_netobj *mic)
{
	return ctx->mech_type->gm_ops->gss_get_mic(ctx, &m->buf, mic);
}

/**
 * gss_peer_verify_mic() - gss_verify_mic() of a message's payload
 * @ctx: the context
 * @m: the message
 * @mic: the token
 *
 * Return: a GSS major status.
 */
u32 gss_peer_verify_mic(struct gss_ctx *ctx, struct gss_peer_msg *m,
			struct xdr_netobj *mic)
{
	return ctx->mech_type->gm_ops->gss_verify_mic(ctx, &m->buf, mic);
}

/**
 * gss_peer_wrap() - gss_wrap() of a message, in place
 * @ctx: the context
 * @m: the message, reset
 *
 * In place as an NFS server wraps a reply (svcauth_gss_wrap_priv()):
 * the payload's pages are both the plaintext and the ciphertext.
 *
 * Return: a GSS major status.
 */
u32 gss_peer_wrap(struct gss_ctx *ctx, struct gss_peer_msg *m)
{
	return ctx->mech_type->gm_ops->gss_wrap(ctx, 0, &m->buf, m->pages);
}

/**
 * gss_peer_unwrap() - gss_unwrap() of a wrapped message, in place
 * @ctx: the context
 * @m: the message, as gss_peer_wrap() left it
 *
 * Return: a GSS major status.
 */
u32 gss_peer_unwrap(struct gss_ctx *ctx, struct gss_peer_msg *m)
{
	return ctx->mech_type->gm_ops->gss_unwrap(ctx, 0, m->buf.len, &m->buf);
}
