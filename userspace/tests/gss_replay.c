// SPDX-License-Identifier: GPL-2.0
/*
 * gss_replay: old AP-REQs, over MIT's gss-sample protocol.
 *
 * usage: gss_replay [-x] [-w FILE] [-r] [-n COUNT] ADDRESS PORT SERVICE@HOST
 *
 * Makes one krb5 initial context token with MIT's gss_init_sec_context
 * (no mutual authentication, so that one token completes the context)
 * and sends it on COUNT (default 2) connections to a gss-sample server.
 * A session is accepted if the server answers a wrapped message with a
 * MIC that verifies, refused if it closes the connection without one.
 * Exits 0 if the first session was accepted and the others refused (a
 * replayed AP-REQ), or with -r if every session was refused; 1 if not;
 * 2 on a usage or setup error.  The server's log says with which status
 * it refused.
 *
 *   -x  the ticket in the default credentials cache is used even if it
 *       expired: the token is made from a copy (a MEMORY cache) whose
 *       end times, which the client checks, are a day ahead; the ticket
 *       itself, which the server checks, is unchanged
 *   -w  once the token is made, create FILE and wait until it is gone
 *       (someone moves the clock in between)
 *
 * The gss-sample framing is gss-sample/gss_sample.c, shared with
 * handshake_bench; the ccache juggling is MIT's krb5 API (krb5_cc_*)
 * and gss_krb5_import_cred().
 *
 * Run in the guests by kunit/qemu/guest-handshake against
 * ksecdd_sample_server.ko (a program, not a kselftest: it needs the
 * guest's KDC and the server).
 */
#include <fcntl.h>
#include <getopt.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>
#include <krb5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../gss-sample/gss_sample.h"

static const char message[] = "replayed, or not";

static void gss_error(const char *what, OM_uint32 maj, OM_uint32 min)
{
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "gss_replay: %s", what);
	gss_sample_perror(stderr, prefix, maj, min);
}

/*
 * One session with the AP-REQ @tok.  Return 1 if the server accepted it
 * (its MIC of our message verified), 0 if it closed the connection, -1
 * on anything else.
 */
static int session(const char *addr, const char *port, gss_ctx_id_t ctx,
		   gss_buffer_t tok)
{
	gss_buffer_desc in = { sizeof(message) - 1, (void *)message };
	gss_buffer_desc wrapped, reply = { 0, NULL };
	OM_uint32 maj, min;
	uint8_t flags;
	int fd, ret = -1;

	fd = gss_sample_connect(addr, port);
	if (fd < 0) {
		perror("gss_replay: connect");
		return -1;
	}
	if (gss_sample_send_token(fd, TOKEN_NOOP | TOKEN_CONTEXT_NEXT, NULL, 0) ||
	    gss_sample_send_token(fd, TOKEN_CONTEXT, tok->value, tok->length))
		goto out;
	maj = gss_wrap(&min, ctx, 1, GSS_C_QOP_DEFAULT, &in, NULL, &wrapped);
	if (GSS_ERROR(maj)) {
		gss_error("gss_wrap", maj, min);
		goto out;
	}
	/* a refusing server may already have closed: then no MIC comes */
	gss_sample_send_token(fd, TOKEN_DATA | TOKEN_WRAPPED | TOKEN_ENCRYPTED |
		   TOKEN_SEND_MIC, wrapped.value, wrapped.length);
	gss_release_buffer(&min, &wrapped);
	if (gss_sample_recv_token(fd, &flags, &reply)) {
		ret = 0;
		goto out;
	}
	if (!(flags & TOKEN_MIC)) {
		fprintf(stderr, "gss_replay: answer with flags 0x%02x\n",
			flags);
		goto out;
	}
	maj = gss_verify_mic(&min, ctx, &in, &reply, NULL);
	if (GSS_ERROR(maj)) {
		gss_error("gss_verify_mic", maj, min);
		goto out;
	}
	gss_sample_send_token(fd, TOKEN_NOOP, NULL, 0);
	ret = 1;
out:
	free(reply.value);
	close(fd);
	return ret;
}

/*
 * A MEMORY cache holding the default cache's credentials with end times
 * a day ahead, as initiator credentials.
 */
static int stretched_cred(krb5_context kctx, gss_cred_id_t *cred,
			  krb5_ccache *outp)
{
	krb5_ccache in, out;
	krb5_principal princ;
	krb5_cc_cursor cur;
	krb5_creds creds;
	krb5_timestamp now;
	OM_uint32 maj, min;
	int ret = -1;

	if (krb5_cc_default(kctx, &in))
		return -1;
	if (krb5_cc_get_principal(kctx, in, &princ))
		goto out_in;
	if (krb5_cc_new_unique(kctx, "MEMORY", NULL, &out))
		goto out_princ;
	if (krb5_cc_initialize(kctx, out, princ) ||
	    krb5_cc_start_seq_get(kctx, in, &cur))
		goto out_out;
	krb5_timeofday(kctx, &now);
	while (!krb5_cc_next_cred(kctx, in, &cur, &creds)) {
		creds.times.endtime = now + 86400;
		creds.times.renew_till = 0;
		krb5_cc_store_cred(kctx, out, &creds);
		krb5_free_cred_contents(kctx, &creds);
	}
	krb5_cc_end_seq_get(kctx, in, &cur);
	maj = gss_krb5_import_cred(&min, out, NULL, NULL, cred);
	if (GSS_ERROR(maj)) {
		gss_error("gss_krb5_import_cred", maj, min);
		goto out_out;
	}
	*outp = out;
	out = NULL;
	ret = 0;
out_out:
	/* the credential uses the cache: the caller closes it after */
	if (out)
		krb5_cc_destroy(kctx, out);
out_princ:
	krb5_free_principal(kctx, princ);
out_in:
	krb5_cc_close(kctx, in);
	return ret;
}

/* Create @path, then wait until someone removes it. */
static int wait_gone(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0644);

	if (fd < 0) {
		perror(path);
		return -1;
	}
	close(fd);
	while (access(path, F_OK) == 0)
		usleep(100000);
	return 0;
}

int main(int argc, char **argv)
{
	gss_buffer_desc name_buf, tok = { 0, NULL };
	gss_cred_id_t cred = GSS_C_NO_CREDENTIAL;
	gss_name_t target;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	krb5_context kctx = NULL;
	krb5_ccache mem = NULL;
	OM_uint32 maj, min;
	const char *wait_file = NULL;
	int count = 2, expired = 0, all_refused = 0;
	int i, opt, r, accepted = 0, refused = 0, first = -1;

	while ((opt = getopt(argc, argv, "xw:rn:")) != -1) {
		switch (opt) {
		case 'x':
			expired = 1;
			break;
		case 'w':
			wait_file = optarg;
			break;
		case 'r':
			all_refused = 1;
			break;
		case 'n':
			count = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 3 || count < 1) {
usage:
		fprintf(stderr, "usage: gss_replay [-x] [-w FILE] [-r] [-n COUNT] "
			"ADDRESS PORT SERVICE@HOST\n");
		return 2;
	}
	argv += optind - 1;
	if (expired && (krb5_init_context(&kctx) ||
			stretched_cred(kctx, &cred, &mem))) {
		fprintf(stderr, "gss_replay: no credentials to stretch\n");
		return 2;
	}
	name_buf.value = argv[3];
	name_buf.length = strlen(argv[3]);
	maj = gss_import_name(&min, &name_buf, GSS_C_NT_HOSTBASED_SERVICE,
			      &target);
	if (GSS_ERROR(maj)) {
		gss_error("gss_import_name", maj, min);
		return 2;
	}
	maj = gss_init_sec_context(&min, cred, &ctx, target,
				   (gss_OID)gss_mech_krb5,
				   GSS_C_REPLAY_FLAG | GSS_C_SEQUENCE_FLAG |
				   GSS_C_CONF_FLAG | GSS_C_INTEG_FLAG, 0,
				   GSS_C_NO_CHANNEL_BINDINGS, GSS_C_NO_BUFFER,
				   NULL, &tok, NULL, NULL);
	gss_release_name(&min, &target);
	if (maj != GSS_S_COMPLETE) {
		gss_error("gss_init_sec_context", maj, min);
		return 2;
	}
	if (wait_file && wait_gone(wait_file))
		return 2;
	for (i = 0; i < count; i++) {
		r = session(argv[1], argv[2], ctx, &tok);
		printf("gss_replay: AP-REQ, session %d: %s\n", i + 1,
		       r == 1 ? "accepted, MIC verified" :
		       r ? "error" : "refused");
		accepted += r == 1;
		refused += r == 0;
		if (!i)
			first = r;
	}
	gss_release_buffer(&min, &tok);
	gss_delete_sec_context(&min, &ctx, GSS_C_NO_BUFFER);
	gss_release_cred(&min, &cred);
	if (mem)
		krb5_cc_destroy(kctx, mem);
	if (kctx)
		krb5_free_context(kctx);
	if (all_refused)
		return refused == count ? 0 : 1;
	return first == 1 && refused == count - 1 ? 0 : 1;
}
