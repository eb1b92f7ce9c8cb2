// SPDX-License-Identifier: GPL-2.0
/*
 * handshake_bench: Kerberos handshakes through ksecdd-broker against MIT
 * krb5's own acceptor, in the same guest, for `make bench` (item 7).
 *
 *   handshake_bench [-m PORT] [-s SERVICE@HOST] ENCTYPE PORT
 *
 * One operation is a whole session: a krb5 context with mutual
 * authentication (the replay, sequence, confidentiality and integrity
 * flags) for host@eENCTYPE.ksecdd.test, then one message wrapped with
 * confidentiality and the MIC of its plaintext back, verified.  Every
 * side has the same initiator, MIT's gss_init_sec_context() with the
 * default credentials cache (the user client's, for the enctype under
 * test: KRB5_CONFIG and KRB5CCNAME come from kunit/qemu/guest-handshake).
 *
 *   ksecdd	a gss-sample session over TCP with ksecdd_sample_server.ko
 *		on 127.0.0.1:PORT: AcceptSecurityContext through the broker,
 *		the import of the finished context, DecryptMessage and
 *		MakeSignature in the kernel
 *   MIT	in this process: gss_accept_sec_context() with acceptor
 *		credentials from the keytab, acquired once outside the
 *		timing, gss_unwrap() and gss_get_mic() on the acceptor side,
 *		both contexts deleted
 *   -m PORT	also the same gss-sample session over TCP with MIT's
 *		gss-server on 127.0.0.1:PORT: the transport costs the same
 *		as ksecdd's, so its ratio says what the broker and the kernel
 *		cost beyond MIT's acceptor
 *   -s		another target than host@eENCTYPE.ksecdd.test
 *
 * Rows: handshake-ENCTYPE (ksecdd over the in-process MIT acceptor) and
 * with -m handshake-tcp-ENCTYPE (ksecdd over gss-server), and the
 * absolute handshakes per second of each side as values.  Run as root
 * (the keytab); the counts stay small, as a handshake under TCG takes
 * tens of milliseconds.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>

#include "../gss-sample/gss_sample.h"
#include "bench.h"

#define ITEM		7
/* a handshake takes milliseconds: a slice never needs more */
#define HANDSHAKES_MAX	256

static const char message[] = "a message of the handshake bench";

#define INIT_FLAGS	(GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG | \
			 GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG | \
			 GSS_C_INTEG_FLAG)

struct hs_bench {
	gss_name_t target;
	gss_cred_id_t acceptor;
	const char *port;
	long baseline;
};

static int gss_fail(const char *what, OM_uint32 major, OM_uint32 minor)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "handshake_bench: %s", what);
	gss_sample_perror(stderr, prefix, major, minor);
	bench_error(what, "0x%08x/%u", major, minor);
	return -1;
}

/*
 * The initiator's next leg: @in is the acceptor's last token (empty at
 * first), @out the one to send, if any.  1 while more is needed, 0 once
 * complete, -1 on an error.
 */
static int init_leg(struct hs_bench *hb, gss_ctx_id_t *ctx, gss_buffer_t in,
		    gss_buffer_t out)
{
	OM_uint32 major, minor, flags;

	major = gss_init_sec_context(&minor, GSS_C_NO_CREDENTIAL, ctx,
				     hb->target, (gss_OID)gss_mech_krb5,
				     INIT_FLAGS, 0, GSS_C_NO_CHANNEL_BINDINGS,
				     in, NULL, out, &flags, NULL);
	if (GSS_ERROR(major))
		return gss_fail("gss_init_sec_context", major, minor);
	if (major == GSS_S_CONTINUE_NEEDED)
		return 1;
	if ((flags & INIT_FLAGS) != INIT_FLAGS) {
		bench_error("gss_init_sec_context", "flags 0x%x", flags);
		return -1;
	}
	return 0;
}

static int wrap_message(gss_ctx_id_t ctx, gss_buffer_t wrapped)
{
	gss_buffer_desc in = { sizeof(message) - 1, (void *)message };
	OM_uint32 major, minor;
	int conf = 0;

	major = gss_wrap(&minor, ctx, 1, GSS_C_QOP_DEFAULT, &in, &conf,
			 wrapped);
	if (GSS_ERROR(major))
		return gss_fail("gss_wrap", major, minor);
	if (!conf) {
		gss_release_buffer(&minor, wrapped);
		bench_error("gss_wrap", "no confidentiality");
		return -1;
	}
	return 0;
}

static int verify_mic(gss_ctx_id_t ctx, gss_buffer_t mic)
{
	gss_buffer_desc in = { sizeof(message) - 1, (void *)message };
	OM_uint32 major, minor;

	major = gss_verify_mic(&minor, ctx, &in, mic, NULL);
	return GSS_ERROR(major) ? gss_fail("gss_verify_mic", major, minor) : 0;
}

/* The handshake of one gss-sample session on @fd. */
static int tcp_establish(struct hs_bench *hb, int fd, gss_ctx_id_t *ctx)
{
	gss_buffer_desc in = GSS_C_EMPTY_BUFFER, out = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor;
	uint8_t flags = 0;
	int r, err;

	if (gss_sample_send_token(fd, TOKEN_NOOP | TOKEN_CONTEXT_NEXT, NULL,
				  0))
		goto io;
	do {
		r = init_leg(hb, ctx, &in, &out);
		free(in.value);
		in = (gss_buffer_desc)GSS_C_EMPTY_BUFFER;
		err = out.length && gss_sample_send_token(fd, TOKEN_CONTEXT,
							  out.value,
							  out.length);
		gss_release_buffer(&minor, &out);
		if (r < 0)
			return -1;
		if (err)
			goto io;
		if (r && gss_sample_recv_token(fd, &flags, &in))
			goto io;
		if (r && !(flags & TOKEN_CONTEXT)) {
			free(in.value);
			bench_error("handshake", "a token with flags 0x%02x",
				    flags);
			return -1;
		}
	} while (r);
	return 0;
io:
	bench_error("handshake", "port %s: the connection failed or closed",
		    hb->port);
	return -1;
}

/* One gss-sample session with the server on hb->port, start to end. */
static int tcp_session(struct hs_bench *hb)
{
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	gss_buffer_desc wrapped, mic = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor;
	uint8_t flags = 0;
	int fd, err = -1;

	fd = gss_sample_connect("127.0.0.1", hb->port);
	if (fd < 0) {
		bench_error("connect", "127.0.0.1:%s: %s", hb->port,
			    strerror(errno));
		return -1;
	}
	if (tcp_establish(hb, fd, &ctx) || wrap_message(ctx, &wrapped))
		goto out;
	err = gss_sample_send_token(fd, TOKEN_DATA | TOKEN_WRAPPED |
				    TOKEN_ENCRYPTED | TOKEN_SEND_MIC,
				    wrapped.value, wrapped.length);
	gss_release_buffer(&minor, &wrapped);
	if (err || gss_sample_recv_token(fd, &flags, &mic) ||
	    !(flags & TOKEN_MIC)) {
		bench_error("message", "port %s: no MIC came back", hb->port);
		err = -1;
		goto out;
	}
	err = verify_mic(ctx, &mic);
	/* the server deletes its context when it reads the goodbye */
	if (!err && gss_sample_send_token(fd, TOKEN_NOOP, NULL, 0))
		err = -1;
out:
	free(mic.value);
	gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
	close(fd);
	return err;
}

static int run_tcp(void *arg, unsigned int n, double *secs)
{
	struct hs_bench *hb = arg;
	double start = bench_now();
	unsigned int i;

	for (i = 0; i < n; i++)
		if (tcp_session(hb))
			return -1;
	*secs = bench_now() - start;
	return 0;
}

/*
 * ksecdd_sample_server.ko deletes its context and credentials handle
 * after the connection closed, asynchronously: wait until they are gone
 * (root's key count is back), so that the next run does not pay for them.
 */
static int settle_ksecdd(void *arg)
{
	struct hs_bench *hb = arg;

	return bench_wait_key_count(hb->baseline);
}

/*
 * The key count a settled system has: what it was before the first
 * session, once that session's keys are gone, or, if the first session
 * left keys that stay (the module keyring made on first use), what
 * remains after a while.
 */
static long settled_key_count(long before)
{
	double end = bench_now() + 10;
	long now;

	while ((now = bench_key_count()) > before && bench_now() < end)
		usleep(10000);
	return now;
}

/* Both ends of one context in this process. */
static int local_establish(struct hs_bench *hb, gss_ctx_id_t *ictx,
			   gss_ctx_id_t *actx)
{
	gss_buffer_desc itok = GSS_C_EMPTY_BUFFER, atok = GSS_C_EMPTY_BUFFER;
	OM_uint32 major = GSS_S_CONTINUE_NEEDED, minor;
	int r;

	for (;;) {
		r = init_leg(hb, ictx, &atok, &itok);
		gss_release_buffer(&minor, &atok);
		if (r < 0)
			break;
		if (itok.length && major == GSS_S_CONTINUE_NEEDED) {
			major = gss_accept_sec_context(&minor, actx,
						       hb->acceptor, &itok,
						       GSS_C_NO_CHANNEL_BINDINGS,
						       NULL, NULL, &atok, NULL,
						       NULL, NULL);
			if (GSS_ERROR(major)) {
				r = gss_fail("gss_accept_sec_context", major,
					     minor);
				break;
			}
		}
		gss_release_buffer(&minor, &itok);
		if (!r && major == GSS_S_COMPLETE)
			return 0;
		if (!r || !atok.length) {
			bench_error("handshake", "the two sides disagree");
			r = -1;
			break;
		}
	}
	gss_release_buffer(&minor, &itok);
	gss_release_buffer(&minor, &atok);
	return -1;
}

/* The message: wrapped by the initiator, MIC by the acceptor. */
static int local_message(gss_ctx_id_t ictx, gss_ctx_id_t actx)
{
	gss_buffer_desc wrapped, plain, mic;
	OM_uint32 major, minor;
	int conf = 0, err;

	if (wrap_message(ictx, &wrapped))
		return -1;
	major = gss_unwrap(&minor, actx, &wrapped, &plain, &conf, NULL);
	gss_release_buffer(&minor, &wrapped);
	if (GSS_ERROR(major))
		return gss_fail("gss_unwrap", major, minor);
	major = gss_get_mic(&minor, actx, GSS_C_QOP_DEFAULT, &plain, &mic);
	gss_release_buffer(&minor, &plain);
	if (GSS_ERROR(major))
		return gss_fail("gss_get_mic", major, minor);
	err = verify_mic(ictx, &mic);
	gss_release_buffer(&minor, &mic);
	return err;
}

static int run_local(void *arg, unsigned int n, double *secs)
{
	struct hs_bench *hb = arg;
	double start = bench_now();
	gss_ctx_id_t ictx, actx;
	OM_uint32 minor;
	unsigned int i;
	int err = 0;

	for (i = 0; !err && i < n; i++) {
		ictx = GSS_C_NO_CONTEXT;
		actx = GSS_C_NO_CONTEXT;
		err = local_establish(hb, &ictx, &actx);
		err = err ? err : local_message(ictx, actx);
		gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER);
		gss_delete_sec_context(&minor, &actx, GSS_C_NO_BUFFER);
	}
	*secs = bench_now() - start;
	return err;
}

static int setup(struct hs_bench *hb, const char *service)
{
	gss_buffer_desc name = { strlen(service), (void *)service };
	gss_OID_set_desc mechs = { 1, (gss_OID)gss_mech_krb5 };
	OM_uint32 major, minor;

	major = gss_import_name(&minor, &name, GSS_C_NT_HOSTBASED_SERVICE,
				&hb->target);
	if (GSS_ERROR(major))
		return gss_fail("gss_import_name", major, minor);
	/* an in-process server acquires its credentials once */
	major = gss_acquire_cred(&minor, hb->target, GSS_C_INDEFINITE, &mechs,
				 GSS_C_ACCEPT, &hb->acceptor, NULL, NULL);
	if (GSS_ERROR(major))
		return gss_fail("gss_acquire_cred", major, minor);
	return 0;
}

static int pair(struct hs_bench *hb, const char *name,
		struct hs_bench *ref_arg,
		int (*ref)(void *, unsigned int, double *),
		const char *ref_name)
{
	struct bench_side a = { .run = run_tcp, .settle = settle_ksecdd,
				.arg = hb, .max_n = HANDSHAKES_MAX };
	struct bench_side b = { .run = ref, .arg = ref_arg,
				.max_n = HANDSHAKES_MAX };
	struct bench_result res;
	char value[96];

	if (bench_pair(&a, &b, &res))
		return -1;
	bench_row(ITEM, name, &res);
	snprintf(value, sizeof(value), "%s-ksecdd", name);
	bench_value(ITEM, value, res.ksecdd_rate, "handshakes/s");
	snprintf(value, sizeof(value), "%s-%s", name, ref_name);
	bench_value(ITEM, value, res.ref_rate, "handshakes/s");
	return 0;
}

int main(int argc, char **argv)
{
	struct hs_bench hb = { .acceptor = GSS_C_NO_CREDENTIAL };
	struct hs_bench mit;
	const char *mit_port = NULL, *service = NULL;
	OM_uint32 minor;
	char name[64];
	int opt, enctype, err;

	while ((opt = getopt(argc, argv, "m:s:")) != -1) {
		if (opt == 'm')
			mit_port = optarg;
		else if (opt == 's')
			service = optarg;
		else
			goto usage;
	}
	if (argc - optind != 2) {
usage:
		fprintf(stderr,
			"usage: handshake_bench [-m PORT] [-s SERVICE@HOST] ENCTYPE PORT\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	enctype = atoi(argv[optind]);
	hb.port = argv[optind + 1];
	snprintf(name, sizeof(name), "host@e%d.ksecdd.test", enctype);
	err = setup(&hb, service ? service : name);
	hb.baseline = bench_key_count();
	/* a first session of each kind, outside any timing: tickets cached */
	err = err ? err : tcp_session(&hb);
	hb.baseline = settled_key_count(hb.baseline);
	err = err ? err : run_local(&hb, 1, &(double){ 0 });
	if (!err) {
		snprintf(name, sizeof(name), "handshake-%d", enctype);
		err = pair(&hb, name, &hb, run_local, "mit");
	}
	if (!err && mit_port) {
		mit = hb;
		mit.port = mit_port;
		err = tcp_session(&mit);
		snprintf(name, sizeof(name), "handshake-tcp-%d", enctype);
		err = err ? err : pair(&hb, name, &mit, run_tcp,
				       "gss-server");
	}
	gss_release_cred(&minor, &hb.acceptor);
	gss_release_name(&minor, &hb.target);
	return err ? 1 : 0;
}
