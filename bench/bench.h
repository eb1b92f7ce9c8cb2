/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark module of `make bench`: ksecdd's entry points side by side
 * with the kernel primitives underneath them, each pair measured in the
 * same run.  Results are ratios; absolute rates on an emulated CPU only
 * give them context.
 */
#ifndef _KSECDD_BENCH_H
#define _KSECDD_BENCH_H

#include <linux/types.h>

#include <ksecdd/ksecdd.h>

#include "../ksecdd/packed.h"

/*
 * What an aes256-cts-hmac-sha1-96 import keys: the HMAC and CTS
 * transforms of its four key usages (ksecdd/krb5_crypto.c), and the AES
 * key schedule of the base key that derives their keys
 * (ksecdd/krb5_kdf.c).
 */
#define KEYED_HMACS	4
#define KEYED_CTS	2

/*
 * One side of a pair.  @run does @n operations and sets *@ns to the time
 * they took (a side may leave set-up work out of it); @threads is how many
 * threads each did @n of them at once.  @settle, if set, runs after each
 * run, outside the time, to clean up what the run left behind.  @max_n
 * bounds the calibrated count (0: no bound beyond the default).
 */
struct bench_side {
	int (*run)(void *arg, u32 n, u64 *ns);
	void (*settle)(void *arg);
	void *arg;
	u32 threads;
	u32 max_n;
	u32 n;
};

/*
 * Medians over the rounds: rates in operations per second, times 1000;
 * the ratio of the ksecdd rate over the reference rate in millionths,
 * with the lowest and highest of the rounds, which show the noise.
 */
struct bench_result {
	u64 ksecdd_mrate;
	u64 ref_mrate;
	u64 ratio_ppm;
	u64 ratio_lo_ppm;
	u64 ratio_hi_ppm;
};

/*
 * The enctypes items 4 and 4's parts measure against the raw transforms,
 * with what those need to key and size them.
 */
struct bench_enctype {
	u32 enctype;
	const char *hmac;
	unsigned int hmac_key_len;
	unsigned int mac_len;
	bool rfc8009;
};

#define BENCH_ENCTYPES	2
extern const struct bench_enctype bench_enctypes[BENCH_ENCTYPES];

extern unsigned int bench_rounds;
extern unsigned int bench_slice_ms;
extern char *bench_krb5_dir;
extern unsigned int bench_scale_count;

int bench_pair(struct bench_side *ksecdd, struct bench_side *ref,
	       struct bench_result *res);
int bench_pair_interleaved(struct bench_side *ksecdd, struct bench_side *ref,
			   struct bench_result *res);
void bench_row(int item, const char *name, const struct bench_result *res);
void bench_value(int item, const char *name, u64 value, const char *unit);
__printf(1, 2) void bench_print(const char *fmt, ...);

/* Packed contexts for the benchmarks, built with ksecdd's own codec. */
void bench_krb5_ctx(struct ksecdd_packed_ctx *p, u32 enctype, u8 role,
		    const u8 *key);
void bench_ntlm_ctx(struct ksecdd_packed_ctx *p);
u8 *bench_blob(const struct ksecdd_packed_ctx *p, u32 *len);
SECURITY_STATUS bench_import(const char *package, void *blob, u32 len,
			     CtxtHandle *h);

int bench_keys(void);
int bench_xarray(void);
int bench_lookup(void);
int bench_message(void);
int bench_sunrpc(void);
int bench_memory(void);
int bench_scale(void);
int bench_msgparts(void);

#endif /* _KSECDD_BENCH_H */
