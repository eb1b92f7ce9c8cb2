// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the packed-context codec (ksecdd/packed.c, built
 * into this program as it is into the module), under ASan and UBSan.
 *
 * Each input goes to every entry point that sees bytes from userspace:
 * the header parser, the decoder of whole raw blobs, and the record
 * decoder of each package, on the bytes after a 68-byte header and, for
 * a sealed header, on what decryption would hand it (the bytes between
 * header and tag).  Whatever decodes must encode back to the same bytes,
 * less the unknown non-critical records the format lets the decoder skip;
 * a broken rule calls abort(), so libFuzzer keeps the input.  Outputs are
 * allocated at their exact length, so that ASan sees any overrun.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ksecdd/packed.h"
#include "le.h"

#define REC_NUMBER(type)	((type) & 0x7fff)

/* Versions 1 and 2 number each level's records 1..n, without gaps. */
#define COMMON_LAST		REC_NUMBER(KSECDD_REC_PACKAGE_STATE)
#define KRB5_LAST		REC_NUMBER(KSECDD_KRB5_SEQUENCE)
#define NTLM_LAST		REC_NUMBER(KSECDD_NTLM_SERVER_RC4)

static void failed(int line, const char *what)
{
	fprintf(stderr, "packed_fuzz.c:%d: %s\n", line, what);
	abort();
}

#define CHECK(cond)	((cond) ? (void)0 : failed(__LINE__, #cond))

static u16 state_last(enum ksecdd_packed_package package)
{
	return package == KSECDD_PACKAGE_KERBEROS ? KRB5_LAST : NTLM_LAST;
}

/*
 * Copies records that decoded to @out without the ones whose number is
 * past @last, the unknown ones, which the encoder does not write.  With
 * @inner set, PACKAGE_STATE is a level of its own, whose records end at
 * @inner.  This walks the layout independently of the codec, so a
 * decoder that accepted a broken one trips a CHECK here.
 */
static size_t strip(const u8 *in, size_t len, u8 *out, u16 last, u16 inner)
{
	size_t i = 0, o = 0;
	u16 type, vlen;

	while (i < len) {
		CHECK(len - i >= KSECDD_REC_HDR_LEN);
		type = get16(in + i);
		vlen = get16(in + i + 2);
		CHECK(len - i - KSECDD_REC_HDR_LEN >= vlen);
		i += KSECDD_REC_HDR_LEN;
		if (REC_NUMBER(type) > last) {
			CHECK(!(type & KSECDD_REC_CRITICAL));
		} else if (inner && type == KSECDD_REC_PACKAGE_STATE) {
			put16(out + o, type);
			put16(out + o + 2, strip(in + i, vlen,
						 out + o + KSECDD_REC_HDR_LEN,
						 inner, 0));
			o += KSECDD_REC_HDR_LEN + get16(out + o + 2);
		} else {
			memcpy(out + o, in + i - KSECDD_REC_HDR_LEN,
			       KSECDD_REC_HDR_LEN + vlen);
			o += KSECDD_REC_HDR_LEN + vlen;
		}
		i += vlen;
	}
	return o;
}

/*
 * Records the decoder accepted: their canonical form (@canon, @len) must
 * be what encoding @ctx gives, at the length records_len() promises, and
 * decoding that must give the same encoding again.
 */
static void check_encoding(const struct ksecdd_packed_ctx *ctx,
			   const u8 *canon, size_t len)
{
	static struct ksecdd_packed_ctx again;
	size_t out_len = ksecdd_packed_records_len(ctx);
	u8 *out, *twice;

	CHECK(out_len == len);
	out = malloc(out_len);
	twice = malloc(out_len);
	CHECK(out && twice);
	CHECK(ksecdd_packed_encode_records(ctx, out, out_len) == 0);
	CHECK(memcmp(out, canon, len) == 0);
	CHECK(ksecdd_packed_encode_records(ctx, out, out_len - 1) == -ENOSPC);
	CHECK(ksecdd_packed_encode_records(ctx, out, out_len + 1) == -ENOSPC);

	CHECK(ksecdd_packed_decode_records(ctx->package, out, out_len,
					   &again) == 0);
	CHECK(ksecdd_packed_records_len(&again) == out_len);
	CHECK(ksecdd_packed_encode_records(&again, twice, out_len) == 0);
	CHECK(memcmp(out, twice, out_len) == 0);
	free(twice);
	free(out);
}

/* The record layer on its own, as import reaches it after decryption. */
static void fuzz_records(enum ksecdd_packed_package package,
			 const u8 *buf, size_t len)
{
	static struct ksecdd_packed_ctx ctx;
	size_t canon_len;
	u8 *canon;

	if (ksecdd_packed_decode_records(package, buf, len, &ctx))
		return;
	CHECK(ctx.package == package);
	canon = malloc(len);
	CHECK(canon);
	canon_len = strip(buf, len, canon, COMMON_LAST, state_last(package));
	check_encoding(&ctx, canon, canon_len);
	free(canon);
}

/* A header that parsed is the one put_header() writes for its fields. */
static void check_header(const u8 *buf, size_t len,
			 const struct ksecdd_packed_header *hdr)
{
	u8 again[KSECDD_PACKED_HDR_LEN] = { 0 };
	int package = ksecdd_packed_package_id(hdr->package);

	CHECK(hdr->length == len);
	CHECK(!(hdr->flags & KSECDD_PACKED_SEALED) == !hdr->key_name[0]);
	ksecdd_packed_put_header(again, hdr);
	CHECK(memcmp(again, buf, sizeof(again)) == 0);
	if (package >= 0)
		CHECK(!strcmp(ksecdd_packed_package_name(package),
			      hdr->package));
	else
		CHECK(package == -ENOPKG);
}

/* What ksecdd_packed_decode() must return, from the layers beneath it. */
static int expected_decode(const u8 *buf, size_t len, int hdr_ret,
			   const struct ksecdd_packed_header *hdr)
{
	static struct ksecdd_packed_ctx ctx;
	int package;

	if (hdr_ret)
		return hdr_ret;
	if (hdr->flags & KSECDD_PACKED_SEALED)
		return -EPROTO;
	package = ksecdd_packed_package_id(hdr->package);
	if (package < 0)
		return package;
	return ksecdd_packed_decode_records(package,
					    buf + KSECDD_PACKED_HDR_LEN,
					    len - KSECDD_PACKED_HDR_LEN, &ctx);
}

/*
 * A raw blob that decoded: encoding it again gives the input byte for
 * byte, less unknown records, with ksecdd_packed_len() that long.
 */
static void check_blob(const struct ksecdd_packed_ctx *ctx,
		       const u8 *buf, size_t len)
{
	size_t canon_len, out_len = ksecdd_packed_len(ctx);
	u8 *canon = malloc(len), *out = malloc(out_len);

	CHECK(canon && out);
	memcpy(canon, buf, KSECDD_PACKED_HDR_LEN);
	canon_len = KSECDD_PACKED_HDR_LEN +
		    strip(buf + KSECDD_PACKED_HDR_LEN,
			  len - KSECDD_PACKED_HDR_LEN,
			  canon + KSECDD_PACKED_HDR_LEN, COMMON_LAST,
			  state_last(ctx->package));
	put32(canon + 8, canon_len);
	CHECK(out_len == canon_len);
	CHECK(out_len == KSECDD_PACKED_HDR_LEN + ksecdd_packed_records_len(ctx));
	CHECK(ksecdd_packed_encode(ctx, out, out_len) == 0);
	CHECK(memcmp(out, canon, canon_len) == 0);
	free(out);
	free(canon);
}

static void fuzz_blob(const u8 *buf, size_t len)
{
	static struct ksecdd_packed_ctx ctx;
	struct ksecdd_packed_header hdr;
	int hdr_ret, ret, package;

	hdr_ret = ksecdd_packed_parse_header(buf, len, &hdr);
	CHECK(hdr_ret == 0 || hdr_ret == -EPROTO || hdr_ret == -EOPNOTSUPP);
	/* another version is told apart from a malformed blob, and only it */
	CHECK((hdr_ret == -EOPNOTSUPP) ==
	      (len > 4 && !memcmp(buf, KSECDD_PACKED_MAGIC, 4) &&
	       buf[4] != KSECDD_PACKED_VERSION));
	if (!hdr_ret)
		check_header(buf, len, &hdr);

	ret = ksecdd_packed_decode(buf, len, &ctx);
	CHECK(ret == expected_decode(buf, len, hdr_ret, &hdr));
	if (!ret)
		check_blob(&ctx, buf, len);

	/* A sealed blob's plaintext is exactly as long as its ciphertext. */
	if (!hdr_ret && (hdr.flags & KSECDD_PACKED_SEALED)) {
		package = ksecdd_packed_package_id(hdr.package);
		if (package >= 0)
			fuzz_records(package, buf + KSECDD_PACKED_HDR_LEN,
				     len - KSECDD_PACKED_HDR_LEN -
				     KSECDD_PACKED_TAG_LEN);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	fuzz_blob(data, size);
	if (size >= KSECDD_PACKED_HDR_LEN) {
		fuzz_records(KSECDD_PACKAGE_KERBEROS,
			     data + KSECDD_PACKED_HDR_LEN,
			     size - KSECDD_PACKED_HDR_LEN);
		fuzz_records(KSECDD_PACKAGE_NTLM,
			     data + KSECDD_PACKED_HDR_LEN,
			     size - KSECDD_PACKED_HDR_LEN);
	}
	return 0;
}
