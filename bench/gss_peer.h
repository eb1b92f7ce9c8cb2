/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own RPCSEC_GSS Kerberos (rpcsec_gss_krb5) as a peer of
 * the benchmarks, reached through sunrpc's mechanism list
 * (bench/gss_peer.c).
 */
#ifndef _KSECDD_BENCH_GSS_PEER_H
#define _KSECDD_BENCH_GSS_PEER_H

#include <linux/sunrpc/gss_api.h>
#include <linux/sunrpc/xdr.h>

#include "../ksecdd/packed.h"

/*
 * A message as sunrpc holds one: the payload in pages, as NFS holds
 * READ and WRITE data, and a head and a tail with the room a wrap token
 * takes from them (RPC header, token header and confounder before the
 * payload; the header's copy and the checksum after it).
 */
struct gss_peer_msg {
	struct xdr_buf buf;
	struct page **pages;
	unsigned int npages;
	u32 size;
	u8 *head;
	u8 *tail;
};

int gss_peer_get(void);
void gss_peer_put(void);

u8 *gss_peer_blob(const struct ksecdd_packed_ctx *p, size_t *len);
int gss_peer_import(const void *blob, size_t len, struct gss_ctx **ctx);
void gss_peer_delete(struct gss_ctx *ctx);

int gss_peer_msg_alloc(struct gss_peer_msg *m, u32 size);
void gss_peer_msg_free(struct gss_peer_msg *m);
void gss_peer_msg_reset(struct gss_peer_msg *m);

u32 gss_peer_get_mic(struct gss_ctx *ctx, struct gss_peer_msg *m,
		     struct xdr_netobj *mic);
u32 gss_peer_verify_mic(struct gss_ctx *ctx, struct gss_peer_msg *m,
			struct xdr_netobj *mic);
u32 gss_peer_wrap(struct gss_ctx *ctx, struct gss_peer_msg *m);
u32 gss_peer_unwrap(struct gss_ctx *ctx, struct gss_peer_msg *m);

#endif /* _KSECDD_BENCH_GSS_PEER_H */
