// SPDX-License-Identifier: GPL-2.0
/*
 * The SecBufferDesc of a message, checked once for every package.
 */

#include <linux/errno.h>
#include <linux/string.h>

#include "secbuffer.h"

/**
 * ksecdd_msg_buffers() - check a message's buffers and find them by type
 * @desc: the message, as the caller gave it
 * @mb: filled with the first TOKEN, STREAM, PADDING and DATA buffer, or
 *	NULL for a type the message does not have
 *
 * Return: 0, or -EINVAL for a descriptor of another version, or a buffer
 * with a length and no memory.
 */
int ksecdd_msg_buffers(SecBufferDesc *desc, struct ksecdd_msg_buffers *mb)
{
	unsigned int i;

	memset(mb, 0, sizeof(*mb));
	if (desc->ulVersion != SECBUFFER_VERSION ||
	    (desc->cBuffers && !desc->pBuffers))
		return -EINVAL;
	for (i = 0; i < desc->cBuffers; i++) {
		SecBuffer *b = &desc->pBuffers[i];

		if (b->cbBuffer && !b->pvBuffer)
			return -EINVAL;
		switch (b->BufferType & ~SECBUFFER_ATTRMASK) {
		case SECBUFFER_TOKEN:
			mb->token = mb->token ?: b;
			break;
		case SECBUFFER_STREAM:
			mb->stream = mb->stream ?: b;
			break;
		case SECBUFFER_PADDING:
			mb->padding = mb->padding ?: b;
			break;
		case SECBUFFER_DATA:
			mb->data = mb->data ?: b;
			break;
		}
	}
	return 0;
}
