// SPDX-License-Identifier: GPL-2.0
/*
 * gss-ntlmssp contexts established in one process: see ntlm_gss.h.
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>

#include "ntlm_gss.h"

#define CTX_FLAGS	(GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG | \
			 GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG | \
			 GSS_C_INTEG_FLAG)

gss_OID_desc ntlm_gss_ntlmssp_oid = {
	10, "\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"
};

gss_OID_desc ntlm_gss_spnego_oid = { 6, "\x2b\x06\x01\x05\x05\x02" };

static char account[3][256];	/* domain, user, password */
static char user_text[520];

static void status_text(OM_uint32 code, int type, char *buf, size_t len)
{
	OM_uint32 minor, more = 0;
	gss_buffer_desc text;
	size_t n = 0;
	int ret;

	buf[0] = '\0';
	do {
		if (GSS_ERROR(gss_display_status(&minor, code, type,
						 GSS_C_NO_OID, &more, &text)))
			break;
		ret = snprintf(buf + n, len - n, "%s%.*s", n ? "; " : "",
			       (int)text.length, (char *)text.value);
		gss_release_buffer(&minor, &text);
		if (ret < 0 || (size_t)ret >= len - n)
			break;
		n += ret;
	} while (more);
}

int ntlm_gss_fail(const char *what, OM_uint32 major, OM_uint32 minor)
{
	char gss[256], mech[256];

	status_text(major, GSS_C_GSS_CODE, gss, sizeof(gss));
	status_text(minor, GSS_C_MECH_CODE, mech, sizeof(mech));
	fprintf(stderr, "ntlm_gss: %s: 0x%08x %s (%s)\n", what, major, gss,
		mech);
	return -1;
}

/* The first line of NTLM_USER_FILE: DOMAIN:USER:PASSWORD. */
static int read_account(void)
{
	const char *path = getenv("NTLM_USER_FILE");
	char line[800], *p, *q;
	FILE *f;

	if (account[1][0])
		return 0;
	if (!path || !getenv("GSS_MECH_CONFIG")) {
		fprintf(stderr, "ntlm_gss: NTLM_USER_FILE and GSS_MECH_CONFIG "
			"are not set (kunit/lib.sh ntlmssp_env)\n");
		return -1;
	}
	f = fopen(path, "r");
	if (!f || !fgets(line, sizeof(line), f)) {
		fprintf(stderr, "ntlm_gss: cannot read %s\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	p = strchr(line, ':');
	q = p ? strchr(p + 1, ':') : NULL;
	if (!q || p - line >= 256 || q - p > 256 || strlen(q + 1) >= 256) {
		fprintf(stderr, "ntlm_gss: %s: not DOMAIN:USER:PASSWORD\n",
			path);
		return -1;
	}
	*p = *q = '\0';
	strcpy(account[0], line);
	strcpy(account[1], p + 1);
	strcpy(account[2], q + 1);
	snprintf(user_text, sizeof(user_text), "%s\\%s", account[0],
		 account[1]);
	return 0;
}

const char *ntlm_gss_user(void)
{
	return read_account() ? NULL : user_text;
}

/*
 * Credentials of @mech; through SPNEGO limited to NTLMSSP, which is
 * what the test is about (and the host has no keytab for Kerberos).
 */
static int acquire(const struct ntlm_how *how, gss_cred_usage_t usage,
		   gss_cred_id_t *cred)
{
	gss_OID_set_desc mechs = { 1, how->spnego ? &ntlm_gss_spnego_oid :
						    &ntlm_gss_ntlmssp_oid };
	gss_OID_set_desc ntlm = { 1, &ntlm_gss_ntlmssp_oid };
	gss_buffer_desc pw = { strlen(account[2]), account[2] };
	gss_buffer_desc text = { strlen(user_text), user_text };
	gss_name_t name = GSS_C_NO_NAME;
	OM_uint32 major, minor;

	if (usage == GSS_C_INITIATE) {
		major = gss_import_name(&minor, &text, GSS_C_NT_USER_NAME,
					&name);
		if (GSS_ERROR(major))
			return ntlm_gss_fail("gss_import_name", major, minor);
		major = gss_acquire_cred_with_password(&minor, name, &pw,
						       GSS_C_INDEFINITE,
						       &mechs, usage, cred,
						       NULL, NULL);
		gss_release_name(&minor, &name);
	} else {
		major = gss_acquire_cred(&minor, GSS_C_NO_NAME,
					 GSS_C_INDEFINITE, &mechs, usage, cred,
					 NULL, NULL);
	}
	if (GSS_ERROR(major))
		return ntlm_gss_fail(usage == GSS_C_INITIATE ?
				     "initiator credentials" :
				     "acceptor credentials", major, minor);
	if (!how->spnego)
		return 0;
	major = gss_set_neg_mechs(&minor, *cred, &ntlm);
	if (GSS_ERROR(major))
		return ntlm_gss_fail("gss_set_neg_mechs", major, minor);
	return 0;
}

static int handshake(const struct ntlm_how *how, gss_cred_id_t icred,
		     gss_cred_id_t acred, struct ntlm_pair *p)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER, back = GSS_C_EMPTY_BUFFER;
	char service[] = "cifs@localhost";
	gss_buffer_desc target_text = { strlen(service), service };
	OM_uint32 imaj = GSS_S_CONTINUE_NEEDED, amaj = GSS_S_CONTINUE_NEEDED;
	OM_uint32 minor, ignored;
	gss_name_t target = GSS_C_NO_NAME;
	int round, ret = -1;

	imaj = gss_import_name(&minor, &target_text,
			       GSS_C_NT_HOSTBASED_SERVICE, &target);
	if (GSS_ERROR(imaj))
		return ntlm_gss_fail("gss_import_name", imaj, minor);
	imaj = GSS_S_CONTINUE_NEEDED;
	for (round = 0; round < 6 && (imaj == GSS_S_CONTINUE_NEEDED ||
				      amaj == GSS_S_CONTINUE_NEEDED); round++) {
		if (imaj == GSS_S_CONTINUE_NEEDED) {
			imaj = gss_init_sec_context(&minor, icred, &p->init,
						    target, how->spnego ?
						    &ntlm_gss_spnego_oid :
						    &ntlm_gss_ntlmssp_oid,
						    CTX_FLAGS, 0, NULL, &back,
						    NULL, &out, NULL, NULL);
			gss_release_buffer(&ignored, &back);
			if (GSS_ERROR(imaj)) {
				ntlm_gss_fail("gss_init_sec_context", imaj,
					      minor);
				goto out;
			}
		}
		if (!out.length)
			continue;
		amaj = gss_accept_sec_context(&minor, &p->acc, acred, &out,
					      NULL, NULL, NULL, &back, NULL,
					      NULL, NULL);
		gss_release_buffer(&ignored, &out);
		if (GSS_ERROR(amaj)) {
			ntlm_gss_fail("gss_accept_sec_context", amaj, minor);
			goto out;
		}
	}
	if (imaj != GSS_S_COMPLETE || amaj != GSS_S_COMPLETE) {
		fprintf(stderr, "ntlm_gss: the handshake did not complete\n");
		goto out;
	}
	ret = 0;
out:
	gss_release_buffer(&ignored, &back);
	gss_release_buffer(&ignored, &out);
	gss_release_name(&ignored, &target);
	return ret;
}

int ntlm_gss_establish(const struct ntlm_how *how, struct ntlm_pair *p)
{
	gss_cred_id_t icred = GSS_C_NO_CREDENTIAL, acred = GSS_C_NO_CREDENTIAL;
	OM_uint32 minor;
	char level[16];
	int ret = -1;

	p->init = GSS_C_NO_CONTEXT;
	p->acc = GSS_C_NO_CONTEXT;
	if (read_account())
		return -1;
	/* gss-ntlmssp reads it at each context's first step */
	if (how->lm_compat_level < 0) {
		unsetenv("LM_COMPAT_LEVEL");
	} else {
		snprintf(level, sizeof(level), "%d", how->lm_compat_level);
		setenv("LM_COMPAT_LEVEL", level, 1);
	}
	if (!acquire(how, GSS_C_INITIATE, &icred) &&
	    !acquire(how, GSS_C_ACCEPT, &acred))
		ret = handshake(how, icred, acred, p);
	gss_release_cred(&minor, &icred);
	gss_release_cred(&minor, &acred);
	if (ret)
		ntlm_gss_delete(p);
	return ret;
}

void ntlm_gss_delete(struct ntlm_pair *p)
{
	OM_uint32 minor;

	gss_delete_sec_context(&minor, &p->init, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&minor, &p->acc, GSS_C_NO_BUFFER);
}

/* gss_export_sec_context(), which deletes @ctx */
int ntlm_gss_export(gss_ctx_id_t *ctx, gss_buffer_t token)
{
	OM_uint32 major, minor;

	major = gss_export_sec_context(&minor, ctx, token);
	if (GSS_ERROR(major))
		return ntlm_gss_fail("gss_export_sec_context", major, minor);
	return 0;
}
