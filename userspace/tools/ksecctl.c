// SPDX-License-Identifier: GPL-2.0
/*
 * ksecctl: look at and manage ksecdd security contexts from the shell.
 * See ksecctl(8).
 */

#include <errno.h>
#include <getopt.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>
#include <inttypes.h>
#include <keyutils.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/libksecdd.h"

/* Exit codes: what a script tells apart. */
#define EXIT_STATUS	1	/* the SSPI call failed; its status is named */
#define EXIT_USAGE	2
#define EXIT_SYSTEM	3	/* no device, unreadable file, ... */

static bool json;
static const char *cmd;

static int usage(void)
{
	fprintf(stderr,
		"usage: ksecctl [--json] packages\n"
		"       ksecctl [--json] import [-k KEYRING] [-p PACKAGE] [FILE]\n"
		"       ksecctl [--json] import-gss [-k KEYRING] [-u UID -g GID [-G GROUPS]]\n"
		"                                   [FILE]\n"
		"       ksecctl build [FILE]\n"
		"       ksecctl export [--reset-new] [--delete-old] HANDLE\n"
		"       ksecctl [--json] delete HANDLE\n"
		"       ksecctl [--json] list\n"
		"       ksecctl [--json] stats\n"
		"       ksecctl [--json] query HANDLE ATTRIBUTE\n"
		"       ksecctl sign HANDLE [FILE]\n"
		"       ksecctl verify HANDLE MIC [FILE]\n"
		"       ksecctl encrypt [--no-encrypt] HANDLE [FILE]\n"
		"       ksecctl decrypt HANDLE [FILE]\n");
	return EXIT_USAGE;
}

static int system_error(const char *what)
{
	fprintf(stderr, "ksecctl: %s: %s: %s\n", cmd, what, strerror(errno));
	return EXIT_SYSTEM;
}

/* Every SSPI failure is reported by name, value and meaning. */
static int status_result(uint32_t status)
{
	if (!status)
		return 0;
	if (json)
		printf("{\"status\": \"%s\", \"code\": \"0x%08" PRIx32 "\"}\n",
		       ksecdd_status_name(status), status);
	fprintf(stderr, "ksecctl: %s: %s (0x%08" PRIx32 "): %s\n", cmd,
		ksecdd_status_name(status), status,
		ksecdd_status_text(status));
	return EXIT_STATUS;
}

/* A whole file or stdin, NUL-terminated, up to 1 MiB. */
static void *read_all(const char *path, size_t *len)
{
	FILE *f = path && strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 0, n = 0, got;
	char *buf = NULL, *bigger;
	bool failed = false;

	if (!f)
		return NULL;
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			bigger = cap <= 1 << 20 ? realloc(buf, cap + 1) : NULL;
			if (!bigger) {
				failed = true;
				break;
			}
			buf = bigger;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got);
	failed |= ferror(f);
	if (f != stdin)
		fclose(f);
	if (failed) {
		free(buf);
		errno = errno ?: EIO;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void print_handle(const struct ksecdd_handle *h)
{
	if (json)
		printf("{\"status\": \"SEC_E_OK\", \"handle\": \"%llu:%llx\"}\n",
		       (unsigned long long)h->serial,
		       (unsigned long long)h->tag);
	else
		printf("%llu:%llx\n", (unsigned long long)h->serial,
		       (unsigned long long)h->tag);
}

static int do_packages(struct ksecdd *dev)
{
	struct ksecdd_package_info info[16];
	uint32_t n = 16, status, i;

	if (ksecdd_packages(dev, info, &n, &status))
		return system_error("KSECDD_IOC_PACKAGES");
	if (status)
		return status_result(status);
	for (i = 0; i < n; i++) {
		if (json)
			printf("%s{\"name\": \"%s\", \"comment\": \"%s\", "
			       "\"capabilities\": \"0x%x\", \"rpcid\": %u, "
			       "\"max_token\": %u}%s", i ? " " : "[",
			       info[i].name, info[i].comment,
			       info[i].capabilities, info[i].rpcid,
			       info[i].max_token, i + 1 < n ? "," : "]\n");
		else
			printf("%-10s caps 0x%05x  rpcid %2u  max token %5u  %s\n",
			       info[i].name, info[i].capabilities,
			       info[i].rpcid, info[i].max_token,
			       info[i].comment);
	}
	return 0;
}

/* The package a blob names in its header, unless the caller names one. */
static const char *blob_package(const char *blob, size_t len, char *buf)
{
	if (len < 28)
		return "";
	memcpy(buf, blob + 12, 16);
	buf[16] = '\0';
	return buf;
}

static int import_blob(struct ksecdd *dev, const char *package,
		       const void *blob, size_t len, int32_t keyring)
{
	struct ksecdd_handle h;
	uint32_t status;

	if (ksecdd_import(dev, package, blob, len, keyring, &h, &status))
		return system_error("KSECDD_IOC_IMPORT");
	if (status)
		return status_result(status);
	print_handle(&h);
	return 0;
}

static int do_import(struct ksecdd *dev, int argc, char **argv)
{
	const char *package = NULL;
	int32_t keyring = 0;
	char name[17], *end;
	size_t len;
	void *blob;
	int c;

	while ((c = getopt(argc, argv, "k:p:")) != -1) {
		if (c == 'k') {
			keyring = strtol(optarg, &end, 0);
			if (*end || end == optarg)
				return usage();
		} else if (c == 'p') {
			package = optarg;
		} else {
			return usage();
		}
	}
	blob = read_all(argv[optind], &len);
	if (!blob)
		return system_error(argv[optind] ?: "stdin");
	if (!package)
		package = blob_package(blob, len, name);
	c = import_blob(dev, package, blob, len, keyring);
	free(blob);
	return c;
}

/* A GSS-API failure, with MIT's words for both codes. */
static int gss_error(const char *what, OM_uint32 major, OM_uint32 minor)
{
	static const int types[2] = { GSS_C_GSS_CODE, GSS_C_MECH_CODE };
	OM_uint32 codes[2] = { major, minor }, ignored, more;
	gss_buffer_desc text;
	int i;

	fprintf(stderr, "ksecctl: %s: %s:", cmd, what);
	for (i = 0; i < 2; i++) {
		more = 0;
		do {
			if (GSS_ERROR(gss_display_status(&ignored, codes[i],
							 types[i], GSS_C_NO_OID,
							 &more, &text)))
				break;
			fprintf(stderr, " %.*s;", (int)text.length,
				(char *)text.value);
			gss_release_buffer(&ignored, &text);
		} while (more);
	}
	fputc('\n', stderr);
	return EXIT_STATUS;
}

static char *gss_name_text(gss_name_t name)
{
	gss_buffer_desc text;
	OM_uint32 minor;
	char *s;

	if (GSS_ERROR(gss_display_name(&minor, name, &text, NULL)))
		return NULL;
	s = strndup(text.value, text.length);
	gss_release_buffer(&minor, &text);
	return s;
}

/* Names and flags of the context, which the lucid form does not carry. */
static int gss_describe(gss_ctx_id_t ctx, struct ksecdd_lucid_info *info)
{
	gss_name_t src = GSS_C_NO_NAME, targ = GSS_C_NO_NAME;
	OM_uint32 major, minor, flags;

	major = gss_inquire_context(&minor, ctx, &src, &targ, NULL, NULL,
				    &flags, NULL, NULL);
	if (GSS_ERROR(major))
		return gss_error("gss_inquire_context", major, minor);
	info->client = gss_name_text(src);
	info->server = gss_name_text(targ);
	info->gss_flags = flags;
	gss_release_name(&minor, &src);
	gss_release_name(&minor, &targ);
	return 0;
}

/* A raw packed context from a token of gss_export_sec_context(). */
static int gss_to_raw(void *token, size_t len, struct ksecdd_lucid_info *info,
		      void **blob, size_t *blob_len)
{
	gss_buffer_desc buf = { len, token };
	gss_ctx_id_t ctx = GSS_C_NO_CONTEXT;
	OM_uint32 major, minor;
	void *lucid = NULL;
	char error[256];
	int ret;

	major = gss_import_sec_context(&minor, &buf, &ctx);
	if (GSS_ERROR(major))
		return gss_error("gss_import_sec_context", major, minor);
	ret = gss_describe(ctx, info);
	if (ret)
		goto out;
	/* this deletes the context */
	major = gss_krb5_export_lucid_sec_context(&minor, &ctx, 1, &lucid);
	if (GSS_ERROR(major)) {
		ret = gss_error("gss_krb5_export_lucid_sec_context", major,
				minor);
		goto out;
	}
	if (ksecdd_raw_from_lucid(lucid, info, blob, blob_len, error,
				  sizeof(error))) {
		fprintf(stderr, "ksecctl: %s: %s\n", cmd, error);
		ret = EXIT_STATUS;
	}
	gss_krb5_free_lucid_sec_context(&minor, lucid);
out:
	gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
	return ret;
}

static int parse_id(const char *text, uint32_t *id)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(text, &end, 0);
	if (errno || end == text || *end || *text == '-' ||
	    n >= UINT32_MAX)
		return -1;
	*id = n;
	return 0;
}

static int parse_groups(char *text, struct ksecdd_lucid_info *info,
			uint32_t *groups, size_t max)
{
	char *tok, *save;

	for (tok = strtok_r(text, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (info->ngroups == max || parse_id(tok, &groups[info->ngroups]))
			return -1;
		info->ngroups++;
	}
	info->groups = groups;
	return 0;
}

/*
 * A raw packed context from gss-ntlmssp's export, which libksecdd reads
 * itself (gss-ntlmssp need not be loaded): -1 for a token of another
 * mechanism, for MIT's gss_import_sec_context().
 */
static int ntlmssp_to_raw(void *token, size_t len,
			  const struct ksecdd_lucid_info *info, void **blob,
			  size_t *blob_len)
{
	char error[256];

	if (!ksecdd_raw_from_ntlmssp(token, len, info, blob, blob_len, error,
				     sizeof(error)))
		return 0;
	if (errno == EPROTONOSUPPORT)
		return -1;
	if (errno == ENOMEM)
		return system_error("ksecdd_raw_from_ntlmssp");
	fprintf(stderr, "ksecctl: %s: %s\n", cmd, error);
	return EXIT_STATUS;
}

static int do_import_gss(struct ksecdd *dev, int argc, char **argv)
{
	static uint32_t groups[256];
	struct ksecdd_lucid_info info = { 0 };
	const char *package = "NTLM";
	bool has_uid = false, has_gid = false;
	int32_t keyring = 0;
	size_t len, blob_len;
	void *token, *blob;
	char *end;
	int c;

	while ((c = getopt(argc, argv, "k:u:g:G:")) != -1) {
		if (c == 'k') {
			keyring = strtol(optarg, &end, 0);
			if (*end || end == optarg)
				return usage();
		} else if (c == 'u' && !parse_id(optarg, &info.uid)) {
			has_uid = true;
		} else if (c == 'g' && !parse_id(optarg, &info.gid)) {
			has_gid = true;
		} else if (c != 'G' || parse_groups(optarg, &info, groups,
						    256)) {
			return usage();
		}
	}
	/* an identity is a whole one, or none */
	if (has_uid != has_gid || (info.ngroups && !has_uid))
		return usage();
	info.has_identity = has_uid;
	token = read_all(argv[optind], &len);
	if (!token)
		return system_error(argv[optind] ?: "stdin");
	c = ntlmssp_to_raw(token, len, &info, &blob, &blob_len);
	if (c < 0) {
		package = "Kerberos";
		c = gss_to_raw(token, len, &info, &blob, &blob_len);
	}
	/* both hold the context's keys */
	explicit_bzero(token, len);
	free(token);
	free((char *)info.client);
	free((char *)info.server);
	if (c)
		return c;
	c = import_blob(dev, package, blob, blob_len, keyring);
	explicit_bzero(blob, blob_len);
	free(blob);
	return c;
}

static int do_build(int argc, char **argv)
{
	char error[256] = "";
	void *text, *blob;
	size_t len;

	text = read_all(argc > 1 ? argv[1] : NULL, &len);
	if (!text)
		return system_error(argc > 1 ? argv[1] : "stdin");
	if (ksecdd_raw_from_text(text, &blob, &len, error, sizeof(error))) {
		free(text);
		fprintf(stderr, "ksecctl: build: %s\n", error);
		return EXIT_STATUS;
	}
	free(text);
	if (fwrite(blob, 1, len, stdout) != len)
		return system_error("stdout");
	free(blob);
	return 0;
}

static int get_handle(const char *text, struct ksecdd_handle *h)
{
	if (!text || ksecdd_parse_handle(text, h)) {
		fprintf(stderr, "ksecctl: %s: a handle is SERIAL:TAG\n", cmd);
		return EXIT_USAGE;
	}
	return 0;
}

static int do_export(struct ksecdd *dev, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reset-new", no_argument, NULL, 'r' },
		{ "delete-old", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct ksecdd_handle h;
	uint32_t flags = 0, status;
	size_t len;
	void *blob;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			flags |= KSECDD_SECPKG_CONTEXT_EXPORT_RESET_NEW;
		else if (c == 'd')
			flags |= KSECDD_SECPKG_CONTEXT_EXPORT_DELETE_OLD;
		else
			return usage();
	}
	c = get_handle(argv[optind], &h);
	if (c)
		return c;
	if (isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ksecctl: export: not writing a blob to a terminal\n");
		return EXIT_USAGE;
	}
	if (ksecdd_export(dev, &h, flags, &blob, &len, &status))
		return system_error("KSECDD_IOC_EXPORT");
	if (status)
		return status_result(status);
	c = fwrite(blob, 1, len, stdout) == len ? 0 : system_error("stdout");
	free(blob);
	return c;
}

static int do_delete(struct ksecdd *dev, char **argv)
{
	struct ksecdd_handle h;
	uint32_t status;
	int err = get_handle(argv[1], &h);

	if (err)
		return err;
	if (ksecdd_delete(dev, &h, &status))
		return system_error("KSECDD_IOC_DELETE");
	if (!status && json)
		printf("{\"status\": \"SEC_E_OK\"}\n");
	return status_result(status);
}

static const struct {
	const char *name;
	uint32_t attribute;
} attributes[] = {
	{ "sizes", KSECDD_SECPKG_ATTR_SIZES },
	{ "names", KSECDD_SECPKG_ATTR_NAMES },
	{ "lifespan", KSECDD_SECPKG_ATTR_LIFESPAN },
	{ "key-info", KSECDD_SECPKG_ATTR_KEY_INFO },
	{ "session-key", KSECDD_SECPKG_ATTR_SESSION_KEY },
	{ "package-info", KSECDD_SECPKG_ATTR_PACKAGE_INFO },
	{ "flags", KSECDD_SECPKG_ATTR_FLAGS },
};

static void print_answer(uint32_t attribute, const unsigned char *buf,
			 size_t len)
{
	const struct ksecdd_attr_sizes *s = (const void *)buf;
	const struct ksecdd_attr_lifespan *l = (const void *)buf;
	const struct ksecdd_attr_key_info *k = (const void *)buf;
	const struct ksecdd_package_info *p = (const void *)buf;
	size_t i;

	switch (attribute) {
	case KSECDD_SECPKG_ATTR_SIZES:
		printf(json ? "{\"max_token\": %u, \"max_signature\": %u, "
		       "\"block_size\": %u, \"security_trailer\": %u}\n" :
		       "max token %u, max signature %u, block size %u, "
		       "security trailer %u\n", s->max_token, s->max_signature,
		       s->block_size, s->security_trailer);
		break;
	case KSECDD_SECPKG_ATTR_NAMES:
		printf(json ? "{\"user\": \"%s\"}\n" : "%s\n", buf);
		break;
	case KSECDD_SECPKG_ATTR_LIFESPAN:
		printf(json ? "{\"start\": %lld, \"expiry\": %lld}\n" :
		       "start %lld, expiry %lld (100 ns since 1601, UTC)\n",
		       (long long)l->start, (long long)l->expiry);
		break;
	case KSECDD_SECPKG_ATTR_KEY_INFO:
		printf(json ? "{\"signature\": \"%s\", \"encryption\": \"%s\", "
		       "\"key_size\": %u}\n" :
		       "signature %s, encryption %s, key size %u\n",
		       k->signature_name, k->encrypt_name, k->key_size);
		break;
	case KSECDD_SECPKG_ATTR_PACKAGE_INFO:
		printf(json ? "{\"name\": \"%s\"}\n" : "%s\n", p->name);
		break;
	case KSECDD_SECPKG_ATTR_FLAGS:
		printf(json ? "{\"flags\": \"0x%x\"}\n" : "0x%x\n",
		       *(const uint32_t *)buf);
		break;
	default:
		for (i = 0; i < len; i++)
			printf("%02x", buf[i]);
		printf("\n");
	}
}

static int do_query(struct ksecdd *dev, char **argv)
{
	unsigned char buf[4096];
	struct ksecdd_handle h;
	size_t i, len = sizeof(buf);
	uint32_t status;
	int err = get_handle(argv[1], &h);

	if (err)
		return err;
	for (i = 0; argv[2] && i < sizeof(attributes) / sizeof(attributes[0]);
	     i++)
		if (!strcmp(argv[2], attributes[i].name))
			break;
	if (!argv[2] || i == sizeof(attributes) / sizeof(attributes[0]))
		return usage();
	if (ksecdd_query(dev, &h, attributes[i].attribute, buf, &len, &status))
		return system_error("KSECDD_IOC_QUERY");
	if (status)
		return status_result(status);
	print_answer(attributes[i].attribute, buf, len);
	return 0;
}

/* Room for any token's header and trailer: 16 + 16 + 16 + 24. */
#define TOKEN_ROOM		128

static int write_out(const void *a, size_t a_len, const void *b, size_t b_len)
{
	if (fwrite(a, 1, a_len, stdout) != a_len ||
	    fwrite(b, 1, b_len, stdout) != b_len || fflush(stdout))
		return system_error("stdout");
	return 0;
}

/* Tokens are binary: like export, they do not go to a terminal. */
static int binary_out(void)
{
	if (!isatty(STDOUT_FILENO))
		return 0;
	fprintf(stderr, "ksecctl: %s: not writing a token to a terminal\n",
		cmd);
	return EXIT_USAGE;
}

static int run_message(struct ksecdd *dev, enum ksecdd_message_op op,
		       const struct ksecdd_handle *h, uint32_t *qop,
		       struct ksecdd_ioc_buffer *bufs)
{
	static const char *const names[] = {
		[KSECDD_SIGN] = "KSECDD_IOC_SIGN",
		[KSECDD_VERIFY] = "KSECDD_IOC_VERIFY",
		[KSECDD_ENCRYPT] = "KSECDD_IOC_ENCRYPT",
		[KSECDD_DECRYPT] = "KSECDD_IOC_DECRYPT",
	};
	uint32_t status;

	if (ksecdd_message(dev, op, h, qop, 0, bufs, 2, &status))
		return system_error(names[op]);
	return status_result(status);
}

/* sign HANDLE [FILE]: the MIC token of the message on stdout. */
static int do_sign(struct ksecdd *dev, char **argv)
{
	unsigned char token[TOKEN_ROOM];
	struct ksecdd_ioc_buffer bufs[2];
	struct ksecdd_handle h;
	size_t len;
	void *msg;
	int err = get_handle(argv[1], &h) ?: binary_out();

	if (err)
		return err;
	msg = read_all(argv[2], &len);
	if (!msg)
		return system_error(argv[2] ? argv[2] : "stdin");
	bufs[0] = (struct ksecdd_ioc_buffer){ KSECDD_SECBUFFER_DATA, len,
					      (uintptr_t)msg };
	bufs[1] = (struct ksecdd_ioc_buffer){ KSECDD_SECBUFFER_TOKEN,
					      sizeof(token), (uintptr_t)token };
	err = run_message(dev, KSECDD_SIGN, &h, NULL, bufs) ?:
	      write_out(token, bufs[1].len, NULL, 0);
	free(msg);
	return err;
}

/* verify HANDLE MIC [FILE]: exit status 0 if the MIC is good. */
static int do_verify(struct ksecdd *dev, char **argv)
{
	struct ksecdd_ioc_buffer bufs[2];
	struct ksecdd_handle h;
	size_t len, mic_len;
	void *msg, *mic;
	uint32_t qop = 0;
	int err = get_handle(argv[1], &h);

	if (err)
		return err;
	if (!argv[2])
		return usage();
	mic = read_all(argv[2], &mic_len);
	if (!mic)
		return system_error(argv[2]);
	msg = read_all(argv[3], &len);
	if (!msg) {
		free(mic);
		return system_error(argv[3] ? argv[3] : "stdin");
	}
	bufs[0] = (struct ksecdd_ioc_buffer){ KSECDD_SECBUFFER_TOKEN, mic_len,
					      (uintptr_t)mic };
	bufs[1] = (struct ksecdd_ioc_buffer){ KSECDD_SECBUFFER_DATA, len,
					      (uintptr_t)msg };
	err = run_message(dev, KSECDD_VERIFY, &h, &qop, bufs);
	free(msg);
	free(mic);
	return err;
}

/*
 * encrypt [--no-encrypt] HANDLE [FILE]: the Wrap token on stdout, which is
 * the TOKEN buffer followed by the DATA buffer.
 */
static int do_encrypt(struct ksecdd *dev, int argc, char **argv)
{
	unsigned char token[TOKEN_ROOM];
	struct ksecdd_ioc_buffer bufs[2];
	struct ksecdd_handle h;
	uint32_t qop = 0;
	size_t len;
	void *msg;
	int err;

	if (argc > 1 && !strcmp(argv[1], "--no-encrypt")) {
		qop = KSECDD_SECQOP_WRAP_NO_ENCRYPT;
		argv++;
	}
	err = get_handle(argv[1], &h) ?: binary_out();
	if (err)
		return err;
	msg = read_all(argv[2], &len);
	if (!msg)
		return system_error(argv[2] ? argv[2] : "stdin");
	bufs[0] = (struct ksecdd_ioc_buffer){ KSECDD_SECBUFFER_TOKEN,
					      sizeof(token), (uintptr_t)token };
	bufs[1] = (struct ksecdd_ioc_buffer){ KSECDD_SECBUFFER_DATA, len,
					      (uintptr_t)msg };
	err = run_message(dev, KSECDD_ENCRYPT, &h, &qop, bufs) ?:
	      write_out(token, bufs[0].len, msg, bufs[1].len);
	free(msg);
	return err;
}

/* decrypt HANDLE [FILE]: the message of a Wrap token on stdout. */
static int do_decrypt(struct ksecdd *dev, char **argv)
{
	struct ksecdd_ioc_buffer bufs[2];
	struct ksecdd_handle h;
	uint32_t qop = 0;
	void *stream;
	size_t len;
	int err = get_handle(argv[1], &h);

	if (err)
		return err;
	stream = read_all(argv[2], &len);
	if (!stream)
		return system_error(argv[2] ? argv[2] : "stdin");
	bufs[0] = (struct ksecdd_ioc_buffer){ KSECDD_SECBUFFER_STREAM, len,
					      (uintptr_t)stream };
	bufs[1] = (struct ksecdd_ioc_buffer){ KSECDD_SECBUFFER_DATA, 0, 0 };
	err = run_message(dev, KSECDD_DECRYPT, &h, &qop, bufs) ?:
	      write_out((void *)(uintptr_t)bufs[1].data, bufs[1].len, NULL, 0);
	if (!err && qop == KSECDD_SECQOP_WRAP_NO_ENCRYPT)
		fprintf(stderr, "ksecctl: decrypt: the message was signed, not encrypted\n");
	free(stream);
	return err;
}

/* Context keys in a keyring and the keyrings below it. */
static int list_keyring(key_serial_t ring, int depth, int *count)
{
	key_serial_t *keys;
	char *desc;
	int n, i;

	n = keyctl_read_alloc(ring, (void **)&keys);
	if (n < 0 || depth > 8)
		return 0;
	for (i = 0; i < n / (int)sizeof(*keys); i++) {
		if (keyctl_describe_alloc(keys[i], &desc) < 0)
			continue;
		if (!strncmp(desc, "keyring;", 8)) {
			list_keyring(keys[i], depth + 1, count);
		} else if (!strncmp(desc, ".ksecdd;", 8)) {
			printf(json ? "%s{\"serial\": %d, \"key\": \"%s\"}" :
			       "%s%d %s\n", json ? (*count ? ", " : "[") : "",
			       keys[i], strrchr(desc, ';') + 1);
			(*count)++;
		}
		free(desc);
	}
	free(keys);
	return 0;
}

static int do_list(void)
{
	int count = 0;

	list_keyring(KEY_SPEC_SESSION_KEYRING, 0, &count);
	list_keyring(KEY_SPEC_USER_KEYRING, 0, &count);
	if (json)
		printf(count ? "]\n" : "[]\n");
	return 0;
}

/* One counter: a line as the file has it, or a member of its scope. */
static int print_stat(const char *scope, const char *name, int64_t value,
		      void *arg)
{
	char *last = arg;

	if (!json) {
		printf("%s %s %" PRId64 "\n", scope, name, value);
		return 0;
	}
	if (strcmp(last, scope))
		printf("%s\"%s\": {", *last ? "}, " : "{", scope);
	else
		printf(", ");
	printf("\"%s\": %" PRId64, name, value);
	snprintf(last, 32, "%s", scope);
	return 0;
}

static int do_stats(void)
{
	char last[32] = "";

	if (ksecdd_stats(print_stat, last))
		return system_error("/sys/class/misc/ksecdd/stats");
	if (json)
		printf(*last ? "}}\n" : "{}\n");
	return 0;
}

int main(int argc, char **argv)
{
	struct ksecdd *dev;
	int ret = -1;

	if (argc > 1 && !strcmp(argv[1], "--json")) {
		json = true;
		argv++;
		argc--;
	}
	if (argc < 2)
		return usage();
	cmd = argv[1];
	argv++;
	argc--;
	if (!strcmp(cmd, "build"))
		return do_build(argc, argv);
	if (!strcmp(cmd, "list"))
		return do_list();
	if (!strcmp(cmd, "stats"))
		return do_stats();

	dev = ksecdd_open();
	if (!dev)
		return system_error("/dev/ksecdd");
	if (!strcmp(cmd, "packages"))
		ret = do_packages(dev);
	else if (!strcmp(cmd, "import"))
		ret = do_import(dev, argc, argv);
	else if (!strcmp(cmd, "import-gss"))
		ret = do_import_gss(dev, argc, argv);
	else if (!strcmp(cmd, "export"))
		ret = do_export(dev, argc, argv);
	else if (!strcmp(cmd, "delete"))
		ret = do_delete(dev, argv);
	else if (!strcmp(cmd, "query"))
		ret = do_query(dev, argv);
	else if (!strcmp(cmd, "sign"))
		ret = do_sign(dev, argv);
	else if (!strcmp(cmd, "verify"))
		ret = do_verify(dev, argv);
	else if (!strcmp(cmd, "encrypt"))
		ret = do_encrypt(dev, argc, argv);
	else if (!strcmp(cmd, "decrypt"))
		ret = do_decrypt(dev, argv);
	ksecdd_close(dev);
	return ret < 0 ? usage() : ret;
}
