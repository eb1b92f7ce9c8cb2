// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile input and lack of memory, with figures.
 *
 * Every single-bit flip and every truncation of a sealed blob must be
 * refused, and so must every single-bit flip of an NTLM signature and
 * of the data it covers.  Every fault point of import, export, query, delete and the
 * message calls is failed in turn through the task's fail-nth counter
 * (the guest lets failslab fail sleeping allocations): each call must
 * then succeed or report SEC_E_INSUFFICIENT_MEMORY, and leave no context,
 * key or memory behind (kmemleak checks the memory at the end of the run).
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/key.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/krb5_crypto.h"

#include "suites.h"
#include "util.h"

/* More fault points than any path has; reaching it is a failure. */
#define SWEEP_MAX	1000
/* More contexts than the default key quota holds */
#define QUOTA_MAX	200

static const char *pkg_name(enum ksecdd_packed_package pkg)
{
	return ksecdd_packed_package_name(pkg);
}

static void template(struct ksecdd_packed_ctx *p,
		     enum ksecdd_packed_package pkg)
{
	if (pkg == KSECDD_PACKAGE_KERBEROS)
		krb5_template(p);
	else
		ntlm_template(p);
}

/* A blob of @pkg's template, raw or sealed by an export. */
static u8 *blob_of(struct kunit *test, enum ksecdd_packed_package pkg,
		   bool sealed, u32 *len)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	CtxtHandle h;

	KUNIT_ASSERT_NOT_NULL(test, p);
	template(p, pkg);
	if (!sealed)
		return raw_blob(test, p, len);
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &h), SEC_E_OK);
	return export_blob(test, &h, SECPKG_CONTEXT_EXPORT_DELETE_OLD, len);
}

static void count_status(u32 *counts, SECURITY_STATUS status)
{
	static const SECURITY_STATUS known[] = {
		SEC_E_INVALID_TOKEN, SEC_E_MESSAGE_ALTERED,
		SEC_E_SECPKG_NOT_FOUND, SEC_E_UNKNOWN_CREDENTIALS,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known) && known[i] != status; i++)
		;
	counts[i]++;
}

/* One changed blob: refused, or counted as accepted and deleted. */
static u32 try_import(const char *name, u8 *blob, u32 len, u32 *counts)
{
	SECURITY_STATUS status;
	CtxtHandle h;

	status = import_blob(name, blob, len, NULL, &h);
	if (status != SEC_E_OK) {
		count_status(counts, status);
		return 0;
	}
	DeleteSecurityContext(&h);
	return 1;
}

static void sealed_bit_flips(struct kunit *test)
{
	static const enum ksecdd_packed_package pkgs[] = {
		KSECDD_PACKAGE_KERBEROS, KSECDD_PACKAGE_NTLM,
	};
	u32 i, len, bit, accepted, counts[5];
	struct leak_baseline base;
	u8 *blob, *copy;

	for (i = 0; i < ARRAY_SIZE(pkgs); i++) {
		blob = blob_of(test, pkgs[i], true, &len);
		copy = kunit_kmalloc(test, len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, copy);
		memset(counts, 0, sizeof(counts));
		leak_baseline(&base);
		accepted = 0;
		for (bit = 0; bit < len * 8; bit++) {
			memcpy(copy, blob, len);
			copy[bit / 8] ^= BIT(bit % 8);
			accepted += try_import(pkg_name(pkgs[i]), copy, len,
					       counts);
		}
		for (bit = 0; bit < len; bit++)
			accepted += try_import(pkg_name(pkgs[i]), blob, bit,
					       counts);
		KUNIT_EXPECT_EQ(test, accepted, 0);
		expect_no_leak(test, &base);
		kunit_info(test,
			   "%s: %u bit flips and %u truncations of a %u-byte sealed blob, %u accepted; refused as INVALID_TOKEN %u, MESSAGE_ALTERED %u, SECPKG_NOT_FOUND %u, UNKNOWN_CREDENTIALS %u, other %u\n",
			   pkg_name(pkgs[i]), len * 8, len, len, accepted,
			   counts[0], counts[1], counts[2], counts[3],
			   counts[4]);
	}
}

/*
 * One operation under fault injection: ->run is called with the fault
 * armed; ->undo, called without, releases what a successful run made.
 */
struct fault_op {
	const char *name;
	SECURITY_STATUS (*run)(struct fault_op *op);
	void (*undo)(struct fault_op *op);
	struct kunit *test;
	const char *package;
	u8 *blob;
	u32 len;
	u32 attribute;
	struct key *keyring;
	CtxtHandle h;
	CtxtHandle peer;
	SecBuffer buf;
	u8 attr[64];
	int points;
	int failed;
};

/*
 * Fails the n-th fault point of @op for n = 1, 2, ... until its path ends
 * before the n-th.  Fault points include those of kmemleak's bookkeeping,
 * which copes with a failure, so not every one fails the call.  Sets
 * @op->points and @op->failed.
 */
static void sweep(struct kunit *test, struct fault_op *op)
{
	SECURITY_STATUS status = SEC_E_OK;
	struct leak_baseline base;
	int n, failed = 0;
	bool reached;

	op->test = test;
	leak_baseline(&base);
	for (n = 1; n <= SWEEP_MAX; n++) {
		current->fail_nth = n;
		status = op->run(op);
		reached = !current->fail_nth;
		current->fail_nth = 0;
		if (status == SEC_E_OK && op->undo)
			op->undo(op);
		else if (status != SEC_E_OK)
			failed++;
		KUNIT_EXPECT_TRUE_MSG(test, status == SEC_E_OK ||
				      status == SEC_E_INSUFFICIENT_MEMORY,
				      "%s: fault point %d: status %x",
				      op->name, n, status);
		expect_no_leak(test, &base);
		if (!reached)
			break;
	}
	KUNIT_EXPECT_LE(test, n, SWEEP_MAX);
	/* past the path's end nothing failed */
	KUNIT_EXPECT_EQ(test, status, SEC_E_OK);
	op->points = n - 1;
	op->failed = failed;
}

static SECURITY_STATUS run_import(struct fault_op *op)
{
	return import_blob(op->package, op->blob, op->len, NULL, &op->h);
}

static void undo_import(struct fault_op *op)
{
	KUNIT_EXPECT_EQ(op->test, DeleteSecurityContext(&op->h), SEC_E_OK);
}

static void faults_import(struct kunit *test)
{
	static const char *const names[] = {
		"import Kerberos raw", "import Kerberos sealed",
		"import NTLM raw", "import NTLM sealed",
	};
	struct fault_op op = { .run = run_import, .undo = undo_import };
	int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		enum ksecdd_packed_package pkg = i < 2 ? KSECDD_PACKAGE_KERBEROS :
							 KSECDD_PACKAGE_NTLM;

		op.name = names[i];
		op.package = pkg_name(pkg);
		op.blob = blob_of(test, pkg, i % 2, &op.len);
		sweep(test, &op);
		/* the first allocation is always ours */
		KUNIT_EXPECT_GE(test, op.failed, 1);
		kunit_info(test, "%s: %d fault points, %d failed the call\n",
			   op.name, op.points, op.failed);
	}
}

/*
 * A user's import, charged to the user's key quota: @op->blob is sealed by
 * the user, @op->keyring is the user's.
 */
static SECURITY_STATUS run_import_charged(struct fault_op *op)
{
	return ksecdd_status_from_errno(ksecdd_import("Kerberos", op->blob,
						      op->len, NULL,
						      op->keyring, &op->h));
}

/* Imports until the quota is spent; deletes them again. */
static int fill_quota(struct kunit *test, struct fault_op *op)
{
	CtxtHandle *h = kunit_kcalloc(test, QUOTA_MAX, sizeof(*h), GFP_KERNEL);
	int n, i;

	KUNIT_ASSERT_NOT_NULL(test, h);
	for (n = 0; n < QUOTA_MAX; n++)
		if (ksecdd_import("Kerberos", op->blob, op->len, NULL,
				  op->keyring, &h[n]))
			break;
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, ksecdd_delete(&h[i]), 0);
	kunit_kfree(test, h);
	return n;
}

/* The quota holds @want contexts again once the collector has run. */
static bool quota_back(struct kunit *test, struct fault_op *op, int want)
{
	int waited;

	for (waited = 0; waited < 30000; waited += 100) {
		if (fill_quota(test, op) == want)
			return true;
		msleep(100);
	}
	return false;
}

/*
 * The same sweep for an import charged to a user: afterwards the user's
 * quota holds as many contexts as before.
 */
static void faults_import_charged(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct fault_op op = {
		.name = "import Kerberos sealed, charged to uid 4242",
		.run = run_import_charged, .undo = undo_import,
	};
	const struct cred *old;
	int room;

	KUNIT_ASSERT_NOT_NULL(test, p);
	krb5_template(p);
	p->ngroups = 0;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &op.h), SEC_E_OK);
	old = become(test, TEST_UID, false);
	op.blob = export_blob(test, &op.h, SECPKG_CONTEXT_EXPORT_DELETE_OLD,
			      &op.len);
	op.keyring = keyring_alloc("ksecdd-test", current_fsuid(),
				   current_fsgid(), current_cred(),
				   KEY_POS_ALL, KEY_ALLOC_NOT_IN_QUOTA, NULL,
				   NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(op.keyring));
	room = fill_quota(test, &op);
	KUNIT_EXPECT_TRUE(test, quota_back(test, &op, room));
	sweep(test, &op);
	KUNIT_EXPECT_GE(test, op.failed, 1);
	KUNIT_EXPECT_TRUE_MSG(test, quota_back(test, &op, room),
			      "the quota no longer holds %d contexts", room);
	kunit_info(test, "%s: %d fault points, %d failed the call; the quota holds %d contexts before and after\n",
		   op.name, op.points, op.failed, room);
	key_revoke(op.keyring);
	key_put(op.keyring);
	revert_creds(old);
}

static SECURITY_STATUS run_export(struct fault_op *op)
{
	op->buf = (SecBuffer){ .BufferType = SECBUFFER_EMPTY };
	return ExportSecurityContext(&op->h, 0, &op->buf, NULL);
}

static void undo_export(struct fault_op *op)
{
	KUNIT_EXPECT_EQ(op->test, FreeContextBuffer(op->buf.pvBuffer),
			SEC_E_OK);
}

static SECURITY_STATUS run_query(struct fault_op *op)
{
	memset(op->attr, 0, sizeof(op->attr));
	return QueryContextAttributesW(&op->h, op->attribute, op->attr);
}

/* Frees what a query handed out, by attribute. */
static void undo_query(struct fault_op *op)
{
	void **p = (void **)op->attr;

	switch (op->attribute) {
	case SECPKG_ATTR_NAMES:
	case SECPKG_ATTR_PACKAGE_INFO:
	case SECPKG_ATTR_NEGOTIATION_INFO:
		FreeContextBuffer(p[0]);
		break;
	case SECPKG_ATTR_KEY_INFO:
		FreeContextBuffer(((SecPkgContext_KeyInfoW *)p)->sSignatureAlgorithmName);
		FreeContextBuffer(((SecPkgContext_KeyInfoW *)p)->sEncryptAlgorithmName);
		break;
	case SECPKG_ATTR_SESSION_KEY:
		FreeContextBuffer(((SecPkgContext_SessionKey *)p)->SessionKey);
		break;
	}
}

static void faults_export_query(struct kunit *test)
{
	static const u32 attrs[] = {
		SECPKG_ATTR_SIZES, SECPKG_ATTR_NAMES, SECPKG_ATTR_LIFESPAN,
		SECPKG_ATTR_KEY_INFO, SECPKG_ATTR_SESSION_KEY,
		SECPKG_ATTR_PACKAGE_INFO, SECPKG_ATTR_NEGOTIATION_INFO,
		SECPKG_ATTR_FLAGS,
	};
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct fault_op op = { };
	char line[200];
	int pkg, i, n;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (pkg = KSECDD_PACKAGE_KERBEROS; pkg <= KSECDD_PACKAGE_NTLM;
	     pkg++) {
		template(p, pkg);
		KUNIT_ASSERT_EQ(test, import_raw(test, p, &op.h), SEC_E_OK);
		op.name = "export";
		op.run = run_export;
		op.undo = undo_export;
		sweep(test, &op);
		KUNIT_EXPECT_GE(test, op.failed, 1);
		n = scnprintf(line, sizeof(line), "export %d/%d, query",
			      op.points, op.failed);
		op.name = "query";
		op.run = run_query;
		op.undo = undo_query;
		for (i = 0; i < ARRAY_SIZE(attrs); i++) {
			op.attribute = attrs[i];
			sweep(test, &op);
			n += scnprintf(line + n, sizeof(line) - n, " %u:%d/%d",
				       attrs[i], op.points, op.failed);
		}
		kunit_info(test, "%s fault points/failed calls: %s\n",
			   pkg_name(pkg), line);
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&op.h), SEC_E_OK);
	}
}

/* Delete runs on a fresh context each time; a failed one is retried. */
static SECURITY_STATUS run_delete(struct fault_op *op)
{
	SECURITY_STATUS status = DeleteSecurityContext(&op->h);

	if (status == SEC_E_INSUFFICIENT_MEMORY)
		KUNIT_EXPECT_EQ(op->test, DeleteSecurityContext(&op->h),
				SEC_E_OK);
	return status;
}

static SECURITY_STATUS run_delete_fresh(struct fault_op *op)
{
	unsigned int nth = current->fail_nth;
	SECURITY_STATUS status;

	current->fail_nth = 0;
	status = import_blob(op->package, op->blob, op->len, NULL, &op->h);
	current->fail_nth = nth;
	return status ?: run_delete(op);
}

/* The message calls allocate nothing: no fault point may fail them. */
static SECURITY_STATUS run_messages(struct fault_op *op)
{
	SecBuffer b[2] = {
		{ 64, SECBUFFER_TOKEN, op->blob },
		{ 16, SECBUFFER_DATA, op->blob + 64 },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	SECURITY_STATUS status;

	status = MakeSignature(&op->peer, 0, &d, 0) ?:
		 VerifySignature(&op->h, &d, 0, NULL);
	if (status)
		return status;
	b[0].cbBuffer = 64;
	return EncryptMessage(&op->peer, 0, &d, 0) ?:
	       DecryptMessage(&op->h, &d, 0, NULL);
}

/*
 * A server and a client context of the NTLM template, whose directions
 * are made the same so that, with or without ESS, each receives what the
 * other sends.
 */
static void ntlm_pair(struct kunit *test, u32 flags, CtxtHandle *srv,
		      CtxtHandle *cli)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	ntlm_template(p);
	p->ntlm.negotiate_flags = flags;
	p->ntlm.server = p->ntlm.client;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, srv), SEC_E_OK);
	p->role = KSECDD_ROLE_INITIATOR;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, cli), SEC_E_OK);
	kunit_kfree(test, p);
}

static void faults_delete_messages(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct fault_op op = { .name = "delete", .run = run_delete_fresh };
	int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	op.package = "Kerberos";
	op.blob = blob_of(test, KSECDD_PACKAGE_KERBEROS, false, &op.len);
	sweep(test, &op);
	kunit_info(test, "delete: %d fault points, %d failed the call\n",
		   op.points, op.failed);

	/* a Kerberos pair numbering from the template's values */
	krb5_template(p);
	p->krb5.recv_seq = p->krb5.recv_seq_initial;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &op.h), SEC_E_OK);
	p->role = KSECDD_ROLE_INITIATOR;
	p->krb5.send_seq = p->krb5.recv_seq_initial;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &op.peer), SEC_E_OK);
	op.name = "sign, verify, encrypt, decrypt";
	op.blob = kunit_kzalloc(test, 80, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, op.blob);
	op.run = run_messages;
	op.undo = NULL;
	sweep(test, &op);
	KUNIT_EXPECT_EQ(test, op.failed, 0);
	kunit_info(test, "%s: %d fault points\n", op.name, op.points);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&op.h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&op.peer), SEC_E_OK);

	/* the same for NTLM, with and without extended session security */
	for (i = 0; i < 2; i++) {
		ntlm_pair(test, i ? 0xe2808235 : 0xe2888235, &op.h, &op.peer);
		op.name = i ? "NTLM without ESS: sign, verify, encrypt, decrypt" :
			      "NTLM: sign, verify, encrypt, decrypt";
		sweep(test, &op);
		KUNIT_EXPECT_EQ(test, op.failed, 0);
		kunit_info(test, "%s: %d fault points\n", op.name, op.points);
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&op.h), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&op.peer),
				SEC_E_OK);
	}
}

/*
 * An integrity-only Wrap token from @cli to @srv in @msg, its length in
 * @tok_len; or, with @receive, its receipt.
 */
static SECURITY_STATUS sign_only_wrap(CtxtHandle *cli, CtxtHandle *srv,
				      u8 *msg, u32 *tok_len, bool receive)
{
	SecBuffer b[2] = {
		{ receive ? *tok_len : 64, SECBUFFER_TOKEN, msg },
		{ 16, SECBUFFER_DATA, msg + 64 },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	SECURITY_STATUS status;
	u32 qop = 0;

	if (receive) {
		status = DecryptMessage(srv, &d, 0, &qop);
		if (!status && qop != SECQOP_WRAP_NO_ENCRYPT)
			status = SEC_E_INTERNAL_ERROR;
		return status;
	}
	status = EncryptMessage(cli, SECQOP_WRAP_NO_ENCRYPT, &d, 0);
	*tok_len = b[0].cbBuffer;
	return status;
}

/*
 * On a fresh pair, fault point @n of the first integrity-only send, or
 * with @receive of the first receipt: the call succeeds or reports
 * SEC_E_INSUFFICIENT_MEMORY, and after a failure the same call succeeds,
 * and the receiver, which checks sequence, takes the token.  Counts the
 * failures in @failed; returns whether the call reached fault point @n.
 */
static bool sign_only_fault(struct kunit *test, struct ksecdd_packed_ctx *p,
			    u8 *msg, int n, bool receive, int *failed)
{
	SECURITY_STATUS status, retry;
	CtxtHandle srv, cli;
	u32 len = 0;
	bool reached;

	krb5_template(p);
	p->krb5.recv_seq = p->krb5.recv_seq_initial;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &srv), SEC_E_OK);
	p->role = KSECDD_ROLE_INITIATOR;
	p->krb5.send_seq = p->krb5.recv_seq_initial;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &cli), SEC_E_OK);
	if (receive)
		KUNIT_EXPECT_EQ(test,
				sign_only_wrap(&cli, &srv, msg, &len, false),
				SEC_E_OK);
	current->fail_nth = n;
	status = sign_only_wrap(&cli, &srv, msg, &len, receive);
	reached = !current->fail_nth;
	current->fail_nth = 0;
	retry = status;
	if (status != SEC_E_OK) {
		(*failed)++;
		retry = sign_only_wrap(&cli, &srv, msg, &len, receive);
	}
	KUNIT_EXPECT_TRUE_MSG(test, status == SEC_E_OK ||
			      status == SEC_E_INSUFFICIENT_MEMORY,
			      "fault point %d: status %x", n, status);
	KUNIT_EXPECT_EQ(test, retry, SEC_E_OK);
	if (!receive)
		KUNIT_EXPECT_EQ(test,
				sign_only_wrap(&cli, &srv, msg, &len, true),
				SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&srv), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&cli), SEC_E_OK);
	return reached;
}

/*
 * The first integrity-only Wrap token each way keys its seal usage's
 * checksum key: every fault point of the first send, then of the first
 * receipt, failed in turn.  Some must fail the call (the allocation is
 * on the message path), none may leave anything behind: the failed send
 * used no sequence number, the failed receipt marked none.
 */
static void faults_sign_only_wrap(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	u8 *msg = kunit_kzalloc(test, 80, GFP_KERNEL);
	struct leak_baseline base;
	int n, side, failed;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	leak_baseline(&base);
	for (side = 0; side < 2; side++) {
		failed = 0;
		for (n = 1; n <= SWEEP_MAX; n++) {
			bool reached = sign_only_fault(test, p, msg, n, side,
						       &failed);

			expect_no_leak(test, &base);
			if (!reached)
				break;
		}
		KUNIT_EXPECT_LE(test, n, SWEEP_MAX);
		KUNIT_EXPECT_GT(test, failed, 0);
		kunit_info(test, "%s: %d fault points, %d failed the call\n",
			   side ? "first integrity-only receipt" :
				  "first integrity-only send", n - 1, failed);
	}
}

/* Pages of a message whose scatterlist the stack table cannot hold */
#define PAGED	(KSECDD_KRB5_VEC_MAX + 4)

struct paged {
	struct scattered s;
	u8 *orig;	/* the plaintext */
	u8 *wire;	/* what the buffers hold before the call */
	u8 tok[96];
	u32 tok_len;
};

static SECURITY_STATUS paged_call(CtxtHandle *h, struct paged *pg,
				  bool receive)
{
	SecBuffer b[2] = {
		{ pg->tok_len, SECBUFFER_TOKEN, pg->tok },
		{ PAGED * PAGE_SIZE, SECBUFFER_DATA, pg->s.addr },
	};
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	SECURITY_STATUS status;

	if (receive)
		return DecryptMessage(h, &d, 0, NULL);
	status = EncryptMessage(h, 0, &d, 0);
	pg->tok_len = b[0].cbBuffer;
	return status;
}

/*
 * On a fresh pair, fault point @n of a send of @pg, or with @receive of
 * its receipt: the call succeeds or reports SEC_E_INSUFFICIENT_MEMORY
 * having changed no byte, and then the same call succeeds and the
 * receiver, which checks sequence, takes the token.  Counts the failures
 * in @failed; returns whether the call reached fault point @n.
 */
static bool paged_fault(struct kunit *test, struct ksecdd_packed_ctx *p,
			struct paged *pg, int n, bool receive, int *failed)
{
	const size_t total = PAGED * PAGE_SIZE;
	SECURITY_STATUS status, retry;
	CtxtHandle srv, cli;
	bool reached;

	krb5_template(p);
	p->krb5.recv_seq = p->krb5.recv_seq_initial;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &srv), SEC_E_OK);
	p->role = KSECDD_ROLE_INITIATOR;
	p->krb5.send_seq = p->krb5.recv_seq_initial;
	KUNIT_ASSERT_EQ(test, import_raw(test, p, &cli), SEC_E_OK);
	memcpy(pg->s.addr, pg->orig, total);
	pg->tok_len = sizeof(pg->tok);
	if (receive)
		KUNIT_EXPECT_EQ(test, paged_call(&cli, pg, false), SEC_E_OK);
	memcpy(pg->wire, pg->s.addr, total);
	current->fail_nth = n;
	status = paged_call(receive ? &srv : &cli, pg, receive);
	reached = !current->fail_nth;
	current->fail_nth = 0;
	retry = status;
	if (status != SEC_E_OK) {
		(*failed)++;
		KUNIT_EXPECT_EQ(test, memcmp(pg->s.addr, pg->wire, total), 0);
		retry = paged_call(receive ? &srv : &cli, pg, receive);
	}
	KUNIT_EXPECT_TRUE_MSG(test, status == SEC_E_OK ||
			      status == SEC_E_INSUFFICIENT_MEMORY,
			      "fault point %d: status %x", n, status);
	KUNIT_EXPECT_EQ(test, retry, SEC_E_OK);
	if (!receive)
		KUNIT_EXPECT_EQ(test, paged_call(&srv, pg, true), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, memcmp(pg->s.addr, pg->orig, total), 0);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&srv), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&cli), SEC_E_OK);
	return reached;
}

/*
 * A sealed message in more vmalloc pages than the stack's scatterlist
 * holds allocates its table: every fault point of a send, then of a
 * receipt, failed in turn.  Some must fail the call, none may leave
 * anything behind: the failed send used no sequence number, the failed
 * receipt marked none and changed no byte.
 */
static void faults_paged_wrap(struct kunit *test)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);
	struct paged *pg = kunit_kzalloc(test, sizeof(*pg), GFP_KERNEL);
	struct leak_baseline base;
	int n, side, failed;
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, pg);
	pg->orig = kunit_kmalloc(test, PAGED * PAGE_SIZE, GFP_KERNEL);
	pg->wire = kunit_kmalloc(test, PAGED * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pg->orig);
	KUNIT_ASSERT_NOT_NULL(test, pg->wire);
	for (i = 0; i < PAGED * PAGE_SIZE; i++)
		pg->orig[i] = i * 29;
	scattered_map(test, &pg->s, PAGED, false);
	leak_baseline(&base);
	for (side = 0; side < 2; side++) {
		failed = 0;
		for (n = 1; n <= SWEEP_MAX; n++) {
			bool reached = paged_fault(test, p, pg, n, side,
						   &failed);

			expect_no_leak(test, &base);
			if (!reached)
				break;
		}
		KUNIT_EXPECT_LE(test, n, SWEEP_MAX);
		KUNIT_EXPECT_GT(test, failed, 0);
		kunit_info(test, "%s: %d fault points, %d failed the call\n",
			   side ? "paged receipt" : "paged send", n - 1,
			   failed);
	}
	scattered_unmap(&pg->s);
}

static void count_message(u32 *counts, SECURITY_STATUS status)
{
	static const SECURITY_STATUS known[] = {
		SEC_E_OK, SEC_E_INVALID_TOKEN, SEC_E_MESSAGE_ALTERED,
		SEC_E_OUT_OF_SEQUENCE,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known) && known[i] != status; i++)
		;
	counts[i]++;
}

/*
 * Every single-bit flip of one signed or sealed message (its 16-byte
 * signature and its 32 bytes of data) is refused; then the message as
 * it was sent is accepted, so no refusal moved the receiver.  Without
 * ESS the RandomPad field is covered by nothing (ntlm_wrap.c) and is
 * left out.
 */
static void ntlm_flips(struct kunit *test, CtxtHandle *srv, CtxtHandle *cli,
		       bool sealed, bool ess)
{
	u8 *tok = kunit_kzalloc(test, 48, GFP_KERNEL);
	u8 *copy = kunit_kzalloc(test, 48, GFP_KERNEL);
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	u32 bit, counts[5] = { };

	KUNIT_ASSERT_NOT_NULL(test, tok);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	b[0] = (SecBuffer){ 16, SECBUFFER_TOKEN, tok };
	b[1] = (SecBuffer){ 32, SECBUFFER_DATA, tok + 16 };
	memset(tok + 16, 0x5a, 32);
	KUNIT_ASSERT_EQ(test, sealed ? EncryptMessage(cli, 0, &d, 0) :
				       MakeSignature(cli, 0, &d, 0), SEC_E_OK);
	for (bit = 0; bit < 48 * 8; bit++) {
		if (!ess && bit >= 32 && bit < 64)
			continue;
		memcpy(copy, tok, 48);
		copy[bit / 8] ^= BIT(bit % 8);
		b[0].pvBuffer = copy;
		b[1].pvBuffer = copy + 16;
		count_message(counts, sealed ? DecryptMessage(srv, &d, 0, NULL) :
				      VerifySignature(srv, &d, 0, NULL));
	}
	b[0].pvBuffer = tok;
	b[1].pvBuffer = tok + 16;
	KUNIT_EXPECT_EQ(test, counts[0], 0U);
	KUNIT_EXPECT_EQ(test, counts[4], 0U);
	KUNIT_EXPECT_EQ(test, sealed ? DecryptMessage(srv, &d, 0, NULL) :
				       VerifySignature(srv, &d, 0, NULL),
			SEC_E_OK);
	kunit_info(test,
		   "%s, %s: %u bit flips, %u accepted; refused: INVALID_TOKEN %u, MESSAGE_ALTERED %u, OUT_OF_SEQUENCE %u, other %u\n",
		   ess ? "ESS" : "no ESS", sealed ? "sealed" : "signed",
		   ess ? 48 * 8 : 48 * 8 - 32, counts[0], counts[1],
		   counts[2], counts[3], counts[4]);
}

/*
 * One case per kind of NTLM context: Linux 6.1 keeps 512 bytes of each
 * case's log, and four summaries would not fit with the result line.
 */
static void ntlm_bit_flips(struct kunit *test, bool ess)
{
	struct leak_baseline base;
	CtxtHandle srv, cli;

	leak_baseline(&base);
	ntlm_pair(test, ess ? 0xe2888235 : 0xe2808235, &srv, &cli);
	ntlm_flips(test, &srv, &cli, false, ess);
	ntlm_flips(test, &srv, &cli, true, ess);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&srv), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&cli), SEC_E_OK);
	expect_no_leak(test, &base);
}

static void ntlm_message_bit_flips_ess(struct kunit *test)
{
	ntlm_bit_flips(test, true);
}

static void ntlm_message_bit_flips_no_ess(struct kunit *test)
{
	ntlm_bit_flips(test, false);
}

static int faults_init(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_FAILSLAB))
		kunit_skip(test, "needs CONFIG_FAILSLAB");
	return 0;
}

static struct kunit_case ksecdd_faults_cases[] = {
	KUNIT_CASE(sealed_bit_flips),
	KUNIT_CASE(faults_import),
	KUNIT_CASE(faults_import_charged),
	KUNIT_CASE(faults_export_query),
	KUNIT_CASE(faults_delete_messages),
	KUNIT_CASE(faults_sign_only_wrap),
	KUNIT_CASE(faults_paged_wrap),
	KUNIT_CASE(ntlm_message_bit_flips_ess),
	KUNIT_CASE(ntlm_message_bit_flips_no_ess),
	{}
};

struct kunit_suite ksecdd_faults_suite = {
	.name = "ksecdd_faults",
	.init = faults_init,
	.test_cases = ksecdd_faults_cases,
};
