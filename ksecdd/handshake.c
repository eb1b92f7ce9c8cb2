// SPDX-License-Identifier: GPL-2.0
/*
 * Handshakes: the native layer under AcceptSecurityContext() and
 * InitializeSecurityContextW().
 *
 * Each leg is one request to the broker of the credential's network
 * namespace (broker.c).  While the handshake goes on, the caller's handle
 * names a partial context: a key of the module keyring whose context
 * holds the credential and the broker's session (ctx->hs), and which no
 * call but the next leg and DeleteSecurityContext() accepts.  When a leg
 * completes, the broker's raw packed context is imported (trusted: it
 * comes from the attached broker, not from the caller) and put behind
 * the partial context's key, under the same handle: a caller that passes
 * the same handle as phContext and phNewContext, as Windows callers do,
 * keeps it.  A one-leg handshake publishes the established context
 * under a new handle.  A leg that fails deletes the partial context, whose
 * last reference RELEASEs the broker's session: a failed handshake leaves
 * nothing behind.
 *
 * A leg's output token is placed only once everything else has
 * succeeded, so a caller's buffer too small fails the leg before any key
 * appears.
 */

#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include <ksecdd/ksecdd.h>

#include "broker.h"
#include "buffer.h"
#include "context.h"
#include "cred.h"
#include "handshake.h"
#include "stats.h"

/*
 * A handshake must complete within this many seconds of its first leg:
 * its partial context then expires, a later leg gets
 * SEC_E_CONTEXT_EXPIRED, and the key collector reaps the context with
 * its broker session.  So a client that goes away mid-handshake leaves
 * nothing behind for good, even with a caller that never deletes what it
 * began.
 */
VISIBLE_IF_KUNIT unsigned int ksecdd_handshake_lifetime =
	KSECDD_HANDSHAKE_LIFETIME;
EXPORT_SYMBOL_IF_KUNIT(ksecdd_handshake_lifetime);
module_param_named(handshake_lifetime, ksecdd_handshake_lifetime, uint, 0644);
MODULE_PARM_DESC(handshake_lifetime,
		 "seconds a handshake may take from its first leg before its partial context expires (default 300, at least 1)");

/**
 * ksecdd_handshake_free() - a partial context's handshake is over
 * @hs: the handshake; the broker forgets its session unless it completed
 */
void ksecdd_handshake_free(struct ksecdd_handshake *hs)
{
	ksecdd_broker_release(hs->cred->net, hs->session);
	ksecdd_cred_put(hs->cred);
	kfree(hs);
}

/* One leg in the making. */
struct leg_state {
	u8 role;
	struct ksecdd_cred *cred;
	struct ksecdd_context *partial;
	struct ksecdd_broker_msg msg;
	/* where the output token goes, not yet given to the caller */
	void *out;
	bool allocated;
};

/*
 * Makes room for the answer's token: the caller's buffer, or one of ours
 * with ALLOCATE_MEMORY.  Nothing is written to the caller yet.
 */
static int reserve_token(struct leg_state *st, const struct ksecdd_leg *leg)
{
	u32 len = st->msg.out_token_len;

	if (leg->allocate) {
		if (!len)
			return 0;
		st->out = ksecdd_buffer_alloc(len);
		if (!st->out)
			return -ENOMEM;
		st->allocated = true;
		return 0;
	}
	if (len > leg->out_room)
		return -ENOBUFS;
	st->out = leg->out;
	return 0;
}

static void unreserve_token(struct leg_state *st)
{
	if (st->allocated)
		ksecdd_buffer_free(st->out);
	st->out = NULL;
	st->allocated = false;
}

/* The leg succeeded: the caller gets its token, attributes and expiry. */
static void give_token(struct leg_state *st, struct ksecdd_leg *leg)
{
	u32 len = st->msg.out_token_len;

	if (len)
		memcpy(st->out, st->msg.out_token, len);
	leg->out_len = len;
	if (leg->allocate)
		leg->out = st->out;
	leg->attrs = st->msg.attrs;
	if (st->allocated)
		leg->attrs |= st->role == KSECDD_ROLE_ACCEPTOR ?
			      ASC_RET_ALLOCATED_MEMORY :
			      ISC_RET_ALLOCATED_MEMORY;
	leg->expiry = st->msg.expiry;
}

/* A first leg that continues: a new partial context for its handle. */
static int new_partial(struct leg_state *st, CtxtHandle *new_ctx)
{
	struct ksecdd_handshake *hs;
	struct ksecdd_context *ctx;
	int err;

	hs = kzalloc(sizeof(*hs), GFP_KERNEL);
	if (!hs)
		return -ENOMEM;
	ctx = ksecdd_context_alloc(st->cred->pkg, NULL, 0, NULL, 0);
	if (!ctx) {
		kfree(hs);
		return -ENOMEM;
	}
	kref_get(&st->cred->ref);
	hs->cred = st->cred;
	/* from now on the context's last put RELEASEs the session */
	hs->session = st->msg.answer_session;
	st->msg.answer_session = 0;
	ctx->hs = hs;
	ctx->role = st->role;
	ctx->start = ktime_get_real_seconds();
	ctx->expiry = ctx->start + max(READ_ONCE(ksecdd_handshake_lifetime), 1U);
	err = ksecdd_context_publish(ctx, NULL, 0, new_ctx);
	ksecdd_context_put(ctx);
	return err;
}

static int leg_continues(struct leg_state *st, CtxtHandle *new_ctx)
{
	if (!st->partial)
		return new_partial(st, new_ctx);
	/* only this leg touches hs: it holds KSECDD_CTX_BUSY */
	st->partial->hs->session = st->msg.answer_session;
	st->msg.answer_session = 0;
	new_ctx->dwLower = st->partial->serial;
	new_ctx->dwUpper = st->partial->tag;
	return 0;
}

static int leg_completes(struct leg_state *st, CtxtHandle *new_ctx)
{
	struct ksecdd_context *ctx;
	int err;

	/* the broker's handshake is over: nothing to RELEASE */
	if (st->partial)
		st->partial->hs->session = 0;
	ctx = ksecdd_import_trusted(st->msg.blob, st->msg.blob_len, st->role);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	if (st->partial) {
		err = ksecdd_context_replace(st->partial, ctx);
		if (!err) {
			new_ctx->dwLower = ctx->serial;
			new_ctx->dwUpper = ctx->tag;
		}
	} else {
		err = ksecdd_publish_context(ctx, new_ctx);
	}
	ksecdd_context_put(ctx);
	return err;
}

/* The broker answered SEC_E_OK or SEC_I_CONTINUE_NEEDED. */
static SECURITY_STATUS leg_done(struct leg_state *st, struct ksecdd_leg *leg,
				CtxtHandle *new_ctx)
{
	SECURITY_STATUS status = st->msg.result;
	CtxtHandle handle;
	int err;

	err = reserve_token(st, leg);
	if (!err)
		err = status == SEC_E_OK ? leg_completes(st, &handle) :
					   leg_continues(st, &handle);
	if (err) {
		unreserve_token(st);
		return ksecdd_status_from_errno(err);
	}
	give_token(st, leg);
	*new_ctx = handle;
	return status;
}

/* The partial context a later leg continues, held and marked busy. */
static int take_partial(struct leg_state *st, const CtxtHandle *ctxh)
{
	struct ksecdd_context *ctx = ksecdd_context_lookup(ctxh);
	int err;

	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	err = ksecdd_context_check_partial(ctx);
	if (!err && (!ctx->hs || ctx->role != st->role))
		err = -ENOKEY;
	/* two legs of one handshake at once: the second finds no handle */
	if (!err && test_and_set_bit(KSECDD_CTX_BUSY, &ctx->flags))
		err = -ENOKEY;
	if (err) {
		/* a handshake past its lifetime is over: nothing of it stays */
		if (err == -EKEYEXPIRED && ctx->hs)
			ksecdd_context_delete(ctx);
		ksecdd_context_put(ctx);
		return err;
	}
	st->partial = ctx;
	kref_get(&ctx->hs->cred->ref);
	st->cred = ctx->hs->cred;
	return 0;
}

static int take_cred(struct leg_state *st, const CredHandle *credh,
		     const CtxtHandle *ctxh)
{
	u32 need = st->role == KSECDD_ROLE_ACCEPTOR ? SECPKG_CRED_INBOUND :
						      SECPKG_CRED_OUTBOUND;
	int err;

	if (ctxh) {
		err = take_partial(st, ctxh);
	} else {
		st->cred = ksecdd_cred_get(credh);
		err = PTR_ERR_OR_ZERO(st->cred);
		if (err)
			st->cred = NULL;
	}
	if (!err && !(st->cred->use & need))
		err = -ENODATA;
	return err;
}

static void leg_end(struct leg_state *st, SECURITY_STATUS status)
{
	if (st->partial) {
		if (!SEC_SUCCESS(status))
			ksecdd_context_delete(st->partial);
		clear_bit(KSECDD_CTX_BUSY, &st->partial->flags);
		ksecdd_context_put(st->partial);
	}
	/* a session no context took */
	if (st->cred)
		ksecdd_broker_release(st->cred->net, st->msg.answer_session);
	ksecdd_broker_msg_free(&st->msg);
	ksecdd_cred_put(st->cred);
}

/*
 * A failure that came with a token for the peer (a KRB-ERROR): the caller
 * gets it when it asked for extended errors, as on Windows, and nothing
 * else of the leg.
 */
static void error_token(struct leg_state *st, struct ksecdd_leg *leg)
{
	bool acceptor = st->role == KSECDD_ROLE_ACCEPTOR;
	u32 extended = acceptor ? ASC_REQ_EXTENDED_ERROR :
				  ISC_REQ_EXTENDED_ERROR;

	if (!st->msg.out_token_len || !(leg->req & extended) ||
	    reserve_token(st, leg))
		return;
	give_token(st, leg);
	leg->attrs |= acceptor ? ASC_RET_EXTENDED_ERROR :
				 ISC_RET_EXTENDED_ERROR;
}

static SECURITY_STATUS run_leg(u8 role, const CredHandle *credh,
			       const CtxtHandle *ctxh, const char *target,
			       struct ksecdd_leg *leg, CtxtHandle *new_ctx)
{
	struct leg_state st = { .role = role };
	SECURITY_STATUS status;
	int err;

	if (!leg || !new_ctx || (!leg->in && leg->in_len) ||
	    (!leg->allocate && !leg->out && leg->out_room))
		return SEC_E_INVALID_PARAMETER;
	if (leg->in_len > KSECDD_BROKER_TOKEN_MAX)
		return SEC_E_INVALID_TOKEN;
	if (target && strlen(target) > KSECDD_PRINCIPAL_MAX)
		return SEC_E_INVALID_PARAMETER;

	err = take_cred(&st, credh, ctxh);
	if (err) {
		/* expired credentials; an expired partial context */
		status = err == -ENODATA ? SEC_E_NO_CREDENTIALS :
			 err == -EKEYEXPIRED ? SEC_E_CONTEXT_EXPIRED :
					       SEC_E_INVALID_HANDLE;
		goto out;
	}
	st.msg = (struct ksecdd_broker_msg){
		.op = role == KSECDD_ROLE_ACCEPTOR ? KSECDD_BROKER_ACCEPT :
						     KSECDD_BROKER_INIT,
		.mech = st.cred->mech,
		.cred_use = role == KSECDD_ROLE_ACCEPTOR ?
			    SECPKG_CRED_INBOUND : SECPKG_CRED_OUTBOUND,
		.context_req = leg->req,
		.uid = from_kuid(&init_user_ns, st.cred->uid),
		.gid = from_kgid(&init_user_ns, st.cred->gid),
		.session = st.partial ? st.partial->hs->session : 0,
		.principal = st.cred->principal,
		.principal_len = st.cred->principal_len,
		.target = target,
		.target_len = target ? strlen(target) : 0,
		.token = leg->in,
		.token_len = leg->in_len,
	};
	err = ksecdd_broker_call(st.cred->net, &st.msg);
	status = err ? ksecdd_status_from_errno(err) : st.msg.result;
	if (status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED)
		status = leg_done(&st, leg, new_ctx);
	else if (!err)
		error_token(&st, leg);
out:
	leg_end(&st, status);
	ksecdd_stats_refused(status);
	return status;
}

/**
 * ksecdd_accept() - one leg of AcceptSecurityContext()
 * @cred: an INBOUND (or BOTH) credentials handle; ignored on later legs
 * @ctx: NULL on the first leg; then the handle the previous leg gave
 * @leg: the client's token, where the answer goes, and what was asked
 * @new_ctx: receives the context's handle: a partial context's while the
 *	handshake continues (the same as @ctx on later legs), the established
 *	context's once it completes
 *
 * Context: process context; waits for the broker.
 * Return: a SECURITY_STATUS: SEC_E_OK (established), SEC_I_CONTINUE_NEEDED
 * (send @leg's output to the client, call again with its answer), or a
 * failure, after which nothing of the handshake is left, not even the
 * partial context @ctx named (Documentation/broker.rst lists them).  A
 * failure gives @leg's output only with ASC_REQ_EXTENDED_ERROR, when the
 * broker sent an error token for the client.
 */
SECURITY_STATUS ksecdd_accept(const CredHandle *cred, const CtxtHandle *ctx,
			      struct ksecdd_leg *leg, CtxtHandle *new_ctx)
{
	if (!ctx && (!leg || !leg->in_len))
		return SEC_E_INVALID_TOKEN;
	return run_leg(KSECDD_ROLE_ACCEPTOR, cred, ctx, NULL, leg, new_ctx);
}
EXPORT_SYMBOL_NS_GPL(ksecdd_accept, KSECDD_NS);

/**
 * ksecdd_initialize() - one leg of InitializeSecurityContextW()
 * @cred: an OUTBOUND (or BOTH) credentials handle; ignored on later legs
 * @ctx: NULL on the first leg; then the handle the previous leg gave
 * @target: the service's name (SPN), UTF-8: "cifs/host.example.com" or
 *	"cifs@host"; required on the first leg
 * @leg: the server's token (none on the first leg), where the answer goes,
 *	and what was asked
 * @new_ctx: receives the context's handle, as for ksecdd_accept()
 *
 * Context: process context; waits for the broker.
 * Return: as ksecdd_accept().
 */
SECURITY_STATUS ksecdd_initialize(const CredHandle *cred,
				  const CtxtHandle *ctx, const char *target,
				  struct ksecdd_leg *leg, CtxtHandle *new_ctx)
{
	if (!ctx && (!target || !*target))
		return SEC_E_INVALID_PARAMETER;
	return run_leg(KSECDD_ROLE_INITIATOR, cred, ctx, target, leg, new_ctx);
}
EXPORT_SYMBOL_NS_GPL(ksecdd_initialize, KSECDD_NS);
