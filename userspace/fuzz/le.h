/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Little-endian fields of packed blobs, for the fuzz programs that build
 * and take apart blobs byte by byte.
 */
#ifndef KSECDD_FUZZ_LE_H
#define KSECDD_FUZZ_LE_H

#include "../../ksecdd/packed.h"

static inline u16 get16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static inline void put16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static inline void put32(u8 *p, u32 v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

#endif /* KSECDD_FUZZ_LE_H */
