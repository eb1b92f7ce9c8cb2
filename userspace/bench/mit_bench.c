// SPDX-License-Identifier: GPL-2.0
/*
 * mit_bench: ksecdd against MIT krb5 in userspace, in the same guest, for
 * `make bench` (item 6); run as root.
 *
 *   mit_bench DIR
 *	For each enctype directory krb5_peer prepared in DIR (18, 20): the
 *	acceptor imported and deleted, through KSECDD_IOC_IMPORT (the raw
 *	blob acceptor.ksdc) and KSECDD_IOC_DELETE, against
 *	gss_import_sec_context() of acceptor.gss and
 *	gss_delete_sec_context(); then KSECDD_IOC_ENCRYPT against gss_wrap()
 *	with confidentiality, on 64 B, 1 KiB and 64 KiB messages.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gssapi/gssapi.h>

#include "../lib/libksecdd.h"
#include "bench.h"

#define SECBUFFER_DATA		KSECDD_SECBUFFER_DATA
#define SECBUFFER_TOKEN		KSECDD_SECBUFFER_TOKEN
/* room for any enctype's cbSecurityTrailer */
#define TRAILER_MAX		128

static const unsigned int msg_sizes[] = { 64, 1024, 65536 };
static const int enctypes[] = { 18, 20 };

struct mit_bench {
	struct ksecdd *dev;
	void *ksdc;
	size_t ksdc_len;
	void *gss;
	size_t gss_len;
	void *copy;
	long baseline;
	struct ksecdd_handle h;
	gss_ctx_id_t ctx;
	unsigned char *msg;
	size_t size;
	unsigned char token[TRAILER_MAX];
};

static int ksecdd_fail(const char *what, int ret, uint32_t status)
{
	if (ret)
		bench_error(what, "%s", strerror(errno));
	else
		bench_error(what, "%s", ksecdd_status_name(status));
	return -1;
}

static int import_ksdc(struct mit_bench *mb, struct ksecdd_handle *h)
{
	uint32_t status;
	int ret;

	ret = ksecdd_import(mb->dev, "Kerberos", mb->ksdc, mb->ksdc_len, 0, h,
			    &status);
	return ret || status ? ksecdd_fail("import", ret, status) : 0;
}

/* Each import works on a fresh copy of the exported token. */
static int import_gss(struct mit_bench *mb, gss_ctx_id_t *ctx)
{
	gss_buffer_desc tok = { mb->gss_len, mb->copy };
	OM_uint32 major, minor;

	memcpy(mb->copy, mb->gss, mb->gss_len);
	major = gss_import_sec_context(&minor, &tok, ctx);
	if (GSS_ERROR(major)) {
		bench_error("gss_import_sec_context", "0x%08x/%u", major,
			    minor);
		return -1;
	}
	return 0;
}

static int run_ksecdd_import(void *arg, unsigned int n, double *secs)
{
	struct mit_bench *mb = arg;
	double start = bench_now();
	struct ksecdd_handle h;
	uint32_t status;
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		if (import_ksdc(mb, &h))
			return -1;
		ret = ksecdd_delete(mb->dev, &h, &status);
		if (ret || status)
			return ksecdd_fail("delete", ret, status);
	}
	*secs = bench_now() - start;
	return 0;
}

static int settle_ksecdd(void *arg)
{
	struct mit_bench *mb = arg;

	return bench_wait_key_count(mb->baseline);
}

static int run_gss_import(void *arg, unsigned int n, double *secs)
{
	struct mit_bench *mb = arg;
	double start = bench_now();
	gss_ctx_id_t ctx;
	OM_uint32 minor;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (import_gss(mb, &ctx))
			return -1;
		gss_delete_sec_context(&minor, &ctx, GSS_C_NO_BUFFER);
	}
	*secs = bench_now() - start;
	return 0;
}

static int run_ksecdd_encrypt(void *arg, unsigned int n, double *secs)
{
	struct mit_bench *mb = arg;
	double start = bench_now();
	struct ksecdd_ioc_buffer b[2];
	uint32_t qop, status;
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++) {
		b[0] = (struct ksecdd_ioc_buffer){
			SECBUFFER_TOKEN, sizeof(mb->token),
			(uintptr_t)mb->token };
		b[1] = (struct ksecdd_ioc_buffer){
			SECBUFFER_DATA, mb->size, (uintptr_t)mb->msg };
		qop = 0;
		ret = ksecdd_message(mb->dev, KSECDD_ENCRYPT, &mb->h, &qop, 0,
				     b, 2, &status);
		if (ret || status)
			return ksecdd_fail("encrypt", ret, status);
	}
	*secs = bench_now() - start;
	return 0;
}

static int run_gss_wrap(void *arg, unsigned int n, double *secs)
{
	struct mit_bench *mb = arg;
	double start = bench_now();
	gss_buffer_desc in = { mb->size, mb->msg }, out;
	OM_uint32 major, minor;
	unsigned int i;
	int conf;

	for (i = 0; i < n; i++) {
		major = gss_wrap(&minor, mb->ctx, 1, GSS_C_QOP_DEFAULT, &in,
				 &conf, &out);
		if (GSS_ERROR(major)) {
			bench_error("gss_wrap", "0x%08x/%u", major, minor);
			return -1;
		}
		gss_release_buffer(&minor, &out);
	}
	*secs = bench_now() - start;
	return 0;
}

static int pair(struct mit_bench *mb, const char *name,
		int (*ksecdd)(void *, unsigned int, double *),
		int (*settle)(void *),
		int (*mit)(void *, unsigned int, double *))
{
	struct bench_side a = { .run = ksecdd, .settle = settle, .arg = mb };
	struct bench_side b = { .run = mit, .arg = mb };
	struct bench_result res;

	if (bench_pair(&a, &b, &res))
		return -1;
	bench_row(6, name, &res);
	return 0;
}

static int measure_wrap(struct mit_bench *mb, int enctype)
{
	char name[64];
	size_t i;
	int err = 0;

	for (i = 0; !err && i < sizeof(msg_sizes) / sizeof(msg_sizes[0]);
	     i++) {
		mb->size = msg_sizes[i];
		snprintf(name, sizeof(name), "mit-wrap-%d-%zu", enctype,
			 mb->size);
		err = pair(mb, name, run_ksecdd_encrypt, NULL, run_gss_wrap);
	}
	return err;
}

static int measure(struct mit_bench *mb, int enctype)
{
	OM_uint32 minor;
	uint32_t status;
	char name[64];
	int err;

	snprintf(name, sizeof(name), "mit-import-%d", enctype);
	err = pair(mb, name, run_ksecdd_import, settle_ksecdd,
		   run_gss_import);
	if (err || import_ksdc(mb, &mb->h))
		return -1;
	if (import_gss(mb, &mb->ctx)) {
		ksecdd_delete(mb->dev, &mb->h, &status);
		return -1;
	}
	err = measure_wrap(mb, enctype);
	gss_delete_sec_context(&minor, &mb->ctx, GSS_C_NO_BUFFER);
	ksecdd_delete(mb->dev, &mb->h, &status);
	return err;
}

static int load(struct mit_bench *mb, const char *dir, int enctype)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%d/acceptor.ksdc", dir, enctype);
	mb->ksdc = bench_read_file(path, &mb->ksdc_len);
	snprintf(path, sizeof(path), "%s/%d/acceptor.gss", dir, enctype);
	mb->gss = bench_read_file(path, &mb->gss_len);
	mb->copy = mb->gss ? malloc(mb->gss_len) : NULL;
	if (mb->ksdc && mb->gss && mb->copy)
		return 0;
	bench_error("read", "%s: %s", path, strerror(errno));
	return -1;
}

static void unload(struct mit_bench *mb)
{
	free(mb->copy);
	free(mb->gss);
	free(mb->ksdc);
	mb->copy = NULL;
	mb->gss = NULL;
	mb->ksdc = NULL;
}

int main(int argc, char **argv)
{
	struct mit_bench mb = { 0 };
	size_t i;
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: mit_bench DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mb.dev = ksecdd_open();
	mb.msg = calloc(1, msg_sizes[2]);
	if (!mb.dev || !mb.msg) {
		bench_error("open", "/dev/ksecdd: %s", strerror(errno));
		return 1;
	}
	mb.baseline = bench_key_count();
	for (i = 0; !err && i < sizeof(enctypes) / sizeof(enctypes[0]); i++) {
		err = load(&mb, argv[1], enctypes[i]);
		err = err ? err : measure(&mb, enctypes[i]);
		unload(&mb);
	}
	free(mb.msg);
	ksecdd_close(mb.dev);
	return err ? 1 : 0;
}
