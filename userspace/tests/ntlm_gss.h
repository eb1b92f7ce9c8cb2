/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gss-ntlmssp contexts established in one process, for the host tests and
 * ntlm_peer.  The account is the one of NTLM_USER_FILE (DOMAIN:USER:PASS,
 * as kunit/lib.sh ntlmssp_env writes it); GSS_MECH_CONFIG names
 * gss-ntlmssp's module.
 */
#ifndef NTLM_GSS_H
#define NTLM_GSS_H

#include <stdbool.h>
#include <gssapi/gssapi.h>

struct ntlm_pair {
	gss_ctx_id_t init;
	gss_ctx_id_t acc;
};

/*
 * How a pair is made: through SPNEGO or NTLMSSP itself, and with
 * gss-ntlmssp's LM_COMPAT_LEVEL (-1: its default, 3), which at 0 leaves
 * out extended session security.
 */
struct ntlm_how {
	bool spnego;
	int lm_compat_level;
};

extern gss_OID_desc ntlm_gss_ntlmssp_oid;
extern gss_OID_desc ntlm_gss_spnego_oid;

int ntlm_gss_fail(const char *what, OM_uint32 major, OM_uint32 minor);
int ntlm_gss_establish(const struct ntlm_how *how, struct ntlm_pair *p);
void ntlm_gss_delete(struct ntlm_pair *p);
int ntlm_gss_export(gss_ctx_id_t *ctx, gss_buffer_t token);
/* The account: "DOMAIN\user", in a static buffer. */
const char *ntlm_gss_user(void);

#endif /* NTLM_GSS_H */
