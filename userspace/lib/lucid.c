// SPDX-License-Identifier: GPL-2.0
/*
 * Raw packed contexts from MIT krb5 lucid contexts.
 *
 * A daemon that established a Kerberos context with MIT's GSS-API takes
 * it apart with gss_krb5_export_lucid_sec_context() (version 1) and hands
 * the lucid structure here.  Only CFX contexts (RFC 4121, protocol 1) with
 * the AES enctypes the module speaks are accepted: RFC 1964 contexts
 * carry DES or RC4 keys, which ksecdd does not implement.
 *
 * Only MIT's header is used, for the structure's layout and the GSS_C_*
 * flag values; libksecdd does not link libgssapi_krb5.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi_krb5.h>

#include "libksecdd.h"
#include "internal.h"

/*
 * Delegation, mutual authentication, replay and sequence detection and
 * confidentiality have the same bits in GSS-API, ISC_RET_* and ASC_RET_*;
 * integrity does not.
 */
#define SAME_FLAGS	(GSS_C_DELEG_FLAG | GSS_C_MUTUAL_FLAG | \
			 GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG | \
			 GSS_C_CONF_FLAG)

_Static_assert(SAME_FLAGS == 0x1f, "GSS_C_* flags are RFC 2744's");
_Static_assert((KSECDD_ISC_RET_DELEGATE | KSECDD_ISC_RET_MUTUAL_AUTH |
		KSECDD_ISC_RET_REPLAY_DETECT | KSECDD_ISC_RET_SEQUENCE_DETECT |
		KSECDD_ISC_RET_CONFIDENTIALITY) == SAME_FLAGS &&
	       (KSECDD_ASC_RET_DELEGATE | KSECDD_ASC_RET_MUTUAL_AUTH |
		KSECDD_ASC_RET_REPLAY_DETECT | KSECDD_ASC_RET_SEQUENCE_DETECT |
		KSECDD_ASC_RET_CONFIDENTIALITY) == SAME_FLAGS,
	       "ISC_RET_* and ASC_RET_* have GSS-API's bits");

/**
 * ksecdd_sspi_flags() - the ISC_RET_* or ASC_RET_* bits of GSS-API flags
 * @gss_flags: GSS_C_*_FLAG, as gss_inquire_context() gives them
 * @initiator: ISC_RET_* for an initiator, ASC_RET_* for an acceptor
 *
 * Return: the bits.
 */
uint32_t ksecdd_sspi_flags(uint32_t gss_flags, bool initiator)
{
	u32 flags = gss_flags & SAME_FLAGS;

	if (gss_flags & GSS_C_INTEG_FLAG)
		flags |= initiator ? KSECDD_ISC_RET_INTEGRITY :
				     KSECDD_ASC_RET_INTEGRITY;
	/* the Wrap token layout Windows has for DCE: one bit for both roles */
	if (gss_flags & GSS_C_DCE_STYLE)
		flags |= initiator ? KSECDD_ISC_RET_USED_DCE_STYLE :
				     KSECDD_ASC_RET_USED_DCE_STYLE;
	return flags;
}

/* Copies @key into @out after checking it fits the context's enctype. */
static int copy_key(struct ksecdd_error *e, const char *what,
		    const gss_krb5_lucid_key_t *key, u32 enctype, u8 *out)
{
	unsigned int len = ksecdd_krb5_key_len(enctype);

	if (key->type != enctype)
		return ksecdd_fail(e, "%s has enctype %u, the context %u",
				   what, key->type, enctype);
	if (key->length != len || !key->data)
		return ksecdd_fail(e, "%s is %u bytes long; enctype %u takes %u",
				   what, key->length, enctype, len);
	memcpy(out, key->data, len);
	return 0;
}

/*
 * Tokens are made with the acceptor's subkey once the acceptor asserted
 * one (RFC 4121 section 2), so the context's enctype is the subkey's.
 * RFC 4537 lets the acceptor choose an enctype other than the context
 * key's, as MIT does by default when the ticket's session key is not the
 * acceptor's first choice: a context key of another enctype plays no part
 * in tokens and cannot be carried, so KEY then repeats the subkey.
 */
static int keys(struct ksecdd_error *e,
		const gss_krb5_lucid_context_v1_t *lucid,
		struct ksecdd_packed_krb5 *k)
{
	const gss_krb5_cfx_keydata_t *cfx = &lucid->cfx_kd;
	const gss_krb5_lucid_key_t *ctx_key = &cfx->ctx_key;

	k->enctype = cfx->have_acceptor_subkey ? cfx->acceptor_subkey.type :
						 ctx_key->type;
	if (!ksecdd_krb5_key_len(k->enctype))
		return ksecdd_fail(e, "enctype %u is not supported (17, 18, 19 "
				   "or 20)", k->enctype);
	if (!cfx->have_acceptor_subkey)
		return copy_key(e, "the context key", ctx_key, k->enctype,
				k->key);
	k->flags |= KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG;
	if (copy_key(e, "the acceptor subkey", &cfx->acceptor_subkey,
		     k->enctype, k->acceptor_subkey))
		return -1;
	if (ctx_key->type != k->enctype)
		ctx_key = &cfx->acceptor_subkey;
	return copy_key(e, "the context key", ctx_key, k->enctype, k->key);
}

static int convert(struct ksecdd_error *e,
		   const gss_krb5_lucid_context_v1_t *lucid,
		   const struct ksecdd_lucid_info *info,
		   struct ksecdd_packed_ctx *c)
{
	if (lucid->version != 1)
		return ksecdd_fail(e, "lucid context version %u; only 1 is "
				   "known", lucid->version);
	if (lucid->protocol == 0)
		return ksecdd_fail(e, "an RFC 1964 context (protocol 0, DES or "
				   "RC4 keys); only CFX contexts (RFC 4121) "
				   "are supported");
	if (lucid->protocol != 1)
		return ksecdd_fail(e, "unknown lucid protocol %u",
				   lucid->protocol);

	c->package = KSECDD_PACKAGE_KERBEROS;
	c->role = lucid->initiate ? KSECDD_ROLE_INITIATOR :
				    KSECDD_ROLE_ACCEPTOR;
	c->flags = ksecdd_sspi_flags(info->gss_flags, lucid->initiate);
	/* krb5 timestamps are unsigned 32-bit seconds, past 2038 */
	ksecdd_set_lifespan(c, (u32)lucid->endtime);
	c->krb5.send_seq_initial = lucid->send_seq;
	c->krb5.send_seq = lucid->send_seq;
	c->krb5.recv_seq_initial = lucid->recv_seq;
	c->krb5.recv_seq = lucid->recv_seq;
	if (keys(e, lucid, &c->krb5) ||
	    ksecdd_set_name(e, "client", info->client,
			    info->client ? strlen(info->client) : 0,
			    &c->client_name, &c->client_name_len) ||
	    ksecdd_set_name(e, "server", info->server,
			    info->server ? strlen(info->server) : 0,
			    &c->server_name, &c->server_name_len))
		return -1;
	return ksecdd_set_identity(e, info, c);
}

/**
 * ksecdd_raw_from_lucid() - build a raw packed context from a lucid one
 * @lucid: from gss_krb5_export_lucid_sec_context(), version 1
 * @info: names, GSS flags and identity; NULL for none
 * @blob: receives the blob, to be freed with free() once zeroed
 * @len: receives its length
 * @error: receives a message saying what was refused
 * @error_len: room at @error
 *
 * Return: 0, or -1 with errno EINVAL (and @error set) or ENOMEM.
 */
int ksecdd_raw_from_lucid(const struct gss_krb5_lucid_context_v1 *lucid,
			  const struct ksecdd_lucid_info *info, void **blob,
			  size_t *len, char *error, size_t error_len)
{
	static const struct ksecdd_lucid_info none;
	struct ksecdd_error e = { error, error_len };
	struct ksecdd_packed_ctx *c;
	int ret = -1;

	if (!lucid || !blob || !len)
		return ksecdd_fail(&e, "no lucid context");
	c = calloc(1, sizeof(*c));
	if (!c) {
		errno = ENOMEM;
		return -1;
	}
	if (convert(&e, lucid, info ?: &none, c))
		goto out;
	ret = ksecdd_raw_finish(&e, c, blob, len);
out:
	/* the context keys were copied here */
	explicit_bzero(c, sizeof(*c));
	free(c);
	return ret;
}
