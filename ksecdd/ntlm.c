// SPDX-License-Identifier: GPL-2.0
/*
 * The NTLM package: MS-NLMP session security.
 *
 * The state is what MS-NLMP message protection needs: the negotiated
 * flags, the exported session key, and per direction the signing key, the
 * sealing key, the sequence number and, once messages went, the RC4
 * keystream state (ntlm_wrap.c protects the messages).  A RESET_NEW
 * export restarts both directions at sequence number 0 with a fresh
 * keystream from the sealing key.
 */

#include <linux/slab.h>

#include "context.h"
#include "ntlm.h"

/* Windows' SECPKG_ATTR_SIZES and SECPKG_ATTR_KEY_INFO for NTLM. */
#define NTLM_MAX_TOKEN		2888
#define NTLM_SIGNATURE_LEN	KSECDD_NTLM_SIGNATURE_LEN
#define NTLM_ALG_HMAC_MD5	0xffffff76
#define NTLM_ALG_RC4_CRC32	0xffffff7c
#define CALG_RC4		0x6801

/* Keys a direction's HMAC transform (extended session security only). */
static int stream_init(struct ksecdd_ntlm_stream *s,
		       struct ksecdd_packed_ntlm_dir *dir, bool ess)
{
	struct crypto_shash *hmac;

	s->dir = dir;
	if (!ess)
		return 0;
	hmac = crypto_alloc_shash("hmac(md5)", 0, 0);
	if (IS_ERR(hmac))
		return PTR_ERR(hmac);
	s->hmac = hmac;
	return crypto_shash_setkey(hmac, dir->sign_key, KSECDD_NTLM_KEY_LEN);
}

static void ntlm_free_state(struct ksecdd_ntlm_state *st)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(st->stream); i++) {
		crypto_free_shash(st->stream[i].hmac);
		mutex_destroy(&st->stream[i].lock);
	}
	kfree_sensitive(st);
}

/* The HMAC transforms are keyed at import, so that no message allocates. */
static int ntlm_import(struct ksecdd_context *ctx,
		       const struct ksecdd_packed_ctx *packed)
{
	u32 flags = packed->ntlm.negotiate_flags;
	struct ksecdd_ntlm_state *st;
	int err;

	/* Connectionless NTLM numbers messages by MessageSeqNo: not done */
	if ((ctx->attrs & ISC_RET_DATAGRAM) ||
	    (flags & NTLMSSP_NEGOTIATE_DATAGRAM))
		return -EOPNOTSUPP;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	mutex_init(&st->stream[KSECDD_ROLE_INITIATOR].lock);
	mutex_init(&st->stream[KSECDD_ROLE_ACCEPTOR].lock);
	st->p = packed->ntlm;
	st->ess = flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY;
	err = stream_init(&st->stream[KSECDD_ROLE_INITIATOR], &st->p.client,
			  st->ess) ?:
	      stream_init(&st->stream[KSECDD_ROLE_ACCEPTOR], &st->p.server,
			  st->ess);
	if (err) {
		ntlm_free_state(st);
		return err;
	}
	ctx->state = st;
	return 0;
}

static void ntlm_reset_dir(struct ksecdd_packed_ntlm_dir *dir)
{
	dir->seq = 0;
	dir->has_rc4 = false;
	memset(&dir->rc4, 0, sizeof(dir->rc4));
}

/* The committed state, as the last message that succeeded left it. */
static void ntlm_export(const struct ksecdd_context *ctx,
			struct ksecdd_packed_ctx *packed, bool reset)
{
	const struct ksecdd_ntlm_state *st = ctx->state;
	struct ksecdd_packed_ntlm *ntlm = &packed->ntlm;

	*ntlm = st->p;
	if (reset) {
		ntlm_reset_dir(&ntlm->client);
		ntlm_reset_dir(&ntlm->server);
	}
}

static void ntlm_free(struct ksecdd_context *ctx)
{
	ntlm_free_state(ctx->state);
}

static void ntlm_sizes(const struct ksecdd_context *ctx,
		       SecPkgContext_Sizes *sizes)
{
	sizes->cbMaxToken = NTLM_MAX_TOKEN;
	sizes->cbMaxSignature = NTLM_SIGNATURE_LEN;
	sizes->cbBlockSize = 0;
	sizes->cbSecurityTrailer = NTLM_SIGNATURE_LEN;
}

static void ntlm_key_info(const struct ksecdd_context *ctx,
			  struct ksecdd_key_info *info)
{
	const struct ksecdd_ntlm_state *st = ctx->state;
	u32 flags = st->p.negotiate_flags;

	if (flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY) {
		info->signature_name = "HMAC-MD5";
		info->signature_algorithm = NTLM_ALG_HMAC_MD5;
	} else {
		info->signature_name = "RSADSI RC4-CRC32";
		info->signature_algorithm = NTLM_ALG_RC4_CRC32;
	}
	info->encrypt_name = "RSADSI RC4";
	info->encrypt_algorithm = CALG_RC4;
	if (flags & NTLMSSP_NEGOTIATE_128)
		info->key_size = 128;
	else if (flags & NTLMSSP_NEGOTIATE_56)
		info->key_size = 56;
	else
		info->key_size = 40;
}

static void ntlm_session_key(const struct ksecdd_context *ctx,
			     const u8 **key, u32 *len)
{
	const struct ksecdd_ntlm_state *st = ctx->state;

	*key = st->p.session_key;
	*len = KSECDD_NTLM_KEY_LEN;
}

static const struct ksecdd_package_ops ntlm_ops = {
	.import		= ntlm_import,
	.export		= ntlm_export,
	.free		= ntlm_free,
	.sizes		= ntlm_sizes,
	.key_info	= ntlm_key_info,
	.session_key	= ntlm_session_key,
	.sign		= ksecdd_ntlm_sign,
	.verify		= ksecdd_ntlm_verify,
	.encrypt	= ksecdd_ntlm_encrypt,
	.decrypt	= ksecdd_ntlm_decrypt,
};

/*
 * What the package does, which is Windows' word less DATAGRAM:
 * connectionless contexts are not imported.
 */
const struct ksecdd_package ksecdd_ntlm_package = {
	.name		= NTLMSP_NAME,
	.comment	= "NTLM Security Package",
	.capabilities	= SECPKG_FLAG_INTEGRITY | SECPKG_FLAG_PRIVACY |
			  SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_CONNECTION |
			  SECPKG_FLAG_MULTI_REQUIRED |
			  SECPKG_FLAG_IMPERSONATION |
			  SECPKG_FLAG_ACCEPT_WIN32_NAME |
			  SECPKG_FLAG_NEGOTIABLE | SECPKG_FLAG_LOGON |
			  SECPKG_FLAG_READONLY_WITH_CHECKSUM,
	.version	= 1,
	.rpcid		= RPC_C_AUTHN_WINNT,
	.max_token	= NTLM_MAX_TOKEN,
	.cost		= 8192,
	.id		= KSECDD_PACKAGE_NTLM,
	.ops		= &ntlm_ops,
};
