// SPDX-License-Identifier: GPL-2.0
/*
 * The Kerberos package: RFC 4121 contexts over the RFC 3962 and RFC 8009
 * encryption types.
 *
 * The state is what RFC 4121 message protection needs: the encryption
 * type, the context key, the acceptor subkey when the acceptor asserted
 * one, and the sequence numbers of both directions with their initial
 * values, which a RESET_NEW export goes back to.
 */

#include <linux/slab.h>

#include "context.h"
#include "kerberos.h"

#define KRB5_MAX_TOKEN		48000

/* RFC 4121 key usages */
#define KG_USAGE_ACCEPTOR_SEAL	22
#define KG_USAGE_ACCEPTOR_SIGN	23
#define KG_USAGE_INITIATOR_SEAL	24
#define KG_USAGE_INITIATOR_SIGN	25

struct krb5_enctype {
	u32 enctype;
	u32 cksumtype;
	u32 key_bits;
	u32 hmac_len;
	const char *enc_name;
	const char *cksum_name;
};

static const struct krb5_enctype krb5_enctypes[] = {
	{ KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA1_96, 15, 128, 12,
	  "aes128-cts-hmac-sha1-96", "hmac-sha1-96-aes128" },
	{ KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA1_96, 16, 256, 12,
	  "aes256-cts-hmac-sha1-96", "hmac-sha1-96-aes256" },
	{ KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA256_128, 19, 128, 16,
	  "aes128-cts-hmac-sha256-128", "hmac-sha256-128-aes128" },
	{ KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192, 20, 256, 24,
	  "aes256-cts-hmac-sha384-192", "hmac-sha384-192-aes256" },
};

static const struct krb5_enctype *krb5_enctype(const struct ksecdd_context *ctx)
{
	const struct ksecdd_krb5_state *st = ctx->state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(krb5_enctypes); i++)
		if (krb5_enctypes[i].enctype == st->p.enctype)
			return &krb5_enctypes[i];
	/* The codec admits no other enctype. */
	return &krb5_enctypes[0];
}

/**
 * ksecdd_krb5_key() - the key that protects a context's messages
 * @p: the context's Kerberos state as packed
 *
 * Return: the acceptor's subkey if it sent one, else the session key.
 */
const u8 *ksecdd_krb5_key(const struct ksecdd_packed_krb5 *p)
{
	if (p->flags & KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG)
		return p->acceptor_subkey;
	return p->key;
}

static void krb5_free_state(struct ksecdd_krb5_state *st)
{
	ksecdd_krb5_usage_free(&st->seal_out);
	ksecdd_krb5_usage_free(&st->sign_out);
	ksecdd_krb5_usage_free(&st->seal_in);
	ksecdd_krb5_usage_free(&st->sign_in);
	kfree_sensitive(st);
}

/*
 * Key the four usages once, so that no message allocates a transform but
 * the first integrity-only Wrap token each way, which keys its seal
 * usage's Kc (krb5_wrap.c).
 */
static int krb5_import(struct ksecdd_context *ctx,
		       const struct ksecdd_packed_ctx *packed)
{
	bool acceptor = ctx->role == KSECDD_ROLE_ACCEPTOR;
	u32 out_seal = acceptor ? KG_USAGE_ACCEPTOR_SEAL :
				  KG_USAGE_INITIATOR_SEAL;
	u32 in_seal = acceptor ? KG_USAGE_INITIATOR_SEAL :
				 KG_USAGE_ACCEPTOR_SEAL;
	struct ksecdd_krb5_state *st;
	struct ksecdd_krb5_kdf kdf;
	int err;

	/* Datagram contexts number their messages by MessageSeqNo: not done */
	if (ctx->attrs & ISC_RET_DATAGRAM)
		return -EOPNOTSUPP;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->p = packed->krb5;
	atomic64_set(&st->send_seq, st->p.send_seq);
	/*
	 * Which numbers below recv_seq arrived is not exported: take them
	 * all as seen, so that an imported context accepts no replay.
	 */
	st->recv_seen = ~0ULL;
	err = ksecdd_krb5_kdf_init(&kdf, st->p.enctype,
				   ksecdd_krb5_key(&st->p));
	if (err)
		goto fail;
	/* each sign usage follows its seal usage */
	err = ksecdd_krb5_usage_init(&st->seal_out, &kdf, out_seal, true) ?:
	      ksecdd_krb5_usage_init(&st->sign_out, &kdf, out_seal + 1,
				     false) ?:
	      ksecdd_krb5_usage_init(&st->seal_in, &kdf, in_seal, true) ?:
	      ksecdd_krb5_usage_init(&st->sign_in, &kdf, in_seal + 1, false);
	ksecdd_krb5_kdf_free(&kdf);
	if (err)
		goto fail;
	ctx->state = st;
	return 0;
fail:
	krb5_free_state(st);
	return err;
}

static void krb5_export(const struct ksecdd_context *ctx,
			struct ksecdd_packed_ctx *packed, bool reset)
{
	const struct ksecdd_krb5_state *st = ctx->state;
	struct ksecdd_packed_krb5 *krb5 = &packed->krb5;

	*krb5 = st->p;
	krb5->send_seq = atomic64_read(&st->send_seq);
	if (reset) {
		krb5->send_seq = krb5->send_seq_initial;
		krb5->recv_seq = krb5->recv_seq_initial;
	}
}

static void krb5_free(struct ksecdd_context *ctx)
{
	krb5_free_state(ctx->state);
}

static void krb5_sizes(const struct ksecdd_context *ctx,
		       SecPkgContext_Sizes *sizes)
{
	u32 hmac_len = krb5_enctype(ctx)->hmac_len;

	sizes->cbMaxToken = KRB5_MAX_TOKEN;
	sizes->cbMaxSignature = KSECDD_KRB5_HDR_LEN + hmac_len;
	sizes->cbBlockSize = 1;
	sizes->cbSecurityTrailer = ksecdd_krb5_seal_trailer(ctx);
}

static void krb5_key_info(const struct ksecdd_context *ctx,
			  struct ksecdd_key_info *info)
{
	const struct krb5_enctype *et = krb5_enctype(ctx);

	info->signature_name = et->cksum_name;
	info->encrypt_name = et->enc_name;
	info->key_size = et->key_bits;
	info->signature_algorithm = et->cksumtype;
	info->encrypt_algorithm = et->enctype;
}

static void krb5_session_key(const struct ksecdd_context *ctx,
			     const u8 **key, u32 *len)
{
	const struct ksecdd_krb5_state *st = ctx->state;

	*len = ksecdd_krb5_key_len(st->p.enctype);
	*key = ksecdd_krb5_key(&st->p);
}

/*
 * The checksum key of an integrity-only Wrap token, made the first time
 * one is sent (@op encrypt) or received (decrypt).
 */
static int krb5_message_keys(struct ksecdd_context *ctx,
			     enum ksecdd_message_op op)
{
	struct ksecdd_krb5_state *st = ctx->state;

	return ksecdd_krb5_usage_cksum(op == KSECDD_MSG_ENCRYPT ?
				       &st->seal_out : &st->seal_in,
				       ksecdd_krb5_key(&st->p));
}

static const struct ksecdd_package_ops krb5_ops = {
	.import		= krb5_import,
	.export		= krb5_export,
	.free		= krb5_free,
	.sizes		= krb5_sizes,
	.key_info	= krb5_key_info,
	.session_key	= krb5_session_key,
	.sign		= ksecdd_krb5_sign,
	.verify		= ksecdd_krb5_verify,
	.encrypt	= ksecdd_krb5_encrypt_message,
	.decrypt	= ksecdd_krb5_decrypt_message,
	.message_keys	= krb5_message_keys,
	/* pre-keyed shash and sync skcipher, requests on the stack */
	.messages_atomic = true,
};

/*
 * What the package does, which is Windows' word less DATAGRAM: datagram
 * contexts, numbered by the caller's MessageSeqNo, are not imported.
 */
const struct ksecdd_package ksecdd_kerberos_package = {
	.name		= MICROSOFT_KERBEROS_NAME,
	.comment	= "Microsoft Kerberos V1.0",
	.capabilities	= SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY |
			  SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_CONNECTION |
			  SECPKG_FLAG_MULTI_REQUIRED |
			  SECPKG_FLAG_EXTENDED_ERROR |
			  SECPKG_FLAG_IMPERSONATION |
			  SECPKG_FLAG_ACCEPT_WIN32_NAME |
			  SECPKG_FLAG_NEGOTIABLE | SECPKG_FLAG_GSS_COMPATIBLE |
			  SECPKG_FLAG_LOGON | SECPKG_FLAG_MUTUAL_AUTH |
			  SECPKG_FLAG_DELEGATION |
			  SECPKG_FLAG_READONLY_WITH_CHECKSUM,
	.version	= 1,
	.rpcid		= RPC_C_AUTHN_GSS_KERBEROS,
	.max_token	= KRB5_MAX_TOKEN,
	.cost		= 8448,
	.id		= KSECDD_PACKAGE_KERBEROS,
	.ops		= &krb5_ops,
};
