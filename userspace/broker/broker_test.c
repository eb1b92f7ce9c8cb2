// SPDX-License-Identifier: GPL-2.0
/*
 * broker_test: ksecdd-broker's GSS-API part on the host, without
 * /dev/ksecdd, against MIT krb5 in the throwaway realm of
 * kunit/krb5-realm:
 *
 *	kunit/krb5-realm run DIR build/userspace/host-krb5/broker_test
 *
 * MIT initiators against the broker's acceptor (Kerberos and SPNEGO),
 * gss-ntlmssp's initiator against it (NTLM, and SPNEGO falling back to
 * NTLM without a ticket) where kunit/lib.sh's ntlmssp_env set up a
 * mechanism file and a user file,
 * the broker's initiator (in a child that is user nobody, with a
 * credentials cache of nobody's) against MIT acceptors, the raw packed
 * contexts read back with the module's codec and their keys compared
 * with MIT's side, and the statuses of the failures.  Runs as root
 * (the user child drops to nobody); skips outside a realm.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>

#include "kselftest_harness.h"

#include "broker.h"
#include "../lib/libksecdd.h"
#include "../../ksecdd/packed.h"

#define CLIENT		"client@KSECDD.TEST"
#define SERVICE		"cifs/server.ksecdd.test@KSECDD.TEST"
#define TARGET		"cifs/server.ksecdd.test"
#define NOBODY		65534
#define NO_CCACHE_UID	65533	/* a uid with no account and no cache */

#define ISC_REQ		(BROKER_ISC_REQ_MUTUAL_AUTH | \
			 BROKER_ISC_REQ_REPLAY_DETECT | \
			 BROKER_ISC_REQ_SEQUENCE_DETECT | \
			 BROKER_ISC_REQ_CONFIDENTIALITY | \
			 BROKER_ISC_REQ_INTEGRITY)
#define GSS_FLAGS	(GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG | \
			 GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG | \
			 GSS_C_INTEG_FLAG)

static gss_OID_desc spnego = { 6, (void *)"\x2b\x06\x01\x05\x05\x02" };

/* The test's directory: a krb5.conf and caches the user child can read. */
static char dir[64];
static char service_keytab[4096];

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 16);

	if (!f || !buf) {
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	return buf;
}

/*
 * The realm's krb5.conf is in a directory only root reads: a copy of it
 * here, with default_ccache_name in this directory, is what the user
 * child finds.  Nobody's cache gets a TGT from the client keytab.
 */
static int prepare(void)
{
	const char *conf = getenv("KRB5_CONFIG"), *kt = getenv("KRB5_KTNAME");
	const char *ckt = getenv("KRB5_CLIENT_KTNAME");
	char path[256], cmd[4096], *text, *full;
	int ret;

	if (!conf || !kt || !ckt || strchr(conf, ':') || geteuid())
		return 1;
	snprintf(dir, sizeof(dir), "/tmp/broker_test.XXXXXX");
	if (!mkdtemp(dir) || chmod(dir, 0755))
		return -1;
	text = slurp(conf);
	if (!text)
		return -1;
	ret = asprintf(&full, "%s\n[libdefaults]\n\tdefault_ccache_name = "
		       "FILE:%s/krb5cc_%%{uid}\n", text, dir);
	free(text);
	if (ret < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/krb5.conf", dir);
	ret = write_text(path, full);
	free(full);
	if (ret || chmod(path, 0644))
		return -1;
	setenv("KRB5_CONFIG", path, 1);
	snprintf(service_keytab, sizeof(service_keytab), "%s", kt);
	/* the broker's keytab is its configuration's, not the variable */
	unsetenv("KRB5_KTNAME");
	setenv("KRB5CCNAME", "MEMORY:broker_test", 1);
	snprintf(cmd, sizeof(cmd),
		 "kinit -k -t '%s' -c 'FILE:%s/krb5cc_%d' %s >/dev/null && "
		 "chown %d:%d '%s/krb5cc_%d'", ckt + 5, dir, NOBODY, CLIENT,
		 NOBODY, NOBODY, dir, NOBODY);
	return system(cmd) ? -1 : 0;
}

static void cleanup(void)
{
	char cmd[128];

	if (!dir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	system(cmd);
}

FIXTURE(realm) {
	struct broker_config c;
	struct broker_result r;
};

FIXTURE_SETUP(realm)
{
	int ret = prepare();

	if (ret > 0)
		/* this harness runs a test whose setup skipped: leave */
		SKIP(longjmp(_metadata->env, 1),
		     "needs root, in kunit/krb5-realm run DIR");
	ASSERT_EQ(0, ret);
	broker_config_init(&self->c);
	ASSERT_EQ(0, broker_config_line(&self->c, "keytab = x", NULL, 0));
	free(self->c.keytab);
	self->c.keytab = strdup(service_keytab);
	ASSERT_EQ(0, broker_config_line(&self->c, "map = " CLIENT " nobody",
					NULL, 0));
	ASSERT_EQ(0, broker_config_line(&self->c, "session_timeout = 20",
					NULL, 0));
	memset(&self->r, 0, sizeof(self->r));
}

FIXTURE_TEARDOWN(realm)
{
	broker_result_free(&self->r);
	broker_config_free(&self->c);
	cleanup();
}

/* -- MIT's side ------------------------------------------------------ */

static gss_name_t import(const char *text, gss_OID type)
{
	gss_buffer_desc buf = { strlen(text), (void *)text };
	gss_name_t name = GSS_C_NO_NAME;
	OM_uint32 minor;

	gss_import_name(&minor, &buf, type, &name);
	return name;
}

static gss_cred_id_t mit_cred(gss_cred_usage_t usage)
{
	gss_name_t name = usage == GSS_C_INITIATE ?
			  import(CLIENT, GSS_KRB5_NT_PRINCIPAL_NAME) :
			  GSS_C_NO_NAME;
	gss_key_value_element_desc el = { "keytab", service_keytab };
	gss_key_value_set_desc store = { 1, &el };
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	OM_uint32 minor;

	gss_acquire_cred_from(&minor, name, GSS_C_INDEFINITE, GSS_C_NO_OID_SET,
			      usage, usage == GSS_C_ACCEPT ? &store :
			      GSS_C_NO_CRED_STORE, &cred, NULL, NULL);
	gss_release_name(&minor, &name);
	return cred;
}

struct mit_peer {
	gss_cred_id_t cred;
	gss_ctx_id_t ctx;
	gss_name_t target;
	gss_OID mech;
	OM_uint32 major;
};

static void mit_free(struct mit_peer *p)
{
	OM_uint32 minor;

	gss_delete_sec_context(&minor, &p->ctx, GSS_C_NO_BUFFER);
	gss_release_cred(&minor, &p->cred);
	gss_release_name(&minor, &p->target);
}

/* One initiator step; @in NULL on the first. */
static OM_uint32 mit_init(struct mit_peer *p, const void *in, size_t len,
			  gss_buffer_t out)
{
	gss_buffer_desc token = { len, (void *)in };
	OM_uint32 minor;

	p->major = gss_init_sec_context(&minor, p->cred, &p->ctx, p->target,
					p->mech, GSS_FLAGS, 0, NULL,
					in ? &token : GSS_C_NO_BUFFER, NULL,
					out, NULL, NULL);
	return p->major;
}

static OM_uint32 mit_accept(struct mit_peer *p, const void *in, size_t len,
			    gss_buffer_t out)
{
	gss_buffer_desc token = { len, (void *)in };
	OM_uint32 minor;

	p->major = gss_accept_sec_context(&minor, &p->ctx, p->cred, &token,
					  NULL, NULL, NULL, out, NULL, NULL,
					  NULL);
	return p->major;
}

static void mit_initiator(struct mit_peer *p, gss_OID mech,
			  const char *target)
{
	memset(p, 0, sizeof(*p));
	p->cred = mit_cred(GSS_C_INITIATE);
	p->target = import(target, GSS_KRB5_NT_PRINCIPAL_NAME);
	p->mech = mech;
}

/* The lucid form of MIT's side, to compare keys with the blob's. */
static gss_krb5_lucid_context_v1_t *mit_lucid(struct mit_peer *p)
{
	void *lucid = NULL;
	OM_uint32 minor;

	if (GSS_ERROR(gss_krb5_export_lucid_sec_context(&minor, &p->ctx, 1,
							&lucid)))
		return NULL;
	return lucid;
}

/* -- checks ---------------------------------------------------------- */

static int same_keys(const struct ksecdd_packed_ctx *ctx,
		     const gss_krb5_lucid_context_v1_t *l)
{
	const gss_krb5_cfx_keydata_t *k = &l->cfx_kd;

	if (l->protocol != 1 || ctx->krb5.enctype != k->ctx_key.type ||
	    memcmp(ctx->krb5.key, k->ctx_key.data, k->ctx_key.length))
		return 0;
	if (!k->have_acceptor_subkey)
		return !(ctx->krb5.flags & KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG);
	return ctx->krb5.flags & KSECDD_KRB5_ACCEPTOR_SUBKEY_FLAG &&
	       !memcmp(ctx->krb5.acceptor_subkey, k->acceptor_subkey.data,
		       k->acceptor_subkey.length);
}

static bool name_is(const char *name, uint32_t len, const char *want)
{
	return len == strlen(want) && !memcmp(name, want, len);
}

#define ASC_WANT	(KSECDD_ASC_RET_MUTUAL_AUTH | \
			 KSECDD_ASC_RET_REPLAY_DETECT | \
			 KSECDD_ASC_RET_SEQUENCE_DETECT | \
			 KSECDD_ASC_RET_CONFIDENTIALITY | \
			 KSECDD_ASC_RET_INTEGRITY)
#define ISC_WANT	(KSECDD_ISC_RET_MUTUAL_AUTH | \
			 KSECDD_ISC_RET_REPLAY_DETECT | \
			 KSECDD_ISC_RET_SEQUENCE_DETECT | \
			 KSECDD_ISC_RET_CONFIDENTIALITY | \
			 KSECDD_ISC_RET_INTEGRITY)

/* An MIT initiator against the broker's acceptor, to the end. */
static void accept_from_mit(struct __test_metadata *_metadata,
			    struct broker_config *c, struct broker_result *r,
			    gss_OID mech, uint32_t broker_mech)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	struct broker_accept *s = NULL;
	struct ksecdd_packed_ctx ctx;
	gss_krb5_lucid_context_v1_t *lucid;
	struct mit_peer p;
	OM_uint32 minor;
	int legs;

	mit_initiator(&p, mech, TARGET);
	ASSERT_FALSE(GSS_ERROR(mit_init(&p, NULL, 0, &out)));
	for (legs = 0; legs < 4; legs++) {
		broker_result_free(r);
		broker_accept_leg(c, &s, broker_mech, NULL, out.value,
				  out.length, r);
		gss_release_buffer(&minor, &out);
		ASSERT_TRUE(r->status == KSECDD_SEC_E_OK ||
			    r->status == KSECDD_SEC_I_CONTINUE_NEEDED)
			TH_LOG("%s: %s", broker_status_name(r->status),
			       r->message);
		if (r->token_len || p.major == GSS_S_CONTINUE_NEEDED)
			ASSERT_FALSE(GSS_ERROR(mit_init(&p, r->token,
							r->token_len, &out)));
		if (r->status == KSECDD_SEC_E_OK)
			break;
		ASSERT_NE(NULL, s);
	}
	ASSERT_EQ(KSECDD_SEC_E_OK, r->status);
	ASSERT_EQ(NULL, s);
	ASSERT_EQ(GSS_S_COMPLETE, p.major);
	ASSERT_EQ(0, ksecdd_packed_decode(r->blob, r->blob_len, &ctx));
	EXPECT_EQ(KSECDD_ROLE_ACCEPTOR, ctx.role);
	EXPECT_TRUE(name_is(ctx.client_name, ctx.client_name_len, CLIENT));
	EXPECT_TRUE(name_is(ctx.server_name, ctx.server_name_len, SERVICE));
	EXPECT_EQ(ASC_WANT, ctx.flags & ASC_WANT);
	EXPECT_EQ(ctx.flags, r->attrs);
	EXPECT_TRUE(ctx.has_identity);
	EXPECT_EQ(NOBODY, ctx.uid);
	EXPECT_EQ(NOBODY, ctx.gid);
	EXPECT_EQ(1, ctx.ngroups);
	EXPECT_EQ(NOBODY, ctx.groups[0]);
	EXPECT_EQ(ctx.expiry, r->expiry);
	EXPECT_LT(time(NULL), r->expiry);
	EXPECT_GE(time(NULL) + 3700, r->expiry);
	lucid = mit_lucid(&p);
	ASSERT_NE(NULL, lucid);
	EXPECT_TRUE(same_keys(&ctx, lucid));
	gss_krb5_free_lucid_sec_context(&minor, lucid);
	mit_free(&p);
}

TEST_F(realm, accept_kerberos)
{
	accept_from_mit(_metadata, &self->c, &self->r,
			(gss_OID)gss_mech_krb5, KSECDD_BROKER_MECH_KERBEROS);
}

TEST_F(realm, accept_negotiate)
{
	accept_from_mit(_metadata, &self->c, &self->r, &spnego,
			KSECDD_BROKER_MECH_NEGOTIATE);
}

/* The broker's initiator, as nobody, against an MIT acceptor. */
static void init_to_mit(struct __test_metadata *_metadata,
			struct broker_config *c, struct broker_result *r,
			uint32_t broker_mech, const char *target,
			const char *server)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	struct broker_user *u = NULL;
	struct ksecdd_packed_ctx ctx;
	gss_krb5_lucid_context_v1_t *lucid;
	struct mit_peer p = { .cred = mit_cred(GSS_C_ACCEPT) };
	OM_uint32 minor;
	int legs;

	ASSERT_NE(GSS_C_NO_CREDENTIAL, p.cred);
	for (legs = 0; legs < 4; legs++) {
		broker_result_free(r);
		broker_user_init(c, &u, NOBODY, NOBODY, broker_mech, NULL,
				 target, ISC_REQ, out.value, out.length, r);
		gss_release_buffer(&minor, &out);
		ASSERT_TRUE(r->status == KSECDD_SEC_E_OK ||
			    r->status == KSECDD_SEC_I_CONTINUE_NEEDED)
			TH_LOG("%s: %s", broker_status_name(r->status),
			       r->message);
		if (r->token_len)
			ASSERT_FALSE(GSS_ERROR(mit_accept(&p, r->token,
							  r->token_len,
							  &out)));
		if (r->status == KSECDD_SEC_E_OK)
			break;
		ASSERT_NE(NULL, u);
	}
	ASSERT_EQ(KSECDD_SEC_E_OK, r->status);
	ASSERT_EQ(NULL, u);
	ASSERT_EQ(GSS_S_COMPLETE, p.major);
	ASSERT_EQ(0, ksecdd_packed_decode(r->blob, r->blob_len, &ctx));
	EXPECT_EQ(KSECDD_ROLE_INITIATOR, ctx.role);
	EXPECT_TRUE(name_is(ctx.client_name, ctx.client_name_len, CLIENT));
	EXPECT_TRUE(name_is(ctx.server_name, ctx.server_name_len, server))
		TH_LOG("server '%.*s'", (int)ctx.server_name_len,
		       ctx.server_name);
	EXPECT_EQ(ISC_WANT, ctx.flags & ISC_WANT);
	EXPECT_EQ(ctx.flags, r->attrs);
	EXPECT_FALSE(ctx.has_identity);
	EXPECT_LT(time(NULL), r->expiry);
	lucid = mit_lucid(&p);
	ASSERT_NE(NULL, lucid);
	EXPECT_TRUE(same_keys(&ctx, lucid));
	gss_krb5_free_lucid_sec_context(&minor, lucid);
	mit_free(&p);
}

TEST_F(realm, init_kerberos)
{
	init_to_mit(_metadata, &self->c, &self->r,
		    KSECDD_BROKER_MECH_KERBEROS, TARGET, SERVICE);
}

TEST_F(realm, init_negotiate)
{
	init_to_mit(_metadata, &self->c, &self->r,
		    KSECDD_BROKER_MECH_NEGOTIATE, TARGET, SERVICE);
}

/* whose realm the KDC found: the context does not name it */
TEST_F(realm, init_hostbased_target)
{
	init_to_mit(_metadata, &self->c, &self->r,
		    KSECDD_BROKER_MECH_KERBEROS, "cifs@server.ksecdd.test",
		    TARGET);
}

/* A first token from MIT for @target, for the failure cases. */
static void *mit_token(const char *target, gss_OID mech, size_t *len)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	struct mit_peer p;
	OM_uint32 minor;
	void *copy = NULL;

	mit_initiator(&p, mech, target);
	if (!GSS_ERROR(mit_init(&p, NULL, 0, &out)) && out.length) {
		copy = malloc(out.length);
		memcpy(copy, out.value, out.length);
		*len = out.length;
	}
	gss_release_buffer(&minor, &out);
	mit_free(&p);
	return copy;
}

static uint32_t accept_once(struct broker_config *c, struct broker_result *r,
			    uint32_t mech, const char *principal,
			    const void *token, size_t len)
{
	struct broker_accept *s = NULL;

	broker_result_free(r);
	broker_accept_leg(c, &s, mech, principal, token, len, r);
	broker_accept_free(s);
	return r->status;
}

TEST_F(realm, garbage_token)
{
	static const char text[] = "not a token at all";
	static const unsigned char der[] = {
		0x60, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12,
		0x01, 0x02, 0x02, 0x01, 0x00, 0xff, 0xff, 0xff,
	};
	uint32_t mechs[] = { KSECDD_BROKER_MECH_KERBEROS,
			     KSECDD_BROKER_MECH_NEGOTIATE };
	size_t i;

	for (i = 0; i < 2; i++) {
		EXPECT_EQ(KSECDD_SEC_E_INVALID_TOKEN,
			  accept_once(&self->c, &self->r, mechs[i], NULL, text,
				      sizeof(text)))
			TH_LOG("%s", self->r.message);
		EXPECT_EQ(KSECDD_SEC_E_INVALID_TOKEN,
			  accept_once(&self->c, &self->r, mechs[i], NULL, der,
				      sizeof(der)))
			TH_LOG("%s", self->r.message);
	}
}

TEST_F(realm, replayed_ap_req)
{
	size_t len = 0;
	void *token;

	/* the replay cache on, in this test's directory */
	unsetenv("KRB5RCACHENAME");
	setenv("KRB5RCACHEDIR", dir, 1);
	token = mit_token(TARGET, (gss_OID)gss_mech_krb5, &len);
	ASSERT_NE(NULL, token);
	ASSERT_EQ(KSECDD_SEC_E_OK,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_KERBEROS,
			      NULL, token, len))
		TH_LOG("%s", self->r.message);
	EXPECT_EQ(KSECDD_SEC_E_LOGON_DENIED,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_KERBEROS,
			      NULL, token, len))
		TH_LOG("%s", self->r.message);
	free(token);
}

TEST_F(realm, tampered_ap_req)
{
	size_t len = 0;
	unsigned char *token;

	token = mit_token(TARGET, (gss_OID)gss_mech_krb5, &len);
	ASSERT_NE(NULL, token);
	/* in the authenticator's ciphertext, at the end */
	token[len - 20] ^= 1;
	EXPECT_EQ(KSECDD_SEC_E_LOGON_DENIED,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_KERBEROS,
			      NULL, token, len))
		TH_LOG("%s", self->r.message);
	free(token);
}

TEST_F(realm, wrong_principal)
{
	size_t len = 0;
	void *token;

	/* a ticket for a principal the keytab has no key of */
	token = mit_token(CLIENT, (gss_OID)gss_mech_krb5, &len);
	ASSERT_NE(NULL, token);
	EXPECT_EQ(KSECDD_SEC_E_WRONG_PRINCIPAL,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_KERBEROS,
			      NULL, token, len))
		TH_LOG("%s", self->r.message);
	EXPECT_EQ(KSECDD_SEC_E_WRONG_PRINCIPAL,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_KERBEROS,
			      SERVICE, token, len))
		TH_LOG("%s", self->r.message);
	free(token);
	/* the same in SPNEGO, which hides the krb5 minor status */
	token = mit_token(CLIENT, &spnego, &len);
	ASSERT_NE(NULL, token);
	EXPECT_EQ(KSECDD_SEC_E_WRONG_PRINCIPAL,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_NEGOTIATE,
			      NULL, token, len))
		TH_LOG("%s", self->r.message);
	free(token);
	/* a good ticket, but the acceptor was asked to be another */
	token = mit_token(TARGET, (gss_OID)gss_mech_krb5, &len);
	ASSERT_NE(NULL, token);
	EXPECT_EQ(KSECDD_SEC_E_WRONG_PRINCIPAL,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_KERBEROS,
			      CLIENT, token, len))
		TH_LOG("%s", self->r.message);
	free(token);
}

TEST_F(realm, no_local_account)
{
	size_t len = 0;
	void *token;

	/* no map line: auth_to_local makes "client", which is nobody here */
	broker_config_free(&self->c);
	broker_config_init(&self->c);
	self->c.keytab = strdup(service_keytab);
	token = mit_token(TARGET, (gss_OID)gss_mech_krb5, &len);
	ASSERT_NE(NULL, token);
	ASSERT_EQ(NULL, getpwnam("client"));
	EXPECT_EQ(KSECDD_SEC_E_LOGON_DENIED,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_KERBEROS,
			      NULL, token, len))
		TH_LOG("%s", self->r.message);
	EXPECT_EQ(NULL, self->r.blob);
	free(token);
}

TEST_F(realm, no_ccache)
{
	struct broker_user *u = NULL;

	EXPECT_EQ(KSECDD_SEC_E_NO_CREDENTIALS,
		  broker_user_init(&self->c, &u, NO_CCACHE_UID, NO_CCACHE_UID,
				   KSECDD_BROKER_MECH_KERBEROS, NULL, TARGET,
				   ISC_REQ, NULL, 0, &self->r))
		TH_LOG("%s", self->r.message);
	EXPECT_EQ(NULL, u);
	broker_result_free(&self->r);
	EXPECT_EQ(KSECDD_SEC_E_NO_CREDENTIALS,
		  broker_user_acquire(&self->c, NO_CCACHE_UID, NO_CCACHE_UID,
				      NULL, &self->r))
		TH_LOG("%s", self->r.message);
}

/* A TGT that ended is no credentials. */
TEST_F(realm, expired_tgt)
{
	struct broker_user *u = NULL;
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "kinit -l 2s -k -t '%s' -c 'FILE:%s/krb5cc_%d' %s >/dev/null"
		 " && chown %d '%s/krb5cc_%d'",
		 getenv("KRB5_CLIENT_KTNAME") + 5, dir, NOBODY, CLIENT, NOBODY,
		 dir, NOBODY);
	ASSERT_EQ(0, system(cmd));
	sleep(3);
	EXPECT_EQ(KSECDD_SEC_E_NO_CREDENTIALS,
		  broker_user_acquire(&self->c, NOBODY, NOBODY, NULL,
				      &self->r))
		TH_LOG("%s", self->r.message);
	broker_result_free(&self->r);
	EXPECT_EQ(KSECDD_SEC_E_NO_CREDENTIALS,
		  broker_user_init(&self->c, &u, NOBODY, NOBODY,
				   KSECDD_BROKER_MECH_KERBEROS, NULL, TARGET,
				   ISC_REQ, NULL, 0, &self->r))
		TH_LOG("%s", self->r.message);
	EXPECT_EQ(NULL, u);
}

/*
 * A ticket that ended, for an acceptor that allows one second of skew
 * (the default five minutes would keep it good).
 */
TEST_F(realm, expired_ticket)
{
	char cmd[512], conf[128], *text, *full;
	size_t len = 0;
	void *token;

	snprintf(cmd, sizeof(cmd),
		 "kinit -l 2s -k -t '%s' -c 'FILE:%s/short' %s >/dev/null",
		 getenv("KRB5_CLIENT_KTNAME") + 5, dir, CLIENT);
	ASSERT_EQ(0, system(cmd));
	/* the initiator takes its TGT from there, not from the keytab */
	unsetenv("KRB5_CLIENT_KTNAME");
	snprintf(cmd, sizeof(cmd), "FILE:%s/short", dir);
	setenv("KRB5CCNAME", cmd, 1);
	token = mit_token(TARGET, (gss_OID)gss_mech_krb5, &len);
	ASSERT_NE(NULL, token);
	text = slurp(getenv("KRB5_CONFIG"));
	ASSERT_NE(NULL, text);
	ASSERT_LT(0, asprintf(&full, "%s\n[libdefaults]\n\tclockskew = 1\n",
			      text));
	snprintf(conf, sizeof(conf), "%s/skew.conf", dir);
	ASSERT_EQ(0, write_text(conf, full));
	free(text);
	free(full);
	setenv("KRB5_CONFIG", conf, 1);
	sleep(4);
	EXPECT_EQ(KSECDD_SEC_E_CONTEXT_EXPIRED,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_KERBEROS,
			      NULL, token, len))
		TH_LOG("%s", self->r.message);
	free(token);
}

TEST_F(realm, root_initiator_refused)
{
	struct broker_user *u = NULL;

	EXPECT_EQ(KSECDD_SEC_E_NO_CREDENTIALS,
		  broker_user_init(&self->c, &u, 0, 0,
				   KSECDD_BROKER_MECH_KERBEROS, NULL, TARGET,
				   ISC_REQ, NULL, 0, &self->r));
	EXPECT_NE(NULL, strstr(self->r.message, "allow_root_initiator"));
	broker_result_free(&self->r);
	EXPECT_EQ(KSECDD_SEC_E_NO_CREDENTIALS,
		  broker_user_acquire(&self->c, 0, 0, NULL, &self->r));
}

TEST_F(realm, unknown_target)
{
	static const char *const targets[] = {
		"cifs/nosuch.ksecdd.test", "cifs@nosuch.ksecdd.test",
	};
	struct broker_user *u = NULL;
	size_t i;

	for (i = 0; i < 4; i++) {
		broker_result_free(&self->r);
		EXPECT_EQ(KSECDD_SEC_E_TARGET_UNKNOWN,
			  broker_user_init(&self->c, &u, NOBODY, NOBODY,
					   i < 2 ? KSECDD_BROKER_MECH_KERBEROS :
					   KSECDD_BROKER_MECH_NEGOTIATE, NULL,
					   targets[i % 2], ISC_REQ, NULL, 0,
					   &self->r))
			TH_LOG("%s: %s", targets[i % 2], self->r.message);
		EXPECT_EQ(NULL, u);
	}
}

static uint32_t inbound(struct broker_config *c, const char *principal,
			struct broker_result *r)
{
	return broker_acquire_inbound(c, KSECDD_BROKER_MECH_KERBEROS,
				      principal, r);
}

TEST_F(realm, acquire_inbound)
{
	ASSERT_EQ(KSECDD_SEC_E_OK,
		  inbound(&self->c, NULL, &self->r))
		TH_LOG("%s", self->r.message);
	EXPECT_STREQ(SERVICE, self->r.name);
	EXPECT_EQ(BROKER_EXPIRY_NEVER, self->r.expiry);
	broker_result_free(&self->r);
	ASSERT_EQ(KSECDD_SEC_E_OK,
		  inbound(&self->c, TARGET, &self->r));
	EXPECT_STREQ(SERVICE, self->r.name);
	broker_result_free(&self->r);
	EXPECT_EQ(KSECDD_SEC_E_NO_CREDENTIALS,
		  inbound(&self->c, CLIENT, &self->r));
	broker_result_free(&self->r);
	free(self->c.keytab);
	self->c.keytab = strdup("FILE:/nonexistent/keytab");
	EXPECT_EQ(KSECDD_SEC_E_NO_CREDENTIALS,
		  inbound(&self->c, NULL, &self->r))
		TH_LOG("%s", self->r.message);
}

TEST_F(realm, acquire_outbound)
{
	time_t now = time(NULL);

	ASSERT_EQ(KSECDD_SEC_E_OK,
		  broker_user_acquire(&self->c, NOBODY, NOBODY, NULL,
				      &self->r))
		TH_LOG("%s", self->r.message);
	EXPECT_STREQ(CLIENT, self->r.name);
	EXPECT_LT(now, self->r.expiry);
	EXPECT_GE(now + 3700, self->r.expiry);
	broker_result_free(&self->r);
	ASSERT_EQ(KSECDD_SEC_E_OK,
		  broker_user_acquire(&self->c, NOBODY, NOBODY, CLIENT,
				      &self->r))
		TH_LOG("%s", self->r.message);
}

/* -- NTLM ------------------------------------------------------------ */

static gss_OID_desc ntlmssp = {
	10, (void *)"\x2b\x06\x01\x04\x01\x82\x37\x02\x02\x0a"
};

#define NTLM_DOMAIN	"KSECDD"
#define NTLM_TARGET	"cifs@server.ksecdd.test"

/*
 * The realm's, plus NTLM as ntlmssp_env set it up: its mechanism file
 * and its user file, whose one line, KSECDD:USER:PASSWORD, is a user
 * with a local account (nobody).
 */
FIXTURE(ntlm) {
	struct broker_config c;
	struct broker_result r;
	char user[64];
	char password[128];
};

static int ntlm_user(const char *file, char *user, size_t ulen,
		     char *password, size_t plen)
{
	char *text = slurp(file), *u, *p;
	int ret = -1;

	if (!text)
		return -1;
	text[strcspn(text, "\n")] = '\0';
	u = strchr(text, ':');
	p = u ? strchr(u + 1, ':') : NULL;
	if (p && !strncmp(text, NTLM_DOMAIN ":", strlen(NTLM_DOMAIN) + 1)) {
		*p++ = '\0';
		snprintf(user, ulen, "%s", u + 1);
		snprintf(password, plen, "%s", p);
		ret = 0;
	}
	free(text);
	return ret;
}

FIXTURE_SETUP(ntlm)
{
	const char *users = getenv("NTLM_USER_FILE");
	const char *mechs = getenv("GSS_MECH_CONFIG");
	char line[4200];
	int ret;

	if (!users || !mechs)
		SKIP(longjmp(_metadata->env, 1),
		     "needs kunit/lib.sh ntlmssp_env (GSS_MECH_CONFIG, NTLM_USER_FILE)");
	ret = prepare();
	if (ret > 0)
		SKIP(longjmp(_metadata->env, 1),
		     "needs root, in kunit/krb5-realm run DIR");
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, ntlm_user(users, self->user, sizeof(self->user),
			       self->password, sizeof(self->password)));
	broker_config_init(&self->c);
	snprintf(line, sizeof(line), "keytab = %s", service_keytab);
	ASSERT_EQ(0, broker_config_line(&self->c, line, NULL, 0));
	ASSERT_EQ(0, broker_config_line(&self->c, "map = " CLIENT " nobody",
					NULL, 0));
	snprintf(line, sizeof(line), "ntlm_user_file = %s", users);
	ASSERT_EQ(0, broker_config_line(&self->c, line, NULL, 0));
	snprintf(line, sizeof(line), "gss_mech_config = %s", mechs);
	ASSERT_EQ(0, broker_config_line(&self->c, line, NULL, 0));
	ASSERT_EQ(0, broker_config_line(&self->c,
					"ntlm_domain = " NTLM_DOMAIN, NULL,
					0));
	ASSERT_EQ(0, broker_config_environment(&self->c));
	memset(&self->r, 0, sizeof(self->r));
}

FIXTURE_TEARDOWN(ntlm)
{
	broker_result_free(&self->r);
	broker_config_free(&self->c);
	cleanup();
}

/* gss-ntlmssp's initiator credentials for @user with @password. */
static gss_cred_id_t ntlm_cred(const char *user, const char *password)
{
	gss_key_value_element_desc el[2] = {
		{ "ntlmssp_domain", NTLM_DOMAIN },
		{ "ntlmssp_password", password },
	};
	gss_key_value_set_desc store = { 2, el };
	gss_OID_set_desc mechs = { 1, &ntlmssp };
	gss_name_t name = import(user, GSS_C_NT_USER_NAME);
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	OM_uint32 minor;

	gss_acquire_cred_from(&minor, name, GSS_C_INDEFINITE, &mechs,
			      GSS_C_INITIATE, &store, &cred, NULL, NULL);
	gss_release_name(&minor, &name);
	return cred;
}

/*
 * An initiator of @mech with @cred against the broker's acceptor of
 * @broker_mech, until one side stops; the broker's status.
 */
static uint32_t handshake(struct broker_config *c, struct broker_result *r,
			  gss_cred_id_t cred, gss_OID mech,
			  uint32_t broker_mech)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	struct broker_accept *s = NULL;
	struct mit_peer p = {
		.cred = cred, .mech = mech,
		.target = import(NTLM_TARGET, GSS_C_NT_HOSTBASED_SERVICE),
	};
	OM_uint32 minor;
	int legs;

	broker_result_free(r);
	if (GSS_ERROR(mit_init(&p, NULL, 0, &out))) {
		broker_result_fail(r, KSECDD_SEC_E_INTERNAL_ERROR,
				   "the initiator's first token");
		goto out;
	}
	for (legs = 0; legs < 4; legs++) {
		broker_result_free(r);
		broker_accept_leg(c, &s, broker_mech, NULL, out.value,
				  out.length, r);
		gss_release_buffer(&minor, &out);
		if (r->status != KSECDD_SEC_E_OK &&
		    r->status != KSECDD_SEC_I_CONTINUE_NEEDED)
			break;
		if ((r->token_len || p.major == GSS_S_CONTINUE_NEEDED) &&
		    GSS_ERROR(mit_init(&p, r->token, r->token_len, &out))) {
			broker_result_free(r);
			broker_result_fail(r, KSECDD_SEC_E_INTERNAL_ERROR,
					   "the initiator refused the answer");
			break;
		}
		if (r->status == KSECDD_SEC_E_OK)
			break;
	}
out:
	gss_release_buffer(&minor, &out);
	broker_accept_free(s);
	mit_free(&p);
	return r->status;
}

/* The broker's blob is an NTLM acceptor's, of the mapped user. */
static void expect_ntlm(struct __test_metadata *_metadata,
			const struct broker_result *r, const char *user)
{
	struct ksecdd_packed_ctx ctx;
	char name[128];

	ASSERT_EQ(KSECDD_SEC_E_OK, r->status)
		TH_LOG("%s: %s", broker_status_name(r->status), r->message);
	ASSERT_EQ(0, ksecdd_packed_decode(r->blob, r->blob_len, &ctx));
	EXPECT_EQ(KSECDD_PACKAGE_NTLM, ctx.package);
	EXPECT_EQ(KSECDD_ROLE_ACCEPTOR, ctx.role);
	snprintf(name, sizeof(name), NTLM_DOMAIN "\\%s", user);
	EXPECT_TRUE(name_is(ctx.client_name, ctx.client_name_len, name))
		TH_LOG("client '%.*s'", (int)ctx.client_name_len,
		       ctx.client_name);
	EXPECT_TRUE(ctx.has_identity);
	EXPECT_EQ(NOBODY, ctx.uid);
	EXPECT_EQ(NOBODY, ctx.gid);
	EXPECT_EQ(ctx.flags, r->attrs);
	EXPECT_NE(0, ctx.ntlm.negotiate_flags);
}

TEST_F(ntlm, accept_ntlm)
{
	handshake(&self->c, &self->r, ntlm_cred(self->user, self->password),
		  &ntlmssp, KSECDD_BROKER_MECH_NTLM);
	expect_ntlm(_metadata, &self->r, self->user);
}

TEST_F(ntlm, wrong_password)
{
	EXPECT_EQ(KSECDD_SEC_E_LOGON_DENIED,
		  handshake(&self->c, &self->r,
			    ntlm_cred(self->user, "not the password"),
			    &ntlmssp, KSECDD_BROKER_MECH_NTLM))
		TH_LOG("%s", self->r.message);
	EXPECT_EQ(NULL, self->r.blob);
}

TEST_F(ntlm, unknown_user)
{
	EXPECT_EQ(KSECDD_SEC_E_LOGON_DENIED,
		  handshake(&self->c, &self->r,
			    ntlm_cred("stranger", self->password), &ntlmssp,
			    KSECDD_BROKER_MECH_NTLM))
		TH_LOG("%s", self->r.message);
	EXPECT_EQ(NULL, self->r.blob);
}

/* A user gss-ntlmssp knows, of a domain the mapping does not list */
TEST_F(ntlm, unmapped_user)
{
	size_t i;

	for (i = 0; i < self->c.nntlm_domains; i++)
		free(self->c.ntlm_domains[i]);
	self->c.nntlm_domains = 0;
	EXPECT_EQ(KSECDD_SEC_E_LOGON_DENIED,
		  handshake(&self->c, &self->r,
			    ntlm_cred(self->user, self->password), &ntlmssp,
			    KSECDD_BROKER_MECH_NTLM))
		TH_LOG("%s", self->r.message);
	EXPECT_NE(NULL, strstr(self->r.message, "no local account"))
		TH_LOG("%s", self->r.message);
}

TEST_F(ntlm, garbage_token)
{
	static const char text[] = "not a token at all";
	/* an NTLMSSP signature, then a message type no client sends */
	static const char wrong[] = "NTLMSSP\0\x07\0\0\0garbage";

	EXPECT_EQ(KSECDD_SEC_E_INVALID_TOKEN,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_NTLM,
			      NULL, text, sizeof(text)))
		TH_LOG("%s", self->r.message);
	EXPECT_EQ(KSECDD_SEC_E_INVALID_TOKEN,
		  accept_once(&self->c, &self->r, KSECDD_BROKER_MECH_NTLM,
			      NULL, wrong, sizeof(wrong)))
		TH_LOG("%s", self->r.message);
}

/*
 * An initiator without Kerberos: no client keytab, an empty cache (each
 * test runs in a process of its own).
 */
static void no_kerberos(void)
{
	unsetenv("KRB5_CLIENT_KTNAME");
	setenv("KRB5CCNAME", "MEMORY:no_tickets", 1);
}

/* Without ntlm_user_file NTLM is off, whatever MIT's mechanisms are. */
TEST_F(ntlm, ntlm_off)
{
	free(self->c.ntlm_user_file);
	self->c.ntlm_user_file = NULL;
	EXPECT_EQ(KSECDD_SEC_E_SECPKG_NOT_FOUND,
		  broker_acquire_inbound(&self->c, KSECDD_BROKER_MECH_NTLM,
					 NULL, &self->r));
	broker_result_free(&self->r);
	EXPECT_EQ(KSECDD_SEC_E_SECPKG_NOT_FOUND,
		  handshake(&self->c, &self->r,
			    ntlm_cred(self->user, self->password), &ntlmssp,
			    KSECDD_BROKER_MECH_NTLM));
	/* and SPNEGO does not fall back to it */
	no_kerberos();
	EXPECT_NE(KSECDD_SEC_E_OK,
		  handshake(&self->c, &self->r, GSS_C_NO_CREDENTIAL, &spnego,
			    KSECDD_BROKER_MECH_NEGOTIATE));
	EXPECT_EQ(NULL, self->r.blob);
}

TEST_F(ntlm, acquire_inbound)
{
	EXPECT_EQ(KSECDD_SEC_E_OK,
		  broker_acquire_inbound(&self->c, KSECDD_BROKER_MECH_NTLM,
					 NULL, &self->r))
		TH_LOG("%s", self->r.message);
	EXPECT_EQ(BROKER_EXPIRY_NEVER, self->r.expiry);
}

/*
 * A client with no Kerberos ticket: MIT's SPNEGO offers only what it has
 * credentials for, NTLM from the user file, and the broker's SPNEGO
 * takes it.
 */
TEST_F(ntlm, negotiate_without_ticket)
{
	no_kerberos();
	handshake(&self->c, &self->r, GSS_C_NO_CREDENTIAL, &spnego,
		  KSECDD_BROKER_MECH_NEGOTIATE);
	expect_ntlm(_metadata, &self->r, self->user);
}

/* With a ticket, SPNEGO offers krb5 first and NTLM too: krb5 it is. */
TEST_F(ntlm, negotiate_with_ticket)
{
	struct ksecdd_packed_ctx ctx;
	char cache[128];

	snprintf(cache, sizeof(cache), "FILE:%s/krb5cc_%d", dir, NOBODY);
	setenv("KRB5CCNAME", cache, 1);
	ASSERT_EQ(KSECDD_SEC_E_OK,
		  handshake(&self->c, &self->r, GSS_C_NO_CREDENTIAL, &spnego,
			    KSECDD_BROKER_MECH_NEGOTIATE))
		TH_LOG("%s: %s", broker_status_name(self->r.status),
		       self->r.message);
	ASSERT_EQ(0, ksecdd_packed_decode(self->r.blob, self->r.blob_len,
					  &ctx));
	EXPECT_EQ(KSECDD_PACKAGE_KERBEROS, ctx.package);
	EXPECT_TRUE(name_is(ctx.client_name, ctx.client_name_len, CLIENT));
	EXPECT_EQ(NOBODY, ctx.uid);
}

/* -- without a realm -------------------------------------------------- */

TEST(config_and_mapping)
{
	struct broker_config c;
	char account[64], error[128];

	broker_config_init(&c);
	EXPECT_EQ(0, broker_config_line(&c, "  # a comment", error, 128));
	EXPECT_EQ(0, broker_config_line(&c, "", error, 128));
	EXPECT_EQ(0, broker_config_line(&c, "map = alice@A.TEST  bob # x",
					error, 128));
	EXPECT_EQ(0, broker_config_line(&c, "strip_realm = B.TEST", error,
					128));
	EXPECT_EQ(0, broker_config_line(&c, "realm=C.TEST", error, 128));
	EXPECT_EQ(0, broker_config_line(&c, "allow_root_initiator = yes",
					error, 128));
	EXPECT_EQ(0, broker_config_line(&c, "workers = 8", error, 128));
	EXPECT_TRUE(c.allow_root_initiator);
	EXPECT_EQ(8, c.workers);
	EXPECT_EQ(-1, broker_config_line(&c, "workers = 0", error, 128));
	EXPECT_EQ(-1, broker_config_line(&c, "colour = blue", error, 128));
	EXPECT_EQ(-1, broker_config_line(&c, "map = alice@A.TEST", error,
					 128));
	EXPECT_EQ(-1, broker_config_line(&c, "keytab", error, 128));

	EXPECT_EQ(0, broker_map_name(&c, "alice@A.TEST", account, 64));
	EXPECT_STREQ("bob", account);
	EXPECT_EQ(-1, broker_map_name(&c, "carol@A.TEST", account, 64));
	EXPECT_EQ(0, broker_map_name(&c, "carol@B.TEST", account, 64));
	EXPECT_STREQ("carol", account);
	EXPECT_EQ(0, broker_map_name(&c, "dave@C.TEST", account, 64));
	EXPECT_STREQ("dave", account);
	/* a service principal is no user */
	EXPECT_EQ(-1, broker_map_name(&c, "host/x@B.TEST", account, 64));
	EXPECT_EQ(-1, broker_map_name(&c, "@B.TEST", account, 64));
	broker_config_free(&c);
}

/* NTLM's keys, and DOMAIN\\user as an account */
TEST(ntlm_config_and_mapping)
{
	struct broker_identity id = { 0 };
	struct broker_config c;
	char error[128];

	broker_config_init(&c);
	EXPECT_EQ(0, broker_config_line(&c, "ntlm_domain = KSECDD", error,
					128));
	EXPECT_EQ(0, broker_config_line(&c, "map = OTHER\\Root nobody", error,
					128));
	EXPECT_EQ(0, broker_config_line(&c, "ntlm_user_file = /etc/x", error,
					128));
	EXPECT_STREQ("/etc/x", c.ntlm_user_file);
	EXPECT_EQ(-1, broker_config_line(&c, "ntlm_user_file = x", error,
					 128));
	EXPECT_EQ(-1, broker_config_line(&c, "gss_mech_config = mech", error,
					 128));
	EXPECT_EQ(-1, broker_config_line(&c, "ntlm_domain = A\\B", error,
					 128));
	EXPECT_EQ(-1, broker_config_line(&c, "ntlm_domain = A B", error,
					 128));

	/* domains and user names in any case; the account in lower case */
	ASSERT_EQ(0, broker_map_ntlm(&c, "ksecdd\\NoBody", &id, error, 128))
		TH_LOG("%s", error);
	EXPECT_STREQ("nobody", id.account);
	EXPECT_EQ(NOBODY, id.uid);
	free(id.groups);
	id.groups = NULL;
	ASSERT_EQ(0, broker_map_ntlm(&c, "other\\root", &id, error, 128));
	EXPECT_STREQ("nobody", id.account);
	free(id.groups);
	id.groups = NULL;
	EXPECT_EQ(-1, broker_map_ntlm(&c, "OTHER\\nobody", &id, error, 128));
	EXPECT_EQ(-1, broker_map_ntlm(&c, "nobody", &id, error, 128));
	EXPECT_EQ(-1, broker_map_ntlm(&c, "KSECDD\\", &id, error, 128));
	EXPECT_EQ(-1, broker_map_ntlm(&c, "KSECDD\\a\\b", &id, error, 128));
	/* a Kerberos principal is no NTLM name */
	EXPECT_EQ(-1, broker_map_ntlm(&c, "nobody@KSECDD", &id, error, 128));
	broker_config_free(&c);
}

/* The session table: ids, busy sessions, users, release, sweep. */
TEST(sessions)
{
	struct broker_session *a, *b, *s;
	uint64_t id;

	ASSERT_EQ(0, broker_session_count());
	a = broker_session_new(BROKER_SESSION_ACCEPT,
			       KSECDD_BROKER_MECH_KERBEROS, 0);
	ASSERT_NE(NULL, a);
	EXPECT_NE(0, a->id);
	/* busy until its leg puts it back */
	EXPECT_EQ(NULL, broker_session_take(a->id, BROKER_SESSION_ACCEPT,
					    KSECDD_BROKER_MECH_KERBEROS, 0));
	broker_session_put(a, true);
	EXPECT_EQ(NULL, broker_session_take(a->id, BROKER_SESSION_INIT,
					    KSECDD_BROKER_MECH_KERBEROS, 0));
	EXPECT_EQ(NULL, broker_session_take(a->id, BROKER_SESSION_ACCEPT,
					    KSECDD_BROKER_MECH_NEGOTIATE, 0));
	EXPECT_EQ(a, broker_session_take(a->id, BROKER_SESSION_ACCEPT,
					 KSECDD_BROKER_MECH_KERBEROS, 7));
	broker_session_put(a, true);

	/* an INIT session is its user's only */
	b = broker_session_new(BROKER_SESSION_INIT,
			       KSECDD_BROKER_MECH_NEGOTIATE, 1000);
	ASSERT_NE(NULL, b);
	EXPECT_NE(a->id, b->id);
	broker_session_put(b, true);
	EXPECT_EQ(NULL, broker_session_take(b->id, BROKER_SESSION_INIT,
					    KSECDD_BROKER_MECH_NEGOTIATE,
					    1001));
	s = broker_session_take(b->id, BROKER_SESSION_INIT,
				KSECDD_BROKER_MECH_NEGOTIATE, 1000);
	EXPECT_EQ(b, s);
	/* released while its leg runs: freed when the leg is done */
	id = b->id;
	broker_session_release(id);
	EXPECT_EQ(2, broker_session_count());
	broker_session_put(s, true);
	EXPECT_EQ(1, broker_session_count());
	EXPECT_EQ(NULL, broker_session_take(id, BROKER_SESSION_INIT,
					    KSECDD_BROKER_MECH_NEGOTIATE,
					    1000));

	/* idle too long */
	EXPECT_EQ(0, broker_session_sweep(60, false));
	a->last -= 61;
	EXPECT_EQ(1, broker_session_sweep(60, false));
	EXPECT_EQ(0, broker_session_count());

	/* a handshake that ends, and a release of an idle one */
	a = broker_session_new(BROKER_SESSION_ACCEPT,
			       KSECDD_BROKER_MECH_KERBEROS, 0);
	ASSERT_NE(NULL, a);
	broker_session_put(a, false);
	EXPECT_EQ(0, broker_session_count());
	a = broker_session_new(BROKER_SESSION_ACCEPT,
			       KSECDD_BROKER_MECH_KERBEROS, 0);
	ASSERT_NE(NULL, a);
	broker_session_put(a, true);
	broker_session_release(a->id);
	EXPECT_EQ(0, broker_session_count());
	broker_session_release(12345);
}

TEST(status_mapping)
{
	static const struct {
		enum broker_step step;
		OM_uint32 major;
		int32_t minor;
		uint32_t status;
	} cases[] = {
		{ BROKER_STEP_ACCEPT, GSS_S_FAILURE,
		  KRB5KRB_AP_ERR_BAD_INTEGRITY, KSECDD_SEC_E_LOGON_DENIED },
		{ BROKER_STEP_ACCEPT, GSS_S_FAILURE, KRB5KRB_AP_ERR_MODIFIED,
		  KSECDD_SEC_E_LOGON_DENIED },
		{ BROKER_STEP_ACCEPT, GSS_S_BAD_SIG, 0,
		  KSECDD_SEC_E_LOGON_DENIED },
		{ BROKER_STEP_ACCEPT, GSS_S_FAILURE, 0,
		  KSECDD_SEC_E_LOGON_DENIED },
		{ BROKER_STEP_ACCEPT, GSS_S_DEFECTIVE_TOKEN, 0,
		  KSECDD_SEC_E_INVALID_TOKEN },
		{ BROKER_STEP_ACCEPT, GSS_S_FAILURE, ASN1_BAD_ID,
		  KSECDD_SEC_E_INVALID_TOKEN },
		{ BROKER_STEP_ACCEPT, GSS_S_FAILURE, KRB5KRB_AP_ERR_REPEAT,
		  KSECDD_SEC_E_LOGON_DENIED },
		{ BROKER_STEP_ACCEPT, GSS_S_DUPLICATE_TOKEN, 0,
		  KSECDD_SEC_E_LOGON_DENIED },
		{ BROKER_STEP_ACCEPT, GSS_S_FAILURE, KRB5KRB_AP_ERR_SKEW,
		  KSECDD_SEC_E_TIME_SKEW },
		{ BROKER_STEP_ACCEPT, GSS_S_CREDENTIALS_EXPIRED,
		  KRB5KRB_AP_ERR_TKT_EXPIRED, KSECDD_SEC_E_CONTEXT_EXPIRED },
		{ BROKER_STEP_ACCEPT, GSS_S_FAILURE, KRB5KRB_AP_WRONG_PRINC,
		  KSECDD_SEC_E_WRONG_PRINCIPAL },
		{ BROKER_STEP_ACCEPT, GSS_S_FAILURE, KRB5KRB_AP_ERR_NOT_US,
		  KSECDD_SEC_E_WRONG_PRINCIPAL },
		{ BROKER_STEP_ACCEPT, GSS_S_NO_CRED, KRB5_KT_NOTFOUND,
		  KSECDD_SEC_E_WRONG_PRINCIPAL },
		{ BROKER_STEP_ACQUIRE_IN, GSS_S_NO_CRED, KRB5_KT_NOTFOUND,
		  KSECDD_SEC_E_NO_CREDENTIALS },
		{ BROKER_STEP_INIT, GSS_S_FAILURE,
		  KRB5KDC_ERR_S_PRINCIPAL_UNKNOWN, KSECDD_SEC_E_TARGET_UNKNOWN },
		{ BROKER_STEP_INIT, GSS_S_NO_CRED, KRB5_FCC_NOFILE,
		  KSECDD_SEC_E_NO_CREDENTIALS },
		{ BROKER_STEP_INIT, GSS_S_NO_CRED, KRB5_CC_NOTFOUND,
		  KSECDD_SEC_E_NO_CREDENTIALS },
		{ BROKER_STEP_INIT, GSS_S_CREDENTIALS_EXPIRED,
		  KRB5KRB_AP_ERR_TKT_EXPIRED, KSECDD_SEC_E_NO_CREDENTIALS },
		{ BROKER_STEP_INIT, GSS_S_FAILURE, KRB5_KDC_UNREACH,
		  KSECDD_SEC_E_NO_AUTHENTICATING_AUTHORITY },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_EQ(cases[i].status,
			  broker_gss_status(cases[i].step, cases[i].major,
					    (OM_uint32)cases[i].minor))
			TH_LOG("case %zu", i);
}

/*
 * The user child is this program again (/proc/self/exe), with
 * BROKER_CHILD_ARG: as in ksecdd-broker.
 */
static void __attribute__((constructor)) order_last(void)
{
	if (!__constructor_order)
		__constructor_order = _CONSTRUCTOR_ORDER_BACKWARD;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], BROKER_CHILD_ARG))
		return broker_child_main(BROKER_CHILD_FD);
	return test_harness_run(argc, argv);
}
