// SPDX-License-Identifier: GPL-2.0
/*
 * ksecdd_sample_server: an in-kernel TCP server that speaks MIT krb5's
 * gss-sample protocol (samples/gss_sample.h) as MIT's gss-server does, so
 * that MIT's unmodified gss-client authenticates to it.
 *
 * Each connection: AcceptSecurityContext, leg by leg, with the Kerberos,
 * the NTLM or the Negotiate package as the client's first token names
 * (its mechanism OID: raw krb5 or SPNEGO; or a raw NTLMSSP message, which
 * gss-ntlmssp sends without one); then, impersonating the client, a
 * file created in a directory (so that it is owned by the local account
 * the client's principal maps to); then each message unwrapped with
 * DecryptMessage and answered with a MakeSignature MIC of its plaintext;
 * DeleteSecurityContext when the client says goodbye.  Every connection
 * is logged, with its status when it fails.
 *
 * A listening kthread accepts; each connection is a work item on an
 * unbound workqueue.  Unloading shuts the sockets down, which ends the
 * connections still open, and waits for them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/in.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <ksecdd/sspi.h>

#include "gss_sample.h"

static unsigned short port = 4445;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "TCP port to listen on, on every IPv4 address (default 4445)");

static char *package = "auto";
module_param(package, charp, 0444);
MODULE_PARM_DESC(package,
		 "Security package: auto (by the client's first token: Kerberos for raw krb5, NTLM for a raw NTLMSSP message, Negotiate otherwise), Kerberos, NTLM or Negotiate (default auto)");

static char *principal;
module_param(principal, charp, 0444);
MODULE_PARM_DESC(principal,
		 "Acceptor principal, e.g. host/server.example.com@EXAMPLE.COM (default: any key in the broker's keytab)");

static char *dir = "/tmp/ksecdd-sample";
module_param(dir, charp, 0444);
MODULE_PARM_DESC(dir,
		 "Directory in which each authenticated client's file is created while impersonating it (default /tmp/ksecdd-sample; empty: none)");

static unsigned int timeout = 120;
module_param(timeout, uint, 0444);
MODULE_PARM_DESC(timeout,
		 "Seconds a connection may stay silent before it is closed (default 120)");

static unsigned int max_connections = 256;
module_param(max_connections, uint, 0444);
MODULE_PARM_DESC(max_connections,
		 "Connections served at once; more are closed at once (default 256)");

/* The DER of the two mechanism OIDs an initial context token can start with */
static const u8 oid_krb5[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
			       0x12, 0x01, 0x02, 0x02 };

struct sample_conn {
	struct work_struct work;
	struct list_head node;
	struct socket *sock;
	char peer[48];
	CtxtHandle ctx;
	bool have_ctx;
};

static struct socket *listener;
static struct task_struct *accept_task;
static struct workqueue_struct *conn_wq;
static DEFINE_MUTEX(conns_lock);
static LIST_HEAD(conns);
static unsigned int nconns;
static bool stopping;

/*
 * The package for a first token: Kerberos if it is a raw krb5 initial
 * context token (RFC 2743 3.1: 0x60, its DER length, then the OID), NTLM
 * if it is an NTLMSSP message (MS-NLMP 2.2: its signature); anything else
 * goes to Negotiate, which takes SPNEGO and refuses garbage with a status
 * of its own.
 */
static const char *package_for(const struct gss_sample_token *tok)
{
	static const u8 ntlmssp[] = "NTLMSSP";
	u32 i = 1;

	if (strcasecmp(package, "auto"))
		return package;
	if (tok->len >= sizeof(ntlmssp) &&
	    !memcmp(tok->data, ntlmssp, sizeof(ntlmssp)))
		return NTLMSP_NAME;
	if (tok->len < 2 || tok->data[0] != 0x60)
		return NEGOSSP_NAME;
	if (tok->data[1] & 0x80)
		i += 1 + (tok->data[1] & 0x7f);
	else
		i += 1;
	if (tok->len >= i + sizeof(oid_krb5) &&
	    !memcmp(tok->data + i, oid_krb5, sizeof(oid_krb5)))
		return MICROSOFT_KERBEROS_NAME;
	return NEGOSSP_NAME;
}

static SECURITY_STATUS acquire(const char *pkg, PCredHandle cred)
{
	SEC_WCHAR pkg16[16], princ16[256];
	SECURITY_STRING pkg_str, princ_str;
	TimeStamp expiry;

	if (!gss_sample_string(pkg, pkg16, ARRAY_SIZE(pkg16), &pkg_str))
		return SEC_E_SECPKG_NOT_FOUND;
	if (principal && *principal &&
	    !gss_sample_string(principal, princ16, ARRAY_SIZE(princ16),
			       &princ_str))
		return SEC_E_INVALID_PARAMETER;
	return AcquireCredentialsHandleW(principal && *principal ?
					 &princ_str : NULL, &pkg_str,
					 SECPKG_CRED_INBOUND, NULL, NULL,
					 NULL, NULL, cred, &expiry);
}

static void log_status(struct sample_conn *c, const char *call,
		       SECURITY_STATUS status)
{
	pr_info("%s: %s: %s (0x%08x)\n", c->peer, call,
		gss_sample_status_name(status), (u32)status);
}

/* One leg: the client's token in, ours (if any) out to the client. */
static SECURITY_STATUS accept_leg(struct sample_conn *c, PCredHandle cred,
				  struct gss_sample_token *tok, u32 *attrs)
{
	SecBuffer in_buf = { tok->len, SECBUFFER_TOKEN, tok->data };
	SecBufferDesc in = { SECBUFFER_VERSION, 1, &in_buf };
	SecBuffer out_buf = { 0, SECBUFFER_TOKEN, NULL };
	SecBufferDesc out = { SECBUFFER_VERSION, 1, &out_buf };
	TimeStamp expiry;
	SECURITY_STATUS status;
	int ret = 0;

	status = AcceptSecurityContext(cred, c->have_ctx ? &c->ctx : NULL,
				       &in, ASC_REQ_ALLOCATE_MEMORY |
				       ASC_REQ_MUTUAL_AUTH |
				       ASC_REQ_REPLAY_DETECT |
				       ASC_REQ_SEQUENCE_DETECT |
				       ASC_REQ_CONFIDENTIALITY |
				       ASC_REQ_INTEGRITY,
				       SECURITY_NATIVE_DREP, &c->ctx, &out,
				       attrs, &expiry);
	/* a failed leg deleted the partial context */
	c->have_ctx = status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED;
	/* as gss-server does: whatever token there is goes to the client */
	if (out_buf.pvBuffer) {
		if (out_buf.cbBuffer)
			ret = gss_sample_send(c->sock, TOKEN_CONTEXT,
					      out_buf.pvBuffer,
					      out_buf.cbBuffer);
		FreeContextBuffer(out_buf.pvBuffer);
	}
	if (status != SEC_E_OK && status != SEC_I_CONTINUE_NEEDED)
		log_status(c, "AcceptSecurityContext", status);
	else if (ret)
		pr_info("%s: sending a context token: error %d\n", c->peer,
			ret);
	return ret && SEC_SUCCESS(status) ? SEC_E_INTERNAL_ERROR : status;
}

/* The handshake: Return 0 once the context is complete. */
static int establish(struct sample_conn *c, const char **pkg)
{
	struct gss_sample_token tok;
	CredHandle cred;
	SECURITY_STATUS status = SEC_E_INTERNAL_ERROR;
	u32 attrs;
	int ret;

	*pkg = NULL;
	do {
		ret = gss_sample_recv(c->sock, &tok);
		if (ret) {
			pr_info("%s: receiving a context token: error %d\n",
				c->peer, ret);
			break;
		}
		if (!*pkg) {
			*pkg = package_for(&tok);
			status = acquire(*pkg, &cred);
			if (status != SEC_E_OK) {
				log_status(c, "AcquireCredentialsHandleW",
					   status);
				kfree(tok.data);
				return -EACCES;
			}
		}
		status = accept_leg(c, &cred, &tok, &attrs);
		kfree(tok.data);
	} while (status == SEC_I_CONTINUE_NEEDED);
	if (*pkg)
		FreeCredentialsHandle(&cred);
	if (ret)
		return ret;
	return status == SEC_E_OK ? 0 : -EACCES;
}

/* The package a Negotiate handshake chose, as Windows reports it. */
static void negotiated(struct sample_conn *c, char *out, size_t size)
{
	SecPkgContext_NegotiationInfoW nego = {};

	strscpy(out, "unknown", size);
	if (QueryContextAttributesW(&c->ctx, SECPKG_ATTR_NEGOTIATION_INFO,
				    &nego) != SEC_E_OK)
		return;
	gss_sample_utf8(nego.PackageInfo->Name, out, size);
	FreeContextBuffer(nego.PackageInfo);
}

/* Who the client is, as the log and the file name say it. */
static void describe(struct sample_conn *c, const char *pkg, char *name,
		     size_t size)
{
	SecPkgContext_NamesW names = {};
	char chosen[32];
	SecPkgContext_KeyInfoW key = {};
	SECURITY_STATUS status;
	u32 enctype = 0;
	uid_t uid = (uid_t)-1;
	const struct cred *token;

	status = QueryContextAttributesW(&c->ctx, SECPKG_ATTR_NAMES, &names);
	if (status == SEC_E_OK) {
		gss_sample_utf8(names.sUserName, name, size);
		FreeContextBuffer(names.sUserName);
	} else {
		strscpy(name, "unknown", size);
	}
	if (QueryContextAttributesW(&c->ctx, SECPKG_ATTR_KEY_INFO,
				    &key) == SEC_E_OK) {
		enctype = key.EncryptAlgorithm;
		FreeContextBuffer(key.sSignatureAlgorithmName);
		FreeContextBuffer(key.sEncryptAlgorithmName);
	}
	if (QuerySecurityContextToken(&c->ctx, (void **)&token) == SEC_E_OK) {
		uid = from_kuid(&init_user_ns, token->fsuid);
		put_cred(token);
	}
	negotiated(c, chosen, sizeof(chosen));
	pr_info("%s: authenticated %s as uid %d, package %s, enctype %u (%s), negotiated %s\n",
		c->peer, name, (int)uid, pkg, enctype,
		gss_sample_enctype_name(enctype), chosen);
}

/*
 * As the client: create DIR/<principal> (slashes made underscores), so
 * that its owner shows whom the context's token maps the client to.
 */
static void impersonate(struct sample_conn *c, const char *name)
{
	SECURITY_STATUS status;
	struct file *f;
	char *path, *p;
	loff_t pos = 0;

	if (!dir || !*dir)
		return;
	path = kasprintf(GFP_KERNEL, "%s/%s", dir, name);
	if (!path)
		return;
	for (p = path + strlen(dir) + 1; *p; p++)
		if (*p == '/')
			*p = '_';
	status = ImpersonateSecurityContext(&c->ctx);
	if (status != SEC_E_OK) {
		log_status(c, "ImpersonateSecurityContext", status);
		goto out;
	}
	f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
	if (IS_ERR(f)) {
		pr_info("%s: creating %s as uid %u: error %ld\n", c->peer,
			path, from_kuid(&init_user_ns, current_fsuid()),
			PTR_ERR(f));
	} else {
		kernel_write(f, name, strlen(name), &pos);
		kernel_write(f, "\n", 1, &pos);
		pr_info("%s: created %s as uid %u\n", c->peer, path,
			from_kuid(&init_user_ns, current_fsuid()));
		filp_close(f, NULL);
	}
	status = RevertSecurityContext(&c->ctx);
	if (status != SEC_E_OK)
		log_status(c, "RevertSecurityContext", status);
out:
	kfree(path);
}

/* A wrapped message: DecryptMessage on the whole token, in place. */
static SECURITY_STATUS unwrap(struct sample_conn *c,
			      struct gss_sample_token *tok, SecBuffer *data)
{
	SecBuffer bufs[2] = {
		{ tok->len, SECBUFFER_STREAM, tok->data },
		{ 0, SECBUFFER_DATA, NULL },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	SECURITY_STATUS status;
	u32 qop = 0;

	status = DecryptMessage(&c->ctx, &desc, 0, &qop);
	if (status != SEC_E_OK) {
		log_status(c, "DecryptMessage", status);
		return status;
	}
	if ((tok->flags & TOKEN_ENCRYPTED) && (qop & SECQOP_WRAP_NO_ENCRYPT))
		pr_info("%s: warning: the message was not encrypted\n",
			c->peer);
	*data = bufs[1];
	return SEC_E_OK;
}

/* The MIC of @data, sent to the client. */
static int send_mic(struct sample_conn *c, SecBuffer *data)
{
	SecPkgContext_Sizes sizes;
	SecBuffer bufs[2] = { *data, { 0, SECBUFFER_TOKEN, NULL } };
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	SECURITY_STATUS status;
	int ret;

	status = QueryContextAttributesW(&c->ctx, SECPKG_ATTR_SIZES, &sizes);
	if (status != SEC_E_OK) {
		log_status(c, "QueryContextAttributesW", status);
		return -EPROTO;
	}
	bufs[1].cbBuffer = sizes.cbMaxSignature;
	bufs[1].pvBuffer = kmalloc(sizes.cbMaxSignature, GFP_KERNEL);
	if (!bufs[1].pvBuffer)
		return -ENOMEM;
	status = MakeSignature(&c->ctx, 0, &desc, 0);
	if (status == SEC_E_OK) {
		ret = gss_sample_send(c->sock, TOKEN_MIC, bufs[1].pvBuffer,
				      bufs[1].cbBuffer);
	} else {
		log_status(c, "MakeSignature", status);
		ret = -EPROTO;
	}
	kfree(bufs[1].pvBuffer);
	return ret;
}

/* One message: Return 1 at the client's goodbye, 0 for more, or an error. */
static int serve_message(struct sample_conn *c)
{
	struct gss_sample_token tok;
	SecBuffer data;
	int ret;

	ret = gss_sample_recv(c->sock, &tok);
	if (ret) {
		pr_info("%s: receiving a message: error %d\n", c->peer, ret);
		return ret;
	}
	if (tok.flags & TOKEN_NOOP) {
		ret = 1;
		goto out;
	}
	if (!c->have_ctx &&
	    (tok.flags & (TOKEN_WRAPPED | TOKEN_ENCRYPTED | TOKEN_SEND_MIC))) {
		pr_info("%s: unauthenticated client asked for protection\n",
			c->peer);
		ret = -EACCES;
		goto out;
	}
	data.BufferType = SECBUFFER_DATA;
	data.cbBuffer = tok.len;
	data.pvBuffer = tok.data;
	if ((tok.flags & TOKEN_WRAPPED) && unwrap(c, &tok, &data) != SEC_E_OK) {
		ret = -EACCES;
		goto out;
	}
	pr_debug("%s: message of %u bytes: \"%*pE\"\n", c->peer,
		 data.cbBuffer, min_t(int, data.cbBuffer, 64), data.pvBuffer);
	if (tok.flags & TOKEN_SEND_MIC)
		ret = send_mic(c, &data);
	else
		ret = gss_sample_send(c->sock, TOKEN_NOOP, NULL, 0);
out:
	kfree(tok.data);
	return ret;
}

/* The connection's first token says whether it authenticates at all. */
static int serve(struct sample_conn *c)
{
	struct gss_sample_token tok;
	char name[256];
	const char *pkg;
	int ret;

	ret = gss_sample_recv(c->sock, &tok);
	if (ret)
		return ret;
	kfree(tok.data);
	if (!(tok.flags & TOKEN_NOOP)) {
		pr_info("%s: expected a NOOP token, got flags 0x%02x\n",
			c->peer, tok.flags);
		return -EPROTO;
	}
	if (tok.flags & TOKEN_CONTEXT_NEXT) {
		ret = establish(c, &pkg);
		if (ret)
			return ret;
		describe(c, pkg, name, sizeof(name));
		impersonate(c, name);
	} else {
		pr_info("%s: unauthenticated connection\n", c->peer);
	}
	while (!(ret = serve_message(c)))
		;
	return ret < 0 ? ret : 0;
}

static void conn_work(struct work_struct *work)
{
	struct sample_conn *c = container_of(work, struct sample_conn, work);
	SECURITY_STATUS status;
	int ret;

	ret = serve(c);
	if (c->have_ctx) {
		status = DeleteSecurityContext(&c->ctx);
		if (status != SEC_E_OK)
			log_status(c, "DeleteSecurityContext", status);
	}
	pr_info("%s: connection closed%s\n", c->peer,
		ret ? " after an error" : "");
	mutex_lock(&conns_lock);
	list_del(&c->node);
	nconns--;
	mutex_unlock(&conns_lock);
	sock_release(c->sock);
	kfree(c);
}

static void conn_start(struct socket *sock)
{
	struct sockaddr_storage addr;
	struct sample_conn *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		sock_release(sock);
		return;
	}
	c->sock = sock;
	INIT_WORK(&c->work, conn_work);
	if (kernel_getpeername(sock, (struct sockaddr *)&addr) >= 0)
		snprintf(c->peer, sizeof(c->peer), "%pISpc", &addr);
	else
		strscpy(c->peer, "unknown peer", sizeof(c->peer));
	/* a silent client is bounded, and so is what unloading waits for */
	lock_sock(sock->sk);
	sock->sk->sk_rcvtimeo = (long)timeout * HZ;
	sock->sk->sk_sndtimeo = (long)timeout * HZ;
	release_sock(sock->sk);

	mutex_lock(&conns_lock);
	if (stopping || nconns >= max_connections) {
		mutex_unlock(&conns_lock);
		pr_info("%s: refused: %s\n", c->peer,
			stopping ? "unloading" : "too many connections");
		sock_release(sock);
		kfree(c);
		return;
	}
	list_add(&c->node, &conns);
	nconns++;
	queue_work(conn_wq, &c->work);
	mutex_unlock(&conns_lock);
}

static int accept_loop(void *unused)
{
	struct socket *sock;
	int ret;

	while (!kthread_should_stop()) {
		ret = kernel_accept(listener, &sock, 0);
		if (ret) {
			if (kthread_should_stop() || READ_ONCE(stopping))
				break;
			/* a connection reset before we took it, say */
			schedule_timeout_interruptible(HZ / 10);
			continue;
		}
		conn_start(sock);
	}
	/* kthread_stop() must find us alive */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static int listen_start(void)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int ret;

	ret = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &listener);
	if (ret)
		return ret;
	sock_set_reuseaddr(listener->sk);
	ret = kernel_bind(listener, (struct sockaddr *)&addr, sizeof(addr));
	if (!ret)
		ret = kernel_listen(listener, 128);
	if (ret) {
		sock_release(listener);
		listener = NULL;
	}
	return ret;
}

static int __init sample_server_init(void)
{
	int ret;

	if (strcasecmp(package, "auto") &&
	    strcmp(package, MICROSOFT_KERBEROS_NAME) &&
	    strcmp(package, NTLMSP_NAME) && strcmp(package, NEGOSSP_NAME)) {
		pr_err("package=%s: auto, Kerberos, NTLM or Negotiate\n",
		       package);
		return -EINVAL;
	}
	conn_wq = alloc_workqueue("ksecdd_sample_server", WQ_UNBOUND, 0);
	if (!conn_wq)
		return -ENOMEM;
	ret = listen_start();
	if (ret) {
		pr_err("cannot listen on port %u: error %d\n", port, ret);
		goto err_wq;
	}
	accept_task = kthread_run(accept_loop, NULL, "ksecdd_sample_srv");
	if (IS_ERR(accept_task)) {
		ret = PTR_ERR(accept_task);
		goto err_sock;
	}
	pr_info("listening on port %u, package %s, principal %s\n", port,
		package, principal && *principal ? principal : "(any)");
	return 0;

err_sock:
	sock_release(listener);
err_wq:
	destroy_workqueue(conn_wq);
	return ret;
}

static void __exit sample_server_exit(void)
{
	struct sample_conn *c;
	unsigned int open;

	WRITE_ONCE(stopping, true);
	/* wakes the accept; connections are refused from now on */
	kernel_sock_shutdown(listener, SHUT_RDWR);
	kthread_stop(accept_task);
	mutex_lock(&conns_lock);
	stopping = true;
	open = nconns;
	/* wakes each worker from its recvmsg or sendmsg */
	list_for_each_entry(c, &conns, node)
		kernel_sock_shutdown(c->sock, SHUT_RDWR);
	mutex_unlock(&conns_lock);
	destroy_workqueue(conn_wq);
	sock_release(listener);
	pr_info("stopped (%u connections were open)\n", open);
}

module_init(sample_server_init);
module_exit(sample_server_exit);

MODULE_DESCRIPTION("ksecdd sample: MIT gss-sample server in the kernel, over AcceptSecurityContext");
MODULE_AUTHOR("ksecdd developers");
MODULE_IMPORT_NS(KSECDD_NS);
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: ksecdd");
