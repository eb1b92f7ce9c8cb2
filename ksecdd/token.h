/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSECDD_TOKEN_H
#define _KSECDD_TOKEN_H

#include <linux/cred.h>

#include "packed.h"

bool ksecdd_may_assign_identity(const struct ksecdd_packed_ctx *packed);
bool ksecdd_may_assign_token(const struct cred *token);
const struct cred *
ksecdd_token_from_identity(const struct ksecdd_packed_ctx *packed);
int ksecdd_identity_from_token(const struct cred *token,
			       struct ksecdd_packed_ctx *packed);

#endif /* _KSECDD_TOKEN_H */
