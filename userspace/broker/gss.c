// SPDX-License-Identifier: GPL-2.0
/*
 * The legs of a handshake with MIT krb5's GSS-API, and the raw packed
 * context a finished one becomes.
 *
 * Acceptor legs run in the broker itself, with keys of the keytab;
 * initiator legs and outbound acquires run only in a child process that
 * is the user (user.c), with that user's credentials cache.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_ext.h>
#include <gssapi/gssapi_krb5.h>
#include <krb5/krb5.h>

#include "broker.h"
#include "../lib/libksecdd.h"

/* 1.3.6.1.5.5.2, RFC 4178 */
static gss_OID_desc spnego_oid = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };
/* 1.3.6.1.4.1.311.2.2.10, gss-ntlmssp's NTLMSSP */
static gss_OID_desc ntlmssp_oid = {
	10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"
};

static gss_OID mech_oid(uint32_t mech)
{
	switch (mech) {
	case KSECDD_BROKER_MECH_KERBEROS:
		return (gss_OID)gss_mech_krb5;
	case KSECDD_BROKER_MECH_NEGOTIATE:
		return &spnego_oid;
	case KSECDD_BROKER_MECH_NTLM:
		return &ntlmssp_oid;
	}
	return GSS_C_NO_OID;
}

static bool is_ntlmssp(gss_const_OID oid)
{
	return oid && oid->length == ntlmssp_oid.length &&
	       !memcmp(oid->elements, ntlmssp_oid.elements, oid->length);
}

/* NTLM is on when the configuration names gss-ntlmssp's user file. */
static uint32_t ntlm_enabled(const struct broker_config *c,
			     struct broker_result *r)
{
	if (c->ntlm_user_file)
		return 0;
	broker_result_fail(r, KSECDD_SEC_E_SECPKG_NOT_FOUND,
			   "NTLM is off (no ntlm_user_file in the configuration)");
	return r->status;
}

/*
 * Delegation, mutual authentication, replay and sequence detection and
 * confidentiality have the same bits in GSS-API and ISC_REQ_*; integrity
 * and DCE style do not.  libksecdd's ksecdd_sspi_flags() maps the
 * answer's GSS-API flags back to ISC_RET_* and ASC_RET_*.
 */
#define SAME_FLAGS	(GSS_C_DELEG_FLAG | GSS_C_MUTUAL_FLAG | \
			 GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG | \
			 GSS_C_CONF_FLAG)

/* The GSS-API flags an initiator asks for, from its ISC_REQ_* bits. */
OM_uint32 broker_gss_req_flags(uint32_t req)
{
	OM_uint32 flags = req & SAME_FLAGS;

	if (req & BROKER_ISC_REQ_INTEGRITY)
		flags |= GSS_C_INTEG_FLAG;
	if (req & BROKER_ISC_REQ_USE_DCE_STYLE)
		flags |= GSS_C_DCE_STYLE;
	return flags;
}

/*
 * A name as gss_display_name() shows it, but without the empty realm
 * of a host-based name whose realm the KDC found by referral: the
 * context does not say which it was.
 */
static char *name_text(gss_name_t name)
{
	gss_buffer_desc text;
	OM_uint32 minor;
	size_t n;
	char *s;

	if (name == GSS_C_NO_NAME ||
	    GSS_ERROR(gss_display_name(&minor, name, &text, NULL)))
		return NULL;
	n = text.length;
	if (n > 1 && ((char *)text.value)[n - 1] == '@')
		n--;
	s = strndup(text.value, n);
	gss_release_buffer(&minor, &text);
	return s;
}

/*
 * One DER tag and length at @p, whose value must fit in @end; returns
 * the value's start, or NULL.
 */
static const unsigned char *der(const unsigned char *p,
				const unsigned char *end, unsigned char tag,
				size_t *len)
{
	size_t n, i;

	if (end - p < 2 || *p++ != tag)
		return NULL;
	n = *p++;
	if (n & 0x80) {
		i = n & 0x7f;
		if (!i || i > 4 || (size_t)(end - p) < i)
			return NULL;
		for (n = 0; i; i--)
			n = n << 8 | *p++;
	}
	if ((size_t)(end - p) < n)
		return NULL;
	*len = n;
	return p;
}

/* A whole DER value of @tag, nothing after it. */
static bool der_whole(const unsigned char *p, const unsigned char *end,
		      unsigned char tag)
{
	size_t len;

	p = der(p, end, tag, &len);
	return p && p + len == end;
}

/*
 * Whether a token that GSS-API refused without a precise reason has the
 * shape of one of the mechanism's tokens at all: an initial context
 * token (RFC 2743 3.1) of krb5 (an AP-REQ, RFC 4121 4.1) or of SPNEGO
 * (a NegTokenInit, RFC 4178 4.2), a raw AP-REQ (DCE style), a raw
 * NegTokenResp, or an NTLMSSP message a client sends (MS-NLMP 2.2.1).
 * One that has not is a malformed token; one that has failed for what it
 * says.
 */
static bool token_shaped(const void *token, size_t len)
{
	const unsigned char *p = token, *end = p + len, *inner;
	size_t n, oid_len;

	/* an NTLMSSP message: its signature, then NEGOTIATE or AUTHENTICATE */
	if (len >= 12 && !memcmp(p, "NTLMSSP", 8))
		return (p[8] == 1 || p[8] == 3) && !p[9] && !p[10] && !p[11];
	if (len && (*p == 0x6e || *p == 0xa1))
		return der_whole(p, end, *p);
	inner = der(p, end, 0x60, &n);
	if (!inner || inner + n != end)
		return false;
	p = der(inner, end, 0x06, &oid_len);
	if (!p)
		return false;
	inner = p + oid_len;
	if (oid_len == gss_mech_krb5->length &&
	    !memcmp(p, gss_mech_krb5->elements, oid_len))
		return end - inner > 2 && inner[0] == 0x01 && inner[1] == 0x00 &&
		       der_whole(inner + 2, end, 0x6e);
	if (oid_len == spnego_oid.length &&
	    !memcmp(p, spnego_oid.elements, oid_len))
		return der_whole(inner, end, 0xa0);
	return false;
}

static uint32_t import_name(struct broker_result *r, enum broker_step step,
			    const char *text, gss_OID type, gss_name_t *name)
{
	gss_buffer_desc buf = { strlen(text), (void *)text };
	OM_uint32 major, minor;

	major = gss_import_name(&minor, &buf, type, name);
	if (GSS_ERROR(major))
		broker_gss_fail(r, step, "gss_import_name", major, minor);
	return GSS_ERROR(major) ? r->status : 0;
}

/* The token for the peer, which may go with a failure too. */
static int take_token(struct broker_result *r, gss_buffer_t out)
{
	OM_uint32 minor;

	if (out->length) {
		r->token = malloc(out->length);
		if (!r->token) {
			gss_release_buffer(&minor, out);
			return -1;
		}
		memcpy(r->token, out->value, out->length);
		r->token_len = out->length;
	}
	gss_release_buffer(&minor, out);
	return 0;
}

/* What gss_inquire_context() says of a finished context. */
struct finished {
	struct ksecdd_lucid_info info;
	gss_name_t src;
	gss_OID mech;
	OM_uint32 lifetime;
};

/*
 * The status of a converter's result (@err, with errno and @error set on
 * failure): a context the kernel cannot hold is refused as unsupported,
 * with the converter's reason in the log.
 */
static void converted(struct broker_result *r, int err, const char *error)
{
	if (!err)
		r->status = KSECDD_SEC_E_OK;
	else if (errno == ENOMEM)
		broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
				   "out of memory");
	else
		broker_result_fail(r, KSECDD_SEC_E_UNSUPPORTED_FUNCTION,
				   "the context cannot be imported: %s", error);
}

/*
 * The raw packed context of a finished Kerberos handshake: names and
 * flags from gss_inquire_context(), the keys from the lucid export (which
 * deletes the context), and for an acceptor the mapped identity.
 */
static uint32_t pack_krb5(gss_ctx_id_t *ctx, struct ksecdd_lucid_info *info,
			  struct broker_result *r)
{
	gss_krb5_lucid_context_v1_t *lucid;
	OM_uint32 major, minor;
	void *out = NULL;
	char error[256];

	major = gss_krb5_export_lucid_sec_context(&minor, ctx, 1, &out);
	if (GSS_ERROR(major)) {
		broker_gss_fail(r, BROKER_STEP_ACCEPT,
				"gss_krb5_export_lucid_sec_context", major,
				minor);
		r->status = KSECDD_SEC_E_INTERNAL_ERROR;
		return r->status;
	}
	lucid = out;
	r->expiry = lucid->endtime;
	converted(r, ksecdd_raw_from_lucid(out, info, &r->blob, &r->blob_len,
					   error, sizeof(error)), error);
	gss_krb5_free_lucid_sec_context(&minor, out);
	return r->status;
}

/*
 * An NTLM context, as gss-ntlmssp exports it (gss_export_sec_context(),
 * which deletes the context; through SPNEGO, the mechanism's context).
 */
static uint32_t pack_ntlm(gss_ctx_id_t *ctx, const struct finished *f,
			  struct broker_result *r)
{
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor;
	char error[256];

	major = gss_export_sec_context(&minor, ctx, &token);
	if (GSS_ERROR(major)) {
		broker_gss_fail(r, BROKER_STEP_ACCEPT,
				"gss_export_sec_context", major, minor);
		r->status = KSECDD_SEC_E_INTERNAL_ERROR;
		return r->status;
	}
	r->expiry = f->lifetime == GSS_C_INDEFINITE ? BROKER_EXPIRY_NEVER :
		    time(NULL) + f->lifetime;
	converted(r, ksecdd_raw_from_ntlmssp(token.value, token.length,
					     &f->info, &r->blob, &r->blob_len,
					     error, sizeof(error)), error);
	explicit_bzero(token.value, token.length);
	gss_release_buffer(&minor, &token);
	return r->status;
}

static uint32_t pack(gss_ctx_id_t *ctx, struct finished *f,
		     struct broker_result *r)
{
	if (is_ntlmssp(f->mech))
		return pack_ntlm(ctx, f, r);
	return pack_krb5(ctx, &f->info, r);
}

/*
 * The names, flags, lifetime and the mechanism that was used, which for
 * SPNEGO is the one it negotiated.
 */
static uint32_t inquire(gss_ctx_id_t ctx, struct finished *f,
			struct broker_result *r)
{
	struct ksecdd_lucid_info *info = &f->info;
	gss_name_t targ = GSS_C_NO_NAME;
	OM_uint32 major, minor, flags;
	bool ntlm;

	/*
	 * The mechanism first: gss-ntlmssp 1.2.0 crashes copying the
	 * target of an acceptor whose credentials named no server, and its
	 * export has the names the converter falls back on.
	 */
	major = gss_inquire_context(&minor, ctx, NULL, NULL, &f->lifetime,
				    &f->mech, &flags, NULL, NULL);
	ntlm = is_ntlmssp(f->mech);
	if (!GSS_ERROR(major))
		major = gss_inquire_context(&minor, ctx, &f->src,
					    ntlm ? NULL : &targ, NULL, NULL,
					    NULL, NULL, NULL);
	if (GSS_ERROR(major)) {
		broker_gss_fail(r, BROKER_STEP_ACCEPT, "gss_inquire_context",
				major, minor);
		r->status = KSECDD_SEC_E_INTERNAL_ERROR;
		return r->status;
	}
	info->client = name_text(f->src);
	info->server = name_text(targ);
	info->gss_flags = flags;
	gss_release_name(&minor, &targ);
	if (!info->client || (!ntlm && !info->server)) {
		broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
				   "the context's names cannot be displayed");
		return r->status;
	}
	return 0;
}

static void free_info(struct ksecdd_lucid_info *info)
{
	free((char *)info->client);
	free((char *)info->server);
}

struct broker_accept {
	gss_ctx_id_t ctx;
	gss_cred_id_t cred;
	uint32_t mech;
	bool ntlm;	/* NTLM, or SPNEGO that chose it */
};

/*
 * Whether SPNEGO's answer chose NTLMSSP: its supportedMech (RFC 4178
 * 4.2.2), the OID in DER, which nothing else in a NegTokenResp that
 * carries an NTLMSSP CHALLENGE can hold.
 */
static bool chose_ntlm(const void *token, size_t len)
{
	unsigned char oid[12] = { 0x06, 10 };

	memcpy(oid + 2, ntlmssp_oid.elements, ntlmssp_oid.length);
	return len && memmem(token, len, oid, sizeof(oid));
}

/*
 * gss-ntlmssp's failures say little (an unknown user is EACCES, a wrong
 * password GSS_S_FAILURE): an NTLMSSP message that failed is a logon
 * refused, anything else a malformed token.
 */
static void ntlm_status(struct broker_result *r, const void *token,
			size_t len)
{
	r->status = token_shaped(token, len) ? KSECDD_SEC_E_LOGON_DENIED :
					       KSECDD_SEC_E_INVALID_TOKEN;
}

void broker_accept_free(struct broker_accept *s)
{
	OM_uint32 minor;

	if (!s)
		return;
	gss_delete_sec_context(&minor, &s->ctx, GSS_C_NO_BUFFER);
	gss_release_cred(&minor, &s->cred);
	free(s);
}

/*
 * gss-ntlmssp's acceptor credentials: no name (the server's own), no
 * credential store (given one, it would make user credentials); the
 * users come from NTLM_USER_FILE (broker_config_environment()).
 */
static uint32_t ntlm_acceptor_cred(const struct broker_config *c,
				   gss_cred_id_t *cred,
				   struct broker_result *r)
{
	gss_OID_set_desc mechs = { 1, &ntlmssp_oid };
	OM_uint32 major, minor;

	if (ntlm_enabled(c, r))
		return r->status;
	major = gss_acquire_cred(&minor, GSS_C_NO_NAME, GSS_C_INDEFINITE,
				 &mechs, GSS_C_ACCEPT, cred, NULL, NULL);
	if (GSS_ERROR(major)) {
		broker_gss_fail(r, BROKER_STEP_ACCEPT,
				"NTLM acceptor credentials", major, minor);
		return r->status;
	}
	return 0;
}

/*
 * What SPNEGO may negotiate: krb5, and NTLM when it is on, whatever
 * mechanisms MIT's configuration has (a gss-ntlmssp installed for
 * others offers nothing here).
 */
static uint32_t negotiate_mechs(const struct broker_config *c,
				gss_cred_id_t cred, struct broker_result *r)
{
	gss_OID_desc both[2] = { *gss_mech_krb5, ntlmssp_oid };
	gss_OID_set_desc mechs = { c->ntlm_user_file ? 2 : 1, both };
	OM_uint32 major, minor;

	major = gss_set_neg_mechs(&minor, cred, &mechs);
	if (GSS_ERROR(major)) {
		broker_gss_fail(r, BROKER_STEP_ACCEPT, "gss_set_neg_mechs",
				major, minor);
		return r->status;
	}
	return 0;
}

/*
 * Acceptor credentials: the keytab's keys for @principal, or any.  With
 * NTLM on, SPNEGO's credentials are acquired without a credential store,
 * which would make gss-ntlmssp's user credentials, not an acceptor's:
 * the keytab is then the krb5 mechanism's default acceptor keytab.
 */
static uint32_t acceptor_cred(const struct broker_config *c,
			      struct broker_accept *s, const char *principal,
			      struct broker_result *r)
{
	gss_key_value_element_desc element = { "keytab", c->keytab };
	gss_key_value_set_desc store = { 1, &element };
	gss_const_key_value_set_t from = c->keytab ? &store :
					 GSS_C_NO_CRED_STORE;
	gss_OID_set_desc mechs = { 1, mech_oid(s->mech) };
	bool negotiate = s->mech == KSECDD_BROKER_MECH_NEGOTIATE;
	gss_name_t name = GSS_C_NO_NAME;
	OM_uint32 major, minor, ignored;

	if (s->mech == KSECDD_BROKER_MECH_NTLM)
		return ntlm_acceptor_cred(c, &s->cred, r);
	if (negotiate && c->ntlm_user_file && c->keytab) {
		major = krb5_gss_register_acceptor_identity(c->keytab);
		if (GSS_ERROR(major)) {
			broker_result_fail(r, KSECDD_SEC_E_INTERNAL_ERROR,
					   "the keytab %s as krb5's acceptor keytab",
					   c->keytab);
			return r->status;
		}
		from = GSS_C_NO_CRED_STORE;
	}
	if (!principal || !*principal)
		principal = c->principal;
	if (principal && import_name(r, BROKER_STEP_ACCEPT, principal,
				     GSS_KRB5_NT_PRINCIPAL_NAME, &name))
		return r->status;
	major = gss_acquire_cred_from(&minor, name, GSS_C_INDEFINITE, &mechs,
				      GSS_C_ACCEPT, from, &s->cred, NULL,
				      NULL);
	gss_release_name(&ignored, &name);
	if (GSS_ERROR(major)) {
		broker_gss_fail(r, BROKER_STEP_ACCEPT,
				"acceptor credentials (gss_acquire_cred_from)",
				major, minor);
		return r->status;
	}
	return negotiate ? negotiate_mechs(c, s->cred, r) : 0;
}

static int map_client(const struct broker_config *c, struct finished *f,
		      struct broker_identity *id, char *error, size_t len)
{
	if (is_ntlmssp(f->mech))
		return broker_map_ntlm(c, f->info.client, id, error, len);
	return broker_map_principal(c, f->src, f->info.client, id, error, len);
}

static uint32_t accept_done(const struct broker_config *c,
			    struct broker_accept *s, struct broker_result *r)
{
	struct finished f = { .src = GSS_C_NO_NAME };
	struct ksecdd_lucid_info *info = &f.info;
	struct broker_identity id = { 0 };
	OM_uint32 minor;
	char error[384];

	if (inquire(s->ctx, &f, r))
		goto out;
	if (map_client(c, &f, &id, error, sizeof(error))) {
		broker_result_fail(r, errno == ENOMEM ?
				   KSECDD_SEC_E_INSUFFICIENT_MEMORY :
				   KSECDD_SEC_E_LOGON_DENIED, "%s", error);
		goto out;
	}
	info->has_identity = true;
	info->uid = id.uid;
	info->gid = id.gid;
	info->groups = id.groups;
	info->ngroups = id.ngroups;
	r->attrs = ksecdd_sspi_flags(info->gss_flags, false);
	if (!pack(&s->ctx, &f, r))
		broker_log(LOG_DEBUG, "accepted %s as %s (uid %u) for %s, %s",
			   info->client, id.account, (unsigned int)id.uid,
			   info->server ?: "(NTLM)",
			   is_ntlmssp(f.mech) ? "NTLM" : "Kerberos");
out:
	free(id.groups);
	free_info(info);
	gss_release_name(&minor, &f.src);
	return r->status;
}

/**
 * broker_accept_leg() - one leg of an acceptor's handshake
 * @c: the configuration (keytab, default principal, mapping)
 * @session: the handshake, NULL on its first leg; kept for the next
 *	leg on SEC_I_CONTINUE_NEEDED, freed and NULL otherwise
 * @mech: KSECDD_BROKER_MECH_*
 * @principal: the acceptor's principal, or NULL or "" for the default
 * @token: the initiator's token
 * @token_len: its length
 * @r: the answer
 *
 * Return: @r->status.
 */
uint32_t broker_accept_leg(const struct broker_config *c,
			   struct broker_accept **session, uint32_t mech,
			   const char *principal, const void *token,
			   size_t token_len, struct broker_result *r)
{
	gss_buffer_desc in = { token_len, (void *)token };
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	gss_cred_id_t deleg = GSS_C_NO_CREDENTIAL;
	struct broker_accept *s = *session;
	OM_uint32 major, minor, ignored;
	int32_t code;

	if (!s) {
		if (mech_oid(mech) == GSS_C_NO_OID) {
			broker_result_fail(r, KSECDD_SEC_E_SECPKG_NOT_FOUND,
					   "no mechanism %u", mech);
			return r->status;
		}
		s = calloc(1, sizeof(*s));
		if (!s) {
			broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
					   "out of memory");
			return r->status;
		}
		s->mech = mech;
		s->ntlm = mech == KSECDD_BROKER_MECH_NTLM;
		if (acceptor_cred(c, s, principal, r))
			goto done;
	}
	major = gss_accept_sec_context(&minor, &s->ctx, s->cred, &in,
				       GSS_C_NO_CHANNEL_BINDINGS, NULL, NULL,
				       &out, NULL, NULL, &deleg);
	/* a delegated TGT would be the kernel caller's to use: dropped */
	gss_release_cred(&ignored, &deleg);
	if (take_token(r, &out)) {
		broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
				   "out of memory");
		goto done;
	}
	if (GSS_ERROR(major)) {
		code = broker_gss_fail(r, BROKER_STEP_ACCEPT,
				       "gss_accept_sec_context", major, minor);
		if (s->ntlm)
			ntlm_status(r, token, token_len);
		else if (!broker_krb5_status(BROKER_STEP_ACCEPT, code) &&
			 !token_shaped(token, token_len))
			r->status = KSECDD_SEC_E_INVALID_TOKEN;
		goto done;
	}
	if (major & GSS_S_CONTINUE_NEEDED) {
		if (s->mech == KSECDD_BROKER_MECH_NEGOTIATE && !s->ntlm)
			s->ntlm = chose_ntlm(r->token, r->token_len);
		r->status = KSECDD_SEC_I_CONTINUE_NEEDED;
		*session = s;
		return r->status;
	}
	accept_done(c, s, r);
done:
	broker_accept_free(s);
	*session = NULL;
	return r->status;
}

struct broker_init {
	gss_ctx_id_t ctx;
	gss_cred_id_t cred;
	gss_name_t target;
	uint32_t mech;
	OM_uint32 flags;
};

void broker_init_free(struct broker_init *s)
{
	OM_uint32 minor;

	if (!s)
		return;
	gss_delete_sec_context(&minor, &s->ctx, GSS_C_NO_BUFFER);
	gss_release_cred(&minor, &s->cred);
	gss_release_name(&minor, &s->target);
	free(s);
}

/*
 * "cifs/host.example.com" (with or without a realm) is a krb5
 * principal name, "cifs@host.example.com" a host-based service.
 */
static uint32_t init_start(struct broker_init *s, const char *principal,
			   const char *target, struct broker_result *r)
{
	gss_OID_set_desc mechs = { 1, (gss_OID)gss_mech_krb5 };
	gss_OID type = GSS_KRB5_NT_PRINCIPAL_NAME;
	gss_name_t name = GSS_C_NO_NAME;
	OM_uint32 major, minor, ignored;

	if (!target || !*target) {
		broker_result_fail(r, KSECDD_SEC_E_TARGET_UNKNOWN,
				   "no target name");
		return r->status;
	}
	if (strchr(target, '@') && !strchr(target, '/'))
		type = GSS_C_NT_HOSTBASED_SERVICE;
	if (import_name(r, BROKER_STEP_INIT, target, type, &s->target))
		return r->status;
	if (!principal || !*principal)
		return 0;
	if (import_name(r, BROKER_STEP_ACQUIRE_OUT, principal,
			GSS_KRB5_NT_PRINCIPAL_NAME, &name))
		return r->status;
	major = gss_acquire_cred(&minor, name, GSS_C_INDEFINITE, &mechs,
				 GSS_C_INITIATE, &s->cred, NULL, NULL);
	gss_release_name(&ignored, &name);
	if (GSS_ERROR(major)) {
		broker_gss_fail(r, BROKER_STEP_ACQUIRE_OUT,
				"initiator credentials", major, minor);
		return r->status;
	}
	return 0;
}

static uint32_t init_done(struct broker_init *s, struct broker_result *r)
{
	struct finished f = { .src = GSS_C_NO_NAME };
	OM_uint32 minor;

	if (!inquire(s->ctx, &f, r)) {
		r->attrs = ksecdd_sspi_flags(f.info.gss_flags, true);
		/* the kernel asks for no NTLM initiator; SPNEGO chose krb5 */
		if (is_ntlmssp(f.mech))
			broker_result_fail(r, KSECDD_SEC_E_UNSUPPORTED_FUNCTION,
					   "SPNEGO chose NTLM for an initiator");
		else
			pack_krb5(&s->ctx, &f.info, r);
	}
	free_info(&f.info);
	gss_release_name(&minor, &f.src);
	return r->status;
}

/**
 * broker_init_leg() - one leg of an initiator's handshake, as this process
 * @session: the handshake, NULL on its first leg; kept for the next
 *	leg on SEC_I_CONTINUE_NEEDED, freed and NULL otherwise
 * @mech: KSECDD_BROKER_MECH_*
 * @principal: the initiator's principal, or NULL or "" for the default
 *	credentials cache's
 * @target: the SPN
 * @context_req: ISC_REQ_*
 * @token: the acceptor's answer; none on the first leg
 * @token_len: its length
 * @r: the answer
 *
 * Return: @r->status.
 */
uint32_t broker_init_leg(struct broker_init **session, uint32_t mech,
			 const char *principal, const char *target,
			 uint32_t context_req, const void *token,
			 size_t token_len, struct broker_result *r)
{
	gss_buffer_desc in = { token_len, (void *)token };
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	struct broker_init *s = *session;
	OM_uint32 major, minor;

	if (!s) {
		if (mech_oid(mech) == GSS_C_NO_OID) {
			broker_result_fail(r, KSECDD_SEC_E_SECPKG_NOT_FOUND,
					   "no mechanism %u", mech);
			return r->status;
		}
		s = calloc(1, sizeof(*s));
		if (!s) {
			broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
					   "out of memory");
			return r->status;
		}
		s->mech = mech;
		s->flags = broker_gss_req_flags(context_req);
		if (init_start(s, principal, target, r))
			goto done;
	} else if (!token_len) {
		broker_result_fail(r, KSECDD_SEC_E_INVALID_TOKEN,
				   "no token from the acceptor");
		goto done;
	}
	major = gss_init_sec_context(&minor, s->cred, &s->ctx, s->target,
				     mech_oid(s->mech), s->flags, 0,
				     GSS_C_NO_CHANNEL_BINDINGS,
				     s->ctx == GSS_C_NO_CONTEXT ?
				     GSS_C_NO_BUFFER : &in,
				     NULL, &out, NULL, NULL);
	if (take_token(r, &out)) {
		broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
				   "out of memory");
		goto done;
	}
	if (GSS_ERROR(major)) {
		broker_gss_fail(r, BROKER_STEP_INIT, "gss_init_sec_context",
				major, minor);
		goto done;
	}
	if (major & GSS_S_CONTINUE_NEEDED) {
		r->status = KSECDD_SEC_I_CONTINUE_NEEDED;
		*session = s;
		return r->status;
	}
	init_done(s, r);
done:
	broker_init_free(s);
	*session = NULL;
	return r->status;
}

static uint32_t krb5_fail(struct broker_result *r, krb5_context ctx,
			  const char *what, krb5_error_code code)
{
	const char *msg = krb5_get_error_message(ctx, code);
	uint32_t status = broker_krb5_status(BROKER_STEP_ACQUIRE_IN, code);

	broker_result_fail(r, status ?: KSECDD_SEC_E_NO_CREDENTIALS,
			   "%s: %s", what, msg);
	krb5_free_error_message(ctx, msg);
	return r->status;
}

static krb5_error_code first_principal(krb5_context ctx, krb5_keytab kt,
				       krb5_principal *princ)
{
	krb5_keytab_entry entry;
	krb5_kt_cursor cursor;
	krb5_error_code code;

	code = krb5_kt_start_seq_get(ctx, kt, &cursor);
	if (code)
		return code;
	code = krb5_kt_next_entry(ctx, kt, &entry, &cursor);
	krb5_kt_end_seq_get(ctx, kt, &cursor);
	if (code)
		return code;
	code = krb5_copy_principal(ctx, entry.principal, princ);
	krb5_free_keytab_entry_contents(ctx, &entry);
	return code;
}

static uint32_t keytab_principal(krb5_context ctx, krb5_keytab kt,
				 const char *principal,
				 struct broker_result *r)
{
	krb5_principal princ = NULL;
	krb5_keytab_entry entry;
	krb5_error_code code;
	char *text = NULL;

	if (principal) {
		code = krb5_parse_name(ctx, principal, &princ);
		if (code)
			return krb5_fail(r, ctx, principal, code);
		code = krb5_kt_get_entry(ctx, kt, princ, 0, 0, &entry);
		if (!code)
			krb5_free_keytab_entry_contents(ctx, &entry);
	} else {
		code = first_principal(ctx, kt, &princ);
	}
	if (!code)
		code = krb5_unparse_name(ctx, princ, &text);
	krb5_free_principal(ctx, princ);
	if (code)
		return krb5_fail(r, ctx, principal ?: "the keytab's first key",
				 code);
	r->name = strdup(text);
	krb5_free_unparsed_name(ctx, text);
	if (!r->name) {
		broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
				   "out of memory");
		return r->status;
	}
	r->expiry = BROKER_EXPIRY_NEVER;
	r->status = KSECDD_SEC_E_OK;
	return 0;
}

/* NTLM inbound: NTLM is on and gss-ntlmssp gives acceptor credentials. */
static uint32_t ntlm_inbound(const struct broker_config *c,
			     struct broker_result *r)
{
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	OM_uint32 minor;

	if (ntlm_acceptor_cred(c, &cred, r))
		return r->status;
	gss_release_cred(&minor, &cred);
	r->expiry = BROKER_EXPIRY_NEVER;
	r->status = KSECDD_SEC_E_OK;
	return 0;
}

/**
 * broker_acquire_inbound() - check acceptor credentials exist
 * @c: the configuration (keytab, default principal, NTLM)
 * @mech: KSECDD_BROKER_MECH_*: NTLM needs NTLM on, the others keys in
 *	the keytab for the principal
 * @principal: the principal, or NULL or "" for the default; nothing for
 *	NTLM, whose acceptor is the host
 * @r: the answer: @r->name the principal (none for NTLM), @r->expiry
 *	BROKER_EXPIRY_NEVER
 *
 * Return: @r->status.
 */
uint32_t broker_acquire_inbound(const struct broker_config *c,
				uint32_t mech, const char *principal,
				struct broker_result *r)
{
	krb5_context ctx;
	krb5_keytab kt;
	krb5_error_code code;

	if (mech == KSECDD_BROKER_MECH_NTLM)
		return ntlm_inbound(c, r);

	code = krb5_init_context(&ctx);
	if (code) {
		broker_result_fail(r, KSECDD_SEC_E_INTERNAL_ERROR,
				   "krb5_init_context: error %d", code);
		return r->status;
	}
	if (!principal || !*principal)
		principal = c->principal;
	code = c->keytab ? krb5_kt_resolve(ctx, c->keytab, &kt) :
			   krb5_kt_default(ctx, &kt);
	if (code) {
		krb5_fail(r, ctx, "the keytab", code);
	} else {
		keytab_principal(ctx, kt, principal, r);
		krb5_kt_close(ctx, kt);
	}
	krb5_free_context(ctx);
	return r->status;
}

/**
 * broker_acquire_outbound() - this process's initiator credentials
 * @principal: the principal, or NULL or "" for the default cache's
 * @r: the answer: @r->name the principal, @r->expiry when its TGT ends
 *
 * Return: @r->status.
 */
uint32_t broker_acquire_outbound(const char *principal,
				 struct broker_result *r)
{
	gss_OID_set_desc mechs = { 1, (gss_OID)gss_mech_krb5 };
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	gss_name_t name = GSS_C_NO_NAME;
	OM_uint32 major, minor, ignored, lifetime = 0;

	if (principal && *principal &&
	    import_name(r, BROKER_STEP_ACQUIRE_OUT, principal,
			GSS_KRB5_NT_PRINCIPAL_NAME, &name))
		return r->status;
	major = gss_acquire_cred(&minor, name, GSS_C_INDEFINITE, &mechs,
				 GSS_C_INITIATE, &cred, NULL, NULL);
	gss_release_name(&ignored, &name);
	if (!GSS_ERROR(major))
		major = gss_inquire_cred(&minor, cred, &name, &lifetime, NULL,
					 NULL);
	if (GSS_ERROR(major)) {
		broker_gss_fail(r, BROKER_STEP_ACQUIRE_OUT,
				"initiator credentials", major, minor);
		goto out;
	}
	if (!lifetime) {
		broker_result_fail(r, KSECDD_SEC_E_NO_CREDENTIALS,
				   "the credentials have expired");
		goto out;
	}
	r->name = name_text(name);
	if (!r->name) {
		broker_result_fail(r, KSECDD_SEC_E_INSUFFICIENT_MEMORY,
				   "out of memory");
		goto out;
	}
	r->expiry = lifetime == GSS_C_INDEFINITE ? BROKER_EXPIRY_NEVER :
						   time(NULL) + lifetime;
	r->status = KSECDD_SEC_E_OK;
out:
	gss_release_name(&minor, &name);
	gss_release_cred(&minor, &cred);
	return r->status;
}
