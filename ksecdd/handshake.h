/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_HANDSHAKE_H
#define _KSECDD_HANDSHAKE_H

#include <linux/types.h>

struct ksecdd_cred;

/*
 * What a partial context knows of its handshake: the broker's session,
 * which its last free RELEASEs unless the handshake completed, and the
 * credential, which it holds.
 */
struct ksecdd_handshake {
	struct ksecdd_cred *cred;
	u64 session;
};

/* Default of the handshake_lifetime module parameter, in seconds. */
#define KSECDD_HANDSHAKE_LIFETIME	300

void ksecdd_handshake_free(struct ksecdd_handshake *hs);

#if IS_ENABLED(CONFIG_KUNIT)
extern unsigned int ksecdd_handshake_lifetime;
#endif

#endif /* _KSECDD_HANDSHAKE_H */
