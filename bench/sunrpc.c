// SPDX-License-Identifier: GPL-2.0
/*
 * Item 8: ksecdd against the kernel's own RPCSEC_GSS Kerberos
 * (rpcsec_gss_krb5, reached through bench/gss_peer.c), from the same MIT
 * contexts: the acceptor krb5_peer made with MIT krb5 on the host
 * (KRB5_DIR/ENCTYPE/acceptor.ksdc, KRB5_DIR the module's krb5_dir), and
 * an initiator that mirrors it (the same keys, the sequence numbers the
 * other way round), each imported into both.
 *
 * The acceptor plays the server: it imports and deletes its context,
 * signs and wraps its replies, and verifies and unwraps the initiator's
 * requests, each token made by the initiator just before, outside the
 * time.  Each side holds a message as its callers do: ksecdd in one
 * buffer of the linear map, sunrpc in pages, as NFS holds READ and WRITE
 * data (gss_peer.h).  The ratios are close to one, so the two sides take
 * turns batch by batch within each round (bench_pair_interleaved()).
 */

#include <linux/delay.h>
#include <linux/kernel_read_file.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/sunrpc/gss_err.h>
#include <linux/vmalloc.h>

#include "bench.h"
#include "gss_peer.h"

#define ENCTYPE_FIRST	KSECDD_ENCTYPE_AES128_CTS_HMAC_SHA1_96
#define ENCTYPE_LAST	KSECDD_ENCTYPE_AES256_CTS_HMAC_SHA384_192
/* A MIC token: header and the longest checksum, RFC 8009's 24 bytes. */
#define MIC_MAX		(16 + 24)
/* Lets the key collector free what a batch of deletes left, untimed. */
#define SETTLE_US	1000

static const u32 msg_sizes[] = { 64, 256, 1024, 4096, 16384, 65536 };
/* The size also measured with ksecdd's message in sunrpc's pages */
#define PAGED_SIZE	65536
#define PAGED_PAGES	(PAGED_SIZE / PAGE_SIZE)

struct peer_bench {
	u32 enctype;
	/* the acceptor, as ksecdd and as sunrpc import it */
	u8 *ks_blob;
	u32 ks_len;
	u8 *gss_blob;
	size_t gss_len;
	CtxtHandle ks_init, ks_acc;
	struct gss_ctx *gss_init, *gss_acc;
	SecPkgContext_Sizes sizes;
	/*
	 * the message of the sizes' turn, in each side's layout, or with
	 * @paged ksecdd's in sunrpc's pages, one DATA buffer each
	 */
	u32 size;
	bool paged;
	u8 *data;
	u8 *token;
	SecBuffer b[1 + PAGED_PAGES];
	SecBufferDesc desc;
	struct gss_peer_msg msg;
	struct xdr_netobj mic;
	u8 mic_buf[MIC_MAX];
};

static int gss_errno(u32 major)
{
	return major == GSS_S_COMPLETE ? 0 : -EIO;
}

/* Import and delete: the acceptor's blob, into each side. */

static int run_ks_import(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	SECURITY_STATUS st = SEC_E_OK;
	u64 start = ktime_get_ns();
	CtxtHandle h;
	u32 i;

	for (i = 0; i < n && st == SEC_E_OK; i++) {
		st = bench_import("Kerberos", pb->ks_blob, pb->ks_len, &h);
		if (st == SEC_E_OK)
			st = DeleteSecurityContext(&h);
	}
	*ns = ktime_get_ns() - start;
	return ksecdd_status_to_errno(st);
}

static int run_gss_import(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	u64 start = ktime_get_ns();
	struct gss_ctx *ctx;
	int err = 0;
	u32 i;

	for (i = 0; i < n && !err; i++) {
		err = gss_peer_import(pb->gss_blob, pb->gss_len, &ctx);
		if (!err)
			gss_peer_delete(ctx);
	}
	*ns = ktime_get_ns() - start;
	return err;
}

/*
 * The halves of import and delete apart, each timed with the other left
 * out, to show which of the two a difference comes from.
 */
static int run_ks_half(void *arg, u32 n, u64 *ns, bool delete)
{
	struct peer_bench *pb = arg;
	SECURITY_STATUS st = SEC_E_OK;
	u64 start = 0;
	CtxtHandle h;
	u32 i;

	*ns = 0;
	for (i = 0; i < n && st == SEC_E_OK; i++) {
		if (!delete)
			start = ktime_get_ns();
		st = bench_import("Kerberos", pb->ks_blob, pb->ks_len, &h);
		if (st != SEC_E_OK)
			break;
		if (delete)
			start = ktime_get_ns();
		else
			*ns += ktime_get_ns() - start;
		st = DeleteSecurityContext(&h);
		if (delete)
			*ns += ktime_get_ns() - start;
	}
	return ksecdd_status_to_errno(st);
}

static int run_gss_half(void *arg, u32 n, u64 *ns, bool delete)
{
	struct peer_bench *pb = arg;
	struct gss_ctx *ctx;
	u64 start = 0;
	int err = 0;
	u32 i;

	*ns = 0;
	for (i = 0; i < n && !err; i++) {
		if (!delete)
			start = ktime_get_ns();
		err = gss_peer_import(pb->gss_blob, pb->gss_len, &ctx);
		if (err)
			break;
		if (delete)
			start = ktime_get_ns();
		else
			*ns += ktime_get_ns() - start;
		gss_peer_delete(ctx);
		if (delete)
			*ns += ktime_get_ns() - start;
	}
	return err;
}

static int run_ks_import_only(void *arg, u32 n, u64 *ns)
{
	return run_ks_half(arg, n, ns, false);
}

static int run_ks_delete_only(void *arg, u32 n, u64 *ns)
{
	return run_ks_half(arg, n, ns, true);
}

static int run_gss_import_only(void *arg, u32 n, u64 *ns)
{
	return run_gss_half(arg, n, ns, false);
}

static int run_gss_delete_only(void *arg, u32 n, u64 *ns)
{
	return run_gss_half(arg, n, ns, true);
}

static void settle(void *arg)
{
	usleep_range(SETTLE_US, 2 * SETTLE_US);
}

/* ksecdd's message calls */

static void ks_mic_desc(struct peer_bench *pb)
{
	pb->b[0] = (SecBuffer) { pb->size, SECBUFFER_DATA, pb->data };
	pb->b[1] = (SecBuffer) { pb->sizes.cbMaxSignature, SECBUFFER_TOKEN,
				pb->token };
	pb->desc = (SecBufferDesc) { SECBUFFER_VERSION, 2, pb->b };
}

static void ks_wrap_desc(struct peer_bench *pb)
{
	unsigned int i;

	pb->b[0] = (SecBuffer) { pb->sizes.cbSecurityTrailer, SECBUFFER_TOKEN,
				pb->token };
	pb->b[1] = (SecBuffer) { pb->size, SECBUFFER_DATA, pb->data };
	pb->desc = (SecBufferDesc) { SECBUFFER_VERSION, 2, pb->b };
	if (!pb->paged)
		return;
	for (i = 0; i < pb->msg.npages; i++)
		pb->b[1 + i] = (SecBuffer) { PAGE_SIZE, SECBUFFER_DATA,
					    page_address(pb->msg.pages[i]) };
	pb->desc.cBuffers = 1 + pb->msg.npages;
}

static int run_ks_mic(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	SECURITY_STATUS st = SEC_E_OK;
	u64 start = ktime_get_ns();
	u32 i;

	for (i = 0; i < n && st == SEC_E_OK; i++) {
		ks_mic_desc(pb);
		st = MakeSignature(&pb->ks_acc, 0, &pb->desc, 0);
	}
	*ns = ktime_get_ns() - start;
	return ksecdd_status_to_errno(st);
}

static int run_ks_verify(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	SECURITY_STATUS st = SEC_E_OK;
	u64 start;
	u32 i, qop;

	*ns = 0;
	for (i = 0; i < n && st == SEC_E_OK; i++) {
		ks_mic_desc(pb);
		st = MakeSignature(&pb->ks_init, 0, &pb->desc, 0);
		if (st != SEC_E_OK)
			break;
		start = ktime_get_ns();
		st = VerifySignature(&pb->ks_acc, &pb->desc, 0, &qop);
		*ns += ktime_get_ns() - start;
	}
	return ksecdd_status_to_errno(st);
}

static int run_ks_wrap(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	SECURITY_STATUS st = SEC_E_OK;
	u64 start = ktime_get_ns();
	u32 i;

	for (i = 0; i < n && st == SEC_E_OK; i++) {
		ks_wrap_desc(pb);
		st = EncryptMessage(&pb->ks_acc, 0, &pb->desc, 0);
	}
	*ns = ktime_get_ns() - start;
	return ksecdd_status_to_errno(st);
}

static int run_ks_unwrap(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	SECURITY_STATUS st = SEC_E_OK;
	u64 start;
	u32 i, qop;

	*ns = 0;
	for (i = 0; i < n && st == SEC_E_OK; i++) {
		ks_wrap_desc(pb);
		st = EncryptMessage(&pb->ks_init, 0, &pb->desc, 0);
		if (st != SEC_E_OK)
			break;
		start = ktime_get_ns();
		st = DecryptMessage(&pb->ks_acc, &pb->desc, 0, &qop);
		*ns += ktime_get_ns() - start;
	}
	return ksecdd_status_to_errno(st);
}

/* sunrpc's */

static int run_gss_mic(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	u64 start = ktime_get_ns();
	u32 i, major = GSS_S_COMPLETE;

	for (i = 0; i < n && major == GSS_S_COMPLETE; i++) {
		pb->mic.len = sizeof(pb->mic_buf);
		major = gss_peer_get_mic(pb->gss_acc, &pb->msg, &pb->mic);
	}
	*ns = ktime_get_ns() - start;
	return gss_errno(major);
}

static int run_gss_verify(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	u32 i, major = GSS_S_COMPLETE;
	u64 start;

	*ns = 0;
	for (i = 0; i < n && major == GSS_S_COMPLETE; i++) {
		pb->mic.len = sizeof(pb->mic_buf);
		major = gss_peer_get_mic(pb->gss_init, &pb->msg, &pb->mic);
		if (major != GSS_S_COMPLETE)
			break;
		start = ktime_get_ns();
		major = gss_peer_verify_mic(pb->gss_acc, &pb->msg, &pb->mic);
		*ns += ktime_get_ns() - start;
	}
	return gss_errno(major);
}

static int run_gss_wrap(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	u64 start = ktime_get_ns();
	u32 i, major = GSS_S_COMPLETE;

	for (i = 0; i < n && major == GSS_S_COMPLETE; i++) {
		gss_peer_msg_reset(&pb->msg);
		major = gss_peer_wrap(pb->gss_acc, &pb->msg);
	}
	*ns = ktime_get_ns() - start;
	return gss_errno(major);
}

static int run_gss_unwrap(void *arg, u32 n, u64 *ns)
{
	struct peer_bench *pb = arg;
	u32 i, major = GSS_S_COMPLETE;
	u64 start;

	*ns = 0;
	for (i = 0; i < n && major == GSS_S_COMPLETE; i++) {
		gss_peer_msg_reset(&pb->msg);
		major = gss_peer_wrap(pb->gss_init, &pb->msg);
		if (major != GSS_S_COMPLETE)
			break;
		start = ktime_get_ns();
		major = gss_peer_unwrap(pb->gss_acc, &pb->msg);
		*ns += ktime_get_ns() - start;
	}
	return gss_errno(major);
}

static int measure(struct peer_bench *pb, const char *name,
		   int (*ks)(void *, u32, u64 *),
		   int (*gss)(void *, u32, u64 *), bool gc)
{
	struct bench_side ksecdd = { .run = ks, .arg = pb, .threads = 1,
				     .settle = gc ? settle : NULL };
	struct bench_side ref = { .run = gss, .arg = pb, .threads = 1,
				  .settle = gc ? settle : NULL };
	struct bench_result res;
	int err;

	err = bench_pair_interleaved(&ksecdd, &ref, &res);
	if (!err)
		bench_row(8, name, &res);
	return err;
}

/*
 * Wrap and unwrap of 64 KiB with both sides' messages in the same 16
 * pages, ksecdd's as 16 one-page DATA buffers, as NFS would pass them.
 */
static int measure_paged(struct peer_bench *pb)
{
	char name[2][40];
	int err;

	snprintf(name[0], sizeof(name[0]), "sunrpc-pages-wrap-%u-%u",
		 pb->enctype, pb->size);
	snprintf(name[1], sizeof(name[1]), "sunrpc-pages-unwrap-%u-%u",
		 pb->enctype, pb->size);
	pb->paged = true;
	err = measure(pb, name[0], run_ks_wrap, run_gss_wrap, false) ?:
	      measure(pb, name[1], run_ks_unwrap, run_gss_unwrap, false);
	pb->paged = false;
	return err;
}

/* The four calls at one size, each side's message of random bytes. */
static int measure_size(struct peer_bench *pb, u32 size)
{
	u32 token_len = max(pb->sizes.cbSecurityTrailer,
			    pb->sizes.cbMaxSignature);
	char name[4][32];
	int err = -ENOMEM;

	pb->size = size;
	pb->data = kmalloc(size, GFP_KERNEL);
	pb->token = kmalloc(token_len, GFP_KERNEL);
	if (!pb->data || !pb->token || gss_peer_msg_alloc(&pb->msg, size))
		goto out;
	get_random_bytes(pb->data, size);
	pb->mic.data = pb->mic_buf;

	snprintf(name[0], sizeof(name[0]), "sunrpc-mic-%u-%u", pb->enctype,
		 size);
	snprintf(name[1], sizeof(name[1]), "sunrpc-verify-%u-%u",
		 pb->enctype, size);
	snprintf(name[2], sizeof(name[2]), "sunrpc-wrap-%u-%u", pb->enctype,
		 size);
	snprintf(name[3], sizeof(name[3]), "sunrpc-unwrap-%u-%u",
		 pb->enctype, size);
	err = measure(pb, name[0], run_ks_mic, run_gss_mic, false) ?:
	      measure(pb, name[1], run_ks_verify, run_gss_verify, false) ?:
	      measure(pb, name[2], run_ks_wrap, run_gss_wrap, false) ?:
	      measure(pb, name[3], run_ks_unwrap, run_gss_unwrap, false);
	if (!err && size == PAGED_SIZE)
		err = measure_paged(pb);
	gss_peer_msg_free(&pb->msg);
out:
	kfree(pb->token);
	kfree(pb->data);
	return err;
}

/*
 * The acceptor MIT made, read and decoded into @p; its blob stays in
 * pb->ks_blob, where @p's names point.
 */
static int load_acceptor(struct peer_bench *pb, struct ksecdd_packed_ctx *p)
{
	char path[256];
	void *buf = NULL;
	ssize_t len;
	int err;

	snprintf(path, sizeof(path), "%s/%u/acceptor.ksdc", bench_krb5_dir,
		 pb->enctype);
	len = kernel_read_file_from_path(path, 0, &buf, KSECDD_PACKED_MAX,
					 NULL, READING_UNKNOWN);
	if (len < 0)
		return len;
	pb->ks_blob = kmemdup(buf, len, GFP_KERNEL);
	pb->ks_len = len;
	vfree(buf);
	if (!pb->ks_blob)
		return -ENOMEM;
	err = ksecdd_packed_decode(pb->ks_blob, len, p);
	if (!err && (p->package != KSECDD_PACKAGE_KERBEROS ||
		     p->role != KSECDD_ROLE_ACCEPTOR ||
		     p->krb5.enctype != pb->enctype))
		err = -EINVAL;
	return err;
}

/* The initiator of @p's acceptor: same keys, sequences swapped. */
static void mirror(struct ksecdd_packed_ctx *p)
{
	p->role = KSECDD_ROLE_INITIATOR;
	p->has_identity = false;
	swap(p->krb5.send_seq_initial, p->krb5.recv_seq_initial);
	swap(p->krb5.send_seq, p->krb5.recv_seq);
}

/* One side of the pair, a ksecdd context and a sunrpc one. */
static int import_side(const struct ksecdd_packed_ctx *p, CtxtHandle *h,
		       struct gss_ctx **ctx)
{
	SECURITY_STATUS st = SEC_E_INSUFFICIENT_MEMORY;
	size_t gss_len;
	u8 *blob;
	u32 len;
	int err;

	blob = gss_peer_blob(p, &gss_len);
	if (!blob)
		return -ENOMEM;
	err = gss_peer_import(blob, gss_len, ctx);
	kfree_sensitive(blob);
	if (err)
		return err;
	blob = bench_blob(p, &len);
	if (blob)
		st = bench_import("Kerberos", blob, len, h);
	kfree_sensitive(blob);
	if (st != SEC_E_OK)
		gss_peer_delete(*ctx);
	return ksecdd_status_to_errno(st);
}

/*
 * Before measuring, each side verifies a MIC the other made, which
 * holds only if both have the same keys and directions: sunrpc's
 * initiator signs for a ksecdd acceptor imported for it alone (the
 * measured one's sequence window stays untouched), and sunrpc's
 * initiator verifies what ksecdd's acceptor signed.
 */
static int check_agree(struct peer_bench *pb)
{
	u8 tok[MIC_MAX];
	struct xdr_netobj mic = { sizeof(tok), tok };
	struct gss_peer_msg m;
	SecBuffer b[2];
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, b };
	SECURITY_STATUS st;
	CtxtHandle h;
	u32 qop;
	int err;

	err = gss_peer_msg_alloc(&m, 64);
	if (err)
		return err;
	/* the page is in the linear map: ksecdd reads the same bytes */
	b[0] = (SecBuffer) { m.size, SECBUFFER_DATA, page_address(m.pages[0]) };
	err = -EBADMSG;
	if (gss_peer_get_mic(pb->gss_init, &m, &mic) != GSS_S_COMPLETE)
		goto out;
	b[1] = (SecBuffer) { mic.len, SECBUFFER_TOKEN, tok };
	st = bench_import("Kerberos", pb->ks_blob, pb->ks_len, &h);
	if (st != SEC_E_OK)
		goto out;
	st = VerifySignature(&h, &desc, 0, &qop);
	DeleteSecurityContext(&h);
	if (st != SEC_E_OK)
		goto out;

	b[1].cbBuffer = sizeof(tok);
	if (MakeSignature(&pb->ks_acc, 0, &desc, 0) != SEC_E_OK)
		goto out;
	mic.len = b[1].cbBuffer;
	if (gss_peer_verify_mic(pb->gss_init, &m, &mic) == GSS_S_COMPLETE)
		err = 0;
out:
	gss_peer_msg_free(&m);
	return err;
}

static int measure_contexts(struct peer_bench *pb)
{
	SECURITY_STATUS st;
	char name[3][32];
	unsigned int i;
	int err;

	st = QueryContextAttributesW(&pb->ks_acc, SECPKG_ATTR_SIZES,
				     &pb->sizes);
	if (st != SEC_E_OK)
		return ksecdd_status_to_errno(st);
	snprintf(name[0], sizeof(name[0]), "sunrpc-import-%u", pb->enctype);
	snprintf(name[1], sizeof(name[1]), "sunrpc-import-only-%u",
		 pb->enctype);
	snprintf(name[2], sizeof(name[2]), "sunrpc-delete-only-%u",
		 pb->enctype);
	err = check_agree(pb) ?:
	      measure(pb, name[0], run_ks_import, run_gss_import, true) ?:
	      measure(pb, name[1], run_ks_import_only, run_gss_import_only,
		      true) ?:
	      measure(pb, name[2], run_ks_delete_only, run_gss_delete_only,
		      true);
	for (i = 0; !err && i < ARRAY_SIZE(msg_sizes); i++)
		err = measure_size(pb, msg_sizes[i]);
	return err;
}

/*
 * Whether this kernel's rpcsec_gss_krb5 has the acceptor's enctype: 0, or
 * -EINVAL, its answer to one it lacks.
 */
static int gss_probe(struct peer_bench *pb)
{
	struct gss_ctx *ctx;
	int err;

	err = gss_peer_import(pb->gss_blob, pb->gss_len, &ctx);
	if (!err)
		gss_peer_delete(ctx);
	return err;
}

static int measure_enctype(struct peer_bench *pb, struct ksecdd_packed_ctx *p)
{
	int err;

	err = load_acceptor(pb, p);
	if (err)
		goto out;
	pb->gss_blob = gss_peer_blob(p, &pb->gss_len);
	if (!pb->gss_blob) {
		err = -ENOMEM;
		goto out;
	}
	err = gss_probe(pb);
	if (err == -EINVAL) {
		bench_value(8, "sunrpc-lacks-enctype", pb->enctype, "enctype");
		err = 0;
		goto out;
	}
	err = err ?: import_side(p, &pb->ks_acc, &pb->gss_acc);
	if (err)
		goto out;
	mirror(p);
	err = import_side(p, &pb->ks_init, &pb->gss_init);
	if (err)
		goto out_acc;
	err = measure_contexts(pb);
	DeleteSecurityContext(&pb->ks_init);
	gss_peer_delete(pb->gss_init);
out_acc:
	DeleteSecurityContext(&pb->ks_acc);
	gss_peer_delete(pb->gss_acc);
out:
	kfree_sensitive(pb->gss_blob);
	kfree_sensitive(pb->ks_blob);
	return err;
}

/**
 * bench_sunrpc() - item 8, for every enctype both sides have
 *
 * Return: 0 or a negative errno.
 */
int bench_sunrpc(void)
{
	struct ksecdd_packed_ctx *p;
	struct peer_bench *pb;
	u32 e;
	int err;

	p = kmalloc(sizeof(*p), GFP_KERNEL);
	pb = kmalloc(sizeof(*pb), GFP_KERNEL);
	err = p && pb ? gss_peer_get() : -ENOMEM;
	if (err)
		goto out;
	for (e = ENCTYPE_FIRST; !err && e <= ENCTYPE_LAST; e++) {
		memset(pb, 0, sizeof(*pb));
		pb->enctype = e;
		err = measure_enctype(pb, p);
	}
	gss_peer_put();
out:
	kfree_sensitive(pb);
	kfree_sensitive(p);
	return err;
}
