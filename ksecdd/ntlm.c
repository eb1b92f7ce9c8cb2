// SPDX-License-Identifier: GPL-2.0
/*
 * The NTLM package: MS-NLMP session security.
 *
 * The state is what MS-NLMP message protection needs: the negotiated
 * flags, the exported session key, and per direction the signing key, the
 * sealing key, the sequence number and, once messages were sealed, the
 * RC4 keystream state.  A RESET_NEW export restarts both directions at
 * sequence number 0 with a fresh keystream from the sealing key.
 */

#include <linux/slab.h>

#include "context.h"
#include "package.h"

#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY	0x00080000
#define NTLMSSP_NEGOTIATE_128				0x20000000
#define NTLMSSP_NEGOTIATE_56				0x80000000

/* Windows' SECPKG_ATTR_SIZES and SECPKG_ATTR_KEY_INFO for NTLM. */
#define NTLM_MAX_TOKEN		2888
#define NTLM_SIGNATURE_LEN	16
#define NTLM_ALG_HMAC_MD5	0xffffff76
#define NTLM_ALG_RC4_CRC32	0xffffff7c
#define CALG_RC4		0x6801

static int ntlm_import(struct ksecdd_context *ctx,
		       const struct ksecdd_packed_ctx *packed)
{
	/* Connectionless NTLM numbers messages by MessageSeqNo: not done */
	if (ctx->attrs & ISC_RET_DATAGRAM)
		return -EOPNOTSUPP;
	ctx->state = kmemdup(&packed->ntlm, sizeof(packed->ntlm), GFP_KERNEL);
	return ctx->state ? 0 : -ENOMEM;
}

static void ntlm_reset_dir(struct ksecdd_packed_ntlm_dir *dir)
{
	dir->seq = 0;
	dir->has_rc4 = false;
	memset(&dir->rc4, 0, sizeof(dir->rc4));
}

static void ntlm_export(const struct ksecdd_context *ctx,
			struct ksecdd_packed_ctx *packed, bool reset)
{
	struct ksecdd_packed_ntlm *ntlm = &packed->ntlm;

	*ntlm = *(const struct ksecdd_packed_ntlm *)ctx->state;
	if (reset) {
		ntlm_reset_dir(&ntlm->client);
		ntlm_reset_dir(&ntlm->server);
	}
}

static void ntlm_free(struct ksecdd_context *ctx)
{
	kfree_sensitive(ctx->state);
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
	const struct ksecdd_packed_ntlm *ntlm = ctx->state;
	u32 flags = ntlm->negotiate_flags;

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
	const struct ksecdd_packed_ntlm *ntlm = ctx->state;

	*key = ntlm->session_key;
	*len = KSECDD_NTLM_KEY_LEN;
}

static const struct ksecdd_package_ops ntlm_ops = {
	.import		= ntlm_import,
	.export		= ntlm_export,
	.free		= ntlm_free,
	.sizes		= ntlm_sizes,
	.key_info	= ntlm_key_info,
	.session_key	= ntlm_session_key,
};

/*
 * Windows' word less INTEGRITY and PRIVACY: NTLM contexts do not sign or
 * seal messages yet, and a caller that looks must learn so here.
 */
const struct ksecdd_package ksecdd_ntlm_package = {
	.name		= NTLMSP_NAME,
	.comment	= "NTLM Security Package",
	.capabilities	= SECPKG_FLAG_TOKEN_ONLY | SECPKG_FLAG_CONNECTION |
			  SECPKG_FLAG_MULTI_REQUIRED |
			  SECPKG_FLAG_IMPERSONATION |
			  SECPKG_FLAG_ACCEPT_WIN32_NAME |
			  SECPKG_FLAG_NEGOTIABLE | SECPKG_FLAG_LOGON,
	.version	= 1,
	.rpcid		= RPC_C_AUTHN_WINNT,
	.max_token	= NTLM_MAX_TOKEN,
	.cost		= 3584,
	.id		= KSECDD_PACKAGE_NTLM,
	.ops		= &ntlm_ops,
};
