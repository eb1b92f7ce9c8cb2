// SPDX-License-Identifier: GPL-2.0
/*
 * Raw packed contexts for the benchmarks, and their import.
 */

#include <linux/ktime.h>
#include <linux/slab.h>

#include "bench.h"

static const char client[] = "alice@EXAMPLE.COM";
static const char server[] = "cifs/files.example.com@EXAMPLE.COM";

/* What both packages share: names, a day's lifetime, uid and gid 0. */
static void common(struct ksecdd_packed_ctx *p, u8 role)
{
	s64 now = ktime_get_real_seconds();

	memset(p, 0, sizeof(*p));
	p->role = role;
	p->flags = ASC_RET_MUTUAL_AUTH | ASC_RET_REPLAY_DETECT |
		   ASC_RET_SEQUENCE_DETECT | ASC_RET_CONFIDENTIALITY |
		   ASC_RET_INTEGRITY;
	p->start = now - 60;
	p->expiry = now + 86400;
	p->client_name = client;
	p->client_name_len = sizeof(client) - 1;
	p->server_name = server;
	p->server_name_len = sizeof(server) - 1;
	/* a server context speaks for its client; root is the importer */
	p->has_identity = role == KSECDD_ROLE_ACCEPTOR;
}

/**
 * bench_krb5_ctx() - one side of a Kerberos context
 * @p: receives the context
 * @enctype: its encryption type
 * @role: KSECDD_ROLE_INITIATOR or KSECDD_ROLE_ACCEPTOR
 * @key: 32 bytes: the acceptor subkey, which protects the messages
 *
 * Both sides built from one @key make a pair: each one's sequence numbers
 * are what the other expects.
 */
void bench_krb5_ctx(struct ksecdd_packed_ctx *p, u32 enctype, u8 role,
		    const u8 *key)
{
	bool acceptor = role == KSECDD_ROLE_ACCEPTOR;

	common(p, role);
	p->package = KSECDD_PACKAGE_KERBEROS;
	p->krb5.enctype = enctype;
	p->krb5.flags = KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG;
	memset(p->krb5.key, 0x5a, sizeof(p->krb5.key));
	memcpy(p->krb5.acceptor_subkey, key, KSECDD_KRB5_KEY_MAX);
	p->krb5.send_seq_initial = acceptor ? 2000 : 1000;
	p->krb5.send_seq = p->krb5.send_seq_initial;
	p->krb5.recv_seq_initial = acceptor ? 1000 : 2000;
	p->krb5.recv_seq = p->krb5.recv_seq_initial;
}

/**
 * bench_ntlm_ctx() - an NTLM server context, which keys no transform
 * @p: receives the context
 */
void bench_ntlm_ctx(struct ksecdd_packed_ctx *p)
{
	common(p, KSECDD_ROLE_ACCEPTOR);
	p->package = KSECDD_PACKAGE_NTLM;
	p->ntlm.negotiate_flags = 0xe2888235;
	memset(p->ntlm.session_key, 0x55, KSECDD_NTLM_KEY_LEN);
	memset(p->ntlm.client.sign_key, 0x01, KSECDD_NTLM_KEY_LEN);
	memset(p->ntlm.client.seal_key, 0x02, KSECDD_NTLM_KEY_LEN);
	memset(p->ntlm.server.sign_key, 0x03, KSECDD_NTLM_KEY_LEN);
	memset(p->ntlm.server.seal_key, 0x04, KSECDD_NTLM_KEY_LEN);
}

/**
 * bench_blob() - encode a context as a raw blob
 * @p: the context
 * @len: receives the blob's length
 *
 * Return: the blob, to kfree(), or NULL.
 */
u8 *bench_blob(const struct ksecdd_packed_ctx *p, u32 *len)
{
	u8 *blob;

	*len = ksecdd_packed_len(p);
	blob = kzalloc(*len, GFP_KERNEL);
	if (blob && ksecdd_packed_encode(p, blob, *len)) {
		kfree(blob);
		blob = NULL;
	}
	return blob;
}

/**
 * bench_import() - ImportSecurityContextW() of a blob, as a kernel caller
 * @package: the package's name
 * @blob: the packed context
 * @len: its length
 * @h: receives the handle
 *
 * Return: the status of the import.
 */
SECURITY_STATUS bench_import(const char *package, void *blob, u32 len,
			     CtxtHandle *h)
{
	SEC_WCHAR name[KSECDD_PACKED_PACKAGE_LEN];
	SECURITY_STRING str = { .Buffer = name };
	SecBuffer buf = {
		.cbBuffer = len,
		.BufferType = SECBUFFER_TOKEN,
		.pvBuffer = blob,
	};
	size_t i;

	for (i = 0; package[i] && i < ARRAY_SIZE(name); i++)
		name[i] = package[i];
	str.Length = i * sizeof(SEC_WCHAR);
	str.MaximumLength = sizeof(name);
	return ImportSecurityContextW(&str, &buf, NULL, h);
}
