// SPDX-License-Identifier: GPL-2.0
/*
 * ImpersonateSecurityContext() and RevertSecurityContext(): a context's
 * token on the calling task.
 *
 * Impersonating puts the context's token (ctx->token, the client's
 * identity) on the task with override_creds() and records, per task,
 * what it replaced; reverting puts that back with revert_creds().  The
 * record is the task's own: only the task that impersonated can revert,
 * and it reverts with the handle it impersonated with.  Impersonations do
 * not nest (override_creds() would, but Windows replaces the thread's
 * token instead, and a half-way mix of the two helps nobody): a second
 * impersonation before the revert is refused.
 *
 * The task holds its own reference to the token while impersonating, so
 * deleting the context, or its key dying, does not end an impersonation
 * and does not stop the revert; a record is never reached through the
 * context.  A record left at module unload (its task never reverted) is
 * dropped, and its task keeps the token it has.
 */

#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include <ksecdd/ksecdd.h>

#include "context.h"
#include "impersonate.h"

struct ksecdd_impersonation {
	struct task_struct *task;
	const struct cred *saved;
	CtxtHandle handle;
};

/* Indexed by task: each task impersonates one context at most. */
static DEFINE_XARRAY(ksecdd_impersonations);

/**
 * ksecdd_impersonate() - put a context's token on the calling task
 * @handle: the context
 *
 * Context: process context; the caller reverts before it returns to
 * whatever called it, on this task, in the same nesting of
 * override_creds() calls.
 * Return: 0; -ENOKEY or -EKEYEXPIRED for a handle naming no usable
 * context; -ENOENT if the context has no token; -EALREADY if the task
 * impersonates already; -ENOMEM.
 */
int ksecdd_impersonate(const CtxtHandle *handle)
{
	struct ksecdd_impersonation *imp;
	struct ksecdd_context *ctx;
	int err;

	ctx = ksecdd_context_get(handle);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	err = -ENOENT;
	if (!ctx->token)
		goto out;
	err = -ENOMEM;
	imp = kzalloc(sizeof(*imp), GFP_KERNEL);
	if (!imp)
		goto out;
	imp->handle = *handle;
	err = xa_insert(&ksecdd_impersonations, (unsigned long)current, imp,
			GFP_KERNEL);
	if (err) {
		kfree(imp);
		if (err == -EBUSY)
			err = -EALREADY;
		goto out;
	}
	imp->task = get_task_struct(current);
	imp->saved = override_creds(ctx->token);
out:
	ksecdd_context_put(ctx);
	return err;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_impersonate, KSECDD_NS);

/**
 * ksecdd_revert() - end the calling task's impersonation
 * @handle: the context it impersonated, deleted since or not
 *
 * Context: process context, the task that impersonated.
 * Return: 0; -ENOENT if the task does not impersonate; -ENOKEY if it
 * impersonates another context.
 */
int ksecdd_revert(const CtxtHandle *handle)
{
	struct ksecdd_impersonation *imp;

	imp = xa_load(&ksecdd_impersonations, (unsigned long)current);
	if (!imp)
		return -ENOENT;
	if (!handle || handle->dwLower != imp->handle.dwLower ||
	    handle->dwUpper != imp->handle.dwUpper)
		return -ENOKEY;
	xa_erase(&ksecdd_impersonations, (unsigned long)current);
	revert_creds(imp->saved);
	put_task_struct(imp->task);
	kfree(imp);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(ksecdd_revert, KSECDD_NS);

/* Module exit: records whose tasks never reverted go. */
void ksecdd_impersonate_exit(void)
{
	struct ksecdd_impersonation *imp;
	unsigned long index;

	xa_for_each(&ksecdd_impersonations, index, imp) {
		xa_erase(&ksecdd_impersonations, index);
		put_cred(imp->saved);
		put_task_struct(imp->task);
		kfree(imp);
	}
}
