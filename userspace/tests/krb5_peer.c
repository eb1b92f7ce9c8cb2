// SPDX-License-Identifier: GPL-2.0
/*
 * krb5_peer: the MIT krb5 side of the Kerberos interop test, run on the
 * host against the temporary realm of kunit/krb5-realm.
 *
 *   krb5_peer prepare DIR ENCTYPE
 *	Establish a context between a client and a service with MIT's
 *	GSS-API, on the one enctype given, and write to DIR/ENCTYPE/ what
 *	the guest test (krb5_interop_test) needs: the acceptor as a raw
 *	packed context (acceptor.ksdc, through libksecdd's lucid import)
 *	and as a GSS-API token (acceptor.gss), tokens the initiator made
 *	(mic, wrap, wrapi: .msg and .tok each) and, last, the initiator
 *	itself (initiator.gss), whose sequence state follows those tokens;
 *	and in DIR/ENCTYPE/dce/ the same of a DCE-style context
 *	(GSS_C_DCE_STYLE) without tokens.
 *	Needs KRB5_CONFIG, KRB5_CLIENT_KTNAME, KRB5_KTNAME and
 *	KSECDD_KRB5_CLIENT and KSECDD_KRB5_SERVICE (principal names), as
 *	kunit/krb5-realm sets them.
 *
 *   krb5_peer vectors DIR ENCTYPE
 *	Print, as entries of kunit/krb5_mit_vectors.h's mit_iov_vectors,
 *	tokens of gss_wrap_iov() with sign-only buffers, on a context of
 *	the usual flags and on a DCE-style one (GSS_C_DCE_STYLE), with the
 *	acceptor's keys; DIR takes a temporary profile file.
 *
 *   krb5_peer verify DIR LOG [KIND...]
 *	Check with MIT the tokens ksecdd made in the guest (of every kind,
 *	or of the KINDs named, as the demo makes only some), which the guest
 *	test printed into LOG as
 *	"# ksecdd-token ENCTYPE KIND HEX-MESSAGE HEX-TOKEN" (a wrapsign
 *	through gss_unwrap_iov() with ksecdd_sign_only[], a dcewrap
 *	through gss_unwrap_iov() on the DCE-style initiator), against the
 *	initiators in DIR: a token with a bit flipped in its data and one
 *	with a bit flipped in its last byte are refused, the token itself
 *	is accepted, and its replay is refused.  Prints TAP.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>

#include "../lib/libksecdd.h"
#include "peer.h"

#define ENCTYPE_FIRST	17
#define ENCTYPE_LAST	20
#define ENCTYPES	(ENCTYPE_LAST - ENCTYPE_FIRST + 1)
#define KINDS		3	/* kinds of token MIT makes */
#define KSECDD_KINDS	5	/* and ksecdd */
#define CHECKS		4	/* per token: two tamperings, genuine, replay */

#define CTX_FLAGS	(GSS_C_MUTUAL_FLAG | GSS_C_REPLAY_FLAG | \
			 GSS_C_SEQUENCE_FLAG | GSS_C_CONF_FLAG | \
			 GSS_C_INTEG_FLAG)

enum kind { MIC, WRAP, WRAPI, WRAPSIGN, DCEWRAP };

static const char *const kind_names[KSECDD_KINDS] = {
	"mic", "wrap", "wrapi", "wrapsign", "dcewrap"
};

/*
 * The sign-only buffers ksecdd's wrapsign token has around its data, as
 * krb5_interop_test has them: signed in their place, never sent.
 */
static const char *const ksecdd_sign_only[2] = {
	"A header signed in the clear", "and a trailer",
};

/* What MIT signs and wraps; lengths not a multiple of the AES block. */
static const char *const mit_messages[KINDS] = {
	"MIC made by MIT krb5 over this message",
	"Wrapped by MIT krb5, confidential",
	"Wrapped by MIT krb5 with integrity only, in the clear",
};

static const char *const enctype_names[ENCTYPES] = {
	"aes128-cts-hmac-sha1-96", "aes256-cts-hmac-sha1-96",
	"aes128-cts-hmac-sha256-128", "aes256-cts-hmac-sha384-192",
};

static int gss_fail(const char *what, OM_uint32 major, OM_uint32 minor)
{
	char gss[256], mech[256];

	gss_status_text(major, GSS_C_GSS_CODE, gss, sizeof(gss));
	gss_status_text(minor, GSS_C_MECH_CODE, mech, sizeof(mech));
	fprintf(stderr, "krb5_peer: %s: 0x%08x %s (%s)\n", what, major, gss,
		mech);
	return -1;
}

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("krb5_peer: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static int write_file(const char *dir, const char *name, const void *data,
		      size_t len)
{
	char path[4096];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return fail("%s: %s", path, strerror(errno));
	ret = fwrite(data, 1, len, f) == len ? 0 : -1;
	if (fclose(f) || ret)
		return fail("%s: write failed", path);
	return 0;
}

static int write_buffer(const char *dir, const char *name, gss_buffer_t buf)
{
	return write_file(dir, name, buf->value, buf->length);
}

/* A whole file, up to 1 MiB; the caller frees. */
static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 20;
	void *buf;

	if (!f)
		return NULL;
	buf = malloc(cap);
	if (buf) {
		*len = fread(buf, 1, cap, f);
		if (ferror(f) || *len == cap) {
			free(buf);
			buf = NULL;
			errno = EIO;
		}
	}
	fclose(f);
	return buf;
}

static int parse_enctype(const char *text)
{
	char *end;
	long e = strtol(text, &end, 10);

	if (*end || end == text || e < ENCTYPE_FIRST || e > ENCTYPE_LAST)
		return fail("enctype '%s': one of 17, 18, 19, 20", text);
	return e;
}

/*
 * Everything the context uses is this one enctype: the tickets' session
 * keys, both subkeys and what RFC 4537 negotiates, all of which come from
 * the default_t*_enctypes lists.  permitted_enctypes starts with it too,
 * but must go on: the KDC encrypts the service ticket in the service's
 * first key, whatever the session key, and the acceptor refuses a ticket
 * whose enctype is not permitted.  A profile file put first in
 * KRB5_CONFIG wins over the realm's.  The credential cache lives in this
 * process only, so a ticket of another enctype is never reused.
 */
static int restrict_enctypes(const char *dir, int enctype, char *conf,
			     size_t conf_len)
{
	const char *name = enctype_names[enctype - ENCTYPE_FIRST];
	const char *realm_conf = getenv("KRB5_CONFIG");
	char *list;
	FILE *f;
	int fd, e;

	if (!realm_conf || !getenv("KRB5_CLIENT_KTNAME") ||
	    !getenv("KRB5_KTNAME"))
		return fail("KRB5_CONFIG, KRB5_CLIENT_KTNAME, KRB5_KTNAME unset (krb5-realm)");
	snprintf(conf, conf_len, "%s/.krb5-%d.conf.XXXXXX", dir, enctype);
	fd = mkstemp(conf);
	if (fd < 0) {
		fail("%s: %s", conf, strerror(errno));
		conf[0] = '\0';
		return -1;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return fail("%s: %s", conf, strerror(errno));
	}
	fprintf(f, "[libdefaults]\n\tdefault_tkt_enctypes = %s\n"
		"\tdefault_tgs_enctypes = %s\n\tpermitted_enctypes = %s",
		name, name, name);
	for (e = ENCTYPE_FIRST; e <= ENCTYPE_LAST; e++)
		if (e != enctype)
			fprintf(f, " %s", enctype_names[e - ENCTYPE_FIRST]);
	fputc('\n', f);
	if (fclose(f))
		return fail("%s: write failed", conf);
	/*
	 * An exported context names the profile files of its exporter, and
	 * MIT krb5 before 1.22 cannot import one where none of them exists
	 * (fixed upstream in "Fix deserializing context with missing
	 * profile").  /dev/null is an empty profile everywhere, the guest
	 * included.
	 */
	if (asprintf(&list, "%s:%s:/dev/null", conf, realm_conf) < 0)
		return fail("out of memory");
	setenv("KRB5_CONFIG", list, 1);
	free(list);
	setenv("KRB5CCNAME", "MEMORY:krb5_peer", 1);
	return 0;
}

static int import_name(const char *env, gss_name_t *name)
{
	const char *text = getenv(env);
	gss_buffer_desc buf;
	OM_uint32 major, minor;

	if (!text)
		return fail("%s is not set (kunit/krb5-realm)", env);
	buf.value = (void *)text;
	buf.length = strlen(text);
	major = gss_import_name(&minor, &buf, GSS_KRB5_NT_PRINCIPAL_NAME, name);
	return GSS_ERROR(major) ? gss_fail(env, major, minor) : 0;
}

static int acquire(const char *env, gss_cred_usage_t usage,
		   gss_cred_id_t *cred)
{
	gss_OID_set_desc mechs = { 1, gss_mech_krb5 };
	gss_name_t name = GSS_C_NO_NAME;
	OM_uint32 major, minor;

	if (import_name(env, &name))
		return -1;
	major = gss_acquire_cred(&minor, name, GSS_C_INDEFINITE, &mechs,
				 usage, cred, NULL, NULL);
	gss_release_name(&minor, &name);
	if (GSS_ERROR(major))
		return gss_fail(usage == GSS_C_INITIATE ?
				"initiator credentials (client keytab)" :
				"acceptor credentials (service keytab)",
				major, minor);
	return 0;
}

/* The whole handshake in this process: AP-REQ, then the mutual AP-REP. */
static int establish_flags(gss_cred_id_t icred, gss_cred_id_t acred,
			   OM_uint32 want, gss_ctx_id_t *ictx,
			   gss_ctx_id_t *actx)
{
	gss_buffer_desc out = GSS_C_EMPTY_BUFFER, back = GSS_C_EMPTY_BUFFER;
	OM_uint32 imaj = GSS_S_CONTINUE_NEEDED, amaj = GSS_S_CONTINUE_NEEDED;
	OM_uint32 minor, flags = 0, ignored;
	gss_name_t target = GSS_C_NO_NAME;
	int round, ret = -1;

	if (import_name("KSECDD_KRB5_SERVICE", &target))
		return -1;
	for (round = 0; round < 4 && imaj == GSS_S_CONTINUE_NEEDED; round++) {
		imaj = gss_init_sec_context(&minor, icred, ictx, target,
					    gss_mech_krb5, want, 0, NULL,
					    &back, NULL, &out, &flags, NULL);
		gss_release_buffer(&ignored, &back);
		if (GSS_ERROR(imaj)) {
			gss_fail("gss_init_sec_context", imaj, minor);
			goto out;
		}
		if (!out.length)
			continue;
		amaj = gss_accept_sec_context(&minor, actx, acred, &out, NULL,
					      NULL, NULL, &back, NULL, NULL,
					      NULL);
		gss_release_buffer(&ignored, &out);
		if (GSS_ERROR(amaj)) {
			gss_fail("gss_accept_sec_context", amaj, minor);
			goto out;
		}
	}
	if (imaj != GSS_S_COMPLETE || amaj != GSS_S_COMPLETE) {
		fail("the handshake did not complete");
		goto out;
	}
	if ((flags & want) != want) {
		fail("flags 0x%x granted, 0x%x asked for", flags, want);
		goto out;
	}
	ret = 0;
out:
	gss_release_buffer(&ignored, &back);
	gss_release_name(&ignored, &target);
	return ret;
}

static int establish(gss_cred_id_t icred, gss_cred_id_t acred,
		     gss_ctx_id_t *ictx, gss_ctx_id_t *actx)
{
	return establish_flags(icred, acred, CTX_FLAGS, ictx, actx);
}

static char *display_name(gss_name_t name)
{
	gss_buffer_desc text;
	OM_uint32 major, minor;
	char *s;

	major = gss_display_name(&minor, name, &text, NULL);
	if (GSS_ERROR(major))
		return NULL;
	s = strndup(text.value, text.length);
	gss_release_buffer(&minor, &text);
	return s;
}

/* The enctype the tokens use: the acceptor's subkey's, if it sent one. */
static int check_enctype(const gss_krb5_lucid_context_v1_t *lucid, int want)
{
	const gss_krb5_cfx_keydata_t *cfx = &lucid->cfx_kd;
	OM_uint32 got = cfx->have_acceptor_subkey ? cfx->acceptor_subkey.type :
						    cfx->ctx_key.type;

	if (lucid->protocol != 1 || got != (OM_uint32)want ||
	    cfx->ctx_key.type != (OM_uint32)want)
		return fail("enctype %u (key %u), not %d: restriction ignored",
			    got, cfx->ctx_key.type, want);
	return 0;
}

/* acceptor.ksdc: the lucid context through libksecdd, as root's. */
static int save_ksdc(const char *out, gss_buffer_t token, int enctype,
		     struct ksecdd_lucid_info *info)
{
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	OM_uint32 major, minor;
	char error[256];
	void *lucid = NULL, *blob;
	size_t len;
	int ret = -1;

	/* a lucid export consumes the context: take it from a copy */
	major = gss_import_sec_context(&minor, token, &ctx);
	if (GSS_ERROR(major))
		return gss_fail("gss_import_sec_context (acceptor)", major,
				minor);
	major = gss_krb5_export_lucid_sec_context(&minor, &ctx, 1, &lucid);
	if (GSS_ERROR(major)) {
		gss_fail("gss_krb5_export_lucid_sec_context", major, minor);
		goto out;
	}
	if (check_enctype(lucid, enctype))
		goto out;
	if (ksecdd_raw_from_lucid(lucid, info, &blob, &len, error,
				  sizeof(error))) {
		fail("ksecdd_raw_from_lucid: %s", error);
		goto out;
	}
	ret = write_file(out, "acceptor.ksdc", blob, len);
	explicit_bzero(blob, len);
	free(blob);
out:
	if (lucid)
		gss_krb5_free_lucid_sec_context(&minor, lucid);
	gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
	return ret;
}

/* acceptor.gss and acceptor.ksdc: the same context, twice. */
static int save_acceptor(const char *out, gss_ctx_id_t *actx, int enctype)
{
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	gss_name_t src = GSS_C_NO_NAME, targ = GSS_C_NO_NAME;
	struct ksecdd_lucid_info info = { .has_identity = true };
	OM_uint32 major, minor, flags;
	char *client = NULL, *server = NULL;
	int ret = -1;

	major = gss_inquire_context(&minor, *actx, &src, &targ, NULL, NULL,
				    &flags, NULL, NULL);
	if (GSS_ERROR(major))
		return gss_fail("gss_inquire_context", major, minor);
	client = display_name(src);
	server = display_name(targ);
	if (!client || !server) {
		fail("the context's names do not display");
		goto out;
	}
	info.client = client;
	info.server = server;
	info.gss_flags = flags;
	major = gss_export_sec_context(&minor, actx, &token);
	if (GSS_ERROR(major)) {
		gss_fail("gss_export_sec_context (acceptor)", major, minor);
		goto out;
	}
	if (write_buffer(out, "acceptor.gss", &token) ||
	    save_ksdc(out, &token, enctype, &info))
		goto out;
	ret = 0;
out:
	gss_release_buffer(&minor, &token);
	gss_release_name(&minor, &src);
	gss_release_name(&minor, &targ);
	free(client);
	free(server);
	return ret;
}

static int make_token(gss_ctx_id_t ctx, enum kind kind, const char *out)
{
	gss_buffer_desc msg, tok = GSS_C_EMPTY_BUFFER;
	bool want_conf = kind == WRAP;
	OM_uint32 major, minor;
	char name[32];
	int conf = -1, ret;

	msg.value = (void *)mit_messages[kind];
	msg.length = strlen(mit_messages[kind]);
	if (kind == MIC)
		major = gss_get_mic(&minor, ctx, GSS_C_QOP_DEFAULT, &msg, &tok);
	else
		major = gss_wrap(&minor, ctx, kind == WRAP, GSS_C_QOP_DEFAULT,
				 &msg, &conf, &tok);
	if (GSS_ERROR(major))
		return gss_fail(kind == MIC ? "gss_get_mic" : "gss_wrap",
				major, minor);
	if (kind != MIC && conf != want_conf) {
		gss_release_buffer(&minor, &tok);
		return fail("gss_wrap: conf_state %d", conf);
	}
	snprintf(name, sizeof(name), "%s.msg", kind_names[kind]);
	ret = write_buffer(out, name, &msg);
	snprintf(name, sizeof(name), "%s.tok", kind_names[kind]);
	ret = ret ?: write_buffer(out, name, &tok);
	gss_release_buffer(&minor, &tok);
	return ret;
}

/* The initiator's tokens, then the initiator, which has sent them. */
static int save_initiator(const char *out, gss_ctx_id_t *ictx)
{
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor;
	enum kind kind;
	int ret;

	for (kind = MIC; kind < KINDS; kind++)
		if (make_token(*ictx, kind, out))
			return -1;
	major = gss_export_sec_context(&minor, ictx, &token);
	if (GSS_ERROR(major))
		return gss_fail("gss_export_sec_context (initiator)", major,
				minor);
	ret = write_buffer(out, "initiator.gss", &token);
	gss_release_buffer(&minor, &token);
	return ret;
}

/*
 * A DCE-style context (GSS_C_DCE_STYLE) in OUT/dce/: the acceptor for the
 * guest and the initiator, which checks ksecdd's DCE-style tokens.
 */
static int save_dce(const char *out, gss_cred_id_t icred, gss_cred_id_t acred,
		    int enctype)
{
	gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
	gss_buffer_desc token = GSS_C_EMPTY_BUFFER;
	OM_uint32 major, minor;
	char dce[4200];
	int ret = -1;

	snprintf(dce, sizeof(dce), "%s/dce", out);
	if (mkdir(dce, 0755) && errno != EEXIST)
		return fail("%s: %s", dce, strerror(errno));
	if (establish_flags(icred, acred, CTX_FLAGS | GSS_C_DCE_STYLE, &ictx,
			    &actx) ||
	    save_acceptor(dce, &actx, enctype))
		goto out;
	major = gss_export_sec_context(&minor, &ictx, &token);
	if (GSS_ERROR(major)) {
		gss_fail("gss_export_sec_context (DCE initiator)", major,
			 minor);
		goto out;
	}
	ret = write_buffer(dce, "initiator.gss", &token);
	gss_release_buffer(&minor, &token);
out:
	gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&minor, &actx, GSS_C_NO_BUFFER);
	return ret;
}

static int prepare(const char *dir, const char *enctype_arg)
{
	gss_cred_id_t icred = GSS_C_NO_CREDENTIAL, acred = GSS_C_NO_CREDENTIAL;
	gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
	char out[4096], conf[4096] = "";
	int enctype = parse_enctype(enctype_arg), ret = -1;
	OM_uint32 minor;

	if (enctype < 0)
		return -1;
	snprintf(out, sizeof(out), "%s/%d", dir, enctype);
	if ((mkdir(dir, 0755) && errno != EEXIST) ||
	    (mkdir(out, 0755) && errno != EEXIST))
		return fail("%s: %s", out, strerror(errno));
	if (restrict_enctypes(dir, enctype, conf, sizeof(conf)) ||
	    acquire("KSECDD_KRB5_CLIENT", GSS_C_INITIATE, &icred) ||
	    acquire("KSECDD_KRB5_SERVICE", GSS_C_ACCEPT, &acred) ||
	    establish(icred, acred, &ictx, &actx) ||
	    save_acceptor(out, &actx, enctype) ||
	    save_initiator(out, &ictx) ||
	    save_dce(out, icred, acred, enctype))
		goto out;
	ret = 0;
out:
	gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&minor, &actx, GSS_C_NO_BUFFER);
	gss_release_cred(&minor, &icred);
	gss_release_cred(&minor, &acred);
	if (conf[0])
		unlink(conf);
	return ret;
}

/* vectors */

static void print_hex(const char *field, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	printf("\t\t.%s =\n\t\t\t\"", field);
	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
	printf("\",\n");
}

/* The pieces of gss_wrap_iov()'s message, sign-only ones around data. */
static const char *const iov_texts[3] = {
	"RPC header, signed only",
	"Stub data, sealed by MIT krb5 with gss_wrap_iov",
	"Verifier",
};

/*
 * One known answer for kunit/krb5_mit_vectors.h: a context with @flags,
 * the acceptor's keys and numbers, a Wrap token of gss_wrap_iov() over
 * SIGN_ONLY | DATA | SIGN_ONLY with the token's tail rotated into the
 * HEADER buffer (no TRAILER), and one over DATA alone.
 */
static int print_vector(gss_cred_id_t icred, gss_cred_id_t acred,
			OM_uint32 flags, int enctype)
{
	gss_ctx_id_t ictx = GSS_C_NO_CONTEXT, actx = GSS_C_NO_CONTEXT;
	gss_krb5_lucid_context_v1_t *lucid;
	gss_iov_buffer_desc iov[4];
	unsigned char data[64], plain[64];
	OM_uint32 major, minor;
	void *lp = NULL;
	int conf, ret = -1, i;

	if (establish_flags(icred, acred, flags, &ictx, &actx))
		goto out;
	major = gss_krb5_export_lucid_sec_context(&minor, &actx, 1, &lp);
	if (GSS_ERROR(major)) {
		gss_fail("gss_krb5_export_lucid_sec_context", major, minor);
		goto out;
	}
	lucid = lp;
	if (check_enctype(lucid, enctype))
		goto out;
	printf("\t{\n\t\t.enctype = %d,\n\t\t.dce = %s,\n", enctype,
	       flags & GSS_C_DCE_STYLE ? "true" : "false");
	print_hex("key", lucid->cfx_kd.ctx_key.data,
		  lucid->cfx_kd.ctx_key.length);
	print_hex("acceptor_subkey", lucid->cfx_kd.acceptor_subkey.data,
		  lucid->cfx_kd.acceptor_subkey.length);
	printf("\t\t.initiator_seq = %llu,\n\t\t.acceptor_seq = %llu,\n",
	       (unsigned long long)lucid->recv_seq,
	       (unsigned long long)lucid->send_seq);
	for (i = 0; i < 3; i++) {
		iov[i + 1].type = i == 1 ? GSS_IOV_BUFFER_TYPE_DATA :
					   GSS_IOV_BUFFER_TYPE_SIGN_ONLY;
		iov[i + 1].buffer.length = strlen(iov_texts[i]);
		iov[i + 1].buffer.value = (void *)iov_texts[i];
	}
	memcpy(data, iov_texts[1], strlen(iov_texts[1]));
	iov[2].buffer.value = data;
	iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
	iov[0].buffer.length = 0;
	iov[0].buffer.value = NULL;
	major = gss_wrap_iov(&minor, ictx, 1, GSS_C_QOP_DEFAULT, &conf, iov, 4);
	if (GSS_ERROR(major) || !conf) {
		gss_fail("gss_wrap_iov", major, minor);
		goto out;
	}
	print_hex("iov_header", iov[0].buffer.value, iov[0].buffer.length);
	print_hex("iov_data", data, iov[2].buffer.length);
	gss_release_iov_buffer(&minor, iov, 1);

	memcpy(plain, "Stub data alone", 15);
	iov[1].type = GSS_IOV_BUFFER_TYPE_DATA;
	iov[1].buffer.length = 15;
	iov[1].buffer.value = plain;
	iov[0].type = GSS_IOV_BUFFER_TYPE_HEADER | GSS_IOV_BUFFER_FLAG_ALLOCATE;
	iov[0].buffer.length = 0;
	iov[0].buffer.value = NULL;
	major = gss_wrap_iov(&minor, ictx, 1, GSS_C_QOP_DEFAULT, &conf, iov, 2);
	if (GSS_ERROR(major) || !conf) {
		gss_fail("gss_wrap_iov", major, minor);
		goto out;
	}
	print_hex("plain_header", iov[0].buffer.value, iov[0].buffer.length);
	print_hex("plain_data", plain, 15);
	gss_release_iov_buffer(&minor, iov, 1);
	printf("\t},\n");
	ret = 0;
out:
	if (lp)
		gss_krb5_free_lucid_sec_context(&minor, lp);
	gss_delete_sec_context(&minor, &ictx, GSS_C_NO_BUFFER);
	gss_delete_sec_context(&minor, &actx, GSS_C_NO_BUFFER);
	return ret;
}

/* Known answers with sign-only buffers and DCE style, as C. */
static int vectors(const char *dir, const char *enctype_arg)
{
	gss_cred_id_t icred = GSS_C_NO_CREDENTIAL, acred = GSS_C_NO_CREDENTIAL;
	char conf[4096] = "";
	int enctype = parse_enctype(enctype_arg), ret = -1;
	OM_uint32 minor;

	if (enctype < 0)
		return -1;
	if (restrict_enctypes(dir, enctype, conf, sizeof(conf)) ||
	    acquire("KSECDD_KRB5_CLIENT", GSS_C_INITIATE, &icred) ||
	    acquire("KSECDD_KRB5_SERVICE", GSS_C_ACCEPT, &acred) ||
	    print_vector(icred, acred, CTX_FLAGS, enctype) ||
	    print_vector(icred, acred, CTX_FLAGS | GSS_C_DCE_STYLE, enctype))
		goto out;
	ret = 0;
out:
	gss_release_cred(&minor, &icred);
	gss_release_cred(&minor, &acred);
	if (conf[0])
		unlink(conf);
	return ret;
}

/* verify */

struct token {
	unsigned char *msg, *tok;
	size_t msg_len, tok_len;
};

static struct token tokens[ENCTYPES][KSECDD_KINDS];
static int kind_of(const char *name)
{
	int k;

	for (k = 0; k < KSECDD_KINDS; k++)
		if (!strcmp(name, kind_names[k]))
			return k;
	return -1;
}

/* One "# ksecdd-token ENCTYPE KIND HEX-MESSAGE HEX-TOKEN" line. */
static void parse_token_line(char *line)
{
	char kind_name[12], msg_hex[4096], tok_hex[4096];
	struct token *t;
	int enctype, k;

	if (sscanf(line, "# ksecdd-token %d %11s %4095s %4095s", &enctype,
		   kind_name, msg_hex, tok_hex) != 4)
		return;
	k = kind_of(kind_name);
	if (enctype < ENCTYPE_FIRST || enctype > ENCTYPE_LAST || k < 0)
		return;
	t = &tokens[enctype - ENCTYPE_FIRST][k];
	if (t->tok) {
		printf("# %d %s: more than one token in the log; using the first\n",
		       enctype, kind_name);
		return;
	}
	t->msg = unhex(msg_hex, &t->msg_len);
	t->tok = unhex(tok_hex, &t->tok_len);
	if (!t->msg || !t->tok) {
		free(t->msg);
		free(t->tok);
		t->msg = NULL;
		t->tok = NULL;
	}
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

struct outcome {
	OM_uint32 major;
	char text[256];
	bool plaintext_ok;
	int conf;
};

/*
 * A token through gss_unwrap_iov(): HEADER, then the DATA, between the
 * two sign-only buffers for a wrapsign (the first with a bit flipped if
 * @flip); @t, a copy, is decrypted in place.  DCE-style contexts take
 * tokens only this way.
 */
static OM_uint32 mit_unwrap_iov(gss_ctx_id_t ctx, gss_buffer_t t,
				size_t msg_len, bool sign_only, bool flip,
				int *conf, gss_qop_t *qop, gss_buffer_t plain)
{
	gss_iov_buffer_desc iov[4];
	char sign[2][64];
	OM_uint32 major, minor;
	int i, n = 0, data;

	if (t->length < msg_len)
		return GSS_S_DEFECTIVE_TOKEN;
	iov[n].type = GSS_IOV_BUFFER_TYPE_HEADER;
	iov[n].buffer.length = t->length - msg_len;
	iov[n++].buffer.value = t->value;
	for (i = 0; i < 2 && sign_only; i++) {
		snprintf(sign[i], sizeof(sign[i]), "%s", ksecdd_sign_only[i]);
		iov[n + 2 * i].type = GSS_IOV_BUFFER_TYPE_SIGN_ONLY;
		iov[n + 2 * i].buffer.length = strlen(sign[i]);
		iov[n + 2 * i].buffer.value = sign[i];
	}
	if (sign_only && flip)
		sign[0][0] ^= 0x01;
	data = sign_only ? 2 : 1;
	iov[data].type = GSS_IOV_BUFFER_TYPE_DATA;
	iov[data].buffer.length = msg_len;
	iov[data].buffer.value = (char *)t->value + iov[0].buffer.length;
	n = sign_only ? 4 : 2;
	major = gss_unwrap_iov(&minor, ctx, conf, qop, iov, n);
	if (!GSS_ERROR(major)) {
		plain->value = malloc(msg_len);
		if (plain->value) {
			memcpy(plain->value, iov[data].buffer.value, msg_len);
			plain->length = msg_len;
		}
	}
	return major;
}

/*
 * MIT checks a token as the initiator receives it.  It gets a copy: its
 * gss_unwrap() of an integrity-only token rewrites the header in place.
 * @flip flips a bit in a wrapsign's first sign-only buffer.
 */
static void mit_check(gss_ctx_id_t ctx, enum kind kind, const void *msg,
		      size_t msg_len, const void *tok, size_t tok_len,
		      bool flip, struct outcome *o)
{
	gss_buffer_desc m = { msg_len, (void *)msg }, t = { tok_len, NULL };
	gss_buffer_desc plain = GSS_C_EMPTY_BUFFER;
	OM_uint32 minor;
	gss_qop_t qop = 0;

	o->conf = -1;
	o->plaintext_ok = false;
	t.value = malloc(tok_len);
	if (!t.value) {
		o->major = GSS_S_FAILURE;
		snprintf(o->text, sizeof(o->text), "out of memory");
		return;
	}
	memcpy(t.value, tok, tok_len);
	if (kind == MIC)
		o->major = gss_verify_mic(&minor, ctx, &m, &t, &qop);
	else if (kind == WRAPSIGN || kind == DCEWRAP)
		o->major = mit_unwrap_iov(ctx, &t, msg_len, kind == WRAPSIGN,
					  flip, &o->conf, &qop, &plain);
	else
		o->major = gss_unwrap(&minor, ctx, &t, &plain, &o->conf, &qop);
	free(t.value);
	o->plaintext_ok = kind == MIC || (plain.length == msg_len &&
					  !memcmp(plain.value, msg, msg_len));
	o->plaintext_ok &= qop == GSS_C_QOP_DEFAULT;
	if (kind == WRAPSIGN || kind == DCEWRAP)
		free(plain.value);
	else
		gss_release_buffer(&minor, &plain);
	gss_status_text(o->major, GSS_C_GSS_CODE, o->text, sizeof(o->text));
}

/*
 * Where a bit is flipped: the data is the message for a MIC, the
 * plaintext inside an integrity-only wrap, the first byte after the
 * header of a confidential one and a sign-only buffer of a wrapsign; the
 * other flip hits the token's last byte, checksum or ciphertext.
 */
static size_t data_offset(enum kind kind, const struct token *t)
{
	const unsigned char *p;

	if (kind == WRAPI) {
		p = memmem(t->tok, t->tok_len, t->msg, t->msg_len);
		if (p)
			return p - t->tok + t->msg_len / 2;
	}
	return 16;
}

static void tampered(gss_ctx_id_t ctx, int enctype, enum kind kind,
		     const struct token *t, bool in_data)
{
	unsigned char *msg = malloc(t->msg_len), *tok = malloc(t->tok_len);
	const char *where = in_data ? "data" : "token";
	struct outcome o;

	if (!msg || !tok || t->tok_len <= 16) {
		tap(false, "%d %s: tampered %s refused (no memory or short token)",
		    enctype, kind_names[kind], where);
		goto out;
	}
	memcpy(msg, t->msg, t->msg_len);
	memcpy(tok, t->tok, t->tok_len);
	if (!in_data)
		tok[t->tok_len - 1] ^= 0x01;
	else if (kind == MIC)
		msg[0] ^= 0x01;
	else if (kind != WRAPSIGN)
		tok[data_offset(kind, t)] ^= 0x01;
	mit_check(ctx, kind, msg, t->msg_len, tok, t->tok_len,
		  in_data && kind == WRAPSIGN, &o);
	printf("# MIT %d %s tampered %s: major 0x%08x (%s)\n", enctype,
	       kind_names[kind], where, o.major, o.text);
	tap(o.major == GSS_S_BAD_SIG, "%d %s: tampered %s refused", enctype,
	    kind_names[kind], where);
out:
	free(msg);
	free(tok);
}

static void check_token(gss_ctx_id_t ctx, int enctype, enum kind kind)
{
	const struct token *t = &tokens[enctype - ENCTYPE_FIRST][kind];
	const char *name = kind_names[kind];
	bool want_conf = kind == WRAP || kind == WRAPSIGN || kind == DCEWRAP;
	struct outcome o;
	int i;

	if (!t->tok) {
		for (i = 0; i < CHECKS; i++)
			tap(false, "%d %s: no token from the guest", enctype,
			    name);
		return;
	}
	tampered(ctx, enctype, kind, t, true);
	tampered(ctx, enctype, kind, t, false);

	mit_check(ctx, kind, t->msg, t->msg_len, t->tok, t->tok_len, false,
		  &o);
	printf("# MIT %d %s: major 0x%08x (%s), conf_state %d\n", enctype,
	       name, o.major, o.text, o.conf);
	tap(o.major == GSS_S_COMPLETE && o.plaintext_ok &&
	    (kind == MIC || o.conf == want_conf),
	    "%d %s: MIT accepts the token", enctype, name);

	mit_check(ctx, kind, t->msg, t->msg_len, t->tok, t->tok_len, false,
		  &o);
	printf("# MIT %d %s replayed: major 0x%08x (%s)\n", enctype, name,
	       o.major, o.text);
	tap(o.major & GSS_S_DUPLICATE_TOKEN, "%d %s: replay refused", enctype,
	    name);
}

/* DIR/ENCTYPE/initiator.gss, or the DCE-style one in DIR/ENCTYPE/dce/. */
static gss_ctx_id_t import_initiator(const char *dir, int enctype, bool dce)
{
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	gss_buffer_desc token;
	OM_uint32 major, minor;
	char path[4096];

	snprintf(path, sizeof(path), "%s/%d/%sinitiator.gss", dir, enctype,
		 dce ? "dce/" : "");
	token.value = read_file(path, &token.length);
	if (!token.value) {
		fail("%s: %s", path, strerror(errno));
		return GSS_C_NO_CONTEXT;
	}
	major = gss_import_sec_context(&minor, &token, &ctx);
	free(token.value);
	if (GSS_ERROR(major))
		gss_fail("gss_import_sec_context (initiator)", major, minor);
	return ctx;
}

static bool prepared(const char *dir, int enctype)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%d/initiator.gss", dir, enctype);
	return !access(path, R_OK);
}

/* The kinds named in @names (all if none), as a mask; -1 for an unknown */
static int kinds_of(char **names, int nr)
{
	int mask = 0, i, k;

	if (!nr)
		return (1 << KSECDD_KINDS) - 1;
	for (i = 0; i < nr; i++) {
		for (k = 0; k < KSECDD_KINDS; k++)
			if (!strcmp(names[i], kind_names[k]))
				break;
		if (k == KSECDD_KINDS)
			return -1;
		mask |= 1 << k;
	}
	return mask;
}

static int verify(const char *dir, const char *log, int kinds)
{
	gss_ctx_id_t ctx, dce, mine;
	OM_uint32 minor;
	int e, n = 0, i;
	enum kind kind;

	if (read_log(log))
		return -1;
	for (e = ENCTYPE_FIRST; e <= ENCTYPE_LAST; e++)
		n += prepared(dir, e);
	if (!n)
		return fail("%s: nothing prepared", dir);
	printf("TAP version 13\n1..%d\n",
	       n * __builtin_popcount(kinds) * CHECKS);
	for (e = ENCTYPE_FIRST; e <= ENCTYPE_LAST; e++) {
		if (!prepared(dir, e))
			continue;
		ctx = import_initiator(dir, e, false);
		dce = import_initiator(dir, e, true);
		for (kind = MIC; kind < KSECDD_KINDS; kind++) {
			if (!(kinds & 1 << kind))
				continue;
			mine = kind == DCEWRAP ? dce : ctx;
			if (mine != GSS_C_NO_CONTEXT) {
				check_token(mine, e, kind);
				continue;
			}
			for (i = 0; i < CHECKS; i++)
				tap(false, "%d %s: the initiator does not import",
				    e, kind_names[kind]);
		}
		gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
		gss_delete_sec_context(&minor, &dce, GSS_C_NO_BUFFER);
	}
	return tap_failed ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "prepare"))
		return prepare(argv[2], argv[3]) ? 1 : 0;
	if (argc >= 4 && !strcmp(argv[1], "verify") &&
	    kinds_of(argv + 4, argc - 4) > 0)
		return verify(argv[2], argv[3], kinds_of(argv + 4, argc - 4)) ?
		       1 : 0;
	if (argc == 4 && !strcmp(argv[1], "vectors"))
		return vectors(argv[2], argv[3]) ? 1 : 0;
	fprintf(stderr, "usage: krb5_peer prepare DIR ENCTYPE\n"
		"       krb5_peer verify DIR LOG [KIND...]\n"
		"       krb5_peer vectors DIR ENCTYPE\n");
	return 2;
}
