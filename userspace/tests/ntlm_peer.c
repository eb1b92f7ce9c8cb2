// SPDX-License-Identifier: GPL-2.0
/*
 * ntlm_peer: the gss-ntlmssp side of the NTLM interop test, run on the
 * host under kunit/lib.sh ntlmssp_env (a private gss-ntlmssp and a
 * throwaway account).
 *
 *   ntlm_peer prepare DIR
 *	For each negotiation (ess: gss-ntlmssp's defaults, extended session
 *	security with key exchange; noess: LM_COMPAT_LEVEL 0, NTLMv1
 *	without it) and each role ksecdd takes (acceptor, initiator),
 *	establish a context in this process and write to DIR/NEG/ROLE/ the
 *	export of the side ksecdd holds (ksecdd.gss), a MIC and a Wrap
 *	token the other side made (mic.msg, mic.tok, wrap.msg, wrap.tok),
 *	and last that side's own export (peer.gss), whose state follows
 *	those tokens; and in DIR/spnego/acceptor/ the same of a context
 *	negotiated through SPNEGO, for ksecctl import-gss.
 *
 *   ntlm_peer verify DIR LOG
 *	Check with gss-ntlmssp the tokens ksecdd made in the guest, which
 *	ntlm_interop_test printed into LOG as
 *	"# ksecdd-ntlm-token NEG ROLE KIND HEX-MESSAGE HEX-TOKEN" (a wrap
 *	token is the signature followed by the sealed data, as gss_wrap()
 *	makes it), in their order, against the peers in DIR: each genuine
 *	token is accepted, with its plaintext; a token with a bit flipped
 *	in its data, one with a bit flipped in its checksum, and its
 *	replay are refused.  gss-ntlmssp's receiving stream advances on a
 *	token it refuses, so each refusal is tried on a peer imported
 *	afresh and brought up to the token with the genuine ones before
 *	it.  Prints TAP.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gssapi/gssapi.h>

#include "ntlm_gss.h"

#define NEGS		2
#define ROLES		2
#define KINDS		2	/* mic, wrap */
#define CHECKS		4	/* tampered data, tampered token, genuine, replay */
#define TOKENS_MAX	8
/* A bit of the checksum, in both signature layouts (bytes 8-11). */
#define CHECKSUM_BYTE	8
#define SIGNATURE_LEN	16

static const char *const neg_names[NEGS] = { "ess", "noess" };
static const int neg_levels[NEGS] = { -1, 0 };
static const char *const role_names[ROLES] = { "acceptor", "initiator" };
static const char *const kind_names[KINDS] = { "mic", "wrap" };

/* What gss-ntlmssp signs and wraps for ksecdd. */
static const char *const peer_messages[KINDS] = {
	"MIC made by gss-ntlmssp over this message",
	"Wrapped by gss-ntlmssp, sealed",
};

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("ntlm_peer: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int write_file(const char *dir, const char *name, const void *p,
		      size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len) {
		if (f)
			fclose(f);
		return fail("%s: %s", path, strerror(errno));
	}
	return fclose(f) ? fail("%s: %s", path, strerror(errno)) : 0;
}

static int write_export(const char *dir, const char *name, gss_ctx_id_t *ctx)
{
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor;
	int ret;

	if (ntlm_gss_export(ctx, &token))
		return -1;
	ret = write_file(dir, name, token.value, token.length);
	gss_release_buffer(&minor, &token);
	return ret;
}

/* The peer's MIC and Wrap token, each with its message. */
static int peer_tokens(const char *dir, gss_ctx_id_t peer)
{
	gss_buffer_desc msg, tok;
	OM_uint32 major, minor;
	char name[16];
	int k, conf;

	for (k = 0; k < KINDS; k++) {
		msg.value = (void *)peer_messages[k];
		msg.length = strlen(peer_messages[k]);
		if (k == 0)
			major = gss_get_mic(&minor, peer, GSS_C_QOP_DEFAULT,
					    &msg, &tok);
		else
			major = gss_wrap(&minor, peer, 1, GSS_C_QOP_DEFAULT,
					 &msg, &conf, &tok);
		if (GSS_ERROR(major))
			return ntlm_gss_fail(kind_names[k], major, minor);
		snprintf(name, sizeof(name), "%s.msg", kind_names[k]);
		if (write_file(dir, name, msg.value, msg.length))
			return -1;
		snprintf(name, sizeof(name), "%s.tok", kind_names[k]);
		if (write_file(dir, name, tok.value, tok.length))
			return -1;
		gss_release_buffer(&minor, &tok);
	}
	return 0;
}

static int prepare_one(const char *top, const char *neg, const char *role,
		       const struct ntlm_how *how, bool ksecdd_accepts)
{
	struct ntlm_pair p;
	gss_ctx_id_t *mine, *peer;
	char dir[512];
	int ret = -1;

	snprintf(dir, sizeof(dir), "%s/%s", top, neg);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/%s/%s", top, neg, role);
	if (mkdir(dir, 0700) && errno != EEXIST)
		return fail("%s: %s", dir, strerror(errno));
	if (ntlm_gss_establish(how, &p))
		return fail("%s %s: no context", neg, role);
	mine = ksecdd_accepts ? &p.acc : &p.init;
	peer = ksecdd_accepts ? &p.init : &p.acc;
	if (!write_export(dir, "ksecdd.gss", mine) &&
	    !peer_tokens(dir, *peer) &&
	    !write_export(dir, "peer.gss", peer))
		ret = 0;
	ntlm_gss_delete(&p);
	return ret;
}

static int prepare(const char *top)
{
	const struct ntlm_how spnego = { .spnego = true,
					 .lm_compat_level = -1 };
	struct ntlm_how how = { 0 };
	int n, r;

	if (mkdir(top, 0700) && errno != EEXIST)
		return fail("%s: %s", top, strerror(errno));
	for (n = 0; n < NEGS; n++) {
		how.lm_compat_level = neg_levels[n];
		for (r = 0; r < ROLES; r++)
			if (prepare_one(top, neg_names[n], role_names[r], &how,
					r == 0))
				return -1;
	}
	return prepare_one(top, "spnego", "acceptor", &spnego, true);
}

/* --- verify --- */

struct token {
	unsigned char *msg, *tok;
	size_t msg_len, tok_len;
	int kind;
};

static struct token tokens[NEGS][ROLES][TOKENS_MAX];
static int ntokens[NEGS][ROLES];
static int tap_number;
static bool tap_failed;

static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", ok ? "ok" : "not ok", ++tap_number);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	tap_failed |= !ok;
}

static unsigned char *unhex(const char *hex, size_t *len)
{
	size_t i, n = strlen(hex);
	unsigned char *out;

	if (n % 2 || !n)
		return NULL;
	out = malloc(n / 2);
	for (i = 0; out && i < n / 2; i++)
		if (sscanf(hex + 2 * i, "%2hhx", &out[i]) != 1) {
			free(out);
			return NULL;
		}
	*len = n / 2;
	return out;
}

static int index_of(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

static void parse_token_line(const char *line)
{
	char neg[8], role[12], kind[8], msg_hex[4096], tok_hex[4096];
	struct token *t;
	int n, r, k;

	if (sscanf(line, "# ksecdd-ntlm-token %7s %11s %7s %4095s %4095s",
		   neg, role, kind, msg_hex, tok_hex) != 5)
		return;
	n = index_of(neg_names, NEGS, neg);
	r = index_of(role_names, ROLES, role);
	k = index_of(kind_names, KINDS, kind);
	if (n < 0 || r < 0 || k < 0 || ntokens[n][r] == TOKENS_MAX)
		return;
	t = &tokens[n][r][ntokens[n][r]];
	t->msg = unhex(msg_hex, &t->msg_len);
	t->tok = unhex(tok_hex, &t->tok_len);
	t->kind = k;
	if (t->msg && t->tok && t->tok_len >= SIGNATURE_LEN) {
		ntokens[n][r]++;
		return;
	}
	free(t->msg);
	free(t->tok);
}

static int read_log(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t cap = 0;
	char *line = NULL;

	if (!f)
		return fail("%s: %s", path, strerror(errno));
	while (getline(&line, &cap, f) > 0)
		parse_token_line(line);
	free(line);
	fclose(f);
	return 0;
}

static gss_ctx_id_t import_peer(const char *top, int n, int r)
{
	gss_buffer_desc buf;
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	OM_uint32 major, minor;
	char path[512], data[65536];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s/peer.gss", top, neg_names[n],
		 role_names[r]);
	f = fopen(path, "rb");
	if (!f) {
		fail("%s: %s", path, strerror(errno));
		return GSS_C_NO_CONTEXT;
	}
	buf.length = fread(data, 1, sizeof(data), f);
	buf.value = data;
	fclose(f);
	major = gss_import_sec_context(&minor, &buf, &ctx);
	if (GSS_ERROR(major))
		ntlm_gss_fail(path, major, minor);
	return ctx;
}

enum check { TAMPERED_DATA, TAMPERED_TOKEN, GENUINE, REPLAY };

static const char *const check_names[CHECKS] = {
	"tampered data", "tampered checksum", "genuine", "replayed"
};

/*
 * @t through gss-ntlmssp, a bit flipped in the message (of a MIC), in the
 * sealed data (of a wrap) or in the checksum as @check says.
 */
static OM_uint32 receive(gss_ctx_id_t ctx, const struct token *t,
			 enum check check, bool *plain_ok)
{
	unsigned char msg[4096], tok[4096];
	gss_buffer_desc m = { t->msg_len, msg }, k = { t->tok_len, tok };
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor;

	*plain_ok = false;
	if (t->msg_len > sizeof(msg) || t->tok_len > sizeof(tok))
		return GSS_S_FAILURE;
	memcpy(msg, t->msg, t->msg_len);
	memcpy(tok, t->tok, t->tok_len);
	if (check == TAMPERED_TOKEN)
		tok[CHECKSUM_BYTE] ^= 0x01;
	if (check == TAMPERED_DATA && t->kind == 0)
		msg[0] ^= 0x01;
	if (check == TAMPERED_DATA && t->kind == 1 &&
	    t->tok_len > SIGNATURE_LEN)
		tok[SIGNATURE_LEN] ^= 0x01;
	if (t->kind == 0) {
		major = gss_verify_mic(&minor, ctx, &m, &k, NULL);
		*plain_ok = true;
		return major;
	}
	major = gss_unwrap(&minor, ctx, &k, &out, NULL, NULL);
	*plain_ok = !GSS_ERROR(major) && out.length == t->msg_len &&
		    !memcmp(out.value, t->msg, t->msg_len);
	gss_release_buffer(&minor, &out);
	return major;
}

/* A fresh peer that took the genuine tokens before @i, then @check. */
static OM_uint32 refused(const char *top, int n, int r, int i,
			 enum check check)
{
	gss_ctx_id_t ctx = import_peer(top, n, r);
	const struct token *t = tokens[n][r];
	OM_uint32 major = GSS_S_FAILURE, minor;
	bool ok;
	int j;

	if (ctx == GSS_C_NO_CONTEXT)
		return GSS_S_NO_CONTEXT;
	for (j = 0; j < i; j++)
		if (GSS_ERROR(receive(ctx, &t[j], GENUINE, &ok)))
			goto out;
	if (check == REPLAY && GSS_ERROR(receive(ctx, &t[i], GENUINE, &ok)))
		goto out;
	major = receive(ctx, &t[i], check == REPLAY ? GENUINE : check, &ok);
out:
	gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
	return major;
}

static void verify_group(const char *top, int n, int r)
{
	gss_ctx_id_t ctx = import_peer(top, n, r);
	OM_uint32 st[CHECKS], minor;
	const struct token *t;
	bool ok = false;
	int i, c;

	for (i = 0; i < ntokens[n][r]; i++) {
		t = &tokens[n][r][i];
		st[TAMPERED_DATA] = refused(top, n, r, i, TAMPERED_DATA);
		st[TAMPERED_TOKEN] = refused(top, n, r, i, TAMPERED_TOKEN);
		st[GENUINE] = ctx == GSS_C_NO_CONTEXT ? GSS_S_NO_CONTEXT :
			      receive(ctx, t, GENUINE, &ok);
		st[REPLAY] = refused(top, n, r, i, REPLAY);
		for (c = 0; c < CHECKS; c++)
			tap(c == GENUINE ? st[c] == GSS_S_COMPLETE && ok :
			    GSS_ERROR(st[c]) && st[c] != GSS_S_NO_CONTEXT &&
			    st[c] != GSS_S_FAILURE,
			    "%s %s %s %d from ksecdd: %s (0x%08x)",
			    neg_names[n], role_names[r], kind_names[t->kind], i,
			    check_names[c], st[c]);
		printf("# ntlm %s ksecdd-%s %s from ksecdd: tampered data "
		       "0x%08x, tampered checksum 0x%08x, genuine 0x%08x%s, "
		       "replayed 0x%08x\n", neg_names[n], role_names[r],
		       kind_names[t->kind], st[0], st[1], st[2],
		       ok ? "" : " (plaintext differs)", st[3]);
	}
	gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
}

static int verify(const char *top, const char *log)
{
	int n, r, k, i, planned = 0;

	if (read_log(log))
		return -1;
	for (n = 0; n < NEGS; n++)
		for (r = 0; r < ROLES; r++)
			planned += (ntokens[n][r] ?: KINDS) * CHECKS;
	printf("TAP version 13\n1..%d\n", planned);
	for (n = 0; n < NEGS; n++) {
		for (r = 0; r < ROLES; r++) {
			if (ntokens[n][r]) {
				verify_group(top, n, r);
				continue;
			}
			/* the guest made none: every check of them fails */
			for (k = 0; k < KINDS; k++)
				for (i = 0; i < CHECKS; i++)
					tap(false, "%s %s %s: no token from "
					    "ksecdd in %s", neg_names[n],
					    role_names[r], kind_names[k], log);
		}
	}
	return tap_failed ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "prepare"))
		return prepare(argv[2]) ? 1 : 0;
	if (argc == 4 && !strcmp(argv[1], "verify"))
		return verify(argv[2], argv[3]) ? 1 : 0;
	fprintf(stderr, "usage: ntlm_peer prepare DIR\n"
		"       ntlm_peer verify DIR LOG\n");
	return 2;
}
