// SPDX-License-Identifier: GPL-2.0
/*
 * Handshakes against a fake broker.
 *
 * The fake broker is a kernel thread attached to init_net through
 * broker.c's own functions, as /dev/ksecdd's read() and ioctls call them.
 * It answers by the peer token it reads: "one" completes in one leg,
 * "first" continues and "second" completes on the session "first" began,
 * "bad" fails, "silent" and a credential for "hold" are never answered,
 * "probe" is first answered wrongly in every way the channel refuses,
 * "detach" makes the broker go with requests pending, "ntlm" completes
 * with an NTLM context (what a Negotiate handshake that fell back to
 * NTLM, or an NTLM one, gives).  An initiator's
 * first leg continues, its second completes.  Completed legs carry a raw
 * packed context built with the codec, as the real broker builds one with
 * libksecdd.
 */

#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/broker.h"
#include "../ksecdd/context.h"
#include "../ksecdd/cred.h"
#include "../ksecdd/handshake.h"
#include "suites.h"
#include "util.h"

#define SESSION_ACCEPT	77
#define SESSION_INIT	88
#define NAME		"cifs/server.ksecdd.test@KSECDD.TEST"
#define PROBES		7
/* More fault points than any path has; reaching it is a failure. */
#define SWEEP_MAX	1000

struct fake {
	struct kunit *test;
	struct ksecdd_broker *broker;
	struct task_struct *thread;
	void *buf;
	u8 *acceptor;
	u32 acceptor_len;
	u8 *initiator;
	u32 initiator_len;
	u8 *ntlm;
	u32 ntlm_len;
	u32 last_mech;
	atomic_t reads;
	atomic_t releases;
	u64 last_release;
	u64 silent_id;
	int probe[PROBES];
	struct completion go;
	bool stop;
	bool detached;
};

static struct fake *the_fake;

static bool token_is(const struct ksecdd_broker_request *req,
		     const char *word)
{
	const u8 *token = (const u8 *)(req + 1) + req->principal_len +
			  req->target_len;

	return req->token_len == strlen(word) &&
	       !memcmp(token, word, req->token_len);
}

static bool principal_is(const struct ksecdd_broker_request *req,
			 const char *word)
{
	return req->principal_len == strlen(word) &&
	       !memcmp(req + 1, word, req->principal_len);
}

static int answer(struct fake *f, u64 id, SECURITY_STATUS result,
		  u64 session, const char *token, const u8 *blob, u32 blob_len)
{
	struct ksecdd_ioc_broker_answer a = {
		.size = sizeof(a),
		.id = id,
		.result = result,
		.attrs = ASC_RET_MUTUAL_AUTH | ASC_RET_INTEGRITY,
		.expiry = ktime_get_real_seconds() + 3600,
		.session = session,
		.token_len = token ? strlen(token) : 0,
		.blob_len = blob_len,
	};

	return ksecdd_broker_answer(f->broker, &a, token, blob, NULL);
}

/* Every kind of answer the channel refuses, then a good one. */
static void probe(struct fake *f, const struct ksecdd_broker_request *req)
{
	struct ksecdd_ioc_broker_answer a = {
		.size = sizeof(a), .id = req->id, .result = SEC_E_OK,
		.blob_len = f->acceptor_len,
	};
	int i = 0;

	a.result = SEC_I_COMPLETE_NEEDED;
	f->probe[i++] = ksecdd_broker_answer(f->broker, &a, NULL, f->acceptor,
					     NULL);
	a.result = SEC_I_CONTINUE_NEEDED;
	a.blob_len = 0;
	a.token_len = 4;
	f->probe[i++] = ksecdd_broker_answer(f->broker, &a, "cont", NULL,
					     NULL);
	a.result = SEC_E_OK;
	a.token_len = KSECDD_BROKER_TOKEN_MAX + 1;
	a.blob_len = f->acceptor_len;
	f->probe[i++] = ksecdd_broker_answer(f->broker, &a, f->buf,
					     f->acceptor, NULL);
	a.token_len = 0;
	a.blob_len = 0;
	f->probe[i++] = ksecdd_broker_answer(f->broker, &a, NULL, NULL, NULL);
	a.blob_len = f->acceptor_len;
	a.name_len = 4;
	f->probe[i++] = ksecdd_broker_answer(f->broker, &a, NULL, f->acceptor,
					     "name");
	a.name_len = 0;
	a.id = req->id + 1000;
	f->probe[i++] = ksecdd_broker_answer(f->broker, &a, NULL, f->acceptor,
					     NULL);
	a.id = req->id;
	a.result = SEC_E_LOGON_DENIED;
	f->probe[i++] = ksecdd_broker_answer(f->broker, &a, NULL, f->acceptor,
					     NULL);
	answer(f, req->id, SEC_E_OK, 0, "ok", f->acceptor, f->acceptor_len);
}

/* Answers once the test has tried a second leg meanwhile. */
static void slow_answer(struct fake *f, const struct ksecdd_broker_request *req)
{
	atomic_inc(&f->reads);
	wait_for_completion_timeout(&f->go, 10 * HZ);
	answer(f, req->id, SEC_E_OK, 0, NULL, f->acceptor, f->acceptor_len);
}

static void acquire(struct fake *f, const struct ksecdd_broker_request *req)
{
	struct ksecdd_ioc_broker_answer a = {
		.size = sizeof(a), .id = req->id, .result = SEC_E_OK,
		.expiry = ktime_get_real_seconds() + 7200,
		.name_len = strlen(NAME),
	};

	if (principal_is(req, "hold"))
		return;
	if (principal_is(req, "missing")) {
		a.result = SEC_E_NO_CREDENTIALS;
		a.name_len = 0;
	}
	ksecdd_broker_answer(f->broker, &a, NULL, NULL, NAME);
}

static void accept_leg(struct fake *f, const struct ksecdd_broker_request *req)
{
	if (token_is(req, "one"))
		answer(f, req->id, SEC_E_OK, 0, "ap-rep", f->acceptor,
		       f->acceptor_len);
	else if (token_is(req, "first"))
		answer(f, req->id, SEC_I_CONTINUE_NEEDED, SESSION_ACCEPT,
		       "cont", NULL, 0);
	else if (token_is(req, "second") && req->session == SESSION_ACCEPT)
		answer(f, req->id, SEC_E_OK, 0, NULL, f->acceptor,
		       f->acceptor_len);
	else if (token_is(req, "slow") && req->session == SESSION_ACCEPT)
		slow_answer(f, req);
	else if (token_is(req, "ntlm"))
		answer(f, req->id, SEC_E_OK, 0, NULL, f->ntlm, f->ntlm_len);
	else if (token_is(req, "krb-error"))
		answer(f, req->id, SEC_E_TIME_SKEW, 0, "error", NULL, 0);
	else if (token_is(req, "probe"))
		probe(f, req);
	else if (token_is(req, "silent"))
		WRITE_ONCE(f->silent_id, req->id);
	else if (token_is(req, "detach"))
		f->detached = true;
	else
		answer(f, req->id, SEC_E_LOGON_DENIED, 0, NULL, NULL, 0);
}

static void init_leg(struct fake *f, const struct ksecdd_broker_request *req)
{
	if (!req->session && req->target_len && !req->token_len)
		answer(f, req->id, SEC_I_CONTINUE_NEEDED, SESSION_INIT,
		       "ap-req", NULL, 0);
	else if (req->session == SESSION_INIT && token_is(req, "ap-rep"))
		answer(f, req->id, SEC_E_OK, 0, NULL, f->initiator,
		       f->initiator_len);
	else
		answer(f, req->id, SEC_E_TARGET_UNKNOWN, 0, NULL, NULL, 0);
}

static void serve(struct fake *f, const struct ksecdd_broker_request *req)
{
	WRITE_ONCE(f->last_mech, req->mech);
	switch (req->op) {
	case KSECDD_BROKER_ACQUIRE:
		acquire(f, req);
		break;
	case KSECDD_BROKER_ACCEPT:
		accept_leg(f, req);
		break;
	case KSECDD_BROKER_INIT:
		init_leg(f, req);
		break;
	case KSECDD_BROKER_RELEASE:
		WRITE_ONCE(f->last_release, req->session);
		atomic_inc(&f->releases);
		break;
	}
}

static int fake_thread(void *data)
{
	struct fake *f = data;
	struct kvec kv = { f->buf, KSECDD_BROKER_REQUEST_MAX };
	struct iov_iter to;
	ssize_t n;

	while (!f->detached) {
		iov_iter_kvec(&to, READ, &kv, 1, kv.iov_len);
		n = ksecdd_broker_read(f->broker, &to, false);
		if (n <= 0 || READ_ONCE(f->stop))
			break;
		atomic_inc(&f->reads);
		serve(f, f->buf);
	}
	/* only the reader may detach: the detach drops the broker */
	ksecdd_broker_detach(f->broker);
	WRITE_ONCE(f->detached, true);
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

#define NTLM_CLIENT	"KSECDD\\alice"

static void blobs(struct kunit *test, struct fake *f)
{
	struct ksecdd_packed_ctx *p = kunit_kzalloc(test, sizeof(*p),
						    GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	ntlm_template(p);
	p->client_name = NTLM_CLIENT;
	p->client_name_len = strlen(NTLM_CLIENT);
	f->ntlm = raw_blob(test, p, &f->ntlm_len);
	krb5_template(p);
	f->acceptor = raw_blob(test, p, &f->acceptor_len);
	p->role = KSECDD_ROLE_INITIATOR;
	p->has_identity = false;
	p->flags = ISC_RET_MUTUAL_AUTH | ISC_RET_INTEGRITY;
	f->initiator = raw_blob(test, p, &f->initiator_len);
}

/* A fake broker for init_net; with @serving, a thread reads and answers. */
static struct fake *fake_start(struct kunit *test, bool serving)
{
	struct fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->test = test;
	init_completion(&f->go);
	f->buf = kunit_kzalloc(test, KSECDD_BROKER_REQUEST_MAX + 2,
			       GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->buf);
	blobs(test, f);
	f->broker = ksecdd_broker_attach(&init_net);
	if (IS_ERR(f->broker))
		kunit_skip(test, "a broker serves init_net already");
	the_fake = f;
	if (!serving)
		return f;
	f->thread = kthread_run(fake_thread, f, "ksecdd-fake-broker");
	KUNIT_ASSERT_FALSE(test, IS_ERR(f->thread));
	return f;
}

/* The broker goes; waits for its thread. */
static void fake_stop(struct fake *f)
{
	if (!f || !f->broker)
		return;
	if (!f->thread) {
		if (!f->detached)
			ksecdd_broker_detach(f->broker);
	} else {
		WRITE_ONCE(f->stop, true);
		/* wakes the reader with a request, if it still reads */
		ksecdd_broker_release(&init_net, 1);
		kthread_stop(f->thread);
	}
	f->broker = NULL;
	the_fake = NULL;
}

static struct leak_baseline suite_base;

static int handshake_init(struct kunit *test)
{
	leak_baseline(&suite_base);
	return 0;
}

static void handshake_exit(struct kunit *test)
{
	fake_stop(the_fake);
	ksecdd_broker_timeout = KSECDD_BROKER_TIMEOUT;
	ksecdd_broker_queue_max = KSECDD_BROKER_QUEUE_MAX;
	ksecdd_handshake_lifetime = KSECDD_HANDSHAKE_LIFETIME;
	expect_no_leak(test, &suite_base);
}

/* A Windows counted string of an ASCII one, test-owned. */
static SECURITY_STRING *wstr(struct kunit *test, const char *s)
{
	SECURITY_STRING *str = kunit_kzalloc(test, sizeof(*str), GFP_KERNEL);
	size_t i, len = strlen(s);

	KUNIT_ASSERT_NOT_NULL(test, str);
	str->Buffer = kunit_kcalloc(test, len + 1, sizeof(SEC_WCHAR),
				    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, str->Buffer);
	for (i = 0; i < len; i++)
		str->Buffer[i] = s[i];
	str->Length = len * sizeof(SEC_WCHAR);
	str->MaximumLength = str->Length;
	return str;
}

static SECURITY_STATUS acquire_cred(struct kunit *test, const char *package,
				    const char *principal, u32 use,
				    CredHandle *h)
{
	TimeStamp expiry;

	return AcquireCredentialsHandleW(principal ? wstr(test, principal) :
					 NULL, wstr(test, package), use, NULL,
					 NULL, NULL, NULL, h, &expiry);
}

/* Inbound credentials of @package, or the test ends. */
static void acquire_inbound(struct kunit *test, const char *package,
			    CredHandle *h)
{
	KUNIT_ASSERT_EQ(test, acquire_cred(test, package, NULL,
					   SECPKG_CRED_INBOUND, h), SEC_E_OK);
}

/* One leg's buffers: the peer's token in, room for the answer out. */
struct leg_bufs {
	SecBuffer in[2];
	SecBufferDesc in_desc;
	SecBuffer out[1];
	SecBufferDesc out_desc;
	u8 room[64];
	u32 attrs;
	TimeStamp expiry;
};

static void leg_bufs_init(struct leg_bufs *b, const char *token, u32 room)
{
	memset(b, 0, sizeof(*b));
	b->in[0] = (SecBuffer){ token ? strlen(token) : 0, SECBUFFER_TOKEN,
				(void *)token };
	b->in[1] = (SecBuffer){ 0, SECBUFFER_EMPTY, NULL };
	b->in_desc = (SecBufferDesc){ SECBUFFER_VERSION, 2, b->in };
	b->out[0] = (SecBuffer){ room, SECBUFFER_TOKEN, b->room };
	b->out_desc = (SecBufferDesc){ SECBUFFER_VERSION, 1, b->out };
}

static struct leg_bufs *leg_bufs(struct kunit *test, const char *token,
				 u32 room)
{
	struct leg_bufs *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	leg_bufs_init(b, token, room);
	return b;
}

static SECURITY_STATUS accept_leg_call(struct kunit *test, CredHandle *cred,
				       CtxtHandle *ctx, const char *token,
				       u32 req, CtxtHandle *new_ctx,
				       struct leg_bufs **bufs, u32 room)
{
	struct leg_bufs *b = leg_bufs(test, token, room);

	if (bufs)
		*bufs = b;
	return AcceptSecurityContext(cred, ctx, &b->in_desc, req,
				     SECURITY_NATIVE_DREP, new_ctx,
				     &b->out_desc, &b->attrs, &b->expiry);
}

static void expect_out(struct kunit *test, struct leg_bufs *b,
		       const char *token)
{
	KUNIT_EXPECT_EQ(test, b->out[0].cbBuffer, (u32)strlen(token));
	KUNIT_EXPECT_EQ(test, memcmp(b->out[0].pvBuffer, token,
				     strlen(token)), 0);
}

/* A context that signs is an established one. */
static SECURITY_STATUS sign(struct kunit *test, CtxtHandle *h)
{
	static const char msg[] = "a message";
	SecPkgContext_Sizes sizes;
	SecBuffer b[2];
	SecBufferDesc d = { SECBUFFER_VERSION, 2, b };
	SECURITY_STATUS status;

	status = QueryContextAttributesW(h, SECPKG_ATTR_SIZES, &sizes);
	if (status != SEC_E_OK)
		return status;
	b[0] = (SecBuffer){ sizeof(msg), SECBUFFER_DATA,
			    kunit_kmalloc(test, sizeof(msg), GFP_KERNEL) };
	b[1] = (SecBuffer){ sizes.cbMaxSignature, SECBUFFER_TOKEN,
			    kunit_kmalloc(test, sizes.cbMaxSignature,
					  GFP_KERNEL) };
	KUNIT_ASSERT_NOT_NULL(test, b[0].pvBuffer);
	KUNIT_ASSERT_NOT_NULL(test, b[1].pvBuffer);
	memcpy(b[0].pvBuffer, msg, sizeof(msg));
	return MakeSignature(h, 0, &d, 0);
}

/* Waits until the fake broker has read @n requests. */
static void wait_reads(struct kunit *test, struct fake *f, int n)
{
	int waited;

	for (waited = 0; waited < 10000 && atomic_read(&f->reads) < n;
	     waited += 20)
		msleep(20);
	KUNIT_ASSERT_GE(test, atomic_read(&f->reads), n);
}

static void wait_releases(struct kunit *test, struct fake *f, int n)
{
	int waited;

	for (waited = 0; waited < 10000 && atomic_read(&f->releases) < n;
	     waited += 20)
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->releases), n);
}

static void no_broker(struct kunit *test)
{
	unsigned long start = jiffies;
	CredHandle cred = { 1, 2 };
	CtxtHandle ctx;

	struct ksecdd_broker *broker = ksecdd_broker_attach(&init_net);

	if (IS_ERR(broker))
		kunit_skip(test, "a broker serves init_net");
	ksecdd_broker_detach(broker);
	KUNIT_EXPECT_EQ(test, acquire_cred(test, "Kerberos", NULL,
					   SECPKG_CRED_INBOUND, &cred),
			SEC_E_NO_AUTHENTICATING_AUTHORITY);
	KUNIT_EXPECT_LT(test, jiffies - start, (unsigned long)HZ);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "one", 0,
					      &ctx, NULL, 64),
			SEC_E_INVALID_HANDLE);
}

/* Kerberos OUTBOUND with @logon_id and @auth_data, as Windows passes them */
static SECURITY_STATUS acquire_with(struct kunit *test, void *logon_id,
				    void *auth_data, CredHandle *h,
				    TimeStamp *expiry)
{
	return AcquireCredentialsHandleW(NULL, wstr(test, "kerberos"),
					 logon_id || auth_data ?
					 SECPKG_CRED_OUTBOUND :
					 SECPKG_CRED_INBOUND, logon_id,
					 auth_data, NULL, NULL, h, expiry);
}

static SECURITY_STATUS query_names(CredHandle *h, u32 attr,
				   SecPkgCredentials_NamesW *names)
{
	return QueryCredentialsAttributesW(h, attr, names);
}

static void acquire_credentials(struct kunit *test)
{
	struct fake *f = fake_start(test, true);
	SecPkgCredentials_NamesW names;
	CredHandle h, both;
	TimeStamp expiry;
	int reads;
	size_t i;

	KUNIT_ASSERT_EQ(test, acquire_with(test, NULL, NULL, &h, &expiry),
			SEC_E_OK);
	KUNIT_EXPECT_GT(test, expiry.QuadPart, 0LL);
	KUNIT_ASSERT_EQ(test, query_names(&h, SECPKG_CRED_ATTR_NAMES, &names),
			SEC_E_OK);
	for (i = 0; i < strlen(NAME); i++)
		KUNIT_EXPECT_EQ(test, names.sUserName[i], (SEC_WCHAR)NAME[i]);
	KUNIT_EXPECT_EQ(test, names.sUserName[i], 0);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(names.sUserName), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, query_names(&h, SECPKG_CRED_ATTR_SSI_PROVIDER,
					  &names), SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, ksecdd_cred_count(), suite_base.creds + 1);

	/* both directions asked */
	reads = atomic_read(&f->reads);
	KUNIT_ASSERT_EQ(test, acquire_cred(test, "Negotiate", "svc",
					   SECPKG_CRED_BOTH, &both), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->reads), reads + 2);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&both), SEC_E_OK);

	KUNIT_EXPECT_EQ(test, acquire_cred(test, "Kerberos", "missing",
					   SECPKG_CRED_INBOUND, &both),
			SEC_E_NO_CREDENTIALS);
	KUNIT_EXPECT_EQ(test, acquire_cred(test, "Digest", NULL,
					   SECPKG_CRED_INBOUND, &both),
			SEC_E_SECPKG_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, acquire_cred(test, "Kerberos", NULL, 0, &both),
			SEC_E_INVALID_PARAMETER);
	/* no logon sessions, no passwords */
	KUNIT_EXPECT_EQ(test, acquire_with(test, NULL, &both, &both, NULL),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, acquire_with(test, &both, NULL, &both, NULL),
			SEC_E_UNSUPPORTED_FUNCTION);

	/* stale handles */
	both = h;
	both.dwUpper ^= 1;
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&both),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&h), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&h), SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, query_names(&h, SECPKG_CRED_ATTR_NAMES, &names),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ksecdd_cred_count(), suite_base.creds);
}

static void expect_wstr(struct kunit *test, const SEC_WCHAR *w,
			const char *s)
{
	size_t i;

	for (i = 0; i < strlen(s); i++)
		KUNIT_EXPECT_EQ(test, w[i], (SEC_WCHAR)s[i]);
	KUNIT_EXPECT_EQ(test, w[i], 0);
}

/* What Windows reports for NTLM, under Negotiate too (Wine's tests). */
static void expect_ntlm_context(struct kunit *test, CtxtHandle *ctx)
{
	SecPkgContext_NegotiationInfoW nego;
	SecPkgContext_PackageInfoW info;
	SecPkgContext_NamesW names;
	SecPkgContext_Sizes sizes;

	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(ctx,
						      SECPKG_ATTR_PACKAGE_INFO,
						      &info), SEC_E_OK);
	expect_wstr(test, info.PackageInfo->Name, "NTLM");
	KUNIT_EXPECT_EQ(test, info.PackageInfo->wRPCID, RPC_C_AUTHN_WINNT);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(info.PackageInfo), SEC_E_OK);
	KUNIT_ASSERT_EQ(test,
			QueryContextAttributesW(ctx, SECPKG_ATTR_NEGOTIATION_INFO,
						&nego), SEC_E_OK);
	expect_wstr(test, nego.PackageInfo->Name, "NTLM");
	KUNIT_EXPECT_EQ(test, nego.NegotiationState,
			(u32)SECPKG_NEGOTIATION_COMPLETE);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(nego.PackageInfo), SEC_E_OK);
	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(ctx, SECPKG_ATTR_NAMES,
						      &names), SEC_E_OK);
	expect_wstr(test, names.sUserName, NTLM_CLIENT);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(names.sUserName), SEC_E_OK);
	KUNIT_ASSERT_EQ(test, QueryContextAttributesW(ctx, SECPKG_ATTR_SIZES,
						      &sizes), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, sizes.cbMaxToken, 2888U);
	KUNIT_EXPECT_EQ(test, sizes.cbMaxSignature, 16U);
	KUNIT_EXPECT_EQ(test, sizes.cbBlockSize, 0U);
	KUNIT_EXPECT_EQ(test, sizes.cbSecurityTrailer, 16U);
	KUNIT_EXPECT_EQ(test, sign(test, ctx), SEC_E_OK);
}

/*
 * NTLM credentials go to the broker as its own mechanism, inbound only;
 * NTLM and Negotiate handshakes that end in NTLM give NTLM contexts.
 */
static void ntlm_handshakes(struct kunit *test)
{
	struct fake *f = fake_start(test, true);
	static const char *const packages[] = { "NTLM", "Negotiate" };
	static const u32 mechs[] = { KSECDD_BROKER_MECH_NTLM,
				     KSECDD_BROKER_MECH_NEGOTIATE };
	CredHandle cred;
	CtxtHandle ctx;
	size_t i;
	int reads;

	for (i = 0; i < ARRAY_SIZE(packages); i++) {
		acquire_inbound(test, packages[i], &cred);
		KUNIT_EXPECT_EQ(test, READ_ONCE(f->last_mech), mechs[i]);
		KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL,
						      "ntlm", 0, &ctx, NULL,
						      64), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, READ_ONCE(f->last_mech), mechs[i]);
		expect_ntlm_context(test, &ctx);
		KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx), SEC_E_OK);
		KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
	}

	/* no NTLM initiator: refused before the broker hears of it */
	reads = atomic_read(&f->reads);
	KUNIT_EXPECT_EQ(test, acquire_cred(test, "ntlm", NULL,
					   SECPKG_CRED_OUTBOUND, &cred),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, acquire_cred(test, "NTLM", NULL,
					   SECPKG_CRED_BOTH, &cred),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->reads), reads);
	KUNIT_EXPECT_EQ(test, ksecdd_cred_count(), suite_base.creds);
}

static void accept_one_leg(struct kunit *test)
{
	struct leg_bufs *b;
	CredHandle cred;
	CtxtHandle ctx;

	fake_start(test, true);
	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "one",
					      ASC_REQ_MUTUAL_AUTH, &ctx, &b,
					      64), SEC_E_OK);
	expect_out(test, b, "ap-rep");
	KUNIT_EXPECT_EQ(test, b->attrs,
			(u32)(ASC_RET_MUTUAL_AUTH | ASC_RET_INTEGRITY));
	KUNIT_EXPECT_GT(test, b->expiry.QuadPart, 0LL);
	KUNIT_EXPECT_EQ(test, sign(test, &ctx), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), suite_base.contexts + 1);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, sign(test, &ctx), SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* Windows callers pass the same handle in and out: it must stay valid. */
static void accept_two_legs_same_handle(struct kunit *test)
{
	struct leg_bufs *b;
	CredHandle cred;
	CtxtHandle ctx, first;

	fake_start(test, true);
	acquire_inbound(test, "Negotiate", &cred);
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "first", 0,
					      &ctx, &b, 64),
			SEC_I_CONTINUE_NEEDED);
	expect_out(test, b, "cont");
	first = ctx;
	/* a partial context is no context for the other calls */
	KUNIT_EXPECT_EQ(test, sign(test, &ctx), SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, export_status(&ctx, 0), SEC_E_INVALID_HANDLE);
	/* the credential may go: the partial context holds it */
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);

	KUNIT_ASSERT_EQ(test, accept_leg_call(test, NULL, &ctx, "second", 0,
					      &ctx, &b, 64), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, b->out[0].cbBuffer, 0U);
	KUNIT_EXPECT_EQ(test, ctx.dwLower, first.dwLower);
	KUNIT_EXPECT_EQ(test, ctx.dwUpper, first.dwUpper);
	KUNIT_EXPECT_EQ(test, sign(test, &ctx), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, export_status(&ctx, 0), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), suite_base.contexts + 1);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx), SEC_E_OK);
}

static SECURITY_STATUS init_leg_call(struct kunit *test, CredHandle *cred,
				     CtxtHandle *ctx, const char *target,
				     const char *token, CtxtHandle *new_ctx,
				     struct leg_bufs **bufs)
{
	struct leg_bufs *b = leg_bufs(test, token, 64);

	*bufs = b;
	return InitializeSecurityContextW(cred, ctx,
					  target ? wstr(test, target) : NULL,
					  ISC_REQ_MUTUAL_AUTH, 0,
					  SECURITY_NATIVE_DREP,
					  token ? &b->in_desc : NULL, 0,
					  new_ctx, &b->out_desc, &b->attrs,
					  &b->expiry);
}

static void initialize_two_legs(struct kunit *test)
{
	struct leg_bufs *b;
	CredHandle cred, inbound;
	CtxtHandle ctx, first;

	fake_start(test, true);
	KUNIT_ASSERT_EQ(test, acquire_cred(test, "Kerberos", NULL,
					   SECPKG_CRED_OUTBOUND, &cred),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, init_leg_call(test, &cred, NULL, NULL, NULL,
					    &ctx, &b),
			SEC_E_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, init_leg_call(test, &cred, NULL,
					    "cifs/server.ksecdd.test", NULL,
					    &ctx, &b), SEC_I_CONTINUE_NEEDED);
	expect_out(test, b, "ap-req");
	first = ctx;
	KUNIT_ASSERT_EQ(test, init_leg_call(test, &cred, &ctx,
					    "cifs/server.ksecdd.test",
					    "ap-rep", &ctx, &b), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, ctx.dwLower, first.dwLower);
	KUNIT_EXPECT_EQ(test, sign(test, &ctx), SEC_E_OK);
	/* an initiator has no client to impersonate */
	KUNIT_EXPECT_EQ(test, ImpersonateSecurityContext(&ctx),
			SEC_E_NO_IMPERSONATION);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx), SEC_E_OK);

	/* inbound credentials do not initiate */
	acquire_inbound(test, "Kerberos", &inbound);
	KUNIT_EXPECT_EQ(test, init_leg_call(test, &inbound, NULL, "cifs@host",
					    NULL, &ctx, &b),
			SEC_E_NO_CREDENTIALS);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "one", 0,
					      &ctx, NULL, 64),
			SEC_E_NO_CREDENTIALS);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&inbound), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* A later leg that fails takes the partial context and its session. */
static void later_leg_fails(struct kunit *test)
{
	struct fake *f = fake_start(test, true);
	CredHandle cred;
	CtxtHandle ctx, partial;

	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "first", 0,
					      &ctx, NULL, 64),
			SEC_I_CONTINUE_NEEDED);
	partial = ctx;
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, &ctx, "bad", 0,
					      &ctx, NULL, 64),
			SEC_E_LOGON_DENIED);
	wait_releases(test, f, 1);
	KUNIT_EXPECT_EQ(test, f->last_release, (u64)SESSION_ACCEPT);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&partial),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, &partial, "second",
					      0, &ctx, NULL, 64),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), suite_base.contexts);

	/* deleting a partial context releases its session too */
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "first", 0,
					      &ctx, NULL, 64),
			SEC_I_CONTINUE_NEEDED);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx), SEC_E_OK);
	wait_releases(test, f, 2);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

/*
 * A handshake that outlives handshake_lifetime: its next leg is refused
 * as expired and takes the partial context and its session with it.
 */
static void partial_expires(struct kunit *test)
{
	struct fake *f = fake_start(test, true);
	CredHandle cred;
	CtxtHandle ctx;

	ksecdd_handshake_lifetime = 1;
	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "first", 0,
					      &ctx, NULL, 64),
			SEC_I_CONTINUE_NEEDED);
	/* the expiry is in whole seconds: two of them are past it */
	msleep(2100);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, &ctx, "second", 0,
					      &ctx, NULL, 64),
			SEC_E_CONTEXT_EXPIRED);
	wait_releases(test, f, 1);
	KUNIT_EXPECT_EQ(test, f->last_release, (u64)SESSION_ACCEPT);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), suite_base.contexts);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void output_too_small(struct kunit *test)
{
	struct fake *f = fake_start(test, true);
	CredHandle cred;
	CtxtHandle ctx;

	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "one", 0,
					      &ctx, NULL, 2),
			SEC_E_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), suite_base.contexts);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "first", 0,
					      &ctx, NULL, 3),
			SEC_E_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), suite_base.contexts);
	/* the session the broker began is given back */
	wait_releases(test, f, 1);
	KUNIT_EXPECT_EQ(test, f->last_release, (u64)SESSION_ACCEPT);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void allocate_memory(struct kunit *test)
{
	struct leg_bufs *b;
	CredHandle cred;
	CtxtHandle ctx;

	fake_start(test, true);
	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "one",
					      ASC_REQ_ALLOCATE_MEMORY, &ctx,
					      &b, 0), SEC_E_OK);
	KUNIT_EXPECT_PTR_NE(test, b->out[0].pvBuffer, (void *)b->room);
	expect_out(test, b, "ap-rep");
	KUNIT_EXPECT_TRUE(test, b->attrs & ASC_RET_ALLOCATED_MEMORY);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(b->out[0].pvBuffer),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* A KRB-ERROR reaches the caller only with ASC_REQ_EXTENDED_ERROR. */
static void extended_error(struct kunit *test)
{
	struct leg_bufs *b;
	CredHandle cred;
	CtxtHandle ctx;

	fake_start(test, true);
	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "krb-error",
					      0, &ctx, &b, 64),
			SEC_E_TIME_SKEW);
	KUNIT_EXPECT_EQ(test, b->out[0].cbBuffer, 64U);
	KUNIT_EXPECT_EQ(test, b->attrs, 0U);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "krb-error",
					      ASC_REQ_EXTENDED_ERROR, &ctx, &b,
					      64), SEC_E_TIME_SKEW);
	expect_out(test, b, "error");
	KUNIT_EXPECT_TRUE(test, b->attrs & ASC_RET_EXTENDED_ERROR);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "krb-error",
					      ASC_REQ_EXTENDED_ERROR |
					      ASC_REQ_ALLOCATE_MEMORY, &ctx,
					      &b, 0), SEC_E_TIME_SKEW);
	expect_out(test, b, "error");
	KUNIT_EXPECT_TRUE(test, b->attrs & ASC_RET_ALLOCATED_MEMORY);
	KUNIT_EXPECT_EQ(test, FreeContextBuffer(b->out[0].pvBuffer),
			SEC_E_OK);
	/* no room: the token goes, the status stays */
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "krb-error",
					      ASC_REQ_EXTENDED_ERROR, &ctx, &b,
					      2), SEC_E_TIME_SKEW);
	KUNIT_EXPECT_EQ(test, b->out[0].cbBuffer, 2U);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), suite_base.contexts);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void bad_answers_refused(struct kunit *test)
{
	static const int want[PROBES] = {
		-EINVAL, -EINVAL, -EINVAL, -EINVAL, -EINVAL, -ENOENT, -EINVAL,
	};
	struct fake *f = fake_start(test, true);
	struct leg_bufs *b;
	CredHandle cred;
	CtxtHandle ctx;
	int i;

	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "probe", 0,
					      &ctx, &b, 64), SEC_E_OK);
	expect_out(test, b, "ok");
	for (i = 0; i < PROBES; i++)
		KUNIT_EXPECT_EQ_MSG(test, f->probe[i], want[i], "probe %d", i);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

static void broker_timeout(struct kunit *test)
{
	struct fake *f = fake_start(test, true);
	unsigned long start;
	CredHandle cred;
	CtxtHandle ctx;

	acquire_inbound(test, "Kerberos", &cred);
	ksecdd_broker_timeout = 1;
	start = jiffies;
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "silent", 0,
					      &ctx, NULL, 64),
			SEC_E_NO_AUTHENTICATING_AUTHORITY);
	KUNIT_EXPECT_GE(test, jiffies - start, (unsigned long)HZ / 2);
	KUNIT_EXPECT_LT(test, jiffies - start, (unsigned long)HZ * 10);
	/* the late answer finds nobody */
	KUNIT_ASSERT_NE(test, READ_ONCE(f->silent_id), 0ULL);
	KUNIT_EXPECT_EQ(test, answer(f, f->silent_id, SEC_E_OK, 0, NULL,
				     f->acceptor, f->acceptor_len), -ENOENT);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), suite_base.contexts);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* A caller on a thread of its own, so that the test can go on. */
struct caller {
	struct kunit *test;
	const char *principal;
	SECURITY_STATUS status;
	struct completion done;
};

static int caller_thread(void *data)
{
	struct caller *c = data;
	CredHandle h;

	c->status = acquire_cred(c->test, "Kerberos", c->principal,
				 SECPKG_CRED_INBOUND, &h);
	if (c->status == SEC_E_OK)
		FreeCredentialsHandle(&h);
	complete(&c->done);
	return 0;
}

static struct caller *call_async(struct kunit *test, const char *principal)
{
	struct caller *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->test = test;
	c->principal = principal;
	init_completion(&c->done);
	t = kthread_run(caller_thread, c, "ksecdd-caller");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	return c;
}

static bool done_soon(struct caller *c)
{
	return wait_for_completion_timeout(&c->done, 5 * HZ);
}

/* A leg on a thread of its own. */
struct leg_caller {
	struct kunit *test;
	CtxtHandle ctx;
	SECURITY_STATUS status;
	struct leg_bufs *b;
	struct completion done;
};

static int leg_thread(void *data)
{
	struct leg_caller *c = data;

	c->status = AcceptSecurityContext(NULL, &c->ctx, &c->b->in_desc, 0,
					  SECURITY_NATIVE_DREP, &c->ctx,
					  &c->b->out_desc, &c->b->attrs,
					  &c->b->expiry);
	complete(&c->done);
	return 0;
}

/* Two legs of one handshake at once: the second finds no handle. */
static void concurrent_legs(struct kunit *test)
{
	struct fake *f = fake_start(test, true);
	struct leg_caller *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct task_struct *t;
	CredHandle cred;
	CtxtHandle ctx;

	KUNIT_ASSERT_NOT_NULL(test, c);
	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "first", 0,
					      &ctx, NULL, 64),
			SEC_I_CONTINUE_NEEDED);
	c->test = test;
	c->ctx = ctx;
	c->b = leg_bufs(test, "slow", 64);
	init_completion(&c->done);
	t = kthread_run(leg_thread, c, "ksecdd-leg");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	/* the acquire, "first", and "slow" being answered */
	wait_reads(test, f, 4);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, NULL, &ctx, "second", 0,
					      &ctx, NULL, 64),
			SEC_E_INVALID_HANDLE);
	complete(&f->go);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&c->done, 10 * HZ));
	KUNIT_EXPECT_EQ(test, c->status, SEC_E_OK);
	KUNIT_EXPECT_EQ(test, c->ctx.dwLower, ctx.dwLower);
	KUNIT_EXPECT_EQ(test, sign(test, &ctx), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* The broker goes with requests pending: all fail at once. */
static void detach_with_requests_pending(struct kunit *test)
{
	struct fake *f = fake_start(test, true);
	unsigned long start;
	struct caller *held;
	CredHandle cred;
	CtxtHandle ctx, partial;

	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "first", 0,
					      &ctx, NULL, 64),
			SEC_I_CONTINUE_NEEDED);
	partial = ctx;
	held = call_async(test, "hold");
	wait_reads(test, f, 3);

	start = jiffies;
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, &ctx, "detach", 0,
					      &ctx, NULL, 64),
			SEC_E_NO_AUTHENTICATING_AUTHORITY);
	KUNIT_EXPECT_LT(test, jiffies - start, (unsigned long)HZ);
	KUNIT_EXPECT_TRUE(test, done_soon(held));
	KUNIT_EXPECT_EQ(test, held->status, SEC_E_NO_AUTHENTICATING_AUTHORITY);
	/* the partial context is gone, and the credential is of no use */
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&partial),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ksecdd_context_count(), suite_base.contexts);
	KUNIT_EXPECT_EQ(test, accept_leg_call(test, &cred, NULL, "one", 0,
					      &ctx, NULL, 64),
			SEC_E_NO_AUTHENTICATING_AUTHORITY);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

/* A full queue refuses at once; a detach fails what was never read. */
static void queue_full(struct kunit *test)
{
	struct fake *f = fake_start(test, false);
	struct caller *queued;
	CredHandle cred;
	int waited;

	ksecdd_broker_queue_max = 1;
	queued = call_async(test, NULL);
	for (waited = 0; waited < 5000 &&
	     !ksecdd_broker_poll(f->broker, NULL, NULL); waited += 20)
		msleep(20);
	KUNIT_ASSERT_LT(test, waited, 5000);
	KUNIT_EXPECT_EQ(test, acquire_cred(test, "Kerberos", NULL,
					   SECPKG_CRED_INBOUND, &cred),
			SEC_E_INSUFFICIENT_MEMORY);
	KUNIT_EXPECT_FALSE(test, completion_done(&queued->done));
	ksecdd_broker_detach(f->broker);
	f->detached = true;
	KUNIT_EXPECT_TRUE(test, done_soon(queued));
	KUNIT_EXPECT_EQ(test, queued->status,
			SEC_E_NO_AUTHENTICATING_AUTHORITY);
}

static void impersonate_revert(struct kunit *test)
{
	kuid_t fsuid = current_fsuid();
	CredHandle cred;
	CtxtHandle ctx, other = { 1, 1 };

	fake_start(test, true);
	acquire_inbound(test, "Kerberos", &cred);
	KUNIT_ASSERT_EQ(test, accept_leg_call(test, &cred, NULL, "one", 0,
					      &ctx, NULL, 64), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, RevertSecurityContext(&ctx),
			SEC_E_NO_IMPERSONATION);
	KUNIT_ASSERT_EQ(test, ImpersonateSecurityContext(&ctx), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, from_kuid(&init_user_ns, current_fsuid()),
			TEST_UID);
	KUNIT_EXPECT_EQ(test, from_kgid(&init_user_ns, current_fsgid()),
			TEST_UID);
	KUNIT_EXPECT_EQ(test, ImpersonateSecurityContext(&ctx),
			SEC_E_UNSUPPORTED_FUNCTION);
	KUNIT_EXPECT_EQ(test, RevertSecurityContext(&other),
			SEC_E_INVALID_HANDLE);
	/* the context may die; the revert still works */
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&ctx), SEC_E_OK);
	KUNIT_EXPECT_EQ(test, RevertSecurityContext(&ctx), SEC_E_OK);
	KUNIT_EXPECT_TRUE(test, uid_eq(current_fsuid(), fsuid));
	KUNIT_EXPECT_EQ(test, RevertSecurityContext(&ctx),
			SEC_E_NO_IMPERSONATION);
	KUNIT_EXPECT_EQ(test, ImpersonateSecurityContext(&ctx),
			SEC_E_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&cred), SEC_E_OK);
}

/*
 * Fails the n-th fault point of @run for n = 1, 2, ... until its path
 * ends before the n-th: each call succeeds (SEC_E_OK or
 * SEC_I_CONTINUE_NEEDED) or reports SEC_E_INSUFFICIENT_MEMORY, and leaves
 * nothing behind.
 */
static void sweep(struct kunit *test, const char *name,
		  SECURITY_STATUS (*run)(struct kunit *test, void *arg),
		  void (*undo)(struct kunit *test, void *arg), void *arg)
{
	SECURITY_STATUS status = SEC_E_OK;
	struct leak_baseline base;
	int n, failed = 0;
	bool reached;

	leak_baseline(&base);
	for (n = 1; n <= SWEEP_MAX; n++) {
		current->fail_nth = n;
		status = run(test, arg);
		reached = !current->fail_nth;
		current->fail_nth = 0;
		if (SEC_SUCCESS(status))
			undo(test, arg);
		else
			failed++;
		KUNIT_EXPECT_TRUE_MSG(test, SEC_SUCCESS(status) ||
				      status == SEC_E_INSUFFICIENT_MEMORY,
				      "%s: fault point %d: status %x", name, n,
				      status);
		expect_no_leak(test, &base);
		if (!reached)
			break;
	}
	KUNIT_EXPECT_LE(test, n, SWEEP_MAX);
	KUNIT_EXPECT_TRUE(test, SEC_SUCCESS(status));
	KUNIT_EXPECT_GE(test, failed, 1);
	kunit_info(test, "%s: %d fault points, %d failed the call\n", name,
		   n - 1, failed);
}

/* Everything the calls take is allocated before the sweep. */
struct acquire_op {
	SECURITY_STRING *package;
	SECURITY_STRING *principal;
	CredHandle h;
};

static SECURITY_STATUS run_acquire(struct kunit *test, void *arg)
{
	struct acquire_op *op = arg;

	return AcquireCredentialsHandleW(op->principal, op->package,
					 SECPKG_CRED_INBOUND, NULL, NULL, NULL,
					 NULL, &op->h, NULL);
}

static void undo_acquire(struct kunit *test, void *arg)
{
	struct acquire_op *op = arg;

	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&op->h), SEC_E_OK);
}

struct accept_op {
	CredHandle cred;
	CtxtHandle ctx;
	const char *token;
	struct leg_bufs *b;
};

static SECURITY_STATUS run_accept(struct kunit *test, void *arg)
{
	struct accept_op *op = arg;
	struct leg_bufs *b = op->b;

	leg_bufs_init(b, op->token, 0);
	return AcceptSecurityContext(&op->cred, NULL, &b->in_desc,
				     ASC_REQ_ALLOCATE_MEMORY,
				     SECURITY_NATIVE_DREP, &op->ctx,
				     &b->out_desc, &b->attrs, &b->expiry);
}

static void undo_accept(struct kunit *test, void *arg)
{
	struct accept_op *op = arg;

	KUNIT_EXPECT_EQ(test, FreeContextBuffer(op->b->out[0].pvBuffer),
			SEC_E_OK);
	KUNIT_EXPECT_EQ(test, DeleteSecurityContext(&op->ctx), SEC_E_OK);
}

static void fault_sweeps(struct kunit *test)
{
	struct accept_op op = { .token = "one" };
	struct acquire_op acq = {
		.package = wstr(test, "Kerberos"),
		.principal = wstr(test, "svc"),
	};

	fake_start(test, true);
	op.b = leg_bufs(test, NULL, 0);
	sweep(test, "acquire", run_acquire, undo_acquire, &acq);
	acquire_inbound(test, "Kerberos", &op.cred);
	sweep(test, "accept, one leg", run_accept, undo_accept, &op);
	op.token = "first";
	sweep(test, "accept, continued", run_accept, undo_accept, &op);
	KUNIT_EXPECT_EQ(test, FreeCredentialsHandle(&op.cred), SEC_E_OK);
}

static struct kunit_case handshake_cases[] = {
	KUNIT_CASE(no_broker),
	KUNIT_CASE(acquire_credentials),
	KUNIT_CASE(accept_one_leg),
	KUNIT_CASE(ntlm_handshakes),
	KUNIT_CASE(accept_two_legs_same_handle),
	KUNIT_CASE(initialize_two_legs),
	KUNIT_CASE(later_leg_fails),
	KUNIT_CASE(partial_expires),
	KUNIT_CASE(output_too_small),
	KUNIT_CASE(allocate_memory),
	KUNIT_CASE(extended_error),
	KUNIT_CASE(bad_answers_refused),
	KUNIT_CASE(broker_timeout),
	KUNIT_CASE(concurrent_legs),
	KUNIT_CASE(detach_with_requests_pending),
	KUNIT_CASE(queue_full),
	KUNIT_CASE(impersonate_revert),
	KUNIT_CASE(fault_sweeps),
	{}
};

struct kunit_suite ksecdd_handshake_suite = {
	.name = "ksecdd_handshake",
	.init = handshake_init,
	.exit = handshake_exit,
	.test_cases = handshake_cases,
};
