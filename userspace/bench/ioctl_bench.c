// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_bench: what importing contexts through /dev/ksecdd costs, for
 * `make bench`; run as root (raw imports need CAP_SYS_ADMIN).
 *
 *   ioctl_bench import
 *	Item 1: KSECDD_IOC_IMPORT of a raw Kerberos blob, of the same
 *	context sealed, and of a raw NTLM blob, each against add_key(2) of
 *	a "user" key with a payload of the blob's size, into one keyring.
 *	Only the imports and the add_key calls are timed; the contexts are
 *	deleted and the keys unlinked after each run, and the run after
 *	starts once the keyring collector has taken them all.
 *
 *   ioctl_bench scale COUNT BATCH
 *	Item 5: COUNT raw Kerberos imports into one keyring, timed by
 *	batches of BATCH; the last batch's rate against the first's, and
 *	what each context costs in slab memory (/proc/meminfo, and the
 *	caches of /proc/slabinfo that grew most).  The contexts stay.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/keyctl.h>

#include "../lib/libksecdd.h"
#include "bench.h"

/* Contexts (or keys) one run of item 1 may leave for its settle step. */
#define IMPORT_MAX	20000
#define TOP_CACHES	5
#define CACHES_MAX	512

struct import_bench {
	struct ksecdd *dev;
	const char *package;
	void *blob;
	size_t len;
	int32_t keyring;
	long baseline;
	struct ksecdd_handle *h;
	unsigned int imported;
	unsigned long serial;
};

static long add_key(const char *type, const char *desc, const void *payload,
		    size_t len, int32_t keyring)
{
	return syscall(SYS_add_key, type, desc, payload, len, keyring);
}

static long keyctl_clear(int32_t keyring)
{
	return syscall(SYS_keyctl, KEYCTL_CLEAR, keyring);
}

static const char krb5_text[] =
	"package = Kerberos\nrole = acceptor\nflags = 0x1001e\n"
	"start = now\nexpiry = +86400\nclient = alice@EXAMPLE.COM\n"
	"server = cifs/files.example.com@EXAMPLE.COM\nuid = 0\ngid = 0\n"
	"enctype = 18\nsend-seq = 2000\nrecv-seq = 1000\nkey = ";

static const char ntlm_text[] =
	"package = NTLM\nrole = acceptor\nflags = 0x1001e\n"
	"start = now\nexpiry = +86400\nclient = alice@EXAMPLE.COM\n"
	"server = cifs/files.example.com@EXAMPLE.COM\nuid = 0\ngid = 0\n"
	"negotiate-flags = 0xe2888235\nclient-seq = 0\nserver-seq = 0\n";

/* A raw blob: a Kerberos context with a random key, or an NTLM one. */
static int raw_blob(bool krb5, void **blob, size_t *len)
{
	static const char *const ntlm_keys[] = {
		"session-key", "client-sign-key", "client-seal-key",
		"server-sign-key", "server-seal-key",
	};
	unsigned char key[32];
	char text[1024], error[256];
	size_t n, i, k;

	if (getrandom(key, sizeof(key), 0) != sizeof(key))
		return -1;
	n = snprintf(text, sizeof(text), "%s", krb5 ? krb5_text : ntlm_text);
	for (k = 0; k < (krb5 ? 1 : 5); k++) {
		if (!krb5)
			n += snprintf(text + n, sizeof(text) - n, "%s = ",
				      ntlm_keys[k]);
		for (i = 0; i < (krb5 ? 32u : 16u); i++)
			n += snprintf(text + n, sizeof(text) - n, "%02x",
				      key[i]);
		n += snprintf(text + n, sizeof(text) - n, "\n");
	}
	if (ksecdd_raw_from_text(text, blob, len, error, sizeof(error))) {
		bench_error("blob", "%s", error);
		return -1;
	}
	return 0;
}

static int import_one(struct import_bench *ib, struct ksecdd_handle *h)
{
	uint32_t status;

	if (ksecdd_import(ib->dev, ib->package, ib->blob, ib->len,
			  ib->keyring, h, &status)) {
		bench_error("import", "%s", strerror(errno));
		return -1;
	}
	if (status) {
		bench_error("import", "%s", ksecdd_status_name(status));
		return -1;
	}
	return 0;
}

static int run_import(void *arg, unsigned int n, double *secs)
{
	struct import_bench *ib = arg;
	double start = bench_now();
	int err = 0;

	while (ib->imported < n && !err)
		err = import_one(ib, &ib->h[ib->imported++]);
	if (err)
		ib->imported--;
	*secs = bench_now() - start;
	return err;
}

static int settle_import(void *arg)
{
	struct import_bench *ib = arg;
	uint32_t status;
	int err = 0;

	while (ib->imported && !err)
		err = ksecdd_delete(ib->dev, &ib->h[--ib->imported], &status) ||
		      status;
	return err ? err : bench_wait_key_count(ib->baseline);
}

static int run_add_key(void *arg, unsigned int n, double *secs)
{
	struct import_bench *ib = arg;
	double start = bench_now();
	char desc[64];
	unsigned int i;

	for (i = 0; i < n; i++) {
		/* as long as a context key's description */
		snprintf(desc, sizeof(desc), "%s:%016lx", ib->package,
			 ++ib->serial);
		if (add_key("user", desc, ib->blob, ib->len, ib->keyring) < 0) {
			bench_error("add_key", "%s", strerror(errno));
			return -1;
		}
	}
	*secs = bench_now() - start;
	return 0;
}

static int settle_add_key(void *arg)
{
	struct import_bench *ib = arg;

	if (keyctl_clear(ib->keyring)) {
		bench_error("keyctl_clear", "%s", strerror(errno));
		return -1;
	}
	return bench_wait_key_count(ib->baseline);
}

static int measure_import(struct import_bench *ib, const char *name)
{
	struct bench_side ksecdd = {
		.run = run_import, .settle = settle_import, .arg = ib,
		.max_n = IMPORT_MAX,
	};
	struct bench_side ref = {
		.run = run_add_key, .settle = settle_add_key, .arg = ib,
		.max_n = IMPORT_MAX,
	};
	struct bench_result res;

	if (bench_pair(&ksecdd, &ref, &res))
		return -1;
	bench_row(1, name, &res);
	return 0;
}

/* The raw blob's context, exported sealed: root's, this boot's key. */
static int seal(struct import_bench *ib, void **sealed, size_t *len)
{
	struct ksecdd_handle h;
	uint32_t status;

	if (import_one(ib, &h))
		return -1;
	if (ksecdd_export(ib->dev, &h, 0, sealed, len, &status) || status) {
		bench_error("export", "%s", ksecdd_status_name(status));
		return -1;
	}
	return ksecdd_delete(ib->dev, &h, &status) || status ? -1 : 0;
}

static int measure_all(struct import_bench *ib)
{
	void *raw = NULL, *sealed = NULL;
	size_t raw_len;
	int err;

	ib->package = "Kerberos";
	err = raw_blob(true, &raw, &raw_len);
	ib->blob = raw;
	ib->len = raw_len;
	err = err ? err : measure_import(ib, "import-raw-kerberos");
	err = err ? err : seal(ib, &sealed, &ib->len);
	ib->blob = sealed;
	err = err ? err : measure_import(ib, "import-sealed-kerberos");
	free(sealed);
	free(raw);
	if (err)
		return err;

	ib->package = "NTLM";
	err = raw_blob(false, &raw, &ib->len);
	ib->blob = raw;
	err = err ? err : measure_import(ib, "import-raw-ntlm");
	free(raw);
	return err;
}

static int new_keyring(const char *name)
{
	long ring = add_key("keyring", name, NULL, 0,
			    KEY_SPEC_SESSION_KEYRING);

	if (ring < 0)
		bench_error("keyring", "%s", strerror(errno));
	return ring < 0 ? -1 : (int)ring;
}

static int cmd_import(struct ksecdd *dev)
{
	struct import_bench ib = { .dev = dev };
	int err;

	ib.keyring = new_keyring("ksecdd-bench");
	ib.h = calloc(IMPORT_MAX, sizeof(*ib.h));
	if (ib.keyring < 0 || !ib.h) {
		free(ib.h);
		return -1;
	}
	ib.baseline = bench_key_count();
	err = measure_all(&ib);
	free(ib.h);
	return err;
}

/* Slab memory: /proc/meminfo's Slab, and each cache's own. */
struct slab_cache {
	char name[64];
	double bytes;
	double grown;
};

static double meminfo_kb(const char *field)
{
	FILE *f = fopen("/proc/meminfo", "r");
	size_t n = strlen(field);
	char line[256];
	double kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kb = strtod(line + n + 1, NULL);
	fclose(f);
	return kb;
}

/* Caches of /proc/slabinfo 2.1: the pages of their slabs, in bytes. */
static int slab_caches(struct slab_cache *c, int max)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	unsigned long pages, slabs;
	long page = sysconf(_SC_PAGESIZE);
	char line[512];
	int nr = 0;

	if (!f)
		return 0;
	while (nr < max && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %*u %*u %*u %*u %lu : tunables "
			   "%*u %*u %*u : slabdata %*u %lu", c[nr].name,
			   &pages, &slabs) != 3)
			continue;
		c[nr].bytes = (double)pages * slabs * page;
		c[nr++].grown = 0;
	}
	fclose(f);
	return nr;
}

static int by_growth(const void *a, const void *b)
{
	const struct slab_cache *x = a, *y = b;

	return x->grown < y->grown ? 1 : x->grown > y->grown ? -1 : 0;
}

/* What grew, per context, biggest first. */
static void report_caches(struct slab_cache *before, int nr_before,
			  unsigned long count)
{
	static struct slab_cache after[CACHES_MAX];
	int nr = slab_caches(after, CACHES_MAX), i, j;
	char name[96];

	for (i = 0; i < nr; i++) {
		after[i].grown = after[i].bytes;
		for (j = 0; j < nr_before; j++)
			if (!strcmp(after[i].name, before[j].name))
				after[i].grown -= before[j].bytes;
	}
	qsort(after, nr, sizeof(*after), by_growth);
	for (i = 0; i < nr && i < TOP_CACHES && after[i].grown > 0; i++) {
		snprintf(name, sizeof(name), "slab-cache-%.63s",
			 after[i].name);
		bench_value(5, name, after[i].grown / count, "bytes");
	}
}

static int scale_batches(struct import_bench *ib, unsigned long count,
			 unsigned long batch, double *first, double *last)
{
	struct ksecdd_handle h;
	unsigned long done = 0, i;
	char name[64];
	double start, rate;

	while (done < count) {
		start = bench_now();
		for (i = 0; i < batch; i++)
			if (import_one(ib, &h))
				return -1;
		rate = batch / (bench_now() - start);
		done += batch;
		snprintf(name, sizeof(name), "scale-rate-at-%lu", done);
		bench_value(5, name, rate, "ops/s");
		if (done == batch)
			*first = rate;
		*last = rate;
	}
	return 0;
}

static int cmd_scale(struct ksecdd *dev, unsigned long count,
		     unsigned long batch)
{
	static struct slab_cache before[CACHES_MAX];
	struct import_bench ib = { .dev = dev, .package = "Kerberos" };
	double slab, mem_free, first = 0, last = 0;
	struct bench_result res;
	int nr_before, err;

	ib.keyring = new_keyring("ksecdd-bench-scale");
	if (ib.keyring < 0 || raw_blob(true, &ib.blob, &ib.len))
		return -1;
	nr_before = slab_caches(before, CACHES_MAX);
	slab = meminfo_kb("Slab");
	mem_free = meminfo_kb("MemFree");
	err = scale_batches(&ib, count, batch, &first, &last);
	free(ib.blob);
	if (err)
		return err;

	/* one measurement each: no rounds, no spread */
	res = (struct bench_result){ last, first, last / first, last / first,
				     last / first };
	bench_row(5, "scale-last-vs-first", &res);
	bench_value(5, "slab-per-context",
		    (meminfo_kb("Slab") - slab) * 1024 / count, "bytes");
	bench_value(5, "memory-per-context",
		    (mem_free - meminfo_kb("MemFree")) * 1024 / count, "bytes");
	report_caches(before, nr_before, count);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long count, batch;
	struct ksecdd *dev;
	int err = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	dev = ksecdd_open();
	if (!dev) {
		bench_error("open", "/dev/ksecdd: %s", strerror(errno));
		return 1;
	}
	if (argc == 2 && !strcmp(argv[1], "import")) {
		err = cmd_import(dev);
	} else if (argc == 4 && !strcmp(argv[1], "scale")) {
		count = strtoul(argv[2], NULL, 10);
		batch = strtoul(argv[3], NULL, 10);
		if (batch && count >= batch && count % batch == 0)
			err = cmd_scale(dev, count, batch);
		else
			fprintf(stderr, "ioctl_bench: COUNT a multiple of BATCH\n");
	} else {
		fprintf(stderr, "usage: ioctl_bench import | scale COUNT BATCH\n");
	}
	ksecdd_close(dev);
	return err ? 1 : 0;
}
