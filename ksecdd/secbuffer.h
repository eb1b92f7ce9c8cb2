/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_SECBUFFER_H
#define _KSECDD_SECBUFFER_H

#include <ksecdd/sspi.h>

/*
 * A message's buffers by type, the first of each: what a package's
 * MakeSignature, VerifySignature, EncryptMessage and DecryptMessage look
 * for.  A message may have many DATA buffers, which the package walks
 * itself; buffers of other types are left alone, as Windows does.
 */
struct ksecdd_msg_buffers {
	SecBuffer *token;
	SecBuffer *stream;
	SecBuffer *padding;
	SecBuffer *data;
};

int ksecdd_msg_buffers(SecBufferDesc *desc, struct ksecdd_msg_buffers *mb);

static inline bool ksecdd_is_data(const SecBuffer *b)
{
	return (b->BufferType & ~SECBUFFER_ATTRMASK) == SECBUFFER_DATA;
}

#endif /* _KSECDD_SECBUFFER_H */
