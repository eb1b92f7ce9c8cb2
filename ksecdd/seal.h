/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_SEAL_H
#define _KSECDD_SEAL_H

#include <linux/types.h>

#include "packed.h"

int ksecdd_seal(struct ksecdd_packed_header *hdr, u8 *blob, size_t len);
int ksecdd_unseal(const struct ksecdd_packed_header *hdr, u8 *blob,
		  size_t len);
int ksecdd_seal_init(void);
void ksecdd_seal_exit(void);

#if IS_ENABLED(CONFIG_KUNIT)
int ksecdd_seal_select(const char *name);
struct key *ksecdd_seal_keyring(void);
#endif

#endif /* _KSECDD_SEAL_H */
