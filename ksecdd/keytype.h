/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_KEYTYPE_H
#define _KSECDD_KEYTYPE_H

#include <linux/key-type.h>

extern struct key_type ksecdd_key_type;
extern struct key *ksecdd_keyring;

int ksecdd_keytype_init(void);
void ksecdd_keytype_exit(void);

#endif /* _KSECDD_KEYTYPE_H */
