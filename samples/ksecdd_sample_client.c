// SPDX-License-Identifier: GPL-2.0
/*
 * ksecdd_sample_client: an in-kernel client of MIT krb5's gss-sample
 * protocol (samples/gss_sample.h), which MIT's unmodified gss-server
 * serves.
 *
 * A user who ran kinit writes a request to /dev/ksecdd-sample-client:
 *
 *	[Kerberos|Negotiate] ADDRESS PORT SPN MESSAGE...
 *
 * e.g. "Kerberos 127.0.0.1 4444 host@server.example.com hello".  In the
 * writer's own context, as a redirector runs for the user who opened a
 * file, the module calls AcquireCredentialsHandleW(SECPKG_CRED_OUTBOUND)
 * (so the credentials are the writer's: the broker uses that user's
 * credentials cache and no other), connects to ADDRESS:PORT (IPv4),
 * InitializeSecurityContextW for SPN ("service@host" or
 * "service/host@REALM"), leg by leg, sends MESSAGE wrapped with
 * EncryptMessage and checks the MIC the server answers with
 * VerifySignature.  The write returns its length if all of that worked,
 * -EACCES if a call failed; a read() on the same file then gives the
 * result in a line ("ok: ..." or "error: CALL: STATUS (0x...)"), and the
 * kernel log has it too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/inet.h>
#include <linux/in.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <ksecdd/sspi.h>

#include "gss_sample.h"

static unsigned int timeout = 120;
module_param(timeout, uint, 0444);
MODULE_PARM_DESC(timeout,
		 "Seconds the server may stay silent before a request fails (default 120)");

#define REQUEST_MAX	1024
#define RESULT_MAX	512

/* One open file: the result of its last request. */
struct client_file {
	struct mutex lock;	/* one request at a time per file */
	char result[RESULT_MAX];
};

struct client_req {
	const char *pkg;
	struct sockaddr_in addr;
	const char *spn;
	const char *msg;
	struct socket *sock;
	CredHandle cred;
	CtxtHandle ctx;
	bool have_cred, have_ctx;
	u32 attrs;
	char *result;
};

static void fail(struct client_req *r, const char *call,
		 SECURITY_STATUS status)
{
	snprintf(r->result, RESULT_MAX, "error: %s: %s (0x%08x)\n", call,
		 gss_sample_status_name(status), (u32)status);
}

static void fail_errno(struct client_req *r, const char *what, int err)
{
	snprintf(r->result, RESULT_MAX, "error: %s: error %d\n", what, err);
}

/* "[PACKAGE] ADDRESS PORT SPN MESSAGE...", in place. */
static int parse(char *buf, struct client_req *r)
{
	char *addr, *port;
	u16 p;

	strim(buf);
	r->pkg = MICROSOFT_KERBEROS_NAME;
	if (!strncmp(buf, "Kerberos ", 9) || !strncmp(buf, "Negotiate ", 10)) {
		r->pkg = buf[0] == 'K' ? MICROSOFT_KERBEROS_NAME : NEGOSSP_NAME;
		strsep(&buf, " ");
	}
	addr = strsep(&buf, " ");
	port = strsep(&buf, " ");
	r->spn = strsep(&buf, " ");
	r->msg = buf;
	if (!addr || !port || !r->spn || !*r->spn || !r->msg || !*r->msg)
		return -EINVAL;
	r->addr.sin_family = AF_INET;
	if (!in4_pton(addr, -1, (u8 *)&r->addr.sin_addr.s_addr, -1, NULL) ||
	    kstrtou16(port, 10, &p) || !p)
		return -EINVAL;
	r->addr.sin_port = htons(p);
	return 0;
}

static int connect_to(struct client_req *r)
{
	struct net *net = current->nsproxy->net_ns;
	int ret;

	ret = sock_create_kern(net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			       &r->sock);
	if (ret)
		return ret;
	lock_sock(r->sock->sk);
	r->sock->sk->sk_rcvtimeo = (long)timeout * HZ;
	r->sock->sk->sk_sndtimeo = (long)timeout * HZ;
	release_sock(r->sock->sk);
	return kernel_connect(r->sock, (struct sockaddr *)&r->addr,
			      sizeof(r->addr), 0);
}

static SECURITY_STATUS acquire(struct client_req *r)
{
	SEC_WCHAR pkg16[16];
	SECURITY_STRING pkg;
	TimeStamp expiry;
	SECURITY_STATUS status;

	if (!gss_sample_string(r->pkg, pkg16, ARRAY_SIZE(pkg16), &pkg))
		return SEC_E_SECPKG_NOT_FOUND;
	status = AcquireCredentialsHandleW(NULL, &pkg, SECPKG_CRED_OUTBOUND,
					   NULL, NULL, NULL, NULL, &r->cred,
					   &expiry);
	r->have_cred = status == SEC_E_OK;
	return status;
}

/* One leg; @tok is the server's last token, or NULL on the first. */
static SECURITY_STATUS init_leg(struct client_req *r,
				PSECURITY_STRING target,
				struct gss_sample_token *tok, int *err)
{
	SecBuffer in_buf = { 0, SECBUFFER_TOKEN, NULL };
	SecBufferDesc in = { SECBUFFER_VERSION, 1, &in_buf };
	SecBuffer out_buf = { 0, SECBUFFER_TOKEN, NULL };
	SecBufferDesc out = { SECBUFFER_VERSION, 1, &out_buf };
	TimeStamp expiry;
	SECURITY_STATUS status;

	if (tok) {
		in_buf.cbBuffer = tok->len;
		in_buf.pvBuffer = tok->data;
	}
	status = InitializeSecurityContextW(&r->cred,
					    r->have_ctx ? &r->ctx : NULL,
					    target, ISC_REQ_ALLOCATE_MEMORY |
					    ISC_REQ_MUTUAL_AUTH |
					    ISC_REQ_REPLAY_DETECT |
					    ISC_REQ_SEQUENCE_DETECT |
					    ISC_REQ_CONFIDENTIALITY |
					    ISC_REQ_INTEGRITY, 0,
					    SECURITY_NATIVE_DREP,
					    tok ? &in : NULL, 0, &r->ctx, &out,
					    &r->attrs, &expiry);
	/* a failed leg deleted the partial context */
	r->have_ctx = status == SEC_E_OK || status == SEC_I_CONTINUE_NEEDED;
	if (out_buf.pvBuffer) {
		if (SEC_SUCCESS(status) && out_buf.cbBuffer)
			*err = gss_sample_send(r->sock, TOKEN_CONTEXT,
					       out_buf.pvBuffer,
					       out_buf.cbBuffer);
		FreeContextBuffer(out_buf.pvBuffer);
	}
	return status;
}

static int establish(struct client_req *r)
{
	SEC_WCHAR spn16[256];
	SECURITY_STRING target;
	struct gss_sample_token tok = {};
	SECURITY_STATUS status;
	bool first = true;
	int err = 0;

	if (!gss_sample_string(r->spn, spn16, ARRAY_SIZE(spn16), &target)) {
		fail(r, "InitializeSecurityContextW", SEC_E_INVALID_PARAMETER);
		return -EINVAL;
	}
	err = gss_sample_send(r->sock, TOKEN_NOOP | TOKEN_CONTEXT_NEXT,
			      NULL, 0);
	while (!err) {
		status = init_leg(r, &target, first ? NULL : &tok, &err);
		kfree(tok.data);
		tok.data = NULL;
		first = false;
		if (!SEC_SUCCESS(status)) {
			fail(r, "InitializeSecurityContextW", status);
			return -EACCES;
		}
		if (err || status == SEC_E_OK)
			break;
		err = gss_sample_recv(r->sock, &tok);
	}
	if (err)
		fail_errno(r, "talking to the server", err);
	return err;
}

/* MESSAGE wrapped: EncryptMessage's TOKEN then DATA, as one token. */
static int send_wrapped(struct client_req *r, const SecPkgContext_Sizes *sz,
			u8 *wire, size_t len)
{
	SecBuffer bufs[2] = {
		{ sz->cbSecurityTrailer, SECBUFFER_TOKEN, wire },
		{ len, SECBUFFER_DATA, wire + sz->cbSecurityTrailer },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	SECURITY_STATUS status;

	memcpy(bufs[1].pvBuffer, r->msg, len);
	status = EncryptMessage(&r->ctx, 0, &desc, 0);
	if (status != SEC_E_OK) {
		fail(r, "EncryptMessage", status);
		return -EACCES;
	}
	/* the token shrank to what it took: close the gap */
	memmove(wire + bufs[0].cbBuffer, bufs[1].pvBuffer, bufs[1].cbBuffer);
	return gss_sample_send(r->sock, TOKEN_DATA | TOKEN_WRAPPED |
			       TOKEN_ENCRYPTED | TOKEN_SEND_MIC, wire,
			       bufs[0].cbBuffer + bufs[1].cbBuffer);
}

static int verify_mic(struct client_req *r, struct gss_sample_token *mic)
{
	SecBuffer bufs[2] = {
		{ strlen(r->msg), SECBUFFER_DATA, (void *)r->msg },
		{ mic->len, SECBUFFER_TOKEN, mic->data },
	};
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	SECURITY_STATUS status;
	u32 qop;

	status = VerifySignature(&r->ctx, &desc, 0, &qop);
	if (status != SEC_E_OK) {
		fail(r, "VerifySignature", status);
		return -EACCES;
	}
	return 0;
}

static int exchange(struct client_req *r)
{
	SecPkgContext_Sizes sizes;
	SecPkgContext_KeyInfoW key = {};
	struct gss_sample_token mic;
	SECURITY_STATUS status;
	size_t len = strlen(r->msg);
	u32 enctype = 0;
	u8 *wire;
	int ret;

	status = QueryContextAttributesW(&r->ctx, SECPKG_ATTR_SIZES, &sizes);
	if (status != SEC_E_OK) {
		fail(r, "QueryContextAttributesW", status);
		return -EACCES;
	}
	/* the trailer and the message, sent as one */
	wire = kmalloc(sizes.cbSecurityTrailer + len, GFP_KERNEL);
	if (!wire)
		return -ENOMEM;
	ret = send_wrapped(r, &sizes, wire, len);
	kfree(wire);
	if (ret)
		goto err;
	ret = gss_sample_recv(r->sock, &mic);
	if (ret)
		goto err;
	ret = (mic.flags & TOKEN_MIC) ? verify_mic(r, &mic) : -EPROTO;
	kfree(mic.data);
	if (ret)
		goto err;
	/* goodbye, as gss-client says it */
	gss_sample_send(r->sock, TOKEN_NOOP, NULL, 0);
	if (QueryContextAttributesW(&r->ctx, SECPKG_ATTR_KEY_INFO,
				    &key) == SEC_E_OK) {
		enctype = key.EncryptAlgorithm;
		FreeContextBuffer(key.sSignatureAlgorithmName);
		FreeContextBuffer(key.sEncryptAlgorithmName);
	}
	snprintf(r->result, RESULT_MAX,
		 "ok: uid %u authenticated to %s, package %s, enctype %u (%s), MIC verified\n",
		 from_kuid(&init_user_ns, current_fsuid()), r->spn, r->pkg,
		 enctype, gss_sample_enctype_name(enctype));
	return 0;
err:
	if (ret != -EACCES)
		fail_errno(r, "talking to the server", ret);
	return ret;
}

static int run(struct client_req *r)
{
	SECURITY_STATUS status;
	int ret;

	status = acquire(r);
	if (status != SEC_E_OK) {
		fail(r, "AcquireCredentialsHandleW", status);
		return -EACCES;
	}
	ret = connect_to(r);
	if (ret) {
		fail_errno(r, "connecting", ret);
		goto out;
	}
	ret = establish(r);
	if (!ret)
		ret = exchange(r);
out:
	if (r->have_ctx)
		DeleteSecurityContext(&r->ctx);
	if (r->sock)
		sock_release(r->sock);
	FreeCredentialsHandle(&r->cred);
	return ret;
}

static ssize_t client_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	struct client_file *cf = file->private_data;
	struct client_req r = {};
	char *buf;
	int ret;

	if (count >= REQUEST_MAX)
		return -EMSGSIZE;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = mutex_lock_killable(&cf->lock);
	if (ret)
		goto out;
	r.result = cf->result;
	ret = parse(buf, &r);
	if (ret) {
		snprintf(cf->result, RESULT_MAX,
			 "error: expected [Kerberos|Negotiate] ADDRESS PORT SPN MESSAGE\n");
	} else {
		ret = run(&r);
		pr_info("uid %u: %s %pI4:%u %s: %s",
			from_kuid(&init_user_ns, current_fsuid()), r.pkg,
			&r.addr.sin_addr, ntohs(r.addr.sin_port), r.spn,
			cf->result);
	}
	mutex_unlock(&cf->lock);
out:
	kfree(buf);
	return ret ? (ret == -EINVAL ? ret : -EACCES) : count;
}

static ssize_t client_read(struct file *file, char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	struct client_file *cf = file->private_data;
	ssize_t ret;

	if (mutex_lock_killable(&cf->lock))
		return -EINTR;
	ret = simple_read_from_buffer(ubuf, count, ppos, cf->result,
				      strlen(cf->result));
	mutex_unlock(&cf->lock);
	return ret;
}

static int client_open(struct inode *inode, struct file *file)
{
	struct client_file *cf = kzalloc(sizeof(*cf), GFP_KERNEL);

	if (!cf)
		return -ENOMEM;
	mutex_init(&cf->lock);
	file->private_data = cf;
	/*
	 * Not seekable (misc devices inherit FMODE_LSEEK from misc_fops, and
	 * .llseek is NULL), but read() keeps a position: the result is read
	 * to its end.  stream_open() would hand client_read() a NULL ppos.
	 */
	return nonseekable_open(inode, file);
}

static int client_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static const struct file_operations client_fops = {
	.owner = THIS_MODULE,
	.open = client_open,
	.release = client_release,
	.read = client_read,
	.write = client_write,
};

/* Any user may ask: the credentials used are always the asker's own. */
static struct miscdevice client_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ksecdd-sample-client",
	.fops = &client_fops,
	.mode = 0666,
};

module_misc_device(client_dev);

MODULE_DESCRIPTION("ksecdd sample: MIT gss-sample client in the kernel, over InitializeSecurityContextW");
MODULE_AUTHOR("ksecdd developers");
MODULE_IMPORT_NS(KSECDD_NS);
MODULE_LICENSE("GPL");
MODULE_SOFTDEP("pre: ksecdd");
