// SPDX-License-Identifier: GPL-2.0
/*
 * Memory handed to SSPI callers, which they give back through
 * FreeContextBuffer().
 *
 * Every such buffer is recorded by address, so that freeing a pointer
 * ksecdd did not hand out, or one already freed, is refused with an error
 * instead of corrupting the heap.  Buffers may hold secrets (session keys)
 * and are zeroed when freed.  FreeContextBuffer() may be called from a
 * softirq, hence a registry whose lock disables bottom halves.
 */

#include <linux/slab.h>
#include <linux/xarray.h>

#include "buffer.h"

static DEFINE_XARRAY_FLAGS(ksecdd_buffers, XA_FLAGS_LOCK_BH);

/**
 * ksecdd_buffer_alloc() - allocate a zeroed buffer for an SSPI caller
 * @size: its size in bytes
 *
 * Return: the buffer, to be freed with ksecdd_buffer_free(), or NULL.
 */
void *ksecdd_buffer_alloc(size_t size)
{
	void *buf = kzalloc(size, GFP_KERNEL);

	if (!buf)
		return NULL;
	if (xa_insert_bh(&ksecdd_buffers, (unsigned long)buf, buf,
			 GFP_KERNEL)) {
		kfree(buf);
		return NULL;
	}
	return buf;
}

/**
 * ksecdd_buffer_free() - free a buffer from ksecdd_buffer_alloc()
 * @buf: the buffer
 *
 * Context: any context but hard interrupt.
 * Return: 0, or -EINVAL if @buf is not a live buffer of ours.
 */
int ksecdd_buffer_free(void *buf)
{
	if (!xa_erase_bh(&ksecdd_buffers, (unsigned long)buf))
		return -EINVAL;
	kfree_sensitive(buf);
	return 0;
}

/* Buffers callers never gave back die with the module. */
void ksecdd_buffer_exit(void)
{
	unsigned long index;
	void *buf;

	xa_for_each(&ksecdd_buffers, index, buf) {
		xa_erase_bh(&ksecdd_buffers, index);
		kfree_sensitive(buf);
	}
}
